"""`mermaid: true`: a ```mermaid fence becomes two inline SVGs (light, dark) drawn at build time, cached."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown

from plugins.chirpy_reader import mermaid
from plugins.chirpy_reader.context import PostContext
from plugins.chirpy_reader.reader import base_extensions
from plugins.sitebuild.errors import PostError

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or mermaid._cli_version() == "missing" or shutil.which("chromium") is None,
    reason="needs Node.js, npm's @mermaid-js/mermaid-cli (setup.sh --test) and Debian's chromium",
)

GANTT = "```mermaid\n gantt\n  title  Adding GANTT diagram\n  apple :a, 2017-07-20, 1w\n```\n"


def convert(text: str, front_matter: dict, cache) -> str:
    extensions, configs = base_extensions()
    md = Markdown(extensions=extensions, extension_configs=configs)
    md.post = PostContext("x.md", "content/posts/x.md", "posts/x.md", "x", "posts/x/", front_matter,
                          settings={"CACHE_PATH": str(cache)})
    return md.convert(text)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("mermaid-cache")


def test_diagram_is_drawn_as_svg_for_both_schemes(cache):
    soup = BeautifulSoup(convert("글\n\n" + GANTT, {"mermaid": True}, cache), "html.parser")
    figure = soup.select_one("figure.mermaid-diagram")
    light, dark = figure.select_one("div.light > svg"), figure.select_one("div.dark > svg")
    assert light["id"].endswith("-light") and dark["id"].endswith("-dark")
    assert "Adding GANTT diagram" in light.get_text()
    assert not soup.select("script") and "mermaid.min.js" not in str(soup)
    html = str(soup)
    assert 'role="graphics-' not in html and " transform-origin=" not in html, "valid inline SVG for the Nu checker"


@pytest.mark.parametrize("svg, expected", [
    ('<svg xmlns="http://www.w3.org/2000/svg" role="graphics-document document"><rect transform-origin="1px 2px"/></svg>',
     '<svg xmlns="http://www.w3.org/2000/svg" role="img"><rect style="transform-origin: 1px 2px"/></svg>'),
    ('<svg xmlns="http://www.w3.org/2000/svg"><g style="fill: red;" transform-origin="0 0"/></svg>',
     '<svg xmlns="http://www.w3.org/2000/svg"><g style="fill: red; transform-origin: 0 0"/></svg>'),
])
def test_inline_svg_is_made_valid_html(svg, expected):
    assert mermaid.valid_inline_svg(svg) == expected


def test_a_drawn_diagram_comes_from_the_cache(cache, monkeypatch):
    convert(GANTT, {"mermaid": True}, cache)
    monkeypatch.setattr(mermaid.shutil, "which", lambda name: None)  # no node: only the cache can answer
    assert "<svg" in convert(GANTT, {"mermaid": True}, cache)


def test_without_mermaid_true_the_fence_is_a_code_block(cache):
    soup = BeautifulSoup(convert(GANTT, {}, cache), "html.parser")
    assert soup.select_one("div.code-block .snippet-label").get_text() == "mermaid"
    assert not soup.select("svg")


def test_a_broken_diagram_names_its_line(cache):
    with pytest.raises(PostError) as caught:
        convert("글\n\n```mermaid\ngraph TD\n A-->>>B((\n```\n", {"mermaid": True}, cache)
    assert str(caught.value).startswith("content/posts/x.md:4: chirpy_reader: Mermaid cannot read the diagram")
