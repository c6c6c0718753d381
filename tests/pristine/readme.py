"""Command blocks of the README, read from the README itself so the tests run what a reader types."""

from __future__ import annotations

import re
from pathlib import Path

QUICK_START = "## Quick start"
PUBLISHING_ACTIONS = "### From a push: GitHub Actions"
_FENCE_RE = re.compile(r"^```(?:sh|bash|console)?\s*$")
_TRAILING_COMMENT_RE = re.compile(r"\s+#\s.*$")


class ReadmeError(RuntimeError):
    """A section is not where or what the tests expect."""


def section_commands(text: str, heading: str, source: str = "README.md") -> list[str]:
    """The command lines of the first code block under `heading` (before the next heading of its level
    or above), without their trailing comments."""
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == heading)
    except StopIteration:
        raise ReadmeError(f"{source}: no '{heading}' heading; the tests run the commands listed under it") from None
    level = heading.split(" ", 1)[0]
    inside = False
    commands: list[str] = []
    for line in lines[start + 1:]:
        if not inside and line.startswith("#") and line.split(" ", 1)[0] <= level:
            break
        if _FENCE_RE.match(line.strip()):
            if inside:
                return commands
            inside = True
            continue
        if inside and line.strip() and not line.lstrip().startswith("#"):
            commands.append(_TRAILING_COMMENT_RE.sub("", line).strip())
    raise ReadmeError(f"{source}:{start + 1}: no closed code block of commands under '{heading}'; put them in a "
                      "```sh block there")


def quick_start_commands(text: str, source: str = "README.md") -> list[str]:
    return section_commands(text, QUICK_START, source)


def readme_commands(root: Path) -> list[str]:
    return quick_start_commands((root / "README.md").read_text(encoding="utf-8"), "README.md")
