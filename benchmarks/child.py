"""One measurement in a fresh interpreter, so no build can warm another's imports.

Usage (run.py does this): python benchmarks/child.py SPEC.json RESULT.json
The spec's "kind" is build, edit, snippets or profile; the result holds seconds and what was built.
Peak memory is read by the parent (os.wait4), not here.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before Pelican or any plugin is imported: imports count as build time

import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
EDIT_MARKER = "벤치마크 편집 표시"


def plain_settings(spec: dict) -> dict:
    """Pelican's defaults, its default theme, and only yaml-metadata to read the front matter.

    Slugs come from file names and keep Hangul, as on our site: Pelican's default (ASCII slugs from the
    title) would give every Hangul tag the same empty slug and write one page over another.
    """
    from pelican.settings import read_settings

    return read_settings(None, override={
        "PATH": spec["content"],
        "OUTPUT_PATH": spec["output"],
        "CACHE_PATH": spec["cache"],
        "ARTICLE_PATHS": ["posts"],
        "STATIC_PATHS": ["assets"],
        "PLUGINS": ["pelican.plugins.yaml_metadata"],
        "TIMEZONE": "Asia/Seoul",
        "DEFAULT_LANG": "ko",
        "SLUGIFY_SOURCE": "basename",
        "SLUGIFY_USE_UNICODE": True,
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CHECK_MODIFIED_METHOD": "md5",
    })


def site_overrides(spec: dict) -> dict:
    return {"PATH": spec["content"], "OUTPUT_PATH": spec["output"], "CACHE_PATH": spec["cache"]}


class Site:
    """Builds one flavor ("ours" or "plain") the way its author would, and can rebuild in-process."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.flavor = spec["flavor"]
        self._pelican = None

    def build(self) -> dict:
        if self.flavor == "ours":
            from sitebuild.runner import build

            result = build(SETTINGS, overrides=site_overrides(self.spec), output=self.spec["output"])
            return {"ok": result.ok, "problems": list(result.problems)[:20], "articles": result.articles}
        # Plain Pelican as `pelican -r` runs it: one Pelican object, run() again on every change.
        from pelican import Pelican

        if self._pelican is None:
            self._pelican = Pelican(plain_settings(self.spec))
        self._pelican.run()
        posts = Path(self.spec["output"])
        return {"ok": True, "problems": [], "articles": sum(1 for _ in posts.glob("[0-9][0-9][0-9][0-9]-*.html"))}


def page_of(spec: dict, post: Path) -> Path:
    slug = post.stem[len("2000-01-01-"):]
    if spec["flavor"] == "ours":
        return Path(spec["output"]) / "posts" / slug / "index.html"
    return Path(spec["output"]) / f"{post.stem}.html"


def run_build(spec: dict) -> dict:
    site = Site(spec)
    result = site.build()
    result["seconds"] = time.perf_counter() - STARTED
    return result


def run_edit(spec: dict) -> dict:
    """Build once (the preview's first build), then change one post and time save → written page."""
    site = Site(spec)
    first_started = time.perf_counter()
    first = site.build()
    first_seconds = time.perf_counter() - first_started
    if not first["ok"]:
        return {**first, "seconds": None}
    post = Path(spec["post"])
    original = post.read_bytes()
    text = original.decode("utf-8")
    token = f"{EDIT_MARKER} {time.time_ns()}"
    head, sep, tail = text.rpartition("\n**결론:")
    edited = f"{head}\n{token} 문단을 하나 더 적었다.\n{sep}{tail}" if sep else f"{text}\n{token}\n"
    page = page_of(spec, post)
    try:
        started = time.perf_counter()
        post.write_text(edited, encoding="utf-8")
        result = site.build()
        seconds = time.perf_counter() - started
        written = page.is_file() and token in page.read_text(encoding="utf-8")
    finally:
        post.write_bytes(original)
    if result["ok"] and not written:
        result = {**result, "ok": False, "problems": [f"the edit did not reach {page}"]}
    return {**result, "seconds": seconds, "first_build_seconds": first_seconds}


def _import_extract():
    try:
        from snippets.extract import extract_snippets
    except ImportError as err:
        return None, f"plugins/snippets/extract.py has no extract_snippets yet ({err})"
    return extract_snippets, ""


def run_snippets(spec: dict) -> dict:
    """Snippet extraction over every post; per-snippet time. The tiers are timed when their harness exists."""
    extract_snippets, note = _import_extract()
    if extract_snippets is None:
        return {"ok": True, "skipped": note}
    posts = sorted(Path(spec["content"], "posts").glob("*.md"))
    texts = [(p, p.read_text(encoding="utf-8")) for p in posts]
    started = time.perf_counter()
    count = 0
    for path, text in texts:
        count += len(extract_snippets(text, f"content/posts/{path.name}", path.stem[len("2000-01-01-"):]))
    seconds = time.perf_counter() - started
    result = {"ok": True, "seconds": seconds, "snippets": count, "posts": len(posts),
              "per_snippet_ms": 1000 * seconds / count if count else None}
    result["tiers"] = run_tiers(spec)
    return result


def run_tiers(spec: dict) -> dict:
    """The static and sandbox tiers per snippet, if the tier harness has landed (see README)."""
    return {"skipped": "no tier harness importable yet (snippets.tiers)"}


def run_profile(spec: dict) -> dict:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.002)
    profiler.start()
    site = Site(spec)
    result = site.build()
    profiler.stop()
    result["seconds"] = time.perf_counter() - STARTED
    Path(spec["profile_text"]).write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
    Path(spec["profile_flat"]).write_text(profiler.output_text(unicode=True, flat=True), encoding="utf-8")
    Path(spec["profile_html"]).write_text(profiler.output_html(), encoding="utf-8")
    return result


KINDS = {"build": run_build, "edit": run_edit, "snippets": run_snippets, "profile": run_profile}


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "plugins"))
    logging.basicConfig(level=logging.ERROR)  # the runner collects warnings itself; keep the log quiet
    result = KINDS[spec["kind"]](spec)
    Path(sys.argv[2]).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
