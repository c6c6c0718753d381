"""The proof file: merging a run into the record, its stable text, and one-line errors for a broken file."""

from __future__ import annotations

import pytest

from plugins.proof.model import EngineVersions, ProofEntry
from plugins.proof.results_file import load_results, merge_results, parse_results, results_text
from plugins.sitebuild.errors import PostError

ENGINE = EngineVersions("28.5.2", "2.1.9", "1.1.5", "0.29.1", "2.40.3")
A, B, C = "content/posts/a.md", "content/posts/b.md", "content/posts/c.md"


def entry(post=A, name="01-run", block="h1", tier="live", result="passed", date="2026-12-01", line=10, **kw):
    engine = kw.pop("engine", ENGINE if tier == "live" and result == "passed" else None)
    return ProofEntry(post, name, line, block, tier, result, date, engine=engine, **kw)


def keyed(*entries):
    return {e.key: e for e in entries}


@pytest.mark.parametrize(("old", "ran", "current", "expected"), [
    pytest.param(keyed(entry(), entry(name="02-ps", line=20)), [entry(date="2026-12-03")],
                 {A: {"01-run", "02-ps"}}, keyed(entry(date="2026-12-03"), entry(name="02-ps", line=20)),
                 id="a partial run replaces only what it ran"),
    pytest.param(keyed(entry(), entry(name="02-ps")), [entry(date="2026-12-03")], {A: {"01-run"}},
                 keyed(entry(date="2026-12-03")), id="an entry whose snippet is gone is dropped"),
    pytest.param(keyed(entry(), entry(post=B)), [], {A: {"01-run"}}, keyed(entry()),
                 id="an entry whose post is gone is dropped"),
    pytest.param(keyed(entry(post=C)), [], {A: set()}, keyed(entry(post=C)),
                 id="a post not read in this run keeps its entries while it exists"),
    pytest.param(keyed(entry()), [entry(tier="static", date="2026-12-03")], {A: {"01-run"}}, keyed(entry()),
                 id="a lower tier passing the same block keeps the live proof"),
    pytest.param(keyed(entry()), [entry(block="h2", tier="static", date="2026-12-03")], {A: {"01-run"}},
                 keyed(entry(block="h2", tier="static", date="2026-12-03")),
                 id="a changed block is recorded at the tier that ran"),
    pytest.param(keyed(entry()), [entry(tier="static", result="failed", reason="bash -n")], {A: {"01-run"}},
                 keyed(entry(tier="static", result="failed", reason="bash -n")), id="a failure always replaces"),
])
def test_merge(old, ran, current, expected):
    exists = {A: True, B: False, C: True}
    assert merge_results(old, ran, current, exists=lambda post: exists[post]) == expected


def test_text_is_stable_and_round_trips():
    entries = [entry(name="02-ps", line=20), entry(post=B), entry(tier="sandbox", line=5, name="00-dnf"),
               entry(name="03-x", result="skipped", tier="live", reason="cgroup v2", line=30)]
    text = results_text(entries)
    assert text == results_text(reversed(entries))
    lines = text.splitlines()
    assert len(lines) == len(entries) + 2  # one line per snippet: a run's diff shows the snippets it changed
    assert [line.split('"name": ')[1].split('"')[1] for line in lines[1:-1]] == ["00-dnf", "02-ps", "03-x", "01-run"]
    assert parse_results(text, "results.json") == keyed(*entries)


def test_missing_file_is_an_empty_record(tmp_path):
    assert load_results(tmp_path / "results.json") == {}


@pytest.mark.parametrize(("text", "message"), [
    ('{"format": 1, "snippets": [\n  {"post": }\n]}', "content/proof/results.json:2: proof: not valid JSON"),
    ('{"snippets": []}', 'content/proof/results.json: proof: expected {"format": 1'),
    ('{"format": 1, "snippets": [{"post": "a"}]}', "content/proof/results.json: proof: entry 1 is not a proof entry"),
    (('{"format": 1, "snippets": [{"post": "a", "name": "n", "line": 1, "block": "h", "tier": "lve", '
      '"result": "passed", "date": "d"}]}'), "entry 1 has tier 'lve'"),
])
def test_broken_file_is_one_line(text, message):
    with pytest.raises(PostError) as caught:
        parse_results(text, "content/proof/results.json")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value) and str(caught.value).endswith("or restore it from git")
