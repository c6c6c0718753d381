"""Read SERIES = {...} from pelicanconf.py into SeriesSettings, refusing unknown keys."""

from __future__ import annotations

from dataclasses import dataclass

from plugins.sitebuild.plugin_settings import read_plugin_settings


class SeriesSettingsError(ValueError):
    """SERIES in pelicanconf.py is wrong; the message names the key."""


@dataclass(frozen=True)
class SeriesSettings:
    url: str = "series/{slug}/"
    save_as: str = "series/{slug}/index.html"
    index_url: str = "series/"
    index_save_as: str = "series/index.html"
    radius: int = 3  # posts shown either side of the current one in a post's series box


def read_settings(value: dict | None) -> SeriesSettings:
    return read_plugin_settings(SeriesSettings, value, 'series', 'SERIES', SeriesSettingsError)
