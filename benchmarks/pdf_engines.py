"""Typeset the same cheat sheet with WeasyPrint (cheatsheet.print_html) and Typst (cheatsheet.print_typst).

Usage: python benchmarks/pdf_engines.py [--posts 100] [--out /tmp/pdf-engines]
The sheet is made from N generated posts (benchmarks/generate.py). Each PDF is typeset in its own
process (time, CPU, peak memory from os.wait4); then `pdffonts` (fonts embedded), `pdftotext` (Hangul
extractable) and `pdftoppm` (the first pages as PNG, side by side in OUT) look at the result.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ENGINES = ("weasyprint", "typst")
SHEETS = ("full", "core")
HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")


def typeset(content: str, engine: str, sheet: str, out: str) -> None:
    """In the child: build the sheet from the posts, typeset it, write it; print the typesetting seconds."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from cheatsheet.collect import build_sheet
    from cheatsheet.settings import absolute_base, read_settings
    from cheatsheet.sources import post_source

    settings = read_settings({"pdf": True, "public_url": "https://docker-notes.github.io"})
    siteurl = absolute_base("", settings)
    posts = Path(content) / "posts"
    sources = [post_source(p, Path(content).parent, siteurl) for p in sorted(posts.glob("*.md"))]
    made = build_sheet([s for s in sources if s], settings, siteurl)
    started = time.perf_counter()
    if engine == "weasyprint":
        from cheatsheet.pdf import render_pdf
        from cheatsheet.print_html import core_html, print_html

        data = render_pdf((print_html if sheet == "full" else core_html)(made))
    else:
        from cheatsheet.print_typst import core_typst, print_typst, render_typst

        data = render_typst((print_typst if sheet == "full" else core_typst)(made))
    Path(out).write_bytes(data)
    print(json.dumps({"typeset_seconds": time.perf_counter() - started, "entries": len(made.entries)}))


def measure(content: Path, engine: str, sheet: str, out: Path) -> dict:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(content), engine, sheet, str(out)],
                            stdout=subprocess.PIPE, cwd=ROOT)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    child = json.loads(proc.stdout.read() or b"{}") if os.waitstatus_to_exitcode(status) == 0 else {}
    proc.stdout.close()
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=False).stdout.splitlines()[2:]
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=False).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(out)], capture_output=True, check=False,
                                                             text=True).stdout).group(1))
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2", str(out), str(out.with_suffix(""))],
                   check=False)
    return {"engine": engine, "sheet": sheet, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mib": usage.ru_maxrss / 1024, "bytes": out.stat().st_size, "pages": pages,
            "fonts": [" ".join(f.split()[:1] + f.split()[-5:-2]) for f in fonts],
            "hangul_chars": len(HANGUL_RE.findall(text)), **child}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "pdf-engines")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        typeset(*args.child)
        return 0
    sys.path.insert(0, str(HERE))
    from generate import generate

    args.out.mkdir(parents=True, exist_ok=True)
    generate(args.out / "site", args.posts, args.seed, images_per_post=1)
    rows = [measure(args.out / "site" / "content", engine, sheet, args.out / f"{engine}-{sheet}.pdf")
            for sheet in SHEETS for engine in ENGINES]
    print(f"| sheet ({rows[0].get('entries', '?')} commands, {args.posts} posts) | engine | typeset | process CPU | "
          "peak memory | size | pages | fonts embedded (pdffonts: name emb sub uni) | Hangul in pdftotext |")
    print("|:---|:---|---:|---:|---:|---:|---:|:---|---:|")
    for r in rows:
        print(f"| {r['sheet']} | {r['engine']} | {r.get('typeset_seconds', float('nan')):.2f} s | {r['cpu']:.2f} s | "
              f"{r['peak_mib']:.0f} MiB | {r['bytes'] / 1024:.0f} KiB | {r['pages']} | {'; '.join(r['fonts'])} | "
              f"{r['hangul_chars']:,} |")
    (args.out / "results.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nPNG pages beside the PDFs in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
