"""The drift workflow: actionlint and zizmor find nothing, it runs on a schedule, uploads the report, opens nothing."""

from __future__ import annotations

import yaml

from tests.conftest import ROOT
from tests.pristine.test_workflow import PINNED_RE, actionlint, zizmor

WORKFLOW = ROOT / ".github" / "workflows" / "drift.yml"


def test_actionlint_and_zizmor_find_nothing():
    linted = actionlint(WORKFLOW)
    assert linted.returncode == 0 and not linted.stdout.strip(), linted.stdout + linted.stderr
    audited = zizmor(WORKFLOW)
    assert audited.returncode == 0 and "No findings to report" in audited.stdout, audited.stdout + audited.stderr


def test_scheduled_uploads_the_report_and_opens_nothing():
    text = WORKFLOW.read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    assert flow[True]["schedule"][0]["cron"]  # PyYAML reads the `on:` key as True
    job = flow["jobs"]["drift"]
    assert job["permissions"] == {"contents": "read"} and flow["permissions"] == {}
    runs = [step.get("run", "") for step in job["steps"]]
    assert ".venv/bin/invoke drift" in runs
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "always()" and "var/drift/report.md" in upload["with"]["path"]
    uses = [line for line in text.splitlines() if "uses:" in line]
    assert uses and all(PINNED_RE.match(line) for line in uses)
    assert not any(word in text for word in ("issues: write", "pull-requests: write", "gh issue", "gh pr"))
