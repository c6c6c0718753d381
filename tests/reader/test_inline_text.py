"""Texts no inline pattern can match skip the patterns, and the page is what the full pass gives."""

from __future__ import annotations

import pytest
from markdown import Markdown
from markdown.inlinepatterns import SimpleTagInlineProcessor

from plugins.chirpy_reader.inline_text import PlainTextExtension, needed_texts
from plugins.chirpy_reader.reader import base_extensions
from tests.conftest import POSTS


def convert(text: str, quick: bool) -> str:
    extensions, configs = base_extensions()
    if not quick:
        extensions = [e for e in extensions if not isinstance(e, PlainTextExtension)]
    return Markdown(extensions=extensions, extension_configs=configs).convert(text)


CASES = [
    "그냥 문장이다.",
    "`code` 와 \\*별\\*",
    "[링크](https://example.com) 와 ![그림](/a.png)",
    "<https://example.com> 과 <me@example.com>",
    "줄 끝 두 칸  \n다음 줄",
    "<span>태그</span> &amp; &#123;",
    "**굵게** *기울임* __밑줄 굵게__ _밑줄_",
    "각주[^1]\n\n[^1]: 설명",
    "수식 $x^2$ 와 $$y$$ 와 \\(z\\) 와 \\eqref{eq}",
    "약어 HTML\n\n*[HTML]: Hyper Text Markup Language",
    "- [ ] 할 일\n- [x] 한 일",
    "> 인용 *강조*\n{: .prompt-tip }",
    "| 표 | `칸` |\n|---|---|\n| a | b |",
]


@pytest.mark.parametrize("text", CASES)
def test_same_html_as_the_full_pass(text):
    assert convert(text, quick=True) == convert(text, quick=False)


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.name)
def test_real_posts_same_html_as_the_full_pass(post):
    text = post.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    assert convert(text, quick=True) == convert(text, quick=False)


def test_plain_text_is_passed_over():
    extensions, configs = base_extensions()
    md = Markdown(extensions=extensions, extension_configs=configs)
    md.convert("x")
    inline = md.treeprocessors["inline"]
    assert inline.could_match("그냥 문장이다.") is None
    assert inline.could_match("a `b`") is not None


def test_an_unknown_pattern_turns_the_quick_pass_off():
    extensions, configs = base_extensions()
    md = Markdown(extensions=extensions, extension_configs=configs)
    assert needed_texts(md) is not None
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "strike", 55)
    assert needed_texts(md) is None
    assert md.convert("~~지움~~") == "<p><del>지움</del></p>"
