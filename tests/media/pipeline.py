"""Render Markdown the way the Chirpy reader does, with the media extension, for the table tests."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from markdown import Markdown

from plugins.chirpy_reader.context import PostContext
from plugins.chirpy_reader.reader import base_extensions
from plugins.media.extension import MediaExtension
from plugins.media.model import MediaSettings
from plugins.media.probe import Prober


def make_markdown(content: Path, front_matter: dict | None = None, settings: MediaSettings | None = None,
                  prober: Prober | None = None) -> Markdown:
    """The reader's Markdown pipeline plus the media extension, with a post context like the reader's."""
    extensions, configs = base_extensions()
    extensions.append(MediaExtension(settings=settings, prober=prober))
    md = Markdown(extensions=extensions, extension_configs=configs)
    md.post = PostContext(str(content / "posts/x.md"), "content/posts/x.md", "posts/x.md", "x", "posts/x/",
                          front_matter or {}, settings={"PATH": str(content), "STATIC_PATHS": ["assets"]})
    return md


def render(content: Path, text: str, **kwargs) -> str:
    return make_markdown(content, **kwargs).convert(text)


def assert_html(actual: str, expected: str) -> None:
    if actual.strip() != expected.strip():
        diff = "\n".join(difflib.unified_diff(expected.strip().splitlines(), actual.strip().splitlines(),
                                              "expected", "actual", lineterm=""))
        pytest.fail("rendered HTML differs:\n" + diff)
