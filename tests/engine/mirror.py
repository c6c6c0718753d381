"""What the registry mirror holds: image references normalised to library/NAME:TAG and looked up."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from tests.engine.layout import EngineLayout

MANIFEST_TYPES = (
    "application/vnd.docker.distribution.manifest.v2+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json, "
    "application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.oci.image.index.v1+json"
)


@dataclass(frozen=True)
class ImageRef:
    """An image name as dockerd resolves it against Docker Hub (and so against the mirror)."""

    repository: str  # library/nginx, someone/app
    tag: str
    registry: str = "docker.io"

    @property
    def short(self) -> str:
        name = self.repository.removeprefix("library/")
        return f"{name}:{self.tag}"


def parse_ref(text: str) -> ImageRef:
    """`nginx` -> library/nginx:latest; `docker.io/library/nginx:1.22`; `127.0.0.1:5000/x:y` keeps its host."""
    name = text.partition("@")[0]  # a digest pin cannot be checked by tag; the name still must exist
    registry = "docker.io"
    first, slash, rest = name.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        registry, name = first, rest
    repository, colon, tag = name.rpartition(":")
    if not colon or "/" in tag:
        repository, tag = name, "latest"
    if registry in ("docker.io", "index.docker.io") and "/" not in repository:
        repository = f"library/{repository}"
    return ImageRef(repository, tag, "docker.io" if registry == "index.docker.io" else registry)


def holds(layout: EngineLayout, ref: ImageRef) -> bool:
    request = urllib.request.Request(
        f"{layout.registry_url}/v2/{ref.repository}/manifests/{ref.tag}",
        method="HEAD", headers={"Accept": MANIFEST_TYPES},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


def missing(layout: EngineLayout, refs) -> list[ImageRef]:
    """The Docker Hub references among `refs` the mirror cannot serve (others registries count as missing)."""
    found = []
    for ref in (parse_ref(r) if isinstance(r, str) else r for r in refs):
        if ref.registry != "docker.io" or not holds(layout, ref):
            found.append(ref)
    return found
