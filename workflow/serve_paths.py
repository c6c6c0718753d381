"""Map a request path to a file inside the output folder, refusing anything that could leave it.

Written by hand because the answer must be exactly "a file under the root, or 404": Tornado's
StaticFileHandler answers 403 for traversal (telling a prober the file exists elsewhere) and
follows symlinks by its own policy; http.server's translate_path silently drops `..` segments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

FILE = "file"
REDIRECT = "redirect"  # a folder asked for without its trailing slash
MISSING = "missing"  # not found, or refused: both are a plain 404

INDEX = "index.html"
# Longer requests name no file (Linux: 4096 bytes a path, 255 a name); checked before the file system is asked.
MAX_PATH = 4096
MAX_NAME = 255


@dataclass(frozen=True)
class Resolved:
    kind: str  # FILE | REDIRECT | MISSING
    path: Path | None = None  # the file to send (FILE)
    location: str = ""  # where to send the browser (REDIRECT), still percent-encoded
    reason: str = ""  # why it is MISSING, for the server log and the tests


def _missing(reason: str) -> Resolved:
    return Resolved(MISSING, reason=reason)


def url_segments(raw_path: str) -> list[str] | str:
    """The decoded path segments of a request path, or the reason it is refused.

    The path is percent-decoded exactly once, as a browser encodes it; whatever a second decoding
    would reveal (`%252e%252e`) stays literal and simply names no file.
    """
    path = raw_path.split("?", 1)[0].split("#", 1)[0]
    if len(path) > MAX_PATH:
        return "the path is too long"
    if not path.startswith("/"):
        return "the path does not start with /"
    try:
        decoded = unquote(path, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return "the path is not UTF-8"
    if "\\" in decoded:
        return "backslashes are not path separators here"
    if "\x00" in decoded or any(ord(ch) < 32 for ch in decoded):
        return "control characters in the path"
    segments = decoded.split("/")[1:]
    for i, segment in enumerate(segments):
        if segment in ("..", "."):
            return "dot segments in the path"
        if segment.startswith("."):
            return "hidden files are not served"
        if segment == "" and i < len(segments) - 1:
            return "empty segments in the path"  # `//host/` would redirect to another site
        if len(segment.encode("utf-8")) > MAX_NAME:
            return "a path segment longer than any file name"
    return segments


def resolve_request(root: Path, raw_path: str) -> Resolved:
    """What to answer for `raw_path` (as sent, percent-encoded) when serving the folder `root`."""
    segments = url_segments(raw_path)
    if isinstance(segments, str):
        return _missing(segments)
    real_root = Path(os.path.realpath(root))
    wants_folder = segments == [] or segments[-1] == ""
    parts = [s for s in segments if s]
    candidate = real_root.joinpath(*parts) if parts else real_root
    try:
        return _resolve_file(real_root, Path(os.path.realpath(candidate)), wants_folder, raw_path)
    except OSError as err:  # a name the file system refuses (too long after decoding, ...): no such file
        return _missing(f"the file system refused the path ({err.strerror})")


def _resolve_file(real_root: Path, real: Path, wants_folder: bool, raw_path: str) -> Resolved:
    # realpath follows symlinks: a link inside the output that points outside it is refused too.
    if real != real_root and not real.is_relative_to(real_root):
        return _missing("the path leaves the served folder")
    if real.is_dir():
        if not wants_folder:
            return Resolved(REDIRECT, location=raw_path.split("?", 1)[0] + "/")
        index = Path(os.path.realpath(real / INDEX))
        if not index.is_relative_to(real_root) or not index.is_file():
            return _missing("the folder has no index.html")
        return Resolved(FILE, path=index)
    if wants_folder:
        return _missing("a file asked for as a folder")
    if not real.is_file():
        return _missing("no such file")
    return Resolved(FILE, path=real)
