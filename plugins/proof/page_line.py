"""The one quiet line under a command block: when and on what its tier last proved it, linked to /proof/."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from plugins.proof.block_hash import block_hash
from plugins.proof.model import ProofEntry, release
from plugins.snippets.model import Snippet
from plugins.snippets.page import PROOF_SLOT


def valid_entry(snippet: Snippet, entry: ProofEntry | None, earlier: Sequence[Snippet] = ()) -> ProofEntry | None:
    """The entry when it still speaks for the block as the page shows it (same hash), else None.

    `earlier`: the post's blocks above this one (a live block's hash covers them)."""
    if entry is None or entry.block != block_hash(snippet, earlier):
        return None
    return entry


def claim_text(entry: ProofEntry) -> str:
    """The Korean words of the claim; "" when there is nothing true to claim (a failure)."""
    if entry.result == "skipped":
        return "자동 실행 확인에서 제외된 블록"
    if entry.result != "passed":
        return ""
    if entry.tier == "live" and entry.engine is not None:
        return f"{entry.date} · Docker {release(entry.engine.engine)}에서 실행해 확인"
    if entry.tier == "sandbox":
        return f"{entry.date} · 샌드박스에서 명령 순서 확인"
    if entry.tier == "static":
        return f"{entry.date} · 문법 검사만"
    return ""


def proof_line(snippet: Snippet, entry: ProofEntry | None, proof_url: str, earlier: Sequence[Snippet] = ()) -> str:
    """`<p class="snippet-proof"><a href="/proof/#anchor">...</a></p>`, or "" when no claim holds."""
    entry = valid_entry(snippet, entry, earlier)
    text = claim_text(entry) if entry is not None else ""
    if not text:
        return ""
    href = f"{proof_url}#{snippet.anchor}"
    return f'<p class="snippet-proof"><a href="{escape(href)}">{escape(text)}</a></p>'


def fill_slots(html: str, lines: dict[int, str]) -> str:
    """The page's HTML with each snippet's slot (snippets.page.PROOF_SLOT) replaced by its line."""
    for index, line in lines.items():
        html = html.replace(PROOF_SLOT.format(index=index), line, 1)
    return html
