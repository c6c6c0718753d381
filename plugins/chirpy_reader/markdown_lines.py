"""The one rule for each line-level construct of a Chirpy post: fences, headings, list items, IALs, comments, Liquid.

Every plugin that looks at a post's lines (the reader's preprocessors, snippets, media, the cheat
sheet, the importer) asks these functions, so a fence or a heading is the same thing everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.extensions.attr_list import get_attrs_and_remainder

# superfences reads a fence at any indentation, tabs included, in list items and quotes.
FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
ATX_HEADING_RE = re.compile(r"^[ ]{0,3}(?P<marks>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT_RE = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$")
ITEM_RE = re.compile(r"^(?P<indent>[ ]*)(?P<bullet>[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<rest>.*))?$")
IAL_RE = re.compile(r"^[ \t]*\{:[ \t]*(?P<attrs>[^}]*)\}[ \t]*$")
COMMENT_START_RE = re.compile(r"^[ ]{0,3}<!--")
# A line that starts a block other than a paragraph or a list item: it ends a list after a blank line
# and is never the text of a setext heading.
BLOCK_START_RE = re.compile(r"^[ ]{0,3}(?:[#>|<]|```|~~~|\*\*\*|___|---)")
# A tag cannot contain another `{%`: so a line of many unclosed `{%` is scanned once, not once per `{%`.
LIQUID_RE = re.compile(r"\{%-?\s*(?P<tag>\w+)?(?P<args>(?:(?!\{%).)*?)-?%\}")
LIQUID_OUTPUT_RE = re.compile(r"\{\{-?\s*(?P<expr>.*?)\s*-?\}\}")
# A code span: a run of backticks closed by a run of the same length (neither touching another backtick).
INLINE_CODE_RE = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")
_LANG_RE = re.compile(r"^\{?\s*\.?(?P<lang>[\w#.+-]*)")
_INLINE_MARKUP_RE = re.compile(r"<[^>]+>|[`*_]|\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class FenceOpening:
    """The opening line of a fenced code block."""

    indent: str  # the whitespace before the fence, as written
    fence: str  # the run of backticks or tildes
    info: str  # what follows the fence: `bash`, `{ .bash .x }`, ...

    @property
    def char(self) -> str:
        return self.fence[0]

    @property
    def width(self) -> int:
        """The indentation in columns (a tab is 4)."""
        return len(self.indent.expandtabs(4))

    @property
    def lang(self) -> str:
        """The language as written (`bash`, `Dockerfile`); "" for none."""
        return _LANG_RE.match(self.info).group("lang")


def fence_opening(line: str) -> FenceOpening | None:
    """The fence this line opens, or None. A backtick fence whose info holds a backtick is inline code."""
    if "`" not in line and "~" not in line:
        return None
    m = FENCE_RE.match(line)
    if m is None or (m.group("fence")[0] == "`" and "`" in m.group("info")):
        return None
    return FenceOpening(m.group("indent"), m.group("fence"), m.group("info"))


def closes_fence(fence: str, line: str) -> bool:
    """Whether `line` closes a block opened with `fence`: the same character, at least as many, nothing else."""
    stripped = line.strip()
    return stripped.startswith(fence) and not stripped.strip(fence[0])


@dataclass(frozen=True)
class Attributes:
    """A kramdown block attribute list (`{: .a #b key="v" }`), read by Python-Markdown's attr_list."""

    classes: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()  # key/value in written order; `#b` is ("id", "b")

    def get(self, key: str, default: str | None = None) -> str | None:
        return next((v for k, v in reversed(self.pairs) if k == key), default)

    def as_dict(self) -> dict[str, str]:
        return dict(self.pairs)


def parse_attributes(body: str) -> Attributes:
    """The attributes of an IAL's body (what is between `{:` and `}`)."""
    found, _rest = get_attrs_and_remainder(body)
    classes: list[str] = []
    pairs: list[tuple[str, str]] = []
    for key, value in found:
        if key == ".":
            classes.append(value)
        elif value is not None:
            pairs.append((key, value))
    return Attributes(tuple(classes), tuple(pairs))


def ial_body(line: str) -> str | None:
    """The body of a line that is a block IAL and nothing else, or None."""
    if "{:" not in line:
        return None
    m = IAL_RE.match(line)
    return m.group("attrs") if m else None


def _raw_tags(line: str):
    return (m for m in LIQUID_RE.finditer(line) if m.group("tag") in ("raw", "endraw"))


def raw_spans(line: str, open_at_start: bool = False) -> list[tuple[int, int]]:
    """Offsets of the text between `{% raw %}` and `{% endraw %}` on one line (the tags left out);
    `open_at_start`: a raw stretch opened on an earlier line runs from the line's start."""
    spans, start = [], 0 if open_at_start else None
    for m in _raw_tags(line):
        if m.group("tag") == "raw" and start is None:
            start = m.end()
        elif m.group("tag") == "endraw" and start is not None:
            spans.append((start, m.start()))
            start = None
    if start is not None:
        spans.append((start, len(line)))
    return spans


def open_raw_at(line: str, open_at_start: bool = False) -> bool:
    """True if a `{% raw %}` is still open at the end of the line."""
    opened = open_at_start
    for m in _raw_tags(line):
        opened = m.group("tag") == "raw"
    return opened


def atx_heading(line: str) -> tuple[int, str] | None:
    """(level, Markdown text) of an ATX heading line, or None."""
    if "#" not in line[:4]:
        return None
    m = ATX_HEADING_RE.match(line)
    return (len(m.group("marks")), m.group("text") or "") if m else None


def heading_text(markdown: str) -> str:
    """A heading's text as the page shows it (inline markup dropped), for names and anchors."""
    return " ".join(_INLINE_MARKUP_RE.sub(lambda m: m.group(1) or "", markdown).split())


def body_start(lines: list[str]) -> int:
    """Index of the first line after a `---` front matter block (0 when there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return i + 1
    return 0
