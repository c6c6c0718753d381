"""Placeholders stay visible in every format; explanations lose only their markup."""

from __future__ import annotations

import pytest

from plugins.cheatsheet.inline import (
    command_html,
    explanation_html,
    explanation_markdown,
    joined_plain,
    markdown_code,
    navi_command,
    placeholders,
    tldr_command,
)

# command, HTML, navi, tldr
COMMANDS = [
    ("docker logs <컨테이너명>",
     'docker logs <var class="placeholder">&lt;컨테이너명&gt;</var>',
     "docker logs <컨테이너명>",
     "docker logs {{컨테이너명}}"),
    ("sudo usermod -aG docker $USER",
     'sudo usermod -aG docker <var class="env">$USER</var>',
     "sudo usermod -aG docker $USER",
     "sudo usermod -aG docker $USER"),
    ("docker exec -it <컨테이너 이름> sh",
     'docker exec -it <var class="placeholder">&lt;컨테이너 이름&gt;</var> sh',
     "docker exec -it <컨테이너_이름> sh",
     "docker exec -it {{컨테이너 이름}} sh"),
    ("docker inspect -f '{{.State.Status}}' <컨테이너명>",
     "docker inspect -f '{{.State.Status}}' <var class=\"placeholder\">&lt;컨테이너명&gt;</var>",
     "docker inspect -f '{{.State.Status}}' <컨테이너명>",
     "docker inspect -f '\\{\\{.State.Status\\}\\}' {{컨테이너명}}"),
    # HTML the command writes is not a placeholder; navi has no escape for it, so navi leaves it out
    ("echo '<h1>hi</h1>' > index.html",
     "echo '&lt;h1&gt;hi&lt;/h1&gt;' &gt; index.html",
     None,
     "echo '<h1>hi</h1>' > index.html"),
    # a heredoc is no tldr example line; a `#` line inside it would end navi's command
    ("cat > f <<'EOF'\n# 주석\nEOF",
     "cat &gt; f &lt;&lt;'EOF'\n# 주석\nEOF",
     None,
     None),
    ("docker run \\\n  -d nginx",
     "docker run \\\n  -d nginx",
     "docker run \\\n  -d nginx",
     "docker run -d nginx"),
]


@pytest.mark.parametrize(("command", "html", "navi", "tldr"), COMMANDS)
def test_command_in_each_format(command, html, navi, tldr):
    assert command_html(command) == html
    assert navi_command(command) == navi
    assert tldr_command(command) == tldr


@pytest.mark.parametrize(("command", "names"), [
    ("docker logs <컨테이너명>", ("컨테이너명",)),
    ("cp <파일> <파일>.bak", ("파일",)),
    ("echo '<b>굵게</b>'", ()),
    ("sort < input.txt > out.txt", ()),
])
def test_placeholders(command, names):
    assert placeholders(command) == names


@pytest.mark.parametrize(("text", "html", "plain", "markdown"), [
    ("`-d`: 백그라운드 실행", "<code>-d</code>: 백그라운드 실행", "-d: 백그라운드 실행", "`-d`: 백그라운드 실행"),
    ("**이 순간 데이터가 사라진다.**", "<strong>이 순간 데이터가 사라진다.</strong>", "이 순간 데이터가 사라진다.",
     "**이 순간 데이터가 사라진다.**"),
    ("<컨테이너명> 자리에 이름을 쓴다", "&lt;컨테이너명&gt; 자리에 이름을 쓴다", "<컨테이너명> 자리에 이름을 쓴다",
     "\\<컨테이너명> 자리에 이름을 쓴다"),
    ("`docker logs <이름>` 처럼", '<code>docker logs <var class="placeholder">&lt;이름&gt;</var></code> 처럼',
     "docker logs <이름> 처럼", "`docker logs <이름>` 처럼"),
    ("[공식 문서](https://docs.docker.com/) 참고", "공식 문서 참고", "공식 문서 참고",
     "[공식 문서](https://docs.docker.com/) 참고"),
])
def test_explanation_markup(text, html, plain, markdown):
    assert explanation_html(text) == html
    assert joined_plain((text,)) == plain
    assert explanation_markdown(text) == markdown


def test_the_pdf_keeps_only_hangul_words_whole():
    from plugins.cheatsheet.print_typst import _words

    assert _words("CPU 0.5개 제한") == ['"CPU"', '" "', 'box("0.5개")', '" "', 'box("제한")']


@pytest.mark.parametrize(("lines", "joined"), [
    (("하나.", "둘"), "하나. 둘"),
    (("옵션은 `-p`: 포트 연결", "127.0.0.1 을 붙인다."), "옵션은 -p: 포트 연결. 127.0.0.1 을 붙인다."),
    (("", "하나"), "하나"),
])
def test_joined_lines_read_as_sentences(lines, joined):
    assert joined_plain(lines) == joined


@pytest.mark.parametrize(("command", "code"), [
    ("docker ps", "`docker ps`"),
    ("echo `date`", "`` echo `date` ``"),  # padded: it ends with a backtick
    ("a\nb", "\n  ```bash\n  a\n  b\n  ```"),
])
def test_markdown_code(command, code):
    assert markdown_code(command, indent="  ") == code
