"""Fenced and indented code blocks: pymdownx superfences + highlight, rendered as codehilite rendered them.

Python-Markdown's fenced_code only sees fences at column 0, so a fence indented inside a list item
(which kramdown/GFM render as a code block in the item) came out as inline code. superfences reads
fences at any indentation, in list items and blockquotes. Two adjustments keep every page that
fenced_code + codehilite rendered byte-identical:
- the stored block keeps Pygments' trailing newline (pymdownx strips it; highlighter.py);
- a block outside lists gets blank lines around it where its neighbours are not blank, as
  fenced_code gave it, so a fence right under a paragraph line or an HTML comment stays a block.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor
from pymdownx.superfences import SuperFencesCodeExtension

from plugins.chirpy_reader import mermaid
from plugins.chirpy_reader.highlighter import ChirpyHighlightExtension, FormatterCache

FENCES_PRIORITY = 25  # where superfences registers its preprocessor (fenced_code's place)
PLACEHOLDER_LINE_RE = re.compile(r"^(?P<ws>[ >]*)\x02wzxhzdk:(?P<n>\d+)\x03[ ]*$")


def blank_for(ws: str) -> str:
    """An empty line at the nesting of a placeholder line: inside a blockquote it keeps the `>`."""
    return ws.rstrip() if ">" in ws else ""


def space_blocks(lines: list[str], first_stored: int) -> list[str]:
    """Put blank lines around the placeholder lines of blocks stashed from index `first_stored` on."""
    out: list[str] = []
    for i, line in enumerate(lines):
        m = PLACEHOLDER_LINE_RE.match(line)
        # In a list item a blank line would make the item loose and the next item lazy text; there
        # the block stays in the item's flow, as GFM renders a fence right under the item's text.
        if not m or int(m.group("n")) < first_stored or (m.group("ws") and ">" not in m.group("ws")):
            out.append(line)
            continue
        blank = blank_for(m.group("ws"))
        if out and out[-1].strip(" >"):
            out.append(blank)
        out.append(line)
        if i + 1 < len(lines) and lines[i + 1].strip(" >"):
            out.append(blank)
    return out


class StashMarkPreprocessor(Preprocessor):
    """Runs right before superfences: remembers how many blocks were stashed before it."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.code_blocks_first_stored = len(self.md.htmlStash.rawHtmlBlocks)
        self.md.fence_errors = []  # what custom fence formatters could not render (mermaid.py)
        return lines


class BlockSpacingPreprocessor(Preprocessor):
    """Runs right after superfences: raises what a custom fence could not render, gives the blocks
    superfences stashed their blank lines."""

    def run(self, lines: list[str]) -> list[str]:
        errors = getattr(self.md, "fence_errors", [])
        if errors:
            raise errors[0]
        first = getattr(self.md, "code_blocks_first_stored", 0)
        if len(self.md.htmlStash.rawHtmlBlocks) == first:
            return lines
        return space_blocks(lines, first)


class CodeBlocksExtension(Extension):
    """superfences + highlight (replaces fenced_code and codehilite) and the spacing around blocks."""

    def __init__(self, formatters: FormatterCache | None = None, **kwargs):
        self.formatters = formatters  # see ChirpyHighlightExtension
        self.config = {"css_class": ["highlight", "CSS class of the div around each highlighted block"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtensions([
            SuperFencesCodeExtension(custom_fences=[mermaid.CUSTOM_FENCE]),
            ChirpyHighlightExtension(self.formatters, css_class=self.getConfig("css_class"), guess_lang=False),
        ], {})
        md.preprocessors.register(StashMarkPreprocessor(md), "code_blocks_mark", FENCES_PRIORITY + 0.5)
        md.preprocessors.register(BlockSpacingPreprocessor(md), "code_blocks_spacing", FENCES_PRIORITY - 0.5)
        md.registerExtension(self)

    def reset(self):
        pass


def makeExtension(**kwargs):
    return CodeBlocksExtension(**kwargs)
