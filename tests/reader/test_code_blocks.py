"""Fenced code blocks render as kramdown/GFM render them: indented in list items too, highlighted."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown
from markdown.extensions.toc import slugify_unicode

from plugins.chirpy_reader.code_blocks import space_blocks
from plugins.chirpy_reader.context import PostContext
from plugins.chirpy_reader.kramdown import KramdownExtension
from plugins.chirpy_reader.reader import base_extensions
from plugins.sitebuild.errors import PostError


def render(text: str, extensions_configs: tuple[list, dict] | None = None) -> str:
    extensions, configs = extensions_configs or base_extensions()
    md = Markdown(extensions=extensions, extension_configs=configs)
    md.post = PostContext("x.md", "content/posts/x.md", "posts/x.md", "x", "posts/x/", {}, settings={})
    return md.convert(text)


def fenced_code_extensions() -> tuple[list, dict]:
    """The reader's set-up before superfences: the output every existing page was built with."""
    return (
        ["markdown.extensions.extra", "markdown.extensions.codehilite", "markdown.extensions.toc",
         "mdx_truly_sane_lists", KramdownExtension()],
        {"markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
         "markdown.extensions.toc": {"slugify": slugify_unicode, "toc_depth": "2-4", "permalink": False},
         "mdx_truly_sane_lists": {"nested_indent": 2, "truly_sane": True}},
    )


def assert_html(actual: str, expected: str) -> None:
    if actual != expected:
        diff = "\n".join(difflib.unified_diff(expected.splitlines(), actual.splitlines(), "expected", "actual", lineterm=""))
        pytest.fail("rendered HTML differs:\n" + diff)


@dataclass(frozen=True)
class NestedFence:
    source: str
    item: str  # text of the innermost <li> that holds the block
    depth: int  # how many <li> the block is inside
    code: str  # the code text of the block
    token: tuple[str, str]  # (Pygments class, text) of one highlighted token
    div_attrs: tuple[tuple[str, str], ...] = ()  # attributes the IAL puts on div.highlight


NESTED = [
    pytest.param(NestedFence(
        "1. 설치한다.\n\n   ```bash\n   sudo dnf install -y docker\n   echo done\n   ```\n\n2. 다음\n",
        "설치한다.", 1, "sudo dnf install -y docker\necho done\n", ("nb", "echo")), id="ordered list item"),
    pytest.param(NestedFence(
        "- 확인한다.\n\n  ```bash\n  echo hi\n  ```\n",
        "확인한다.", 1, "echo hi\n", ("nb", "echo")), id="bullet item"),
    pytest.param(NestedFence(
        "1. 바깥\n   - 안쪽\n\n     ```bash\n     echo nested\n     ```\n\n2. 다음\n",
        "안쪽", 2, "echo nested\n", ("nb", "echo")), id="nested two levels"),
    pytest.param(NestedFence(
        '1. 파일을 만든다.\n\n   ```yaml\n   services: {}\n   ```\n   {: file="compose.yaml" }\n\n2. 띄운다.\n',
        "파일을 만든다.", 1, "services: {}\n", ("nt", "services"), (("data-file", "compose.yaml"),)),
        id="IAL file after the fence"),
    pytest.param(NestedFence(
        "1. 실행한다.\n\n   ```bash\n   echo hi\n   ```\n   {: .nolineno }\n",
        "실행한다.", 1, "echo hi\n", ("nb", "echo"), (("class", "highlight nolineno"),)),
        id="IAL class after the fence"),
    pytest.param(NestedFence(
        "- 설정한다.\n\n  ~~~yaml\n  a: 1\n  ~~~\n",
        "설정한다.", 1, "a: 1\n", ("nt", "a")), id="tilde fence"),
    pytest.param(NestedFence(
        "- 확인한다.\n  ```bash\n  echo tight\n  ```\n- 다음\n",
        "확인한다.", 1, "echo tight\n", ("nb", "echo")), id="fence right under the item text"),
]


@pytest.mark.parametrize("case", NESTED)
def test_indented_fence_is_a_highlighted_block_in_its_list_item(case: NestedFence):
    soup = BeautifulSoup(render(case.source), "html.parser")
    pre = soup.select_one("div.highlight > pre")
    assert pre is not None, "no highlighted block"
    items = pre.find_parents("li")
    assert len(items) == case.depth
    assert next(s.strip() for s in items[0].strings if s.strip()) == case.item
    assert pre.code.get_text() == case.code
    token_class, token_text = case.token
    assert token_text in [span.get_text() for span in pre.select(f"span.{token_class}")]
    div = pre.parent
    for name, value in case.div_attrs:
        actual = " ".join(div[name]) if name == "class" else div[name]
        assert actual == value
    assert "kdfence" not in str(soup) and "<code>{" not in str(soup)


