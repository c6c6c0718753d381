"""The one post model: a post file decoded once, its front matter checked and its outline scanned once.

The reader, snippets, media, the cheat sheet, the author's tasks, the importer, new-post and the
snippet tiers all start from `read_post` (a file) or `parse_post` (text already decoded), so each
sees the same text, the same lines and the same blocks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from plugins.chirpy_reader.front_matter import FrontMatter, parse_front_matter
from plugins.chirpy_reader.outline import Outline, scan_outline
from plugins.chirpy_reader.source_text import decode_post
from plugins.sitebuild.errors import PostError, SourcePos

PLUGIN = "chirpy_reader"
# A real post is tens of KB; megabytes mean a pasted log or a wrong file, and would stall the preview.
MAX_POST_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Post:
    source: str  # the path shown to the author: content/posts/x.md
    text: str  # the whole file, decoded: no BOM, LF line ends, tabs as written
    front_matter: FrontMatter
    outline: Outline = field(repr=False)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def slug(self) -> str:
        return self.front_matter.slug

    @property
    def body(self) -> str:
        """The text after the front matter."""
        return self.text.split("\n", self.front_matter.body_line - 1)[-1] if self.front_matter.body_line > 1 else self.text


def parse_post(text: str, source: str, filename: str, timezone: str) -> Post:
    """The model of a decoded post. `timezone`: the site's TIMEZONE, for dates written without an offset."""
    fm, _body = parse_front_matter(text, source, filename, timezone)
    return Post(source, text, fm, scan_outline(text.split("\n"), fm.body_line))


def read_post(path: Path, source: str, timezone: str) -> Post:
    """The model of the post file at `path`; `source` is how messages name it. Raises PostError."""
    data = path.read_bytes()
    if len(data) > MAX_POST_BYTES:
        raise PostError(SourcePos(source), PLUGIN,
                        f"the post is {len(data) / 1024 / 1024:.1f} MB (the limit is {MAX_POST_BYTES // 1024 // 1024} MB)",
                        "split it into several posts, or move logs and data into files under content/assets/")
    return parse_post(decode_post(data, source), source, os.path.basename(path), timezone)
