"""The navi and tldr formats' own rules, as the tests read them.

navi: no package on PyPI, npm or Debian, so its reader is mirrored here from its source
(src/parser.rs: `%` tags, `#` description, `;` ignored, `$` variable lines, `@` extends, any other
non-empty line is part of the command; a `#`, `%` or `$` line ends the command before it) and its
documented syntax (docs/cheatsheet/syntax: variables are `<name>`, names of letters, digits and `_`).

tldr: the linter (npm tldr-lint) runs in test_formats.py; these are the rules from tldr's style
guide and client specification that a linter does not check or that apply when it is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAVI_VAR_RE = re.compile(r"\\?<(\w[\w\-]*)>")  # navi src/deser/mod.rs VAR_REGEX
NAVI_VAR_LINE_RE = re.compile(r"^\$\s*([^:]+):(.*)")  # navi src/parser.rs VAR_LINE_REGEX


@dataclass(frozen=True)
class NaviCheat:
    tags: str
    description: str
    command: str
    line: int


def read_navi(text: str) -> tuple[list[NaviCheat], list[str]]:
    """(cheats, problems) the way navi reads a .cheat file."""
    cheats: list[NaviCheat] = []
    problems: list[str] = []
    tags = description = ""
    command: list[str] = []
    start = 0
    described_at = 0

    def flush() -> None:
        nonlocal command
        if command:
            cheats.append(NaviCheat(tags, description, "\n".join(command), start))
        command = []

    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        if line.startswith("%"):
            flush()
            tags = line[2:]
            if not line.startswith("% ") or not tags.strip():
                problems.append(f"{number}: a tag line is '% tag, tag'")
        elif line.startswith(";"):
            continue
        elif line.startswith("#"):
            flush()
            if described_at and described_at == number - 1:
                problems.append(f"{number}: two description lines in a row; navi keeps only the last")
            description, described_at = line[2:], number
            if not line.startswith("# ") or not description.strip():
                problems.append(f"{number}: a description line is '# text'")
        elif line.startswith("$"):
            flush()
            if not NAVI_VAR_LINE_RE.match(line):
                problems.append(f"{number}: a variable line is '$ name: command'")
        elif line.startswith("@"):
            flush()
        else:
            if not command:
                start = number
                if not tags:
                    problems.append(f"{number}: a command before any '%' tag line")
                if not description:
                    problems.append(f"{number}: a command without a '#' description")
            command.append(line)
    flush()
    if not text.endswith("\n"):
        problems.append("the file does not end with a newline")
    return cheats, problems


def navi_variables(command: str) -> list[str]:
    return [m.group(1) for m in NAVI_VAR_RE.finditer(command)]


TLDR_TITLE_RE = re.compile(r"^# [a-z0-9][a-z0-9 ._+-]*$")
TLDR_EXAMPLE_RE = re.compile(r"^- \S.*:$")
TLDR_COMMAND_RE = re.compile(r"^`[^`\s][^`]*[^`\s]`$|^`[^`\s]`$")


def tldr_problems(name: str, text: str) -> list[str]:
    """The page format from tldr's contributing guide and style guide, and the client spec's braces."""
    problems = []
    if name != name.lower() or not re.match(r"^[a-z0-9._+-]+\.md$", name):
        problems.append(f"{name}: file names are lowercase ASCII .md without spaces")
    if not text.endswith("\n") or text.endswith("\n\n") or "\t" in text or "\r" in text:
        problems.append(f"{name}: one newline at the end, no tabs, Unix line endings")
    lines = text.split("\n")[:-1]
    if any(line != line.rstrip() for line in lines):
        problems.append(f"{name}: trailing whitespace")
    if "\n\n\n" in text:
        problems.append(f"{name}: more than one empty line")
    if not lines or not TLDR_TITLE_RE.match(lines[0]) or lines[1:2] != [""]:
        problems.append(f"{name}: first '# command', then an empty line")
    i = 2
    while i < len(lines) and lines[i].startswith("> "):
        if not lines[i].endswith("."):
            problems.append(f"{name}:{i + 1}: description lines end with a period")
        i += 1
    if i == 2:
        problems.append(f"{name}: a '> description' follows the title")
    examples = 0
    rest = lines[i:]
    while rest:
        block, rest = rest[:4], rest[4:]
        if len(block) < 3 or block[0] != "" or not TLDR_EXAMPLE_RE.match(block[1]) or block[2] != "":
            problems.append(f"{name}: examples are '', '- description:', '', '`command`'")
            break
        if len(block) < 4 or not TLDR_COMMAND_RE.match(block[3]):
            problems.append(f"{name}: the example command is one line in backticks (got {block[3:4]})")
            break
        command = block[3][1:-1]
        if re.search(r"(?<!\\)\{\{(?![^{}]*\}\})", command):
            problems.append(f"{name}: an unclosed '{{{{' placeholder in {command!r}")
        examples += 1
    if not 1 <= examples <= 8:
        problems.append(f"{name}: a page has 1 to 8 examples (got {examples})")
    return problems


def tldr_examples(text: str) -> list[tuple[str, str]]:
    """(description without the colon, command) of each example."""
    lines = text.split("\n")
    return [(lines[i][2:-1], lines[i + 2][1:-1]) for i in range(len(lines) - 2)
            if TLDR_EXAMPLE_RE.match(lines[i]) and lines[i + 2].startswith("`")]
