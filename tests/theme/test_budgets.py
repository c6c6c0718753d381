"""The budgets command's pure parts: page weight and how a measure passes."""

from __future__ import annotations

import pytest

from budgets.model import Measure, failed
from budgets.weight import local_path, page_weight


@pytest.mark.parametrize("url, siteurl, expected", [
    ("/theme/css/a.css", "", "theme/css/a.css"),
    ("http://127.0.0.1:8000/theme/js/b.js", "http://127.0.0.1:8000", "theme/js/b.js"),
    ("https://example.github.io/blog/theme/x.css", "https://example.github.io/blog", "theme/x.css"),
    ("/blog/theme/x.css", "https://example.github.io/blog", "theme/x.css"),
    ("https://cdn.example.com/x.js", "https://example.github.io/blog", None),
])
def test_local_path(tmp_path, url, siteurl, expected):
    found = local_path(url, tmp_path, siteurl)
    assert (None if found is None else str(found.relative_to(tmp_path))) == expected


def test_page_weight_counts_linked_css_and_js(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "index.html").write_text(
        '<link rel="stylesheet" href="/s.css"><script src="/a.js" defer></script>'
        '<script src="https://cdn.example/x.js"></script><link rel="icon" href="/i.svg">', encoding="utf-8")
    (tmp_path / "s.css").write_text("a{}" * 100)
    (tmp_path / "a.js").write_text("x")
    found = page_weight(tmp_path, "p/", "")
    assert [(r.kind, r.path) for r in found] == [("html", "p/"), ("css", "s.css"), ("js", "a.js"),
                                                  ("js", "https://cdn.example/x.js")]
    assert found[1].raw == 300 and 0 < found[1].gzipped < 300
    assert found[3].gzipped == -1


@pytest.mark.parametrize("measure, status", [
    (Measure("size", 14.3, 60), "PASS"),
    (Measure("size", 61, 60), "FAIL"),
    (Measure("score", 95, 95, at_most=False), "PASS"),
    (Measure("score", 94, 95, at_most=False), "FAIL"),
    (Measure("lighthouse", None, 1), "FAIL"),
    (Measure("fonts", 3.2, None), "INFO"),
])
def test_measure_status(measure, status):
    assert measure.status == status
    assert (measure in failed([measure])) == (status == "FAIL")
