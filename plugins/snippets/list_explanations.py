"""Explanation lists the author marked `<!-- snippet: ignore -->`, and the block commands they explain.

Posts explain a block's commands in a list right below it ("#### 각 구문별 해석") and mark that list
`ignore`, so the snippet tests do not run its commands twice. The snippet model then drops the list,
and with it the explanations the cheat sheet is made of. extract_snippets() has no option to keep
ignored blocks, so this runs it once more on the post with each one-line ignore annotation before a list replaced
by a plain annotation (which also makes the extractor take the list even when its guess says it is
prose), other ignore annotations blanked (line numbers unchanged), and keeps the lists that were
ignored. They get `annotation.ignore = True`: the page gives them no id, so entries link to their
heading instead.

with_list_explanations() gives a block's commands the explanation of the same command in the
nearest such list below the block, so downloaded scripts carry the post's Korean explanations.
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


def _key(command: str) -> str:
    """The first line, spacing ignored: a list item shows a heredoc command by its first line only."""
    return " ".join(command.split("\n", 1)[0].split())


def with_list_explanations(snippets: list[Snippet], lists: tuple[Snippet, ...]) -> list[Snippet]:
    """The snippets, each unexplained block command explained by the nearest ignored list below its block
    (or, for a command shown again, above it)."""
    if not lists:
        return snippets
    out = []
    for snippet in snippets:
        if not snippet.is_script or snippet.kind == LIST or all(c.explanation for c in snippet.commands):
            out.append(snippet)
            continue
        # The nearest list below the block; a command shown again later is explained by a list above.
        below = [s for s in lists if s.start_line > snippet.end_line]
        below += [s for s in reversed(lists) if s.start_line < snippet.start_line]
        commands = []
        for command in snippet.commands:
            item = None if command.explanation else next(
                (c for s in below for c in s.commands if _key(c.text) == _key(command.text)), None)
            commands.append(command if item is None else replace(
                command, explanation=item.explanation, optional=command.optional or item.optional))
        out.append(replace(snippet, commands=tuple(commands)))
    return out


def extract_explained(text: str, source: str, slug: str) -> list[Snippet]:
    """extract_snippets(), with block commands explained by the ignored lists below them."""
    return with_list_explanations(extract_snippets(text, source, slug), ignored_command_lists(text, source, slug))
