"""`invoke cheatsheet`: tells the author what is unexplained, writes every file (and builds the site)."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from invoke import MockContext

import tasks
from tests.cheatsheet.sheets import FIRST_POST


def test_writes_the_files_and_lists_unexplained_commands(capsys, tmp_path):
    tasks.cheatsheet(MockContext(), out=str(tmp_path), pdf=False)
    out = capsys.readouterr().out.splitlines()
    folder = tmp_path / "cheatsheet"
    data = json.loads((folder / "docker.json").read_text(encoding="utf-8"))
    missing = [e for p in data["posts"] for e in p["missing"]]
    unexplained = [line for line in out if ": cheatsheet: no explanation for `" in line]
    assert len(unexplained) == len(missing)
    assert all(re.match(r"^content/posts/[\w-]+\.md:\d+: cheatsheet: ", line) for line in unexplained)
    assert out[-2].startswith(f"{sum(len(s['entries']) for p in data['posts'] for s in p['sections'])} commands")
    assert out[0 + len(unexplained)].startswith(f"[도커-1] 도커란 무엇인가?: {len(FIRST_POST)} commands in 1 sections")
    assert not (folder / "docker.pdf").exists()
    for name in ("docker.md", "docker.cheat", "tldr/tealdeer/docker-run.patch.md", "cheatsheet.js"):
        assert (folder / name).is_file(), name
    with zipfile.ZipFile(folder / "docker-tldr.zip") as archive:
        names = archive.namelist()
    assert {"tealdeer/docker-run.patch.md", "tealdeer-1.6/docker-run.patch"} <= set(names)
    assert all(name.startswith(("tealdeer/docker-", "tealdeer-1.6/docker-")) for name in names)


@pytest.mark.pdf
def test_makes_the_pdf_too(tmp_path):
    tasks.cheatsheet(MockContext(), out=str(tmp_path))
    assert (tmp_path / "cheatsheet" / "docker.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "cheatsheet" / "docker-core.pdf").read_bytes().startswith(b"%PDF-")
