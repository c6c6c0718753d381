"""Previous and next post by date, for the links under each post."""

from __future__ import annotations

from collections.abc import Sequence


def link_neighbors(articles_newest_first: Sequence) -> None:
    """Set `newer` and `older` on every article (None at either end); one pass over the list."""
    items = list(articles_newest_first)
    for i, article in enumerate(items):
        article.newer = items[i - 1] if i > 0 else None
        article.older = items[i + 1] if i + 1 < len(items) else None
