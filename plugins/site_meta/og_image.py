"""The default OpenGraph card (1200x630 PNG): site name and description in Pretendard, drawn with Pillow.

Pretendard ships as unicode-range subsets (the theme serves them to browsers); Pillow has no font
fallback, so each character is drawn with the subset file whose range holds it (written here because
Pillow does not read CSS unicode-range).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
BACKGROUND = (16, 37, 66)
ACCENT = (36, 150, 237)
TEXT = (255, 255, 255)
MUTED = (191, 208, 230)
_FACE_RE = re.compile(r"@font-face\{([^}]*)\}")
_SRC_RE = re.compile(r"url\(([^)]+)\)")
_RANGE_RE = re.compile(r"unicode-range:([^;}]*)")


@dataclass(frozen=True)
class FontSubset:
    path: Path
    ranges: tuple[tuple[int, int], ...]

    def covers(self, char: str) -> bool:
        code = ord(char)
        return any(lo <= code <= hi for lo, hi in self.ranges)


def parse_ranges(value: str) -> tuple[tuple[int, int], ...]:
    """`U+0-ff, U+131, U+1e00-1eff` -> ((0, 255), (305, 305), (7680, 7935))."""
    out = []
    for part in value.split(","):
        part = part.strip().upper().removeprefix("U+")
        if not part:
            continue
        lo, _, hi = part.partition("-")
        out.append((int(lo, 16), int(hi or lo, 16)))
    return tuple(out)


def font_subsets(css: str, base: Path) -> tuple[FontSubset, ...]:
    """The subsets a @font-face stylesheet declares, font paths resolved against `base` (the CSS file's folder)."""
    subsets = []
    for face in _FACE_RE.findall(css):
        src, ranges = _SRC_RE.search(face), _RANGE_RE.search(face)
        if src and ranges:
            subsets.append(FontSubset((base / src.group(1).strip("'\"")).resolve(), parse_ranges(ranges.group(1))))
    return tuple(subsets)


class _Fonts:
    """Loaded subset fonts of one size and weight, opened on first use."""

    def __init__(self, subsets, size: int, weight: int, subset_of: dict[str, FontSubset | None]):
        self.subsets, self.size, self.weight = subsets, size, weight
        self._open: dict[Path, ImageFont.FreeTypeFont] = {}
        self._subset_of = subset_of  # shared by the card's sizes: wrapping measures each line again and again

    def for_char(self, char: str) -> ImageFont.FreeTypeFont | None:
        if char not in self._subset_of:
            self._subset_of[char] = next((s for s in self.subsets if s.covers(char)), None)
        subset = self._subset_of[char]
        if subset is None:
            return None
        if subset.path not in self._open:
            font = ImageFont.truetype(str(subset.path), self.size)
            try:
                font.set_variation_by_axes([self.weight])
            except (OSError, ValueError):  # a static font: keep its own weight
                pass
            self._open[subset.path] = font
        return self._open[subset.path]

    def runs(self, text: str):
        """(text, font) pieces of consecutive characters drawn with the same subset."""
        run, run_font = "", None
        for char in text:
            font = self.for_char(char) or run_font
            if font is not run_font and run:
                yield run, run_font
                run = ""
            run, run_font = run + char, font
        if run and run_font is not None:
            yield run, run_font

    def width(self, text: str) -> float:
        return sum(font.getlength(piece) for piece, font in self.runs(text))


def _draw_line(draw, xy, text, fonts: _Fonts, fill) -> None:
    x, y = xy
    for piece, font in fonts.runs(text):
        draw.text((x, y), piece, font=font, fill=fill)
        x += font.getlength(piece)


def _wrap(text: str, fonts: _Fonts, width: int, max_lines: int) -> list[str]:
    """Break at spaces (Korean is broken between words too); an over-long last line ends with …."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if fonts.width(candidate) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,") + "…"
    return lines


def render_card(title: str, subtitle: str, footer: str, subsets) -> bytes:
    """PNG bytes of the card; deterministic for the same inputs (no timestamps in the file)."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, SIZE[1]), fill=ACCENT)
    margin = 96
    subset_of: dict[str, FontSubset | None] = {}
    title_fonts = _Fonts(subsets, 92, 760, subset_of)
    body_fonts = _Fonts(subsets, 40, 450, subset_of)
    small_fonts = _Fonts(subsets, 30, 500, subset_of)
    y = 150
    for line in _wrap(title, title_fonts, SIZE[0] - 2 * margin, 2):
        _draw_line(draw, (margin, y), line, title_fonts, TEXT)
        y += 118
    y += 20
    for line in _wrap(subtitle, body_fonts, SIZE[0] - 2 * margin, 3):
        _draw_line(draw, (margin, y), line, body_fonts, MUTED)
        y += 60
    if footer:
        _draw_line(draw, (margin, SIZE[1] - 90), footer, small_fonts, ACCENT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
