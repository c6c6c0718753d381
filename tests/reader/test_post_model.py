"""The post model: one decode, one front matter, one outline of fences, headings, lists, IALs, comments, Liquid."""

from __future__ import annotations

import pytest

from plugins.chirpy_reader.markdown_lines import closes_fence, fence_opening, parse_attributes
from plugins.chirpy_reader.outline import scan_outline
from plugins.chirpy_reader.post import parse_post, read_post
from plugins.sitebuild.errors import PostError

FRONT = '---\ntitle: "[도커-9] 글"\ndate: 2025-11-28 12:00:00\ntags: [도커]\n---\n'


def outline(body: str):
    return scan_outline(body.split("\n"))


def fences(body: str) -> list[tuple]:
    return [(f.start_line, f.end_line, f.opening.lang, f.body) for f in outline(body).fences]


@pytest.mark.parametrize(("body", "expected"), [
    pytest.param("```bash\nls\n```", [(1, 3, "bash", ("ls",))], id="backticks"),
    pytest.param("~~~sh\nls\n~~~", [(1, 3, "sh", ("ls",))], id="tildes"),
    pytest.param("````md\n```bash\nls\n```\n````", [(1, 5, "md", ("```bash", "ls", "```"))], id="longer-fence-holds-a-fence"),
    pytest.param("~~~\n```\n~~~", [(1, 3, "", ("```",))], id="tilde-fence-holds-backticks"),
    pytest.param("- 항목\n\n  ```bash\n  ls\n  ```\n", [(3, 5, "bash", ("ls",))], id="nested-in-a-list"),
    pytest.param("\t```bash\n\tls\n\t```", [(1, 3, "bash", ("\tls",))], id="tab-indented"),
    pytest.param("``` { .bash .nolineno }\nls\n```", [(1, 3, "bash", ("ls",))], id="attribute-info"),
    pytest.param("```bash\nls\n````", [(1, 3, "bash", ("ls",))], id="longer-closing-fence"),
    pytest.param("````bash\nls\n```\n````", [(1, 4, "bash", ("ls", "```"))], id="shorter-line-is-content"),
    pytest.param("```a`b```", [], id="inline-code-not-a-fence"),
    pytest.param("```bash\nls", [(1, 0, "bash", ("ls",))], id="never-closed"),
    pytest.param("<!--\n```bash\nls\n```\n-->", [], id="inside-a-comment"),
])
def test_fences(body, expected):
    assert fences(body) == expected


@pytest.mark.parametrize(("line", "fence", "closes"), [
    ("```", "```", True), ("  ```  ", "```", True), ("````", "```", True), ("``", "```", False),
    ("~~~", "```", False), ("``` x", "```", False), ("\t~~~", "~~~", True),
])
def test_closing_fence(line, fence, closes):
    assert closes_fence(fence, line) is closes


@pytest.mark.parametrize(("line", "indent", "lang"), [
    ("```bash", "", "bash"), ("   ~~~ Dockerfile ", "   ", "Dockerfile"), ("\t```console", "\t", "console"),
    ("```{.yaml}", "", "yaml"), ("```", "", ""),
])
def test_fence_opening(line, indent, lang):
    opening = fence_opening(line)
    assert (opening.indent, opening.lang) == (indent, lang)


@pytest.mark.parametrize(("body", "classes", "pairs"), [
    pytest.param('file="compose.yaml"', (), (("file", "compose.yaml"),), id="double-quoted"),
    pytest.param("file='.env'", (), (("file", ".env"),), id="single-quoted"),
    pytest.param("file=compose.yaml .nolineno", ("nolineno",), (("file", "compose.yaml"),), id="bare-and-class"),
    pytest.param(".prompt-tip", ("prompt-tip",), (), id="class"),
    pytest.param("#intro .mt-4", ("mt-4",), (("id", "intro"),), id="id"),
    pytest.param("data-toc-skip='' .mt-4", ("mt-4",), (("data-toc-skip", ""),), id="empty-value"),
    pytest.param('file="my file.txt"', (), (("file", "my file.txt"),), id="spaces-in-quotes"),
])
def test_ial_forms(body, classes, pairs):
    attributes = parse_attributes(body)
    assert (attributes.classes, attributes.pairs) == (classes, pairs)


def test_ial_after_a_fence_belongs_to_it():
    found = outline('```yaml\na: 1\n```\n{: file="compose.yaml" .nolineno }\n').fences[0]
    assert (found.attributes.get("file"), found.attributes.classes, found.ial_line) == ("compose.yaml", ("nolineno",), 4)


