"""Pelican adapters: the Chirpy reader for Pelican's reader table, root links, duplicate slugs, the two-level category listings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import partial

from plugins.chirpy_reader import categories
from plugins.chirpy_reader.reader import ChirpyReader, display_path
from plugins.sitebuild.errors import PostError, SourcePos


def add_reader(readers) -> None:
    for ext in ChirpyReader.file_extensions:
        readers.reader_classes[ext] = ChirpyReader


ROOT_RELATIVE_RE = re.compile(r"""(?P<attr>\b(?:href|src|poster)=)(?P<q>["'])/(?!/)""")


def root_links_transform(settings: dict) -> Callable[[str], str] | None:
    """Chirpy posts link other pages as `/posts/x/`; under a sub-path SITEURL that must become
    `SITEURL/posts/x/`. Applied when the page is written, not in the reader, so the content cache
    stays valid for any SITEURL; None when SITEURL is empty."""
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    return partial(_root_links, siteurl) if siteurl else None


def _root_links(siteurl: str, html: str) -> str:
    return ROOT_RELATIVE_RE.sub(lambda m: f"{m['attr']}{m['q']}{siteurl}/", html) if "/" in html else html


def refuse_duplicate_slugs(generator) -> None:
    """Two posts with one slug would overwrite each other's page: stop and name both files. Slugs that
    differ only in case are one folder on case-insensitive disks (macOS, Windows), so they count as one."""
    seen: dict[str, str] = {}
    everything = [*generator.articles, *generator.drafts, *generator.hidden_articles]
    for article in sorted(everything, key=lambda a: a.source_path):
        shown = display_path(article.source_path, generator.settings["PATH"])
        first = seen.setdefault(unicodedata.normalize("NFC", article.slug).casefold(), shown)
        if first != shown:
            fm = getattr(article, "front_matter", None)
            line = getattr(fm, "slug_line", None)
            raise PostError(SourcePos(shown, line), "chirpy_reader",
                            f"the slug {article.slug!r} is already used by {first}"
                            + ("" if line else " (this post's slug comes from its file name)"),
                            "rename one file (the slug is the file name after the date) or give it `slug:` in its front matter")


def add_category_levels(generator) -> None:
    generator.categories = categories.listings(generator.articles)
    generator.context["categories"] = generator.categories
    generator.context["category_tree"] = categories.tree(generator.articles)
