"""The cheat sheet as a navi `.cheat` file (https://github.com/denisidoro/navi, docs/cheatsheet/syntax).

Shape: `% tags` opens each section, `; ` lines are comments navi ignores (the link back to the post),
one `# ` description line per command (navi keeps only the last `#` line before a command), then the
command: its general form, whose `<이름>` placeholders navi asks for. A section ends with `$ name: command`
lines for the placeholders navi can suggest values for (the reader's containers, images, volumes, ...).
Commands navi would misread are left out with a `;` note (see inline.navi_command).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from plugins.cheatsheet.inline import NAVI_VAR_RE, navi_command
from plugins.cheatsheet.lines import joined_lines
from plugins.cheatsheet.model import OPTIONAL_MARK, CheatPost, CheatSheet

_SERIES_LABEL_RE = re.compile(r"^\s*\[(?P<label>[^\]]+)\]")

HEADER = (
    "; {title}: 블로그 빌드가 글에서 자동으로 만든 navi 치트시트입니다.",
    "; 쓰는 법: navi의 치트시트 폴더에 복사합니다. 예) cp {file} \"$(navi info default-cheats-path)/\"",
    "; <이름>은 navi가 실행 전에 값을 물어보는 자리이고, $USER 같은 환경 변수는 셸이 채웁니다.",
    "; 온라인: {url}",
)


# Where navi gets the choices for a placeholder: the reader's own docker objects.
SUGGESTIONS = {
    "컨테이너": "docker ps -a --format '{{.Names}}'",
    "이미지": "docker images --format '{{.Repository}}' | sort -u",
    "원본이미지": "docker images --format '{{.Repository}}' | sort -u",
    "태그": "docker images --format '{{.Tag}}' | sort -u",
    "볼륨": "docker volume ls --format '{{.Name}}'",
    "네트워크": "docker network ls --format '{{.Name}}'",
    "서비스": "docker compose config --services",
}


def suggestion_lines(commands: list[str]) -> list[str]:
    """`$ name: command` for each placeholder of these commands that navi can offer choices for."""
    names = dict.fromkeys(m.group(1) for command in commands for m in NAVI_VAR_RE.finditer(command))
    return [f"$ {name}: {SUGGESTIONS[name]}" for name in names if name in SUGGESTIONS]


def post_tag(post: CheatPost) -> str:
    """The tag readers filter by: the series label of the title ("도커-1"), else the slug."""
    m = _SERIES_LABEL_RE.match(post.title)
    return _tag(m.group("label") if m else post.slug)


def _tag(text: str) -> str:
    # Commas separate navi tags; a line break would end the tag line.
    return " ".join(text.replace(",", " ").split())


def navi_lines(sheet: CheatSheet, file_name: str) -> Iterator[str]:
    yield from (line.format(title=sheet.title, file=file_name, url=sheet.url) for line in HEADER)
    for post in sheet.posts:
        for section in post.sections:
            tags = ", ".join(t for t in (post_tag(post), _tag(section.title)) if t)
            yield from ["", f"% {tags}"]
            commands = []
            for entry in section.entries:
                command = navi_command(entry.shown)
                yield ""
                if command is None:
                    yield f"; navi 형식에 맞지 않아 뺀 명령어가 있습니다: {entry.href}"
                    continue
                commands.append(command)
                mark = f"{OPTIONAL_MARK} " if entry.optional else ""
                yield from [f"; {entry.href}", f"# {mark}{entry.explanation_text}", command]
            suggestions = suggestion_lines(commands)
            if suggestions:
                yield from ["", *suggestions]


def navi_text(sheet: CheatSheet, file_name: str) -> str:
    return "".join(navi_chunks(sheet, file_name))


def navi_chunks(sheet: CheatSheet, file_name: str) -> Iterator[str]:
    """The navi cheat file in pieces (13 MB for 5,000 posts), never built whole."""
    return joined_lines(navi_lines(sheet, file_name))
