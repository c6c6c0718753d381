"""Render an SVG source to PNG with resvg (a real SVG renderer), using only the Noto CJK fonts."""

from __future__ import annotations

import io
from pathlib import Path

import resvg_py
from PIL import Image

from media.mediagen.fonts import font_files


def render_svg(source: Path, width: int) -> Image.Image:
    """The SVG drawn `width` pixels wide; system fonts are skipped so every machine draws the same."""
    png = resvg_py.svg_to_bytes(
        svg_path=str(source), width=width, skip_system_fonts=True, font_files=font_files(),
        sans_serif_family="Noto Sans CJK KR", monospace_family="Noto Sans Mono CJK KR",
        text_rendering="optimize_legibility", shape_rendering="geometric_precision",
    )
    return Image.open(io.BytesIO(bytes(png))).convert("RGBA")
