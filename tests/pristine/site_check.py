"""What a finished build in the pristine root must hold: the home page, every post, the cheat sheet PDF."""

from __future__ import annotations

import re
from pathlib import Path

_SLUG_RE = re.compile(r"^slug:\s*[\"']?([^\"'\s]+)", re.MULTILINE)
_FILE_SLUG_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-(.+)\.md$")
MIN_PDF_BYTES = 10_000  # an empty A4 page is about 1 KB; the sheet with embedded Hangul fonts is far more


def post_slugs(posts: Path) -> list[str]:
    """Each post's URL slug: `slug:` in its front matter, else the file name after the date."""
    slugs = []
    for path in sorted(posts.glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n---", 1)[0]
        match = _SLUG_RE.search(head) or _FILE_SLUG_RE.match(path.name)
        if match:
            slugs.append(match.group(1))
    return slugs


def site_problems(output: Path, slugs: list[str], site_name: str) -> list[str]:
    """Each missing or broken part of the built site, as one line; empty when the site is whole."""
    if not output.is_dir():
        return [f"{output}: no output folder; the build did not run"]
    problems = []
    index = output / "index.html"
    if not index.is_file() or site_name not in index.read_text(encoding="utf-8"):
        problems.append(f"{index}: missing, or without the site name {site_name!r}")
    for slug in slugs:
        page = output / "posts" / slug / "index.html"
        if not page.is_file() or 'class="snippet' not in page.read_text(encoding="utf-8"):
            problems.append(f"{page}: missing, or without its command blocks")
    pdfs = sorted((output / "cheatsheet").glob("*.pdf"))
    if not pdfs:
        problems.append(f"{output / 'cheatsheet'}: no cheat sheet PDF")
    for pdf in pdfs:
        data = pdf.read_bytes()
        if not data.startswith(b"%PDF-") or len(data) < MIN_PDF_BYTES:
            problems.append(f"{pdf}: not a PDF of the cheat sheet ({len(data)} bytes)")
    if not (output / "snippets" / "index.json").is_file():
        problems.append(f"{output / 'snippets' / 'index.json'}: missing (no snippet files written)")
    return problems
