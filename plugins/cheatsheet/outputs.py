"""Every file the cheat sheet writes besides its HTML pages, as (path, bytes) records; and writing them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cheatsheet.model import CheatSheet, CheatsheetSettings
from cheatsheet.page_data import Download
from cheatsheet.pdf import cached_pdf
from cheatsheet.print_html import print_html
from cheatsheet.render_json import json_chunks
from cheatsheet.render_markdown import markdown_chunks
from cheatsheet.render_navi import navi_chunks
from cheatsheet.render_tldr import tldr_pages, tldr_zip

STATIC = Path(__file__).resolve().parent / "static"
ASSETS = ("cheatsheet.css", "cheatsheet.js")


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
    """Markdown, navi, JSON, tldr pages (and their zip), the page's CSS and JS. Cheap: every build.

    One at a time: on a big site each of the first three is tens of megabytes.
    """
    n = names(settings)
    yield OutputFile(f"{n.folder}/{n.markdown}", markdown_chunks(sheet))
    yield OutputFile(f"{n.folder}/{n.navi}", navi_chunks(sheet, n.navi))
    yield OutputFile(f"{n.folder}/{n.json}", json_chunks(sheet))
    pages = tldr_pages(sheet)
    yield OutputFile(f"{n.folder}/{n.tldr_zip}", tldr_zip(pages))
    yield from (OutputFile(f"{n.folder}/tldr/{page.name}.md", page.text.encode()) for page in pages)
    yield from (OutputFile(f"{n.folder}/{asset}", (STATIC / asset).read_bytes()) for asset in ASSETS)


def pdf_file(sheet: CheatSheet, settings: CheatsheetSettings, cache_dir: Path | None) -> tuple[OutputFile, bool]:
    """The A4 PDF (slow: WeasyPrint) and whether it came from the cache."""
    data, cached = cached_pdf(print_html(sheet), cache_dir)
    return OutputFile(f"{names(settings).folder}/{names(settings).pdf}", data), cached


def downloads(sheet: CheatSheet, settings: CheatsheetSettings, with_pdf: bool) -> tuple[Download, ...]:
    """The links the page offers, in the order readers want them."""
    n = names(settings)
    base = sheet.url
    items = [Download("PDF (A4, 인쇄용)", base + n.pdf)] if with_pdf else []
    items += [
        Download("Markdown", base + n.markdown),
        Download("navi 치트시트", base + n.navi, "navi 의 치트시트 폴더에 복사"),
        Download("tldr 페이지 (zip)", base + n.tldr_zip, "tealdeer 등 tldr 클라이언트의 사용자 페이지로"),
        Download("JSON", base + n.json),
    ]
    return tuple(items)


def write_files(root: Path, files: Iterable[OutputFile], folder: str) -> None:
    """Write under root; refuses any path outside root/folder (names come from commands, so lock it)."""
    root = root.resolve()
    allowed = (root / folder).resolve()
    for file in files:
        path = (root / file.path).resolve()
        if not path.is_relative_to(allowed):
            raise ValueError(f"cheatsheet: refusing to write outside {allowed}: {file.path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(file.data, bytes):
            path.write_bytes(file.data)
            continue
        with path.open("w", encoding="utf-8", newline="") as out:
            for piece in _pieces(file.data):
                out.write(piece)
