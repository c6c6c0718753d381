"""A temporary copy of the project to run tasks in, and a way to run `invoke` there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# Everything but what a build or a test run makes, and the test engine's data (var/, about 1 GB).
LEFT_BEHIND = {".git", ".venv", "output", "cache", "var", "node_modules", ".hypothesis", ".pytest_cache",
               ".ruff_cache", "test-artifacts"}
IGNORED = shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.pyc", "*.sock")


def copy_site(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for source in ROOT.iterdir():
        if source.name in LEFT_BEHIND or source.name.startswith((".output", "publish-")):
            continue
        if source.is_dir():
            shutil.copytree(source, dest / source.name, ignore=IGNORED, symlinks=True)
        elif source.is_file():
            shutil.copy2(source, dest / source.name)
    return dest


def invoke_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SITEURL", "RSYNC_DEST", "PYTEST_ADDOPTS")}
    env.update({"PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"}, **extra)
    return env


def invoke(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `invoke ARGS` in the copy; returns the finished process with stdout+stderr in .stdout."""
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=site, env=invoke_env(**env), check=False,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def edit(path: Path, append: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + append, encoding="utf-8")


LINKED_POSTS = {
    "2025-11-28-docker-1.md": """---
title: "[도커-1] 첫 글"
date: 2025-11-28 12:00:00 +0900
categories: [Infra, Docker]
tags: [도커]
---

첫 글입니다. [다음 글](/posts/docker-2/)과 [설치 절](#설치)을 보세요.

### 설치

![도커 아이콘](/assets/img/docker/icon.png)
""",
    "2025-12-05-docker-2.md": """---
title: "[도커-2] 두 번째 글"
date: 2025-12-05 12:00:00 +0900
categories: [Infra, Docker]
tags: [도커]
---

[지난 글](/posts/docker-1/#설치)에 이어서 씁니다.
""",
}


def with_linked_posts(site: Path) -> Path:
    """The copy with two small posts whose links all resolve, so a publish passes its link check.

    The real posts link pages other parts of the project build (the cheat sheet), and the stand-in
    theme links author pages the settings do not write; publishing them is refused, rightly, until
    those land. Publishing mechanics are tested on posts that do not depend on them.
    """
    posts = site / "content" / "posts"
    shutil.rmtree(posts)
    posts.mkdir()
    for name, text in LINKED_POSTS.items():
        (posts / name).write_text(text, encoding="utf-8")
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nAUTHOR_SAVE_AS = "author/{slug}.html"  # tests: the stand-in theme links author pages\n')
    return site
