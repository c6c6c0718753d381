"""The cheat sheet as tldr patches for tealdeer (https://github.com/tldr-pages/tldr, client spec; tealdeer docs).

Docker commands only, one file per docker page (`docker run` -> docker-run), with the series'
examples in their general forms (`{{컨테이너}}`), at most 8, duplicates merged. They are *patches*:
tealdeer shows them under the official page of the same name, so no real page is shadowed.
tealdeer 1.7 and later read `<name>.patch.md` from the custom pages folder, earlier versions
(Debian 12 has 1.5) `<name>.patch`; the zip holds both, in `tealdeer/` and `tealdeer-1.6/`.
Examples holding a literal `{{` (Go templates) are left out: tealdeer before 1.9 shows the escape
backslashes the client spec asks for. Each patch also has a page form (title, description, the same
examples) that the tests lint with tldr-lint, so the Korean follows tldr's style rules.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from plugins.cheatsheet.collect import command_key
from plugins.cheatsheet.inline import joined_plain, tldr_command
from plugins.cheatsheet.kinds import page_name
from plugins.cheatsheet.model import OPTIONAL_MARK, CheatEntry, CheatSheet

MAX_EXAMPLES = 8  # tldr-lint TLDR019
FOLDERS = (("tealdeer", ".patch.md"), ("tealdeer-1.6", ".patch"))
# A fixed timestamp keeps the zip byte-identical from build to build.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class TldrPage:
    name: str  # docker-run
    title: str  # the command, as typed: "docker run"
    text: str  # the page form: title, description, examples (what tldr-lint checks)
    patch: str  # the examples only: what tealdeer appends to the official page


def command_name(entry: CheatEntry) -> str:
    """The docker page an entry belongs on: "docker run", "docker volume", "docker compose"; "" for others."""
    if entry.program != "docker" or entry.glue or not entry.subcommand:
        return ""
    return f"docker {entry.subcommand.split(' ', 1)[0]}"


def _example(entry: CheatEntry, line: str) -> list[str]:
    mark = f"{OPTIONAL_MARK} " if entry.optional else ""
    description = joined_plain(entry.explanation, code_ticks=True).rstrip(" .:;,")
    return [f"- {mark}{description}:", "", f"`{line}`", ""]


def tldr_pages(sheet: CheatSheet) -> tuple[TldrPage, ...]:
    by_command: dict[str, list[tuple[CheatEntry, str]]] = {}
    seen: set[str] = set()
    for entry in sheet.entries:
        title = command_name(entry)
        line = tldr_command(entry.shown) if title else None
        key = command_key(entry.shown)
        if line is None or "\\{" in line or key in seen:
            continue
        seen.add(key)
        by_command.setdefault(title, []).append((entry, line))
    pages = []
    for title, examples in sorted(by_command.items(), key=lambda item: page_name(item[0])):
        body = [text for entry, command in examples[:MAX_EXAMPLES] for text in _example(entry, command)]
        head = [f"# {title}", "", f"> 도커 시리즈 글에서 설명한 `{title}` 명령어 예시입니다."]
        if sheet.url.startswith(("http://", "https://")):
            head.append(f"> 더 많은 정보: <{sheet.url}>.")
        text = "\n".join(head + [""] + body).rstrip("\n") + "\n"
        pages.append(TldrPage(page_name(title), title, text, "\n".join(body).rstrip("\n") + "\n"))
    return tuple(pages)


def tldr_files(pages: tuple[TldrPage, ...]) -> list[tuple[str, str]]:
    """(path, text) of every patch file, in both tealdeer folders."""
    return [(f"{folder}/{page.name}{suffix}", page.patch) for folder, suffix in FOLDERS for page in pages]


def tldr_zip(pages: tuple[TldrPage, ...]) -> bytes:
    """The patches in both folders; unzip one folder into tealdeer's custom pages folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in tldr_files(pages):
            info = zipfile.ZipInfo(path, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
