"""`--update-outputs`: write the real output of console blocks back into the post file.

Only commands that already show output are updated, and only where the shown output no longer
matches (so `...` markers that still fit are kept). A command shown without output stays so.
"""

from __future__ import annotations

from snippets.model import CONSOLE

from tests.snippet_tiers.outputs import normalise, output_matches
from tests.snippet_tiers.posts import PostSnippets


def updated_text(text: str, post: PostSnippets, outputs: dict[tuple[int, int], str]) -> tuple[str, int]:
    """The post text with mismatching shown outputs replaced; and how many outputs changed."""
    lines = text.split("\n")
    replacements = []
    for snippet in post.snippets:
        if snippet.kind != CONSOLE:
            continue
        for index, command in enumerate(snippet.commands):
            real = outputs.get((snippet.index, index))
            if real is None or not command.output:
                continue
            actual = normalise(real)
            if output_matches(normalise("\n".join(command.output)), actual):
                continue
            start = command.end_line  # 0-based index of the first output line
            replacements.append((start, start + len(command.output), [" " * snippet.indent + a for a in actual]))
    for start, end, new in sorted(replacements, reverse=True):
        lines[start:end] = new
    return "\n".join(lines), len(replacements)


def write_outputs(post: PostSnippets, outputs: dict[tuple[int, int], str]) -> int:
    text = post.path.read_text(encoding="utf-8")
    new, changed = updated_text(text, post, outputs)
    if changed:
        post.path.write_text(new, encoding="utf-8")
    return changed
