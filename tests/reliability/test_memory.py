"""What a build keeps in memory (issue 10's 1 GiB budget for 5,000 posts): each page's HTML once, no
memoized copies of pages already written, no UTF-8 copies left by pickling, nothing of the last build."""

from __future__ import annotations

import gc
import gzip
import pickle
import sys
import weakref
from types import SimpleNamespace

import pytest
from sitebuild.content import transform_when_written
from sitebuild.content_cache import HEADER, load_cache, save_cache_atomically
from sitebuild.runner import build

from tests.conftest import ROOT
from tests.reliability.test_parallel_read import POSTS, generated  # noqa: F401 -- the fixture

KOREAN_PAGE = "<p>도커 컨테이너를 실행한다.</p>" * 200


def _cacher(tmp_path, cache: dict):
    return SimpleNamespace(_cache_data_policy=True, settings={"CACHE_PATH": str(tmp_path)}, _cache_open=gzip.open,
                           _cache_path=str(tmp_path / "ArticlesGenerator-Readers"), _cache=cache)


def test_saving_the_cache_leaves_no_utf8_copy_and_loads_the_same(tmp_path):
    """CPython's pickle keeps a UTF-8 copy inside every non-ASCII str it writes; the cache is saved without."""
    content = f"<h2>설치</h2>{KOREAN_PAGE}"  # made here, so no other test touched it
    size = sys.getsizeof(content)
    cacher = _cacher(tmp_path, {"/p/a.md": ("stamp", (content, {"title": "첫 글"})), "/p/b.md": ("stamp", ("<p>ascii</p>", {}))})
    save_cache_atomically(cacher)
    assert sys.getsizeof(content) == size  # grows by the UTF-8 bytes when pickle keeps them
    loaded = load_cache(gzip.open, cacher._cache_path)
    assert loaded == cacher._cache
    assert type(loaded["/p/a.md"][1][0]) is str


def test_the_cache_file_is_a_pickle_per_post_and_pelicans_own_format_still_loads(tmp_path):
    cache = {f"/p/{i}.md": ("stamp", (f"<p>{i} 번째 글</p>", {"title": str(i)})) for i in range(3)}
    cacher = _cacher(tmp_path, cache)
    save_cache_atomically(cacher)
    with gzip.open(cacher._cache_path, "rb") as saved:
        assert pickle.load(saved) == HEADER
        assert [pickle.load(saved)[0] for _ in cache] == list(cache)
    with gzip.open(cacher._cache_path, "wb") as pelicans:  # as Pelican writes it: one pickle of the dict
        pickle.dump(cache, pelicans)
    assert load_cache(gzip.open, cacher._cache_path) == cache


@pytest.mark.parametrize("damage", [b"", b"not a pickle", "truncated"])
def test_an_unreadable_cache_file_is_an_empty_cache(tmp_path, damage):
    cacher = _cacher(tmp_path, {"/p/a.md": ("stamp", (KOREAN_PAGE, {}))})
    save_cache_atomically(cacher)
    with gzip.open(cacher._cache_path, "rb") as saved:
        whole = saved.read()
    with gzip.open(cacher._cache_path, "wb") as broken:
        broken.write(whole[:-20] if damage == "truncated" else damage)
    assert load_cache(gzip.open, cacher._cache_path) == {}


@pytest.mark.parametrize(("earlier", "expected"), [((), "<H2>ok</H2>"), ((str.strip,), "<H2>ok</H2>")])
def test_transforms_apply_when_the_page_is_written_and_keep_the_html_as_read(earlier, expected):
    post = SimpleNamespace(_content="  <h2>ok</h2>  ")
    for transform in earlier:
        transform_when_written(post, transform)
    transform_when_written(post, lambda html: html.strip().upper().replace("OK", "ok"))
    assert post._get_content() == expected
    assert post._content == "  <h2>ok</h2>  "


def _settings(content, where):
    return {"PATH": str(content), "CACHE_PATH": str(where / "cache"), "CHEATSHEET": {"pdf": False}}


@pytest.mark.build
def test_the_memo_holds_no_page_but_the_one_being_written(generated, tmp_path):  # noqa: F811
    from pelican import signals
    from pelican.contents import Content

    memo = Content.__dict__["get_content"].cache
    sizes = []

    def written(path, context):
        if "/posts/" in path:
            sizes.append(len(memo))

    signals.content_written.connect(written)
    try:
        assert build(ROOT / "pelicanconf.py", overrides=_settings(generated, tmp_path), output=tmp_path / "out").ok
    finally:
        signals.content_written.disconnect(written)
    assert len(sizes) == POSTS
    assert max(sizes) == 1  # Pelican's memo kept every page written so far


@pytest.mark.build
def test_the_preview_drops_the_last_build_before_the_next_reads_its_posts(generated, tmp_path):  # noqa: F811
    from pelican import signals
    from sitebuild.incremental import LastBuild

    builds = LastBuild(ROOT / "pelicanconf.py", _settings(generated, tmp_path), tmp_path / "out")
    assert builds.full().ok
    first = weakref.ref(builds._articles.articles[0])
    alive_when_reading = []

    def reading(generator):
        gc.collect()
        alive_when_reading.append(first() is not None)

    signals.article_generator_init.connect(reading)
    try:
        assert builds.full().ok
    finally:
        signals.article_generator_init.disconnect(reading)
    assert alive_when_reading == [False]


@pytest.mark.build
def test_each_post_url_is_worked_out_once_and_is_pelicans(generated, tmp_path):  # noqa: F811
    """sitebuild.urls pins every article's URL (Pelican formats it again on each of ~35 reads a post)."""
    from sitebuild.incremental import LastBuild

    builds = LastBuild(ROOT / "pelicanconf.py", _settings(generated, tmp_path), tmp_path / "out")
    assert builds.full().ok
    articles = builds._articles.articles
    assert len(articles) == POSTS
    for article in articles:
        assert article.override_url == article._expand_settings("url") == f"posts/{article.slug}/"
        assert (tmp_path / "out" / article.url / "index.html").is_file()
