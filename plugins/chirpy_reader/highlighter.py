"""Pygments highlighting of code blocks: pymdownx.highlight, as codehilite wrote it, with reused formatters."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as etree

import pygments
from pymdownx.highlight import (
    ID_ATTR,
    RE_PYG_CODE,
    BlockHtmlFormatter,
    Highlight,
    HighlightExtension,
    HighlightTreeprocessor,
)

# Formatters by their options. A Pygments HtmlFormatter builds its whole style table when made
# (~1 ms, ~6% of a build when made for every block) and keeps no state between format() calls
# but a memo of that same table, so one per option set can serve every block.
FormatterCache = dict[tuple, BlockHtmlFormatter]


class BlockHighlight(Highlight):
    """pymdownx's highlighter, keeping the newline Pygments ends a block with (codehilite kept it).

    With a formatter cache, the plain case (a block with no line numbers, highlighted lines or
    title, which is every block this blog has) reuses formatters; the rest goes to pymdownx as is.
    """

    def __init__(self, md, *args, formatters: FormatterCache | None = None, **kwargs):
        super().__init__(md, *args, **kwargs)
        self.formatters = formatters

    def highlight(self, src, language, css_class="highlight", hl_lines=None, linestart=-1, linestep=-1,
                  linespecial=-1, inline=False, classes=None, id_value="", attrs=None, title=None,
                  code_block_count=0):
        if self.formatters is not None and self._is_plain(inline, hl_lines, linestart, title):
            code = self._highlight_plain(src, language, css_class, classes or [], id_value, attrs or {})
        else:
            code = super().highlight(src, language, css_class, hl_lines, linestart, linestep, linespecial, inline,
                                     classes, id_value, attrs, title, code_block_count)
        return code + "\n" if isinstance(code, str) else code  # inline code comes back as an Element

    def _is_plain(self, inline, hl_lines, linestart, title) -> bool:
        linenums = (self.linenums and linestart != 0) or (self.linenums is not False and linestart > 0)
        return (self.use_pygments and not inline and not linenums and not hl_lines and title is None
                and not (self.auto_title or self.line_spans or self.line_anchors or self.anchor_linenums
                         or self.pygments_lang_class))

    def _formatter(self, css_class: str) -> BlockHtmlFormatter:
        key = (css_class, self.pygments_style, self.noclasses)
        if key not in self.formatters:
            # The options pymdownx gives a block without line numbers, highlighted lines or title.
            self.formatters[key] = BlockHtmlFormatter(
                cssclass=css_class, linenos=False, linenostart=1, linenostep=1, linenospecial=0,
                style=self.pygments_style, noclasses=self.noclasses, hl_lines=[], wrapcode=True, filename="",
                linespans="", lineanchors="", anchorlinenos=False,
            )
        return self.formatters[key]

    def _highlight_plain(self, src: str, language: str, css_class: str, classes: list[str], id_value: str,
                         attrs: dict[str, str]) -> str:
        """What Highlight.highlight returns for a plain block (same steps, same order)."""
        lexer, _name = self.get_lexer(src, language or self.default_lang, False, self.stripnl)
        code = pygments.highlight(src, lexer, self._formatter(css_class))
        m = RE_PYG_CODE.match(code)
        if m is not None:
            id_str = ID_ATTR.format(id_value) if id_value else ""
            data = [f'{k}="{v}"' for k, v in attrs.items() if k.startswith("data-")]
            attr_str = " " + " ".join(data) if data else ""
            if classes:
                names = " ".join(classes) + (" " + m.group(3).strip() if m.group(2) else "")
                class_str = f' class="{names}"'
            else:
                class_str = " " + m.group(2).lstrip() if m.group(2) else ""
            code = f"{code[:m.start()]}<{m.group(1)}{id_str}{class_str}{attr_str}>{code[m.end():]}"
        return code.strip()


class IndentedCodeTreeprocessor(HighlightTreeprocessor):
    """Highlights indented (four-space) code blocks, with the same trailing newline as fences.

    The parent builds pymdownx's own Highlight by name, so the newline is added to what it stashed.
    """

    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        first = len(stash)
        super().run(root)
        for i in range(first, len(stash)):
            stash[i] += "\n"


class ChirpyHighlightExtension(HighlightExtension):
    """pymdownx.highlight with the highlighter above; superfences asks it for the highlighter.

    `formatters`: a cache shared by the posts of one build (the reader's), or None for no reuse.
    """

    def __init__(self, formatters: FormatterCache | None = None, **kwargs):
        self.formatters = formatters
        super().__init__(**kwargs)

    def get_pymdownx_highlighter(self):
        return functools.partial(BlockHighlight, formatters=self.formatters)

    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        if self.enabled:
            indented = IndentedCodeTreeprocessor(md, self)
            indented.config = self.getConfigs()
            md.treeprocessors.register(indented, "indent-highlight", 30)


def makeExtension(**kwargs):
    return ChirpyHighlightExtension(**kwargs)
