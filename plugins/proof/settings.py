"""Read the PROOF = {...} setting: where the proof file is and where the /proof/ page goes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plugins.sitebuild.plugin_settings import read_plugin_settings

_FOLDER_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ProofSettingsError(ValueError):
    """PROOF in pelicanconf.py is wrong; the message names the key."""


@dataclass(frozen=True)
class ProofSettings:
    results: str = "proof/results.json"  # inside the content folder: the tiers write it, the build reads it
    folder: str = "proof"  # the page's address: /proof/


def read_settings(value: dict | None) -> ProofSettings:
    settings = read_plugin_settings(ProofSettings, value, "proof", "PROOF", ProofSettingsError)
    if settings.results.startswith("/") or ".." in settings.results.split("/"):
        raise ProofSettingsError(f"pelicanconf.py: proof: PROOF['results'] must be a path inside the content "
                                 f"folder (got {settings.results!r}); e.g. 'proof/results.json'")
    if not _FOLDER_RE.match(settings.folder):
        raise ProofSettingsError(f"pelicanconf.py: proof: PROOF['folder'] must be one lowercase ASCII word "
                                 f"(got {settings.folder!r}); e.g. 'proof'")
    return settings
