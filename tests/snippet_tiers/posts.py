"""Read a post's snippets the way the site reads them (Chirpy front matter, then extract_snippets)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from chirpy_reader.front_matter import parse_front_matter
from chirpy_reader.source_text import decode_post
from snippets.extract import extract_snippets
from snippets.model import Snippet

TIMEZONE = "Asia/Seoul"


@dataclass(frozen=True)
class PostSnippets:
    path: Path  # the file on disk
    source: str  # as the author sees it: content/posts/x.md (relative to the rootdir)
    slug: str
    snippets: tuple[Snippet, ...]


def load_post(path: Path, rootdir: Path) -> PostSnippets:
    """Raises sitebuild.errors.PostError (one line, file:line) for a broken post or annotation."""
    source = os.path.relpath(path, rootdir)
    text = decode_post(path.read_bytes(), source)
    front, _body = parse_front_matter(text, source, path.name, TIMEZONE)
    return PostSnippets(path, source, front.slug, tuple(extract_snippets(text, source, front.slug)))
