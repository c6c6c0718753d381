"""Find the media a post references, with line numbers, in its source text (outside code).

Recognised: `<img src>`, `<video src poster>`, `<source src>`, `<track src>` (tags may span lines),
Markdown images `![alt](path "title")`, and Chirpy's `{% include embed/video.html ... %}` and
`{% include embed/youtube.html id=... %}` and the other embeds Chirpy documents. Fenced code blocks, inline code spans and HTML comments
are skipped: a tutorial may show `<img src=...>` as code.
"""

from __future__ import annotations

import re

from plugins.chirpy_reader.markdown_lines import INLINE_CODE_RE
from plugins.chirpy_reader.outline import scan_outline
from plugins.media.model import (
    AUDIO,
    HTML,
    IMAGE,
    INCLUDE,
    MARKDOWN,
    POSTER,
    SOURCE,
    TRACK,
    VIDEO,
    Include,
    MediaRef,
)

COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
TAG_RE = re.compile(r"<(?P<tag>img|video|source|track)\b(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)
ATTR_RE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+)))?"""
)
MD_IMAGE_RE = re.compile(
    r"!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\(\s*(?P<path><[^>\n]*>|[^\s)]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
INCLUDE_RE = re.compile(
    r"\{%-?\s*include\s+(?P<name>embed/(?:video|youtube|audio|twitch|bilibili|spotify)\.html)\b(?P<params>.*?)-?%\}")
PARAM_RE = re.compile(r"""(?P<key>\w+)\s*=\s*(?:'(?P<sq>[^']*)'|"(?P<dq>[^"]*)"|(?P<bare>[^\s'"%]+))""")

# Which attribute of which tag names which kind of media.
TAG_ATTRS = {
    "img": {"src": IMAGE},
    "video": {"src": VIDEO, "poster": POSTER},
    "source": {"src": SOURCE},
    "track": {"src": TRACK},
}
EXTERNAL_PREFIXES = ("http://", "https://", "//", "data:", "mailto:", "blob:")


def is_external(path: str) -> bool:
    return path.strip().lower().startswith(EXTERNAL_PREFIXES)


def blank_code(text: str, code: frozenset[int] | None = None) -> str:
    """The text with fenced code, inline code and HTML comments replaced by spaces (lines kept).

    `code`: the numbers of the lines in fenced code (the post model's); found in `text` when not given."""
    lines = text.split("\n")
    if code is None:
        code = scan_outline(lines).code
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        if number in code:
            out.append("")
            continue
        out.append(INLINE_CODE_RE.sub(lambda c: " " * len(c.group(0)), line) if "`" in line else line)
    joined = "\n".join(out)
    if "<!--" not in joined:
        return joined
    return COMMENT_RE.sub(lambda c: re.sub(r"[^\n]", " ", c.group(0)), joined)


def parse_attrs(text: str) -> list[tuple[str, str | None, int]]:
    """(name lowercased, value or None, offset of the value in text) for each attribute of a tag."""
    attrs = []
    for m in ATTR_RE.finditer(text):
        for group in ("dq", "sq", "bare"):
            if m.group(group) is not None:
                attrs.append((m.group("name").lower(), m.group(group), m.start(group)))
                break
        else:
            attrs.append((m.group("name").lower(), None, m.start()))
    return attrs


def parse_params(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((m.group("key"), next(v for v in (m.group("sq"), m.group("dq"), m.group("bare")) if v is not None))
                 for m in PARAM_RE.finditer(text))


class _Lines:
    """Line numbers of offsets in a text, counted only for the few offsets asked about."""

    def __init__(self, text: str, first_line: int):
        self.text = text
        self.first_line = first_line

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + self.first_line


def find_media(text: str, first_line: int = 1, code: frozenset[int] | None = None
               ) -> tuple[list[MediaRef], list[Include]]:
    """Every local or external media reference and every embed include, in document order.

    `code`: the numbers of the lines in fenced code, when the post model knows them."""
    clean = blank_code(text, code)
    lines = _Lines(clean, first_line)
    found: list[tuple[int, MediaRef]] = []
    for m in TAG_RE.finditer(clean) if "<" in clean else ():
        wanted = TAG_ATTRS[m.group("tag").lower()]
        for name, value, offset in parse_attrs(m.group("attrs")):
            if name in wanted and value is not None and value.strip():
                at = m.start("attrs") + offset
                found.append((at, MediaRef(lines.line_of(at), wanted[name], HTML, value.strip())))
    for m in MD_IMAGE_RE.finditer(clean) if "![" in clean else ():
        path = m.group("path")
        path = path[1:-1] if path.startswith("<") else path
        found.append((m.start(), MediaRef(lines.line_of(m.start()), IMAGE, MARKDOWN, path)))
    includes: list[Include] = []
    for m in INCLUDE_RE.finditer(clean) if "{%" in clean else ():
        line = lines.line_of(m.start())
        inc = Include(line, m.group("name"), parse_params(m.group("params")), m.group(0))
        includes.append(inc)
        if inc.name in ("embed/video.html", "embed/audio.html"):
            for key, kind in (("src", VIDEO if inc.name == "embed/video.html" else AUDIO), ("poster", POSTER)):
                if inc.get(key):
                    found.append((m.start(), MediaRef(line, kind, INCLUDE, inc.get(key))))
    found.sort(key=lambda pair: pair[0])
    return [ref for _, ref in found], includes
