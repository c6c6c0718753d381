"""Read a post's snippets the way the site reads them (the post model, then its snippets)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pelican.settings import read_settings

from plugins.chirpy_reader.post import read_post
from plugins.snippets.extract import extract_outlined
from plugins.snippets.model import Snippet


@dataclass(frozen=True)
class PostSnippets:
    path: Path  # the file on disk
    source: str  # as the author sees it: content/posts/x.md (relative to the rootdir)
    slug: str
    snippets: tuple[Snippet, ...]


def load_post(path: Path, rootdir: Path) -> PostSnippets:
    """Raises sitebuild.errors.PostError (one line, file:line) for a broken post or annotation."""
    source = os.path.relpath(path, rootdir)
    post = read_post(path, source, site_timezone(rootdir))
    snippets, _lists = extract_outlined(post.lines, post.outline, source, post.slug)
    return PostSnippets(path, source, post.slug, tuple(snippets))


@cache
def site_timezone(rootdir: Path) -> str:
    """The TIMEZONE of the site's pelicanconf.py (read once a session), as the build dates posts."""
    settings = rootdir / "pelicanconf.py"
    return (read_settings(str(settings)) if settings.is_file() else {}).get("TIMEZONE") or "UTC"
