"""The link checker finds every internal href, src and #anchor that names nothing in the output."""

from __future__ import annotations

import pytest

from workflow.link_check import find_broken_links, target_of

PAGE = "posts/docker-1/index.html"

TARGETS = [
    # (url in PAGE, SITEURL, expected (file, fragment) or None for external/skipped)
    ("/", "", ("index.html", "")),
    ("/posts/docker-2/", "", ("posts/docker-2/index.html", "")),
    ("../docker-2/", "", ("posts/docker-2/index.html", "")),
    ("#도커의-핵심-개념", "", (PAGE, "도커의-핵심-개념")),
    ("#%EB%8F%84%EC%BB%A4", "", (PAGE, "도커")),
    ("/tags/%EB%8F%84%EC%BB%A4/", "", ("tags/도커/index.html", "")),
    ("/assets/img/x.png?v=2", "", ("assets/img/x.png", "")),
    ("https://example.org/x", "", None),
    ("//cdn.example.org/x.js", "", None),
    ("mailto:me@example.org", "", None),
    ("javascript:void(0)", "", None),
    ("data:image/png;base64,AA", "", None),
    ("https://docker-notes.github.io/posts/docker-2/", "https://docker-notes.github.io", ("posts/docker-2/index.html", "")),
    ("https://example.github.io/blog/tags/", "https://example.github.io/blog", ("tags/index.html", "")),
    ("/blog/posts/docker-2/#x", "https://example.github.io/blog", ("posts/docker-2/index.html", "x")),
    ("/other/", "https://example.github.io/blog", ("", "outside the site's path /blog/")),
    ("../../../etc/passwd", "", ("", "points above the site's root")),
    ("https://github.com/x", "https://docker-notes.github.io", None),
]


@pytest.mark.parametrize(("url", "site_url", "expected"), TARGETS, ids=[t[0] for t in TARGETS])
def test_target_of(url, site_url, expected):
    assert target_of(PAGE, url, site_url) == expected


def write(root, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


SITE = {
    "index.html": '<a href="/posts/a/">a</a>\n<a href="/posts/a/#intro">intro</a>\n<link rel="stylesheet" href="/theme/s.css">',
    "posts/a/index.html": '<h2 id="intro">x</h2>\n<h2 id="도커-설치">y</h2>\n<a href="#도커-설치">ok</a>\n<a name="old"></a>'
                          '\n<img src="x.png" srcset="x.png 1x, x@2x.png 2x">\n<a href="#old">old</a>\n<a href="#top">top</a>',
    "posts/a/x.png": "png",
    "posts/a/x@2x.png": "png",
    "theme/s.css": "",
}

BROKEN = [
    # (extra files, expected broken "page:line: target: reason" lines)
    ({}, []),
    ({"index.html": '<a href="/posts/b/">b</a>'}, ["index.html:1: /posts/b/: no file posts/b/index.html"]),
    ({"index.html": '\n\n<a href="/posts/a/#nope">x</a>'}, ["index.html:3: /posts/a/#nope: no id 'nope' in posts/a/index.html"]),
    ({"index.html": '<a href="/posts/a">x</a>'},
     ["index.html:1: /posts/a: no file posts/a (the folder exists: link to /posts/a/)"]),
    ({"index.html": '<img src="/assets/missing.png">'}, ["index.html:1: /assets/missing.png: no file assets/missing.png"]),
    ({"index.html": '<video src="/v.mp4" poster="/p.jpg"></video>'},
     ["index.html:1: /v.mp4: no file v.mp4", "index.html:1: /p.jpg: no file p.jpg"]),
    ({"index.html": '<img src="a.png" srcset="a.png 1x, b.png 2x">', "a.png": ""}, ["index.html:1: b.png: no file b.png"]),
    ({"index.html": '<a href="#here">x</a><p id="here">'}, []),
    ({"index.html": '<a href="#elsewhere">x</a>'}, ["index.html:1: #elsewhere: no id 'elsewhere' in index.html"]),
    ({"index.html": '<link rel="preconnect" href="/nowhere/"><a href="https://example.org/404">x</a>'}, []),
]


@pytest.mark.parametrize(("extra", "expected"), BROKEN)
def test_find_broken_links(tmp_path, extra, expected):
    write(tmp_path, {**SITE, **extra})
    assert [str(b) for b in find_broken_links(tmp_path)] == expected


def test_progress_is_reported_for_every_page(tmp_path):
    write(tmp_path, SITE)
    seen = []
    find_broken_links(tmp_path, progress=lambda n, total: seen.append((n, total)))
    assert seen == [(1, 2), (2, 2)]