@pytest.mark.parametrize(("ial", "tag"), [
    pytest.param('{: file="compose.yaml" }', '<div class="highlight" data-file="compose.yaml">', id="file"),
    pytest.param("{: .nolineno }", '<div class="highlight nolineno">', id="class"),
    pytest.param('{: #cfg .a .b file=\'x "y".yaml\' }', '<div id="cfg" class="highlight a b" data-file="x &quot;y&quot;.yaml">',
                 id="id-classes-escaped-value"),
    pytest.param("{: data-toc-skip='' }", '<div class="highlight" data-data-toc-skip="">', id="empty-value"),
])
def test_fence_ial_goes_onto_the_highlight_div(ial, tag):
    html = render(f"```yaml\nservices: {{}}\n```\n{ial}\n")
    assert tag in html and "kdfence" not in html, html


UNCHANGED = [
    pytest.param("## 설치\n\n```bash\necho hi\n```\n\n뒤 문단\n", id="fence at column 0"),
    pytest.param("~~~\nplain\n~~~\n", id="tilde fence without language"),
    pytest.param("문단\n```bash\necho hi\n```\n뒤 문단\n", id="fence right under a paragraph line"),
    pytest.param("<!-- snippet: ignore -->\n```bash\necho hi\n```\n", id="fence right under an HTML comment"),
    pytest.param("문단\n\n    indented code\n\n끝\n", id="indented code block"),
    pytest.param("```bash\necho 1\n```\n```bash\necho 2\n```\n", id="two fences back to back"),
]


HEADER_RE = re.compile(r'<div class="code-block" data-lang="[^"]*"><div class="snippet-header">.*?</div>\n(.*?)\n</div>', re.DOTALL)
LINENOS_RE = re.compile(r'<span class="linenos" data-linenos="[^"]*"></span>')


def without_chirpy_chrome(html: str) -> str:
    """The page without what Chirpy adds around blocks (code_headers.py): header, line numbers."""
    return LINENOS_RE.sub("", HEADER_RE.sub(r"\1", html))


@pytest.mark.parametrize("source", UNCHANGED)
def test_blocks_outside_lists_render_byte_identical_to_fenced_code(source: str):
    """But for the header and line numbers Chirpy adds, every block renders as codehilite rendered it."""
    assert_html(without_chirpy_chrome(render(source)), render(source, fenced_code_extensions()))


def test_fence_in_blockquote_is_a_block_of_the_quote():
    soup = BeautifulSoup(render("> 인용\n> ```bash\n> echo hi\n> ```\n"), "html.parser")
    quote = soup.select_one("blockquote")
    assert [child.name for child in quote.find_all(recursive=False)] == ["p", "div"]
    assert quote.select_one("div.highlight pre").get_text() == "echo hi\n"


SPACING = [
    pytest.param(["text", "\x02wzxhzdk:0\x03", "more"], 0, ["text", "", "\x02wzxhzdk:0\x03", "", "more"],
                 id="neighbours get blank lines"),
    pytest.param(["", "\x02wzxhzdk:0\x03", ""], 0, ["", "\x02wzxhzdk:0\x03", ""], id="blank neighbours stay"),
    pytest.param(["> a", "> \x02wzxhzdk:0\x03"], 0, ["> a", ">", "> \x02wzxhzdk:0\x03"], id="blockquote keeps >"),
    pytest.param(["- a", "  \x02wzxhzdk:0\x03", "- b"], 0, ["- a", "  \x02wzxhzdk:0\x03", "- b"],
                 id="list item left tight"),
    pytest.param(["text", "\x02wzxhzdk:0\x03"], 1, ["text", "\x02wzxhzdk:0\x03"], id="blocks stashed before are not ours"),
]


@pytest.mark.parametrize(("lines", "first_stored", "expected"), SPACING)
def test_space_blocks(lines, first_stored, expected):
    assert space_blocks(lines, first_stored) == expected


@pytest.mark.parametrize(("source", "line"), [
    pytest.param("1. a\n\n   ```bash\n   echo\n", 3, id="unclosed indented fence"),
    pytest.param("1. a\n\n   ```bash\n   echo\n   ```\n\n{% include x.html %}\n", 7, id="Liquid after an indented fence"),
])
def test_errors_after_indented_fences_name_the_file_line(source, line):
    with pytest.raises(PostError) as info:
        render(source)
    assert info.value.pos.line == line
