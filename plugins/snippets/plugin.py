"""Pelican adapters: the Markdown extension for the Chirpy reader; the snippet files once the posts are read."""

from __future__ import annotations

import os
import shutil
from itertools import chain
from pathlib import Path

from plugins.snippets.markdown_ext import SnippetsExtension
from plugins.snippets.model import PLUGIN, OutputFile, Post
from plugins.snippets.render import OUTPUT_FOLDER, index_text, post_files


def add_extension(settings) -> list:
    return [SnippetsExtension()]


def post_of(article, siteurl: str) -> Post:
    snippets = tuple(article.metadata.get(PLUGIN) or ())
    source = snippets[0].source if snippets else os.path.relpath(article.source_path)
    return Post(slug=article.slug, title=article.title, url=f"{siteurl}/{article.url}", source=source,
                snippets=snippets)


def write_files(root: Path, files) -> None:
    """Write OutputFiles under root with their modes; tens of thousands on a big site, so few syscalls."""
    made: set[str] = set()
    for file in files:
        if file.path.startswith("/") or ".." in file.path.split("/"):  # names are checked when extracted
            raise ValueError(f"{PLUGIN}: refusing to write outside {root}: {file.path}")
        path = os.path.join(root, file.path)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        data = memoryview(file.text.encode("utf-8"))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.fchmod(fd, 0o755 if file.executable else 0o644)
            while data:  # no file object: os.fdopen's text and buffer layers cost more than the write
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)


def write_snippets(generator) -> None:
    """Write snippets/<slug>/... for every post (drafts too, their pages link here) and snippets/index.json.

    An article_generator_finalized receiver: every post's snippets, slug and URL are known then.
    """
    siteurl = generator.settings.get("SITEURL", "").rstrip("/")
    output = Path(generator.output_path)
    shutil.rmtree(output / OUTPUT_FOLDER, ignore_errors=True)  # nothing left from blocks removed since
    published = sorted((post_of(a, siteurl) for a in chain(generator.articles, generator.translations)),
                       key=lambda post: post.source)  # the order of index.json
    drafts = [post_of(a, siteurl) for a in chain(generator.drafts, generator.drafts_translations)]
    write_files(output, (file for post in chain(published, drafts) for file in post_files(post, siteurl)))
    write_files(output, [OutputFile(f"{OUTPUT_FOLDER}/index.json", index_text(published, siteurl))])  # no drafts
