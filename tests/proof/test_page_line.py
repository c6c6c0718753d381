"""The proof line under a block: the claim its record makes, and none once the block changed."""

from __future__ import annotations

import pytest

from plugins.proof.block_hash import block_hash
from plugins.proof.model import EngineVersions, ProofEntry, release
from plugins.proof.page_line import fill_slots, proof_line
from plugins.snippets.extract import extract_snippets
from plugins.snippets.page import PROOF_SLOT

POST = """\
---
title: t
---

```console
$ docker run --rm hello-world
Hello from Docker!
```

```bash
echo hi
```
"""
ENGINE = EngineVersions("28.5.2", "2.1.9", "1.1.5", "0.29.1", "2.40.3")


def snippets(text=POST):
    return extract_snippets(text, "content/posts/2025-01-01-t.md", "t")


def record(snippet, **kw):
    values = {"tier": "live", "result": "passed", "engine": ENGINE if kw.get("tier", "live") == "live" else None}
    values.update(kw)
    return ProofEntry(snippet.source, snippet.name, snippet.line, block_hash(snippet), date="2026-12-03", **values)


@pytest.mark.parametrize(("fields", "expected"), [
    ({}, "2026-12-03 · Docker 28.5.2에서 실행해 확인"),
    ({"tier": "sandbox"}, "2026-12-03 · 샌드박스에서 명령 순서 확인"),
    ({"tier": "static"}, "2026-12-03 · 문법 검사만"),
    ({"result": "skipped", "reason": "cgroup v2"}, "자동 실행 확인에서 제외된 블록"),
    ({"result": "failed", "reason": "[live] the block exited 125"}, ""),
    ({"engine": None}, ""),  # a live pass without the engine's versions claims nothing
    # Debian's build of 28.5.2 is shown as the release readers install
    ({"engine": EngineVersions("28.5.2+dfsg4", "2.1.9+unknown", "1.1.5+ds1", "0.29.1", "2.40.3-3")},
     "2026-12-03 · Docker 28.5.2에서 실행해 확인"),
])
def test_claims(fields, expected):
    snippet = snippets()[0]
    html = proof_line(snippet, record(snippet, **fields), "/proof/")
    if expected:
        assert html == f'<p class="snippet-proof"><a href="/proof/#{snippet.anchor}">{expected}</a></p>'
    else:
        assert html == ""


@pytest.mark.parametrize(("old", "new"), [
    ("$ docker run --rm hello-world", "$ docker run --rm -it hello-world"),  # the command
    ("Hello from Docker!", "Hello from Docker?"),  # the output it shows
])
def test_a_changed_block_loses_its_claim(old, new):
    before = snippets()[0]
    entry = record(before)
    after = snippets(POST.replace(old, new))[0]
    assert (after.source, after.name) == entry.key
    assert proof_line(before, entry, "/proof/") != ""
    assert proof_line(after, entry, "/proof/") == ""
    moved = snippets(POST.replace("---\n\n", "---\n\n새 문단.\n\n", 1))[0]
    assert moved.line != before.line and proof_line(moved, entry, "/proof/") != ""  # moving a block keeps it


def test_fill_slots_puts_each_line_in_its_block():
    html = f"<div>a{PROOF_SLOT.format(index=1)}</div><div>b{PROOF_SLOT.format(index=2)}</div>"
    assert fill_slots(html, {1: "<p>one</p>", 2: ""}) == "<div>a<p>one</p></div><div>b</div>"


def test_an_edited_block_takes_the_claims_of_the_live_blocks_below_it():
    text = "---\ntitle: t\n---\n\n```bash\nmkdir site\n```\n\n" + POST.split("---\n", 2)[2]
    first, live, static = snippets(text)
    assert (first.tier, live.tier, static.tier) == ("static", "live", "static")
    entries = {s.name: record(s, tier="static") if s.tier == "static" else record(s) for s in (first, live, static)}
    for s, earlier in ((first, ()), (live, (first,)), (static, (first, live))):
        entries[s.name] = ProofEntry(**{**entries[s.name].__dict__, "block": block_hash(s, earlier)})
    edited = snippets(text.replace("mkdir site", "mkdir -p site"))
    shown = {s.name: proof_line(s, entries[s.name], "/proof/", edited[:n]) for n, s in enumerate(edited)}
    assert shown[first.name] == "" and shown[live.name] == ""  # the live block ran in the folder the first one made
    assert shown[static.name] != ""  # a static check does not depend on the blocks above


@pytest.mark.parametrize(("version", "shown"), [
    ("28.5.2", "28.5.2"), ("28.5.2+dfsg4", "28.5.2"), ("2.40.3-3", "2.40.3"), ("2.1.9+unknown", "2.1.9"),
    ("29.0.0-rc.1", "29.0.0"), ("unknown", "unknown"),
])
def test_release_drops_the_packaging_suffix(version, shown):
    assert release(version) == shown
