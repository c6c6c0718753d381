"""The tiers write the proof file: what each item proved, partial runs, and a changed block losing its claim."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from plugins.proof.model import EngineVersions
from plugins.proof.page_line import proof_line
from plugins.proof.results_file import load_results
from plugins.snippets.list_explanations import extract_explained
from tests.snippet_tiers.proof_record import engine_of, entry_for

FIXTURES = Path(__file__).parents[1] / "harness" / "fixture_posts"
GOOD = "2025-01-06-good.md"
SOURCE = f"content/posts/{GOOD}"
PLUGIN_ARGS = ("-p", "tests.snippet_tiers.plugin", "-p", "no:cacheprovider", "-W", "ignore::pytest.PytestUnknownMarkWarning")


def run(pytester: pytest.Pytester, record: Path | None, *args: str) -> pytest.RunResult:
    post = pytester.path / SOURCE
    if not post.exists():
        post.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / GOOD, post)
    return pytester.runpytest_inprocess(*PLUGIN_ARGS, "--snippet-tier=sandbox", f"--proof-record={record or ''}",
                                        *args, str(post))


def claims(pytester: pytest.Pytester, record: Path) -> dict[str, str]:
    """Each block's proof line as the build makes it (the build reads posts with extract_explained)."""
    text = (pytester.path / SOURCE).read_text(encoding="utf-8")
    results = load_results(record)
    snippets = extract_explained(text, SOURCE, "good")
    return {s.name: proof_line(s, results.get((s.source, s.name)), "/proof/", snippets[:n])
            for n, s in enumerate(snippets)}


def test_a_run_records_what_each_item_proved(pytester):
    record = pytester.path / "content" / "proof" / "results.json"
    result = run(pytester, record)
    result.stdout.fnmatch_lines([f"proof record: 6 snippet(s) of this run merged into {record} (6 entries)"])
    found = {name: (e.tier, e.result, e.reason) for (post, name), e in load_results(record).items() if post == SOURCE}
    assert found == {
        "01-install": ("sandbox", "passed", ""),
        "02-site-index-html": ("static", "passed", ""),
        "03-dockerfile": ("static", "passed", ""),  # live file: its tier was not requested, static checks passed
        "04-build": ("static", "passed", ""),
        "05-logs": ("static", "passed", ""),
        "06-reboot": ("sandbox", "skipped", "실제 VM이 필요함"),
    }
    shown = claims(pytester, record)
    assert shown["01-install"].endswith("샌드박스에서 명령 순서 확인</a></p>")
    assert shown["04-build"].endswith("문법 검사만</a></p>")


def test_a_changed_block_shows_no_claim_until_its_tier_runs_again(pytester):
    record = pytester.path / "content" / "proof" / "results.json"
    run(pytester, record).assert_outcomes(passed=2, skipped=4)
    before = load_results(record)
    assert all(claims(pytester, record).values())
    post = pytester.path / SOURCE
    post.write_text(post.read_text().replace('grep -c "GET /"', 'grep -c "GET / HTTP"'), encoding="utf-8")
    after_edit = claims(pytester, record)
    assert after_edit["05-logs"] == ""
    assert all(line for name, line in after_edit.items() if name != "05-logs")
    run(pytester, record, "-k", "05-logs").assert_outcomes(skipped=1, deselected=5)
    again = load_results(record)
    assert claims(pytester, record)["05-logs"] != ""
    assert {k: v for k, v in again.items() if k[1] != "05-logs"} == {k: v for k, v in before.items() if k[1] != "05-logs"}
    assert again[(SOURCE, "05-logs")].block != before[(SOURCE, "05-logs")].block


def test_a_removed_block_leaves_the_record(pytester):
    record = pytester.path / "content" / "proof" / "results.json"
    run(pytester, record)
    post = pytester.path / SOURCE
    text = post.read_text()
    post.write_text(text[:text.index('<!-- snippet: skip="실제 VM이 필요함" -->')], encoding="utf-8")
    run(pytester, record, "-k", "01-install")
    names = {name for _, name in load_results(record)}
    assert "06-reboot" not in names and len(names) == 5
    assert json.loads(record.read_text())["format"] == 1


def test_without_a_record_path_nothing_is_written(pytester):
    result = run(pytester, None)
    result.assert_outcomes(passed=2, skipped=4)
    assert "proof record:" not in result.stdout.str()
    assert not list(pytester.path.rglob("results.json"))


class FakeVersions:
    """Stands in for tests.engine.daemons.EngineVersions: what a live engine reports."""

    engine, containerd, runc, buildx, compose = "29.0.1", "2.2.0", "1.3.6", "0.30.0", "2.41.0"


def test_live_entries_carry_the_engine_they_ran_on():
    snippet = extract_explained((FIXTURES / GOOD).read_text(), SOURCE, "good")[3]
    engine = engine_of(FakeVersions())
    assert engine == EngineVersions("29.0.1", "2.2.0", "1.3.6", "0.30.0", "2.41.0")
    live = entry_for(snippet, "passed", "live", None, "", engine, "2026-12-24")
    assert (live.tier, live.engine, live.date) == ("live", engine, "2026-12-24")
    assert proof_line(snippet, live, "/proof/").endswith("2026-12-24 · Docker 29.0.1에서 실행해 확인</a></p>")
    static = entry_for(snippet, "skipped", "static", None, "live engine unavailable: no root", engine, "2026-12-24")
    assert (static.tier, static.engine) == ("static", None)
    failed = entry_for(snippet, "failed", "static", "live", "[live] the block exited 125", engine, "2026-12-24")
    assert (failed.tier, failed.result, failed.engine) == ("live", "failed", engine)  # the engine it failed on
    assert proof_line(snippet, failed, "/proof/") == ""
    assert entry_for(snippet, "skipped", None, None, "collect error", engine, "2026-12-24") is None
