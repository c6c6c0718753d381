"""The publishing workflow's `run:` lines and the README's list of them, so both can be run and compared."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.pristine.readme import PUBLISHING_ACTIONS, section_commands

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "pages.yml"


def workflow_run_lines(path: Path = WORKFLOW) -> list[str]:
    """The build job's `run:` commands in order."""
    job = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]["build"]
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def workflow_run_env(path: Path = WORKFLOW) -> list[dict[str, str]]:
    """The `env:` of each `run:` step, in the same order as workflow_run_lines()."""
    job = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]["build"]
    return [dict(step.get("env") or {}) for step in job["steps"] if "run" in step]


def publishing_commands(readme: str) -> list[str]:
    """The commands the README lists for the workflow (under its GitHub Actions heading)."""
    return section_commands(readme, PUBLISHING_ACTIONS)
