"""Chirpy's writing guide: heading IALs, prompts in a row, task lists, escapes, TOC skips."""

from __future__ import annotations

import pytest
from markdown import Markdown

from plugins.chirpy_reader.context import PostContext
from plugins.chirpy_reader.reader import base_extensions
from tests.reader.test_markdown import assert_html


def convert(text: str, front_matter: dict | None = None) -> Markdown:
    extensions, configs = base_extensions()
    md = Markdown(extensions=extensions, extension_configs=configs)
    md.post = PostContext("x.md", "content/posts/x.md", "posts/x.md", "x", "posts/x/", front_matter or {},
                          settings={"SITENAME": "도커 노트"})
    md.html = md.convert(text)
    return md


CASES = [
    pytest.param("## H2 — heading\n{: data-toc-skip='' .mt-4 .mb-0 }\n",
                 '<h2 class="mt-4 mb-0" data-toc-skip="" id="h2-heading">H2 — heading</h2>',
                 id="IAL on the line under a heading belongs to the heading"),
    pytest.param("# H1\n{: #top }\n\n본문\n", '<h1 id="top">H1</h1>\n<p>본문</p>', id="IAL id under a heading"),
    pytest.param("```md\n## x\n{: .y }\n```\n", "{: .y }", id="inside a code block it stays text"),
    pytest.param("> 팁\n{: .prompt-tip }\n\n> 정보\n{: .prompt-info }\n",
                 '<blockquote class="prompt-tip">\n<p>팁</p>\n</blockquote>\n'
                 '<blockquote class="prompt-info">\n<p>정보</p>\n</blockquote>',
                 id="two prompts in a row are two boxes"),
    pytest.param("> 경고\n{: .prompt-warning }\n\n> 그냥 인용\n",
                 '<blockquote class="prompt-warning">\n<p>경고</p>\n</blockquote>\n<blockquote>\n<p>그냥 인용</p>\n</blockquote>',
                 id="a prompt followed by a plain quote keeps its class"),
    pytest.param("> 한 줄\n>\n> 같은 인용\n", "<blockquote>\n<p>한 줄</p>\n<p>같은 인용</p>\n</blockquote>",
                 id="a quote's own paragraphs stay one quote"),
    pytest.param("- [ ] Job\n  - [x] Step 1\n",
                 '<ul class="task-list">\n<li class="task-list-item"><input type="checkbox" disabled/> Job<ul class="task-list">\n'
                 '<li class="task-list-item"><input type="checkbox" disabled checked/> Step 1</li>\n</ul>\n</li>\n</ul>',
                 id="task list"),
    pytest.param('You can observe \\"[it](../x/)\\".\n', '<p>You can observe "<a href="../x/">it</a>".</p>',
                 id="kramdown escape of a double quote"),
    pytest.param("## 제목\n\n[TOC]\n", '<h2 id="제목">제목</h2>\n<p>[TOC]</p>',
                 id="[TOC] is text, as kramdown shows it"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_chirpy_syntax(source, expected):
    html = convert(source).html
    if expected.startswith("<"):
        assert_html(html, expected)
    else:
        assert expected in html


def test_toc_skips_headings_marked_data_toc_skip():
    md = convert("## 보이는 제목\n\n## 숨는 제목\n{: data-toc-skip='' }\n\n### 그 아래\n")
    names = [t["name"] for t in md.toc_tokens]
    assert names == ["보이는 제목", "그 아래"]
    assert "숨는 제목" not in md.toc and "그 아래" in md.toc
