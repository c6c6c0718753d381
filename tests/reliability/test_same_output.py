"""A refactoring leaves the site as it was: the work tree and a base revision build the same bytes.

The base revision is `SAME_OUTPUT_BASE` (any git revision) or the one in same-output-base.txt beside
this file: the last commit whose output the code must still reproduce. When a change is meant to
change the site (a new post, new markup), move that file to the commit that made it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.reliability.test_exact_builds import tree_digest

pytestmark = pytest.mark.build

BASE_FILE = Path(__file__).with_name("same-output-base.txt")
BUILD = """
import os, sys
tree = {tree!r}
sys.path.insert(0, tree)  # the base revision's own packages, not the work tree's installed ones
os.chdir(tree)
from plugins.sitebuild.runner import build
result = build(os.path.join(tree, "pelicanconf.py"), output={output!r},
               overrides={{"CACHE_PATH": {cache!r}, "LOAD_CONTENT_CACHE": False, **{overrides!r}}})
for problem in result.problems:
    print(problem, file=sys.stderr)
sys.exit(0 if result.ok else 1)
"""


def base_revision() -> str:
    named = os.environ.get("SAME_OUTPUT_BASE", "").strip()
    if named:
        return named
    lines = [ln.strip() for ln in BASE_FILE.read_text(encoding="utf-8").splitlines()]
    return next(ln for ln in lines if ln and not ln.startswith("#"))


def checkout(revision: str, into: Path) -> None:
    """The revision's files (no .git) in `into`, sharing the work tree's node_modules (Mermaid's CLI)."""
    known = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{revision}^{{commit}}"], capture_output=True, check=False)
    if known.returncode:
        pytest.skip(f"the base revision {revision} is not in this clone (a shallow checkout?); "
                    "fetch it or set SAME_OUTPUT_BASE")
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    if (ROOT / "node_modules").is_dir():
        (into / "node_modules").symlink_to(ROOT / "node_modules")


def build(tree: Path, output: Path, cache: Path, overrides: dict) -> None:
    script = BUILD.format(tree=str(tree), output=str(output), cache=str(cache), overrides=overrides)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"the build of {tree} failed:\n{done.stderr[-3000:]}"


def demo_overrides(tmp_path: Path) -> dict:
    """Chirpy's demo posts (tests/reader/chirpy_demo), with the settings its own test builds them with."""
    from tests.reader.chirpy_demo.site import AUTHORS, make_content

    return {"PATH": str(make_content(tmp_path / "demo")), "CHEATSHEET": {"pdf": False}, "CHIRPY_AUTHORS": AUTHORS}


@pytest.mark.parametrize("site", ["content", "chirpy-demo"])
def test_work_tree_builds_the_base_revisions_bytes(tmp_path, site):
    revision = base_revision()
    base = tmp_path / "base"
    checkout(revision, base)
    overrides = demo_overrides(tmp_path) if site == "chirpy-demo" else {}
    build(base, tmp_path / "base-output", tmp_path / "base-cache", overrides)
    build(ROOT, tmp_path / "output", tmp_path / "cache", overrides)
    before, after = tree_digest(tmp_path / "base-output"), tree_digest(tmp_path / "output")
    assert sorted(after.keys() - before.keys()) == [], "files the base revision did not write"
    assert sorted(before.keys() - after.keys()) == [], "files the base revision wrote and the work tree did not"
    differing = sorted(name for name in before if before[name] != after[name])
    assert differing == [], f"files whose bytes differ from {revision}'s build: {differing[:20]}"
