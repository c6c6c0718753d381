"""The README's Quick start commands, read from the README itself so the test runs what a reader types."""

from __future__ import annotations

import re
from pathlib import Path

_SECTION = "## Quick start"
_FENCE_RE = re.compile(r"^```(?:sh|bash|console)?\s*$")
_TRAILING_COMMENT_RE = re.compile(r"\s+#\s.*$")


class ReadmeError(RuntimeError):
    """The Quick start section is not where or what the tests expect."""


def quick_start_commands(text: str, source: str = "README.md") -> list[str]:
    """The command lines of the first code block under `## Quick start`, their trailing comments removed."""
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == _SECTION)
    except StopIteration:
        raise ReadmeError(f"{source}: no '{_SECTION}' heading; the pristine test runs its commands") from None
    inside = False
    commands: list[str] = []
    for number, line in enumerate(lines[start + 1:], start=start + 2):
        if line.startswith("## "):
            break
        if _FENCE_RE.match(line.strip()):
            if inside:
                return commands
            inside = True
            continue
        if inside and line.strip() and not line.lstrip().startswith("#"):
            commands.append(_TRAILING_COMMENT_RE.sub("", line).strip())
    raise ReadmeError(f"{source}:{start + 1}: the Quick start section has no closed code block of commands; "
                      "put the set-up commands in a ```sh block there")


def readme_commands(root: Path) -> list[str]:
    return quick_start_commands((root / "README.md").read_text(encoding="utf-8"), "README.md")
