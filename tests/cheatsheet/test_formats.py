"""The first post's six commands in every text format, in order, with explanations and (선택);
navi and tldr output checked against those formats' own rules (tldr-lint from npm when installed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from cheatsheet.inline import explanation_plain
from cheatsheet.page_data import Download, all_pages, page_data
from cheatsheet.print_html import print_html
from cheatsheet.render_json import json_text
from cheatsheet.render_markdown import markdown_text
from cheatsheet.render_navi import navi_text
from cheatsheet.render_tldr import MAX_EXAMPLES, TldrPage, command_name, tldr_pages

from tests.cheatsheet.format_rules import navi_variables, read_navi, tldr_examples, tldr_problems
from tests.cheatsheet.sheets import FIRST_POST, ROOT, series_sheet, text_sheet

TLDR_LINT = ROOT / "node_modules" / ".bin" / "tldr-lint"
# What tldr itself ignores for translated pages (scripts/test.sh): capital letters and English tense.
TLDR_LINT_IGNORE = "TLDR003,TLDR004,TLDR015,TLDR104"

PLACEHOLDER_POST = """\
### 컨테이너 들여다보기

- `docker logs -f <컨테이너명>`
  - 로그를 계속 따라가며 본다. `<컨테이너명>` 자리에 이름을 쓴다.
- `docker inspect -f '{{.State.Status}}' <컨테이너 이름>`
  - 상태만 뽑는다.
- `echo '<h1>hello</h1>' > index.html`
  - 페이지 파일을 만든다.
- (선택) `sudo usermod -aG docker $USER`
  - 권한 그룹을 추가한다.
