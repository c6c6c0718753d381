"""The page HTML around snippets: the exact shape the theme styles (header, copy button, download link)."""

from __future__ import annotations

import difflib

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown

from plugins.chirpy_reader.context import PostContext
from plugins.chirpy_reader.reader import base_extensions
from plugins.snippets.markdown_ext import SnippetsExtension


def convert(text: str, siteurl: str = "", slug: str = "x") -> tuple[str, tuple]:
    extensions, configs = base_extensions()
    md = Markdown(extensions=[*extensions, SnippetsExtension()], extension_configs=configs)
    md.post = PostContext("/nonexistent/x.md", "content/posts/x.md", "posts/x.md", slug, f"posts/{slug}/", {},
                          settings={"SITEURL": siteurl})
    html = md.convert(text)
    return html, md.post.outputs["snippets"]


def assert_contains(html: str, expected: str) -> None:
    if expected not in html:
        diff = "\n".join(difflib.unified_diff(expected.splitlines(), html.splitlines(), "expected", "actual", lineterm=""))
        pytest.fail("expected HTML not found:\n" + diff)


def test_fenced_block_header_exact_shape():
    html, _ = convert("## 설치\n\n```bash\ndocker ps\n```\n")
    assert_contains(html, (
        '<div class="snippet" id="snippet-x-01-ps" data-snippet="01-ps">'
        '<div class="snippet-header"><span class="snippet-label">bash</span>'
        '<button class="snippet-copy" type="button" data-copy="docker ps" aria-label="명령어 복사">복사</button>'
        '<a class="snippet-download" href="/snippets/x/x-01-ps.sh" download="x-01-ps.sh">내려받기</a></div>'
        '<div class="highlight"><pre><span></span><code><span class="linenos" data-linenos="1 "></span>'
        'docker<span class="w"> </span>ps\n</code></pre></div><!--snippet-proof:1--></div>'
    ))  # the proof plugin fills or removes the slot (plugins/proof/page_line.py)
    assert "snippet-mark" not in html


def test_console_block_copies_commands_only_and_keeps_prompt_and_output_classes():
    html, _ = convert("```console\n$ docker ps -a\nCONTAINER ID   IMAGE\n# whoami\nroot\n```\n")
    soup = BeautifulSoup(html, "html.parser")
    block = soup.select_one("div.snippet")
    assert block.select_one("button.snippet-copy")["data-copy"] == "docker ps -a\nwhoami"
    assert block.select_one(".snippet-label").get_text() == "console"
    assert [gp.get_text() for gp in block.select("pre .gp")] == ["$ ", "# "]
    assert [go.get_text() for go in block.select("pre .go")] == ["CONTAINER ID   IMAGE", "root"]


def test_named_file_block_links_to_the_file_as_itself():
    html, _ = convert('## 컴포즈\n\n```yaml\nservices: {}\n```\n{: file="compose.yaml" }\n', "https://example.github.io/blog")
    soup = BeautifulSoup(html, "html.parser")
    block = soup.select_one("div.snippet")
    assert block.select_one(".snippet-label").get_text() == "compose.yaml"
    assert block.select_one("a.snippet-download")["href"] == (
        "https://example.github.io/blog/snippets/x/x-01-compose-yaml/compose.yaml")
    assert block.select_one("div.highlight")["data-file"] == "compose.yaml", "the reader's IAL attributes stay"


def test_dockerfile_block_label():
    html, _ = convert("```Dockerfile\nFROM nginx\n```\n")
    assert BeautifulSoup(html, "html.parser").select_one(".snippet-label").get_text() == "Dockerfile"


LIST = (
    "### 각 구문별 해석\n\n"
    "- `docker version`<br/>\n  - 버전을 확인한다.\n"
    "- (선택) `sudo usermod -aG docker $USER`\n  - 그룹에 넣는다.\n\n"
    "끝.\n"
)


def test_command_list_gets_anchor_and_download_paragraph():
    html, (_snippet,) = convert(LIST, "https://example.github.io/blog", slug="docker-1")
    soup = BeautifulSoup(html, "html.parser")
    ul = soup.find("ul", id="snippet-docker-1-01-version")
    assert ul is not None and len(ul.find_all("li", recursive=False)) == 2, "the list itself is kept as is"
    assert_contains(html, (
        '<p class="snippet-list-download"><a href="https://example.github.io/blog/snippets/docker-1/'
        'docker-1-01-version.sh" download>이 명령어들을 스크립트로 내려받기 (docker-1-01-version.sh)</a> '
        '<button class="snippet-copy" type="button" data-copy="docker version\nsudo usermod -aG docker $USER">'
        "명령어 복사</button></p>"
    ))
    assert ul.find_next_sibling().get("class") == ["snippet-list-download"]


def test_copy_text_is_escaped():
    html, _ = convert("```bash\necho \"<b>\" && echo 'a&b'\n```\n")
    assert 'data-copy="echo &quot;&lt;b&gt;&quot; &amp;&amp; echo &#x27;a&amp;b&#x27;"' in html
    assert BeautifulSoup(html, "html.parser").select_one("button")["data-copy"] == "echo \"<b>\" && echo 'a&b'"


def test_non_snippets_and_annotations_render_as_before():
    text = "<!-- snippet: ignore -->\n```bash\nrm -rf /tmp/x\n```\n\n```python\nprint(1)\n```\n"
    html, snippets = convert(text)
    assert snippets == () and "snippet-download" not in html and "snippet-mark" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("div.snippet"), "no snippet wrapper; the reader's plain code header only"
    assert [pre.get_text().split() for pre in soup.select("pre")] == [["rm", "-rf", "/tmp/x"], ["print(1)"]]


def test_block_in_list_item_gets_its_header_inside_the_item():
    html, snippets = convert("1. 받는다.\n\n   ```bash\n   docker pull nginx\n   ```\n\n2. 띄운다.\n")
    assert len(snippets) == 1 and snippets[0].indent == 3
    assert "snippet-mark" not in html and "{ .bash" not in html
    soup = BeautifulSoup(html, "html.parser")
    block = soup.select_one("ol > li div.snippet")
    assert block is not None and block["data-snippet"] == snippets[0].name
    assert block.select_one("button")["data-copy"] == "docker pull nginx"
    assert len(soup.select("ol > li")) == 2


def test_line_numbers_are_file_lines_with_blanked_front_matter():
    _, (snippet,) = convert("\n\n\n\n## 섹션\n\n```bash\necho hi\n```\n")
    assert (snippet.start_line, snippet.line) == (7, 8)


def test_many_blocks_keep_their_own_headers():
    text = "".join(f"## 단계 {i}\n\n```bash\necho {i}\n```\n\n" for i in range(1, 13))
    html, snippets = convert(text)
    soup = BeautifulSoup(html, "html.parser")
    assert [b["data-snippet"] for b in soup.select("div.snippet")] == [s.name for s in snippets]
    assert [b.select_one("button")["data-copy"] for b in soup.select("div.snippet")] == [f"echo {i}" for i in range(1, 13)]
