"""The drift report against a simulated newer engine: what it prints differs from the post and the record."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.proof.block_hash import block_hash
from plugins.proof.model import EngineVersions, ProofEntry
from plugins.proof.results_file import results_text
from tests.drift.__main__ import write_report
from tests.drift.captured import captured_text, load_captured
from tests.drift.report import NEW_FAILURES, NO_DRIFT, NOT_RUN, OUTPUT_DRIFT, drift_report, report_markdown
from tests.snippet_tiers.findings import CommandRun
from tests.snippet_tiers.posts import load_post

POST = """\
---
title: "드리프트"
date: 2025-01-01 12:00:00 +0900
---

```console
$ docker version --format '{{.Server.Version}}'
28.5.2
$ docker compose --progress=plain up -d
...
```

```bash
docker run --rm drift-app
```
"""
SOURCE = "content/posts/2025-01-01-drift.md"
RECORDED = EngineVersions("28.5.2", "2.1.9", "1.1.5", "0.29.1", "2.40.3")
NEWER = EngineVersions("29.0.1", "2.2.0", "1.1.5", "0.30.0", "2.41.0")  # the simulated newer engine


@pytest.fixture
def post(tmp_path):
    path = tmp_path / SOURCE
    path.parent.mkdir(parents=True)
    path.write_text(POST, encoding="utf-8")
    return load_post(path, tmp_path)


def entries(post, engine, results):
    return {(s.source, s.name): ProofEntry(s.source, s.name, s.line, block_hash(s, post.snippets[:n]), "live", result,
                                           "2026-12-03", reason=reason, engine=engine)
            for n, (s, (result, reason)) in enumerate(zip(post.snippets, results, strict=True))}


def newer_engine_runs(version="29.0.1", warning=True, second_exit=125):
    """What the newer engine printed: another version, a Compose warning, a block that now fails."""
    compose_err = "WARN[0000] the attribute `version` is obsolete\n" if warning else ""
    return {SOURCE: {
        "01-version": [CommandRun(0, 7, "docker version --format '{{.Server.Version}}'", 0, f"{version}\n"),
                              CommandRun(1, 9, "docker compose --progress=plain up -d", 0, "", compose_err)],
        "02-run": [CommandRun(0, 14, "docker run --rm drift-app", second_exit, "", "docker: unknown flag\n")],
    }}


def test_report_names_post_line_and_diff(post):
    baseline = entries(post, RECORDED, [("passed", ""), ("passed", "")])
    run = entries(post, NEWER, [("failed", "[live] shown output does not match"),
                                ("failed", "[live] the block exited 125, expected 0")])
    report = drift_report([post], newer_engine_runs(), run, baseline)
    (drift,) = report.posts
    assert report.engine_now.startswith("Docker Engine 29.0.1") and report.engine_before.startswith("Docker Engine 28.5.2")
    (output,) = drift.outputs
    assert (output.line, output.name) == (8, "01-version")  # the post line of the shown "28.5.2"
    assert "-28.5.2\n+29.0.1" in output.diff
    (warning,) = drift.warnings
    assert (warning.line, warning.warning) == (9, "WARN[0000] the attribute `version` is obsolete")
    (failure,) = drift.failures  # the output failure is in the diff, not counted twice
    assert (failure.line, failure.name, failure.before) == (14, "02-run", "passed (live, 2026-12-03)")
    assert report.exit_code == NEW_FAILURES
    text = report_markdown(report)
    assert f"{SOURCE}:8 [01-version] `docker version --format '{{{{.Server.Version}}}}'`" in text
    assert "```diff\n--- shown in the post\n+++ real output\n@@ -1 +1 @@\n-28.5.2\n+29.0.1\n```" in text
    assert f"- {SOURCE}:14 [02-run] [live] the block exited 125, expected 0 (record: passed (live, 2026-12-03))" in text


@pytest.mark.parametrize(("runs", "results", "expected"), [
    pytest.param(newer_engine_runs("28.5.2", warning=False, second_exit=0), [("passed", ""), ("passed", "")],
                 NO_DRIFT, id="same output, no warning"),
    pytest.param(newer_engine_runs("29.0.1", warning=False, second_exit=0),
                 [("failed", "[live] shown output does not match"), ("passed", "")], OUTPUT_DRIFT, id="output only"),
    pytest.param(newer_engine_runs("28.5.2", warning=True, second_exit=0),
                 [("failed", "[live] the engine printed a warning"), ("passed", "")], OUTPUT_DRIFT, id="warning only"),
    pytest.param({}, None, NOT_RUN, id="nothing ran"),
])
def test_exit_codes(post, runs, results, expected):
    baseline = entries(post, RECORDED, [("passed", ""), ("passed", "")])
    run = entries(post, NEWER, results) if results else {}
    assert drift_report([post], runs, run, baseline).exit_code == expected


def test_a_failure_the_record_has_too_is_not_drift(post):
    failing = [("passed", ""), ("failed", "[live] the block exited 125, expected 0")]
    report = drift_report([post], newer_engine_runs("28.5.2", warning=False), entries(post, NEWER, failing),
                          entries(post, RECORDED, failing))
    assert report.posts[0].failures == () and report.exit_code == NO_DRIFT


def test_report_from_the_run_files(post, tmp_path, capsys):
    out = tmp_path / "drift"
    out.mkdir()
    (out / "captured.json").write_text(captured_text(newer_engine_runs()), encoding="utf-8")
    assert load_captured(out / "captured.json") == newer_engine_runs()
    run = entries(post, NEWER, [("failed", "[live] shown output does not match"), ("passed", "")])
    (out / "results.json").write_text(results_text(run.values()), encoding="utf-8")
    baseline = tmp_path / "results.json"
    baseline.write_text(results_text(entries(post, RECORDED, [("passed", ""), ("passed", "")]).values()))
    assert write_report(out, baseline, [post]) == OUTPUT_DRIFT
    assert Path(out / "report.md").read_text(encoding="utf-8") == capsys.readouterr().out
    assert f"## {SOURCE}: 2 live block(s) run" in (out / "report.md").read_text(encoding="utf-8")
