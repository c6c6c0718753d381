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
