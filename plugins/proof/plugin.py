"""Each block's proof line from the proof file, and /proof/; the build never runs tests (plugins/glue.py connects these)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader

from plugins.proof.model import PLUGIN, ProofEntry
from plugins.proof.page_line import fill_slots, proof_line, valid_entry
from plugins.proof.proof_page import engine_sentence, proof_page
from plugins.proof.results_file import load_results
from plugins.proof.settings import ProofSettings, ProofSettingsError, read_settings
from plugins.sitebuild.errors import PostError
from plugins.snippets.plugin import post_of

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


SLOT = "<!--snippet-proof:"  # what a block's proof slot starts with in the HTML as read


def load(generator) -> ProofState | None:
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


def filled(html: str, snippets, state: ProofState, siteurl: str) -> str:
    """The post's HTML with each block's proof slot filled (its line, or nothing when no record holds)."""
    if not snippets:
        return html
    proof_url = f"{siteurl}/{state.url}"
    lines = {s.index: proof_line(s, state.results.get((s.source, s.name)), proof_url, snippets[:n])
             for n, s in enumerate(snippets)}
    return fill_slots(html, lines)


def contents(generator):
    return chain(generator.articles, generator.translations, generator.drafts, generator.drafts_translations)


def prepare(generator) -> ProofState | None:
    """article_generator_finalized: this build's proof state (with the engine sentence), kept in the context."""
    state = load(generator)
    if state is None:
        return None
    valid = {}
    for article in contents(generator):
        snippets = tuple(article.metadata.get("snippets") or ())
        for n, snippet in enumerate(snippets):
            key = (snippet.source, snippet.name)
            entry = valid_entry(snippet, state.results.get(key), snippets[:n])
            if entry is not None:
                valid[key] = entry
    state = ProofState(state.settings, state.path, state.stamp, state.results, engine_sentence(valid))
    generator.context[CONTEXT_KEY] = state
    return state


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

