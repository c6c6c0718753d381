"""extract_snippets finds every kind of command block in fixture posts, with file line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.snippets.extract import extract_snippets
from plugins.snippets.model import Snippet

DATA = Path(__file__).parent / "test_data"
FIRST_POST = Path(__file__).resolve().parents[2] / "content" / "posts" / "2025-11-28-docker-1.md"


def extract(name: str) -> list[Snippet]:
    return extract_snippets((DATA / name).read_text(encoding="utf-8"), f"tests/snippets/test_data/{name}", "fixture")


def outline(snippets: list[Snippet]) -> list[tuple]:
    """(name, kind, label, first command line, tier) per snippet: the shape a reader of a table checks."""
    return [(s.name, s.kind, s.label, s.line, s.tier) for s in snippets]


OUTLINES = [
    pytest.param("shell-blocks.md", [
        ("01-install", "shell", "bash", 11, "sandbox"),
        ("02-run", "shell", "sh", 19, "live"),
        ("03-cat", "shell", "shell", 27, "static"),
        ("04-echo", "shell", "zsh", 36, "static"),
        ("05-images", "console", "bash", 44, "live"),
    ], id="bash/sh/shell/zsh; python, text and bare fences are not snippets"),
    pytest.param("console.md", [
        ("01-run", "console", "console", 9, "live"),
        ("02-systemctl", "console", "shell-session", 18, "sandbox"),
    ], id="console and shell-session"),
    pytest.param("files.md", [
        ("01-dockerfile", "dockerfile", "Dockerfile", 9, "live"),
        ("02-dockerfile", "dockerfile", "Dockerfile.dev", 14, "live"),
        ("03-compose-yaml", "file", "compose.yaml", 22, "live"),
        ("04-nginx-default-conf", "file", "nginx/default.conf", 31, "static"),
    ], id="Dockerfiles and files named with an IAL; an unnamed yaml block is not a snippet"),
    pytest.param("lists.md", [
        ("01-install", "list", "bash", 8, "sandbox"),
        ("02-pull", "shell", "bash", 32, "live"),
        ("03-manual-list", "list", "bash", 38, "static"),
    ], id="command lists; code-span lists that are not commands; a fence inside a list item; annotated lists"),
    pytest.param("annotations.md", [
        ("01-start", "shell", "bash", 10, "live"),
        ("02-ls", "shell", "bash", 15, "static"),
        ("03-reboot", "shell", "bash", 23, "sandbox"),
        ("04-echo", "shell", "bash", 35, "static"),
    ], id="annotations: name, tier, continues, exit, skip over several lines, ignore; setext heading"),
]


@pytest.mark.parametrize(("name", "expected"), OUTLINES)
def test_outline(name, expected):
    assert outline(extract(name)) == expected


def commands(snippet: Snippet) -> list[tuple]:
    return [(c.line, c.prompt, c.text, c.output, c.explanation, c.optional) for c in snippet.commands]


COMMANDS = [
    pytest.param("shell-blocks.md", 0, [
        (11, "", "sudo apt-get update", (), ("패키지 목록을 새로 받는다.",), False),
        (14, "", "sudo apt-get install -y vim", (), ("(선택) 편집기를 설치한다.",), True),
        (15, "", "docker ps", (), ("실행 중인 컨테이너",), False),
    ], id="comments explain the next command; (선택) comment marks it optional; trailing comment"),
    pytest.param("shell-blocks.md", 1, [
        (19, "", 'docker run --rm \\\n  -e GREETING=hello \\\n  busybox echo "$GREETING"', (), (), False),
    ], id="backslash line continuations make one command"),
    pytest.param("shell-blocks.md", 2, [
        (27, "", "cat > compose.yaml <<'EOF'\nservices:\n  web:\n    image: nginx  # 주석처럼 보이지만 파일 내용\nEOF",
         (), (), False),
        (32, "", "echo done", (), (), False),
    ], id="heredoc body belongs to its command, comments inside it are content"),
    pytest.param("shell-blocks.md", 3, [
        (36, "", 'if [ -f compose.yaml ]; then\n  echo "있음"\nfi', (), (), False),
        (39, "", 'echo "한 줄\n두 줄"', (), (), False),
    ], id="if/fi and a multi-line string are one command each"),
    pytest.param("shell-blocks.md", 4, [
        (44, "$ ", "docker images", (), (), False),
        (45, "$ ", "docker ps -a", (), (), False),
    ], id="a bash block where every line has a $ prompt reads as a console session"),
    pytest.param("console.md", 0, [
        (9, "$ ", "docker --version", ("Docker version 28.0.0, build abc",), (), False),
        (11, "$ ", "docker run --rm busybox sh -c 'echo 1; \\\necho 2'", ("1", "2"), (), False),
    ], id="prompts, output lines, > continuation"),
    pytest.param("console.md", 1, [
        (18, "# ", "systemctl status docker",
         ("● docker.service - Docker Application Container Engine", "     Active: active (running)"), (), False),
        (21, "[root@rocky ~]# ", 'cat > /etc/docker/daemon.json <<EOF\n{"log-driver": "json-file"}\nEOF', (), (), False),
        (24, "user@host:~$ ", "id -nG", ("user docker",), (), False),
    ], id="root prompt, bracketed and user@host prompts, heredoc typed at > prompts"),
    pytest.param("lists.md", 0, [
        (8, "", "docker version", (), ("도커 버전을 확인한다.",), False),
        (10, "", "sudo dnf install docker-ce", (), ("도커를 설치한다.", "시간이 좀 걸린다."), False),
        (13, "", "systemctl start docker", (), ("도커를 기동한다.",), False),
        (14, "", "sudo usermod -aG docker $USER", (), ("현재 사용자를 docker 그룹에 넣는다.",), True),
    ], id="command list: nested explanations, explanation after a colon, (선택)"),
    pytest.param("lists.md", 1, [(32, "", "docker pull nginx:1.27", (), (), False)], id="fence indented in a list item"),
    pytest.param("lists.md", 2, [
        (38, "", "make build", (), (), False),
        (40, "", "./run.sh --fast", (), (), False),
    ], id="an annotated list takes the items that start with a command"),
]


@pytest.mark.parametrize(("name", "index", "expected"), COMMANDS)
def test_commands(name, index, expected):
    assert commands(extract(name)[index]) == expected


def test_files_keep_their_text_and_name():
    dockerfile, dev, compose, conf = extract("files.md")
    assert dockerfile.body == "FROM nginx:1.27\nCOPY index.html /usr/share/nginx/html/"
    assert (dockerfile.filename, dockerfile.file) == ("Dockerfile", "fixture-01-dockerfile/Dockerfile")
    assert (dev.filename, compose.filename, conf.filename) == ("Dockerfile.dev", "compose.yaml", "nginx/default.conf")
    assert compose.body.startswith("services:\n  web:\n") and compose.commands == ()
    assert compose.needs.docker and not conf.needs.docker


def test_block_in_list_item_is_dedented():
    block = extract("lists.md")[1]
    assert (block.indent, block.body, block.start_line, block.end_line) == (3, "docker pull nginx:1.27", 31, 33)


def test_annotations_are_carried():
    start, failing, reboot, setext = extract("annotations.md")
    assert (start.annotation.name, start.annotation.tier, start.annotation.line) == ("start", "live", 8)
    assert (failing.annotation.continues, failing.annotation.exit) == (True, 1)
    assert (reboot.annotation.skip, reboot.annotation.tier, reboot.annotation.line) == ("실제 VM이 필요함", "sandbox", 18)
    assert setext.section == "Setext 제목" and setext.annotation.line == 0


def test_sections_and_anchors():
    snippets = extract("shell-blocks.md")
    assert [(s.section, s.section_anchor) for s in snippets[:3]] == [
        ("설치 준비", "설치-준비"), ("설치 준비", "설치-준비"), ("파일 만들기", "파일-만들기")]
    assert snippets[0].anchor == "snippet-fixture-01-install"
    assert snippets[0].file == "fixture-01-install.sh"


NEEDS = [
    pytest.param("shell-blocks.md", 0, ("root", "apt-get", "network", "docker"), id="sudo apt-get update"),
    pytest.param("console.md", 1, ("root", "systemd"), id="root prompt and systemctl"),
    pytest.param("console.md", 0, ("network", "docker"), id="docker run may pull"),
    pytest.param("lists.md", 0, ("root", "dnf", "network", "docker", "systemd"), id="install list"),
    pytest.param("shell-blocks.md", 3, (), id="plain shell needs nothing"),
]


@pytest.mark.parametrize(("name", "index", "labels"), NEEDS)
def test_needs(name, index, labels):
    assert extract(name)[index].needs.labels() == labels


def test_first_post_install_list():
    """The first post's "각 구문별 해석": six commands in reading order, usermod optional, each explained."""
    text = FIRST_POST.read_text(encoding="utf-8")
    # The list comes first; the editor's notes after it add blocks of their own.
    snippet = extract_snippets(text, "content/posts/2025-11-28-docker-1.md", "docker-1")[0]
    assert snippet.kind == "list" and snippet.section == "각 구문별 해석"
    assert [c.text.split()[:3] for c in snippet.commands] == [
        ["docker", "version"],
        ["sudo", "dnf", "config-manager"],
        ["sudo", "dnf", "install"],
        ["systemctl", "status", "docker"],
        ["systemctl", "start", "docker"],
        ["sudo", "usermod", "-aG"],
    ]
    assert [c.optional for c in snippet.commands] == [False] * 5 + [True]
    assert all(c.explanation for c in snippet.commands)
    lines = text.split("\n")
    assert all(lines[c.line - 1].lstrip("- (선택)").startswith(f"`{c.text}`") for c in snippet.commands)
    assert snippet.tier == "sandbox"


def test_front_matter_is_skipped_and_blanked_front_matter_keeps_lines():
    post = "---\ntitle: x\n---\n\n## 섹션\n\n```bash\necho hi\n```\n"
    blanked = "\n\n\n" + post.split("---\n", 2)[2]
    for text in (post, blanked):
        (snippet,) = extract_snippets(text, "x.md", "x")
        assert (snippet.line, snippet.section) == (8, "섹션")


def test_no_snippets_in_prose():
    text = "# 제목\n\n그냥 글이다. `docker ps` 를 치면 된다.\n\n- 항목 `docker ps`\n"
    assert extract_snippets(text, "x.md", "x") == []


def test_every_real_post_extracts(project_root):
    for path in sorted((project_root / "content" / "posts").glob("*.md")):
        snippets = extract_snippets(path.read_text(encoding="utf-8"), str(path), path.stem)
        names = [s.name for s in snippets]
        assert len(names) == len(set(names)), path
        assert all(s.name.isascii() for s in snippets)
