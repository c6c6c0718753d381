"""Pygments highlighting of code blocks: pymdownx.highlight, as codehilite wrote it, with reused formatters."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree

import pygments
from pygments.lexers.shell import BashSessionLexer
from pymdownx.highlight import (
    ID_ATTR,
    RE_PYG_CODE,
    BlockHtmlFormatter,
    Highlight,
    HighlightExtension,
    HighlightTreeprocessor,
)

from plugins.chirpy_reader.code_headers import CodeBlock, code_block_html, code_block_info, ial_attributes

# Languages Chirpy's Rouge knows by names Pygments does not (pymdownx's extend_pygments_lang).
ROUGE_ALIASES = (
    {"name": "yml", "lang": "yaml"},
    {"name": "terminal", "lang": "console"},
    {"name": "shell_session", "lang": "console"},
    {"name": "shell-session", "lang": "console"},
    {"name": "plaintext", "lang": "text"},
    {"name": "plain", "lang": "text"},
    {"name": "conf", "lang": "unixconfig"},
    {"name": "config", "lang": "unixconfig"},
)



@functools.cache
def console_lexer_class() -> type[BashSessionLexer]:
    """A console session whose prompts are the ones the snippet extractor runs (snippets.blocks.PROMPT):
    `$ ` or `# `, not Pygments' bare `#`, which shows BuildKit's `#1 [internal] ...` output as commands."""
    from plugins.snippets.blocks import PROMPT  # here, not at import: snippets' own modules import the reader

    class ConsoleLexer(BashSessionLexer):
        _ps1rgx = re.compile(rf"^({PROMPT})(.*\n?)")

    return ConsoleLexer


# Formatters and lexers by their options, for the blocks of one build. A Pygments HtmlFormatter
# builds its whole style table when made and keeps no state between format() calls but a memo of
# that same table, so one per option set can serve every block. A lexer keeps no state between
# get_tokens() calls, and finding one by name searches every lexer Pygments has.
FormatterCache = dict[tuple, object]


class BlockHighlight(Highlight):
    """pymdownx's highlighter, keeping the newline Pygments ends a block with (codehilite kept it).

    The plain case (a block with no highlighted lines or title and line numbers, if any, from 1 in
    steps of 1, which is every block this blog has) reuses formatters (the build's cache, else this
    highlighter's own) and writes the kramdown IAL's attributes onto the block; the rest goes to
    pymdownx, with the IAL's classes and attributes as pymdownx places them.
    """

    def __init__(self, md, *args, formatters: FormatterCache | None = None, **kwargs):
        super().__init__(md, *args, **kwargs)
        self.formatters = formatters if formatters is not None else {}

    def highlight(self, src, language, css_class="highlight", hl_lines=None, linestart=-1, linestep=-1,
                  linespecial=-1, inline=False, classes=None, id_value="", attrs=None, title=None,
                  code_block_count=0):
        block = None if inline else code_block_info(self.md, language, classes or [])
        if block is not None:
            classes = list(block.classes)  # without the markers of kramdown.py and other plugins
            if block.numbered and linestart < 0:
                linestart = 1
        if self._is_plain(inline, hl_lines, linestart, title, linestep, linespecial):
            numbered = self._numbered(linestart)
            code = self._highlight_plain(src, language, css_class, classes or [], id_value, attrs or {}, numbered,
                                         block)
        else:
            if block is not None and block.ial is not None:
                classes = [*classes, *block.ial.classes]
                id_value = id_value or (block.ial.get("id") or "")
                attrs = {**(attrs or {}), **{f"data-{k}": v for k, v in block.ial.pairs if k != "id"}}
            code = super().highlight(src, language, css_class, hl_lines, linestart, linestep, linespecial, inline,
                                     classes, id_value, attrs, title, code_block_count)
        if not isinstance(code, str):
            return code  # inline code comes back as an Element
        return (code_block_html(block, src, code) if block is not None else code) + "\n"

    def get_lexer(self, src, language, inline, stripnl):
        key = ("lexer", language, stripnl, self.default_lang)
        if self.guess_lang is False and key in self.formatters:
            return self.formatters[key]
        lexer, name = super().get_lexer(src, language, inline, stripnl)
        if type(lexer) is BashSessionLexer:
            lexer = console_lexer_class()(**lexer.options)
        if self.guess_lang is False:  # else the lexer depends on the code
            self.formatters[key] = (lexer, name)
        return lexer, name

    def _numbered(self, linestart) -> bool:
        return bool((self.linenums and linestart != 0) or (self.linenums is not False and linestart > 0))

    def _is_plain(self, inline, hl_lines, linestart, title, linestep=-1, linespecial=-1) -> bool:
        numbers_from_one = linestart in (-1, 0, 1) and linestep in (-1, 1) and linespecial < 0 and self.linenums_special < 0
        return (self.use_pygments and not inline and numbers_from_one and not hl_lines and title is None
                and not (self.auto_title or self.line_spans or self.line_anchors or self.anchor_linenums
                         or self.pygments_lang_class))

    def _formatter(self, css_class: str, numbered: bool) -> BlockHtmlFormatter:
        linenos = self.linenums_style if numbered else False
        key = (css_class, self.pygments_style, self.noclasses, linenos)
        if key not in self.formatters:
            # The options pymdownx gives a block without highlighted lines or title, numbered from 1 or not.
            self.formatters[key] = BlockHtmlFormatter(
                cssclass=css_class, linenos=linenos, linenostart=1, linenostep=1, linenospecial=0,
                style=self.pygments_style, noclasses=self.noclasses, hl_lines=[], wrapcode=True, filename="",
                linespans="", lineanchors="", anchorlinenos=False,
            )
        return self.formatters[key]

    def _highlight_plain(self, src: str, language: str, css_class: str, classes: list[str], id_value: str,
                         attrs: dict[str, str], numbered: bool = False, block: CodeBlock | None = None) -> str:
        """What Highlight.highlight returns for a plain block (same steps, same order), with the id,
        classes and `data-*` attributes of the block's kramdown IAL (after Pygments' class)."""
        lexer, _name = self.get_lexer(src, language or self.default_lang, False, self.stripnl)
        code = pygments.highlight(src, lexer, self._formatter(css_class, numbered))
        # Pygments' HtmlFormatter takes no attributes for the <div> it wraps a block in, so its opening
        # tag is rewritten here with pymdownx's own pattern, as pymdownx.highlight does: one tag we
        # just had Pygments write, never the page.
        m = RE_PYG_CODE.match(code)
        if m is not None:
            ial = block.ial if block is not None else None
            ial_id, ial_data = ial_attributes(ial)
            id_str = ial_id or (ID_ATTR.format(id_value) if id_value else "")
            data = [f'{k}="{v}"' for k, v in attrs.items() if k.startswith("data-")]
            attr_str = " " + " ".join(data) if data else ""
            names = [*classes, *([m.group(3).strip()] if m.group(2) else []), *(ial.classes if ial else ())]
            class_str = f' class="{" ".join(names)}"' if names else ""
            code = f"{code[:m.start()]}<{m.group(1)}{id_str}{class_str}{ial_data}{attr_str}>{code[m.end():]}"
        return code.strip()


class IndentedCodeTreeprocessor(HighlightTreeprocessor):
    """Highlights indented (four-space) code blocks, with the same trailing newline as fences.

    The parent builds pymdownx's own Highlight by name, so the newline is added to what it stashed.
    """

    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        first = len(stash)
        # The parent stashes one block per <pre><code>, in this order; Chirpy shows them as plain text.
        sources = [self.code_unescape(pre[0].text or "").rstrip("\n") for pre in root.iter("pre")
                   if len(pre) == 1 and pre[0].tag == "code"]
        super().run(root)
        for i, source in zip(range(first, len(stash)), sources):
            stash[i] = code_block_html(code_block_info(self.md, "", []), source, stash[i]) + "\n"


class ChirpyHighlightExtension(HighlightExtension):
    """pymdownx.highlight with the highlighter above; superfences asks it for the highlighter.

    Line numbers are pymdownx's inline style: a number is a `data-linenos` attribute shown by CSS,
    so selecting or copying the code never takes the numbers with it.
    `formatters`: a cache shared by the posts of one build (the reader's), or None for no reuse.
    """

    def __init__(self, formatters: FormatterCache | None = None, **kwargs):
        kwargs.setdefault("linenums_style", "pymdownx-inline")
        kwargs.setdefault("extend_pygments_lang", list(ROUGE_ALIASES))
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
