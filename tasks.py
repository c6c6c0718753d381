"""The author's workflow: `invoke --list` shows every task."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"
PYTHON = sys.executable

sys.path.insert(0, str(ROOT / "plugins"))


def _run_build(settings: Path, output: Path | None = None, overrides: dict | None = None):
    from sitebuild.runner import build as run_build

    os.chdir(ROOT)
    result = run_build(settings, overrides=overrides, output=output)
    if not result.ok:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        raise Exit(f"build failed: {len(result.problems)} problem(s); the previous output is untouched", code=1)
    print(f"built {result.articles} posts into {result.output} in {result.seconds:.2f} s")
    return result


@task(help={"output": "output folder (default: output/)"})
def build(c, output=None):
    """Build the site with pelicanconf.py into output/ (all warnings are errors)."""
    _run_build(SETTINGS, Path(output) if output else None)


@task(help={"pytest_args": "extra arguments for pytest, e.g. '-k reader -x'"})
def test(c, pytest_args=""):
    """Run every test: unit, build, snippet tiers (live where an engine can start), browser."""
    c.run(f"{PYTHON} -m pytest {pytest_args}", pty=False)


@task(help={
    "sizes": "post counts to generate, comma-separated (default 100,1000,5000)",
    "quick": "100 posts, one run, README untouched",
    "reps": "repetitions per measurement; the table shows medians",
    "profile": "also profile one cold build of this site on this many posts (pyinstrument)",
})
def bench(c, sizes="100,1000,5000", quick=False, reps=3, profile=0):
    """Time the build against plain Pelican on generated posts and check the budgets (benchmarks/README.md)."""
    args = "--quick" if quick else f"--sizes {sizes} --reps {reps} --update-readme"
    if profile:
        args += f" --profile {profile}"
    result = c.run(f"{PYTHON} {ROOT / 'benchmarks' / 'run.py'} {args}", pty=False, warn=True)
    if result.exited:
        raise Exit("a budget is not met (FAIL above); see benchmarks/README.md", code=result.exited)


def _post_snippets(path: Path):
    """(front matter, snippets) of one post, read the way the reader reads it, without Pelican running."""
    from chirpy_reader.front_matter import parse_front_matter
    from chirpy_reader.source_text import decode_post
    from snippets.extract import extract_snippets

    shown = os.path.relpath(path, ROOT)
    text = decode_post(path.read_bytes(), shown)
    fm, _body = parse_front_matter(text, shown, path.name, "Asia/Seoul")
    return fm, extract_snippets(text, shown, fm.slug)


@task(help={
    "post": "one post file, e.g. content/posts/2025-11-28-docker-1.md (default: every post)",
    "out": "also write the snippet files (scripts, files, snippets.json) into this folder",
})
def snippets(c, post=None, out=None):
    """List every snippet (post, line, name, kind, tier, needs) without building the site."""
    from sitebuild.errors import PostError
    from snippets.listing import table
    from snippets.model import Post
    from snippets.render import post_files

    paths = [Path(post).resolve()] if post else sorted((ROOT / "content" / "posts").glob("*.md"))
    found, posts = [], []
    for path in paths:
        try:
            fm, post_snippets = _post_snippets(path)
        except (PostError, OSError) as err:
            raise Exit(str(err), code=1) from None
        found += post_snippets
        posts.append(Post(fm.slug, fm.title, f"/posts/{fm.slug}/", post_snippets[0].source if post_snippets else "",
                          tuple(post_snippets)))
    print(table(found), end="")
    print(f"{len(found)} snippets in {len(paths)} posts")
    if out:
        for item in posts:
            for file in post_files(item, ""):
                target = Path(out) / file.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(file.text, encoding="utf-8")
                target.chmod(0o755 if file.executable else 0o644)
        print(f"wrote the files into {Path(out) / 'snippets'}")
