"""Every downloaded script, run with a stub `docker` where the reader already has things, leaves them alone.

The stub answers `inspect` for the reader's containers, images, volumes, networks and compose
project and records every call; curl, sleep, sudo and the host tools are stubs too. A script may
run some commands, but never one that names the reader's objects, and the reader's files keep
their bytes. In an empty folder on an empty engine every whole-post script runs to its end, and
a failing wait loop gives up and removes what the run made.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from plugins.cheatsheet.kinds import GLUE_PROGRAMS, program_and_subcommand
from plugins.snippets.list_explanations import extract_explained
from plugins.snippets.model import Post
from plugins.snippets.render import post_files

ROOT = Path(__file__).resolve().parents[2]
POSTS = sorted((ROOT / "content" / "posts").glob("*.md"))
BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="needs bash")

READER_FILES = {
    "Dockerfile": "FROM scratch\n# the reader's own\n",
    ".env": "API_KEY=the-readers-real-key\n",
    "index.html": "<p>reader</p>\n",
    "compose.yaml": "services: {}\n",
    "app.py": "print('reader')\n",
    "init.sql": "SELECT 1;\n",
    ".dockerignore": "node_modules\n",
    "site/index.html": "<p>reader site</p>\n",
    "notes.md": "private notes\n",
}
READER_OBJECTS = {
    "containers": ["web", "hello-web", "db", "app", "crashy", "busy", "hungry", "web-default", "web-user",
                   "hello-tomcat", "hello-jre", "hello-arg", "hello-script", "registry"],
    "images": ["hello-nginx:1.0", "hello-nginx:1.1", "hello-nginx:1.2", "hello-nginx:latest",
               "shop-app:1.0.0", "127.0.0.1:5000/shop-app:1.0.0"],
    "volumes": ["db-data", "memo-data", "registry-data"],
    "networks": ["app-net"],
    "compose": ["shop"],
}
# docker subcommands that only look
READ_ONLY = {"inspect", "ps", "images", "history", "logs", "stats", "version", "info", "ls", "top", "port"}

STUB_DOCKER = r"""#!/usr/bin/env bash
echo "$*" >> "$STUB_LOG"
has() { [ -f "$STUB_STATE/$1" ] && grep -qxF "$2" "$STUB_STATE/$1"; }
inspect() {  # every name given must exist, as for docker's own `inspect` (options such as -f skipped)
  local kind=$1 name; shift
  while [ $# -gt 0 ]; do
    case $1 in -f|--format|--type) shift ;; -*) ;; *) name=$1; has "$kind" "$name" || { echo "Error: No such object: $name" >&2; exit 1; } ;; esac
    shift
  done
  exit 0
}
made() {  # what a run of the stub makes: `build -t NAME`, `tag SRC NAME`
  local next=0 arg
  if [ "$1" = tag ]; then echo "$3" >> "$STUB_STATE/images"; return; fi
  for arg in "$@"; do
    if [ "$next" = 1 ]; then echo "$arg" >> "$STUB_STATE/images"; next=0; fi
    case $arg in -t|--tag) next=1 ;; esac
  done
}
case "$1" in build|tag) made "$@" ;; esac
case "$1 $2" in
  "container inspect") shift 2; inspect containers "$@" ;;
  "image inspect") shift 2; inspect images "$@" ;;
  "volume inspect") shift 2; inspect volumes "$@" ;;
  "network inspect") shift 2; inspect networks "$@" ;;
esac
for arg in "$@"; do
  case $arg in label=com.docker.compose.project=*)
    has compose "${arg#label=com.docker.compose.project=}" && echo 0123456789ab
    exit 0 ;;
  esac
