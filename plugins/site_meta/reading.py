"""Reading time of a post for Korean readers: characters of prose (code excluded) at about 500 per minute."""

from __future__ import annotations

import re
from html import unescape

# Code blocks, and drawings (a Mermaid diagram's inline SVG carries its whole stylesheet as text).
_CODE_RE = re.compile(r"<(pre|svg)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]+>")
# Tags that separate words; inline tags (<a>, <strong>, <code>) join to the text around them ("글</a>에서").
_BREAK_TAG_RE = re.compile(r"</?(?:p|div|br|li|ul|ol|dd|dt|h[1-6]|tr|td|th|figure|figcaption|section|hr)\b[^>]*>", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")


def text_of(html: str) -> str:
    """The visible prose of post HTML, without code blocks, drawings or tags."""
    return unescape(_TAG_RE.sub(" ", _CODE_RE.sub(" ", html)))


def reading_minutes(html: str, chars_per_minute: int = 500) -> int:
    """Whole minutes (at least 1) to read the prose; spaces are not counted, as Korean reading speeds are not."""
    chars = len(_SPACE_RE.sub("", text_of(html)))
    return max(1, round(chars / chars_per_minute))


_ASIDE_RE = re.compile(r"<(figure|blockquote|pre|table|h[1-6]|script|style|video|iframe)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def plain_summary(html: str, limit: int = 150) -> str:
    """The post's opening prose as plain text (figures, quotes, code, tables and headings left out)."""
    text = " ".join(unescape(_TAG_RE.sub("", _BREAK_TAG_RE.sub(" ", _ASIDE_RE.sub(" ", html)))).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(".,") + "…"
