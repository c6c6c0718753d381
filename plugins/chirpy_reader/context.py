"""What the Chirpy reader hands to the Markdown extensions of other plugins, per post.

Contract for extensions (snippets, media, ...):
- Connect a receiver to `markdown_extensions` in your plugin's register(). The reader calls it
  once per build with sender=the Pelican settings dict; return a list of fresh
  `markdown.Extension` instances (or an empty list).
- One Markdown converts every post of a build, reset before each post (`Markdown.reset()`).
  State of one post lives in `md.post` or on `md`, set when your preprocessor starts; anything
  your extension keeps otherwise must be cleared by its `reset()`.
- While the post converts, `md.post` is a `PostContext`. Preprocessors registered with a
  priority above 27 see the body with its original line numbers: `lines[i]` is line i + 1 of
  the file (the front matter is blanked, not removed). Such preprocessors must not add or drop
  lines; the kramdown-compatibility preprocessor (priority 27) is the first that may.
- Put what your extension learns about the post in `md.post.outputs[<plugin name>]`; the reader
  stores `outputs` as the article's metadata (so it must be picklable: frozen dataclasses,
  tuples, strings).
- Raise `sitebuild.errors.PostError` for broken input, with `md.post.pos(line)` as position.
- `md.post.model` is the post as read (post.py): its text as written and its outline. Find fences,
  headings and comments there (`outline_of`), never with a pattern of your own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import blinker

from plugins.chirpy_reader.outline import Outline, scan_outline
from plugins.chirpy_reader.post import Post
from plugins.sitebuild.errors import SourcePos

markdown_extensions = blinker.signal("chirpy_reader.markdown_extensions")


@dataclass(frozen=True)
class PostContext:
    source_path: str  # absolute path of the post file
    display_path: str  # the path to show in messages, relative to the project (content/posts/x.md)
    relative_path: str  # the path relative to the content folder (posts/x.md)
    slug: str
    url: str  # the post's URL relative to SITEURL, e.g. posts/docker-1/
    front_matter: dict  # the parsed YAML front matter, as written
    settings: dict = field(repr=False, compare=False)
    model: Post | None = field(default=None, repr=False, compare=False)  # the post as read (post.py); None in tests
    outputs: dict = field(default_factory=dict, compare=False)

    def pos(self, line: int | None = None) -> SourcePos:
        return SourcePos(self.display_path, line)


def outline_of(md, lines: list[str]) -> Outline:
    """The outline of the post being converted: the reader's, or (text converted without a post) one
    scanned from `lines`, which then must hold the body with its line numbers."""
    post = getattr(md, "post", None)
    model = post.model if post is not None else None
    return model.outline if model is not None else scan_outline(lines)
