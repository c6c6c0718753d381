"""Pelican glue: write the search page, then index the finished output folder with Pagefind."""

from __future__ import annotations

import logging
from pathlib import Path

from plugins.site_search.pagefind import build_index
from plugins.site_search.settings import SearchSettings, SearchSettingsError, read_settings

logger = logging.getLogger(__name__)


def _settings(settings: dict) -> SearchSettings:
    try:
        return read_settings(settings.get("SEARCH"))
    except SearchSettingsError:
        return SearchSettings()


def check_settings(pelican) -> None:
    try:
        read_settings(pelican.settings.get("SEARCH"))
    except SearchSettingsError as err:
        logger.error("%s", err)


def add_context(generator) -> None:
    search = _settings(generator.settings)
    generator.context["SEARCH_URL"] = search.url
    generator.context["SEARCH_BUNDLE"] = search.bundle_dir


def write_search_page(generator, writer) -> None:
    search = _settings(generator.settings)
    writer.write_file(search.save_as, generator.get_template("search"), generator.context,
                      generator.settings["RELATIVE_URLS"], url=search.url, template_name="search")


def index_site(pelican) -> None:
    search = _settings(pelican.settings)
    if not search.index:
        return
    result = build_index(Path(pelican.settings["OUTPUT_PATH"]), search.bundle_dir)
    if not result.ok:
        logger.error("site_search: Pagefind could not index the site (%s); check that `pagefind[extended]` from "
                     "requirements.txt is installed in .venv", result.message)
