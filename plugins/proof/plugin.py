"""Pelican glue: fill each block's proof line from the proof file, write /proof/; the build never runs tests."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican import signals
from sitebuild.errors import PostError
from snippets.plugin import post_of

from proof.model import PLUGIN, ProofEntry
from proof.page_line import fill_slots, proof_line, valid_entry
from proof.proof_page import engine_sentence, proof_page
from proof.results_file import load_results
from proof.settings import ProofSettings, ProofSettingsError, read_settings

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "proof.html"
CONTEXT_KEY = "PROOF"  # generator.context: this build's ProofState (templates read PROOF.engine_sentence)


@dataclass(frozen=True)
class ProofState:
    """The proof file as this build read it; `stamp` tells the preview's fast path when it changed."""

    settings: ProofSettings
    path: Path
    stamp: tuple[int, int] | None
    results: dict[tuple[str, str], ProofEntry]
    engine_sentence: str = ""

    @property
    def url(self) -> str:
        return f"{self.settings.folder}/"


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return (found.st_mtime_ns, found.st_size)


def _load(generator) -> ProofState | None:
    try:
        settings = read_settings(generator.settings.get("PROOF"))
    except ProofSettingsError as error:
        logger.error("%s", error)
        return None
    path = Path(generator.settings.get("PATH", "content")) / settings.results
    stamp = _stamp(path)
    known = generator.context.get(CONTEXT_KEY)
    if isinstance(known, ProofState) and known.path == path and known.stamp == stamp:
        return known
    try:
        results = load_results(path, os.path.relpath(path))
    except PostError as error:
        logger.error("%s", error)  # one line, and the build fails
        return None
    return ProofState(settings, path, stamp, results)


def _fill(content, state: ProofState, siteurl: str) -> None:
    snippets = content.metadata.get("snippets") or ()
    if not snippets:
        return
    proof_url = f"{siteurl}/{state.url}"
    lines = {s.index: proof_line(s, state.results.get((s.source, s.name)), proof_url, snippets[:n])
             for n, s in enumerate(snippets)}
    content._content = fill_slots(content._content, lines)


def _contents(generator):
    return chain(generator.articles, generator.translations, generator.drafts, generator.drafts_translations)


def fill_articles(generator) -> None:
    """article_generator_finalized: every post's blocks get their line before anything renders them."""
    state = _load(generator)
    if state is None:
        return
    valid = {}
    for article in _contents(generator):
        snippets = tuple(article.metadata.get("snippets") or ())
        for n, snippet in enumerate(snippets):
            key = (snippet.source, snippet.name)
            entry = valid_entry(snippet, state.results.get(key), snippets[:n])
            if entry is not None:
                valid[key] = entry
    state = ProofState(state.settings, state.path, state.stamp, state.results, engine_sentence(valid))
    generator.context[CONTEXT_KEY] = state
    siteurl = generator.settings.get("SITEURL", "").rstrip("/")
    for content in _contents(generator):
        _fill(content, state, siteurl)


def fill_one(generator, content) -> None:
    """article_generator_write_article / page_generator_write_page: a post the preview's fast path re-read,
    and pages (filled articles have no slot left, so this costs a lookup)."""
    if "<!--snippet-proof:" not in content._content:
        return
    state = _load(generator)
    if state is not None:
        _fill(content, state, generator.settings.get("SITEURL", "").rstrip("/"))


def write_page(generator, writer) -> None:
    """article_writer_finalized: /proof/, every snippet of every published post."""
    state = generator.context.get(CONTEXT_KEY)
    if not isinstance(state, ProofState):
        return
    siteurl = generator.settings.get("SITEURL", "").rstrip("/")
    posts = sorted((post_of(a, siteurl) for a in chain(generator.articles, generator.translations)),
                   key=lambda post: post.source)
    env = generator.env.overlay(loader=ChoiceLoader([generator.env.loader, FileSystemLoader(str(TEMPLATES))]))
    writer.write_file(f"{state.url}index.html", env.get_template(TEMPLATE), generator.context,
                      relative_urls=generator.settings.get("RELATIVE_URLS", False), url=state.url,
                      proof=proof_page(posts, state.results), proof_url=state.url)
    logger.debug("%s: wrote /%s from %s", PLUGIN, state.url, state.path)


def register() -> None:
    signals.article_generator_finalized.connect(fill_articles)
    signals.article_generator_write_article.connect(fill_one)
    signals.page_generator_write_page.connect(fill_one)
    signals.article_writer_finalized.connect(write_page)
