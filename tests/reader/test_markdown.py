"""kramdown/GFM constructs the author wrote for Chirpy render the way Chirpy rendered them."""

from __future__ import annotations

import difflib

import pytest
from markdown import Markdown

from plugins.chirpy_reader.context import PostContext
from plugins.chirpy_reader.reader import base_extensions
from plugins.sitebuild.errors import PostError


def render(text: str) -> str:
    extensions, configs = base_extensions()
    md = Markdown(extensions=extensions, extension_configs=configs)
    md.post = PostContext("x.md", "content/posts/x.md", "posts/x.md", "x", "posts/x/", {}, settings={})
    return md.convert(text)


def assert_html(actual: str, expected: str) -> None:
    if actual.strip() != expected.strip():
        diff = "\n".join(difflib.unified_diff(expected.strip().splitlines(), actual.strip().splitlines(),
                                              "expected", "actual", lineterm=""))
        pytest.fail("rendered HTML differs:\n" + diff)


CASES = [
    pytest.param(
        "세줄 요약은 다음과 같다.\n1. 하나\n2. 둘\n3. 셋\n",
        "<p>세줄 요약은 다음과 같다.</p>\n<ol>\n<li>하나</li>\n<li>둘</li>\n<li>셋</li>\n</ol>",
        id="ordered list right under a paragraph",
    ),
    pytest.param(
        "문단\n- 하나\n- 둘\n",
        "<p>문단</p>\n<ul>\n<li>하나</li>\n<li>둘</li>\n</ul>",
        id="bullet list right under a paragraph",
    ),
    pytest.param(
        "2025년 현재\n2. 이건 목록이 아니다\n",
        "<p>2025년 현재\n2. 이건 목록이 아니다</p>",
        id="ordered list not starting at 1 does not interrupt a paragraph",
    ),
    pytest.param(
        "- `docker version`<br/>\n  - 버전을 확인한다.\n- `systemctl status docker`\n  - 상태를 확인한다.\n  - dead, failed: 중지\n",
        "<ul>\n<li><code>docker version</code><br/><ul>\n<li>버전을 확인한다.</li>\n</ul>\n</li>\n"
        "<li><code>systemctl status docker</code><ul>\n<li>상태를 확인한다.</li>\n<li>dead, failed: 중지</li>\n</ul>\n</li>\n</ul>",
        id="two-space nested explanation lists",
    ),
    pytest.param(
        "- (선택) `sudo usermod -aG docker $USER`\n  - 권한 그룹을 추가한다.\n",
        "<ul>\n<li>(선택) <code>sudo usermod -aG docker $USER</code><ul>\n<li>권한 그룹을 추가한다.</li>\n</ul>\n</li>\n</ul>",
        id="optional command item",
    ),
    pytest.param(
        "```yaml\n- a\n- b\n\n1. c\n```\n",
        '<div class="highlight"><pre><span></span><code><span class="p p-Indicator">-</span><span class="w"> </span>'
        '<span class="l l-Scalar l-Scalar-Plain">a</span>\n<span class="p p-Indicator">-</span><span class="w"> </span>'
        '<span class="l l-Scalar l-Scalar-Plain">b</span>\n\n<span class="l l-Scalar l-Scalar-Plain">1. c</span>\n</code></pre></div>',
        id="no blank lines inserted inside fenced code",
    ),
    pytest.param(
        "|특징|도커|\n|:---|:---|\n|격리|**OS 커널**<br/>높음|\n",
        '<table>\n<thead>\n<tr>\n<th style="text-align: left;">특징</th>\n<th style="text-align: left;">도커</th>\n'
        '</tr>\n</thead>\n<tbody>\n<tr>\n<td style="text-align: left;">격리</td>\n'
        '<td style="text-align: left;"><strong>OS 커널</strong><br/>높음</td>\n</tr>\n</tbody>\n</table>',
        id="GFM table with br and bold",
    ),
    pytest.param(
        '<div align="center">\n  <img src="a.png" alt="a" width="500">\n</div>\n',
        '<div align="center">\n  <img src="a.png" alt="a" width="500">\n</div>',
        id="raw HTML block passes through",
    ),
    pytest.param(
        "줄 하나 <br/>\n줄 둘\n",
        "<p>줄 하나 <br/>\n줄 둘</p>",
        id="br line breaks",
    ),
    pytest.param(
        "### 도커의 핵심 개념\n",
        '<h3 id="도커의-핵심-개념">도커의 핵심 개념</h3>',
        id="Hangul heading anchor",
    ),
]

IAL_CASES = [
    pytest.param("> 팁입니다.\n{: .prompt-tip }\n", '<blockquote class="prompt-tip">\n<p>팁입니다.</p>\n</blockquote>',
                 id="prompt-tip on blockquote"),
    pytest.param("> 경고\n{: .prompt-warning }\n", '<blockquote class="prompt-warning">\n<p>경고</p>\n</blockquote>',
                 id="prompt-warning on blockquote"),
    pytest.param("> 그냥 인용\n", "<blockquote>\n<p>그냥 인용</p>\n</blockquote>", id="plain blockquote untouched"),
    pytest.param('![도커](a.png){: width="700" height="400" .shadow }\n',
                 '<p><img alt="도커" class="shadow" height="400" src="a.png" width="700" /></p>', id="image IAL"),
    pytest.param('![도커](a.png){: w="700" h="400" .left }\n',
                 '<p><img alt="도커" class="left" height="400" src="a.png" width="700" /></p>', id="w and h"),
    pytest.param("`/etc/docker`{: .filepath} 파일\n", '<p><code class="filepath">/etc/docker</code> 파일</p>', id="inline filepath"),
    pytest.param('```yaml\na: 1\n```\n{: file="compose.yaml" }\n',
                 '<div class="highlight" data-file="compose.yaml"><pre><span></span><code><span class="nt">a</span>'
                 '<span class="p">:</span><span class="w"> </span><span class="l l-Scalar l-Scalar-Plain">1</span>\n</code></pre></div>',
                 id="file IAL on fenced block"),
    pytest.param('```bash\nls\n```\n{: .nolineno }\n',
                 '<div class="highlight nolineno"><pre><span></span><code>ls\n</code></pre></div>', id="nolineno IAL"),
    pytest.param("{% raw %}\n`{{ .Name }}`\n{% endraw %}\n", "<p><code>{{ .Name }}</code></p>", id="raw tags vanish"),
]


@pytest.mark.parametrize(("source", "expected"), CASES + IAL_CASES)
def test_render(source, expected):
    """The structure kramdown gives; Chirpy's code headers and line numbers are test_code_headers.py's."""
    from tests.reader.test_code_blocks import without_chirpy_chrome

    assert_html(without_chirpy_chrome(render(source)), expected)


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("글\n\n{% include footer.html %}\n", 3),
        ("{% assign x = 1 %}\n", 1),
    ],
)
def test_unknown_liquid_tags_are_errors_with_line(source, line):
    with pytest.raises(PostError) as info:
        render(source)
    assert str(info.value).startswith(f"content/posts/x.md:{line}: chirpy_reader: Liquid tag")


def test_liquid_inside_code_is_left_alone():
    assert "{% include x %}" in render("`{% include x %}`\n\n```\n{% include y %}\n```\n")
