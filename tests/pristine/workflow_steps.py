"""The publishing workflow's `run:` lines, and the README's list of them, so both can be run and compared."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "pages.yml"
_SECTION = "### From a push: GitHub Actions"
_FENCE_RE = re.compile(r"^```")


def workflow_run_lines(path: Path = WORKFLOW) -> list[str]:
    """The build job's `run:` commands in order."""
    job = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]["build"]
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def workflow_run_env(path: Path = WORKFLOW) -> list[dict[str, str]]:
    """The `env:` of each `run:` step, in the same order as workflow_run_lines()."""
    job = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]["build"]
    return [dict(step.get("env") or {}) for step in job["steps"] if "run" in step]


def publishing_commands(readme: str) -> list[str]:
    """The command lines of the first code block under the README's GitHub Actions heading."""
    lines = readme.splitlines()
    try:
        start = lines.index(_SECTION)
    except ValueError:
        raise AssertionError(f"README.md has no '{_SECTION}' heading listing the workflow's commands") from None
    inside, commands = False, []
    for line in lines[start + 1:]:
        if line.startswith("#") and not inside:
            break
        if _FENCE_RE.match(line):
            if inside:
                return commands
            inside = True
        elif inside and line.strip() and not line.lstrip().startswith("#"):
            commands.append(re.sub(r"\s+#\s.*$", "", line).strip())
    raise AssertionError(f"README.md: no closed code block under '{_SECTION}'")
