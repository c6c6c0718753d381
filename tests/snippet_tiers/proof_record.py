"""The proof file from a run of the tiers: what each item proved, merged into content/proof/results.json.

Each snippet item that ran gives one ProofEntry: the highest tier whose checks it passed (static
when its own tier was not requested or had no engine here), its result, the engine's versions for
the live tier, and today's date in the blog's time zone. The merge (plugins/proof/results_file.py)
keeps every entry this run did not replace, and drops those whose snippet is gone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from plugins.proof.block_hash import block_hash
from plugins.proof.model import EngineVersions, ProofEntry
from plugins.proof.results_file import load_results, merge_results, results_text
from plugins.snippets.model import Snippet
from tests.snippet_tiers.posts import site_timezone

ANNOTATED_SKIP = "annotated skip: "


def today(rootdir: Path) -> str:
    """Today in the site's TIMEZONE (pelicanconf.py under `rootdir`)."""
    return dt.datetime.now(ZoneInfo(site_timezone(rootdir))).date().isoformat()


def engine_of(versions) -> EngineVersions | None:
    """tests.engine.daemons.EngineVersions (or None) as the proof file stores it."""
    if versions is None:
        return None
    return EngineVersions(versions.engine, versions.containerd, versions.runc, versions.buildx, versions.compose)


def entry_for(snippet: Snippet, outcome: str, proven: str | None, failed_tier: str | None, reason: str,
              engine: EngineVersions | None, date: str, earlier: tuple[Snippet, ...] = ()) -> ProofEntry | None:
    """What one item's run proved; None when it proved nothing (skipped before its static checks ran).

    `proven`: the highest tier that passed; `failed_tier`: the tier of a failure (SnippetFailed.tier);
    `earlier`: the post's blocks above it (block_hash).
    """
    base = {"post": snippet.source, "name": snippet.name, "line": snippet.line, "block": block_hash(snippet, earlier),
            "date": date}
    if outcome == "failed":
        tier = failed_tier or snippet.tier
        return ProofEntry(**base, tier=tier, result="failed", reason=reason, engine=engine if tier == "live" else None)
    if outcome == "skipped" and reason.startswith(ANNOTATED_SKIP):
        return ProofEntry(**base, tier=snippet.tier, result="skipped", reason=reason.removeprefix(ANNOTATED_SKIP))
    if proven is None:
        return None
    return ProofEntry(**base, tier=proven, result="passed", engine=engine if proven == "live" else None)


def write_record(path: Path, ran: list[ProofEntry], current: dict[str, set[str]], root: Path) -> int:
    """Merge this run into the proof file; returns how many entries it holds. Unchanged files are not touched."""
    old = load_results(path)
    merged = merge_results(old, ran, current, exists=lambda post: (root / post).is_file())
    text = results_text(merged.values())
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return len(merged)
