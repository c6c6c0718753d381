"""The preview's fast path: one edited post's page, written alone, is the page a full build writes."""

from __future__ import annotations

import re

import pytest

from plugins.sitebuild.incremental import LastBuild
from plugins.sitebuild.runner import build
from tests.conftest import ROOT
from tests.tasks.site_copy import copy_site

pytestmark = pytest.mark.build

POST = "content/posts/2025-12-05-docker-2.md"
PAGE = "posts/docker-2/index.html"


def _middle_paragraph(text: str) -> str:
    """The post with a new paragraph in its middle, so every later line (and snippet) moves down."""
    lines = text.splitlines(keepends=True)
    at = len(lines) // 2
    while lines[at].strip():
        at += 1
    return "".join(lines[:at]) + "\n중간에 새로 쓴 문단이다. **강조**와 `docker ps` 도 있다.\n" + "".join(lines[at:])


def _new_block(text: str) -> str:
    return text + "\n```bash\necho 미리보기에서-새로-만든-블록\n```\n"


# (edit, the fast path writes the page?, reason when it does not)
EDITS = [
    ("a paragraph in the middle", _middle_paragraph, True, ""),
    ("a new command block", _new_block, True, ""),
    ("the description", lambda t: t.replace("description:", "description: 바뀐 설명.", 1) if "description:" in t
     else t.replace("\ntitle:", "\ndescription: 바뀐 설명.\ntitle:", 1), True, ""),
    ("the title", lambda t: re.sub(r"(?m)^title: .*$", 'title: "[도커-2] 새 제목"', t, count=1), False, "its title changed"),
    ("the date", lambda t: re.sub(r"(?m)^date: .*$", "date: 2025-12-06 12:00:00 +0900", t, count=1), False,
     "its date changed"),
    ("the tags", lambda t: re.sub(r"(?m)^tags: .*$", "tags: [도커, 새태그]", t, count=1), False, "its tags changed"),
]


@pytest.fixture(scope="module")
def kept(tmp_path_factory):
    """A site copy with a full build whose generators are kept."""
    site = copy_site(tmp_path_factory.mktemp("incremental") / "site")
    builds = LastBuild(ROOT / "pelicanconf.py", {"PATH": str(site / "content"), "CACHE_PATH": str(site / "cache")},
                       site / "output")
    assert builds.full().ok
    return site, builds


@pytest.mark.parametrize(("what", "edit", "fast", "reason"), EDITS, ids=[e[0] for e in EDITS])
def test_an_edit_writes_the_page_a_full_build_writes_or_says_why_not(kept, tmp_path, what, edit, fast, reason):
    site, builds = kept
    post = site / POST
    original = post.read_text(encoding="utf-8")
    post.write_text(edit(original), encoding="utf-8")
    try:
        outcome = builds.edited(post)
        if not fast:
            assert outcome.result is None and outcome.reason == reason
            return
        assert outcome.result is not None and outcome.result.ok, outcome.result
        full = build(ROOT / "pelicanconf.py", overrides={"PATH": str(site / "content"), "CACHE_PATH": str(tmp_path / "c")},
                     output=tmp_path / "full")
        assert full.ok, full.problems
        assert (site / "output" / PAGE).read_bytes() == (tmp_path / "full" / PAGE).read_bytes()
    finally:
        post.write_text(original, encoding="utf-8")
        assert builds.edited(post).result.ok  # back to the kept version for the next case


def test_a_broken_edit_names_the_line_and_leaves_the_page(kept):
    site, builds = kept
    post, page = site / POST, site / "output" / PAGE
    original, before = post.read_text(encoding="utf-8"), page.read_bytes()
    post.write_text(original.replace("title:", "title: [도커-2] 따옴표 없음\nx:", 1), encoding="utf-8")
    try:
        result = builds.edited(post).result
        assert result is not None and not result.ok
        assert len(result.problems) == 1 and re.match(rf"{re.escape(POST)}:\d+: chirpy_reader: ", result.problems[0])
        assert page.read_bytes() == before
        assert not list((site).glob(".output.page-*"))  # no scratch folder left behind
    finally:
        post.write_text(original, encoding="utf-8")


@pytest.mark.parametrize(("path", "reason"), [
    ("content/posts/2099-01-01-new.md", "not a published post of the last build"),
    ("content/pages/about.md", "not a published post of the last build"),
    ("theme/templates/base.html", "not a published post of the last build"),
])
def test_anything_but_a_known_post_needs_a_full_build(kept, path, reason):
    site, builds = kept
    target = site / path
    new = not target.exists()
    if new:  # a post the author just started
        target.write_text((site / POST).read_text(encoding="utf-8"), encoding="utf-8")
    try:
        outcome = builds.edited(target)
    finally:
        if new:
            target.unlink()
    assert outcome.result is None and outcome.reason == reason


