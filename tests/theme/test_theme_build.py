"""The built site under a sub-path SITEURL: every address, the CSP, cards, series, feeds, sitemap, 404."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import DOCKER_POSTS

pytestmark = pytest.mark.build
SITE = "https://example.github.io/blog"
URL_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
             ("video", "poster"), ("track", "src"), ("form", "action")}
THEME_META = {"og:image", "og:url", "twitter:image"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, dict]] = []
        self.meta: dict[str, str] = {}
        self.inline_scripts = 0
        self.csp = None
        self.lang = None
        self._content_depth = 0  # >0 inside the post's own HTML (the author's links are not the theme's)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and (self._content_depth or "post-content" in (a.get("class") or "").split()):
            self._content_depth += 1
        if tag == "html":
            self.lang = a.get("lang")
        for name, value in attrs:
            if (tag, name) in URL_ATTRS and value is not None:
                self.urls.append((tag, value, {**a, "in_content": bool(self._content_depth)}))
        if tag == "script" and not a.get("src"):
            self.inline_scripts += 1
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a.get("content", "")
            if a.get("http-equiv") == "Content-Security-Policy":
                self.csp = a.get("content")
        if tag == "link" and a.get("rel") == "canonical":
            self.meta["canonical"] = a.get("href", "")

    def handle_endtag(self, tag):
        if tag == "div" and self._content_depth:
            self._content_depth -= 1


def _theme_pages(site: Path) -> list[Path]:
    """Pages the theme writes (snippet files and the cheat sheet's downloads are not pages)."""
    return [p for p in sorted(site.rglob("*.html")) if not p.relative_to(site).parts[0] in ("snippets", "pagefind")]


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _exists(site: Path, url: str) -> bool:
    path = unquote(urlsplit(url).path)[len(urlsplit(SITE).path):].lstrip("/")
    target = site / path
    return target.is_file() or (target / "index.html").is_file()


@pytest.fixture(scope="module")
def indexed_subpath(built_site_subpath):
    """The sub-path build with its search index, as publishconf.py makes it."""
    from plugins.site_search.pagefind import build_index

    assert build_index(built_site_subpath, "pagefind").ok
    return built_site_subpath


def test_every_address_is_under_the_sub_path_and_exists(indexed_subpath):
    site = indexed_subpath
    problems = []
    for path in _theme_pages(site):
        page = _parse(path)
        shown = path.relative_to(site)
        for tag, url, attrs in page.urls:
            if url.startswith(("#", "mailto:", "data:")):
                continue
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and not url.startswith(SITE + "/") and url != SITE:
                if tag == "a" and "noopener" not in (attrs.get("rel") or "").split():
                    problems.append(f"{shown}: external link without rel=noopener: {url}")
                continue
            if not url.startswith(SITE) and attrs["in_content"] and url.startswith("/"):
                continue  # a link the author wrote in the post (/posts/docker-1/): the reader's to rewrite
            if not url.startswith(SITE):
                problems.append(f"{shown}: {tag} {url} is not under {SITE}")
            elif not _exists(site, url):
                problems.append(f"{shown}: {tag} {url} does not exist in the output")
        for key in THEME_META:
            if key in page.meta and not page.meta[key].startswith(SITE + "/"):
                problems.append(f"{shown}: {key} {page.meta[key]} is not under {SITE}")
    assert not problems, "\n".join(problems[:30])


def test_csp_without_inline_scripts_on_every_page(built_site_subpath):
    problems = []
    for path in _theme_pages(built_site_subpath):
        page = _parse(path)
        shown = path.relative_to(built_site_subpath)
        if page.lang != "ko":
            problems.append(f"{shown}: <html lang> is {page.lang!r}")
        if page.csp is None:
            problems.append(f"{shown}: no Content-Security-Policy meta")
            continue
        script_src = re.search(r"script-src ([^;]*)", page.csp).group(1)
        if "'unsafe-inline'" in script_src or page.inline_scripts:
            problems.append(f"{shown}: inline scripts allowed or present ({script_src}; {page.inline_scripts})")
    assert not problems, "\n".join(problems)


def test_post_page_cards_and_parts(built_site_subpath):
    html = (built_site_subpath / "posts" / "docker-1" / "index.html").read_text(encoding="utf-8")
    page = _parse(built_site_subpath / "posts" / "docker-1" / "index.html")
    assert page.meta["canonical"] == f"{SITE}/posts/docker-1/"
    assert page.meta["og:url"] == f"{SITE}/posts/docker-1/"
    assert page.meta["og:type"] == "article"
    assert page.meta["og:title"] == "[도커-1] 도커란 무엇인가?"
    assert page.meta["og:image"] == f"{SITE}/og-default.png"
    assert page.meta["twitter:card"] == "summary_large_image"
    assert page.meta["description"].startswith("처음 일을 시작할때는 개발자는 코드만")
    assert '<time datetime="2025-11-28T12:00:00+09:00">2025년 11월 28일</time>' in html
    assert re.search(r'<span class="post-reading">\d+분 분량</span>', html)
    assert f'<span class="series-count">1/{DOCKER_POSTS}</span>' in html
    assert '<span aria-current="page">도커란 무엇인가?</span>' in html
    assert f'<a class="series-next" href="{SITE}/posts/docker-2/">' in html
    assert '<details class="toc" id="toc">' in html and 'href="#도커의-핵심-개념"' in html
    assert '<h2 id="도커의-핵심-개념">' in html  # ### in the post is the page's second level
    assert f'<a class="post-nav-next" href="{SITE}/posts/docker-2/">' in html


def test_series_pages_and_listing(built_site_subpath):
    series = (built_site_subpath / "series" / "도커" / "index.html").read_text(encoding="utf-8")
    listing = series.split('<ol class="series-page-list">', 1)[1].split("</ol>", 1)[0]
    assert listing.count("<li>") == DOCKER_POSTS
    assert series.index("도커란 무엇인가?") < series.index("도커 컴포즈")
    assert f'href="{SITE}/series/도커/"' in (built_site_subpath / "series" / "index.html").read_text(encoding="utf-8")


def test_search_page_without_index_in_local_builds(built_site):
    """pelicanconf.py writes the search page but leaves Pagefind to publishconf.py and `invoke search-index`."""
    assert (built_site / "search" / "index.html").is_file()


def test_site_files(built_site_subpath):
    site = built_site_subpath
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("", "posts/docker-1/", "about/", "series/도커/", "tags/도커/", "categories/docker/"):
        assert f"<loc>{SITE}/{url}</loc>" in sitemap or f"<loc>{SITE}/{url}</loc><lastmod>" in sitemap
    assert "404" not in sitemap
    assert (site / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {SITE}/sitemap.xml\n")
    feed = (site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert f'href="{SITE}/posts/docker-1/"' in feed
    assert (site / "og-default.png").read_bytes()[:4] == b"\x89PNG"
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert f'<link rel="stylesheet" href="{SITE}/theme/css/site.' in not_found and "canonical" not in not_found


def test_home_lists_posts_newest_first(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'<h2 class="post-card-title"><a href="[^"]+">([^<]+)</a>', html)
    assert titles[0].startswith(f"[도커-{DOCKER_POSTS}]") and titles[-1].startswith("[도커-1]")
