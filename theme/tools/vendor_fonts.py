"""Copy Pretendard's dynamic-subset web font from node_modules/ (npm `pretendard`) into theme/static/.

Run after changing the pinned version in package.json: `npm ci && .venv/bin/python theme/tools/vendor_fonts.py`.
The fonts are committed so building the site never needs npm; this script only refreshes them.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "node_modules" / "pretendard"
SOURCE_CSS = PACKAGE / "dist" / "web" / "variable" / "pretendardvariable-dynamic-subset.css"
SOURCE_FONTS = PACKAGE / "dist" / "web" / "variable" / "woff2-dynamic-subset"
TARGET_FONTS = ROOT / "theme" / "static" / "fonts" / "pretendard"
TARGET_CSS = TARGET_FONTS / "pretendard.css"
# theme.js loads the stylesheet from the fonts' own folder.
FONT_URL = "./"


def minify_font_css(css: str) -> str:
    """Pretendard's @font-face rules without comments and indentation, with font URLs pointing at FONT_URL."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = css.replace("url(./woff2-dynamic-subset/", f"url({FONT_URL}")
    css = re.sub(r"\s*([{};:,])\s*", r"\1", css)
    css = re.sub(r"\s+", " ", css).strip()
    return css.replace(";}", "}").replace("}@", "}\n@") + "\n"


def main() -> int:
    if not SOURCE_CSS.is_file():
        print(f"{SOURCE_CSS} is missing; run `npm ci` first", file=sys.stderr)
        return 1
    if TARGET_FONTS.exists():
        shutil.rmtree(TARGET_FONTS)
    TARGET_FONTS.mkdir(parents=True)
    for font in sorted(SOURCE_FONTS.glob("*.woff2")):
        shutil.copy2(font, TARGET_FONTS / font.name)
    shutil.copy2(PACKAGE / "dist" / "LICENSE.txt", TARGET_FONTS / "LICENSE")
    header = "/* Pretendard (c) 2021 Kil Hyung-jin, SIL Open Font License 1.1: theme/static/fonts/pretendard/LICENSE */\n"
    TARGET_CSS.write_text(header + minify_font_css(SOURCE_CSS.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {TARGET_CSS.relative_to(ROOT)} and {len(list(TARGET_FONTS.glob('*.woff2')))} fonts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
