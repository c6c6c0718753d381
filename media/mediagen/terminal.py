"""Draw a terminal window from text with Pillow: a monospace grid, lines wrapped like a real terminal."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageDraw

from media.mediagen.fonts import MONO_KR, SANS_KR, font


@dataclass(frozen=True)
class Look:
    cols: int = 80
    rows: int = 24
    font_size: int = 24
    line_height: int = 32
    pad: int = 20
    bar: int = 44  # title bar height
    title: str = "user@rocky:~"
    bg: str = "#1d1f21"
    fg: str = "#d7dae0"
    bar_bg: str = "#2e3035"
    bar_fg: str = "#b8bcc4"
    cursor: str = "#d7dae0"

    @property
    def cell(self) -> float:
        return font(MONO_KR, self.font_size).getlength("M")

    @property
    def size(self) -> tuple[int, int]:
        width = round(self.cols * self.cell) + 2 * self.pad
        height = self.bar + self.rows * self.line_height + 2 * self.pad
        return width + width % 2, height + height % 2


def cells(text: str) -> int:
    """Columns a string takes: wide (Hangul, CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def wrap(lines: list[str] | tuple[str, ...], cols: int) -> list[str]:
    """Physical screen lines: each logical line cut every `cols` columns, as a terminal does."""
    out: list[str] = []
    for line in lines:
        row, used = "", 0
        for ch in line:
            w = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
            if used + w > cols:
                out.append(row)
                row, used = "", 0
            row += ch
            used += w
        out.append(row)
    return out


def draw(lines: list[str] | tuple[str, ...], look: Look = Look(), cursor: bool = True, size: tuple[int, int] | None = None) -> Image.Image:
    """The window showing the last `rows` screen lines, the cursor after the last character."""
    width, height = size or look.size
    image = Image.new("RGB", (width, height), look.bg)
    pen = ImageDraw.Draw(image)
    mono = font(MONO_KR, look.font_size)
    pen.rectangle((0, 0, width, look.bar), fill=look.bar_bg)
    for i, colour in enumerate(("#ff5f57", "#febc2e", "#28c840")):
        cx, cy, r = look.pad + 8 + i * 26, look.bar // 2, 8
        pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    title_font = font(SANS_KR, 18)
    pen.text((width / 2, look.bar / 2), look.title, font=title_font, fill=look.bar_fg, anchor="mm")
    screen = wrap(lines, look.cols)[-look.rows:]
    cell = look.cell
    top = look.bar + look.pad
    for row, text in enumerate(screen):
        pen.text((look.pad, top + row * look.line_height + look.line_height / 2), text, font=mono, fill=look.fg, anchor="lm")
    if cursor and screen:
        row = len(screen) - 1
        col = cells(screen[-1])
        if col >= look.cols:  # the cursor sits at the start of the next line
            row, col = min(row + 1, look.rows - 1), 0
        x = look.pad + col * cell
        y = top + row * look.line_height
        pen.rectangle((x, y + 4, x + cell - 1, y + look.line_height - 4), fill=look.cursor)
    return image
