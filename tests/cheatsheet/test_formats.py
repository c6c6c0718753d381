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

from plugins.cheatsheet.page_data import Download, all_pages, page_data
from plugins.cheatsheet.print_typst import print_typst
from plugins.cheatsheet.render_json import json_text
from plugins.cheatsheet.render_markdown import markdown_text
from plugins.cheatsheet.render_navi import navi_text
from plugins.cheatsheet.render_tldr import MAX_EXAMPLES, TldrPage, tldr_pages
from tests.cheatsheet.format_rules import navi_variables, read_navi, tldr_examples, tldr_problems
from tests.cheatsheet.sheets import FIRST_POST, FIRST_POST_FORMS, ROOT, series_sheet, text_sheet

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
    return [(e["form"] or e["command"], e["explanation"][0], e["optional"])
            for p in data["posts"] for s in p["sections"] for e in s["entries"]]


def from_page_data(sheet):
    data = page_data(sheet)
    return [(_tag_text(e.command_html), _tag_text(e.explanation_html[0]), e.optional)
            for p in data.posts for s in p.sections for e in s.entries]


TYPST_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"')


def _typst_text(code: str) -> str:
    """The Typst string literals in a piece of the document, joined (their escapes are JSON's)."""
    return "".join(json.loads(m) for m in TYPST_STRING_RE.findall(code))


def from_print_typst(sheet):
    found = []
    for line in print_typst(sheet).splitlines():
        at = line.find('entry("entry-')
        if at < 0:
            continue
        entry = line[at:]
        command_code = re.split(r"#(?:next|explained)#", entry[entry.index("cmd(") + 4:])[0]
        command = _typst_text(command_code).replace(" \\", " ")  # a wrapped line goes on after ` \`
        explanation = entry.split("#explained#[", 1)[1].split("]#line#")[0].split("]])")[0]
        found.append((command, _typst_text(explanation), command_code.startswith("[#opt#")))
    return found


@pytest.mark.parametrize("read", [from_markdown, from_navi, from_json, from_page_data, from_print_typst],
                         ids=lambda f: f.__name__)
def test_first_post_in_every_format(sheet, read):
    """Each format leads with the general form (from content/cheatsheet/forms.yaml for the first post)."""
    found = read(sheet)[:len(FIRST_POST)]
    assert [c for c, _, _ in found] == list(FIRST_POST_FORMS)
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
    pages = all_pages(sheet, links)
    assert pages.by_post == page_data(sheet, links)
    assert [page for _, page in pages.singles] == [page_data(sheet, links, post.slug) for post in sheet.posts
                                                   if post.sections]
    assert all(page.single and len(page.groups) == 1 for _, page in pages.singles)
    assert all("시리즈 전체" in d.note for _, page in pages.singles for d in page.downloads)


@pytest.mark.parametrize(("command", "program", "subcommand", "topic"), [
    ("sudo dnf install -y docker-ce", "dnf", "install", "설치"),
    ("docker run -d --name web nginx", "docker", "run", "컨테이너"),
    ("docker volume create <볼륨>", "docker", "volume create", "볼륨"),
    ("docker compose up -d --wait", "docker", "compose up", "컴포즈"),
    ("docker network rm app-net", "docker", "network rm", "네트워크"),
    ("docker build -t <이미지>:<태그> .", "docker", "build", "이미지"),
    ("FOO=1 sudo -E docker ps  # 목록을 본다", "docker", "ps", "컨테이너"),  # shlex: the comment is dropped
    ("sleep 1", "sleep", "", "보조"),
    ("until docker exec db true; do sleep 2; done", "until", "", "보조"),
    ("echo 'not closed", "echo", "", "보조"),  # shlex fails: plain words
])
def test_program_subcommand_and_topic(command, program, subcommand, topic):
    from plugins.cheatsheet.kinds import program_and_subcommand, topic_of

    assert program_and_subcommand(command) == (program, subcommand)
    assert topic_of(program, subcommand) == topic


def test_tldr_pages_are_docker_pages_only(sheet):
    pages = tldr_pages(sheet)
    assert pages and all(page.name.startswith("docker-") for page in pages)
    assert not {"cat", "echo", "sleep", "curl", "sed", "mkdir", "usermod", "dnf"} & {p.name for p in pages}
    assert not any(page.name.endswith("-2") for page in pages), "one page per command"
    examples = [command for page in pages for _, command in tldr_examples(page.text)]
    assert "docker logs --tail {{줄수}} {{컨테이너}}" in examples
    assert sum("{{" in c for c in examples) >= len(examples) // 2, "examples are general forms"
    assert not any("\\{" in c for c in examples), "tealdeer before 1.9 shows escaped braces"


def test_navi_file_follows_navi_rules(sheet):
    text = navi_text(sheet, "docker.cheat")
    cheats, problems = read_navi(text)
    assert problems == []
    # Commands navi would misread (HTML such as <h1> looks like a <variable>) are left out, each with a note.
    left_out = text.count("; navi 형식에 맞지 않아 뺀 명령어가 있습니다: ")
    assert len(cheats) + left_out == len(sheet.entries)
    assert left_out <= 2, "post 4 writes <h1> into index.html twice; anything more is new"
    variables = [v for c in cheats for v in navi_variables(c.command)]
    assert len(variables) >= 50 and "컨테이너" in variables
    suggestions = re.findall(r"^\$ (\w+): (.+)$", text, re.MULTILINE)
    assert ("컨테이너", "docker ps -a --format '{{.Names}}'") in suggestions
    assert {"이미지", "볼륨", "네트워크", "서비스"} <= {name for name, _ in suggestions}


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
    assert "docker-inspect" not in pages, "a Go template's braces cannot be shown by tealdeer before 1.9"
    assert "usermod" not in pages, "docker pages only"
    assert "- 로그를 계속 따라가며 본다. `<컨테이너명>` 자리에 이름을 쓴다:" in pages["docker-logs"].text
    assert pages["docker-logs"].text.endswith(pages["docker-logs"].patch), "the patch is the page's examples"


def test_tldr_long_pages_keep_eight():
    items = "\n".join(f"- `docker run --name n{i} nginx`\n  - {i}번째 컨테이너를 띄운다." for i in range(11))
    pages = _pages(text_sheet(f"### 많이\n\n{items}\n"))
    assert [(p.name, p.title, len(tldr_examples(p.text))) for p in pages] == [("docker-run", "docker run", MAX_EXAMPLES)]


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
