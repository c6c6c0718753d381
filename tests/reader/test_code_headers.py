"""Chirpy's code blocks: a header with the language or file name and a copy button on every block,
line numbers except for console/terminal/plain text and `.nolineno`, Rouge's language names."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup

from tests.reader.test_chirpy_syntax import convert


@dataclass(frozen=True)
class Block:
    source: str
    label: str
    numbers: list[str]  # the line numbers shown, [] for none
    token: str = ""  # a Pygments class the language's lexer gives (shows the language was recognised)


BLOCKS = [
    pytest.param(Block("```yaml\nkey: value\nb: 2\n```\n", "yaml", ["1", "2"], "nt"), id="yaml numbered"),
    pytest.param(Block("```yml\nkey: value\n```\n", "yml", ["1"], "nt"), id="yml is Rouge's alias of yaml"),
    pytest.param(Block("```terminal\n$ docker ps\n```\n", "terminal", [], "gp"), id="terminal: a console, no numbers"),
    pytest.param(Block("```plaintext\nx\n```\n", "plaintext", []), id="plaintext: no numbers"),
    pytest.param(Block("```text\nx\n```\n", "text", []), id="text: no numbers"),
    pytest.param(Block("```\nx\n```\n", "text", []), id="no language: plain text"),
    pytest.param(Block("```python\nprint(1)\n```\n{: .nolineno }\n", "python", [], "nb"), id=".nolineno"),
    pytest.param(Block("```sass\n@import\n  \"a\";\n```\n{: file='_sass/jekyll-theme-chirpy.scss'}\n",
                       "_sass/jekyll-theme-chirpy.scss", ["1", "2"]), id="file= names the header"),
    pytest.param(Block("```markdown\n# x\n```\n", "markdown", ["1"], "gh"), id="markdown"),
    pytest.param(Block("    indented\n    code\n", "text", []), id="indented block"),
]


@pytest.mark.parametrize("case", BLOCKS)
def test_every_block_has_a_header_and_chirpys_line_numbers(case: Block):
    soup = BeautifulSoup(convert(case.source).html, "html.parser")
    block = soup.select_one("div.code-block")
    assert block is not None, soup
    assert block.select_one(".snippet-label").get_text() == case.label
    pre = block.select_one("div.highlight pre")
    assert [n["data-linenos"].strip() for n in pre.select("span.linenos")] == case.numbers
    assert block.select_one("button.snippet-copy")["data-copy"] == pre.get_text().rstrip("\n"), \
        "the copy button copies the code; the selectable text holds no line numbers"
    if case.token:
        assert pre.select(f"span.{case.token}"), f"{case.token} tokens: the language was not recognised"
