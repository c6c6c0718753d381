"""Stable, safe ASCII names for snippets and the files they become."""

from __future__ import annotations

import re

from sitebuild.errors import PostError, SourcePos
from unidecode import unidecode

from snippets.model import PLUGIN

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_BAD_FILENAME_RE = re.compile(r"[\\\x00-\x1f\x7f]")
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
MAX_DERIVED = 40


def ascii_words(text: str, limit: int = MAX_DERIVED) -> str:
    """Hangul and other scripts romanized (unidecode), lowercased, joined by '-', cut at a word end.

    "각 구문별 해석" -> "gag-gumunbyeol-haeseog"; "Docker Compose 설치" -> "docker-compose-seolci".
    """
    words = _NON_WORD_RE.sub("-", unidecode(text).lower()).strip("-")
    if len(words) <= limit:
        return words
    cut = words[:limit + 1]
    return cut[:cut.rfind("-")] if "-" in cut else words[:limit]


def check_name(name: str, source: str, line: int) -> str:
    """An author-given name, or PostError if it is not a safe ASCII file name part."""
    if NAME_RE.match(name) and ".." not in name:
        return name
    raise PostError(
        SourcePos(source, line), PLUGIN,
        f"snippet name {name!r} must be ASCII letters, digits, '-', '_' or '.', without '..' or '/'",
        "rename it, e.g. name=install",
    )


def check_filename(filename: str, source: str, line: int) -> str:
    """A `{: file="..." }` path as Chirpy allows it: any relative path (`_data/authors.yml`, `.env`,
    `my notes.txt`) but none that leaves the folder it is written under or that a file system refuses."""
    parts = filename.split("/")
    if filename.strip() and all(p and p not in (".", "..") for p in parts) and not _BAD_FILENAME_RE.search(filename):
        return filename
    raise PostError(
        SourcePos(source, line), PLUGIN,
        f"file name {filename!r} must be a relative path without '..', empty parts, backslashes or control characters",
        'e.g. {: file="compose.yaml" } or {: file="_data/authors.yml" }',
    )


def numbered(index: int, part: str) -> str:
    return f"{index:02d}-{part}"
