"""Liquid in a Chirpy post: split tags joined, {{ site.* }} printed, render_with_liquid: false honoured,
and whatever cannot be honoured refused with its line."""

from __future__ import annotations

import pytest
from markdown import Markdown

from plugins.chirpy_reader.context import PostContext
from plugins.chirpy_reader.reader import base_extensions
from plugins.sitebuild.errors import PostError

SETTINGS = {"SITENAME": "도커 노트", "SITEURL": "https://example.github.io/blog", "SITE_DESCRIPTION": "설명"}


def convert(text: str, front_matter: dict | None = None) -> str:
    extensions, configs = base_extensions()
    md = Markdown(extensions=extensions, extension_configs=configs)
    md.post = PostContext("x.md", "content/posts/x.md", "posts/x.md", "x", "posts/x/",
                          {"title": "첫 글", **(front_matter or {})}, settings=SETTINGS)
    return md.convert(text)


@pytest.mark.parametrize("source, front_matter, expected", [
    pytest.param("{{ site.title }}에 오신 것을 환영합니다\n", {}, "<p>도커 노트에 오신 것을 환영합니다</p>", id="site.title"),
    pytest.param("[홈]({{ site.baseurl }}/)\n", {}, '<p><a href="/blog/">홈</a></p>', id="site.baseurl"),
    pytest.param("{{ page.title }}\n", {}, "<p>첫 글</p>", id="page.title from the front matter"),
    pytest.param("`{{ site.title }}`\n", {}, "<p><code>{{ site.title }}</code></p>", id="inline code stays code"),
    pytest.param("{% raw %}\n{{ whatever | upcase }}\n{% endraw %}\n", {}, "<p>&#123;{ whatever | upcase }}</p>",
                 id="raw block: output shown as text"),
    pytest.param("{% raw %}\n{% if product %}Pack{% endif %}\n{% endraw %}\n", {},
                 "<p>&#123;% if product %}Pack&#123;% endif %}</p>", id="raw block: tags shown as text"),
    pytest.param("글 {% raw %}{% include x.html %}{% endraw %} 끝\n", {}, "<p>글 &#123;% include x.html %} 끝</p>",
                 id="raw inside a line"),
    pytest.param("{% raw %}\n```liquid\n{% if p %}\n```\n{% endraw %}\n", {}, "data-copy=\"{% if p %}\"",
                 id="raw around a fence: the code is untouched"),
    pytest.param("`{% raw %}` and `{% endraw %}` and {{ x }} {% if a %}\n", {"render_with_liquid": False},
                 "<p><code>{% raw %}</code> and <code>{% endraw %}</code> and {{ x }} {% if a %}</p>",
                 id="render_with_liquid false: all text"),
])
def test_liquid_is_honoured(source, front_matter, expected):
    html = convert(source, front_matter).strip()
    assert html == expected if expected.startswith("<") else expected in html


@pytest.mark.parametrize("source, line, what", [
    pytest.param("글\n\n{{ site.nope }}\n", 3, "Liquid output '{{ site.nope }}' cannot be printed here",
                 id="unknown site variable"),
    pytest.param("글\n\n{{ page.title | upcase }}\n", 3, "cannot be printed here", id="filters"),
    pytest.param("글\n\n{%\n  include foo.html\n  a=1\n%}\n", 3, "Liquid tag '{% include foo.html a=1 %}' is not supported",
                 id="an unknown tag split over lines names its first line"),
    pytest.param("글\n\n{% include\n", 3, "never closed", id="an unclosed tag"),
])
def test_liquid_that_cannot_be_honoured_names_its_line(source, line, what):
    with pytest.raises(PostError) as caught:
        convert(source)
    assert str(caught.value).startswith(f"content/posts/x.md:{line}: chirpy_reader: ")
    assert what in str(caught.value)
