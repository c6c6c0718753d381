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


def _pattern_text_of(html: str) -> str:
    """text_of as one regular expression says it (reading.py finds the blocks in two steps)."""
    from html import unescape

    code = re.compile(r"<(pre|svg)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
    return unescape(re.sub(r"<[^>]+>", " ", code.sub(" ", html)))


def _whole_summary(html: str, limit: int) -> str:
    """plain_summary over the whole text (reading.py stops once it has enough)."""
    from html import unescape

    from plugins.site_meta.reading import _ASIDE_RE, _BREAK_TAG_RE, _TAG_RE

    text = " ".join(unescape(_TAG_RE.sub("", _BREAK_TAG_RE.sub(" ", _ASIDE_RE.sub(" ", html)))).split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(".,") + "…"


PROSE = "<p>" + "도커 이미지와 컨테이너 " * 6 + "</p>"
EDGE_HTML = [
    PROSE + "<pre><code>x</code></pre>" + PROSE,
    PROSE + "<PRE>x</pre>" + PROSE + "<Pre>y</pRE>",  # either case, the closing tag's own mix
    PROSE + "<pre>never closed" + PROSE,
    PROSE + "<pre>a</svg> b</pre>" + PROSE + "<svg><pre>c</pre></svg>",
    PROSE + "<prefix>not a block</prefix><svg>d</svg>",
    PROSE + "<\u017fvg>folded</svg>" + PROSE,  # long s: "svg" only under Unicode case folding
    PROSE + "<svg>a</\u017fvg> b</svg>" + PROSE,  # a folded closing tag the back-reference does not take
    "<h2>제목</h2>" + "<p>본문 &amp; 기호</p><h3>둘</h3>" * 8 + PROSE,
    "<p>열린 < 꺾쇠" + "<figure>그림</figure>" + PROSE * 3 + "<h2>끝</h2>닫힘 ></p>",  # a "<" open across asides
    "<b <p>" + "<figure>x</figure>" + PROSE * 3 + "<h2>y</h2>",  # a break tag takes the ">" an earlier "<" needed
    "<p>기호 &amp" + "<figure>x</figure>" + "; 이어짐" + PROSE * 3 + "<table>t</table>",
    "<p>" + "가" * 300 + "</p>" + "<h2>a</h2>" * 5,
    "",
]


@pytest.mark.parametrize("html", EDGE_HTML)
def test_reading_time_and_summary_read_as_the_whole_patterns_do(html):
    from plugins.site_meta.reading import text_of

    assert text_of(html) == _pattern_text_of(html)
    assert reading_minutes(html, 7) == max(1, round(len(re.sub(r"\s+", "", _pattern_text_of(html))) / 7))
    for limit in (5, 20, 150):
        assert plain_summary(html, limit) == _whole_summary(html, limit)


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
