"""The printable PDF: it opens, reads back as the right Korean, embeds its fonts, keeps every command
whole in one column of one page; page 1 is kept as test-artifacts/cheatsheet/pdf-page-1.png."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from plugins.cheatsheet.pdf import cached_pdf, cached_pdfs, fonts, render_pdf, render_pdfs
from plugins.cheatsheet.print_typst import PLACE, core_typst, print_typst, wrapped
from tests.cheatsheet.sheets import FIRST_POST, FIRST_POST_FORMS, ROOT, series_sheet, text_sheet

pytestmark = pytest.mark.pdf

ARTIFACTS = ROOT / "test-artifacts" / "cheatsheet"
A4 = (595.28, 841.89)  # points


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout


@pytest.fixture(scope="module")
def series_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "docker.pdf"
    path.write_bytes(render_pdf(print_typst(series_sheet())))
    return path


@pytest.fixture(scope="module")
def core_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "docker-core.pdf"
    path.write_bytes(render_pdf(core_typst(series_sheet())))
    return path


def pages_of(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.MULTILINE).group(1))


def test_core_sheet_fits_two_a4_pages(core_pdf):
    assert pages_of(core_pdf) <= 2
    text = squeeze(run("pdftotext", "-enc", "UTF-8", str(core_pdf), "-"))
    for topic in ("설치", "이미지", "컨테이너", "볼륨", "네트워크", "컴포즈"):
        assert squeeze(topic) in text
    assert squeeze("docker logs --tail <줄수> <컨테이너>") in text
    assert squeeze("sleep 1") not in text, "glue is left out of the core sheet"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    run("pdftoppm", "-png", "-r", "80", str(core_pdf), str(ARTIFACTS / "core-page"))


@pytest.mark.parametrize("which", ["full", "core"])
def test_tagged_korean_with_absolute_links(which, series_pdf, core_pdf):
    """/Lang ko, a structure tree (tagged), and links back to the posts on the public site."""
    data = (series_pdf if which == "full" else core_pdf).read_bytes()
    assert re.search(rb"/Lang ?\(ko\)", data) and b"/StructTreeRoot" in data and b"/MarkInfo" in data
    uris = [bytes.fromhex(h.decode()) if h else literal
            for literal, h in re.findall(rb"/URI ?(?:\(([^)]+)\)|<([0-9A-Fa-f]+)>)", data)]  # hex when not ASCII
    assert uris and all(uri.startswith((b"https://example.com/", b"https://docs.docker.com/")) for uri in uris)
    text = run("pdftotext", "-enc", "UTF-8", str(series_pdf if which == "full" else core_pdf), "-")
    assert squeeze("온라인: https://example.com/cheatsheet/") in squeeze(text)


@pytest.mark.parametrize(("command", "count"), [
    ("docker ps", 1),
    ("docker run -d --name <컨테이너> --network <네트워크> -v <볼륨>:<컨테이너경로> -e <변수>=<값> <이미지>", 3),
    ("docker run --rm -v memo-data:/data busybox sh -c 'echo \"hello there\" >> /data/memo.txt'", 2),
])
def test_long_commands_wrap_with_a_shell_continuation(command, count):
    """A wrapped command still runs when typed from paper: ` \\` at each break, never inside quotes,
    every line within the column (Hangul is two columns wide)."""
    from plugins.cheatsheet.print_typst import columns

    lines = wrapped(command, 52)
    assert len(lines) == count
    assert all(line.endswith(" \\") for line in lines[:-1]) and not lines[-1].endswith("\\")
    assert all(columns(line) + (2 if i else 0) <= 52 for i, line in enumerate(lines))
    assert " ".join(line.removesuffix(" \\") for line in lines) == command
    plain = command.replace("<", "").replace(">", "") if "<" in command and "'" not in command else command
    result = subprocess.run(["bash", "-n"], input="\n".join(wrapped(plain, 52)) + "\n", capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def column_text(pdf: Path, page: int) -> str:
    """Page text read column by column (left, then right), as a reader reads it."""
    half = A4[0] / 2
    return "".join(run("pdftotext", "-f", str(page), "-l", str(page), "-x", str(int(x)), "-y", "0",
                       "-W", str(int(half) + 1), "-H", str(int(A4[1]) + 1), "-enc", "UTF-8", str(pdf), "-")
                   for x in (0, half))


def squeeze(text: str) -> str:
    """Without spaces, line breaks and hyphens (pdftotext joins a word broken after a hyphen)."""
    return re.sub(r"[\s\-]+", "", text)


def test_opens_as_a4(series_pdf):
    info = run("pdfinfo", str(series_pdf))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE).groups())
    assert pages >= 1
    assert (round(width), round(height)) == (round(A4[0]), round(A4[1]))


def test_text_extracts_as_the_first_posts_korean_explanations_in_order(series_pdf):
    text = squeeze(column_text(series_pdf, 1)).replace("\\", "")  # wrapped commands go on after ` \\`
    assert squeeze("도커 시리즈 명령어 치트시트") in text
    position = 0
    for command, (_, explanation, optional) in zip(FIRST_POST_FORMS, FIRST_POST, strict=True):
        at_command = text.find(squeeze(command.replace(" \\", " ")), position)
        assert at_command >= 0, f"{command!r} missing or out of order"
        if optional:
            assert text[:at_command].endswith(squeeze("(선택)")), f"{command!r} is not marked (선택)"
        at_explanation = text.find(squeeze(explanation), at_command)
        assert at_explanation >= 0, f"the explanation of {command!r} is missing or out of order"
        position = at_explanation


def test_fonts_are_embedded_korean_fonts(series_pdf):
    rows = [line.split() for line in run("pdffonts", str(series_pdf)).splitlines()[2:] if line.strip()]
    assert rows
    names = [row[0].replace("-", "").lower() for row in rows]
    embedded = [row[-5] for row in rows]  # columns: name type encoding emb sub uni object ID
    assert set(embedded) == {"yes"}, rows
    assert any(name.endswith("+nanumbarungothic") for name in names), names
    assert any(name.endswith("+nanumgothiccoding") for name in names), names


def test_page_rendered_to_png_is_kept(series_pdf):
    from PIL import Image

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / "pdf-page"
    run("pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(series_pdf), str(prefix))
    png = ARTIFACTS / "pdf-page.png"
    with Image.open(png) as image:
        assert image.size[0] < image.size[1]  # portrait A4
        dark = sum(image.convert("L").histogram()[:128])
    assert dark > 2000, "page 1 looks blank"


def _entry_places(document: str) -> dict[str, set[tuple[int, int]]]:
    """entry id -> {(page, column x)} of its start and its end after Typst's layout (each entry leaves
    a metadata mark at both ends)."""
    import typst

    marks = json.loads(typst.query(document.encode("utf-8"), f"<{PLACE}>", field="value",
                                   font_paths=fonts(typst)))
    places: dict[str, set[tuple[int, int]]] = {}
    for mark in marks:
        places.setdefault(mark["id"], set()).add((mark["page"], round(mark["x"])))
    return places


def _long_sheet():
    items = []
    for i in range(70):
        extra = "\n".join(f"  - {i}번째 설명의 {j}번째 줄: 옵션과 주의할 점을 길게 적어 둔다." for j in range(i % 4))
        items.append(f"- `docker run -d --name web{i} -p 127.0.0.1:{8000 + i}:80 -v data{i}:/data nginx:1.{i}`\n"
                     f"  - {i}번째 컨테이너를 띄운다.\n{extra}")
    return text_sheet("### 아주 긴 목록\n\n" + "\n".join(items) + "\n")


@pytest.mark.parametrize("which", ["series", "long"])
def test_no_command_breaks_across_columns_or_pages(which):
    sheet = series_sheet() if which == "series" else _long_sheet()
    places = _entry_places(print_typst(sheet, marks=True))
    assert len(places) == len(sheet.entries)
    broken = {entry: where for entry, where in places.items() if len(where) != 1}
    assert broken == {}
    columns = {x for where in places.values() for _, x in where}
    assert len(columns) == 2, columns  # two columns: an entry starts at one of two x positions
    if which == "long":
        assert len({page for where in places.values() for page, _ in where}) >= 2


def test_same_document_same_bytes_and_cached(tmp_path):
    document = print_typst(text_sheet("### 하나\n\n- `docker ps`\n  - 실행 중인 컨테이너.\n"))
    first, cached_first = cached_pdf(document, tmp_path)
    second, cached_second = cached_pdf(document, tmp_path)
    assert (cached_first, cached_second) == (False, True)
    assert first == second == render_pdf(document)  # byte-identical builds


@pytest.mark.parametrize("render", [print_typst, core_typst])
def test_place_marks_leave_the_same_pdf(render, series_pdf, core_pdf):
    """The build typesets without the marks the layout tests query: they must not move anything."""
    with_marks = render(series_sheet(), marks=True)
    assert f"<{PLACE}>" in with_marks and f"<{PLACE}>" not in render(series_sheet())
    built = (series_pdf if render is print_typst else core_pdf).read_bytes()
    assert render_pdf(with_marks) == built


def test_sheets_typeset_together_as_alone(tmp_path, series_pdf, core_pdf):
    """One compiler for both sheets gives each the bytes it gets alone; the cache then serves both."""
    documents = [print_typst(series_sheet()), core_typst(series_sheet())]
    alone = [series_pdf.read_bytes(), core_pdf.read_bytes()]
    assert render_pdfs(documents) == alone
    assert cached_pdfs(documents, tmp_path) == [(alone[0], False), (alone[1], False)]
    assert cached_pdfs(documents, tmp_path) == [(alone[0], True), (alone[1], True)]
