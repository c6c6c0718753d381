"""Read SEARCH = {...} from pelicanconf.py into SearchSettings, refusing unknown keys."""

from __future__ import annotations

from dataclasses import dataclass

from plugins.sitebuild.plugin_settings import read_plugin_settings


class SearchSettingsError(ValueError):
    """SEARCH in pelicanconf.py is wrong; the message names the key."""


@dataclass(frozen=True)
class SearchSettings:
    index: bool = True  # run Pagefind at the end of the build (False: the search page is written, not the index)
    url: str = "search/"
    save_as: str = "search/index.html"
    bundle_dir: str = "pagefind"  # Pagefind's output, inside the output folder


def read_settings(value: dict | None) -> SearchSettings:
    return read_plugin_settings(SearchSettings, value, 'site_search', 'SEARCH', SearchSettingsError)
