"""Read the MEDIA = {...} setting into MediaSettings, refusing keys it does not know."""

from __future__ import annotations

import re

from plugins.media.model import MediaSettings
from plugins.sitebuild.plugin_settings import read_plugin_settings


class MediaSettingsError(ValueError):
    """MEDIA in pelicanconf.py is wrong; the message says which key and what to write."""


def read_settings(value: dict | None) -> MediaSettings:
    """MEDIA = {"eager_images": 1, ...}; missing keys take their defaults."""
    settings = read_plugin_settings(MediaSettings, value, "media", "MEDIA", MediaSettingsError)
    if settings.eager_images < 0 or settings.poster_time < 0:
        raise MediaSettingsError("pelicanconf.py: media: MEDIA eager_images and poster_time must not be negative")
    if settings.cdn and not re.match(r"^(https?://[^/\s]+|/)\S*$", settings.cdn):
        raise MediaSettingsError(f"pelicanconf.py: media: MEDIA cdn must be an http(s):// address or a root path (got {settings.cdn!r})")
    return settings
