"""The bad-input corpus: every case builds correctly or stops with one clear line, output untouched."""

from __future__ import annotations

import os

import pytest

from tests.reliability.site_factory import make_site

pytestmark = pytest.mark.build

FM = '---\ntitle: "[도커-9] 시험"\ndate: 2025-11-28 12:00:00 +0900\ncategories: [Infra, Docker]\ntags: [도커]\n---\n'
POST = "posts/2025-11-28-case.md"
SHOWN = "content/posts/2025-11-28-case.md"


def ok(check=None):
    return ("ok", check)


def error(line, plugin, words):
    where = f"{SHOWN}:{line}" if line else SHOWN
    return ("error", f"{where}: {plugin}: ", words)


def page_has(text):
    def check(site):
        html = (site.output / "posts" / "case" / "index.html").read_text(encoding="utf-8")
        assert text in html, f"{text!r} not in the page"
    return check


CASES = {
    "unclosed front matter": ("---\ntitle: t\ndate: 2025-11-28\n\n본문\n", error(1, "chirpy_reader", "never closed")),
    "YAML error": ("---\ntitle: t\ntags: [도커\n---\n", error(3, "chirpy_reader", "not valid YAML")),
    "unquoted title read as a list": ("---\ntitle: [도커-1] 도커란 무엇인가?\n---\n", error(2, "chirpy_reader", "quote it")),
    "title that is only a list": ("---\ntitle: [도커-1]\n---\n", error(2, "chirpy_reader", "YAML list")),
    "date without offset": ("---\ntitle: t\ndate: 2025-11-28 12:00:00\n---\n본문\n", ok(page_has("본문"))),
    "date with +09:00": ("---\ntitle: t\ndate: 2025-11-28 12:00:00 +09:00\n---\n본문\n", ok(page_has("본문"))),
    "impossible date": ("---\ntitle: t\ndate: 2025-13-45 12:00:00 +0900\n---\n", error(3, "chirpy_reader", "not a valid date")),
    "February 30th": ("---\ntitle: t\ndate: 2025-02-30\n---\n", error(3, "chirpy_reader", "not a valid date")),
    "categories three levels deep": ("---\ntitle: t\ndate: 2025-11-28\ncategories: [A, B, C]\n---\n",
                                     error(4, "chirpy_reader", "3 levels deep")),
    "empty file": ("", error(1, "chirpy_reader", "empty")),
    "no front matter": ("# 제목\n\n본문\n", error(1, "chirpy_reader", "does not start with front matter")),
    "EUC-KR file": ((FM + "\n도커란 무엇인가\n").encode("cp949"), error(2, "chirpy_reader", "EUC-KR/CP949")),
    "UTF-8 BOM": (b"\xef\xbb\xbf" + (FM + "\n본문\n").encode(), ok(page_has("본문"))),
    "CRLF line endings": ((FM + "\n목록\n- 하나\n  - 설명\n").replace("\n", "\r\n"), ok(page_has("<li>설명</li>"))),
    "unclosed code fence": (FM + "\n```bash\ndocker ps\n", error(8, "snippets", "never closed")),
    "unclosed video": (FM + '\n<div align="left">\n  <video src="/assets/x.mp4" controls>\n</div>\n\n끝\n',
                       error(9, "chirpy_reader", "<video> opened here is never closed")),
    "unclosed div": (FM + '\n<div align="center">\n본문\n', error(8, "chirpy_reader", "<div> opened here")),
    "unknown Liquid tag": (FM + "\n{% include footer.html %}\n", error(8, "chirpy_reader", "Liquid tag")),
    "Liquid raw is fine": (FM + "\n{% raw %}\n`{{ .Id }}`\n{% endraw %}\n", ok(page_has("{{ .Id }}"))),
    "IAL on nothing": (FM + "\n본문\n\n{: .prompt-tip }\n", error(10, "chirpy_reader", "not attached")),
    "unknown front matter key": ("---\ntitle: t\ndate: 2025-11-28\ntitel: x\n---\n", error(4, "chirpy_reader", "unknown")),
    "missing title": ("---\ndate: 2025-11-28\n---\n", error(2, "chirpy_reader", "no title")),
    "pin not a boolean": ("---\ntitle: t\ndate: 2025-11-28\npin: 네\n---\n", error(4, "chirpy_reader", "true or false")),
    "tags as a map": ("---\ntitle: t\ndate: 2025-11-28\ntags: {a: 1}\n---\n", error(4, "chirpy_reader", "list of words")),
    "NUL byte": ((FM + "\n본문\x00\n").encode(), error(8, "chirpy_reader", "NUL")),
    "5 MB post": ((FM + "\n" + "도커 " * 900_000).encode(), error(None, "chirpy_reader", "the limit is 2 MB")),
    "draft is not published": ("---\ntitle: t\ndate: 2025-11-28\npublished: false\n---\n본문\n", ok()),
    "missing media in raw HTML": (FM + '\n<img src="assets/img/docker/nope.png" alt="x">\n', error(8, "media", "does not exist")),
    "missing Markdown image": (FM + "\n\n![x](/assets/img/docker/nope.png)\n", error(9, "media", "does not exist")),
    "image that is not an image": (FM + "\n![x](/assets/img/bad.png)\n", error(8, "media", "is not an image"),
                                   {"assets/img/bad.png": b"not a png"}),
    "video that is not a video": (FM + '\n<video src="/assets/img/bad.mp4" controls></video>\n',
                                  error(8, "media", "is not a video"), {"assets/img/bad.mp4": b"not a video"}),
    "media path with ..": (FM + "\n![x](/assets/img/../../../etc/passwd)\n", error(8, "media", "outside the content folder")),
    "absolute media path": (FM + '\n<img src="/etc/passwd" alt="x">\n', error(8, "media", "looks like a path on your computer")),
    "snippet name with ..": (FM + "\n<!-- snippet: name=../evil -->\n```bash\necho hi\n```\n", error(8, "snippets", "without '..'")),
    "snippet name with /": (FM + "\n<!-- snippet: name=a/b -->\n```bash\necho hi\n```\n", error(8, "snippets", "without '..' or '/'")),
    "unknown snippet annotation": (FM + "\n<!-- snippet: colour=red -->\n```bash\necho hi\n```\n",
                                   error(8, "snippets", "unknown snippet annotation key")),
    "snippet skip without reason": (FM + "\n<!-- snippet: skip -->\n```bash\necho hi\n```\n", error(8, "snippets", "give the reason")),
    "Chirpy video include": (FM + "\n{% include embed/video.html src='/assets/img/docker/install.mp4' title='설치' %}\n",
                             ok(page_has("<video"))),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(tmp_path, name):
    source, expected, *extra = CASES[name]
    site = make_site(tmp_path)
    site.write(POST, source)
    for relative, data in (extra[0] if extra else {}).items():
        site.write(relative, data)
    result = site.build()
    if expected[0] == "ok":
        assert result.ok, result.problems
        if expected[1]:
            expected[1](site)
        return
    _, prefix, words = expected
    assert not result.ok, "the build should have failed"
    assert len(result.problems) == 1, "exactly one message:\n" + "\n".join(result.problems)
    message = result.problems[0]
    assert message.startswith(prefix), message
    assert words in message, message
    assert "Traceback" not in message
    assert site.previous_output_intact()
    assert not any(p.name.startswith(".output.building") for p in site.root.iterdir()), "staging left behind"


def test_symlink_outside_content_is_refused(tmp_path):
    site = make_site(tmp_path)
    outside = tmp_path / "elsewhere.md"
    outside.write_text(FM + "\n본문\n", encoding="utf-8")
    os.symlink(outside, site.content / POST)
    result = site.build()
    assert not result.ok
    assert result.problems == ((f"{SHOWN}: sitebuild: the file is a link to {outside}, outside the content folder; "
                               "copy the file into content/ instead of linking to it"),)
    assert site.previous_output_intact()


def test_duplicate_slugs_are_refused(tmp_path):
    site = make_site(tmp_path)
    site.write("posts/2025-11-28-same.md", FM + "\n하나\n")
    site.write("posts/2025-11-29-same.md", FM.replace("2025-11-28 12", "2025-11-29 12") + "\n둘\n")
    result = site.build()
    assert not result.ok
    assert len(result.problems) == 1, result.problems
    assert "same" in result.problems[0] and "slug" in result.problems[0], result.problems
    assert site.previous_output_intact()
