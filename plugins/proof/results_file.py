"""Read, merge and write the proof file (content/proof/results.json): stable order, one entry per snippet.

The test tiers write it (tests/snippet_tiers/proof_record.py), the site build only reads it. A run
replaces the entries of the snippets it ran and keeps every other one, except entries whose
snippet is gone from its post (or whose post is gone).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from plugins.proof.model import PLUGIN, RESULTS, TIERS, EngineVersions, ProofEntry
from plugins.sitebuild.errors import PostError

FORMAT = 1
HINT = "run the snippet tiers again (`invoke test`) to rewrite it, or restore it from git"


def _entry(data: dict, shown: str, number: int) -> ProofEntry:
    where = f"entry {number}"
    try:
        engine = data.get("engine")
        entry = ProofEntry(
            post=data["post"], name=data["name"], line=int(data["line"]), block=data["block"], tier=data["tier"],
            result=data["result"], date=data["date"], reason=data.get("reason", ""),
            engine=EngineVersions(**engine) if engine else None)
    except (KeyError, TypeError, ValueError) as error:
        raise PostError(shown, PLUGIN, f"{where} is not a proof entry ({error!r})", HINT) from None
    if entry.tier not in TIERS or entry.result not in RESULTS:
        raise PostError(shown, PLUGIN, f"{where} has tier {entry.tier!r} and result {entry.result!r}; "
                        f"tiers are {', '.join(TIERS)}, results {', '.join(RESULTS)}", HINT)
    return entry


def parse_results(text: str, shown: str) -> dict[tuple[str, str], ProofEntry]:
    """The entries of a proof file's text, by (post, name); PostError naming the file when it is broken."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PostError(f"{shown}:{error.lineno}", PLUGIN, f"not valid JSON ({error.msg})", HINT) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("snippets"), list):
        raise PostError(shown, PLUGIN, f"expected {{\"format\": {FORMAT}, \"snippets\": [...]}}", HINT)
    entries = [_entry(item, shown, n) for n, item in enumerate(data["snippets"], 1)]
    return {entry.key: entry for entry in entries}


def load_results(path: Path, shown: str | None = None) -> dict[tuple[str, str], ProofEntry]:
    """The proof file's entries; none when it does not exist (a site that never ran its tiers)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return parse_results(text, shown or str(path))


def results_text(entries: Iterable[ProofEntry]) -> str:
    """The file's text: entries by post and line, one JSON object per line, so a run's diff is per snippet."""
    ordered = sorted(entries, key=lambda e: (e.post, e.line, e.name))
    lines = [json.dumps(e.as_dict(), ensure_ascii=False, sort_keys=True) for e in ordered]
    body = ",\n".join(f"  {line}" for line in lines)
    return f'{{"format": {FORMAT}, "snippets": [\n{body}\n]}}\n' if lines else f'{{"format": {FORMAT}, "snippets": []}}\n'


def keeps_old(old: ProofEntry, new: ProofEntry) -> bool:
    """A run that proved less than the record (its tier not requested, no engine here) of the same block,
    without failing, leaves the record as it was."""
    return (old.block == new.block and new.result == "passed" and old.result == "passed"
            and TIERS.index(new.tier) < TIERS.index(old.tier))


def merge_results(old: dict[tuple[str, str], ProofEntry], ran: Iterable[ProofEntry],
                  current: dict[str, set[str]], exists=lambda post: True) -> dict[tuple[str, str], ProofEntry]:
    """The record after a run: what ran replaces its entry; entries of snippets gone are dropped.

    `current` maps each post read in this run to the names of its snippets now; an entry of a post
    not read in this run is kept while `exists(post)` holds.
    """
    merged = {}
    for key, entry in old.items():
        post, name = key
        if (name in current[post]) if post in current else exists(post):
            merged[key] = entry
    for entry in ran:
        previous = merged.get(entry.key)
        if previous is None or not keeps_old(previous, entry):
            merged[entry.key] = entry
    return merged
