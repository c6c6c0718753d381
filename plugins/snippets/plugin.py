"""Pelican adapters: the Markdown extension for the Chirpy reader; the snippet files once the posts are read."""

from __future__ import annotations

import os
import pickle
import shutil
from itertools import chain
from pathlib import Path

from plugins.sitebuild.carry_over import CarryOver, digest_of
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


def write_files(carry: CarryOver, files) -> None:
    """Write OutputFiles under the output folder with their modes (snippet names are checked when extracted)."""
    for file in files:
        carry.write(file.path, file.text, file.executable)


def post_inputs(post: Post, siteurl: str) -> bytes:
    """What a post's snippet files are made from (the rendering code is the cache folder's key).

    A pickle, not repr (ten times slower): equal posts may pickle differently where objects are
    shared differently, which only costs writing their files again.
    """
    return digest_of(pickle.dumps((post, siteurl), protocol=pickle.HIGHEST_PROTOCOL))


def write_post_files(carry: CarryOver, post: Post, siteurl: str) -> None:
    """One post's snippet files: linked from the previous output when the post's snippets are unchanged."""
    if not post.snippets:
        return
    inputs = post_inputs(post, siteurl)
    if not carry.carry_group(post.source, inputs):
        carry.write_group(post.source, inputs, ((f.path, f.text, f.executable) for f in post_files(post, siteurl)))


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
    carry = CarryOver(output, generator.settings.get("CACHE_PATH"), PLUGIN)
    for post in chain(published, drafts):
        write_post_files(carry, post, siteurl)
    write_files(carry, [OutputFile(f"{OUTPUT_FOLDER}/index.json", index_text(published, siteurl))])  # no drafts
    carry.save()
