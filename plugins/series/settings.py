"""Read SERIES = {...} from pelicanconf.py into SeriesSettings, refusing unknown keys."""

from __future__ import annotations

from dataclasses import dataclass, fields


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
    value = dict(value or {})
    known = {f.name for f in fields(SeriesSettings)}
    unknown = sorted(set(value) - known)
    if unknown:
        raise SeriesSettingsError(f"pelicanconf.py: series: unknown SERIES key(s) {', '.join(map(repr, unknown))}; "
                                  f"known keys are {', '.join(sorted(known))}")
    defaults = SeriesSettings()
    for name, given in value.items():
        if type(given) is not type(getattr(defaults, name)):
            raise SeriesSettingsError(f"pelicanconf.py: series: SERIES[{name!r}] must be "
                                      f"{type(getattr(defaults, name)).__name__} (got {given!r})")
    return SeriesSettings(**value)
