"""The PDF, typeset by WeasyPrint, and kept in a cache keyed by its source so unchanged sheets cost nothing.

WeasyPrint takes a few seconds; the live preview rebuilds on every save, and most saves do not
touch a command. The cache lives in Pelican's CACHE_PATH (cleared by `invoke clean --cache`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib.metadata import version
from pathlib import Path

KEEP = 4  # cached PDFs kept; older ones are deleted


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are missing; the message says what to install."""


def render_pdf(document: str) -> bytes:
    try:
        from weasyprint import HTML  # imported only when a PDF is really made: the import alone takes ~0.5 s
    except (ImportError, OSError) as err:  # OSError: Pango is not installed
        raise PdfUnavailable(
            f"cheatsheet: cannot make the PDF ({type(err).__name__}: {str(err).splitlines()[0]}); "
            "run `bash setup.sh` (WeasyPrint) and install Debian's libpango-1.0-0 libpangoft2-1.0-0 "
            "fonts-noto-cjk, or set CHEATSHEET = {\"pdf\": False} in pelicanconf.py"
        ) from None
    # Tagged (a structure tree: headings, lists, links a screen reader can follow); /Lang ko from <html lang>.
    return HTML(string=document).write_pdf(pdf_tags=True)


def cache_key(document: str) -> str:
    return hashlib.sha256(f"weasyprint {version('weasyprint')} tagged\n{document}".encode()).hexdigest()[:32]


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
