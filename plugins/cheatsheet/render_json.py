"""The cheat sheet as JSON, for tools: every entry with its form, explanation, placeholders and place in the post.

One compact line (`jq .` indents it for people). Its keys are documented in docs/cheatsheet.md and
checked against static/cheatsheet.schema.json, published beside it. Format 2 added `$schema`, and
per entry `id`, `form`, `program`, `subcommand`, `topic` and `glue`; every URL is absolute.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from plugins.cheatsheet.inline import placeholders
from plugins.cheatsheet.model import CheatEntry, CheatSheet

FORMAT_VERSION = 2


def entry_record(entry: CheatEntry) -> dict:
    return {
        "id": entry.id,
        "command": entry.command,
        "form": entry.form or None,  # the author's general form; null when the post gives none
        "program": entry.program,
        "subcommand": entry.subcommand or None,
        "topic": entry.topic,
        "glue": entry.glue,
        "explanation": list(entry.explanation),  # the author's lines (inline Markdown)
        "explanation_text": entry.explanation_text,
        "optional": entry.optional,
        "placeholders": list(placeholders(entry.shown)),
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


def json_chunks(sheet: CheatSheet, schema: str = "") -> Iterator[str]:
    """The JSON text in pieces, one post each, so a big site's file (36 MB for 5,000 posts) is never
    built whole; the pieces join into exactly what json.dumps of the whole would write."""
    head = _dumps({"$schema": schema, "format": FORMAT_VERSION, "title": sheet.title, "url": sheet.url, "posts": []})
    yield head[:-2]  # up to the posts list's "["
    for i, post in enumerate(sheet.posts):
        yield ("," if i else "") + _dumps(post_record(post))
    yield "]}\n"


def json_text(sheet: CheatSheet, schema: str = "") -> str:
    return "".join(json_chunks(sheet, schema))


def _dumps(data) -> str:
    # Compact: with `indent`, json falls back from its C encoder to the pure-Python one, which made
    # this the costliest of the text formats on a big site. Tools parse it; people can use `jq .`.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
