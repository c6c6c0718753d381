"""Build a throwaway site from a few post files, with a previous output that must survive failures."""

from __future__ import annotations

import os
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

from plugins.sitebuild.output_folder import mark_output
from plugins.sitebuild.runner import BuildResult, build
from tests.conftest import ROOT

SENTINEL = "previous-build.txt"


@dataclass(frozen=True)
class TinySite:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, relative: str, data: str | bytes) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        return path

    @property
    def settings_file(self) -> Path:
        own = self.root / "pelicanconf.py"  # a project of its own (make_project)
        return own if own.is_file() else ROOT / "pelicanconf.py"

    def build(self, output: Path | None = None, **overrides) -> BuildResult:
        settings = {"PATH": str(self.content), "CACHE_PATH": str(self.root / "cache"), "LOAD_CONTENT_CACHE": False,
                    **overrides}
        return build(self.settings_file, overrides=settings, output=output or self.output)

    def previous_output_intact(self) -> bool:
        return (self.output / SENTINEL).read_text() == "old"


def make_project(tmp_path: Path) -> TinySite:
    """A site that is a project of its own: pelicanconf.py beside content/, the theme and plugins linked in."""
    site = make_site(tmp_path, with_assets=False)
    shutil.copy2(ROOT / "pelicanconf.py", site.root / "pelicanconf.py")
    for folder in ("plugins", "theme"):
        (site.root / folder).symlink_to(ROOT / folder, target_is_directory=True)
    return site


def make_site(tmp_path: Path, with_assets: bool = True) -> TinySite:
    site = TinySite(tmp_path / "site")
    (site.content / "posts").mkdir(parents=True)
    if with_assets and (ROOT / "content" / "assets").is_dir():
        shutil.copytree(ROOT / "content" / "assets", site.content / "assets")
    site.output.mkdir(parents=True)
    (site.output / SENTINEL).write_text("old")
    mark_output(site.output)  # a previous build's output, which the next build may replace
    return site


def tree(folder: Path, skip: tuple[str, ...] = ("cache",)) -> dict[str, str]:
    """Every file (a checksum of its bytes), link (its target) and folder under `folder`, links not followed;
    names starting with one of `skip` left out."""
    found: dict[str, str] = {}
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(skip))
        for name in dirs + sorted(f for f in files if not f.startswith(skip)):
            path = Path(here) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                found[key] = "link:" + os.readlink(path)
            elif path.is_dir():
                found[key] = "dir"
            else:
                found[key] = f"{zlib.crc32(path.read_bytes()):08x}:{path.stat().st_size}"
    return found
