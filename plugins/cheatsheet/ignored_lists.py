"""Explanation lists the author marked `<!-- snippet: ignore -->`, read with the snippets plugin's own parser.

Posts explain a block's commands in a list right below it ("#### 각 구문별 해석") and mark that list
`ignore`, so the snippet tests do not run its commands twice. The snippet model then drops the list,
and with it the explanations the cheat sheet is made of. extract_snippets() has no option to keep
ignored blocks, so this runs it once more on the post with each one-line ignore annotation before a list replaced
by a plain annotation (which also makes the extractor take the list even when its guess says it is
prose), other ignore annotations blanked (line numbers unchanged), and keeps the lists that were
ignored. They get `annotation.ignore = True`: the page gives them no id, so entries link to their
heading instead.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sitebuild.errors import PostError
from snippets.annotations import parse_annotation
from snippets.extract import ITEM_RE, extract_snippets
from snippets.model import LIST, Snippet

_ONE_LINE_ANNOTATION_RE = re.compile(r"^[ ]{0,3}<!--\s*snippet:.*-->\s*$")
_TAKE_LIST = '<!-- snippet: skip="cheatsheet" -->'


def ignored_command_lists(text: str, source: str, slug: str) -> tuple[Snippet, ...]:
    lines = text.split("\n")
    ignored_at: list[int] = []
    for number, line in enumerate(lines, start=1):
        if not _ONE_LINE_ANNOTATION_RE.match(line):
            continue
        try:
            if parse_annotation(line.strip(), source, number).ignore:
                ignored_at.append(number)
                lines[number - 1] = _TAKE_LIST if _list_follows(lines, number) else ""
        except PostError:
            continue  # the snippets plugin reports it; the cheat sheet just does not read that list
    if not ignored_at:
        return ()
    try:
        found = extract_snippets("\n".join(lines), source, slug)
    except PostError:
        return ()
    kept = []
    for line in ignored_at:
        following = next((s for s in found if s.start_line > line), None)
        if following is not None and following.kind == LIST and _only_blank_between(lines, line, following):
            kept.append(replace(following, annotation=replace(following.annotation, ignore=True)))
    return tuple(kept)


def _list_follows(lines: list[str], annotation_line: int) -> bool:
    following = next((ln for ln in lines[annotation_line:] if ln.strip()), "")
    return bool(ITEM_RE.match(following))


def _only_blank_between(lines: list[str], annotation_line: int, snippet: Snippet) -> bool:
    return all(not lines[i].strip() for i in range(annotation_line, snippet.start_line - 1))
