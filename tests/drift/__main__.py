"""`python -m tests.drift run|report`: the live tier on the newest engine packages, and the drift report.

`run` (root, the project's engine stopped): resolve the newest engine packages Debian's unstable
suite offers, start an engine from them in a state folder of its own (var/drift/engine), run the
live tier there (writing var/drift/results.json and captured.json), stop it, and write the report.
`report`: the report again from those files. Exit codes: see tests/drift/report.py.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from plugins.proof.results_file import load_results
from tests.drift.captured import load_captured
from tests.drift.report import NOT_RUN, drift_report, report_markdown
from tests.snippet_tiers.posts import PostSnippets, load_post

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "drift"
RECORD = ROOT / "content" / "proof" / "results.json"
POST_LIST = ROOT / "tests" / "snippet_tiers" / "snippet-posts.toml"


def say(message: str) -> None:
    print(f"drift: {message}", file=sys.stderr, flush=True)


def listed_posts(post_list: Path = POST_LIST, root: Path = ROOT) -> list[PostSnippets]:
    """The posts the snippet tiers test (the globs of snippet-posts.toml)."""
    globs = tomllib.loads(post_list.read_text(encoding="utf-8"))["posts"]
    return [load_post(path.resolve(), root) for pattern in globs for path in sorted(post_list.parent.glob(pattern))]


def write_report(out: Path, baseline: Path, posts: list[PostSnippets]) -> int:
    out.mkdir(parents=True, exist_ok=True)
    results, captured = out / "results.json", out / "captured.json"
    report = drift_report(posts, load_captured(captured) if captured.exists() else {}, load_results(results),
                          load_results(baseline))
    text = report_markdown(report)
    (out / "report.md").write_text(text, encoding="utf-8")
    print(text, end="")
    say(f"report written to {out / 'report.md'} (exit code {report.exit_code})")
    return report.exit_code


def start_blocker() -> str | None:
    """Why the drift engine cannot start here, or None."""
    from tests.engine import daemons
    from tests.engine.layout import STATE_ENV, layout_for

    reason = daemons.unavailable_reason()
    if reason:
        return reason
    if os.environ.get(STATE_ENV):
        return f"{STATE_ENV} is set already; unset it"
    main = layout_for()
    state = daemons.status(main)
    if state.dockerd_pid is not None or state.registry_pid is not None or daemons.port_taken(main.registry_address):
        return (f"an engine (this checkout's or another's) is running and holds the bridge and {main.registry_address}; "
                "the drift engine uses the same ones: stop that engine first (python -m tests.engine stop)")
    return None


def run(args) -> int:
    from tests.engine import packages
    from tests.engine.errors import EngineError
    from tests.engine.layout import STATE_ENV, layout_for
    from tests.engine.session import KEEP_ENV

    out = Path(args.out).resolve()
    blocker = start_blocker()
    if blocker:
        say(f"cannot run: {blocker}")
        return NOT_RUN
    try:
        dist = packages.ensure_dist(layout_for().cache, say, offline_ok=False)
    except EngineError as error:
        say(f"cannot resolve the newest engine packages: {error}")
        return NOT_RUN
    say(f"newest engine packages: {dist.describe()}")
    out.mkdir(parents=True, exist_ok=True)
    for name in ("results.json", "captured.json", "report.md"):
        (out / name).unlink(missing_ok=True)
    env = {key: value for key, value in os.environ.items() if key not in (KEEP_ENV, "CI")}
    env[STATE_ENV] = str(out / "engine")
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/snippet_tiers", "--snippet-tier=live",
                           f"--proof-record={out / 'results.json'}", f"--capture-outputs={out / 'captured.json'}",
                           "-p", "no:cacheprovider", "-q", *args.pytest_args], cwd=ROOT, env=env, check=False)
    say(f"live tier on the newest engine exited {done.returncode}")
    return write_report(out, Path(args.baseline), listed_posts())


def report(args) -> int:
    return write_report(Path(args.out).resolve(), Path(args.baseline), listed_posts())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.drift", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, handler, text in (("run", run, "run the live tier on the newest engine, then report"),
                                ("report", report, "write the report from a run's files")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--out", default=str(OUT), help="folder of the run's files and report (var/drift)")
        sub.add_argument("--baseline", default=str(RECORD), help="the proof record to compare with")
        if name == "run":
            sub.add_argument("pytest_args", nargs="*", help="more pytest arguments, e.g. -k docker-2")
        sub.set_defaults(run=handler)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
