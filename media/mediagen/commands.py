"""The first post's install commands with their Korean explanations, read from the post itself.

They are the post's "#### 각 구문별 해석" list, as the snippets plugin reads it (the same reading
that tests the commands), so the screencast and the text can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugins.sitebuild.errors import PostError
from plugins.snippets.extract import extract_snippets
from plugins.snippets.model import LIST

SECTION = "각 구문별 해석"


@dataclass(frozen=True)
class Command:
    text: str
    explanations: tuple[str, ...]
    optional: bool
    line: int  # 1-based line in the post


class CommandListError(ValueError):
    pass


def post_commands(text: str, source: str, section: str = SECTION) -> list[Command]:
    """The commands of the post's command list under the heading `section`, in order."""
    try:
        snippets = extract_snippets(text, source, "post")
    except PostError as err:
        raise CommandListError(str(err)) from None
    lists = [s for s in snippets if s.kind == LIST and s.section == section]
    if not lists:
        raise CommandListError(f"{source}: no command list under a '{section}' heading; the screencast is made from it")
    return [Command(c.text, c.explanation, c.optional, c.line) for c in lists[0].commands]
