"""The headings of a post with their levels, so an explanation list can be grouped under its parent topic.

A Snippet knows only its nearest heading. Posts explain a section's commands under a sub-heading
("### 도커 서버 설치 과정" > "#### 각 구문별 해석"), and a cheat sheet grouped by "각 구문별 해석" would
say nothing; the parent heading is the topic. Headings are found with the snippets plugin's own
patterns and anchors are numbered the way it numbers them, and every result is checked against the
snippet's own section: on any disagreement the snippet's section wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.extensions.toc import slugify_unicode, unique
from snippets.extract import FENCE_RE, HEADING_RE, body_start, heading_text
from snippets.model import Snippet

_LEVEL_RE = re.compile(r"^[ ]{0,3}(#{1,6})")
_MAY_START = ("`", "~", "#")  # the first character after spaces of a FENCE_RE or HEADING_RE line


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # as the page shows it (inline markup dropped)
    anchor: str  # its id on the page
    line: int


def headings(text: str) -> tuple[Heading, ...]:
    """The ATX headings outside fenced blocks and front matter, in reading order."""
    lines = text.split("\n")
    found: list[Heading] = []
    ids: set[str] = set()
    fence: tuple[str, int] | None = None
    for index in range(body_start(lines), len(lines)):
        line = lines[index]
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence[0] * fence[1]) and not stripped.strip(fence[0]):
                fence = None
            continue
        if line.lstrip(" ")[:1] not in _MAY_START:  # prose: neither a fence nor a heading (most lines)
            continue
        m = FENCE_RE.match(line)
        if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
            fence = (m.group("fence")[0], len(m.group("fence")))
            continue
        heading = HEADING_RE.match(line)
        if heading:
            shown = heading_text(heading.group("text") or "")
            level = len(_LEVEL_RE.match(line).group(1))
            found.append(Heading(level, shown, unique(slugify_unicode(shown, "-"), ids), index + 1))
    return tuple(found)


def topic(snippet: Snippet, outline: tuple[Heading, ...], explanation_headings: tuple[str, ...]) -> tuple[str, str]:
    """(title, anchor) of the section a snippet's commands belong to."""
    own = (snippet.section, snippet.section_anchor)
    before = [h for h in outline if h.line < snippet.start_line]
    if not before or (before[-1].text, before[-1].anchor) != own:
        return own  # the outline disagrees with the extractor (e.g. a setext heading): trust the extractor
    nearest = before[-1]
    if nearest.text not in explanation_headings:
        return own
    for heading in reversed(before[:-1]):
        if heading.level < nearest.level:
            return heading.text, heading.anchor
    return own
