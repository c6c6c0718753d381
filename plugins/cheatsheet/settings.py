"""Read the CHEATSHEET = {...} setting into CheatsheetSettings, refusing keys and values it does not know."""

from __future__ import annotations

import re
from dataclasses import fields

from plugins.cheatsheet.model import CheatsheetSettings
from plugins.sitebuild.plugin_settings import read_plugin_settings

_FOLDER_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*$")
_STEM_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class CheatsheetSettingsError(ValueError):
    """CHEATSHEET in pelicanconf.py is wrong; the message says which key and what to write."""


def _fail(message: str) -> CheatsheetSettingsError:
    return CheatsheetSettingsError(f"pelicanconf.py: cheatsheet: {message}")


def read_settings(value: dict | None) -> CheatsheetSettings:
    """CHEATSHEET = {"pdf": False, ...}; missing keys take their defaults."""
    settings = read_plugin_settings(CheatsheetSettings, value, "cheatsheet", "CHEATSHEET", CheatsheetSettingsError)
    for field in fields(CheatsheetSettings):
        given = getattr(settings, field.name)
        if isinstance(given, tuple) and not all(isinstance(item, str) and item.strip() for item in given):
            raise _fail(f"CHEATSHEET[{field.name!r}] must list non-empty strings (got {given!r})")
    if settings.pdf_max_entries < 1:
        raise _fail(f"CHEATSHEET['pdf_max_entries'] must be at least 1 (got {settings.pdf_max_entries})")
    if not _FOLDER_RE.match(settings.folder):
        raise _fail(f"CHEATSHEET['folder'] must be a relative path of lowercase ASCII words "
                    f"(got {settings.folder!r}); e.g. 'cheatsheet'")
    if not _STEM_RE.match(settings.file_stem):
        raise _fail(f"CHEATSHEET['file_stem'] must be one lowercase ASCII word (got {settings.file_stem!r}); "
                    "e.g. 'docker'")
    if settings.public_url and not re.match(r"^https?://[^/\s]+(?:/\S*)?$", settings.public_url):
        raise _fail(f"CHEATSHEET['public_url'] must be an absolute http(s) address (got {settings.public_url!r}); "
                    "e.g. 'https://docker-notes.github.io'")
    if settings.forms_file.startswith("/") or ".." in settings.forms_file.split("/"):
        raise _fail(f"CHEATSHEET['forms_file'] must be a path inside the content folder (got {settings.forms_file!r}); "
                    "e.g. 'cheatsheet/forms.yaml'")
    try:
        pattern = re.compile(settings.series_number_pattern)
    except re.error as err:
        raise _fail(f"CHEATSHEET['series_number_pattern'] is not a regular expression ({err})") from None
    if "number" not in pattern.groupindex:
        raise _fail("CHEATSHEET['series_number_pattern'] needs a (?P<number>...) group")
    return settings


def absolute_base(siteurl: str, settings: CheatsheetSettings) -> str:
    """The address the downloads link to: SITEURL when it is absolute, else the public address."""
    if siteurl.startswith(("http://", "https://")) or not settings.public_url:
        return siteurl
    return settings.public_url.rstrip("/")
