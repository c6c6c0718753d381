"""Preview.rebuild records each build's outcome and reports it; the error page escapes what it shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from workflow.background import Finished
from workflow.preview import Preview, error_page


@dataclass(frozen=True)
class FakeResult:
    ok: bool
    problems: tuple[str, ...] = ()


def crash():
    raise RuntimeError("plugin bug")


@pytest.mark.parametrize(("build", "ok", "problems", "out_line", "err_last"), [
    (lambda: FakeResult(True), True, (), r"preview: rebuilt in \d+\.\d\d s after content/posts/a.md changed", None),
    (lambda: FakeResult(False, ("content/posts/a.md:3: chirpy_reader: bad; fix",)), False,
     ("content/posts/a.md:3: chirpy_reader: bad; fix",), None, r"preview: build failed in \d+\.\d\d s after"),
    (crash, False, ("internal error: RuntimeError: plugin bug",), None, r"preview: build failed"),
])
def test_rebuild_records_and_reports(tmp_path, build, ok, problems, out_line, err_last):
    import re

    out, err = [], []
    preview = Preview(build=build, output=tmp_path, port=1, root=tmp_path, out=out.append, err=err.append)
    state = preview.rebuild(preview.shown(str(tmp_path / "content/posts/a.md")))
    assert (state.ok, state.problems, state.builds) == (ok, problems, 1)
    if out_line:
        assert len(out) == 1 and re.fullmatch(out_line, out[0])
    else:
        assert out == [] and err[:-1] == list(problems) and re.match(err_last, err[-1])


def test_a_good_build_clears_the_error():
    results = iter([FakeResult(False, ("x.md:1: p: bad",)), FakeResult(True)])
    preview = Preview(build=lambda: next(results), output=Path("."), port=1, out=lambda _: None, err=lambda _: None)
    assert not preview.rebuild().ok
    assert preview.rebuild().ok and preview.state.problems == ()


def test_error_page_escapes_the_problems():
    page = error_page(("a.md:1: p: <script>alert(1)</script> & more",), 0.5)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "</head>" in page  # where the live reload script goes


@dataclass(frozen=True)
class FakeFast:
    result: FakeResult | None
    reason: str = ""


@dataclass
class FakeBackground:
    """Stands in for workflow.background.BackgroundBuild: records calls, ends when told."""

    calls: list
    outcome: object = None

    def start(self):
        self.calls.append("start")

    def cancel(self):
        self.calls.append("cancel")

    def finished(self):
        done, self.outcome = self.outcome, None
        return done


# (fast path answer, full build answer, what ran in order, ok, the line said)
FAST_CASES = [
    (FakeFast(FakeResult(True)), FakeResult(True), ["cancel", "fast", "start"], True,
     r"preview: rebuilt in \d+\.\d\d s after a.md changed \(its page; the rest of the site follows in the background\)"),
    (FakeFast(None, "its title changed"), FakeResult(True), ["cancel", "fast", "full"], True,
     r"preview: rebuilt in \d+\.\d\d s after a.md changed"),
    (FakeFast(FakeResult(False, ("a.md:2: p: bad",))), FakeResult(True), ["cancel", "fast"], False,
     r"preview: build failed in \d+\.\d\d s after a.md changed; .*"),
]


@pytest.mark.parametrize(("fast", "full", "ran", "ok", "line"), FAST_CASES)
def test_one_edited_post_takes_the_fast_path_when_it_can(tmp_path, fast, full, ran, ok, line):
    import re

    calls, out, err = [], [], []
    background = FakeBackground(calls)

    def fast_path(path):
        calls.append("fast")
        assert path == "/site/content/posts/a.md"
        return fast

    def full_build():
        calls.append("full")
        return full

    preview = Preview(build=full_build, fast=fast_path, background=background, output=tmp_path, port=1,
                      out=out.append, err=err.append)
    state = preview.rebuild("a.md", "/site/content/posts/a.md")
    assert calls == ran and state.ok is ok
    assert re.fullmatch(line, (out or err)[-1])


@pytest.mark.parametrize(("outcome", "ok", "reloads", "line"), [
    (None, True, 0, None),
    (Finished(True, (), 3.5), True, 0, "preview: the rest of the site rebuilt in 3.50 s"),
    (Finished(False, ("a.md:1: cheatsheet: bad",), 2.0), False, 1,
     "preview: the background build failed in 2.00 s; the browser shows the error until it is fixed"),
])
def test_the_background_build_is_recorded_once_it_ends(tmp_path, outcome, ok, reloads, line):
    out, err, reloaded = [], [], []
    preview = Preview(build=lambda: FakeResult(True), background=FakeBackground([], outcome), output=tmp_path,
                      port=1, out=out.append, err=err.append)
    recorded = preview.poll_background(lambda: reloaded.append(1))
    assert (recorded is None) == (outcome is None)
    assert preview.state.ok is ok and len(reloaded) == reloads
    assert (out + err)[-1:] == ([line] if line else [])
