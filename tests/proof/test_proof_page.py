"""The /proof/ page's data: one row per snippet, stale and missing records said as such, the engine sentence."""

from __future__ import annotations

from plugins.proof.block_hash import block_hash
from plugins.proof.model import EngineVersions, ProofEntry
from plugins.proof.proof_page import CHANGED, NO_RECORD, engine_sentence, proof_page
from plugins.snippets.extract import extract_snippets
from plugins.snippets.model import Post

TEXT = """\
---
title: t
---

```bash
sudo dnf install -y docker-ce
```

```console
$ docker run --rm hello-world
Hello from Docker!
```

```bash
echo hi
```
"""
SOURCE = "content/posts/2025-01-01-t.md"
ENGINE = EngineVersions("28.5.2", "2.1.9", "1.1.5", "0.29.1", "2.40.3")


def test_rows_say_tier_result_and_what_is_not_covered():
    dnf, run, echo = extract_snippets(TEXT, SOURCE, "t")
    results = {
        (SOURCE, dnf.name): ProofEntry(SOURCE, dnf.name, dnf.line, block_hash(dnf), "sandbox", "passed", "2026-12-02"),
        (SOURCE, run.name): ProofEntry(SOURCE, run.name, run.line, block_hash(run, (dnf,)), "live", "passed", "2026-12-03",
                                       engine=ENGINE),
        (SOURCE, echo.name): ProofEntry(SOURCE, echo.name, echo.line, "0" * 16, "static", "passed", "2026-12-01"),
    }
    page = proof_page([Post("t", "T", "/posts/t/", SOURCE, (dnf, run, echo))], results)
    rows = {row.name: row for row in page.posts[0].rows}
    assert (rows[dnf.name].tier, rows[dnf.name].result) == ("샌드박스", "통과")
    assert "dnf: 기록용 대역으로 실행" in rows[dnf.name].note
    assert rows[run.name].engine.startswith("Docker Engine 28.5.2, containerd 2.1.9")
    assert (rows[echo.name].state, rows[echo.name].result, rows[echo.name].date) == ("stale", CHANGED, "")
    assert rows[echo.name].href == f"/posts/t/#{echo.anchor}"
    assert page.engine.startswith("Docker Engine 28.5.2")
    empty = proof_page([Post("t", "T", "/posts/t/", SOURCE, (dnf, run, echo))], {})
    assert {row.result for row in empty.posts[0].rows} == {NO_RECORD} and empty.engine == ""


def test_engine_sentence_names_the_engine_most_blocks_ran_on():
    newer = EngineVersions("29.0.1", compose="2.41.0")
    entries = [ProofEntry(SOURCE, f"0{n}-x", n, "h", "live", "passed", f"2026-12-0{n}", engine=e)
               for n, e in ((1, ENGINE), (2, ENGINE), (3, newer))]
    sentence = engine_sentence({e.key: e for e in entries})
    assert sentence == "명령어는 2026-12-02에 Docker 28.5.2(Compose 2.40.3, buildx 0.29.1)에서 실행해 확인했다."
    assert engine_sentence({}) == ""


def test_the_cheat_sheet_pdf_names_the_engine():
    from plugins.cheatsheet.model import CheatSheet
    from plugins.cheatsheet.print_typst import core_typst, print_typst, string

    sentence = "명령어는 2026-12-03에 Docker 28.5.2(Compose 2.40.3, buildx 0.29.1)에서 실행해 확인했다."
    for render in (print_typst, core_typst):
        with_engine = render(CheatSheet("t", "/cheatsheet/", (), sentence))
        header = with_engine[with_engine.index("#place(top"):]
        assert f'text(size: 7pt, fill: rgb("#555"), {string(sentence)})' in header
        assert string(sentence) not in render(CheatSheet("t", "/cheatsheet/", ())) and "7pt" not in render(CheatSheet("t", "/cheatsheet/", ()))