@pytest.mark.parametrize(("body", "expected"), [
    pytest.param("## 설치\n### 설치", [(2, "설치", "설치"), (3, "설치", "설치_1")], id="repeated-anchor"),
    pytest.param("## `docker run` 옵션", [(2, "docker run 옵션", "docker-run-옵션")], id="inline-code"),
    pytest.param("## [링크](http://x) *강조* ##", [(2, "링크 강조", "링크-강조")], id="link-emphasis-closing-hashes"),
    pytest.param("제목\n===\n\n부제\n---", [(1, "제목", "제목"), (2, "부제", "부제")], id="setext"),
    pytest.param("- 항목\n---", [], id="not-setext-under-a-list"),
    pytest.param("> 인용\n---", [], id="not-setext-under-a-quote"),
    pytest.param("- 항목\n\n문단\n---", [(2, "문단", "문단")], id="setext-after-a-list"),
    pytest.param("```\n## 코드\n```", [], id="not-in-code"),
    pytest.param("    ## 코드", [], id="indented-four"),
    pytest.param("#해시태그", [], id="no-space"),
])
def test_headings(body, expected):
    assert [(h.level, h.text, h.anchor) for h in outline(body).headings] == expected


def test_lists_items_and_nesting():
    items = outline("- `docker ps`\n  - 목록을 본다.\n1. 하나\n\n```\n- 코드\n```").items
    assert [(i.line, i.indent, i.bullet, i.rest) for i in items] == [
        (1, 0, "-", "`docker ps`"), (2, 2, "-", "목록을 본다."), (3, 0, "ol", "하나")]


@pytest.mark.parametrize(("body", "expected"), [
    pytest.param("{% include embed/youtube.html id='x' %}", [(1, "include", False)], id="include"),
    pytest.param("<!-- {% include x.html %} -->", [(1, "include", True)], id="inside-a-one-line-comment"),
    pytest.param("<!--\n{% if x %}\n-->", [(2, "if", True)], id="inside-a-comment"),
    pytest.param("`{% raw %}` 쓰기", [], id="in-inline-code"),
    pytest.param("```\n{% if %}\n```", [], id="in-a-fence"),
])
def test_liquid(body, expected):
    assert [(t.line, t.name, t.in_comment) for t in outline(body).liquid] == expected


def test_comments():
    found = outline("글\n<!-- snippet: ignore -->\n<!--\n여러 줄\n-->\n<!-- 닫히지 않음").comments
    assert [(c.start_line, c.end_line) for c in found] == [(2, 2), (3, 5), (6, 0)]


def test_front_matter_key_lines_and_body_line():
    post = parse_post(FRONT + "\n## 설치\n", "content/posts/x.md", "2025-11-28-x.md", "Asia/Seoul")
    assert post.front_matter.key_lines == {"title": 2, "date": 3, "tags": 4}
    assert (post.front_matter.body_line, post.outline.headings[0].line) == (6, 7)


@pytest.mark.parametrize(("zone", "offset"), [("Asia/Seoul", 9), ("UTC", 0), ("America/New_York", -5)])
def test_timezone_is_the_sites(zone, offset):
    post = parse_post(FRONT, "content/posts/x.md", "2025-11-28-x.md", zone)
    assert post.front_matter.date.utcoffset().total_seconds() == offset * 3600


@pytest.mark.parametrize("data", [
    pytest.param((FRONT + "## 설치\n").encode(), id="lf"),
    pytest.param((FRONT + "## 설치\n").replace("\n", "\r\n").encode(), id="crlf"),
    pytest.param(b"\xef\xbb\xbf" + (FRONT + "## 설치\n").encode(), id="bom"),
    pytest.param((FRONT + "## 설치\n").replace("\n", "\r").encode(), id="cr"),
])
def test_decoded_once_any_line_end(tmp_path, data):
    path = tmp_path / "2025-11-28-x.md"
    path.write_bytes(data)
    post = read_post(path, "content/posts/x.md", "Asia/Seoul")
    assert (post.text.startswith("---\n"), "\r" in post.text, [h.line for h in post.outline.headings]) == (True, False, [6])


def test_legacy_encoding_is_refused_with_its_line(tmp_path):
    path = tmp_path / "2025-11-28-x.md"
    path.write_bytes((FRONT + "도커\n").encode("cp949"))
    with pytest.raises(PostError, match=r"^content/posts/x.md:2: chirpy_reader: the file looks like EUC-KR"):
        read_post(path, "content/posts/x.md", "Asia/Seoul")
