"""Find the Noto CJK faces (Debian's fonts-noto-cjk) by name, so renders never fall back silently."""

from __future__ import annotations

import glob
from dataclasses import dataclass
from functools import cache

from PIL import ImageFont

NOTO_GLOB = "/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc"
SANS_KR = "Noto Sans CJK KR"
MONO_KR = "Noto Sans Mono CJK KR"


class FontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Face:
    path: str
    index: int


@cache
def face(family: str, weight: str = "Regular") -> Face:
    """The file and collection index of a Noto CJK family; FontMissing names the Debian package."""
    for path in sorted(glob.glob(NOTO_GLOB.format(weight=weight))):
        for index in range(16):
            try:
                name, _style = ImageFont.truetype(path, 12, index=index).getname()
            except OSError:
                break
            if name == family:
                return Face(path, index)
    raise FontMissing(f"font {family} {weight} not found; install the Debian package fonts-noto-cjk")


@cache
def font(family: str, size: int, weight: str = "Regular") -> ImageFont.FreeTypeFont:
    f = face(family, weight)
    return ImageFont.truetype(f.path, size, index=f.index)


def font_files() -> list[str]:
    """The collections resvg should load (it picks faces by the SVG's font-family)."""
    files = sorted({face(SANS_KR, w).path for w in ("Regular", "Bold")})
    return files
