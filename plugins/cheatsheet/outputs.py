"""Every file the cheat sheet writes besides its HTML pages, as (path, bytes) records; and writing them."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from plugins.cheatsheet.model import CheatSheet, CheatsheetSettings
from plugins.cheatsheet.page_data import Download
from plugins.cheatsheet.pdf import cached_pdfs
from plugins.cheatsheet.print_typst import core_typst, print_typst
from plugins.cheatsheet.render_json import json_chunks
from plugins.cheatsheet.render_markdown import markdown_chunks
from plugins.cheatsheet.render_navi import navi_chunks
from plugins.cheatsheet.render_tldr import tldr_files, tldr_pages, tldr_zip
from plugins.sitebuild.carry_over import CarryOver

STATIC = Path(__file__).resolve().parent / "static"
ASSETS = ("cheatsheet.css", "cheatsheet.js")
SCHEMA = "cheatsheet.schema.json"  # published as <file_stem>.schema.json beside the JSON


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the output folder, always under the cheat sheet folder
    data: bytes | str | Iterable[str]  # text is written as UTF-8, a piece at a time


TEXT_PIECE = 1 << 20  # characters encoded per write of a big text


def _pieces(data: str | Iterable[str]) -> Iterator[str]:
    if isinstance(data, str):
        yield from (data[i:i + TEXT_PIECE] for i in range(0, len(data), TEXT_PIECE))
    else:
        yield from data


@dataclass(frozen=True)
class FileNames:
    folder: str
    stem: str

    @property
    def pdf(self) -> str:
        return f"{self.stem}.pdf"

    @property
    def core_pdf(self) -> str:
        return f"{self.stem}-core.pdf"

    @property
    def schema(self) -> str:
        return f"{self.stem}.schema.json"

    @property
    def markdown(self) -> str:
        return f"{self.stem}.md"

    @property
    def navi(self) -> str:
        return f"{self.stem}.cheat"

    @property
    def json(self) -> str:
        return f"{self.stem}.json"

    @property
    def tldr_zip(self) -> str:
        return f"{self.stem}-tldr.zip"


def names(settings: CheatsheetSettings) -> FileNames:
    return FileNames(settings.folder, settings.file_stem)


def text_files(sheet: CheatSheet, settings: CheatsheetSettings) -> Iterator[OutputFile]:
    """Markdown, navi, JSON, tldr pages (and their zip), the page's CSS and JS. Cheap: every build."""
    yield from made_files(sheet, settings)
    yield from static_files(settings)


def made_files(sheet: CheatSheet, settings: CheatsheetSettings) -> Iterator[OutputFile]:
    """The files made from the sheet: Markdown, navi, JSON, tldr pages and their zip.

    One at a time: on a big site each of the first three is tens of megabytes.
    """
    n = names(settings)
    yield OutputFile(f"{n.folder}/{n.markdown}", markdown_chunks(sheet))
    yield OutputFile(f"{n.folder}/{n.navi}", navi_chunks(sheet, n.navi))
    yield OutputFile(f"{n.folder}/{n.json}", json_chunks(sheet, sheet.url + n.schema))
    pages = tldr_pages(sheet)
    yield OutputFile(f"{n.folder}/{n.tldr_zip}", tldr_zip(pages))
    yield from (OutputFile(f"{n.folder}/tldr/{path}", text.encode()) for path, text in tldr_files(pages))


def static_files(settings: CheatsheetSettings) -> Iterator[OutputFile]:
    """The JSON schema, the page's CSS and JS, as the plugin ships them."""
    n = names(settings)
    yield OutputFile(f"{n.folder}/{n.schema}", (STATIC / SCHEMA).read_bytes())
    yield from (OutputFile(f"{n.folder}/{asset}", (STATIC / asset).read_bytes()) for asset in ASSETS)


def pdf_files(sheet: CheatSheet, settings: CheatsheetSettings, cache_dir: Path | None) -> list[tuple[OutputFile, bool]]:
    """The full and the "핵심" A4 PDFs (Typst), each with whether it came from the cache."""
    n = names(settings)
    made = cached_pdfs([print_typst(sheet), core_typst(sheet)], cache_dir)
    return [(OutputFile(f"{n.folder}/{name}", data), cached) for name, (data, cached) in zip((n.pdf, n.core_pdf), made)]


def downloads(settings: CheatsheetSettings, with_pdf: bool, url: str) -> tuple[Download, ...]:
    """The links the page offers, in the order readers want them; `url` is the cheat sheet folder's."""
    n = names(settings)
    items = [Download("핵심 PDF (A4 두 쪽)", url + n.core_pdf, "주제별 일반형만"),
             Download("전체 PDF (A4)", url + n.pdf, "글별, 예시와 설명 모두")] if with_pdf else []
    items += [
        Download("Markdown", url + n.markdown),
        Download("navi 치트시트", url + n.navi, "navi의 치트시트 폴더에 복사"),
        Download("tldr 페이지 (zip)", url + n.tldr_zip, "tealdeer 사용자 페이지: 설치 방법은 아래"),
        Download("JSON", url + n.json, f"형식: {n.schema}"),
    ]
    return tuple(items)


def write_files(root: Path, files: Iterable[OutputFile], folder: str, carry: CarryOver | None = None) -> list[str]:
    """Write under root; refuses any path outside root/folder (names come from commands, so lock it).

    With `carry`, a file given as bytes that is unchanged since the last build is linked from the
    previous output instead of written (sitebuild.carry_over), and a streamed one is recorded so that
    a later build can link it. Returns the paths written, relative to root.
    """
    written = []
    root = root.resolve()
    allowed = (root / folder).resolve()
    checked: set[str] = set()  # parent folders already resolved: a tldr folder holds hundreds of files
    for file in files:
        path = Path(os.path.normpath(root / file.path))
        parent = str(path.parent)
        if parent not in checked:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not (path.parent.resolve() / path.name).is_relative_to(allowed):
                raise ValueError(f"cheatsheet: refusing to write outside {allowed}: {file.path}")
            checked.add(parent)
        relpath = str(path.relative_to(root))
        written.append(relpath)
        if isinstance(file.data, bytes):
            if carry is not None:
                carry.write(relpath, file.data)
            else:
                path.write_bytes(file.data)
            continue
        with path.open("w", encoding="utf-8", newline="") as out:
            for piece in _pieces(file.data):
                out.write(piece)
        if carry is not None:
            carry.record(relpath)
    return written
