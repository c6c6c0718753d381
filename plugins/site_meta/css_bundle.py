"""Join the theme's component stylesheets into one file named by its content hash (one request, cached forever)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

_COMMENT_RE = re.compile(r"/\*.*?\*/", re.DOTALL)


@dataclass(frozen=True)
class CssBundle:
    text: str
    save_as: str  # relative to the output folder


def squeeze(css: str) -> str:
    """Drop comments and indentation; a small, safe subset of minification (no rule rewriting)."""
    css = _COMMENT_RE.sub("", css)
    lines = (line.strip() for line in css.splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def bundle(css_dir: Path, save_as_pattern: str) -> CssBundle:
    """Every *.css in css_dir in name order (00-..., 10-...), squeezed into one text."""
    parts = [squeeze(path.read_text(encoding="utf-8")) for path in sorted(css_dir.glob("*.css"))]
    text = "".join(parts)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return CssBundle(text=text, save_as=save_as_pattern.format(hash=digest))
