"""The PDF, typeset by Typst, and kept in a cache keyed by its source so unchanged sheets cost nothing.

Typst (PyPI `typst`: the compiler in a wheel) reads the fonts from Debian's fonts-noto-cjk and
fonts-dejavu-core by path and no other font, so a PDF depends on its source and those packages only.
The cache lives in Pelican's CACHE_PATH (cleared by `invoke clean --cache`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib.metadata import version
from pathlib import Path

KEEP = 4  # cached PDFs kept; older ones are deleted
FONT_FOLDERS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/dejavu")


class PdfUnavailable(RuntimeError):
    """Typst or the fonts it needs are missing; the message says what to install."""


def render_pdf(document: str) -> bytes:
    """A tagged PDF (a structure tree a screen reader can follow; /Lang ko from the text's lang)."""
    missing = [folder for folder in FONT_FOLDERS if not os.path.isdir(folder)]
    try:
        import typst
    except ImportError as err:
        missing.insert(0, f"Typst ({err})")
    if missing:
        raise PdfUnavailable(
            f"cheatsheet: cannot make the PDF ({', '.join(missing)} missing); run `bash setup.sh` (Typst from "
            "requirements.txt, Debian's fonts-noto-cjk and fonts-dejavu-core), or set CHEATSHEET = {\"pdf\": False} "
            "in pelicanconf.py")
    return typst.compile(document.encode("utf-8"), font_paths=list(FONT_FOLDERS), ignore_system_fonts=True)


def cache_key(document: str) -> str:
    return hashlib.sha256(f"typst {version('typst')}\n{document}".encode()).hexdigest()[:32]


def cached_pdf(document: str, cache_dir: Path | None) -> tuple[bytes, bool]:
    """(PDF bytes, whether they came from the cache)."""
    if cache_dir is None:
        return render_pdf(document), False
    path = cache_dir / f"{cache_key(document)}.pdf"
    if path.is_file():
        return path.read_bytes(), True
    data = render_pdf(document)
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)
    older = sorted(cache_dir.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
    for stale in older:
        stale.unlink(missing_ok=True)
    return data, False