done
if [ "$1" = exec ] || [ "$1 $2" = "compose exec" ]; then exit "${STUB_EXEC_STATUS:-0}"; fi
if [ "$1" = run ]; then echo '<title>stub</title>'; fi  # what the posts' `docker run ... wget | grep title` look for
exit 0
"""
QUIET_STUBS = ("sleep", "dnf", "systemctl", "usermod")
PAGE_STUBS = ("curl", "wget")  # print a page the posts grep for its <title>


def _post(path: Path) -> Post:
    source = str(path.relative_to(ROOT))
    text = path.read_text(encoding="utf-8")
    slug = path.stem.split("-", 3)[-1]
    return Post(slug, slug, f"https://example.github.io/posts/{slug}/", source, tuple(extract_explained(text, source, slug)))


# The scripts the site gives the reader to run; a post's own named file (a container's start.sh) is
# written as it is, not executable, for the image that copies it.
SCRIPTS = [(f.path, f.text) for path in POSTS for f in post_files(_post(path), "")
           if f.path.endswith(".sh") and f.executable]
WHOLE_POST = [(name, text) for name, text in SCRIPTS if Path(name).name.startswith("all-")]


def _machine(tmp_path: Path, objects: dict[str, list[str]]) -> dict[str, str]:
    stubs = tmp_path / "bin"
    stubs.mkdir()
    (stubs / "docker").write_text(STUB_DOCKER)
    for name in QUIET_STUBS:
        (stubs / name).write_text("#!/usr/bin/env bash\nexit 0\n")
    for name in PAGE_STUBS:
        (stubs / name).write_text("#!/usr/bin/env bash\necho '<title>stub</title>'\n")
    (stubs / "sudo").write_text('#!/usr/bin/env bash\nexec "$@"\n')
    for stub in stubs.iterdir():
        stub.chmod(0o755)
    state = tmp_path / "engine"
    state.mkdir()
    for kind, names in objects.items():
        (state / kind).write_text("".join(f"{n}\n" for n in names))
    return {"PATH": f"{stubs}:/usr/bin:/bin", "STUB_STATE": str(state), "STUB_LOG": str(tmp_path / "docker.log"),
            "USER": "reader", "HOME": str(tmp_path), "LANG": "C.UTF-8"}


def _run(script: Path, folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BASH, str(script), *args], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _touching(calls: list[str]) -> list[str]:
    """Calls that change something and name one of the reader's objects."""
    names = {n for kind, items in READER_OBJECTS.items() if kind != "compose" for n in items}
    bad = []
    for call in calls:
        words = call.split()
        verb = words[1] if words[:1] in (["compose"], ["container"], ["image"], ["volume"], ["network"]) and \
            len(words) > 1 else (words[0] if words else "")
        if verb in READ_ONLY or "label=com.docker.compose.project=" in call:
            continue
        if words[:1] == ["compose"] or any(w in names or w.split(":/", 1)[0] in names for w in words):
            bad.append(call)
    return bad


@pytest.mark.parametrize(("name", "text"), SCRIPTS, ids=[name for name, _ in SCRIPTS])
@pytest.mark.parametrize("args", [(), ("--here",), ("--here", "--with-optional")], ids=["plain", "here", "optional"])
def test_the_readers_folder_and_objects_survive(tmp_path, name, text, args):
    script = tmp_path / Path(name).name
    script.write_text(text)
    folder = tmp_path / "downloads"
    for path, content in READER_FILES.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(content)
    before = _snapshot(folder)
    env = _machine(tmp_path, READER_OBJECTS)
    result = _run(script, folder, env, *args)
    after = _snapshot(folder)
    changed = {p for p in before if after.get(p) != before[p]}
    assert not changed, f"{name} {args} changed the reader's files {sorted(changed)}\n{result.stderr}"
    log = Path(env["STUB_LOG"])
    calls = log.read_text().splitlines() if log.exists() else []
    assert not _touching(calls), f"{name} {args} touched the reader's docker objects:\n{_touching(calls)}"
    if result.returncode:
        assert "멈춤:" in result.stderr, f"{name} failed without saying why:\n{result.stderr}"


def _whole_post(tmp_path: Path, name: str, folder: str = "practice") -> tuple[Path, Path]:
    """(script, empty folder): the whole-post script whose path ends with `name`, written into tmp_path."""
    text = next(t for n, t in WHOLE_POST if n.endswith(name))
    script = tmp_path / Path(name).name
    script.write_text(text)
    (tmp_path / folder).mkdir()
    return script, tmp_path / folder