def test_a_removed_post_needs_a_full_build(kept):
    site, builds = kept
    post = site / POST
    original = post.read_bytes()
    post.unlink()
    try:
        outcome = builds.edited(post)
        assert outcome.result is None and outcome.reason == "the file is gone"
    finally:
        post.write_bytes(original)


def test_nothing_to_start_from_before_a_good_full_build(tmp_path):
    builds = LastBuild(ROOT / "pelicanconf.py", {}, tmp_path / "output")
    assert builds.edited(ROOT / POST).reason == "no full build to start from"


class _Unpicklable:
    def __reduce__(self):
        raise TypeError("cut short")  # pickle.dump fails half-way through the file, as a kill would


def test_a_content_cache_write_cut_short_leaves_the_previous_cache(tmp_path):
    """Pelican writes its content cache in place; a build killed mid-write (the preview cancels its
    background builds) left a truncated pickle that failed every later build with EOFError."""
    import gzip
    import logging
    import pickle

    from plugins.sitebuild.cache_file import save_pickle

    path = tmp_path / "ArticlesGenerator-Readers"
    save_pickle({"a.md": ("stamp", ("<p>a</p>", {}))}, str(path), gzip.open)
    with gzip.open(path, "rb") as saved:
        assert pickle.load(saved) == {"a.md": ("stamp", ("<p>a</p>", {}))}
    before = path.read_bytes()
    logging.getLogger("pelican.cache").disabled = True
    try:
        save_pickle({"a.md": ("stamp", ("<p>a</p>", {})), "b.md": _Unpicklable()}, str(path), gzip.open)
    finally:
        logging.getLogger("pelican.cache").disabled = False
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no partial file left


@pytest.fixture
def saved_caches(monkeypatch) -> list[str]:
    """The paths the build saves a cache to through the atomic writer, in order."""
    import plugins.sitebuild.cache_file

    saved = []
    real = plugins.sitebuild.cache_file.save_pickle
    monkeypatch.setattr(plugins.sitebuild.cache_file, "save_pickle", lambda *args: saved.append(args[1]) or real(*args))
    return saved


def test_the_build_writes_pelicans_cache_through_the_atomic_writer(tmp_path, saved_caches):
    saved = saved_caches
    site = copy_site(tmp_path / "site")
    overrides = {"PATH": str(site / "content"), "CACHE_PATH": str(site / "cache")}
    assert build(ROOT / "pelicanconf.py", overrides=overrides, output=site / "output").ok
    written = list((site / "cache").rglob("ArticlesGenerator-Readers"))
    assert [str(p) for p in written] == [p for p in saved if p.endswith("ArticlesGenerator-Readers")]
    assert not list((site / "cache").rglob(".partial-*"))


def test_an_unchanged_content_cache_is_not_written_again(tmp_path, saved_caches):
    saved = saved_caches
    site = copy_site(tmp_path / "site")
    overrides = {"PATH": str(site / "content"), "CACHE_PATH": str(site / "cache")}
    posts = []
    for edit in (False, False, True, False):  # first build, nothing changed, one post edited, nothing changed
        if edit:
            post = next((site / "content/posts").glob("*.md"))
            post.write_text(post.read_text(encoding="utf-8") + "\n편집한 문단.\n", encoding="utf-8")
        saved.clear()
        assert build(ROOT / "pelicanconf.py", overrides=overrides, output=site / "output").ok
        posts.append(any(p.endswith("ArticlesGenerator-Readers") for p in saved))
    assert posts == [True, False, True, False]
    assert "편집한 문단." in (site / "output/posts").joinpath(post.stem.split("-", 3)[-1], "index.html").read_text(
        encoding="utf-8")


def test_builds_in_one_process_do_not_keep_earlier_builds_alive(tmp_path):
    """Pelican memoizes get_content/get_summary on the class and never forgets; the preview rebuilds in
    one process, so each full build used to keep every post of every earlier build alive."""
    import gc
    import weakref

    from pelican.contents import Content

    site = copy_site(tmp_path / "site")
    builds = LastBuild(ROOT / "pelicanconf.py", {"PATH": str(site / "content"), "CACHE_PATH": str(site / "cache")},
                       site / "output")
    assert builds.full().ok
    first = weakref.ref(builds._articles.articles[0])
    assert builds.full().ok
    gc.collect()
    assert first() is None
    assert Content.__dict__["get_content"].cache == {} and Content.__dict__["get_summary"].cache == {}
