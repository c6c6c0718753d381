"""`python -m tests.pristine build|fresh-check`: the README's commands on a pristine Debian 12 root (root only)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.pristine.apt_sources import AptSourcesError
from tests.pristine.readme import ReadmeError, readme_commands
from tests.pristine.root import PristineError, PristineRoot, RunResult, ensure_base, machine_mirror
from tests.pristine.site_check import post_slugs, site_problems
from tests.pristine.workflow_steps import workflow_run_env, workflow_run_lines

CHECKOUT = Path(__file__).resolve().parents[2]
SITE_NAME = "도커 노트"
# What GitHub fills in for the workflow's `${{ ... }}` values, when its steps run here.
STAND_INS = {"SITEURL": "https://example.github.io/blog"}


def say(message: str) -> None:
    print(f"pristine: {message}", file=sys.stderr, flush=True)


def listed_packages(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def installed_in(rootfs: Path, packages: list[str]) -> set[str]:
    done = subprocess.run(["dpkg-query", f"--admindir={rootfs / 'var/lib/dpkg'}", "-W", "-f=${Package} ${Status}\n",
                           *packages], check=False, capture_output=True, text=True)
    return {line.split()[0] for line in done.stdout.splitlines() if line.endswith("install ok installed")}


def failed(result: RunResult, what: str) -> str:
    return f"{what}: `{result.command}` exited {result.exited}; its last lines:\n" + "\n".join(result.tail[-20:])


def check_without_root(root: PristineRoot, first: str) -> list[str]:
    """Run as nobody, the first command must stop at once and name every build package not installed."""
    wanted = listed_packages(CHECKOUT / "deb-packages-build.txt")
    missing = [p for p in wanted if p not in installed_in(root.base.rootfs, wanted)]
    result = root.run(first, user="65534")
    text = "\n".join(result.tail)
    problems = []
    if result.exited == 0:
        problems.append("without root the first command succeeded on a root missing Debian packages")
    named = [p for p in missing if f" {p}" not in text]
    if named or "apt-get install" not in text:
        problems.append(f"without root the first command did not say to `apt-get install` {', '.join(named)}")
    return problems


def first_command(root: PristineRoot, first: str, times: dict[str, float]) -> list[str]:
    problems = check_without_root(root, first)
    result = root.run(first)
    times["first command"] = result.seconds
    if result.exited:
        return [*problems, failed(result, "README's first command")]
    return problems + site_problems(root.src / "output", post_slugs(root.src / "content" / "posts"), SITE_NAME)


def workflow_steps(root: PristineRoot, times: dict[str, float]) -> list[str]:
    """The publishing workflow's run: steps after the first command, in order, as GitHub runs them."""
    steps = list(zip(workflow_run_lines(), workflow_run_env(), strict=True))[1:]
    for number, (command, env) in enumerate(steps, start=2):
        unknown = [k for k, v in env.items() if "${{" in str(v) and k not in STAND_INS]
        if unknown:
            return [f"workflow step {number}: no local stand-in for {', '.join(unknown)}; add one to STAND_INS"]
        assignments = " ".join(f"{k}={STAND_INS[k] if '${{' in str(v) else v}" for k, v in env.items())
        result = root.run(f"{assignments} {command}".strip())
        times[f"workflow step {number}"] = result.seconds
        if result.exited:
            return [failed(result, f"workflow step {number}")]
    feed = root.src / "output" / "feeds" / "all.atom.xml"
    if not feed.is_file() or STAND_INS["SITEURL"] not in feed.read_text(encoding="utf-8"):
        return [f"{feed}: the workflow's publishconf.py build left no feed for {STAND_INS['SITEURL']}"]
    return site_problems(root.src / "output", post_slugs(root.src / "content" / "posts"), SITE_NAME)


def second_command(root: PristineRoot, second: str, times: dict[str, float]) -> list[str]:
    """The set-up part with the network; the rest in a network namespace of its own, so an engine it starts
    meets no other (and, with no route out, cannot build its stand-in images: the live tier skips)."""
    setup, _, rest = second.partition(" && ")
    result = root.run(setup)
    times["second command's set-up"] = result.seconds
    if result.exited:
        return [failed(result, "README's second command (set-up)")]
    if rest:
        result = root.run(rest, own_network=True)
        times["second command's tests"] = result.seconds
        if result.exited:
            return [failed(result, "README's second command (tests)")]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.pristine", description=__doc__)
    parser.add_argument("what", choices=["build", "fresh-check"],
                        help="build: the README's first command and a check of the site; fresh-check: then "
                             "the publishing workflow's steps and the README's second command")
    parser.add_argument("--quiet", action="store_true", help="do not echo what the commands print")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        say("needs root (debootstrap, mount and chroot)")
        return 2
    started = time.monotonic()
    times: dict[str, float] = {}
    try:
        commands = readme_commands(CHECKOUT)
        if len(commands) < 2:
            raise ReadmeError("README.md: the Quick start block must hold the build and the test command")
        base = ensure_base(machine_mirror(), say)
        times["base root" + (" (debootstrap)" if base.made_now else " (cached)")] = time.monotonic() - started
        root = PristineRoot(base, CHECKOUT, say, echo=not args.quiet)
        say(f"copied {root.files} tracked files into {root.src}")
        problems = first_command(root, commands[0], times)
        if not problems and args.what == "fresh-check":
            problems = workflow_steps(root, times)
        if not problems and args.what == "fresh-check":
            problems = second_command(root, commands[1], times)
    except (AptSourcesError, PristineError, ReadmeError) as error:
        say(str(error))
        return 1
    for what, seconds in times.items():
        say(f"{what}: {seconds:.0f} s")
    say(f"total: {time.monotonic() - started:.0f} s")
    for problem in problems:
        say(problem)
    if problems:
        say(f"FAILED; the root is kept in {root.folder} until the next run")
        return 1
    root.remove()
    say("passed: " + ("both README commands and the workflow's steps ran" if args.what == "fresh-check" else
                      "the README's first command built the whole site"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
