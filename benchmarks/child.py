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
        self._kept = None

    def build(self) -> dict:
        if self.flavor == "ours":
            result = self._ours().full()
            return {"ok": result.ok, "problems": list(result.problems)[:20], "articles": result.articles}
        # Plain Pelican as `pelican -r` runs it: one Pelican object, run() again on every change.
        from pelican import Pelican

        if self._kept is None:
            self._kept = Pelican(plain_settings(self.spec))
        self._kept.run()
        posts = Path(self.spec["output"])
        return {"ok": True, "problems": [], "articles": sum(1 for _ in posts.glob("[0-9][0-9][0-9][0-9]-*.html"))}

    def edited(self, post: Path) -> dict:
        """Rebuild after one post changed, the way each flavor's preview does it.

        Ours: the preview's fast path (sitebuild.incremental) writes the post's page alone, or a full
        build when the edit changed what other pages show. Plain: `pelican -r` runs everything again.
        """
        if self.flavor != "ours":
            return self.build()
        fast = self._ours().edited(post)
        if fast.result is None:
            return {**self.build(), "fast_path": f"not taken: {fast.reason}"}
        return {"ok": fast.result.ok, "problems": list(fast.result.problems)[:20], "articles": 1, "fast_path": "taken"}

    def _ours(self):
        from plugins.sitebuild.incremental import LastBuild

        if self._kept is None:
            self._kept = LastBuild(SETTINGS, site_overrides(self.spec), self.spec["output"])
        return self._kept


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
        started, cpu_started = time.perf_counter(), time.process_time()
        post.write_text(edited, encoding="utf-8")
        result = site.edited(post)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        written = page.is_file() and token in page.read_text(encoding="utf-8")
        rest = None
        if spec["flavor"] == "ours" and result.get("fast_path") == "taken":
            # What the preview then runs in the background so listings, cheat sheet and snippet
            # files catch up (there in a child process; here in-process, with the same warm cache).
            rest_started = time.perf_counter()
            rest = site.build()["ok"] and time.perf_counter() - rest_started
    finally:
        post.write_bytes(original)
    if result["ok"] and not written:
        result = {**result, "ok": False, "problems": [f"the edit did not reach {page}"]}
    return {**result, "seconds": seconds, "cpu": cpu, "first_build_seconds": first_seconds, "rest_seconds": rest}


def _import_extract():
    try:
        from plugins.snippets.extract import extract_snippets
    except ImportError as err:
        return None, f"plugins/snippets/extract.py has no extract_snippets yet ({err})"
    return extract_snippets, ""


def run_snippets(spec: dict) -> dict:
    """Snippet extraction over every post; per-snippet time (the tiers are timed by run.py through pytest)."""
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
    return {"ok": True, "seconds": seconds, "snippets": count, "posts": len(posts),
            "per_snippet_ms": 1000 * seconds / count if count else None}


def run_profile(spec: dict) -> dict:
    """One cold build under a profiler: cProfile on the CPU clock (shares that survive a busy machine)
    or pyinstrument (a readable call tree, wall clock)."""
    site = Site(spec)
    out = Path(spec["profile_out"])
    if spec["profiler"] == "pyinstrument":
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.002)
        profiler.start()
        result = site.build()
        profiler.stop()
        out.write_text(profiler.output_text(unicode=True), encoding="utf-8")
    else:
        import cProfile
        import io
        import pstats

        profiler = cProfile.Profile(time.process_time)
        result = profiler.runcall(site.build)
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("tottime").print_stats(50)
        stats.sort_stats("cumulative").print_stats(80)
        out.write_text(text.getvalue(), encoding="utf-8")
    result["seconds"] = time.perf_counter() - STARTED
    return result


KINDS = {"build": run_build, "edit": run_edit, "snippets": run_snippets, "profile": run_profile}


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    os.chdir(ROOT)
    logging.basicConfig(level=logging.ERROR)  # the runner collects warnings itself; keep the log quiet
    result = KINDS[spec["kind"]](spec)
    Path(sys.argv[2]).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
