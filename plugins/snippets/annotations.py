"""Parse `<!-- snippet: name=install tier=sandbox exit=0 skip="reason" warns="text" continues ignore -->` comments."""

from __future__ import annotations

import re

from plugins.sitebuild.errors import PostError, SourcePos
from plugins.snippets.model import PLUGIN, TIERS, Annotation

COMMENT_START_RE = re.compile(r"^[ ]{0,3}<!--")
ANNOTATION_RE = re.compile(r"^\s*<!--\s*snippets?\b")  # on the whole comment, which may span lines
_HEAD_RE = re.compile(r"^\s*<!--\s*snippet:")
_PAIR_RE = re.compile(r"""\s*(?P<key>[A-Za-z_][\w-]*)(?:=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"']+)))?\s*""")
_FLAGS = ("continues", "ignore")
_VALUED = ("name", "skip", "tier", "exit", "warns")
KNOWN_KEYS = _VALUED + _FLAGS
SYNTAX = '<!-- snippet: name=install tier=sandbox exit=0 skip="이유" continues ignore -->'


def parse_annotation(text: str, source: str, line: int) -> Annotation:
    """The annotation in `text` (one HTML comment, possibly over several lines) starting at `line`."""

    def fail(message: str, hint: str = f"write it as {SYNTAX}") -> PostError:
        return PostError(SourcePos(source, line), PLUGIN, message, hint)

    if not _HEAD_RE.match(text):
        raise fail(f"a snippet annotation must start with '<!-- snippet:' (got {text.strip()[:40]!r})")
    body = text.split("snippet:", 1)[1].rsplit("-->", 1)[0]
    values: dict[str, str | None] = {}
    pos = 0
    while pos < len(body):
        m = _PAIR_RE.match(body, pos)
        if not m or m.end() == pos:
            raise fail(f"cannot read the snippet annotation at {body[pos:].strip()[:30]!r}")
        pos = m.end()
        key = m.group("key")
        value = next((v for v in (m.group("dq"), m.group("sq"), m.group("bare")) if v is not None), None)
        if key not in KNOWN_KEYS:
            raise fail(f"unknown snippet annotation key {key!r}", f"use one of {', '.join(KNOWN_KEYS)}")
        if key in values:
            raise fail(f"the snippet annotation key {key!r} is given twice", "keep one")
        values[key] = value
    return _to_annotation(values, line, fail)


def _to_annotation(values: dict[str, str | None], line: int, fail) -> Annotation:
    for key in _FLAGS:
        if values.get(key) is not None:
            raise fail(f"{key!r} takes no value (got {key}={values[key]!r})", f"write just {key!r}")
    for key in _VALUED:
        if key in values and values[key] is None:
            hint = ('give the reason, e.g. skip="실제 VM이 필요함"' if key == "skip"
                    else 'quote the warning the post shows, e.g. warns="the attribute `version` is obsolete"'
                    if key == "warns" else f"write {key}=...")
            raise fail(f"{key!r} needs a value", hint)
    if "skip" in values and not values["skip"].strip():
        raise fail("skip needs a reason (got an empty one)", 'e.g. skip="실제 VM이 필요함"')
    if "warns" in values and not values["warns"].strip():
        raise fail("warns needs the warning's text (got an empty one)", 'e.g. warns="the attribute `version` is obsolete"')
    tier = values.get("tier")
    if tier is not None and tier not in TIERS:
        raise fail(f"unknown tier {tier!r}", f"use one of {', '.join(TIERS)}")
    exit_code = values.get("exit", "0")
    if not exit_code.isdigit() or int(exit_code) > 255:
        raise fail(f"exit must be a number from 0 to 255 (got {exit_code!r})", "e.g. exit=1")
    return Annotation(
        line=line,
        name=values.get("name"),
        skip=values.get("skip"),
        tier=tier,
        exit=int(exit_code),
        continues="continues" in values,
        ignore="ignore" in values,
        warns=values.get("warns"),
    )
