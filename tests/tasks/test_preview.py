"""The live preview: serves only output/ on 127.0.0.1, rebuilds after a post changes, shows build errors."""

from __future__ import annotations

import http.client
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.tasks.site_copy import copy_site, invoke_env

pytestmark = pytest.mark.build

WAIT = 120  # seconds; generous for a noisy 2-core machine, only a liveness bound
POST = Path("content/posts/2025-12-05-docker-2.md")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Running:
    """A preview process with its output collected line by line."""

    def __init__(self, site: Path, *args: str):
        self.site = site
        self.port = free_port()
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.proc = subprocess.Popen([sys.executable, "-m", "invoke", *args, "--port", str(self.port)], cwd=site,
                                     env=invoke_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str) -> re.Match:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                assert self.proc.poll() is None, "the preview exited:\n" + "\n".join(self.seen)
                continue
            self.seen.append(line)
            m = re.search(pattern, line)
            if m:
                return m
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.seen))

    def get(self, path: str, host: str | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host or f"127.0.0.1:{self.port}")
        conn.endheaders()
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        conn.close()
        return response.status, body

    def stop(self) -> None:
        self.proc.terminate()  # our own child, by its pid
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    site = copy_site(tmp_path_factory.mktemp("preview") / "site")
    running = Running(site, "livereload")
    try:
        running.wait_for(r"preview: http://127\.0\.0\.1:\d+/")
        yield running
    finally:
        running.stop()


def test_serves_the_site_with_the_reload_script(live):
    status, body = live.get("/")
    assert status == 200
    assert "livereload.js" in body
    status, body = live.get("/posts/docker-1/")
    assert status == 200 and "도커란 무엇인가" in body


TRAVERSAL = [
    "/../pelicanconf.py",
    "/%2e%2e/pelicanconf.py",
    "/%2E%2E/publishconf.py",
    "/..%2fpelicanconf.py",
    "/%2e%2e%2fpelicanconf.py",
    "/..\\pelicanconf.py",
    "/..%5cpelicanconf.py",
    "/%2e%2e%5cpelicanconf.py",
    "/posts/../../pelicanconf.py",
    "/posts/%2e%2e/%2e%2e/tasks.py",
    "/%252e%252e/pelicanconf.py",
    "//pelicanconf.py",
    "/../content/posts/2025-11-28-docker-1.md",
    "/../cache/",
    "/index.html%00",
]


@pytest.mark.parametrize("path", TRAVERSAL)
def test_paths_outside_the_output_get_404(live, path):
    status, body = live.get(path)
    assert status == 404
    assert "SITEURL" not in body and "title:" not in body


def test_other_host_names_get_404(live):
    assert live.get("/", host="evil.example")[0] == 404
    assert live.get("/", host=f"localhost:{live.port}")[0] == 200


def _listening(table: str, port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) listening on `port`."""
    found = []
    for line in Path(table).read_text().splitlines()[1:]:
        fields = line.split()
        address, hex_port = fields[1].rsplit(":", 1)
        if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
            found.append(address)
    return found


def test_listens_on_127_0_0_1_only(live):
    assert _listening("/proc/net/tcp", live.port) == ["0100007F"]
    assert _listening("/proc/net/tcp6", live.port) == []


def test_rebuilds_after_a_post_changes_and_prints_the_time(live):
    post = live.site / POST
    post.write_text(post.read_text(encoding="utf-8") + "\n미리보기에서 바뀐 문장입니다.\n", encoding="utf-8")
    m = live.wait_for(r"preview: rebuilt in (\d+\.\d+) s after content/posts/2025-12-05-docker-2\.md changed")
    seconds = float(m.group(1))
    print(f"one edited post rebuilt in {seconds:.2f} s")
    assert seconds > 0
    status, body = live.get("/posts/docker-2/")
    assert status == 200 and "미리보기에서 바뀐 문장입니다." in body


def test_a_new_block_shows_at_once_and_its_snippet_file_follows_from_the_background_build(live):
    post = live.site / POST
    post.write_text(post.read_text(encoding="utf-8") + "\n```bash\necho 백그라운드-빌드-확인\n```\n", encoding="utf-8")
    m = live.wait_for(r"preview: rebuilt in (\d+\.\d+) s after content/posts/2025-12-05-docker-2\.md changed \(its page")
    print(f"the edited post's page written in {float(m.group(1)):.2f} s")
    status, body = live.get("/posts/docker-2/")
    assert status == 200 and "백그라운드-빌드-확인" in body
    m = live.wait_for(r"preview: the rest of the site rebuilt in (\d+\.\d+) s")
    print(f"the rest of the site rebuilt in the background in {float(m.group(1)):.2f} s")
    status, manifest = live.get("/snippets/docker-2/snippets.json")
    assert status == 200 and "백그라운드-빌드-확인" in manifest
    assert live.get("/posts/docker-2/")[1] == body  # the full build wrote the same page


def test_a_build_error_shows_in_the_terminal_and_on_the_page_then_recovers(live):
    post = live.site / POST
    good = post.read_text(encoding="utf-8")
    post.write_text(good.replace("title:", "title: [도커-2] 따옴표 없음\nx:", 1), encoding="utf-8")
    live.wait_for(r"content/posts/2025-12-05-docker-2\.md:\d+: chirpy_reader: ")
    live.wait_for(r"preview: build failed in \d+\.\d+ s")
    status, body = live.get("/posts/docker-2/")
    assert status == 500
    assert "빌드에 실패했습니다" in body and "content/posts/2025-12-05-docker-2.md:" in body
    assert "livereload.js" in body  # the error page reloads itself once the post is fixed
    stylesheet = next((live.site / "output").rglob("*.css")).relative_to(live.site / "output")
    assert live.get(f"/{stylesheet.as_posix()}")[0] == 200  # assets are still served from the last good build
    post.write_text(good, encoding="utf-8")
    live.wait_for(r"preview: rebuilt in \d+\.\d+ s")
    assert live.get("/posts/docker-2/")[0] == 200


def test_serve_without_watching_serves_output_as_it_is(tmp_path):
    site = copy_site(tmp_path / "site")
    (site / "output" / "posts").mkdir(parents=True)
    (site / "output" / "index.html").write_text("<html><head></head><body>as it is</body></html>")
    running = Running(site, "serve", "--no-watch")
    try:
        running.wait_for(r"serving .* as it is")
        assert running.get("/") == (200, "<html><head></head><body>as it is</body></html>")
        assert running.get("/../pelicanconf.py")[0] == 404
        assert running.get("/%2e%2e/tasks.py")[0] == 404
        assert _listening("/proc/net/tcp", running.port) == ["0100007F"]
    finally:
        running.stop()