"""


@pytest.fixture(scope="module")
def sheet():
    return series_sheet()


def _tag_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def from_markdown(sheet):
    text = markdown_text(sheet)
    found = []
    for m in re.finditer(r"^- (\(선택\) )?`([^`\n]+)` \(\[글에서 보기\]\([^)]*\)\)\n  - (.*)$", text, re.MULTILINE):
        found.append((m.group(2), m.group(3), bool(m.group(1))))
    return found


def from_navi(sheet):
    cheats, problems = read_navi(navi_text(sheet, "docker.cheat"))
    assert problems == []
    return [(c.command, c.description.removeprefix("(선택) "), c.description.startswith("(선택) ")) for c in cheats]


def from_json(sheet):
    data = json.loads(json_text(sheet))
    return [(e["command"], e["explanation"][0], e["optional"])
            for p in data["posts"] for s in p["sections"] for e in s["entries"]]


def from_page_data(sheet):
    data = page_data(sheet)
    return [(_tag_text(e.command_html), _tag_text(e.explanation_html[0]), e.optional)
            for p in data.posts for s in p.sections for e in s.entries]


def from_print_html(sheet):
    html = print_html(sheet)
    found = []
    for m in re.finditer(r'<div class="entry" id="entry-\d+"><code class="cmd">(.*?)</code><ul class="ex"><li>(.*?)</li>',
                         html):
        command = _tag_text(m.group(1))
        optional = command.startswith("(선택)")
        found.append((command.removeprefix("(선택)"), _tag_text(m.group(2)), optional))
    return found


@pytest.mark.parametrize("read", [from_markdown, from_navi, from_json, from_page_data, from_print_html],
                         ids=lambda f: f.__name__)
def test_first_post_in_every_format(sheet, read):
    found = read(sheet)[:len(FIRST_POST)]
    assert [c for c, _, _ in found] == [c for c, _, _ in FIRST_POST]
    for (command, explanation, optional), (_, expected, expected_optional) in zip(found, FIRST_POST):
        assert explanation.startswith(expected), command
        assert optional == expected_optional, command


def test_json_is_one_compact_line(sheet):
    text = json_text(sheet)
    assert text.endswith("}\n") and text.count("\n") == 1  # compact: the C encoder, not indent's Python one
    assert json.loads(text)["posts"][0]["slug"] == sheet.posts[0].slug
    # written a post at a time (json_chunks), it is still exactly json.dumps of the whole
    assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")) + "\n"


def test_all_pages_are_the_pages_page_data_gives(sheet):
    links = (Download("JSON", "https://example.com/cheatsheet/docker.json"),)
    whole, singles = all_pages(sheet, links)
    assert whole == page_data(sheet, links)
    assert singles == [page_data(sheet, links, post.slug) for post in sheet.posts if post.sections]
    assert all(page.single and len(page.posts) == 1 for page in singles)


@pytest.mark.parametrize(("command", "name"), [
    ("sudo dnf install -y docker-ce", "dnf"),
    ("docker run -d --name web nginx", "docker run"),
    ("/usr/bin/git clone https://example.com/x.git", "git clone"),
    ("FOO=1 sudo -E docker ps  # 목록을 본다", "docker ps"),  # shlex: the comment is dropped
    ('docker exec -it web sh -c "ls /"', "docker exec"),
    ("echo 'not closed", "echo"),  # shlex fails: plain words
    ("docker\u3000ps", "docker\u3000ps"),  # shlex splits on ASCII whitespace only; so must the fast path
])
def test_tldr_command_name(command, name):
    assert command_name(command) == name


def test_first_post_in_tldr_pages(sheet):
    examples = {}
    for page in tldr_pages(sheet):
        for order, (description, command) in enumerate(tldr_examples(page.text)):
            examples[command] = (page.title, order, description)
    for command, explanation, optional in FIRST_POST:
        title, _, description = examples[command]
        assert title == command_name(command)
        assert description.startswith("(선택) " if optional else explanation_plain(explanation)[:10])
        assert explanation.rstrip(".") in description
        assert description.startswith("(선택) ") == optional
    # within a page, series order: dnf config-manager before dnf install, status before start
    assert examples[FIRST_POST[1][0]][1] < examples[FIRST_POST[2][0]][1]
    assert examples[FIRST_POST[3][0]][1] < examples[FIRST_POST[4][0]][1]


def test_navi_file_follows_navi_rules(sheet):
    text = navi_text(sheet, "docker.cheat")
    cheats, problems = read_navi(text)
    assert problems == []
    # Commands navi would misread (HTML such as <h1> looks like a <variable>) are left out, each with a note.
    left_out = text.count("; navi 형식에 맞지 않아 뺀 명령어가 있습니다: ")
    assert len(cheats) + left_out == len(sheet.entries)
    assert left_out <= 2, "post 4 writes <h1> into index.html twice; anything more is new"
    assert all(navi_variables(c.command) == [] for c in cheats)  # the posts use no <placeholders> yet


def test_navi_placeholders_become_variables_and_html_is_left_out():
    sheet = text_sheet(PLACEHOLDER_POST)
    text = navi_text(sheet, "docker.cheat")
    cheats, problems = read_navi(text)
    assert problems == []
    assert [(c.command, navi_variables(c.command)) for c in cheats] == [
        ("docker logs -f <컨테이너명>", ["컨테이너명"]),
        ("docker inspect -f '{{.State.Status}}' <컨테이너_이름>", ["컨테이너_이름"]),
        ("sudo usermod -aG docker $USER", []),
    ]
    assert "; navi 형식에 맞지 않아 뺀 명령어가 있습니다: https://example.com/posts/demo-1/#snippet-demo-1-" in text
    assert cheats[-1].description == "(선택) 권한 그룹을 추가한다."


def _pages(sheet) -> list[TldrPage]:
    return list(tldr_pages(sheet))


@pytest.mark.parametrize("which", ["series", "placeholders"])
def test_tldr_pages_follow_documented_rules(sheet, which):
    pages = _pages(sheet if which == "series" else text_sheet(PLACEHOLDER_POST))
    assert pages
    problems = [p for page in pages for p in tldr_problems(f"{page.name}.md", page.text)]
    assert problems == []


def test_tldr_placeholders_and_go_templates():
    pages = {p.name: p for p in _pages(text_sheet(PLACEHOLDER_POST))}
    assert "`docker logs -f {{컨테이너명}}`" in pages["docker-logs"].text
    assert "`docker inspect -f '\\{\\{.State.Status\\}\\}' {{컨테이너 이름}}`" in pages["docker-inspect"].text
    assert "`sudo usermod -aG docker $USER`" in pages["usermod"].text
    assert "- 로그를 계속 따라가며 본다. `<컨테이너명>` 자리에 이름을 쓴다:" in pages["docker-logs"].text


def test_tldr_long_pages_continue():
    items = "\n".join(f"- `docker run --name n{i} nginx`\n  - {i}번째 컨테이너를 띄운다." for i in range(11))
    pages = _pages(text_sheet(f"### 많이\n\n{items}\n"))
    assert [(p.name, p.title, len(tldr_examples(p.text))) for p in pages] == [
        ("docker-run", "docker run", MAX_EXAMPLES), ("docker-run-2", "docker run", 3)]


def _lint(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(TLDR_LINT), "--ignore", TLDR_LINT_IGNORE, str(folder)],
                          check=False, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not TLDR_LINT.exists() or not shutil.which("node"),
                    reason="tldr-lint is not installed (bash setup.sh --test runs npm ci)")
def test_tldr_lint(sheet, tmp_path):
    pages = _pages(sheet) + _pages(text_sheet(PLACEHOLDER_POST))
    for page in pages:
        (tmp_path / f"{page.name}.md").write_text(page.text, encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    # the linter does catch a broken page: nine examples (TLDR019)
    bad = tmp_path / "bad"
    bad.mkdir()
    nine = "".join(f"\n- {i}번째:\n\n`echo {i}`\n" for i in range(9))
    (bad / "echo.md").write_text(f"# echo\n\n> 출력한다.\n{nine}", encoding="utf-8")
    result = _lint(bad)
    assert result.returncode != 0 and "TLDR019" in result.stdout + result.stderr
