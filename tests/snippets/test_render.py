"""The files snippets become: runnable scripts, files as themselves, a whole-post script and manifests."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from plugins.snippets.extract import extract_snippets
from plugins.snippets.model import Post
from plugins.snippets.render import (
    index_text,
    manifest_text,
    post_files,
    post_script_text,
    script_name,
    script_text,
)

DATA = Path(__file__).parent / "test_data"
ROOT = Path(__file__).resolve().parents[2]
FIRST_POST = ROOT / "content" / "posts" / "2025-11-28-docker-1.md"
BASH = shutil.which("bash")


def post_of(path: Path, slug: str, title: str = "제목") -> Post:
    source = str(path.relative_to(ROOT))
    snippets = extract_snippets(path.read_text(encoding="utf-8"), source, slug)
    return Post(slug, title, f"https://example.github.io/blog/posts/{slug}/", source, tuple(snippets))


@pytest.fixture(scope="module")
def first_post() -> Post:
    return post_of(FIRST_POST, "docker-1", "[도커-1] 도커란 무엇인가?")


def test_install_script_reads_like_the_post(first_post):
    text = script_text(first_post.snippets[0], first_post)
    lines = text.split("\n")
    assert lines[0] == "#!/usr/bin/env bash"
    assert "# [도커-1] 도커란 무엇인가? — 각 구문별 해석" in lines
    assert "# 글: https://example.github.io/blog/posts/docker-1/#snippet-docker-1-01-install" in lines
    assert f"# 원문: content/posts/2025-11-28-docker-1.md:{first_post.snippets[0].line}" in lines
    assert "set -euo pipefail" in lines
    body = "\n".join(lines[lines.index("blog_commit") + 1:])
    expected = """
# 현재 설치되어있는 도커의 버전을 확인하는 명령어. 클라이언트/서버가 나누어져 출력된다.
# 상태를 확인하는 명령어라 실패해도(예: 아직 설치 전, 서비스 중지) 스크립트는 계속 진행합니다.
docker version || true

# Rocky Linux와 호환되는 도커의 CentOS/RHEL 도커 공식 저장소를 추가한다.
sudo dnf config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo

# 도커를 구성하는 데 필요한 모든 핵심 소프트웨어 패키지들을 시스템에 최신 버전으로 설치한다.
sudo dnf install docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin

# 도커 서비스의 현재 상태를 확인한다.
# dead, failed: 서비스 중지, running: 서비스 기동중
# 상태를 확인하는 명령어라 실패해도(예: 아직 설치 전, 서비스 중지) 스크립트는 계속 진행합니다.
systemctl status docker || true

# 도커 서비스 기동시킨다.
systemctl start docker

# (선택) 현재 사용자에게 도커 소켓에 접근할 권한 그룹을 추가한다.
# 주의: docker 그룹에 든 사용자는 sudo 없이도 root와 같은 권한을 얻을 수 있다. 혼자 쓰는 실습용 VM에서만 하고, 적용하려면 다시 로그인한다.
if blog_optional; then
  echo '주의: docker 그룹에 든 사용자는 sudo 없이도 root와 같은 권한을 얻을 수 있다. 혼자 쓰는 실습용 VM에서만 하고, 적용하려면 다시 로그인한다.' >&2
  sudo usermod -aG docker $USER
else
  echo '(선택) 건너뜀: sudo usermod -aG docker $USER (실행하려면 --with-optional)'
fi
"""
    assert body == expected, "six commands in reading order, each under its explanation, usermod opt-in"
    assert "# (선택) 표시된 명령어는 기본으로 건너뜁니다. 실행하려면 --with-optional 를 붙이세요." in lines


def _stub_path(tmp_path: Path) -> Path:
    """Commands that only record how they were called (sudo runs the rest of its arguments)."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    log = tmp_path / "calls.log"
    for name in ("docker", "dnf", "systemctl", "usermod"):
        (stubs / name).write_text(f'#!{BASH}\necho "{name} $*" >> {log}\n')
        (stubs / name).chmod(0o755)
    (stubs / "sudo").write_text(f'#!{BASH}\necho "sudo" >> {log}\nexec "$@"\n')
    (stubs / "sudo").chmod(0o755)
    return stubs


@pytest.mark.skipif(BASH is None, reason="needs bash")
@pytest.mark.parametrize(("args", "expected_last"), [(["--with-optional"], "usermod -aG docker tester"),
                                                     ([], "systemctl start docker")])
