"""Arrange an output and a cache folder in one file-system situation, build, and report what happened.

Run as `unshare -m --propagation private python -m tests.reliability.fs_situations FOLDER OUTPUT CACHE`
(root): full and read-only disks are small tmpfs mounts that exist only in that private mount namespace,
so nothing of the machine's own mounts is touched. Prints one JSON object: the build's outcome, and
every file of FOLDER (cache excepted) before and after the build, links not followed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

POST = '---\ntitle: "시험"\ndate: 2025-11-28 12:00:00 +0900\ncategories: [Infra, Docker]\ntags: [도커]\n---\n\n본문\n'

# What the output path is before the build, and whether a build may (True) or must refuse (False).
OUTPUT_KINDS = {
    "absent": True,
    "empty folder": True,
    "previous build": True,
    "link to a previous build": True,
    "someone's folder": False,
    "file": False,
    "dangling link": False,
    "mount point": False,
    "read-only disk": False,
    "full disk": False,
    "immutable file in the previous build": False,
}
CACHE_KINDS = {
    "absent": True,
    "folder": True,
    "link to a folder": True,
    "file": False,
    "read-only disk": False,
}


def mount_tmpfs(folder: Path, size: str, read_only: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)], check=True)
    if read_only:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def previous_build(folder: Path) -> None:
    from plugins.sitebuild.output_folder import mark_output

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text("old")
    mark_output(folder)


def arrange_output(kind: str, root: Path) -> Path:
    disk = root / "disk"
    output = disk / "output"
    if kind in ("read-only disk", "full disk"):
        mount_tmpfs(disk, "96k")
        previous_build(output)
        if kind == "read-only disk":
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        return output
    disk.mkdir()
    if kind == "empty folder":
        output.mkdir()
    elif kind == "previous build":
        previous_build(output)
    elif kind == "link to a previous build":
        previous_build(disk / "real")
        output.symlink_to(disk / "real")
    elif kind == "someone's folder":
        output.mkdir()
        (output / "notes.txt").write_text("mine")
    elif kind == "file":
        output.write_text("a file")
    elif kind == "dangling link":
        output.symlink_to(disk / "nowhere")
    elif kind == "mount point":
        mount_tmpfs(output, "1m")
    elif kind == "immutable file in the previous build":
        previous_build(output)
        subprocess.run(["chattr", "+i", str(output / "index.html")], check=True)
    return output


def arrange_cache(kind: str, root: Path) -> Path:
    cache = root / "cache"
    if kind == "folder":
        cache.mkdir()
    elif kind == "link to a folder":
        (root / "cache-real").mkdir()
        cache.symlink_to(root / "cache-real")
    elif kind == "file":
        cache.write_text("a file")
    elif kind == "read-only disk":
        mount_tmpfs(cache, "1m", read_only=True)
    return cache


def main(folder: str, output_kind: str, cache_kind: str) -> dict:
    from plugins.sitebuild.runner import build
    from tests.conftest import ROOT
    from tests.reliability.site_factory import tree

    root = Path(folder)
    content = root / "content" / "posts"
    content.mkdir(parents=True)
    (content / "2025-11-28-case.md").write_text(POST, encoding="utf-8")
    output = arrange_output(output_kind, root)
    cache = arrange_cache(cache_kind, root)
    before = tree(root)
    try:
        result = build(ROOT / "pelicanconf.py", output=output, overrides={
            "PATH": str(root / "content"), "CACHE_PATH": str(cache), "LOAD_CONTENT_CACHE": False,
            "CHEATSHEET": {"pdf": False}})
        after = tree(root)
        built = (output / "index.html").is_file() and (output / ".sitebuild-output").is_file()
        new_site = built and (output / "index.html").read_text(errors="replace") != "old"
    finally:
        if output_kind == "immutable file in the previous build":
            for path in root.rglob("index.html"):
                subprocess.run(["chattr", "-i", str(path)], check=False)
    leftovers = sorted(str(p.relative_to(root)) for p in root.rglob(".*.building-*"))
    return {"ok": result.ok, "problems": list(result.problems), "before": before, "after": after,
            "new_site": new_site, "leftovers": leftovers}


if __name__ == "__main__":
    print("\n" + json.dumps(main(*sys.argv[1:4]), ensure_ascii=False))  # the last line: the report
