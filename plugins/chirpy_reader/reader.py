"""Pelican reader for posts written for Jekyll's Chirpy theme (YAML front matter + kramdown/GFM)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import ClassVar

from markdown import Markdown
from markdown.extensions.toc import slugify_unicode
from pelican import signals
from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag

from plugins.chirpy_reader.authors import AuthorProfile, load_authors, profiles
from plugins.chirpy_reader.chirpy_syntax import ChirpySyntaxExtension
from plugins.chirpy_reader.code_blocks import CodeBlocksExtension
from plugins.chirpy_reader.context import PostContext, markdown_extensions
from plugins.chirpy_reader.front_matter import FrontMatter
from plugins.chirpy_reader.highlighter import FormatterCache
from plugins.chirpy_reader.kramdown import KramdownExtension
from plugins.chirpy_reader.liquid import LiquidExtension
from plugins.chirpy_reader.math_tex import MathExtension
from plugins.chirpy_reader.post import read_post
from plugins.chirpy_reader.source_lines import SourceLinesExtension
from plugins.sitebuild.errors import PostError, SourcePos
from plugins.sitebuild.sources import refusal

PLUGIN = "chirpy_reader"

logger = logging.getLogger(__name__)


def base_extensions(formatters: FormatterCache | None = None) -> tuple[list, dict]:
    """The Markdown extensions that make Python-Markdown read what kramdown/GFM read.

    `formatters`: Pygments formatters to reuse across the posts of a build (highlighter.py).
    """
    # "extra" without fenced_code, and codehilite: CodeBlocksExtension replaces both (code_blocks.py).
    extensions = [
        "markdown.extensions.abbr",
        "markdown.extensions.attr_list",
        "markdown.extensions.def_list",
        CodeBlocksExtension(formatters),
        "markdown.extensions.footnotes",
        "markdown.extensions.md_in_html",
        "markdown.extensions.tables",
        "markdown.extensions.toc",
        "mdx_truly_sane_lists",
        KramdownExtension(),
        ChirpySyntaxExtension(),
        SourceLinesExtension(),
        LiquidExtension(),
        MathExtension(),
    ]
    configs = {
        # No `[TOC]` marker: kramdown has none (Chirpy shows the text as written), and looking for it
        # walks every element of every post.
        "markdown.extensions.toc": {"slugify": slugify_unicode, "toc_depth": "2-4", "permalink": False, "marker": ""},
        "mdx_truly_sane_lists": {"nested_indent": 2, "truly_sane": True},
    }
    return extensions, configs


def site_timezone(settings: dict) -> str:
    """The zone for dates written without an offset: the site's TIMEZONE, else UTC as Pelican assumes."""
    return settings.get("TIMEZONE") or "UTC"


def display_path(source_path: str, content_root: str) -> str:
    """The path to show the author: relative to the project, the folder holding `content/`."""
    project = os.path.dirname(os.path.abspath(content_root))
    shown = os.path.relpath(os.path.abspath(source_path), project)
    return source_path if shown.startswith("..") else shown


def to_metadata(fm: FrontMatter, settings: dict, authors: dict[str, AuthorProfile] | None = None) -> dict:
    """Pelican metadata for a checked front matter; `authors`: the known author profiles by id."""
    categories = [Category(name, settings) for name in fm.categories]
    meta = {
        "title": fm.title,
        "date": fm.date,
        "slug": fm.slug,
        "tags": [Tag(t, settings) for t in fm.tags],
        "categories": categories,
        "pin": fm.pin,
        "toc": fm.toc,
        "comments": fm.comments,
        "description": fm.description,
        "image": fm.image,
        "media_subpath": fm.media_subpath,
        "series_name": fm.series,
        "series_index": fm.series_index,
        "front_matter": fm,
    }
    if categories:
        meta["category"] = categories[-1]
    if fm.description:
        meta["summary"] = fm.description
    if fm.authors:
        found = profiles(fm.authors, authors or {})
        meta["authors"] = [Author(p.name, settings) for p in found]
        meta["author_profiles"] = found
    if fm.last_modified:
        meta["modified"] = fm.last_modified
    if not fm.published:
        meta["status"] = "draft"
    return meta


class ChirpyReader(BaseReader):
    """Reads `content/**/*.md` as Chirpy posts; plugins add Markdown extensions via context.py."""

    enabled = True
    file_extensions: ClassVar[list[str]] = ["md", "markdown"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Pelican makes its readers anew for each build, so this lives exactly one build.
        self.formatters: FormatterCache = {}
        self.authors: dict[str, AuthorProfile] | None = None  # content/_data/authors.yml, read once a build
        self._md: Markdown | None = None
        self._build_over = False
        signals.finalized.connect(self._finish_build)  # weakly: the reader goes with its build

    def _finish_build(self, _pelican) -> None:
        self._build_over, self._md = True, None

    def markdown(self) -> Markdown:
        """The build's one Markdown, reset for the next post.

        `reset()` clears Python-Markdown's stash and references and calls every registered
        extension's `reset()`; the rest of a post's state is `md.post` and what our preprocessors
        set on `md` when they start (context.py), so nothing of one post reaches the next.
        After the build (the preview reads an edited post with the last build's reader), each
        post gets a Markdown of its own: the extensions' build-wide objects (media's prober) are gone.
        """
        if self._md is None or self._build_over:
            extensions, configs = base_extensions(self.formatters)
            for _receiver, added in markdown_extensions.send(self.settings):
                extensions.extend(added or [])
            self._md = Markdown(extensions=extensions, extension_configs=configs, tab_length=4)
        return self._md.reset()

    def read(self, source_path: str):
        shown = display_path(source_path, self.settings["PATH"])
        try:
            return self._read(source_path, shown)
        except PostError as err:
            logger.error("%s", err)
            raise

    def _read(self, source_path: str, shown: str):
        refused = refusal(Path(os.path.abspath(source_path)), Path(os.path.abspath(self.settings["PATH"])))
        if refused:  # the build refused it already (sitebuild.sources); the preview's one-post path has not
            raise PostError(SourcePos(shown), "sitebuild", *refused)
        content_root = Path(self.settings["PATH"]).resolve()
        real = Path(source_path).resolve()
        post = read_post(real, shown, site_timezone(self.settings))
        fm = post.front_matter
        relative = os.path.relpath(real, content_root)
        url = self.settings["ARTICLE_URL"].format(slug=fm.slug)
        context = PostContext(
            source_path=str(source_path),
            display_path=shown,
            relative_path=relative,
            slug=fm.slug,
            url=url,
            front_matter=fm.raw,
            settings=self.settings,
            model=post,
        )
        md = self.markdown()
        md.post = context
        # Blank the front matter instead of dropping it, so Markdown line i is file line i + 1.
        content = md.convert("\n" * (fm.body_line - 1) + post.body)
        if self.authors is None:
            self.authors = load_authors(content_root, self.settings.get("CHIRPY_AUTHORS"))
        metadata = to_metadata(fm, self.settings, self.authors)
        metadata["toc_html"] = md.toc if fm.toc and getattr(md, "toc_tokens", None) else ""
        metadata.update(context.outputs)
        return content, metadata
