"""Pelican glue: hand the Markdown extension to the Chirpy reader; write the snippet files after the posts."""

from __future__ import annotations

import os
import shutil
from itertools import chain
from pathlib import Path

from chirpy_reader.context import markdown_extensions
from pelican import signals

from snippets.markdown_ext import SnippetsExtension
from snippets.model import PLUGIN, Post
from snippets.render import OUTPUT_FOLDER, index_text, post_files


def add_extension(settings) -> list:
    return [SnippetsExtension()]


def post_of(article, siteurl: str) -> Post:
    snippets = tuple(article.metadata.get(PLUGIN) or ())
    source = snippets[0].source if snippets else os.path.relpath(article.source_path)
    return Post(slug=article.slug, title=article.title, url=f"{siteurl}/{article.url}", source=source,
                snippets=snippets)


def write_file(root: Path, relative: str, text: str, executable: bool) -> None:
    path = (root / relative).resolve()
    if not path.is_relative_to(root):  # names are checked when extracted; this is a second lock
        raise ValueError(f"{PLUGIN}: refusing to write outside {root}: {relative}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    path.chmod(0o755 if executable else 0o644)


def write_snippets(generator, writer=None) -> None:
    """Write snippets/<slug>/... for every post (drafts too, their pages link here) and snippets/index.json."""
    siteurl = generator.settings.get("SITEURL", "").rstrip("/")
    output = Path(generator.output_path).resolve()
    folder = output / OUTPUT_FOLDER
    shutil.rmtree(folder, ignore_errors=True)  # no files left from blocks removed since the last build
    published = [post_of(a, siteurl) for a in chain(generator.articles, generator.translations)]
    drafts = [post_of(a, siteurl) for a in chain(generator.drafts, generator.drafts_translations)]
    for post in published + drafts:
        for file in post_files(post, siteurl):
            write_file(output, file.path, file.text, file.executable)
    write_file(output, f"{OUTPUT_FOLDER}/index.json", index_text(published, siteurl), False)


def register() -> None:
    markdown_extensions.connect(add_extension)
    signals.article_writer_finalized.connect(write_snippets)
