"""scan_outline(): one pass over a post's lines into a frozen outline of its blocks, each with its file line.

What is found, by the rules of markdown_lines.py:
- fenced code blocks with their body, and the IAL on the line right after the closing fence;
- HTML comments that start a line (`<!-- ... -->`, over several lines too): Markdown does not render
  what is inside, so a fence or heading there is part of the comment;
- ATX headings, and setext headings under a paragraph line outside lists, with the anchors the page
  gives them (slugify_unicode, numbered when repeated, as the toc extension numbers them);
- list item lines, block IALs, and Liquid tags outside code (with whether they sit in a comment).
Nothing here raises: an unclosed fence or comment runs to the end, and the plugins that must refuse
it (the reader, snippets) say so with their own line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from markdown.extensions.toc import slugify_unicode, unique

from plugins.chirpy_reader.markdown_lines import (
    BLOCK_START_RE,
    COMMENT_START_RE,
    INLINE_CODE_RE,
    ITEM_RE,
    LIQUID_RE,
    SETEXT_RE,
    Attributes,
    FenceOpening,
    atx_heading,
    closes_fence,
    fence_opening,
    heading_text,
    ial_body,
    parse_attributes,
)

# The first character after spaces of a line that may open or close something here; other lines are prose.
_SIGNIFICANT = frozenset("`~#*+-<{=>|_0123456789")


@dataclass(frozen=True)
class Fence:
    opening: FenceOpening
    start_line: int  # the opening fence
    end_line: int  # the closing fence; 0 when the block is never closed
    body: tuple[str, ...]  # the lines between, with up to the fence's indentation removed
    attributes: Attributes | None = None  # the IAL right after the closing fence
    ial_line: int = 0

    @property
    def closed(self) -> bool:
        return self.end_line > 0


@dataclass(frozen=True)
class Heading:
    level: int
    markdown: str  # as written
    text: str  # as the page shows it (inline markup dropped)
    anchor: str  # its id on the page
    line: int


@dataclass(frozen=True)
class Comment:
    start_line: int
    end_line: int  # 0 when it is never closed
    indent: int
    text: str  # the whole comment, lines joined


@dataclass(frozen=True)
class Item:
    line: int
    indent: int
    bullet: str  # "-", "*", "+" or "ol"
    rest: str  # the item's text after the bullet


@dataclass(frozen=True)
class Ial:
    line: int
    attributes: Attributes
    body: str


@dataclass(frozen=True)
class LiquidTag:
    line: int
    name: str  # "include", "raw", ...; "" for a tag without a name
    text: str  # the whole tag
    in_comment: bool


@dataclass(frozen=True)
class Outline:
    body_line: int  # the first line after the front matter
    line_count: int
    fences: tuple[Fence, ...] = ()
    headings: tuple[Heading, ...] = ()
    comments: tuple[Comment, ...] = ()
    items: tuple[Item, ...] = ()
    ials: tuple[Ial, ...] = ()
    liquid: tuple[LiquidTag, ...] = ()

    @cached_property
    def code(self) -> frozenset[int]:
        """The numbers of the lines of fenced code blocks, fences included."""
        last = self.line_count
        return frozenset(n for f in self.fences for n in range(f.start_line, (f.end_line or last) + 1))


class _Scan:
    """The state of one pass (made per call, never shared)."""

    def __init__(self, lines: list[str], first: int):
        self.lines = lines
        self.first = first
        self.fences: list[Fence] = []
        self.headings: list[Heading] = []
        self.comments: list[Comment] = []
        self.items: list[Item] = []
        self.ials: list[Ial] = []
        self.liquid: list[LiquidTag] = []
        self.ids: set[str] = set()

    def run(self) -> None:
        lines, i, end = self.lines, self.first, len(self.lines)
        paragraph = ""  # the previous line when it was paragraph text outside lists (for setext headings)
        in_list = False
        after_blank = True
        while i < end:
            line = lines[i]
            stripped = line.lstrip()
            if not stripped:
                paragraph, after_blank = "", True
                i += 1
                continue
            if stripped[0] not in _SIGNIFICANT and not in_list:
                if "{%" in line:
                    self._liquid(i + 1, line, False)
                paragraph, after_blank = line.strip(), False
                i += 1
                continue
            # Each rule below needs its own first character: the others are not asked.
            first = stripped[0]
            lead = len(line) - len(stripped)
            indent = len(line[:lead].expandtabs(4)) if "\t" in line[:lead] else lead
            if first == "<" and COMMENT_START_RE.match(line):
                i = self._comment(i, indent)
                paragraph, after_blank = "", False
                continue
            opening = fence_opening(line) if first in "`~" else None
            if opening is not None:
                i = self._fence(i, opening)
                paragraph, after_blank = "", False
                in_list = in_list and indent > 0
                continue
            item = ITEM_RE.match(line) if first in "-*+" or first.isdecimal() else None
            if item:
                self.items.append(Item(i + 1, indent, "ol" if item.group("bullet")[0].isdigit() else item.group("bullet"),
                                       item.group("rest") or ""))
                in_list = True
            elif in_list and after_blank and indent == 0:
                in_list = False
            heading = atx_heading(line) if first == "#" and not item else None
            if heading is not None:
                self._heading(heading[0], heading[1], i + 1)
                in_list = False
            elif paragraph and not in_list and first in "=-" and SETEXT_RE.match(line):
                self._heading(1 if "=" in line else 2, paragraph, i + 1)
            body = ial_body(line) if first == "{" else None
            if body is not None:
                self.ials.append(Ial(i + 1, parse_attributes(body), body))
            if "{%" in line:
                self._liquid(i + 1, line, False)
            block_start = first in "#>|<`~*_-" and BLOCK_START_RE.match(line)
            paragraph = "" if item or heading or in_list or block_start else line.strip()
            after_blank = False
            i += 1

    def _heading(self, level: int, markdown: str, line: int) -> None:
        text = heading_text(markdown)
        self.headings.append(Heading(level, markdown, text, unique(slugify_unicode(text, "-"), self.ids), line))

    def _fence(self, i: int, opening: FenceOpening) -> int:
        lines, start, width, fence = self.lines, i, opening.width, opening.fence
        body: list[str] = []
        i += 1
        # A line without the fence's character cannot close it; a fence at column 0 takes its lines whole.
        while i < len(lines) and not (fence[0] in lines[i] and closes_fence(fence, lines[i])):
            line = lines[i]
            if width:
                lead = len(line) - len(line.lstrip(" "))
                line = line[min(lead, width):]
            body.append(line)
            i += 1
        if i >= len(lines):
            self.fences.append(Fence(opening, start + 1, 0, tuple(body)))
            return i
        end = i + 1
        attributes, ial_line = None, 0
        if end < len(lines) and (ial := ial_body(lines[end])) is not None:
            attributes, ial_line = parse_attributes(ial), end + 1
            self.ials.append(Ial(ial_line, attributes, ial))
            end += 1
        self.fences.append(Fence(opening, start + 1, i + 1, tuple(body), attributes, ial_line))
        return end

    def _comment(self, i: int, indent: int) -> int:
        lines, start = self.lines, i
        while i < len(lines) and "-->" not in lines[i]:
            i += 1
        closed = i < len(lines)
        last = i if closed else len(lines) - 1
        text = "\n".join(lines[start:last + 1])
        self.comments.append(Comment(start + 1, last + 1 if closed else 0, indent, text))
        for n in range(start, last + 1):
            if "{%" in lines[n]:
                self._liquid(n + 1, lines[n], True)
        return last + 1

    def _liquid(self, number: int, line: str, in_comment: bool) -> None:
        code_free = INLINE_CODE_RE.sub("", line) if "`" in line else line
        for m in LIQUID_RE.finditer(code_free):
            self.liquid.append(LiquidTag(number, m.group("tag") or "", m.group(0), in_comment))


def scan_outline(lines: list[str], body_line: int = 1) -> Outline:
    """The outline of a post's lines; `body_line` is the first line after the front matter (1-based)."""
    scan = _Scan(lines, body_line - 1)
    scan.run()
    return Outline(body_line, len(lines), tuple(scan.fences), tuple(scan.headings), tuple(scan.comments),
                   tuple(scan.items), tuple(scan.ials), tuple(scan.liquid))
