"""Fuzzing: on any text, the reader raises nothing but PostError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown import Markdown

from plugins.chirpy_reader.context import PostContext
from plugins.chirpy_reader.front_matter import parse_front_matter
from plugins.chirpy_reader.reader import base_extensions
from plugins.sitebuild.errors import PostError

FRAGMENTS = [
    "---", "title: t", 'title: "[도커-1] 도커"', "title: [도커-1] x", "date: 2025-11-28 12:00:00 +0900", "date: 2025-02-30",
    "date: 2025-11-28 12:00:00 +0960", "categories: [A, B]", "categories: [A, B, C]", "tags: 도커", "tags: {a: 1}",
    "image: {path: a.png, alt: x}", "image: [1]", "pin: true", "toc: 3", "slug: ../x", "media_subpath: /x", ": :", "  - x",
    "", "본문 <br/>", "1. 하나", "2. 둘", "- `docker ps`", "  - 설명", "(선택) `sudo x`", "> 인용", "{: .prompt-tip }",
    '{: file="compose.yaml" }', "```bash", "```", "~~~", "$ docker ps", "<div align=\"center\">", "</div>", "<video src=x>",
    "</video>", "{% raw %}", "{% endraw %}", "{% include x %}", "|a|b|", "|:-|:-|", "### 제목", "`a`{: .filepath}",
    "![a](b.png){: w=\"1\" }", "<!-- snippet: name=x -->", "\t\ttab", "\\", "<", "&amp;", "\x0b",
]

text_strategy = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=40).map("\n".join)


def convert(body: str) -> str:
    extensions, configs = base_extensions()
    md = Markdown(extensions=extensions, extension_configs=configs)
    md.post = PostContext("x.md", "content/posts/x.md", "posts/x.md", "x", "posts/x/", {}, settings={})
    return md.convert(body)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_front_matter_parser_raises_only_post_errors(text):
    try:
        parse_front_matter(text, "content/posts/x.md", "2025-11-28-x.md", "Asia/Seoul")
    except PostError:
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_markdown_conversion_raises_only_post_errors(text):
    try:
        convert(text)
    except PostError:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS[:18]), max_size=10).map("\n".join), text_strategy)
def test_whole_post_raises_only_post_errors(front, body):
    try:
        _fm, rest = parse_front_matter(f"---\n{front}\n---\n{body}", "content/posts/x.md", "2025-11-28-x.md", "Asia/Seoul")
        convert(rest)
    except PostError:
        pass


SNIPPET_FRAGMENTS = FRAGMENTS + [
    "```console", "```sh", "```dockerfile", "```yaml", "    ```bash", "$ docker run \\", "> --rm busybox", "# apt-get update",
    "cat > f <<'EOF'", "EOF", "<!-- snippet: name=a tier=live exit=1 -->", "<!-- snippet: skip=\"이유\" -->",
    "<!-- snippet: continues -->", "<!-- snippet: ignore -->", "<!-- snippet: name=../x -->", "<!-- snippet: tier=moon -->",
    "FROM debian:bookworm-slim", "RUN echo hi", "- (선택) `sudo usermod -aG docker $USER`", "#### 각 구문별 해석",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(SNIPPET_FRAGMENTS), st.text(max_size=20)), max_size=40).map("\n".join))
def test_snippet_extractor_raises_only_post_errors(text):
    from plugins.snippets.extract import extract_snippets

    try:
        extract_snippets(text, "content/posts/x.md", "x")
    except PostError:
        pass
