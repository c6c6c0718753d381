"""The one rule for sources: only files inside content/ are read or published, never hidden files or editor droppings.

Pelican walks the content folder following links, and publishes every static file it finds; an
asset linked to `/etc/ssh` or a `.env` beside the images would end up on the site. Here:
- `IGNORED` names (hidden files and folders, editor backups, swap and lock files, system litter)
  are skipped everywhere: they go into Pelican's own IGNORE_FILES, the build lists them at the
  INFO (verbose) level, and a post referring to one gets an error;
- a link under content/ must lead to a file or folder inside content/; one that leads out, or
  nowhere, stops the build before anything is read.
Posts (chirpy_reader), media (media/paths.py) and the importer ask `refusal()` about single files.
"""

from __future__ import annotations

import fnmatch
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from plugins.sitebuild.errors import PostError, SourcePos

logger = logging.getLogger(__name__)

PLUGIN = "sitebuild"
# fnmatch patterns for a file or folder name, as Pelican's IGNORE_FILES takes them.
IGNORED = (
    ".*",  # hidden: .env, .DS_Store, .git, .draft.md, Emacs's .#post.md lock, Vim's .post.md.swp
    "*~",  # Emacs and gedit backups
    "#*#",  # Emacs auto-save
    "*.swp", "*.swo",  # Vim swap files
    "~$*",  # Office lock files
    "Thumbs.db", "desktop.ini",  # Windows folder litter
)
LINK_HINT = "copy the file into content/ instead of linking to it"


@dataclass(frozen=True)
class Ignored:
    """A name under content/ that the build skips, and why (listed at the verbose level)."""

    path: str  # as the author sees it, e.g. content/assets/.env
    reason: str


def ignored_reason(name: str) -> str | None:
    """Why a file or folder of this name is never a source, or None."""
    for pattern in IGNORED:
        if fnmatch.fnmatchcase(name, pattern):
            return "a hidden file" if name.startswith(".") else "an editor or system file"
    return None


def link_problem(path: Path, content_root: Path) -> tuple[str, str] | None:
    """(what, hint) when the link at `path` leads outside `content_root` or nowhere; None otherwise."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link, or a loop (RuntimeError before Python 3.13)
        return f"the file is a link to {os.readlink(path)}, which does not exist", "remove the link or " + LINK_HINT
    if not real.is_relative_to(content_root.resolve()):
        what = "folder" if real.is_dir() else "file"
        return f"the {what} is a link to {real}, outside the content folder", LINK_HINT.replace("file", what)
    return None


def refusal(path: Path, content_root: Path) -> tuple[str, str] | None:
    """(what, hint) when `path` (under `content_root`) must not be read or published; None when it may."""
    try:
        parts = path.relative_to(content_root).parts
    except ValueError:
        return f"{path} is outside the content folder", "keep posts and media under content/"
    current = content_root
    for part in parts:
        current = current / part
        reason = ignored_reason(part)
        if reason:
            return (f"{current.relative_to(content_root)} is {reason}, which is never published",
                    "rename it without the leading dot (or the editor's ~ or #)")
        if current.is_symlink():
            problem = link_problem(current, content_root)
            if problem:
                return problem
    return None


def source_files(folder: Path, suffixes: tuple[str, ...] = (".md", ".markdown")) -> list[Path]:
    """Files under `folder` with one of `suffixes` (any case), as the build sees them: ignored names left out."""
    found = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not ignored_reason(d))
        found += [Path(here) / f for f in files if Path(f).suffix.lower() in suffixes and not ignored_reason(f)]
    return sorted(found)


def scan(content_root: Path, shown_root: Path) -> tuple[list[Ignored], list[PostError]]:
    """Every ignored name under `content_root`, and every link that leads out of it or nowhere."""
    ignored: list[Ignored] = []
    problems: list[PostError] = []

    def shown(path: str) -> str:
        return os.path.relpath(path, shown_root)

    for folder, dirs, files in os.walk(content_root):  # links are not followed: each is checked instead
        for name in sorted(dirs + files):
            path = os.path.join(folder, name)
            reason = ignored_reason(name)
            if reason:
                ignored.append(Ignored(shown(path), reason))
                if name in dirs:
                    dirs.remove(name)
                continue
            if os.path.islink(path):
                problem = link_problem(Path(path), content_root)
                if problem:
                    problems.append(PostError(SourcePos(shown(path)), PLUGIN, *problem))
        dirs.sort()
    return ignored, problems


def check_sources(pelican) -> None:
    """An `initialized` receiver: apply the rule to Pelican's walker, list what is skipped, refuse bad links."""
    settings = pelican.settings
    settings["IGNORE_FILES"] = list(dict.fromkeys([*(settings.get("IGNORE_FILES") or ()), *IGNORED]))
    content = Path(settings["PATH"])
    ignored, problems = scan(content, content.resolve().parent)
    for item in ignored:
        logger.info("%s: ignored, %s", item.path, item.reason)
    for problem in problems:
        logger.error("%s", problem)
    if problems:
        raise problems[0]
