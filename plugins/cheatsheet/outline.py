"""The section an explanation list's commands belong to: its parent heading when the list sits under
an explanation heading.

A Snippet knows only its nearest heading. Posts explain a section's commands under a sub-heading
("### 도커 서버 설치 과정" > "#### 각 구문별 해석"), and a cheat sheet grouped by "각 구문별 해석" would
say nothing; the parent heading is the topic. The headings are the post model's (chirpy_reader.outline),
the same ones the snippets take their sections from.
"""

from __future__ import annotations

from plugins.chirpy_reader.outline import Heading
from plugins.snippets.model import Snippet


def topic(snippet: Snippet, outline: tuple[Heading, ...], explanation_headings: tuple[str, ...]) -> tuple[str, str]:
    """(title, anchor) of the section a snippet's commands belong to."""
    own = (snippet.section, snippet.section_anchor)
    before = [h for h in outline if h.line < snippet.start_line]
    if not before or (before[-1].text, before[-1].anchor) != own:
        return own  # a block before any heading
    nearest = before[-1]
    if nearest.text not in explanation_headings:
        return own
    for heading in reversed(before[:-1]):
        if heading.level < nearest.level:
            return heading.text, heading.anchor
    return own
