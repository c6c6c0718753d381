"""The tldr patches in Debian's tealdeer: a temporary config whose custom pages folder holds what the zip
unpacks to, updates off (no network), and a stand-in of the official page in its cache."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from plugins.cheatsheet.render_tldr import FOLDERS, tldr_pages, tldr_zip
from tests.cheatsheet.sheets import series_sheet

TLDR = shutil.which("tldr")
pytestmark = pytest.mark.skipif(TLDR is None, reason="Debian's tealdeer is not installed (deb-packages.txt)")

CONFIG = """\
[updates]
auto_update = false

[display]
use_pager = false
compact = true

[directories]
custom_pages_dir = "{pages}"
"""
OFFICIAL = "# docker run\n\n> Run a command in a new container.\n\n- Run a container:\n\n`docker run {{image}}`\n"


def _version() -> tuple[int, int]:
    out = subprocess.run([TLDR, "--version"], capture_output=True, text=True, check=True).stdout
    major, minor = re.search(r"(\d+)\.(\d+)", out).groups()
    return int(major), int(minor)


def _tealdeer(tmp_path: Path) -> dict[str, str]:
    """A tealdeer of its own: config, cache with one official page, the zip's folder for this version unpacked."""
    folder = FOLDERS[0][0] if _version() >= (1, 7) else FOLDERS[1][0]
    pages = tmp_path / "pages"
    with zipfile.ZipFile(io.BytesIO(tldr_zip(tldr_pages(series_sheet())))) as archive:
        for name in archive.namelist():
            if name.startswith(folder + "/"):
                (pages / Path(name).name).parent.mkdir(parents=True, exist_ok=True)
                (pages / Path(name).name).write_bytes(archive.read(name))
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(CONFIG.format(pages=pages))
    official = tmp_path / "cache" / "tldr-pages" / "pages" / "common"
    official.mkdir(parents=True)
    (official / "docker-run.md").write_text(OFFICIAL)
    return {"TEALDEER_CONFIG_DIR": str(config), "TEALDEER_CACHE_DIR": str(tmp_path / "cache"),
            "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1"}


def _tldr(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # no route out is needed: updates are off and the cache is local; a timeout catches a hang
    return subprocess.run([TLDR, *args], env=env, capture_output=True, text=True, timeout=30, check=False)


def test_tealdeer_shows_the_series_examples_under_the_official_page(tmp_path):
    env = _tealdeer(tmp_path)
    result = _tldr(env, "--raw", "docker", "run")
    assert result.returncode == 0, result.stderr
    assert "`docker run {{image}}`" in result.stdout, "the official page is still shown (not shadowed)"
    assert "`docker run -d --name {{컨테이너}} -p 127.0.0.1:{{호스트포트}}:{{컨테이너포트}} {{이미지}}:{{태그}}`" in result.stdout
    shown = _tldr(env, "docker-run")
    assert shown.returncode == 0 and "docker run -d --name 컨테이너" in shown.stdout
    assert "\\{" not in shown.stdout and "\\}" not in shown.stdout


def test_tealdeer_without_the_official_page_shows_nothing_of_ours(tmp_path):
    """A patch never stands in for a page: a reader without `tldr --update` sees tealdeer's own message."""
    env = _tealdeer(tmp_path)
    result = _tldr(env, "docker-logs")
    assert result.returncode != 0 and "docker logs --tail" not in result.stdout


def test_every_file_is_one_tealdeer_reads(tmp_path):
    names = zipfile.ZipFile(io.BytesIO(tldr_zip(tldr_pages(series_sheet())))).namelist()
    assert names and all(re.fullmatch(r"tealdeer/docker-[a-z-]+\.patch\.md|tealdeer-1\.6/docker-[a-z-]+\.patch", n)
                         for n in names)
