"""The pure parts of site_meta: reading time, summary, heading levels, link rel, sitemap, robots, CSS bundle, card."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from plugins.site_meta.css_bundle import bundle, squeeze
from plugins.site_meta.links import mark_external_links
from plugins.site_meta.neighbors import link_neighbors
from plugins.site_meta.og_image import font_subsets, parse_ranges, render_card
from plugins.site_meta.outline import normalize_headings
from plugins.site_meta.reading import plain_summary, reading_minutes
from plugins.site_meta.settings import SiteMetaSettingsError, read_settings
from plugins.site_meta.sitemap import SitemapEntry, robots_txt, sitemap_xml

SITE = "https://example.github.io/blog"


@pytest.mark.parametrize("html, minutes", [
    ("<p>" + "가" * 500 + "</p>", 1),
    ("<p>" + "가 " * 1500 + "</p>", 3),  # spaces are not counted
    ("<p>" + "가" * 2600 + "</p>", 5),
    ("<p>짧다</p>", 1),
    ("<p>" + "가" * 500 + "</p><pre><code>" + "x" * 100000 + "</code></pre>", 1),  # code is not prose
])
def test_reading_minutes(html, minutes):
    assert reading_minutes(html, 500) == minutes


@pytest.mark.parametrize("html, summary", [
    ('<figure><img alt="x"><figcaption>그림</figcaption></figure><p><a href="/">지난 글</a>에서 봤다.</p>', "지난 글에서 봤다."),
    ("<blockquote><p>질문?</p></blockquote><p>답이다.<br/>둘째 줄.</p>", "답이다. 둘째 줄."),
    ("<h2>제목</h2><p>본문 &amp; 기호</p><pre>code</pre>", "본문 & 기호"),
    ("<p>" + "가나다 " * 60 + "</p>", ("가나다 " * 37).strip() + "…"),
])
def test_plain_summary(html, summary):
    assert plain_summary(html, 150) == summary


@pytest.mark.parametrize("html, expected", [
    ("<h3 id=a>A</h3><h4>B</h4>", "<h2 id=a>A</h2><h3>B</h3>"),
    ("<h2>A</h2><h3>B</h3>", "<h2>A</h2><h3>B</h3>"),
    ("<h1>A</h1><h2>B</h2>", "<h2>A</h2><h3>B</h3>"),
    ("<p>none</p>", "<p>none</p>"),
    ("<h3>A</h3><pre>&lt;h3&gt;code&lt;/h3&gt;</pre>", "<h2>A</h2><pre>&lt;h3&gt;code&lt;/h3&gt;</pre>"),
    ("<h4>A</h4><h6>B</h6>", "<h2>A</h2><h4>B</h4>"),
])
def test_normalize_headings(html, expected):
    assert normalize_headings(html) == expected


@pytest.mark.parametrize("html, expected", [
    ('<a href="https://docs.docker.com/">d</a>', '<a href="https://docs.docker.com/" rel="noopener">d</a>'),
    ('<a href="https://x.org" rel="nofollow">x</a>', '<a href="https://x.org" rel="nofollow noopener">x</a>'),
    ('<a rel="noopener" href="https://x.org">x</a>', '<a rel="noopener" href="https://x.org">x</a>'),
    ('<a href="/posts/docker-1/">x</a>', '<a href="/posts/docker-1/">x</a>'),
    ('<a href="#top">x</a>', '<a href="#top">x</a>'),
    (f'<a href="{SITE}/posts/a/">x</a>', f'<a href="{SITE}/posts/a/">x</a>'),
    ('<a href="//cdn.example/x">x</a>', '<a href="//cdn.example/x" rel="noopener">x</a>'),
    ('<a class="x" href=\'http://a.b/?q=">"\'>x</a>', '<a class="x" href=\'http://a.b/?q=">"\' rel="noopener">x</a>'),
    ('<a href="https://x.org"/>', '<a href="https://x.org" rel="noopener">'),
    ('<abbr title="https://x.org">x</abbr>', '<abbr title="https://x.org">x</abbr>'),
    ('<a href="mailto:a@b.c">m</a>', '<a href="mailto:a@b.c">m</a>'),
])
def test_mark_external_links(html, expected):
    assert mark_external_links(html, SITE) == expected


def test_neighbors():
    class A:
        def __init__(self, name):
            self.name = name
    items = [A("new"), A("mid"), A("old")]
    link_neighbors(items)
    assert [(a.newer and a.newer.name, a.older and a.older.name) for a in items] == [
        (None, "mid"), ("new", "old"), ("mid", None)]


def test_sitemap_and_robots():
    when = datetime(2025, 11, 28, 12, tzinfo=timezone(timedelta(hours=9)))
    xml = sitemap_xml([SitemapEntry(""), SitemapEntry("posts/docker-1/", when), SitemapEntry("tags/도커/"),
                       SitemapEntry("")], SITE)
    assert xml.count("<url>") == 3
    assert f"<loc>{SITE}/posts/docker-1/</loc><lastmod>2025-11-28T12:00:00+09:00</lastmod>" in xml
    assert f"<loc>{SITE}/tags/도커/</loc>" in xml
    assert robots_txt(SITE) == f"User-agent: *\nAllow: /\nSitemap: {SITE}/sitemap.xml\n"
    assert "Sitemap" not in robots_txt("")


def test_css_bundle(tmp_path):
    (tmp_path / "20-b.css").write_text("/* b */\n.b {\n  color: red;\n}\n")
    (tmp_path / "10-a.css").write_text(".a{}\n")
    first = bundle(tmp_path, "theme/css/site.{hash}.css")
    assert first.text == ".a{}\n.b {\ncolor: red;\n}\n"
    assert first.save_as.startswith("theme/css/site.") and first.save_as.endswith(".css")
    (tmp_path / "10-a.css").write_text(".a{x:1}\n")
    assert bundle(tmp_path, "theme/css/site.{hash}.css").save_as != first.save_as
    assert squeeze("a{}\n\n\n  b{}") == "a{}\nb{}\n"


@pytest.mark.parametrize("value, ranges", [
    ("U+0-ff, U+131, U+1e00-1eff", ((0, 255), (0x131, 0x131), (0x1E00, 0x1EFF))),
    ("U+ac00-d7a3", ((0xAC00, 0xD7A3),)),
    ("", ()),
])
def test_parse_ranges(value, ranges):
    assert parse_ranges(value) == ranges


def test_default_card_draws_hangul(project_root):
    css = project_root / "theme" / "static" / "fonts" / "pretendard" / "pretendard.css"
    subsets = font_subsets(css.read_text(encoding="utf-8"), css.parent)
    assert len(subsets) > 50 and all(s.path.is_file() for s in subsets)
    assert any(s.covers("도") for s in subsets) and any(s.covers("A") for s in subsets)
    png = render_card("도커 노트", "실무 환경 그대로 배우는 도커", "example.github.io/blog", subsets)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png == render_card("도커 노트", "실무 환경 그대로 배우는 도커", "example.github.io/blog", subsets)
    assert png != render_card("다른 이름", "실무 환경 그대로 배우는 도커", "example.github.io/blog", subsets)


@pytest.mark.parametrize("value, message", [
    ({"nope": 1}, "unknown SITE_META key(s) 'nope'"),
    ({"chars_per_minute": "500"}, "SITE_META['chars_per_minute'] must be int"),
])
def test_settings_errors(value, message):
    with pytest.raises(SiteMetaSettingsError, match=re.escape(message)):
        read_settings(value)
