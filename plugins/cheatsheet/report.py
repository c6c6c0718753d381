"""What `invoke cheatsheet` tells the author: counts per post, and each command still without an explanation."""

from __future__ import annotations

from plugins.cheatsheet.model import PLUGIN, CheatSheet


def summary_lines(sheet: CheatSheet) -> list[str]:
    lines = [f"{post.title}: {len(post.entries)} commands in {len(post.sections)} sections"
             + (f", {len(post.missing)} without an explanation" if post.missing else "")
             for post in sheet.posts]
    lines.append(f"{len(sheet.entries)} commands in the cheat sheet, {len(sheet.missing)} without an explanation")
    return lines


def missing_lines(sheet: CheatSheet) -> list[str]:
    """One line per unexplained command, `file:line: cheatsheet: ...`, so an editor can jump there."""
    lines = []
    for entry in sheet.missing:
        first, *rest = entry.command.splitlines()
        more = " ..." if rest else ""
        lines.append(f"{entry.where}: {PLUGIN}: no explanation for `{first}`{more}; explain it in the list "
                     "under the section's '#### 각 구문별 해석' (`- `command`` then `  - 설명`)")
    return lines
