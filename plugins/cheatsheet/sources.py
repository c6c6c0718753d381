"""PostSource straight from a post file, read the way the reader reads it, for `invoke cheatsheet` and tests."""

from __future__ import annotations

import os
from pathlib import Path

from chirpy_reader.front_matter import parse_front_matter
from chirpy_reader.source_text import decode_post
from snippets.list_explanations import extract_explained

from cheatsheet.model import PostSource


def article_url(pattern: str, slug: str, date) -> str:
    """ARTICLE_URL filled in the way Pelican fills the common fields."""
    try:
        return pattern.format(slug=slug, date=date)
    except (KeyError, IndexError, AttributeError):
        return f"posts/{slug}/"


def post_source(path: Path, root: Path, siteurl: str = "", url_pattern: str = "posts/{slug}/",
                timezone: str = "Asia/Seoul") -> PostSource | None:
    """The post as the cheat sheet sees it; None for a post that is not published."""
    shown = os.path.relpath(path, root)
    text = decode_post(path.read_bytes(), shown)
    fm, _body = parse_front_matter(text, shown, path.name, timezone)
    if not fm.published:
        return None
    return PostSource(slug=fm.slug, title=fm.title, date=fm.date.isoformat(),
                      url=f"{siteurl.rstrip('/')}/{article_url(url_pattern, fm.slug, fm.date)}", source=shown,
                      text=text, snippets=tuple(extract_explained(text, shown, fm.slug)))
