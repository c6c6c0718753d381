"""Stable, safe ASCII names for snippets and the files they become."""

from __future__ import annotations

import re

from sitebuild.errors import PostError, SourcePos
from unidecode import unidecode

from snippets.model import PLUGIN

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
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
    """A `{: file="..." }` path: relative, ASCII, no `..` parts (it is written under the output folder)."""
    parts = filename.split("/")
    if filename and all(NAME_RE.match(p) and ".." not in p for p in parts):
        return filename
    raise PostError(
        SourcePos(source, line), PLUGIN,
        f"file name {filename!r} must be a relative path of ASCII letters, digits, '-', '_' or '.', without '..'",
        'e.g. {: file="compose.yaml" }',
    )


def numbered(index: int, part: str) -> str:
    return f"{index:02d}-{part}"
