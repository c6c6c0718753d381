"""Pelican glue: hand the Markdown extension to the Chirpy reader; write the snippet files once the posts are read."""

from __future__ import annotations

import json
import os
import shutil
from itertools import chain
from pathlib import Path

from chirpy_reader.context import markdown_extensions
from pelican import signals
from sitebuild.aside import write_aside

from snippets.markdown_ext import SnippetsExtension
from snippets.model import PLUGIN, OutputFile, Post
from snippets.render import OUTPUT_FOLDER, index_entry, index_text_of, post_files


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


# Posts in one piece of work for the writer process (sitebuild.aside): each piece is pickled, sent,
# written and freed on its own, so neither process ever holds a pickled copy of every post's snippets.
POSTS_PER_JOB = 250
PARTS = ".index-parts"  # in snippets/: each piece's index entries, joined into index.json by the last


def write_post_files(output: Path, posts: list[Post], siteurl: str, part: str | None) -> None:
    """The files of these posts; with `part`, also their index.json entries, for write_index."""
    write_files(output, (file for post in posts for file in post_files(post, siteurl)))
    if part is not None:
        entries = [index_entry(post) for post in posts if post.snippets]
        write_files(output, [OutputFile(f"{OUTPUT_FOLDER}/{PARTS}/{part}.json", json.dumps(entries, ensure_ascii=False))])


def write_index(output: Path, parts: list[str]) -> None:
    """snippets/index.json from the parts the pieces before left (in order), which it then removes."""
    folder = output / OUTPUT_FOLDER / PARTS
    entries = [entry for part in parts for entry in json.loads((folder / f"{part}.json").read_text(encoding="utf-8"))]
    write_files(output, [OutputFile(f"{OUTPUT_FOLDER}/index.json", index_text_of(entries))])
    shutil.rmtree(folder, ignore_errors=True)


def write_snippets(generator) -> None:
    """Write snippets/<slug>/... for every post (drafts too, their pages link here) and snippets/index.json.

    An article_generator_finalized receiver: every post's snippets, slug and URL are known then, and
    during a runner build the files are written while Pelican renders the pages.
    """
    siteurl = generator.settings.get("SITEURL", "").rstrip("/")
    output = Path(generator.output_path)
    shutil.rmtree(output / OUTPUT_FOLDER, ignore_errors=True)  # nothing left from blocks removed since
    published = sorted((post_of(a, siteurl) for a in chain(generator.articles, generator.translations)),
                       key=lambda post: post.source)  # the order of index.json
    drafts = [post_of(a, siteurl) for a in chain(generator.drafts, generator.drafts_translations)]
    parts = []
    for start in range(0, len(published), POSTS_PER_JOB):
        parts.append(f"{start // POSTS_PER_JOB:05d}")
        write_aside("the snippet files", write_post_files, output, published[start:start + POSTS_PER_JOB], siteurl,
                    parts[-1])
    for start in range(0, len(drafts), POSTS_PER_JOB):  # drafts are not in the index
        write_aside("the snippet files", write_post_files, output, drafts[start:start + POSTS_PER_JOB], siteurl, None)
    write_aside("the snippet index", write_index, output, parts)


def register() -> None:
    markdown_extensions.connect(add_extension)
    signals.article_generator_finalized.connect(write_snippets)
