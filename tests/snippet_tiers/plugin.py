"""pytest glue for the snippet tiers: one item per snippet, the live engine, the summary.

Follows pytest's non-Python-file example: `snippet-posts.toml` (listing post globs) or a post given
on the command line is a File node; each post is a collector with one SnippetItem per snippet, named
`content/posts/X.md:42 [name]` and marked with its tier.
"""

from __future__ import annotations

import os
import time
import tomllib
from pathlib import Path

import pytest

from plugins.sitebuild.errors import PostError
from plugins.snippets.model import Snippet
from tests.engine.session import EngineUnavailable
from tests.snippet_tiers import outputs_file, proof_record
from tests.snippet_tiers.findings import SnippetFailed
from tests.snippet_tiers.posts import PostSnippets, load_post
from tests.snippet_tiers.run_state import ENGINE_SKIP_PREFIX, TIER_ORDER, Row, SnippetRun
from tests.snippet_tiers.sandbox import check_sandbox
from tests.snippet_tiers.static import check_static

ANCHOR = "snippet-posts.toml"
RUN_KEY = pytest.StashKey[SnippetRun]()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def pytest_addoption(parser):
    group = parser.getgroup("snippets", "tested snippets")
    group.addoption("--snippet-tier", choices=TIER_ORDER, default="live",
                    help="highest tier to run (static: lint only; sandbox: no engine; live: everything)")
    group.addoption("--update-outputs", action="store_true",
                    help="write the real output of live console blocks back into the posts")
    group.addoption("--proof-record", default=None, metavar="PATH",
                    help="proof file to merge this run's results into (default: the proof_record ini value; "
                         "'' writes none)")
    group.addoption("--capture-outputs", default=None, metavar="PATH",
                    help="write what every live command printed to PATH (JSON, for the drift report)")
    parser.addini("proof_record", "proof file the snippet tiers update (relative to the ini file)", default="")


def proof_path(config) -> Path | None:
    given = config.getoption("proof_record", None)
    if given is None:
        given = config.getini("proof_record")
        base = config.inipath.parent if config.inipath else config.rootpath
    else:
        base = Path.cwd()
    return (base / given).resolve() if given else None


def pytest_configure(config):
    config.stash[RUN_KEY] = SnippetRun(config.getoption("snippet_tier", "live"),
                                       config.getoption("update_outputs", False))


def pytest_collect_file(file_path: Path, parent):
    if file_path.name == ANCHOR:
        return SnippetPosts.from_parent(parent, path=file_path)
    if file_path.suffix == ".md" and parent.session.isinitpath(file_path):
        return PostFile.from_parent(parent, path=file_path)
    return None


class SnippetPosts(pytest.File):
    """`posts = ["../../content/posts/*.md"]`: globs relative to this file."""

    def collect(self):
        try:
            globs = tomllib.loads(self.path.read_text())["posts"]
        except (tomllib.TOMLDecodeError, KeyError) as error:
            raise self.CollectError(f"{self.path}: needs posts = [\"glob\", ...] ({error})") from None
        for pattern in globs:
            for path in sorted(self.path.parent.glob(pattern)):
                yield PostFile.from_parent(self, path=path.resolve())


class PostFile(pytest.File):
    def collect(self):
        try:
            post = load_post(self.path, self.config.rootpath)
        except PostError as error:
            raise self.CollectError(str(error)) from None
        self.config.stash[RUN_KEY].posts_read[post.source] = {s.name for s in post.snippets}
        for snippet in post.snippets:
            name = f"{post.source}:{snippet.line} [{snippet.name}]"
            item = SnippetItem.from_parent(self, name=name, nodeid=name, post=post, snippet=snippet)
            item.add_marker(snippet.tier)
            yield item


class SnippetItem(pytest.Item):
    def __init__(self, *, post: PostSnippets, snippet: Snippet, **kwargs):
        super().__init__(**kwargs)
        self.post = post
        self.snippet = snippet
        self.seconds = 0.0
        self.proven: str | None = None  # the highest tier whose checks passed in this run

    @property
    def run_state(self) -> SnippetRun:
        return self.config.stash[RUN_KEY]

    def runtest(self):
        snippet, state = self.snippet, self.run_state
        if snippet.annotation.skip:
            pytest.skip(f"annotated skip: {snippet.annotation.skip}")
        started = time.monotonic()
        try:
            check_static(snippet, self._earlier_files())
            self.proven = "static"
            tier = snippet.tier
            if tier == "static":
                return
            if not state.runs_tier(tier):
                pytest.skip(f"{tier} tier not requested (--snippet-tier={state.max_tier}); static checks passed")
            if tier == "sandbox":
                check_sandbox(snippet)
                self.proven = "sandbox"
            elif tier == "live":
                try:
                    session = state.session_for(self.post)
                except EngineUnavailable as reason:
                    pytest.skip(f"{ENGINE_SKIP_PREFIX}{reason}")
                session.run_up_to(snippet)
                self.proven = "live"
        finally:
            self.seconds = time.monotonic() - started

    def _earlier_files(self) -> dict[str, str]:
        return {s.filename: s.body for s in self.post.snippets
                if s.index < self.snippet.index and not s.is_script and s.filename}

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, SnippetFailed):
            lines = self.post.path.read_text(encoding="utf-8").split("\n")
            return excinfo.value.render(self.post.source, lines)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.post.path, self.snippet.line - 1, f"{self.post.source}:{self.snippet.line} [{self.snippet.name}]"