@pytest.mark.parametrize("name", [name for name, _ in WHOLE_POST])
def test_whole_post_scripts_run_to_the_end_in_an_empty_folder(tmp_path, name):
    script, folder = _whole_post(tmp_path, name)
    result = _run(script, folder, _machine(tmp_path, {}))
    assert result.returncode == 0, f"{name}:\n{result.stderr[-2000:]}"


def test_a_non_empty_folder_needs_here(tmp_path):
    script, folder = _whole_post(tmp_path, "all-docker-2.sh", "downloads")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8")
    env = _machine(tmp_path, {})
    refused = _run(script, folder, env)
    assert refused.returncode == 1 and "--here" in refused.stderr
    assert not Path(env["STUB_LOG"]).exists(), "refused before any docker call"
    assert _run(script, folder, env, "--here").returncode == 0


def test_a_wait_that_never_succeeds_gives_up_and_removes_what_the_run_made(tmp_path):
    script, folder = _whole_post(tmp_path, "all-docker-4.sh")
    env = {**_machine(tmp_path, {}), "STUB_EXEC_STATUS": "1"}
    result = _run(script, folder, env)
    assert result.returncode == 1 and "120초" in result.stderr
    calls = Path(env["STUB_LOG"]).read_text().splitlines()
    wait = "exec db mariadb -h 127.0.0.1 -u app -papp-pass -e SELECT 1 shop"
    assert calls.count(wait) == 61, "a try every 2 s from 0 to 120 s (sleep is a stub)"
    cleanup = calls[len(calls) - calls[::-1].index(wait):]
    assert {"rm -f db", "rm -f web-user", "network rm app-net", "volume rm db-data", "volume rm memo-data"} <= set(cleanup)
    assert sorted(p.name for p in folder.iterdir()) == [], "files made by the run are removed too"


def test_every_script_parses_and_names_no_unbounded_wait():
    for name, text in SCRIPTS:
        result = subprocess.run([BASH, "-n"], input=text, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{name}: {result.stderr}"
        loops = [line for line in text.splitlines() if line.startswith(("until ", "while ")) and "; do" in line]
        assert all(line.endswith("; do") for line in loops), f"{name}: a wait loop without a time limit: {loops}"


@pytest.mark.parametrize("path", POSTS, ids=[p.stem for p in POSTS])
def test_every_command_of_every_post_carries_its_korean_explanation(path):
    """Every command the post explains; glue (sleep, echo, mkdir, curl...) has no explanation list in the posts."""
    post = _post(path)
    unexplained = [c.text for s in post.snippets if s.is_script for c in s.commands
                   if not c.explanation and program_and_subcommand(c.text)[0] not in GLUE_PROGRAMS]
    assert unexplained == []
    for name, text in SCRIPTS:
        if f"/{post.slug}/" in name:
            assert "\n# " in text.split("blog_commit", 1)[1], f"{name} has no explanation comments"


# Scripts by post and number only: the name part comes from snippets/names.py and may change.
@pytest.mark.parametrize(("script", "needs"), [
    ("docker-2/10-", [("03-", "컨테이너 hello-web"), ("09-", "이미지 hello-nginx:1.2")]),
    ("docker-3/02-", [("01-", "컨테이너 web")]),
    ("docker-4/02-", []),
    ("docker-5/08-", [("07-", "컴포즈 프로젝트")]),
])
def test_block_scripts_name_the_blocks_they_need(script, needs):
    """Read off the commands: the block that made what this one names (never a URL's path, like /.env)."""
    post, number = script.split("/")
    text = next(t for n, t in SCRIPTS if f"/{post}/{post}-{number}" in n)
    named = [line.removeprefix("#   ").split(" — ", 1) for line in text.splitlines() if line.startswith("#   ")]
    assert [(name.removeprefix(f"{post}-")[:3], what) for name, what in named] == needs
