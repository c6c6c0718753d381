"""Reading time of a post for Korean readers: characters of prose (code excluded) at about 500 per minute."""

from __future__ import annotations

import re
from html import unescape

# Code blocks, and drawings (a Mermaid diagram's inline SVG carries its whole stylesheet as text):
# `<(pre|svg)\b.*?</\1>` (DOTALL, IGNORECASE), found in two steps (_without_code) because the lazy
# scan of that pattern through each block's highlighted code was most of the reading time's cost.
_CODE_OPEN_RE = re.compile(r"<(pre|svg)\b", re.IGNORECASE)
_CODE_CLOSE_RE = {"pre": re.compile(r"</(pre)>", re.IGNORECASE), "svg": re.compile(r"</(svg)>", re.IGNORECASE)}
_TAG_RE = re.compile(r"<[^>]+>")
# Tags that separate words; inline tags (<a>, <strong>, <code>) join to the text around them ("글</a>에서").
_BREAK_TAG_RE = re.compile(r"</?(?:p|div|br|li|ul|ol|dd|dt|h[1-6]|tr|td|th|figure|figcaption|section|hr)\b[^>]*>", re.IGNORECASE)


def _code_end(html: str, opened: re.Match) -> int | None:
    """Where the block `opened` starts ends: after the first closing tag whose name is the opening tag's,
    letter for letter in either case (as the back-reference `</\1>` under IGNORECASE matches)."""
    name = opened.group(1)
    close = _CODE_CLOSE_RE.get(name.lower())
    if close is None:  # a name only Unicode case folding makes "pre" or "svg": the pattern itself decides
        whole = re.compile(r"<(pre|svg)\b.*?</\1>", re.DOTALL | re.IGNORECASE).match(html, opened.start())
        return whole.end() if whole else None
    at = opened.end()
    while (found := close.search(html, at)) is not None:
        if found.group(1).lower() == name.lower():
            return found.end()
        at = found.start() + 1
    return None


def _without_code(html: str) -> str:
    """`html` with every code block and drawing replaced by a space."""
    pieces = []
    kept = at = 0
    while (opened := _CODE_OPEN_RE.search(html, at)) is not None:
        end = _code_end(html, opened)
        if end is None:  # never closed: not a block; read on after its "<"
            at = opened.start() + 1
            continue
        pieces += [html[kept:opened.start()], " "]
        kept = at = end
    pieces.append(html[kept:])
    return "".join(pieces)


def text_of(html: str) -> str:
    """The visible prose of post HTML, without code blocks, drawings or tags."""
    return unescape(_TAG_RE.sub(" ", _without_code(html)))


def reading_minutes(html: str, chars_per_minute: int = 500) -> int:
    """Whole minutes (at least 1) to read the prose; spaces are not counted, as Korean reading speeds are not."""
    chars = sum(map(len, text_of(html).split()))  # str.split and re's \s both split on str.isspace()
    return max(1, round(chars / chars_per_minute))


_ASIDE_RE = re.compile(r"<(figure|blockquote|pre|table|h[1-6]|script|style|video|iframe)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def _open_tag(html: str) -> bool:
    """Whether a "<" is left without a ">" after it (a tag pattern starting there would read past the end)."""
    return html.rfind("<") > html.rfind(">")


def _summary_text(html: str) -> str:
    return " ".join(unescape(_TAG_RE.sub("", _BREAK_TAG_RE.sub(" ", html))).split())


def _opening_text(html: str, limit: int) -> str:
    """The text of `html` with the asides left out, or of enough of its beginning to hold more than `limit`
    characters: the text of a beginning that ends where an aside was (a space) is the start of the
    whole text, as long as no tag is left open there. Summaries need the first sentences only."""
    pieces: list[str] = []
    kept = size = 0
    wanted = 4 * limit
    for aside in _ASIDE_RE.finditer(html):  # what _ASIDE_RE.sub(" ", html) replaces, in order
        pieces += [html[kept:aside.start()], " "]
        size += aside.start() - kept + 1
        kept = aside.end()
        if size >= wanted:
            wanted = 2 * size
            head = "".join(pieces)
            broken = _BREAK_TAG_RE.sub(" ", head)
            if not _open_tag(head) and not _open_tag(broken):
                text = " ".join(unescape(_TAG_RE.sub("", broken)).split())
                if len(text) > limit:
                    return text
    pieces.append(html[kept:])
    return _summary_text("".join(pieces))


def plain_summary(html: str, limit: int = 150) -> str:
    """The post's opening prose as plain text (figures, quotes, code, tables and headings left out)."""
    text = _opening_text(html, limit)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(".,") + "…"