def pytest_runtest_teardown(item, nextitem):
    """Close a post's live session (clean up, release the engine's lock) once its last selected item
    ran: a later test of the same pytest session (tests/harness) may need the engine to itself."""
    if isinstance(item, SnippetItem) and not (isinstance(nextitem, SnippetItem)
                                             and nextitem.post.source == item.post.source):
        item.run_state.close_post(item.post.source)


# -- the engine for ordinary tests ------------------------------------------------------------------


@pytest.fixture(scope="session")
def docker_engine(request):
    """The project's own Docker engine, started for this session when possible (and stopped after)."""
    try:
        return request.config.stash[RUN_KEY].get_engine()
    except EngineUnavailable as reason:
        if in_ci():
            pytest.fail(f"live tier is mandatory in CI, but {reason}", pytrace=False)
        pytest.skip(f"{ENGINE_SKIP_PREFIX}{reason}")


# -- reporting --------------------------------------------------------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    reason = report.longrepr[2] if report.skipped and isinstance(report.longrepr, tuple) else ""
    if report.skipped and in_ci() and item.get_closest_marker("live") is not None and ENGINE_SKIP_PREFIX in reason:
        report.outcome = "failed"
        report.longrepr = f"live items may not skip in CI (CI=true): {reason}"
    failed_tier = None
    if report.failed and call.excinfo is not None and isinstance(call.excinfo.value, SnippetFailed):
        failed_tier = call.excinfo.value.tier
        reason = f"[{call.excinfo.value.tier}] {call.excinfo.value.summary}"
    if isinstance(item, SnippetItem) and (report.when == "call" or report.outcome != "passed"):
        state = item.run_state
        state.rows.append(Row(item.post.source, item.snippet.line, item.snippet.name,
                              item.snippet.tier, report.outcome,
                              reason.removeprefix("Skipped: "), item.seconds))
        versions = state.engine.versions if state.engine is not None else None
        entry = proof_record.entry_for(item.snippet, report.outcome, item.proven, failed_tier,
                                       reason.removeprefix("Skipped: "), proof_record.engine_of(versions),
                                       proof_record.today(item.config.rootpath), item.post.snippets[:item.snippet.index - 1])
        if entry is not None:
            state.proofs[entry.key] = entry


def pytest_sessionfinish(session):
    state = session.config.stash.get(RUN_KEY, None)
    if state is None:
        return
    for source in list(state.sessions):
        state.close_post(source)
    if state.update_outputs:
        for source, post_session in state.sessions.items():
            changed = outputs_file.write_outputs(post_session.post, post_session.outputs)
            if changed:
                print(f"\nsnippets: wrote {changed} real output block(s) into {source}")
    state.live_seconds = sum(s.seconds for s in state.sessions.values())
    state.finish()
    capture = session.config.getoption("capture_outputs", None)
    if capture:
        from tests.drift.captured import captured_text, from_sessions

        Path(capture).parent.mkdir(parents=True, exist_ok=True)
        Path(capture).write_text(captured_text(from_sessions(state.sessions)), encoding="utf-8")
    path = proof_path(session.config)
    if path is not None and state.proofs:
        state.proof_written = (path, proof_record.write_record(path, list(state.proofs.values()), state.posts_read,
                                                               session.config.rootpath))


def pytest_terminal_summary(terminalreporter, config):
    state = config.stash.get(RUN_KEY, None)
    if state is None or not state.rows:
        return
    write = terminalreporter.write_line
    terminalreporter.section("snippet tiers")
    width = max(len(f"{r.source}:{r.line} [{r.name}]") for r in state.rows)
    for row in state.rows:
        label = f"{row.source}:{row.line} [{row.name}]"
        tail = f"  {row.reason}" if row.reason else (f"  {row.seconds:.1f} s" if row.seconds >= 0.05 else "")
        write(f"{label:<{width}}  {row.tier:<7}  {row.outcome:<7}{tail}")
    counts = {o: sum(r.outcome == o for r in state.rows) for o in ("passed", "failed", "skipped")}
    tiers = {t: sum(r.tier == t for r in state.rows) for t in TIER_ORDER}
    write(f"snippets: {len(state.rows)} ({', '.join(f'{t} {n}' for t, n in tiers.items())}): "
          f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
    live_rows = [r for r in state.rows if r.tier == "live" and r.outcome != "skipped"]
    if live_rows or state.engine is not None:
        engine = f"; engine ready in {state.engine.seconds:.1f} s" if state.engine else ""
        write(f"live tier: {len(live_rows)} blocks run in {state.live_seconds:.1f} s{engine}")
        if state.engine is not None and state.engine.versions is not None:
            write(f"live tier engine: {state.engine.versions.describe()}")
    elif state.engine_error:
        write(f"live tier: not run ({state.engine_error})")
    for problem in state.cleanup_problems:
        write(f"cleanup problem: {problem}")
    if state.proof_written is not None:
        path, count = state.proof_written
        write(f"proof record: {len(state.proofs)} snippet(s) of this run merged into {path} ({count} entries)")
