"""The engine's one error type."""


class EngineError(RuntimeError):
    """The engine cannot be started or used; the message says why and what to do."""