def test_install_script_runs_all_six_commands_in_order(first_post, tmp_path, args, expected_last):
    script = tmp_path / "install.sh"
    script.write_text(script_text(first_post.snippets[0], first_post))
    stubs = _stub_path(tmp_path)
    env = {"PATH": str(stubs), "USER": "tester"}
    result = subprocess.run([BASH, str(script), *args], check=False, env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    calls = [c for c in (tmp_path / "calls.log").read_text().splitlines() if c != "sudo"]
    assert calls[:5] == [
        "docker version",
        "dnf config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo",
        "dnf install docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin",
        "systemctl status docker",
        "systemctl start docker",
    ]
    assert calls[-1] == expected_last


def scripts_of(post: Post) -> list[tuple[str, str]]:
    return [(f.path, f.text) for f in post_files(post, "") if f.path.endswith(".sh")]


@pytest.mark.skipif(BASH is None, reason="needs bash")
@pytest.mark.parametrize("name", ["shell-blocks.md", "console.md", "files.md", "lists.md", "annotations.md"])
def test_every_generated_script_parses(name, tmp_path):
    for path, text in scripts_of(post_of(DATA / name, "fixture")):
        target = tmp_path / Path(path).name
        target.write_text(text)
        result = subprocess.run([BASH, "-n", str(target)], check=False, capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, f"{path}: {result.stderr}"


def test_console_script_has_commands_only():
    post = post_of(DATA / "console.md", "fixture")
    text = script_text(post.snippets[0], post)
    assert "docker --version || true\n\ndocker run --rm busybox sh -c 'echo 1; \\\necho 2'\n" in text
    assert "Docker version 28.0.0" not in text and "$ docker" not in text


def test_files_are_written_as_themselves():
    post = post_of(DATA / "files.md", "fixture")
    files = {f.path: f for f in post_files(post, "")}
    dockerfile = files["snippets/fixture/fixture-01-dockerfile/Dockerfile"]
    assert dockerfile.text == "FROM nginx:1.27\nCOPY index.html /usr/share/nginx/html/\n" and not dockerfile.executable
    assert "snippets/fixture/fixture-03-compose-yaml/compose.yaml" in files
    assert "snippets/fixture/fixture-04-nginx-default-conf/nginx/default.conf" in files
    assert files[f"snippets/fixture/{script_name('fixture')}"].executable


def test_whole_post_script_writes_files_then_runs_commands_in_order():
    post = post_of(DATA / "files.md", "fixture")
    text = post_script_text(post)
    assert text.index("cat > Dockerfile <<'SNIPPET_EOF'") < text.index("cat > compose.yaml <<'SNIPPET_EOF'")
    assert "mkdir -p nginx\ncat > nginx/default.conf <<'SNIPPET_EOF'\nserver { listen 80; }\nSNIPPET_EOF" in text


def test_whole_post_script_tolerates_blocks_expected_to_fail():
    post = post_of(DATA / "annotations.md", "fixture")
    text = post_script_text(post)
    assert "set +e\nls does-not-exist\nset -e" in text
    assert "sudo reboot" in text, "skipped blocks are skipped by the tests, not left out of the script"
    assert "rm -rf /" not in text, "ignored blocks are not snippets"


def test_heredoc_marker_never_clashes():
    text = "```yaml\nSNIPPET_EOF\n```\n{: file=\"odd.yaml\" }\n"
    post = Post("x", "t", "/posts/x/", "x.md", tuple(extract_snippets(text, "x.md", "x")))
    assert "<<'SNIPPET_EOF_'\nSNIPPET_EOF\nSNIPPET_EOF_\n" in post_script_text(post)


def test_annotation_notes_in_block_scripts():
    post = post_of(DATA / "annotations.md", "fixture")
    first, failing, reboot, _ = post.snippets
    assert f"#   {first.file} — 같은 셸" in script_text(failing, post)
    assert "# 이 블록은 종료 코드 1(으)로 끝나는 것이 정상입니다." in script_text(failing, post)
    assert "# 자동 테스트에서 제외됨: 실제 VM이 필요함" in script_text(reboot, post)


def test_manifest_is_deterministic_and_complete(first_post):
    text = manifest_text(first_post, "https://example.github.io/blog")
    assert text == manifest_text(first_post, "https://example.github.io/blog")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    record = data["snippets"][0]
    assert len(data["snippets"]) == len(first_post.snippets)
    assert record["download"] == "https://example.github.io/blog/snippets/docker-1/docker-1-01-install.sh"
    assert record["url"].endswith("/posts/docker-1/#snippet-docker-1-01-install")
    assert [c["optional"] for c in record["commands"]] == [False] * 5 + [True]
    assert record["tier"] == "sandbox" and record["needs"]["package_managers"] == ["dnf"]
    assert data["script"] == "all-docker-1.sh"


def test_site_index_lists_every_post_in_source_order(first_post):
    other = post_of(DATA / "files.md", "fixture")
    data = json.loads(index_text([other, first_post], ""))
    assert [p["slug"] for p in data["posts"]] == ["docker-1", "fixture"]
    assert data["count"] == len(first_post.snippets) + len(other.snippets)
    assert data["posts"][0]["snippets"][0]["file"] == "snippets/docker-1/docker-1-01-install.sh"


def test_post_without_snippets_writes_nothing():
    assert post_files(Post("x", "t", "/posts/x/", "x.md", ()), "") == []


def test_install_script_survives_the_machine_it_is_for(tmp_path, first_post):
    """On a fresh Rocky VM `docker version` fails (not installed yet) and `systemctl status docker`
    exits 3 (stopped): the downloaded script must still get to the install and start commands."""
    script = tmp_path / "install.sh"
    script.write_text(script_text(first_post.snippets[0], first_post))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stubs = {
        "docker": 'echo "docker $*" >> "$LOG"; exit 127',
        "systemctl": 'echo "systemctl $*" >> "$LOG"; [ "$1" = status ] && exit 3; exit 0',
        "sudo": '"$@"',
        "dnf": 'echo "dnf $*" >> "$LOG"',
        "usermod": 'echo "usermod $*" >> "$LOG"',
    }
    for name, body in stubs.items():
        (bin_dir / name).write_text(f"#!{BASH}\n{body}\n")
        (bin_dir / name).chmod(0o755)
    log = tmp_path / "calls.log"
    env = {"PATH": str(bin_dir), "USER": "tester", "LOG": str(log)}
    result = subprocess.run([BASH, str(script), "--with-optional"], check=False, env=env, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines()[-2:] == ["systemctl start docker", "usermod -aG docker tester"]

