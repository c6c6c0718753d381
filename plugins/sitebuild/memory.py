"""Memory Pelican keeps longer than a build needs it: its reader cache and its memoized page content."""

from __future__ import annotations


def release_cache(generator) -> None:
    """Drop the reader cache from memory once Pelican has saved it (article_generator_finalized).

    Pelican keeps every post's (content, metadata) in it for the rest of the build, although
    nothing reads it after the save; our plugins replace the content of every post (external
    links get rel="noopener"), so the cached copy is a second copy of each page's HTML.
    """
    readers = getattr(generator, "readers", None)
    if isinstance(getattr(readers, "_cache", None), dict):
        readers._cache = {}


def forget_memoized_content(*_sender) -> None:
    """Empty the memos of Content.get_content and get_summary (at the start and the end of every build).

    Pelican memoizes both on the class, keyed by the content object, and never forgets: every
    build run in one process (the preview's rebuilds) kept all earlier builds' posts alive, about
    55 MB per build of 300 posts.
    """
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        memo = getattr(Content.__dict__.get(name), "cache", None)
        if isinstance(memo, dict):
            memo.clear()
