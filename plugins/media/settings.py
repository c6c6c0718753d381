"""Read the MEDIA = {...} setting into MediaSettings, refusing keys it does not know."""

from __future__ import annotations

from dataclasses import fields

from media.model import MediaSettings


class MediaSettingsError(ValueError):
    """MEDIA in pelicanconf.py is wrong; the message says which key and what to write."""


def read_settings(value: dict | None) -> MediaSettings:
    """MEDIA = {"eager_images": 1, ...}; missing keys take their defaults."""
    value = dict(value or {})
    known = {f.name: f for f in fields(MediaSettings)}
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise MediaSettingsError(
            f"pelicanconf.py: media: unknown MEDIA key(s) {', '.join(map(repr, unknown))}; "
            f"known keys are {', '.join(sorted(known))}"
        )
    defaults = MediaSettings()
    checked = {}
    for name, given in value.items():
        expected = type(getattr(defaults, name))
        if expected is float and isinstance(given, int) and not isinstance(given, bool):
            given = float(given)
        if not isinstance(given, expected) or isinstance(given, bool) != (expected is bool):
            raise MediaSettingsError(
                f"pelicanconf.py: media: MEDIA[{name!r}] must be {expected.__name__} (got {given!r})"
            )
        checked[name] = given
    settings = MediaSettings(**checked)
    if settings.eager_images < 0 or settings.poster_time < 0:
        raise MediaSettingsError("pelicanconf.py: media: MEDIA eager_images and poster_time must not be negative")
    return settings
