"""The GitHub Pages workflow: actionlint and zizmor find nothing, actions are pinned, its steps are the README's."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.pristine.readme import quick_start_commands
from tests.pristine.workflow_steps import WORKFLOW, publishing_commands, workflow_run_lines

BIN = Path(sys.executable).parent
PINNED_RE = re.compile(r"^\s*(?:-\s+)?uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+\s*$")


def tool(name: str) -> str:
    found = shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if not found:
        pytest.fail(f"{name} is not installed; run `bash setup.sh --test` (requirements-dev.txt)")
    return found


def actionlint(path: Path) -> subprocess.CompletedProcess:
    # shellcheck (requirements-dev) checks the run: scripts too, when it is on PATH.
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([tool("actionlint"), "-no-color", str(path)], capture_output=True, text=True, env=env,
                          check=False)


def zizmor(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--persona=pedantic", "--format=plain",
                           str(path)], capture_output=True, text=True, check=False)


def test_actionlint_finds_nothing():
    done = actionlint(WORKFLOW)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_zizmor_finds_nothing_even_pedantic():
    done = zizmor(WORKFLOW)
    assert done.returncode == 0 and "No findings to report" in done.stdout, done.stdout + done.stderr


BAD = """\
name: bad
on: push
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v5
      - run: echo "${{ github.event.head_commit.message }}"
      - run: echo $UNQUOTED
"""


@pytest.mark.parametrize(("check", "expected"), [
    (actionlint, "github.event.head_commit.message"),  # untrusted input in a script
    (actionlint, "SC2086"),  # shellcheck through actionlint
    (zizmor, "unpinned-uses"),
    (zizmor, "template-injection"),
    (zizmor, "artipacked"),  # checkout keeps the token in .git/config
    (zizmor, "excessive-permissions"),
])
def test_the_checks_catch_a_bad_workflow(tmp_path, check, expected):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD)
    done = check(bad)
    assert done.returncode != 0 and expected in done.stdout + done.stderr


def test_every_action_is_pinned_by_commit_with_its_release():
    uses = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert uses and all(PINNED_RE.match(line) for line in uses), "\n".join(uses)


def test_least_permissions():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_run_lines_are_the_readme_commands_in_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runs = workflow_run_lines()
    assert runs == publishing_commands(readme)
    assert runs[0] == quick_start_commands(readme)[0]
