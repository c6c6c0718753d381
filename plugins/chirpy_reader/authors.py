"""Chirpy's authors: `author: id` / `authors: [a, b]` looked up in `_data/authors.yml` (name, url, twitter).

The file lives where Jekyll keeps it beside `_posts/`: here `content/_data/authors.yml`. The
CHIRPY_AUTHORS setting ({id: {name, url, twitter}}) adds or replaces entries. An id found in
neither is shown as written (Chirpy then shows the site's own author; this site shows the name
given, which is what the demo posts' `author: Cotes Chung` means).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from plugins.sitebuild.errors import PostError, SourcePos

PLUGIN = "chirpy_reader"
AUTHORS_FILE = Path("_data") / "authors.yml"
FIELDS = ("name", "url", "twitter")


@dataclass(frozen=True)
class AuthorProfile:
    name: str
    url: str = ""
    twitter: str = ""  # without the @


def load_authors(content_root: Path, setting: dict | None) -> dict[str, AuthorProfile]:
    """Every known author by id: the file's entries, then the setting's."""
    entries: dict = {}
    file = content_root / AUTHORS_FILE
    shown = f"content/{AUTHORS_FILE.as_posix()}"
    if file.is_file():
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            raise PostError(SourcePos(shown, mark.line + 1 if mark else 1), PLUGIN,
                            f"authors file is not valid YAML ({getattr(err, 'problem', err)})",
                            "write `id:` lines with `name:`, `url:`, `twitter:` indented under each") from None
        if not isinstance(data, dict):
            raise PostError(SourcePos(shown, 1), PLUGIN, "authors file must map ids to entries", "e.g. cotes:\\n  name: Cotes Chung")
        entries.update(data)
    entries.update(setting or {})
    authors = {}
    for key, entry in entries.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise PostError(SourcePos(shown, 1), PLUGIN, f"author {key!r} has no name",
                            f"give it one: {key}:\\n  name: Full Name")
        authors[str(key)] = AuthorProfile(entry["name"].strip(), str(entry.get("url") or "").strip(),
                                          str(entry.get("twitter") or "").strip().lstrip("@"))
    return authors


def profiles(ids: tuple[str, ...], known: dict[str, AuthorProfile]) -> tuple[AuthorProfile, ...]:
    return tuple(known.get(author) or AuthorProfile(author) for author in ids)
