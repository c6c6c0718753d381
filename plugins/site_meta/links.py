"""Give links that leave the site rel="noopener" (kept alongside any rel the author wrote)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# An <a ...> start tag; attribute values may hold ">" only inside quotes.
_A_TAG_RE = re.compile(r"<a\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_HREF_RE = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_REL_RE = re.compile(r"""\srel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def is_external(href: str, site_host: str) -> bool:
    parts = urlsplit(href.strip())
    if parts.scheme not in ("http", "https") and not href.strip().startswith("//"):
        return False
    return parts.netloc.lower() != site_host


def _rewrite(tag: str, site_host: str) -> str:
    href = _HREF_RE.search(tag)
    if not href or not is_external(next(g for g in href.groups() if g is not None), site_host):
        return tag
    rel = _REL_RE.search(tag)
    if rel is None:
        body = tag[:-1]
        if body.endswith("/") and body[-2:-1] in ('"', "'", " "):  # <a href="..."/> written XHTML-style
            body = body[:-1].rstrip()
        return body + ' rel="noopener">'
    words = next((g for g in rel.groups() if g is not None), "").split()
    if "noopener" in words:
        return tag
    return tag[:rel.start()] + f' rel="{" ".join([*words, "noopener"])}"' + tag[rel.end():]


def mark_external_links(html: str, siteurl: str) -> str:
    """Every <a href> to another host gets rel="noopener"; links to SITEURL's host stay as they are."""
    site_host = urlsplit(siteurl).netloc.lower()
    if "<a" not in html and "<A" not in html:
        return html
    return _A_TAG_RE.sub(lambda m: _rewrite(m.group(0), site_host), html)
