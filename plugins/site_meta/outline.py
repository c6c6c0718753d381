"""Shift a post's headings so its top level is <h2> under the page's <h1> (Chirpy posts often start at ###).

Screen readers and Lighthouse's heading-order check expect no skipped level after the title.
Only real tags are touched: headings inside code blocks are escaped (&lt;h3&gt;) and never match.
"""

from __future__ import annotations

import re

_HEADING_RE = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def top_level(html: str) -> int | None:
    levels = [int(m.group(2)) for m in _HEADING_RE.finditer(html) if not m.group(1)]
    return min(levels) if levels else None


def normalize_headings(html: str, top: int = 2) -> str:
    """Move every heading up or down by the same amount so the highest is `top`; levels stay within 1-6."""
    current = top_level(html)
    if current is None or current == top:
        return html
    shift = top - current
    return _HEADING_RE.sub(lambda m: f"<{m.group(1)}h{min(6, max(1, int(m.group(2)) + shift))}", html)
