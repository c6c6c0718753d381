"""Preview.rebuild records each build's outcome and reports it; the error page escapes what it shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

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
