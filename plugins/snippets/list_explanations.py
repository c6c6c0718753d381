"""Block commands explained by the command lists the author marked `<!-- snippet: ignore -->` below them.

Posts explain a block's commands in a list right below it ("#### 각 구문별 해석") and mark that list
`ignore`, so the snippet tests do not run its commands twice. The extractor hands those lists back
beside the snippets (extract_outlined); they carry `annotation.ignore = True`, so the page gives them
no id and cheat sheet entries link to their heading instead.

with_list_explanations() gives a block's commands the explanation of the same command in the
nearest such list below the block, so downloaded scripts carry the post's Korean explanations.
"""

from __future__ import annotations

from dataclasses import replace

from plugins.chirpy_reader.markdown_lines import body_start
from plugins.chirpy_reader.outline import Outline, scan_outline
from plugins.snippets.extract import extract_outlined
from plugins.snippets.model import LIST, Snippet


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


def explained_snippets(lines: list[str], outline: Outline, source: str, slug: str
                       ) -> tuple[list[Snippet], tuple[Snippet, ...]]:
    """(snippets with block commands explained by the ignored lists below them, those lists)."""
    snippets, lists = extract_outlined(lines, outline, source, slug)
    return with_list_explanations(snippets, lists), lists


def extract_explained(text: str, source: str, slug: str) -> list[Snippet]:
    """The snippets of a post's text, block commands explained by the ignored lists below them."""
    lines = text.split("\n")
    return explained_snippets(lines, scan_outline(lines, body_start(lines) + 1), source, slug)[0]
