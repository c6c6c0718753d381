"""Read the stand-in image recipes in tests/engine/images/<name>/ and key them for the cache."""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tests.engine.facts import FACTS_DIR
from tests.engine.layout import IMAGES_DIR

BUILDER_VERSION = "2"  # bump when the way images are built changes, to rebuild every cached image
RECIPE_FILE = "recipe.toml"
KNOWN_KEYS = {"tags", "packages", "prune", "version_of", "image", "target"}


class RecipeError(ValueError):
    """A recipe file is malformed; the message names the file."""


@dataclass(frozen=True)
class Recipe:
    """One stand-in image: pushed to the mirror as library/<name>:<tag> for every tag."""

    name: str
    folder: Path
    tags: tuple[str, ...]
    packages: tuple[str, ...] = ()  # Debian packages installed on the shared base, one layer
    prune: tuple[str, ...] = ()  # paths (relative to /) dropped from that layer: docs, seeded data dirs
    version_of: str = ""  # the package whose version numeric tags must name (`nginx` for nginx:1.30)
    # The repository the tags go to when it is not the folder's name: one official repository whose
    # tags are different images (eclipse-temurin's -jdk and -jre) takes one folder per image.
    image: str = ""
    target: str = ""  # the Dockerfile stage to build when not the last (a shared Dockerfile's variant)

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(f"{self.image or self.name}:{tag}" for tag in self.tags)

    def layer_key(self, base_key: str) -> str:
        text = "\n".join([BUILDER_VERSION, base_key, *sorted(self.packages), "--", *sorted(self.prune)])
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def key(self, base_key: str) -> str:
        """Changes when anything in the recipe folder, the base or the builder changes."""
        digest = hashlib.sha256(f"{BUILDER_VERSION}\n{base_key}\n".encode())
        # os.walk follows the links of a recipe that shares another's Dockerfile and files/
        found = (Path(top) / name for top, _, names in os.walk(self.folder, followlinks=True) for name in names)
        for path in sorted(p for p in found if p.is_file()):
            digest.update(str(path.relative_to(self.folder)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
            digest.update(b"x" if path.stat().st_mode & 0o111 else b"-")
        sheet = FACTS_DIR / f"{self.name}.toml"  # a changed fact sheet is checked against a fresh build
        digest.update(sheet.read_bytes() if sheet.exists() else b"")
        return digest.hexdigest()[:16]


def _strings(data: dict, key: str, path: Path, required: bool = False) -> tuple[str, ...]:
    value = data.get(key, None)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value and required or not all(isinstance(v, str) for v in value):
        raise RecipeError(f"{path}: `{key}` must be a {'non-empty ' if required else ''}list of strings")
    return tuple(value)


def load_recipe(folder: Path) -> Recipe:
    path = folder / RECIPE_FILE
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RecipeError(f"{path}: {error}") from None
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise RecipeError(f"{path}: unknown key(s) {sorted(unknown)}; known: {sorted(KNOWN_KEYS)}")
    if not (folder / "Dockerfile").is_file():
        raise RecipeError(f"{folder}: a recipe needs a Dockerfile beside {RECIPE_FILE}")
    version_of = data.get("version_of", "")
    if not isinstance(version_of, str):
        raise RecipeError(f"{path}: `version_of` must be a package name")
    image = data.get("image", "")
    if not isinstance(image, str) or image and not re.fullmatch(r"[a-z0-9]+(?:[._-][a-z0-9]+)*", image):
        raise RecipeError(f"{path}: `image` must be a repository name like `eclipse-temurin` (got {image!r})")
    target = data.get("target", "")
    if not isinstance(target, str) or target and not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", target):
        raise RecipeError(f"{path}: `target` must be a stage name of the Dockerfile (got {target!r})")
    return Recipe(folder.name, folder, _strings(data, "tags", path, required=True),
                  _strings(data, "packages", path), _strings(data, "prune", path), version_of, image, target)


def load_recipes(images_dir: Path = IMAGES_DIR) -> tuple[Recipe, ...]:
    return tuple(load_recipe(folder) for folder in sorted(images_dir.iterdir()) if (folder / RECIPE_FILE).exists())


def provided_refs(recipes: tuple[Recipe, ...]) -> frozenset[str]:
    return frozenset(ref for recipe in recipes for ref in recipe.refs)
