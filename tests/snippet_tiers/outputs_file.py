"""`--update-outputs`: write the real output of console blocks back into the post file.

Only commands that already show output are updated, and only where the shown output no longer
matches (so `...` markers that still fit are kept). A command shown without output stays so.
"""

from __future__ import annotations

from plugins.snippets.model import CONSOLE
from tests.snippet_tiers.findings import CommandRun
from tests.snippet_tiers.outputs import normalise, output_candidates, output_matches, together
from tests.snippet_tiers.posts import PostSnippets


def updated_text(text: str, post: PostSnippets, outputs: dict[tuple[int, int], CommandRun]) -> tuple[str, int]:
    """The post text with mismatching shown outputs replaced; and how many outputs changed."""
    lines = text.split("\n")
    replacements = []
    for snippet in post.snippets:
        if snippet.kind != CONSOLE:
            continue
        for index, command in enumerate(snippet.commands):
            run = outputs.get((snippet.index, index))
            if run is None or not command.output:
                continue
            shown = normalise("\n".join(command.output))
            if any(output_matches(shown, normalise(text)) for text in output_candidates(run)):
                continue
            actual = normalise(together(run.stdout, run.stderr))
            start = command.end_line  # 0-based index of the first output line
            replacements.append((start, start + len(command.output), [" " * snippet.indent + a for a in actual]))
    for start, end, new in sorted(replacements, reverse=True):
        lines[start:end] = new
    return "\n".join(lines), len(replacements)


def write_outputs(post: PostSnippets, outputs: dict[tuple[int, int], CommandRun]) -> int:
    text = post.path.read_text(encoding="utf-8")
    new, changed = updated_text(text, post, outputs)
    if changed:
        post.path.write_text(new, encoding="utf-8")
    return changed
