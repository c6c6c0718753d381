"""The state of one pytest session's snippet run: options, the engine, post sessions, results."""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.engine.session import EngineUnavailable, LiveEngine, close_engine, open_engine
from tests.snippet_tiers.live import PostSession
from tests.snippet_tiers.posts import PostSnippets

TIER_ORDER = ("static", "sandbox", "live")
ENGINE_SKIP_PREFIX = "live engine unavailable: "


@dataclass
class Row:
    source: str
    line: int
    name: str
    tier: str
    outcome: str  # passed | failed | skipped
    reason: str = ""
    seconds: float = 0.0


@dataclass
class SnippetRun:
    """Created at pytest_configure, finished at pytest_sessionfinish; never shared between sessions."""

    max_tier: str = "live"
    update_outputs: bool = False
    engine: LiveEngine | None = None
    engine_error: str | None = None
    sessions: dict[str, PostSession] = field(default_factory=dict)
    current: str | None = None
    rows: list[Row] = field(default_factory=list)
    cleanup_problems: list[str] = field(default_factory=list)
    scratch: Path | None = None
    live_started: float | None = None
    live_seconds: float = 0.0
    posts_read: dict[str, set[str]] = field(default_factory=dict)  # post -> its snippets' names now
    proofs: dict = field(default_factory=dict)  # (post, name) -> proof.model.ProofEntry of this run
    proof_written: tuple[Path, int] | None = None  # the proof file and its entry count, once written

    def runs_tier(self, tier: str) -> bool:
        return TIER_ORDER.index(tier) <= TIER_ORDER.index(self.max_tier)

    def get_engine(self) -> LiveEngine:
        """The engine, opened on first use; raises EngineUnavailable with the reason."""
        if self.engine is None and self.engine_error is None:
            try:
                self.engine = open_engine(lambda m: print(f"engine: {m}", file=sys.stderr, flush=True))
            except EngineUnavailable as error:
                self.engine_error = str(error)
        if self.engine is None:
            raise EngineUnavailable(self.engine_error)
        return self.engine

    def session_for(self, post: PostSnippets) -> PostSession:
        if self.current is not None and self.current != post.source:
            self.close_post(self.current)
        if post.source not in self.sessions:
            if self.scratch is None:
                self.scratch = Path(tempfile.mkdtemp(prefix="snippet-live-"))
            folder = self.scratch / post.slug
            self.sessions[post.source] = PostSession(post, self.get_engine(), folder,
                                                     update_outputs=self.update_outputs)
        self.current = post.source
        if self.live_started is None:
            self.live_started = time.monotonic()
        return self.sessions[post.source]

    def close_post(self, source: str) -> None:
        session = self.sessions.get(source)
        if session is not None and session.before is not None:
            self.cleanup_problems += [f"{source}: {p}" for p in session.close()]
        if self.current == source:
            self.current = None

    def finish(self) -> None:
        for source in list(self.sessions):
            self.close_post(source)
        if self.engine is not None:
            close_engine(self.engine)
        if self.scratch is not None:
            import shutil

            shutil.rmtree(self.scratch, ignore_errors=True)
