"""Reused Pygments formatters change nothing on the page; pymdownx's own path stays for the rest."""

from __future__ import annotations

import pytest
from markdown import Markdown

from plugins.chirpy_reader.context import PostContext
from plugins.chirpy_reader.highlighter import BlockHighlight
from plugins.chirpy_reader.reader import base_extensions


def render(text: str, formatters: dict | None) -> str:
    extensions, configs = base_extensions(formatters)
    md = Markdown(extensions=extensions, extension_configs=configs)
    md.post = PostContext("x.md", "content/posts/x.md", "posts/x.md", "x", "posts/x/", {}, settings={})
    return md.convert(text)


SOURCES = [
    pytest.param("```bash\necho hi | grep h\necho 2\n```\n", id="bash, numbered as on Chirpy"),
    pytest.param("```\nplain <b> & text\n```\n", id="no language"),
    pytest.param("```nosuchlanguage\nx = 1\n```\n", id="unknown language"),
    pytest.param('```yaml\nservices: {}\n```\n{: file="compose.yaml" .nolineno }\n', id="kramdown IAL"),
    pytest.param('```{ .bash #run .wide data-x="1" }\necho hi\n```\n', id="id, classes and data attributes"),
    pytest.param("1. a\n\n   ```console\n   $ docker ps\n   CONTAINER ID\n   ```\n", id="indented fence"),
    pytest.param('```{ .bash hl_lines="1" }\necho 1\necho 2\n```\n', id="highlighted line (pymdownx path)"),
    pytest.param('```{ .bash linenums="1" }\necho 1\n```\n', id="line numbers (pymdownx path)"),
    pytest.param('```{ .bash title="run.sh" }\necho 1\n```\n', id="title (pymdownx path)"),
    pytest.param("text\n\n    indented code\n", id="indented code block"),
]


@pytest.mark.parametrize("source", SOURCES)
def test_reused_formatters_render_what_fresh_ones_render(source: str):
    assert render(source, {}) == render(source, None)


def only(formatters: dict, kind: str) -> list:
    return [v for k, v in formatters.items() if (k[0] == "lexer") == (kind == "lexer")]


def test_one_formatter_serves_every_block_of_every_post():
    formatters: dict = {}
    render("```console\n$ echo 1\n```\n\n```text\na: 1\n```\n", formatters)
    (first,) = only(formatters, "formatter")
    render("- x\n\n  ```console\n  $ ls\n  ```\n", formatters)
    assert only(formatters, "formatter") == [first]


def test_one_lexer_per_language_serves_every_block_of_every_post():
    formatters: dict = {}
    render("```console\n$ echo 1\n```\n\n```text\na: 1\n```\n", formatters)
    lexers = only(formatters, "lexer")
    assert [name for _lexer, name in lexers] == ["console", "text"]
    render("```console\n$ ls\n```\n\n```console\n$ pwd\n```\n", formatters)
    assert only(formatters, "lexer") == lexers


@pytest.mark.parametrize(("kwargs", "plain"), [
    pytest.param({}, True, id="plain block"),
    pytest.param({"hl_lines": [1]}, False, id="highlighted lines"),
    pytest.param({"linestart": 1}, True, id="line numbers from 1 (Chirpy's): a reused formatter too"),
    pytest.param({"linestart": 5}, False, id="line numbers from elsewhere"),
    pytest.param({"title": "run.sh"}, False, id="title"),
    pytest.param({"inline": True}, False, id="inline code"),
])
def test_is_plain(kwargs, plain):
    args = {"inline": False, "hl_lines": [], "linestart": -1, "title": None, **kwargs}
    assert BlockHighlight(None, formatters={})._is_plain(**args) is plain


CONSOLE_LINES = [
    # (line of a console block, shown as a prompt?) — the prompts the snippet extractor runs, nothing else
    ("$ docker build .", True),
    ("# whoami", True),
    ("[me@rocky ~]$ docker ps", True),
    ("#1 [internal] load build definition from Dockerfile", False),
    ("#9 DONE 0.1s", False),
    ("$", False),
    ("% Total    % Received", False),
]


@pytest.mark.parametrize(("line", "is_prompt"), CONSOLE_LINES, ids=[c[0] for c in CONSOLE_LINES])
def test_console_prompts_are_the_ones_snippets_run(line: str, is_prompt: bool):
    from plugins.snippets.blocks import PROMPT_RE

    html = render(f"```console\n{line}\nout\n```\n", {})
    assert ('<span class="gp">' in html) is is_prompt
    assert bool(PROMPT_RE.match(line)) is is_prompt
