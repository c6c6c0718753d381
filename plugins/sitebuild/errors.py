"""The one error type every plugin raises for broken input, formatted `file:line: plugin: what; fix`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourcePos:
    """Where something came from: a path as the author sees it and a 1-based line (None: whole file)."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class PostError(Exception):
    """Broken input in a post or its media. The build stops and prints exactly str(error).

    Every plugin raises this (or a subclass) for problems the author has to fix; anything
    else escaping a plugin is a bug in the plugin.
    """

    def __init__(self, pos: SourcePos | str, plugin: str, message: str, hint: str = ""):
        self.pos = pos if isinstance(pos, SourcePos) else SourcePos(pos)
        self.plugin = plugin
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.pos}: {self.plugin}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text

    def __reduce__(self):  # picklable for Pelican's cache and multiprocessing
        return (type(self), (self.pos, self.plugin, self.message, self.hint))


def problem_text(err: BaseException) -> str:
    """What a build reports for an exception that stopped it: a PostError as the author should read it;
    anything else is a plugin bug, said so, with its trace (call inside the `except` block)."""
    import traceback

    if isinstance(err, PostError):
        return str(err)
    return f"internal error: {type(err).__name__}: {err}\n{traceback.format_exc()}"
