"""Commands of one block: the lines of a fenced shell or console block, or the items of a command list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plugins.snippets.model import Command
from plugins.snippets.shell import CommandLines, needs_of, scan_line

OPTIONAL_MARK = "(선택)"
_OPTIONAL_RE = re.compile(r"^(?:\*\*|__)?\(선택\)(?:\*\*|__)?[ \t]*")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
# An HTML comment renders nothing, so it explains nothing (the cheat sheet's `<!-- cheat: ... -->` forms).
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->")
# `$ ` and `# ` prompts, optionally after `[user@host dir]` or `user@host:dir`; not zsh's `% `, which
# would take curl's progress table ("% Total    % Received") for commands.
PROMPT = r"(?:\[[^\]\n]*\][ ]?|[\w.-]+@[\w.-]+(?::[^\s$#]*)?[ ]?)?[$#][ ]"
PROMPT_RE = re.compile(rf"^(?P<prompt>{PROMPT})(?P<command>.*)$")
_ROOT_PROMPT_RE = re.compile(r"#[ ]$")
CODE_ITEM_RE = re.compile(r"^(?P<pre>(?:(?:\*\*|__)?\(선택\)(?:\*\*|__)?)?[ \t]*)(?P<ticks>`+)(?P<code>.+?)(?P=ticks)(?!`)(?P<post>.*)$")


def clean_explanation(text: str) -> str:
    """Explanation text as a comment can hold it: no `<br/>` or HTML comment, no surrounding punctuation."""
    if "<" in text:  # both patterns start with it; most explanation lines are plain Korean prose
        text = _BR_RE.sub(" ", _HTML_COMMENT_RE.sub("", text))
    return text.strip().lstrip(":-–—").strip()


def _command(pending: CommandLines, explanation: list[str], prompt: str = "", output: tuple[str, ...] = (),
             first: int = 0, last: int = 0) -> Command:
    lines = [*explanation, *pending.comments]
    optional = any(OPTIONAL_MARK in e for e in lines)
    return Command(
        text=pending.text,
        line=first,
        end_line=last,
        explanation=tuple(e for e in (clean_explanation(x) for x in lines) if e),
        optional=optional,
        output=output,
        prompt=prompt,
        needs=needs_of("\n".join(pending.code), bool(_ROOT_PROMPT_RE.search(prompt))),
    )


def shell_commands(lines: list[str], first_line: int) -> list[Command]:
    """Commands of a bash/sh/zsh block; `# ` comment lines right above a command explain it."""
    commands: list[Command] = []
    comments: list[str] = []
    pending = CommandLines()
    start = 0
    for offset, line in enumerate(lines):
        number = first_line + offset
        if not pending.lines:
            stripped = line.strip()
            if not stripped:
                comments = []
                continue
            if stripped.startswith("#"):
                if not stripped.startswith("#!"):
                    comments.append(stripped[1:].strip())
                continue
            start = number
        pending.add(line)
        if pending.complete:
            commands.append(_command(pending, comments, first=start, last=number))
            pending, comments = CommandLines(), []
    if pending.lines:  # an unfinished command (open quote or heredoc): keep it as written
        commands.append(_command(pending, comments, first=start, last=first_line + len(lines) - 1))
    return commands


def is_prompted(lines: list[str]) -> bool:
    """True when every command line of a shell block starts with `$ ` (a console block in disguise)."""
    code = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return bool(code) and all(ln.startswith("$ ") for ln in code)


def console_commands(lines: list[str], first_line: int) -> list[Command]:
    """Commands of a console block: prompt lines, `> ` continuations, everything else is output."""
    commands: list[Command] = []
    pending: CommandLines | None = None
    prompt = ""
    start = end = 0
    output: list[str] = []

    def flush() -> None:
        if pending is not None:
            while output and not output[-1].strip():
                output.pop()
            commands.append(_command(pending, [], prompt, tuple(output), start, end))

    for offset, line in enumerate(lines):
        number = first_line + offset
        m = PROMPT_RE.match(line)
        continuing = pending is not None and not output and (not pending.complete or line.startswith(">"))
        if continuing and not (m and pending.complete):
            text = line[2:] if line.startswith("> ") else (line.removeprefix(">"))
            pending.add(text)
            end = number
        elif m:
            flush()
            pending, output = CommandLines(), []
            prompt, start, end = m.group("prompt"), number, number
            pending.add(m.group("command"))
        elif pending is not None:
            output.append(line)
    flush()
    return [c for c in commands if c.text.strip()]


@dataclass
class ListItem:
    """One top-level item of a candidate command list (mutable while the list is read)."""

    line: int
    code: str | None  # the leading inline code span, None when the item does not start with one
    optional: bool
    explanation: list[str] = field(default_factory=list)


def list_item(rest: str, line: int) -> ListItem:
    """Read the text after a list bullet: `(선택) `cmd`: explanation<br/>`."""
    m = CODE_ITEM_RE.match(rest)
    if not m or m.group("pre").strip() not in ("", *_optional_spellings()):
        return ListItem(line, None, False)
    code = m.group("code")
    if code.startswith(" ") and code.endswith(" ") and code.strip():
        code = code[1:-1]
    post = clean_explanation(m.group("post"))
    optional = bool(m.group("pre").strip()) or OPTIONAL_MARK in post
    post = clean_explanation(post.replace(OPTIONAL_MARK, "")) if OPTIONAL_MARK in post else post
    return ListItem(line, code, optional, [post] if post else [])


def _optional_spellings() -> tuple[str, ...]:
    return ("(선택)", "**(선택)**", "__(선택)__")


def list_commands(items: list[ListItem]) -> list[Command]:
    commands = []
    for item in items:
        if item.code is None:
            continue
        code, _comment, _quote = scan_line(item.code)
        commands.append(Command(
            text=item.code,  # exactly what the post shows, even when it looks broken
            line=item.line,
            end_line=item.line,
            explanation=tuple(e for e in (clean_explanation(x) for x in item.explanation) if e),
            optional=item.optional,
            needs=needs_of(code),
        ))
    return commands
