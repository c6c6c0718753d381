"""Read SEARCH = {...} from pelicanconf.py into SearchSettings, refusing unknown keys."""

from __future__ import annotations

from dataclasses import dataclass, fields


class SearchSettingsError(ValueError):
    """SEARCH in pelicanconf.py is wrong; the message names the key."""


@dataclass(frozen=True)
class SearchSettings:
    index: bool = True  # run Pagefind at the end of the build (False: the search page is written, not the index)
    url: str = "search/"
    save_as: str = "search/index.html"
    bundle_dir: str = "pagefind"  # Pagefind's output, inside the output folder


def read_settings(value: dict | None) -> SearchSettings:
    value = dict(value or {})
    known = {f.name for f in fields(SearchSettings)}
    unknown = sorted(set(value) - known)
    if unknown:
        raise SearchSettingsError(f"pelicanconf.py: site_search: unknown SEARCH key(s) {', '.join(map(repr, unknown))}; "
                                  f"known keys are {', '.join(sorted(known))}")
    defaults = SearchSettings()
    for name, given in value.items():
        if type(given) is not type(getattr(defaults, name)):
            raise SearchSettingsError(f"pelicanconf.py: site_search: SEARCH[{name!r}] must be "
                                      f"{type(getattr(defaults, name)).__name__} (got {given!r})")
    return SearchSettings(**value)
