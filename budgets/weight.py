"""Compressed size of one page as a browser loads it: the HTML and the CSS and JS it links (fonts and media apart)."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Resource:
    path: str  # relative to the site root
    kind: str  # html, css or js
    raw: int
    gzipped: int


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.found.append(("css", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def local_path(url: str, site_root: Path, siteurl: str) -> Path | None:
    """The file under site_root that a URL on the page names, or None for another host."""
    parts = urlsplit(url)
    base = urlsplit(siteurl)
    if parts.netloc and parts.netloc != base.netloc:
        return None
    path = parts.path
    prefix = base.path.rstrip("/")
    if parts.netloc and prefix and path.startswith(prefix) or not parts.netloc and prefix and path.startswith(prefix + "/"):
        path = path[len(prefix):]
    return site_root / path.lstrip("/")


def page_weight(site_root: Path, page: str, siteurl: str) -> tuple[Resource, ...]:
    """The page's HTML and every stylesheet and script it links, each with its gzip -9 size."""
    html_path = site_root / page
    if html_path.is_dir() or page.endswith("/"):
        html_path = html_path / "index.html"
    html = html_path.read_bytes()
    out = [Resource(page, "html", len(html), gzipped_size(html))]
    parser = _Links()
    parser.feed(html.decode("utf-8"))
    for kind, url in parser.found:
        path = local_path(url, site_root, siteurl)
        if path is None:
            out.append(Resource(url, kind, -1, -1))  # a third-party host: fails the budget by itself
            continue
        data = path.read_bytes()
        out.append(Resource(str(path.relative_to(site_root)), kind, len(data), gzipped_size(data)))
    return tuple(out)
