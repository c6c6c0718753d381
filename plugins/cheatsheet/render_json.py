"""The cheat sheet as JSON, for tools: every entry with its explanation, placeholders and place in the post.

One compact line (format 1 never promised a layout; `jq .` indents it for people).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from cheatsheet.inline import placeholders
from cheatsheet.model import CheatEntry, CheatSheet

FORMAT_VERSION = 1


def entry_record(entry: CheatEntry) -> dict:
    return {
        "command": entry.command,
        "explanation": list(entry.explanation),  # the author's lines (inline Markdown)
        "explanation_text": entry.explanation_text,
        "optional": entry.optional,
        "placeholders": list(placeholders(entry.command)),
        "url": entry.href,
        "source": entry.source,
        "line": entry.line,
    }


def post_record(post) -> dict:
    return {
        "slug": post.slug,
        "title": post.title,
        "number": post.number,
        "url": post.url,
        "source": post.source,
        "sections": [
            {"title": s.title, "url": s.href, "entries": [entry_record(e) for e in s.entries]}
            for s in post.sections
        ],
        "missing": [entry_record(e) for e in post.missing],  # commands the post never explains
    }


def json_chunks(sheet: CheatSheet) -> Iterator[str]:
    """The JSON text in pieces, one post each, so a big site's file (36 MB for 5,000 posts) is never
    built whole; the pieces join into exactly what json.dumps of the whole would write."""
    head = _dumps({"format": FORMAT_VERSION, "title": sheet.title, "url": sheet.url, "posts": []})
    yield head[:-2]  # up to the posts list's "["
    for i, post in enumerate(sheet.posts):
        yield ("," if i else "") + _dumps(post_record(post))
    yield "]}\n"


def json_text(sheet: CheatSheet) -> str:
    return "".join(json_chunks(sheet))


def _dumps(data) -> str:
    # Compact: with `indent`, json falls back from its C encoder to the pure-Python one, which made
    # this the costliest of the text formats on a big site. Tools parse it; people can use `jq .`.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
