"""A content folder holding Chirpy's demo posts unchanged, with placeholder media where they point."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
POSTS = HERE / "posts"
ROOT = HERE.parents[2]


@dataclass(frozen=True)
class Placeholder:
    path: str  # under content/, as the posts reference it from the site root
    size: tuple[int, int]
    colour: str


# Every media file the demo posts name, at the size their attributes give (or a plausible one).
PLACEHOLDERS = (
    Placeholder("commons/devices-mockup.png", (1200, 630), "#4a6fa5"),
    Placeholder("posts/20190808/mockup.png", (972, 589), "#6b8e23"),
    Placeholder("posts/20190808/devtools-light.png", (1212, 668), "#f0f0f0"),
    Placeholder("posts/20190808/devtools-dark.png", (1212, 668), "#202124"),
    Placeholder("assets/img/sample/upload-image.png", (800, 400), "#c0c0ff"),
    Placeholder("assets/img/sample/download-icons.png", (1200, 600), "#ffc0c0"),
    Placeholder("posts/20180809/pages-source-light.png", (750, 280), "#fafafa"),
    Placeholder("posts/20180809/pages-source-dark.png", (750, 280), "#1b1b1e"),
)


def make_content(target: Path) -> Path:
    """Write content/ for the demo site into `target`: the posts, the real site's pages, the media."""
    content = target / "content"
    shutil.copytree(POSTS, content / "posts")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    for item in PLACEHOLDERS:
        file = content / item.path
        file.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", item.size, item.colour).save(file, optimize=True)
    return content


# An author entry as content/_data/authors.yml or CHIRPY_AUTHORS would give it, for the demo's `author: virginia`.
AUTHORS = {"virginia": {"name": "Virginia", "url": "https://example.com/virginia", "twitter": "virginia"},
           "cotes": {"name": "Cotes Chung", "url": "https://github.com/cotes2020"}}


def build_demo(root: Path) -> Path:
    """Build the demo site under `root` with the site's own settings (strict); return its output folder."""
    from tests.conftest import build_site

    content = make_content(root)
    output = root / "output"
    build_site(output, PATH=str(content), CHEATSHEET={"pdf": False}, CHIRPY_AUTHORS=AUTHORS)
    return output
