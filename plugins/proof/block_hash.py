"""The hash of a command block as the reader sees it: its commands, its file text and its shown output."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from plugins.snippets.model import Snippet

HASH_CHARS = 16  # 64 bits: enough to tell two versions of one block apart, short in a diff


def _own(snippet: Snippet) -> bytes:
    if snippet.is_script:
        body = [[command.text, list(command.output)] for command in snippet.commands]
    else:
        body = [snippet.filename, snippet.body]
    canonical = json.dumps([snippet.kind, snippet.tier, snippet.annotation.exit, snippet.annotation.skip, body],
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).digest()


def block_hash(snippet: Snippet, earlier: Sequence[Snippet] = ()) -> str:
    """Changes when anything the proof is about changes; not when the block only moves in the post.

    A live block runs after the post's earlier blocks, in their folder and on what they made, so its
    hash covers `earlier` (the post's blocks above it) too: editing one invalidates every live claim below.
    """
    if snippet.tier != "live" or not earlier:
        return _own(snippet).hex()[:HASH_CHARS]
    chain = hashlib.sha256()
    for block in (*earlier, snippet):
        chain.update(_own(block))
    return chain.hexdigest()[:HASH_CHARS]
