"""build_sheet(): the series' commands from the snippet model, grouped by post and section in series order."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from snippets.list_explanations import ignored_command_lists
from snippets.model import LIST, Snippet

from cheatsheet.model import CheatEntry, CheatPost, CheatSection, CheatSheet, CheatsheetSettings, PostSource
from cheatsheet.outline import headings, topic


def command_key(command: str) -> str:
    """Two spellings of one command (spacing, line breaks) are the same command."""
    return " ".join(command.split())


def series_number(title: str, pattern: str) -> int | None:
    m = re.search(pattern, title)
    return int(m.group("number")) if m else None


def series_order(posts: Iterable[PostSource], pattern: str) -> list[PostSource]:
    """By the number in the title ("[도커-2]"), then by date; posts without a number come last."""
    def key(post: PostSource):
        number = series_number(post.title, pattern)
        return (number is None, number or 0, post.date, post.slug)

    return sorted(posts, key=key)


def block_anchor(snippet: Snippet) -> str:
    """The id the post page gives the block; fenced blocks inside list items and lists the author
    marked `ignore` get none, so their section's heading."""
    if snippet.annotation.ignore:
        return snippet.section_anchor
    if snippet.kind == LIST or snippet.indent == 0:
        return snippet.anchor
    return snippet.section_anchor


def _href(url: str, anchor: str) -> str:
    return f"{url}#{anchor}" if anchor else url


def post_cheats(post: PostSource, settings: CheatsheetSettings) -> CheatPost:
    """One entry per explained command, in reading order; the commands never explained, separately.

    A command typed in a block and explained in the list below it is one entry (the explained one).
    The same command explained the same way twice in a post is listed once.
    """
    outline = headings(post.text)
    snippets = sorted(post.snippets + ignored_command_lists(post.text, post.source, post.slug),
                      key=lambda s: s.start_line)
    entries: list[tuple[tuple[str, str], CheatEntry]] = []
    unexplained: list[CheatEntry] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for snippet in snippets:
        if not snippet.is_script:
            continue
        section, section_anchor = topic(snippet, outline, settings.explanation_headings)
        href = _href(post.url, block_anchor(snippet))
        for command in snippet.commands:
            if not command.text.strip():
                continue
            entry = CheatEntry(command=command.text, explanation=command.explanation, optional=command.optional,
                               post=post.slug, section=section, href=href, source=post.source, line=command.line)
            if not command.explanation:
                unexplained.append(entry)
                continue
            key = (command_key(command.text), command.explanation)
            if key not in seen:
                seen.add(key)
                entries.append(((section, section_anchor), entry))
    explained = {command_key(e.command) for _, e in entries}
    missing: dict[str, CheatEntry] = {}
    for entry in unexplained:
        missing.setdefault(command_key(entry.command), entry)
    grouped: dict[tuple[str, str], list[CheatEntry]] = {}
    for where, entry in entries:
        grouped.setdefault(where, []).append(entry)
    sections = tuple(CheatSection(title, _href(post.url, anchor), tuple(items))
                     for (title, anchor), items in grouped.items())
    return CheatPost(slug=post.slug, title=post.title, number=series_number(post.title, settings.series_number_pattern),
                     url=post.url, source=post.source, sections=sections,
                     missing=tuple(e for k, e in missing.items() if k not in explained))


def build_sheet(posts: Iterable[PostSource], settings: CheatsheetSettings, siteurl: str = "",
                read: Callable[[PostSource], PostSource] | None = None) -> CheatSheet:
    """The whole series; posts without any command are left out.

    `read`, if given, returns the post with its text, and is called as each post is reached: the
    build reads each file then, so it never holds the texts of all posts at once.
    """
    made = (post_cheats(read(p) if read else p, settings) for p in series_order(posts, settings.series_number_pattern))
    return CheatSheet(title=settings.title, url=f"{siteurl.rstrip('/')}/{settings.folder}/",
                      posts=tuple(p for p in made if p.sections or p.missing))
