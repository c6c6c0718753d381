"""A fenced snippet indented inside a list item gets its header on the page, like one at column 0."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown

from plugins.chirpy_reader.context import PostContext
from plugins.chirpy_reader.reader import base_extensions
from plugins.snippets.markdown_ext import SnippetsExtension, mark_fence


def convert(text: str) -> str:
    extensions, configs = base_extensions()
    md = Markdown(extensions=[*extensions, SnippetsExtension()], extension_configs=configs)
    md.post = PostContext("/nonexistent/x.md", "content/posts/x.md", "posts/x.md", "x", "posts/x/", {}, settings={})
    return md.convert(text)


@dataclass(frozen=True)
class HeaderCase:
    source: str
    label: str
    copy: str
    depth: int  # how many <li> the snippet is inside
    data_file: str | None = None


CASES = [
    pytest.param(HeaderCase("1. 받는다.\n\n   ```bash\n   docker pull nginx\n   ```\n\n2. 띄운다.\n",
                            "bash", "docker pull nginx", 1), id="ordered list item"),
    pytest.param(HeaderCase("- 확인한다.\n\n  ```console\n  $ docker ps\n  CONTAINER ID\n  ```\n",
                            "console", "docker ps", 1), id="console block in a bullet item"),
    pytest.param(HeaderCase("1. 바깥\n   - 안쪽\n\n     ```bash\n     docker info\n     ```\n",
                            "bash", "docker info", 2), id="nested two levels"),
    pytest.param(HeaderCase('1. 만든다.\n\n   ```yaml\n   services: {}\n   ```\n   {: file="compose.yaml" }\n',
                            "compose.yaml", "services: {}", 1, "compose.yaml"), id="named file"),
]


@pytest.mark.parametrize("case", CASES)
def test_indented_fence_gets_the_snippet_header_in_its_item(case: HeaderCase):
    html = convert(case.source)
    soup = BeautifulSoup(html, "html.parser")
    block = soup.select_one("div.snippet")
    assert block is not None, "no snippet header:\n" + html
    assert len(block.find_parents("li")) == case.depth
    assert block.select_one(".snippet-label").get_text() == case.label
    assert block.select_one("button.snippet-copy")["data-copy"] == case.copy
    assert block.select_one("a.snippet-download")["href"].startswith("/snippets/x/x-01-")
    highlight = block.select_one("div.highlight")
    assert highlight.pre is not None and highlight.get("data-file") == case.data_file
    assert "snippet-mark" not in html and "kdfence" not in html


@pytest.mark.parametrize(("line", "expected"), [
    pytest.param("```bash", "```{ .bash .snippet-mark-0 }", id="column 0"),
    pytest.param("   ```bash", "   ```{ .bash .snippet-mark-0 }", id="indent kept"),
    pytest.param("  ~~~{ .yaml }", "  ~~~{ .yaml .snippet-mark-0 }", id="attribute form"),
    pytest.param("   text", None, id="not a fence"),
])
def test_mark_fence(line, expected):
    assert mark_fence(line, 0) == expected
