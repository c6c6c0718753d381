"""Turn a media path as the author wrote it into a file under content/, the way Chirpy resolves it.

Chirpy treats `assets/img/x.png` and `/assets/img/x.png` alike (site-root paths); `media_subpath`
from the front matter is put in front of paths that do not start with `/`. Pelican's own
`{static}/...` form is accepted too. As Jekyll serves every file of the site's folder, a root path
names the file at that path under content/ wherever it lies (`/posts/20190808/x.png`,
`/commons/x.png`); Pelican copies a file a post links with `{static}` even outside STATIC_PATHS.
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from plugins.sitebuild.sources import refusal

PELICAN_PREFIX_RE = re.compile(r"^\{(?:static|attach|filename)\}")
WINDOWS_DRIVE_RE = re.compile(r"^[A-Za-z]:[\\/]")
# First folders of an absolute path on the author's machine, not on the site.
SYSTEM_ROOTS = {"home", "Users", "root", "tmp", "var", "usr", "etc", "opt", "mnt", "private", "Volumes", "srv", "work"}


@dataclass(frozen=True)
class PathProblem:
    message: str
    hint: str


class MediaPathError(ValueError):
    def __init__(self, problem: PathProblem):
        super().__init__(problem.message)
        self.problem = problem


def split_suffix(written: str) -> tuple[str, str]:
    """('path', '?query#fragment')."""
    cut = min((i for i in (written.find("?"), written.find("#")) if i >= 0), default=len(written))
    return written[:cut], written[cut:]


def site_path(written: str, media_subpath: str = "") -> str:
    """The content-relative posix path a reference names; raises MediaPathError if it cannot be one."""
    path, _ = split_suffix(written.strip())
    path = unquote(path)
    if path.lower().startswith("file:") or WINDOWS_DRIVE_RE.match(path):
        raise MediaPathError(PathProblem(
            f"{written!r} is a file on your computer, not on the site",
            "copy the file under content/assets/ and write /assets/... instead",
        ))
    if "\\" in path:
        raise MediaPathError(PathProblem(f"{written!r} uses backslashes", "write paths with / (e.g. /assets/img/x.png)"))
    prefixed = PELICAN_PREFIX_RE.match(path)
    if prefixed:
        path = "/" + path[prefixed.end():].lstrip("/")
    elif not path.startswith("/") and media_subpath:
        path = media_subpath.strip().rstrip("/") + "/" + path
    relative = posixpath.normpath(path.lstrip("/")) if path.strip("/") else ""
    if not relative or relative == "." or relative == ".." or relative.startswith("../"):
        raise MediaPathError(PathProblem(
            f"{written!r} points outside the content folder",
            "keep media under content/assets/ and write /assets/... (no ..)",
        ))
    return relative


def _looks_like_local_file(written: str) -> bool:
    path = split_suffix(written.strip())[0]
    if not path.startswith("/"):
        return False
    first = path.lstrip("/").split("/", 1)[0]
    return first in SYSTEM_ROOTS or os.path.isfile(path)


def _same_name_other_case(file: Path) -> str | None:
    """A file beside `file` whose name differs only in case or in Unicode form (NFD, as macOS writes Hangul)."""
    try:
        names = os.listdir(file.parent)
    except OSError:
        return None
    wanted = unicodedata.normalize("NFC", file.name).casefold()
    return next((n for n in names if unicodedata.normalize("NFC", n).casefold() == wanted and n != file.name), None)


def locate(written: str, media_subpath: str, content_root: Path, static_paths: tuple[str, ...]) -> tuple[str, Path]:
    """(content-relative path, absolute file) of a local reference, checked to exist.

    `static_paths` is kept for callers; a linked file is served from any folder under content/."""
    relative = site_path(written, media_subpath)
    file = content_root / relative
    if not file.is_file():
        if _looks_like_local_file(written):
            raise MediaPathError(PathProblem(
                f"{written!r} looks like a path on your computer; there is no content/{relative}",
                "copy the file under content/assets/ and write /assets/... instead",
            ))
        other = _same_name_other_case(file)
        if other and unicodedata.normalize("NFC", other) == unicodedata.normalize("NFC", file.name):
            hint = (f"the file's name is spelled with decomposed Hangul (NFD, as macOS saves it); rename it to the "
                    f"composed form: mv {other!r} {unicodedata.normalize('NFC', other)!r}")
        elif other:
            hint = f"the file is named {other!r}: the case must match, web servers are case-sensitive"
        else:
            hint = f"add the file as content/{relative} or fix the path"
        what = "is a folder, not a file" if file.is_dir() else "does not exist"
        raise MediaPathError(PathProblem(f"media file {written!r} {what} (looked for content/{relative})", hint))
    refused = refusal(content_root / relative, content_root)
    if refused:
        raise MediaPathError(PathProblem(f"media file {written!r}: {refused[0]}", refused[1]))
    return relative, file
