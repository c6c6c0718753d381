"""Python-Markdown's inline processor, passing over text that no registered inline pattern can match.

Python-Markdown tries every inline pattern, in priority order, on every text of the tree: about
half the texts of a post are plain prose in which none can match, and trying them is the largest
single cost of a conversion. Each pattern here is known by a character (or text) any match of it
contains; a text with none of them is returned as it is, as the full pass would return it. When a
pattern this table does not know is registered, every text gets the full pass.
"""

from __future__ import annotations

import re

from markdown import Extension, util
from markdown.treeprocessors import InlineProcessor

# Pattern name -> texts one of which every match contains (Python-Markdown's, its footnotes', math_tex.py's).
NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("[",),
    "image_reference": ("[",),
    "short_reference": ("[",),
    "short_image_ref": ("[",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "footnote": ("[",),
    "chirpy_math_inline": ("$", "\\"),
    "chirpy_math_ref": ("\\",),
}
EMPHASIS = "em_strong"  # its characters are the delimiters registered with md.delimiters


def needed_texts(md) -> tuple[str, ...] | None:
    """The texts one of which a text must hold for some registered pattern to match; None if unknown."""
    needs: set[str] = set()
    known = [name for name in (*NEEDS, EMPHASIS) if name in md.inlinePatterns]
    if len(known) != len(md.inlinePatterns):
        return None
    for name in known:
        if name == EMPHASIS:
            delimiters = getattr(getattr(md, "delimiters", None), "delimiters", None)
            if not delimiters:
                return None
            needs.update(delimiters)
        else:
            needs.update(NEEDS[name])
    return tuple(sorted(needs))


def quick_refusal(needs: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(n) for n in needs))


class PlainTextInlineProcessor(InlineProcessor):
    """InlineProcessor that hands a text to the patterns only when one of them could match it.

    `_InlineProcessor__handleInline` is Python-Markdown's private per-text method (Markdown is
    pinned in constraints.txt); were it renamed, this override would simply never be called.
    """

    def __init__(self, md):
        super().__init__(md)
        self.could_match = None

    def run(self, tree, ancestors=None):
        # A plain list: the Registry checks its sort order on every lookup, once per pattern per text.
        self.inlinePatterns = list(self.md.inlinePatterns)
        needs = needed_texts(self.md)
        self.could_match = quick_refusal(needs).search if needs else None
        try:
            return super().run(tree, ancestors)
        finally:
            self.inlinePatterns = self.md.inlinePatterns

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if patternIndex == 0 and self.could_match is not None and not isinstance(data, util.AtomicString) \
                and self.could_match(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


class PlainTextExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(PlainTextInlineProcessor(md), "inline", 20)  # replaces Python-Markdown's


def makeExtension(**kwargs):
    return PlainTextExtension(**kwargs)
