"""The first post's install commands with their Korean explanations, read from the post itself.

The post lists them under "#### 각 구문별 해석" as "- `command`" items with two-space-indented
explanation items. This is the one function to swap for the snippets plugin's extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SECTION_RE = re.compile(r"^#{2,6}\s*각 구문별 해석\s*$")
HEADING_RE = re.compile(r"^#{1,6}\s")
ITEM_RE = re.compile(r"^[-*+]\s+(?P<optional>\(선택\)\s*)?`(?P<command>[^`]+)`")
EXPLANATION_RE = re.compile(r"^\s{2,}[-*+]\s+(?P<text>.+?)\s*$")
BREAK_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Command:
    text: str
    explanations: tuple[str, ...]
    optional: bool
    line: int  # 1-based line in the post


class CommandListError(ValueError):
    pass


def post_commands(text: str, source: str) -> list[Command]:
    """The commands of the post's "각 구문별 해석" list, in order."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if SECTION_RE.match(line.strip())), None)
    if start is None:
        raise CommandListError(f"{source}: no '#### 각 구문별 해석' section; the screencast is made from its list")
    found: list[tuple[int, str, bool, list[str]]] = []
    for number in range(start + 2, len(lines) + 1):
        line = lines[number - 1]
        if HEADING_RE.match(line):
            break
        item = ITEM_RE.match(line)
        if item:
            found.append((number, item.group("command").strip(), bool(item.group("optional")), []))
            continue
        explanation = EXPLANATION_RE.match(line)
        if explanation and found:
            found[-1][3].append(BREAK_RE.sub(" ", explanation.group("text")).strip())
    if not found:
        raise CommandListError(f"{source}:{start + 1}: the '각 구문별 해석' section lists no `command` items")
    return [Command(cmd, tuple(expl), optional, number) for number, cmd, optional, expl in found]
