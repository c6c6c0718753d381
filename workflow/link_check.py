"""Check that every internal href, src and #anchor in a built site resolves to a file and an id.

Hand-written over the standard library's HTMLParser: the link checkers on PyPI crawl over HTTP
(and so need a server and the network), while this reads the output folder directly, knows the
site's own URL, and reports the page and line of each broken reference.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that name another resource, per tag; srcset is handled apart (a list of URLs).
URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
}
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")
# <link rel> values that name something other than a fetchable file of this site.
SKIPPED_LINK_RELS = {"dns-prefetch", "preconnect"}


@dataclass(frozen=True)
class Ref:
    """One reference in a page, as written."""

    line: int
    tag: str
    attr: str
    url: str


@dataclass(frozen=True)
class Page:
    """What the checker needs from one HTML file: its references and the ids it defines."""

    path: str  # relative to the output folder, posix
    refs: tuple[Ref, ...]
    anchors: frozenset[str]


@dataclass(frozen=True)
class BrokenLink:
    page: str  # relative to the output folder
    line: int
    target: str  # the URL as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.target}: {self.reason}"


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[Ref] = []
        self.anchors: set[str] = set()
        self._in_template = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        line = self.getpos()[0]
        if values.get("id"):
            self.anchors.add(values["id"])
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"])
        if tag == "link" and SKIPPED_LINK_RELS & set((values.get("rel") or "").lower().split()):
            return
        for attr in URL_ATTRS.get(tag, ()):
            value = values.get(attr)
            if value is not None:
                self.refs.append(Ref(line, tag, attr, value.strip()))
        srcset = values.get("srcset")
        if srcset and tag in ("img", "source"):
            for candidate in srcset.split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    self.refs.append(Ref(line, tag, "srcset", url))

    handle_startendtag = handle_starttag


def parse_page(path: str, text: str) -> Page:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return Page(path, tuple(parser.refs), frozenset(parser.anchors))


def _site_prefix(site_url: str) -> tuple[str, str]:
    """(scheme://host, /path/) of the site's own URL, so absolute links to it count as internal."""
    if not site_url:
        return "", "/"
    parts = urlsplit(site_url)
    base = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}".lower(), base


def target_of(page: str, url: str, site_url: str = "") -> tuple[str, str] | None:
    """(file path relative to the output folder, fragment) that `url` in `page` names; None if external.

    Folder URLs name their index.html. Returns ("", reason) when the URL points into the site
    but outside its folder (e.g. above a sub-path SITEURL).
    """
    if not url or url.lower().startswith(SKIPPED_SCHEMES):
        return None
    parts = urlsplit(url)
    origin, base = _site_prefix(site_url)
    path = parts.path
    if parts.scheme or parts.netloc:
        scheme = parts.scheme or urlsplit(site_url).scheme or "https"
        if not origin or f"{scheme}://{parts.netloc}".lower() != origin:
            return None  # another site
        if not path:
            path = "/"
    if not path:  # "#anchor" or "?query": this page
        return page, unquote(parts.fragment)
    if path.startswith("/"):
        if not (path + ("/" if not path.endswith("/") else "")).startswith(base):
            return "", f"outside the site's path {base}"
        relative = path[len(base):]
    else:
        relative = posixpath.join(posixpath.dirname(page), path)
    relative = unquote(relative)
    normal = posixpath.normpath(relative) if relative else "."
    if normal == ".." or normal.startswith("../"):
        return "", "points above the site's root"
    if relative.endswith("/") or normal == ".":
        normal = posixpath.join(normal, "index.html") if normal != "." else "index.html"
    return normal, unquote(parts.fragment)


def check_pages(pages: dict[str, Page], files: frozenset[str], site_url: str = "") -> list[BrokenLink]:
    """Every broken reference in `pages` (path -> Page), given every file in the output (posix paths)."""
    broken: list[BrokenLink] = []
    for path in sorted(pages):
        page = pages[path]
        for ref in page.refs:
            target = target_of(path, ref.url, site_url)
            if target is None:
                continue
            file, fragment = target
            if file == "":
                broken.append(BrokenLink(path, ref.line, ref.url, fragment))
                continue
            if file not in files:
                folder_index = posixpath.join(file, "index.html")
                hint = f" (the folder exists: link to {ref.url.split('#')[0]}/)" if folder_index in files else ""
                broken.append(BrokenLink(path, ref.line, ref.url, f"no file {file}{hint}"))
                continue
            named = ref.tag in ("a", "area") and file in pages
            if fragment and named and fragment != "top" and fragment not in pages[file].anchors:
                broken.append(BrokenLink(path, ref.line, ref.url, f"no id {fragment!r} in {file}"))
    return broken


def find_broken_links(output: Path, site_url: str = "",
                      progress: Callable[[int, int], None] | None = None) -> list[BrokenLink]:
    """Read every HTML page under `output` and return its broken internal references, page by page."""
    files = frozenset(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
    html_files = sorted(f for f in files if f.endswith(".html"))
    pages: dict[str, Page] = {}
    for n, name in enumerate(html_files, start=1):
        pages[name] = parse_page(name, (output / name).read_text(encoding="utf-8", errors="replace"))
        if progress:
            progress(n, len(html_files))
    return check_pages(pages, files, site_url)

