"""sitemap.xml and robots.txt for the built site (only with an absolute SITEURL: sitemaps need full URLs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # relative to SITEURL, e.g. "posts/docker-1/" ("" is the home page)
    lastmod: datetime | None = None


def is_absolute(siteurl: str) -> bool:
    return siteurl.startswith(("http://", "https://"))


def sitemap_xml(entries, siteurl: str) -> str:
    """The sitemap, entries in the order given, duplicates dropped."""
    base = siteurl.rstrip("/")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    seen = set()
    for entry in entries:
        if entry.url in seen:
            continue
        seen.add(entry.url)
        loc = f"{base}/{entry.url.lstrip('/')}"
        lastmod = f"<lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else ""
        lines.append(f"<url><loc>{escape(loc)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(siteurl: str) -> str:
    """Everything may be crawled; names the sitemap when SITEURL is absolute."""
    lines = ["User-agent: *", "Allow: /"]
    if is_absolute(siteurl):
        lines.append(f"Sitemap: {siteurl.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"
