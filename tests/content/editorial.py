"""Tell the author's words from the editor's additions in a post the author wrote.

The rule: the edited post must equal the author's original with the agreed fixes applied, plus
editor's notes inserted between the author's blocks. A note is

- a Chirpy prompt: a blockquote whose first line starts with `> **편집자 주** ` and whose last
  line is `{: .prompt-info }` or `{: .prompt-warning }` (every line between starts with `>`),
- optionally followed by the fenced code blocks it introduces (each may have `<!-- snippet: ... -->`
  annotation lines right above it),

separated from each other and from the author's text by blank lines. Nothing else may change: no
author line edited, moved or removed, no blank line added inside the author's text (it would split
a paragraph), no note glued to an author line (Markdown would merge them).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from plugins.chirpy_reader.markdown_lines import closes_fence, fence_opening

MARKER = "> **편집자 주** "
PROMPT_IALS = ("{: .prompt-info }", "{: .prompt-warning }")
_ANNOTATION_RE = re.compile(r"^<!--\s*snippet:.*-->$")


@dataclass(frozen=True)
class Fix:
    """An agreed change to one line of the author's text (1-based line of the original)."""

    line: int
    old: str
    new: str


@dataclass(frozen=True)
class Note:
    first: int  # 1-based lines in the edited post
    last: int
    code_blocks: int


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line in the edited post (or in the original, for a fix that no longer applies)
    what: str
    todo: str

    def format(self, path: str) -> str:
        return f"{path}:{self.line}: author text: {self.what}; {self.todo}"


@dataclass(frozen=True)
class Review:
    notes: tuple[Note, ...]
    problems: tuple[Problem, ...]


def _glued_after(lines: list[str], last: int, end: int, what: str) -> Problem | None:
    """A problem when text follows lines[last] directly: Markdown would join it to the note's block."""
    if last + 1 < end and lines[last + 1].strip():
        return Problem(last + 2, f"text right after an editor's {what}", f"leave a blank line after the {what}")
    return None


def _parse_notes(lines: list[str], start: int, end: int) -> tuple[list[Note], list[Problem]]:
    """Notes in lines[start:end] (0-based, blank lines at both ends allowed)."""
    notes: list[Note] = []
    problems: list[Problem] = []
    i = start
    current: tuple[int, int] | None = None  # (first index, code blocks) of the note being read
    last_line = 0  # 1-based last line of that note so far
    while i < end:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.startswith(MARKER) and line[len(MARKER):].strip():
            if current is not None:
                notes.append(Note(current[0] + 1, last_line, current[1]))
            j = i + 1
            while j < end and lines[j].startswith(">"):
                j += 1
            if j >= end or lines[j] not in PROMPT_IALS:
                problems.append(Problem(i + 1, "the editor's note is not closed by a prompt attribute list",
                                        f"end it with a line {PROMPT_IALS[0]!r} or {PROMPT_IALS[1]!r} right after its last '>' line"))
                return notes, problems
            if glued := _glued_after(lines, j, end, "note"):
                return notes, [*problems, glued]
            current, last_line, i = (i, 0), j + 1, j + 1
            continue
        k = i
        while k < end and _ANNOTATION_RE.match(lines[k]):
            k += 1
        fence = fence_opening(lines[k]) if k < end else None
        if fence and current is not None:
            close = next((m for m in range(k + 1, end) if closes_fence(fence.fence, lines[m])), None)
            if close is None:
                problems.append(Problem(k + 1, "the code block of an editor's note is not closed inside the note",
                                        f"close it with {fence.fence}"))
                return notes, problems
            if glued := _glued_after(lines, close, end, "code block"):
                return notes, [*problems, glued]
            current, last_line, i = (current[0], current[1] + 1), close + 1, close + 1
            continue
        problems.append(Problem(i + 1, f"line added to the author's text outside an editor's note (got {line[:60]!r})",
                                f"put additions in a note: a prompt starting with {MARKER.strip()!r} and ending with "
                                f"{PROMPT_IALS[0]!r}, optionally followed by its code blocks"))
        return notes, problems
    if current is not None:
        notes.append(Note(current[0] + 1, last_line, current[1]))
    return notes, problems


def review(original: str, edited: str, fixes: tuple[Fix, ...] = ()) -> Review:
    """Notes found in `edited` and every way it departs from `original` + `fixes` + notes."""
    expected = original.split("\n")
    problems: list[Problem] = []
    for fix in fixes:
        if expected[fix.line - 1] != fix.old:
            problems.append(Problem(fix.line, f"the original's line {fix.line} is not what the fix expects "
                                              f"(got {expected[fix.line - 1][:60]!r})", "update the fix"))
        else:
            expected[fix.line - 1] = fix.new
    lines = edited.split("\n")
    inserted = [False] * len(lines)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, expected, lines, autojunk=False).get_opcodes():
        if tag == "insert":
            inserted[j1:j2] = [True] * (j2 - j1)
        elif tag in ("replace", "delete"):
            what = "changed" if tag == "replace" else "removed"
            shown = expected[i1][:60]
            problems.append(Problem(j1 + 1, f"the author's line {i1 + 1} was {what} (original {shown!r})",
                                    "restore the author's words; put corrections in an editor's note after the spot"))
    notes: list[Note] = []
    j = 0
    while j < len(lines):
        if not inserted[j]:
            j += 1
            continue
        # A region: the inserted lines here plus the blank lines around them (which side of a
        # blank line difflib calls inserted is arbitrary).
        start = j
        while start > 0 and not lines[start - 1].strip():
            start -= 1
        end = j
        while end < len(lines) and (inserted[end] or not lines[end].strip()):
            end += 1
        found, bad = _parse_notes(lines, start, end)
        problems += bad
        notes += found
        if not found and not bad:
            problems.append(Problem(j + 1, "blank line added to the author's text",
                                    "remove it: it splits the author's paragraph"))
        elif found:
            if start > 0 and start == found[0].first - 1:
                problems.append(Problem(found[0].first, "editor's note glued to the author's line above",
                                        "leave a blank line before the note"))
            if end < len(lines) and lines[end - 1].strip():
                problems.append(Problem(end, "editor's note glued to the author's line below",
                                        "leave a blank line after the note"))
        j = end
    return Review(tuple(notes), tuple(problems))
