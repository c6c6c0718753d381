"""The PDFs, typeset by Typst, and kept in a cache keyed by their source so unchanged sheets cost nothing.

Typst (PyPI `typst`: the compiler in a wheel) reads the fonts from Debian's fonts-nanum
and fonts-dejavu-core by path and no other font, so a PDF depends on its source and
those packages only.
The cache lives in Pelican's CACHE_PATH (cleared by `invoke clean --cache`).
"""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import version
from pathlib import Path

from plugins.sitebuild.cache_file import write_aside

KEEP = 4  # cached PDFs kept; older ones are deleted
FONT_FOLDERS = ("/usr/share/fonts/truetype/nanum", "/usr/share/fonts/truetype/dejavu")


class PdfUnavailable(RuntimeError):
    """Typst or the fonts it needs are missing; the message says what to install."""


def render_pdfs(documents: list[str]) -> list[bytes]:
    """Tagged PDFs (a structure tree a screen reader can follow; /Lang ko from the text's lang).

    One compiler for all: Typst keeps the fonts it loaded and the layouts it memoized for the rest of
    the process, and a second compiler would load and keep them again.
    """
    if not documents:
        return []
    missing = [folder for folder in FONT_FOLDERS if not os.path.isdir(folder)]
    try:
        import typst  # only a build that makes a PDF pays for it
    except ImportError as err:
        missing.insert(0, f"Typst ({err})")
    if missing:
        raise PdfUnavailable(
            f"cheatsheet: cannot make the PDF ({', '.join(missing)} missing); run `bash setup.sh` (Typst from "
            "requirements.txt, Debian's fonts-nanum and fonts-dejavu-core), or set CHEATSHEET = {\"pdf\": False} "
            "in pelicanconf.py")
    compiler = typst.Compiler(font_paths=fonts(typst))
    return [compiler.compile(document.encode("utf-8")) for document in documents]


def fonts(typst):
    """The faces in FONT_FOLDERS and no other: neither the system's nor those built into Typst (which a
    compiler would otherwise scan and could fall back to)."""
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=list(FONT_FOLDERS))


def render_pdf(document: str) -> bytes:
    return render_pdfs([document])[0]


def cache_key(document: str) -> str:
    return hashlib.sha256(f"typst {version('typst')}\n{document}".encode()).hexdigest()[:32]


def cached_pdfs(documents: list[str], cache_dir: Path | None) -> list[tuple[bytes, bool]]:
    """(PDF bytes, whether they came from the cache) of each document; the others are typeset together."""
    if cache_dir is None:
        return [(data, False) for data in render_pdfs(documents)]
    paths = [cache_dir / f"{cache_key(document)}.pdf" for document in documents]
    found = {path: path.read_bytes() for path in paths if path.is_file()}
    todo = [(path, document) for path, document in zip(paths, documents) if path not in found]
    made = dict(zip([path for path, _ in todo], render_pdfs([document for _, document in todo])))
    if made:
        cache_dir.mkdir(parents=True, exist_ok=True)
    for path, data in made.items():
        write_aside(str(path), lambda partial, data=data: Path(partial).write_bytes(data))
    if made:
        older = sorted(cache_dir.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for stale in older:
            stale.unlink(missing_ok=True)
    return [(found[path], True) if path in found else (made[path], False) for path in paths]


def cached_pdf(document: str, cache_dir: Path | None) -> tuple[bytes, bool]:
    """(PDF bytes, whether they came from the cache)."""
    return cached_pdfs([document], cache_dir)[0]
