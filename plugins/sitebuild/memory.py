"""Memory Pelican keeps longer than a build needs it: its reader cache and its memoized page content."""

from __future__ import annotations

import ctypes


def release_cache(generator) -> None:
    """Drop the reader cache from memory once Pelican has saved it (article_generator_finalized).

    Pelican keeps every post's (content, metadata) in it for the rest of the build, although
    nothing reads it after the save. The page HTML in it is the articles' own string (our plugins
    change it only as a page is written, sitebuild.content), so what goes is the entries and the
    reader's metadata dicts; then the memory freed while reading is given back.
    """
    readers = getattr(generator, "readers", None)
    if isinstance(getattr(readers, "_cache", None), dict):
        readers._cache = {}
    return_free_memory()


def return_free_memory() -> None:
    """Give the memory freed so far back to the system (glibc's malloc_trim).

    A page's HTML is a block of tens of kilobytes on the C heap; freed, its pages stay with the
    process although nothing uses them, and count in its resident size until malloc reuses them.
    """
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)  # absent outside glibc: nothing to do
    if trim is not None:
        trim(0)


def forget_memoized_content(*_sender, **_kwargs) -> None:
    """Empty the memos of Content.get_content and get_summary.

    Pelican memoizes both on the class, keyed by the content object, and never forgets. Its
    `get_content` is a second copy of each page's HTML (intrasite links replaced), about 50 KB a
    post: kept for every post, that was a quarter of a 5,000-post build's memory, and every build
    run in one process (the preview's rebuilds) kept all earlier builds' posts alive. Connected
    at the start and end of every build, and before each article is written
    (article_generator_write_article): only the page being written reads its own content (the
    theme's listings show `plain_summary`), so the memo never holds more than one page; a theme
    that did show other posts' content would only compute it again.
    """
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        memo = getattr(Content.__dict__.get(name), "cache", None)
        if isinstance(memo, dict):
            memo.clear()
