"""The hash of a command block as the reader sees it: its commands, its file text and its shown output."""

from __future__ import annotations

import hashlib
import json

from snippets.model import Snippet

HASH_CHARS = 16  # 64 bits: enough to tell two versions of one block apart, short in a diff


def block_hash(snippet: Snippet) -> str:
    """Changes when anything the proof is about changes; not when the block only moves in the post."""
    if snippet.is_script:
        body = [[command.text, list(command.output)] for command in snippet.commands]
    else:
        body = [snippet.filename, snippet.body]
    canonical = json.dumps([snippet.kind, snippet.tier, snippet.annotation.exit, snippet.annotation.skip, body],
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:HASH_CHARS]
