"""Python-Markdown extension for the rest of what Chirpy's writing guide uses and kramdown/GFM read.

- A block IAL on the line under an ATX heading (`## H2` + `{: data-toc-skip='' .mt-4 }`) belongs to
  the heading, as in kramdown; it is moved onto the heading line, where attr_list reads it.
- A heading with `data-toc-skip` stays out of the table of contents (Chirpy's TOC skips it).
- A blank line ends a blockquote (GFM, kramdown): two prompts in a row are two boxes. Python-Markdown
  would add the second quote to the first.
- kramdown's backslash escapes (`\\"`, `\\'`, `\\|`, `\\$`, `\\:`, `\\=`) print the bare character.
- Task lists (`- [ ]`, `- [x]`) are pymdownx.tasklist's, as GFM renders them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.extensions.toc import TocTreeprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.tasklist import TasklistExtension

from plugins.chirpy_reader.context import outline_of
from plugins.chirpy_reader.markdown_lines import ial_body

ATX_HEADING_RE = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+\S")
TRAILING_IAL_RE = re.compile(r"\{:?[^}]*\}[ ]*$")
KRAMDOWN_ESCAPES = ('"', "'", "|", "$", ":", "=")
TOC_SKIP = "data-toc-skip"


def attach_heading_ials(lines: list[str], code: frozenset[int]) -> list[str]:
    """Move an IAL line that follows an ATX heading onto the heading line; the IAL line becomes blank.
    `code`: the numbers of the lines in fenced code, which are left alone.

    Lines are neither added nor dropped (reader contract: line numbers stay the file's)."""
    out = list(lines)
    for i, line in enumerate(lines):
        if i + 1 in code:
            continue
        ial = ial_body(line)
        if ial is not None and i and ATX_HEADING_RE.match(out[i - 1]) and not TRAILING_IAL_RE.search(out[i - 1]):
            out[i - 1] = f"{out[i - 1].rstrip().rstrip('#').rstrip()} {{: {ial.strip()} }}"
            out[i] = ""
    return out


class HeadingIalPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return attach_heading_ials(lines, outline_of(self.md, lines).code)


class SeparateBlockQuoteProcessor(BlockQuoteProcessor):
    """Python-Markdown's blockquote, except that a quote after a blank line starts a new blockquote."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        m = self.RE.search(block)
        if m:
            self.parser.parseBlocks(parent, [block[:m.start()]])
            block = "\n".join(self.clean(line) for line in block[m.start():].split("\n"))
        quote = etree.SubElement(parent, "blockquote")
        self.parser.state.set("blockquote")
        self.parser.parseChunk(quote, block)
        self.parser.state.reset()


def without_ids(tokens: list[dict], skipped: set[str]) -> list[dict]:
    """TOC tokens minus the skipped headings; a skipped heading's children move up to its place."""
    kept: list[dict] = []
    for token in tokens:
        children = without_ids(token.get("children", []), skipped)
        if token["id"] in skipped:
            kept.extend(children)
        else:
            kept.append({**token, "children": children})
    return kept


class TocSkipTreeprocessor(Treeprocessor):
    """Runs after the toc extension: rebuilds `md.toc` without the headings marked data-toc-skip."""

    def run(self, root: etree.Element) -> None:
        skipped = {h.get("id") for h in root.iter() if h.get(TOC_SKIP) is not None and h.get("id")}
        toc: TocTreeprocessor | None = next((p for p in self.md.treeprocessors if isinstance(p, TocTreeprocessor)), None)
        if not skipped or toc is None or not hasattr(self.md, "toc_tokens"):
            return
        self.md.toc_tokens = without_ids(self.md.toc_tokens, skipped)
        html = self.md.serializer(toc.build_toc_div(self.md.toc_tokens))
        for processor in self.md.postprocessors:
            html = processor.run(html)
        self.md.toc = html


class ChirpySyntaxExtension(Extension):
    def extendMarkdown(self, md):
        # Above 27: sees the file's own lines, before the kramdown pass reports stray IALs.
        md.preprocessors.register(HeadingIalPreprocessor(md), "chirpy_heading_ials", 27.5)
        md.parser.blockprocessors.register(SeparateBlockQuoteProcessor(md.parser), "quote", 20)
        md.treeprocessors.register(TocSkipTreeprocessor(md), "chirpy_toc_skip", 4)
        md.ESCAPED_CHARS = [*md.ESCAPED_CHARS, *(c for c in KRAMDOWN_ESCAPES if c not in md.ESCAPED_CHARS)]
        md.registerExtensions([TasklistExtension(custom_checkbox=False, clickable_checkbox=False)], {})
        md.registerExtension(self)

    def reset(self):
        pass


def makeExtension(**kwargs):
    return ChirpySyntaxExtension(**kwargs)
