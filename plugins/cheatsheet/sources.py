"""What the cheat sheet reads in a post: its notes from the post model, and whole PostSources for `invoke cheatsheet` and tests."""

from __future__ import annotations

import os
from pathlib import Path

from plugins.cheatsheet.forms import post_forms
from plugins.cheatsheet.model import PostNotes, PostSource
from plugins.chirpy_reader.markdown_lines import body_start
from plugins.chirpy_reader.outline import scan_outline
from plugins.chirpy_reader.post import Post, read_post
from plugins.snippets.list_explanations import explained_snippets
from plugins.snippets.model import Snippet


def article_url(pattern: str, slug: str, date) -> str:
    """ARTICLE_URL filled in the way Pelican fills the common fields."""
    try:
        return pattern.format(slug=slug, date=date)
    except (KeyError, IndexError, AttributeError):
        return f"posts/{slug}/"


def post_notes(post: Post, lists: tuple[Snippet, ...]) -> PostNotes:
    """The headings and forms of a post, with its ignored command lists. Raises PostError for a bad form."""
    return PostNotes(post.outline.headings, post_forms(post.text, post.source, post.outline.code), lists)


def text_source(text: str, source: str, slug: str, title: str, date: str, url: str) -> PostSource:
    """A PostSource of Markdown text with or without front matter (tests, examples)."""
    lines = text.split("\n")
    outline = scan_outline(lines, body_start(lines) + 1)
    snippets, lists = explained_snippets(lines, outline, source, slug)
    return PostSource(slug=slug, title=title, date=date, url=url, source=source, snippets=tuple(snippets),
                      notes=PostNotes(outline.headings, post_forms(text, source, outline.code), lists))


def post_source(path: Path, root: Path, siteurl: str = "", url_pattern: str = "posts/{slug}/",
                timezone: str = "UTC") -> PostSource | None:
    """The post as the cheat sheet sees it; None for a post that is not published.

    `timezone`: the site's TIMEZONE, for dates written without an offset."""
    post = read_post(path, os.path.relpath(path, root), timezone)
    fm = post.front_matter
    if not fm.published:
        return None
    snippets, lists = explained_snippets(post.lines, post.outline, post.source, post.slug)
    return PostSource(slug=fm.slug, title=fm.title, date=fm.date.isoformat(),
                      url=f"{siteurl.rstrip('/')}/{article_url(url_pattern, fm.slug, fm.date)}", source=post.source,
                      snippets=tuple(snippets), notes=post_notes(post, lists))
