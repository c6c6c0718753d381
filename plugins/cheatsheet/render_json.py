"""The cheat sheet as JSON, for tools: every entry with its explanation, placeholders and place in the post.

One compact line (format 1 never promised a layout; `jq .` indents it for people).
"""

from __future__ import annotations

import json

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


def json_text(sheet: CheatSheet) -> str:
    data = {
        "format": FORMAT_VERSION,
        "title": sheet.title,
        "url": sheet.url,
        "posts": [
            {
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
            for post in sheet.posts
        ],
    }
    # Compact: with `indent`, json falls back from its C encoder to the pure-Python one, which made
    # this the costliest of the text formats on a big site. Tools parse it; people can use `jq .`.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
