"""Refuse a post or page whose address is one the site makes itself (`content/pages/tags.md` is /tags/).

Pelican stops such a build with FileOverwriteFailedError and a traceback naming only the output
file; here the source is named before anything is written. Fixed addresses are the `*_SAVE_AS`
settings without a `{placeholder}` (TAGS_SAVE_AS, ARCHIVES_SAVE_AS, INDEX_SAVE_AS...).
"""

from __future__ import annotations

import os

from plugins.sitebuild.errors import PostError, SourcePos

PLUGIN = "chirpy_reader"  # the author fixes it where the reader takes the slug from
CONTENT_LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")
TRANSLATION_LISTS = ("translations", "hidden_translations", "drafts_translations", "draft_translations")


def fixed_addresses(settings: dict) -> dict[str, str]:
    """save_as -> the setting that claims it, for every fixed page the site writes."""
    found = {"index.html": "INDEX_SAVE_AS"}
    for key, value in sorted(settings.items()):
        if key.endswith("_SAVE_AS") and isinstance(value, str) and value and "{" not in value:
            found[value] = key
    return found


def address_problem(save_as: str, shown: str, kind: str, fixed: dict[str, str]) -> PostError | None:
    if save_as not in fixed:
        return None
    url = save_as.removesuffix("index.html") or "/"
    return PostError(SourcePos(shown), PLUGIN, f"the {kind}'s address {url} is one the site makes itself ({fixed[save_as]})",
                     "rename the file or give it `slug:` in its front matter")


def settle_urls(generator) -> None:
    """An `*_generator_finalized` receiver: each post's and page's URL computed once for the build.

    Pelican formats `url` from the settings on every read (a copy of the metadata and a relative
    path each time), and the templates read it dozens of times per post; once the generator is
    finalized the URL is fixed, so it is kept as Pelican's own `override_url` (what a `url:` in the
    front matter sets). `save_as` is left alone: Pelican lets an override overwrite other files.
    """
    for key in (*CONTENT_LISTS, *TRANSLATION_LISTS):
        for item in getattr(generator, key, None) or ():
            if not hasattr(item, "override_url"):
                item.override_url = item.url


def refuse_reserved_addresses(generators) -> None:
    """An `all_generators_finalized` receiver: stop before writing when content takes a fixed address."""
    generators = list(generators)
    if not generators:
        return
    settings = generators[0].settings
    fixed = fixed_addresses(settings)
    project = os.path.dirname(os.path.abspath(settings["PATH"]))
    for generator in generators:
        for key in CONTENT_LISTS:
            for item in getattr(generator, key, None) or ():
                save_as = getattr(item, "save_as", "")
                shown = os.path.relpath(os.path.abspath(item.source_path), project)
                problem = address_problem(save_as, shown, "page" if "page" in key else "post", fixed)
                if problem:
                    raise problem
