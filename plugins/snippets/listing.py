"""The `invoke snippets` table: every snippet of some posts, one line each, without building the site."""

from __future__ import annotations

from plugins.snippets.model import Snippet

COLUMNS = ("post", "line", "name", "block", "tier", "needs")


def row(snippet: Snippet) -> tuple[str, ...]:
    needs = ",".join(snippet.needs.labels()) or "-"
    tier = f"{snippet.tier} (skip: {snippet.annotation.skip})" if snippet.annotation.skip else snippet.tier
    return (snippet.source, str(snippet.line), snippet.name, snippet.label, tier, needs)


def table(snippets: list[Snippet]) -> str:
    """A plain-text table with a header line; columns padded to their widest cell."""
    rows = [COLUMNS, *(row(s) for s in snippets)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines) + "\n"
