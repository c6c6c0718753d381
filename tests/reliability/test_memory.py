"""What a build keeps in memory: each page's HTML once, no memoized copies of pages already written,
nothing of the last build."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path
from types import SimpleNamespace

import pytest

from plugins.glue import html_as_read, memoized_pages, transform_when_written
from plugins.sitebuild.runner import build
from tests.conftest import ROOT
from tests.reliability.test_generated_posts import POSTS, generated  # noqa: F401 -- the fixture


@pytest.mark.parametrize(("earlier", "expected"), [((), "<H2>ok</H2>"), ((str.strip,), "<H2>ok</H2>")])
def test_transforms_apply_when_the_page_is_written_and_keep_the_html_as_read(earlier, expected):
    post = SimpleNamespace(_content="  <h2>ok</h2>  ")
    if earlier:
        transform_when_written(post, list(earlier))
    transform_when_written(post, [lambda html: html.strip().upper().replace("OK", "ok")])
    assert post._get_content() == expected
    assert html_as_read(post) == "  <h2>ok</h2>  "


def _settings(content, where):
    return {"PATH": str(content), "CACHE_PATH": str(where / "cache"), "CHEATSHEET": {"pdf": False}}


@pytest.mark.build
def test_the_memo_holds_no_page_but_the_one_being_written(generated, tmp_path):  # noqa: F811
    from pelican import signals

    sizes = []

    def written(path, context):
        if "/posts/" in path:
            sizes.append(memoized_pages())

    signals.content_written.connect(written)
    try:
        assert build(ROOT / "pelicanconf.py", overrides=_settings(generated, tmp_path), output=tmp_path / "out").ok
    finally:
        signals.content_written.disconnect(written)
    assert len(sizes) == POSTS
    assert max(sizes) == 1  # Pelican's memo kept every page written so far


@pytest.mark.build
def test_proof_lines_are_filled_as_each_page_is_written_not_into_a_copy(generated, tmp_path):  # noqa: F811
    """A filled copy of every post's HTML beside the reader cache's would be a second copy of the site."""
    from pelican import signals

    from plugins.proof.plugin import SLOT

    kept_as_read = []

    def before_writing(generators):  # after every generator's finalized receivers (fill_proof_lines)
        kept_as_read.extend(SLOT in html_as_read(article) for g in generators for article in getattr(g, "articles", ()))

    signals.all_generators_finalized.connect(before_writing)
    try:
        assert build(ROOT / "pelicanconf.py", overrides=_settings(generated, tmp_path), output=tmp_path / "out").ok
    finally:
        signals.all_generators_finalized.disconnect(before_writing)
    assert len(kept_as_read) == POSTS and all(kept_as_read)
    pages = list((tmp_path / "out" / "posts").rglob("index.html"))
    assert len(pages) == POSTS and not any(SLOT in page.read_text(encoding="utf-8") for page in pages)


@pytest.mark.build
@pytest.mark.parametrize("edited", [False, True], ids=["after a build", "after an edit's fast path"])
def test_the_preview_drops_the_last_build_before_the_next_reads_its_posts(generated, tmp_path, edited):  # noqa: F811
    from pelican import signals

    from plugins.sitebuild.incremental import LastBuild

    content = tmp_path / "content"
    shutil.copytree(generated, content)
    builds = LastBuild(ROOT / "pelicanconf.py", _settings(content, tmp_path), tmp_path / "out")
    assert builds.full().ok
    first = weakref.ref(builds._articles.articles[0])
    if edited:  # the page it writes would stay in Pelican's memo, and that post holds the whole last build
        post = Path(builds._articles.articles[-1].source_path)
        post.write_text(post.read_text(encoding="utf-8") + "\n한 문단 더.\n", encoding="utf-8")
        assert builds.edited(post).result.ok
        assert memoized_pages() == 0  # as after a full build
    alive_when_reading = []

    def reading(generator):  # no collection here: freed by the preview itself, not left as garbage
        alive_when_reading.append(first() is not None)

    signals.article_generator_init.connect(reading)
    gc.disable()  # only the preview's own gc.collect() runs, so garbage left to the collector stays
    try:
        assert builds.full().ok
    finally:
        gc.enable()
        signals.article_generator_init.disconnect(reading)
    assert alive_when_reading == [False]


def test_saving_the_cache_leaves_no_utf8_copy_and_pelican_loads_it(tmp_path):
    """CPython's pickle keeps a UTF-8 copy inside every non-ASCII str it writes; the cache is saved without,
    in Pelican's own format (one pickle of the dict)."""
    import gzip
    import pickle
    import sys

    from plugins.sitebuild.cache_file import save_pickle

    content = "<h2>설치</h2>" + "<p>도커 컨테이너를 실행한다.</p>" * 200  # made here: no other test touched it
    size = sys.getsizeof(content)
    cache = {"/p/a.md": ("stamp", (content, {"title": "첫 글"})), "/p/b.md": ("stamp", ("<p>ascii</p>", {}))}
    save_pickle(cache, str(tmp_path / "cache"), gzip.open)
    assert sys.getsizeof(content) == size  # grows by the UTF-8 bytes when pickle keeps them
    with gzip.open(tmp_path / "cache", "rb") as saved:
        loaded = pickle.load(saved)
    assert loaded == cache and type(loaded["/p/a.md"][1][0]) is str


@pytest.mark.build
@pytest.mark.parametrize("fails", [False, True])
def test_a_build_collects_less_often_and_gives_the_old_thresholds_back(generated, tmp_path, fails):  # noqa: F811
    """The preview builds again and again in one process: its own thresholds must survive each build."""
    from plugins.sitebuild.runner import BUILD_GC_THRESHOLDS

    during = []

    def observe(generators):
        during.append(gc.get_threshold())
        if fails:
            raise RuntimeError("a plugin broke")

    before = gc.get_threshold()
    assert before != BUILD_GC_THRESHOLDS
    result = build(ROOT / "pelicanconf.py", overrides=_settings(generated, tmp_path), output=tmp_path / "out",
                   observe=observe)
    assert result.ok is not fails
    assert during == [BUILD_GC_THRESHOLDS]
    assert gc.get_threshold() == before
