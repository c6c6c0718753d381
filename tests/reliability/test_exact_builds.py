"""Builds are exact: the same input gives the same bytes, and a killed build changes nothing."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.reliability.site_factory import SENTINEL, make_site

pytestmark = pytest.mark.build


def tree_digest(folder) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path):
    from tests.conftest import build_site

    first, second = tmp_path / "a" / "output", tmp_path / "b" / "output"
    build_site(first)
    build_site(second)
    a, b = tree_digest(first), tree_digest(second)
    assert a.keys() == b.keys()
    differing = sorted(name for name in a if a[name] != b[name])
    assert differing == [], f"files differ between two builds: {differing[:10]}"


POST = '---\ntitle: "[도커-{n}] 글 {n}"\ndate: 2025-11-{d:02d} 12:00:00 +0900\ncategories: [Infra, Docker]\ntags: [도커, t{n}]\n---\n\n' + (
    "도커 이미지를 만든다. <br/>\n컨테이너를 실행한다.\n\n|a|b|\n|:-|:-|\n|1|2|\n\n- `docker ps`\n  - 목록을 본다.\n\n" * 20
)

BUILD = """
import sys
from plugins.sitebuild.runner import build
result = build({conf!r}, overrides={{"PATH": {content!r}, "CACHE_PATH": {cache!r}, "LOAD_CONTENT_CACHE": False}}, output={output!r})
sys.exit(0 if result.ok else 1)
"""


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5, 2.5, 4.0])
def test_killed_build_leaves_previous_output(tmp_path, delay):
    site = make_site(tmp_path, with_assets=False)
    for n in range(1, 161):
        site.write(f"posts/2025-11-{n % 28 + 1:02d}-p{n}.md", POST.format(n=n, d=n % 28 + 1))
    (site.output / "index.html").write_text("old index")
    before = tree_digest(site.output)
    script = BUILD.format(conf=str(ROOT / "pelicanconf.py"),
                          content=str(site.content), cache=str(site.root / "cache"), output=str(site.output))
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=site.root)
    time.sleep(delay)
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after = tree_digest(site.output)
    if (site.output / SENTINEL).exists():
        assert after == before, "the previous output changed"
    else:  # the build got to its swap before the kill: then it is complete
        assert (site.output / "posts" / "p160" / "index.html").is_file()
        assert (site.output / "index.html").read_text() != "old index"
    # the next build succeeds and removes what the killed one left aside
    rerun = subprocess.run([sys.executable, "-c", script], cwd=site.root, check=False)
    assert rerun.returncode == 0
    leftovers = [p.name for p in site.root.iterdir() if p.name.startswith(".output.")]
    assert leftovers == []
