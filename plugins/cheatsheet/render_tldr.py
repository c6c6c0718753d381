"""The cheat sheet as tldr pages (https://github.com/tldr-pages/tldr, contributing guide and client spec).

One page per command (`docker run` -> docker-run.md), examples in series order, at most 8 per page
(tldr-lint TLDR019): a command with more examples continues on docker-run-2.md, ... with the same
title. Korean descriptions follow the rules tldr applies to its translated pages (scripts/test.sh
lints pages.* with TLDR003, TLDR004, TLDR015 and TLDR104 ignored: capitals and English tense).
Commands that cannot be one line (heredocs) are left out.
"""

from __future__ import annotations

import io
import re
import shlex
import zipfile
from dataclasses import dataclass

from cheatsheet.inline import joined_plain, tldr_command
from cheatsheet.model import OPTIONAL_MARK, CheatEntry, CheatSheet

MAX_EXAMPLES = 8
# Programs whose pages tldr keeps per subcommand (docker-run.md, docker-compose.md).
SUBCOMMAND_PROGRAMS = frozenset({"docker", "git", "podman"})
_WRAPPERS = frozenset({"sudo", "doas", "env", "time", "nohup", "exec"})
_ASSIGNMENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_NAME_RE = re.compile(r"[^a-z0-9._+-]+")
# What makes shlex.split(comments=True) differ from str.split(): quotes, escapes, comments, and
# whitespace that str.split() splits on but shlex (" \t\r\n") does not.
_SHLEX_PLAIN_RE = re.compile(r"[\"'\\#]|[^\S \t\r\n]")
# A fixed timestamp keeps the zip byte-identical from build to build.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class TldrPage:
    name: str  # file name without .md
    title: str  # the command, as typed
    text: str


def command_name(command: str) -> str:
    """The command a reader would look up: `sudo dnf install ...` -> "dnf", `docker run ...` -> "docker run"."""
    first = command.split("\n", 1)[0]
    if _SHLEX_PLAIN_RE.search(first):
        try:
            words = shlex.split(first, comments=True)
        except ValueError:
            words = first.split()
    else:  # nothing shlex would treat specially: the same words, without its slow character loop
        words = first.split()
    while words and (words[0] in _WRAPPERS or _ASSIGNMENT_RE.match(words[0]) or words[0].startswith("-")):
        words = words[1:]
    if not words:
        return ""
    program = words[0].rsplit("/", 1)[-1].lower()
    if program in SUBCOMMAND_PROGRAMS:
        sub = next((w for w in words[1:] if not w.startswith("-")), "")
        return f"{program} {sub.lower()}".strip()
    return program


def page_name(title: str) -> str:
    """tldr's own mapping: spaces become dashes, lowercase; ASCII only (tldr-lint TLDR013/109/111)."""
    return _NAME_RE.sub("-", title.lower().replace(" ", "-")).strip("-")


def _example(entry: CheatEntry, line: str) -> list[str]:
    mark = f"{OPTIONAL_MARK} " if entry.optional else ""
    description = joined_plain(entry.explanation, code_ticks=True).rstrip(" .:;,")
    return [f"- {mark}{description}:", "", f"`{line}`", ""]


def tldr_pages(sheet: CheatSheet) -> tuple[TldrPage, ...]:
    by_command: dict[str, list[tuple[CheatEntry, str]]] = {}
    for entry in sheet.entries:
        line = tldr_command(entry.command)
        title = command_name(entry.command)
        if line is None or not page_name(title):
            continue
        by_command.setdefault(title, []).append((entry, line))
    pages = []
    for title, examples in sorted(by_command.items(), key=lambda item: page_name(item[0])):
        chunks = [examples[i:i + MAX_EXAMPLES] for i in range(0, len(examples), MAX_EXAMPLES)]
        for number, chunk in enumerate(chunks, start=1):
            name = page_name(title) + (f"-{number}" if number > 1 else "")
            part = f" ({number}/{len(chunks)})" if len(chunks) > 1 else ""
            head = [f"# {title}", "", f"> 도커 시리즈 글에서 설명한 `{title}` 명령어 예시입니다{part}."]
            if sheet.url.startswith(("http://", "https://")):
                head.append(f"> 더 많은 정보: <{sheet.url}>.")
            body = [line for entry, command in chunk for line in _example(entry, command)]
            pages.append(TldrPage(name, title, "\n".join(head + [""] + body).rstrip("\n") + "\n"))
    return tuple(pages)


def tldr_zip(pages: tuple[TldrPage, ...]) -> bytes:
    """The pages in tldr's folder layout (pages.ko/common/<name>.md), ready to unpack as custom pages."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for page in pages:
            info = zipfile.ZipInfo(f"pages.ko/common/{page.name}.md", _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, page.text.encode("utf-8"))
    return buffer.getvalue()
