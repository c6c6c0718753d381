"""`math: true`: TeX becomes MathML at build time; without it, dollars are text as on Chirpy."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from plugins.sitebuild.errors import PostError
from tests.reader.test_chirpy_syntax import convert

MATH = {"math": True}

CASES = [
    pytest.param("$$\nx = {-b \\pm \\sqrt{b^2-4ac} \\over 2a}\n$$\n", "div.math-display > math[display=block]", 1,
                 id="display math paragraph"),
    pytest.param("When $a \\ne 0$, two solutions\n", "p > math[display=inline]", 1, id="single dollars inline"),
    pytest.param("Lorem $$ x^2 $$ ipsum\n", "p > math[display=inline]", 1, id="double dollars inside text are inline"),
    pytest.param("1. \\$$ x_1 $$\n2. \\$$ x_2 $$\n", "li > math[display=inline]", 2, id="escaped form in lists"),
    pytest.param("$x^*_i$ and $y^*_j$\n", "p > math", 2, id="emphasis does not eat the TeX"),
    pytest.param("`$x$` costs $5 and $10\n", "math", 0, id="code spans and prices stay text"),
]


@pytest.mark.parametrize("source, selector, count", CASES)
def test_math_renders_to_mathml(source, selector, count):
    soup = BeautifulSoup(convert(source, MATH).html, "html.parser")
    assert len(soup.select(selector)) == count, soup
    assert "<em>" not in str(soup)


def test_numbered_equation_and_its_reference():
    source = ("$$\n\\begin{equation}\n  \\sum_{n=1}^\\infty 1/n^2 = \\frac{\\pi^2}{6}\n  \\label{eq:series}\n"
              "\\end{equation}\n$$\n\nWe can reference the equation as \\eqref{eq:series}.\n")
    soup = BeautifulSoup(convert(source, MATH).html, "html.parser")
    block = soup.select_one("div.math-display")
    assert block["id"] == "eq-eq-series" and block.select_one(".math-number").get_text() == "(1)"
    link = soup.select_one("a.math-ref")
    assert link["href"] == "#eq-eq-series" and link.get_text() == "(1)"
    assert "\\label" not in str(soup)


def test_without_math_true_dollars_are_text():
    assert convert("$$\nx\n$$\n\n$a$\n").html == "<p>$$\nx\n$$</p>\n<p>$a$</p>"


@pytest.mark.parametrize("source, line, what", [
    pytest.param("글\n\n$$\n\\frobnicate{x}\n$$\n", 3, "\\frobnicate is not supported", id="unknown command in a block"),
    pytest.param("글\n\n본문 $\\nosuch x$ 끝\n", 3, "\\nosuch is not supported", id="unknown command inline"),
    pytest.param("글\n\n\\eqref{nowhere}\n", 3, "refers to no numbered equation", id="reference to no label"),
])
def test_math_errors_name_the_line(source, line, what):
    with pytest.raises(PostError) as caught:
        convert(source, MATH)
    assert str(caught.value).startswith(f"content/posts/x.md:{line}: chirpy_reader: ")
    assert what in str(caught.value)


def test_one_markdown_for_posts_with_and_without_math():
    """The reader converts every post with one Markdown: math is on exactly in the posts that ask for it."""
    from markdown import Markdown

    from plugins.chirpy_reader.context import PostContext
    from plugins.chirpy_reader.reader import base_extensions

    extensions, configs = base_extensions()
    md = Markdown(extensions=extensions, extension_configs=configs)
    source = "$a$ and $$\nx\n$$\n"
    converted = []
    for front_matter in (MATH, {}, MATH, {}):
        md.reset()
        md.post = PostContext("x.md", "content/posts/x.md", "posts/x.md", "x", "posts/x/", front_matter,
                              settings={"SITENAME": "도커 노트"})
        converted.append(md.convert(source))
    assert converted[0] == converted[2] == convert(source, MATH).html and "<math" in converted[0]
    assert converted[1] == converted[3] == convert(source).html == "<p>$a$ and $$\nx\n$$</p>"
