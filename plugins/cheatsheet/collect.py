"""build_sheet(): the series' commands from the snippet model, grouped by post and section in series order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from plugins.cheatsheet.forms import Form, Staple, form_key
from plugins.cheatsheet.kinds import entry_id, program_and_subcommand, topic_of
from plugins.cheatsheet.model import (
    GLUE_TOPIC,
    MORE_SLUG,
    MORE_TITLE,
    CheatEntry,
    CheatPost,
    CheatSection,
    CheatSheet,
    CheatsheetSettings,
    PostNotes,
    PostSource,
)
from plugins.cheatsheet.outline import topic
from plugins.snippets.model import LIST, Snippet

_HEREDOC_RE = re.compile(r"<<-?\s*['\"]?[A-Za-z_]")


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


def is_cut_heredoc(command: str) -> bool:
    """`cat > f <<'EOF'` without its body: run as shown it would empty the file, so it is never exported."""
    return "\n" not in command and bool(_HEREDOC_RE.search(command))


@lru_cache(maxsize=8192)
def _kind_of(shown: str, form_topic: str) -> tuple[str, str, str, str]:
    """(program, subcommand, topic, id) of a command: the same few hundred commands recur in every post."""
    program, subcommand = program_and_subcommand(shown)
    topic_name = form_topic or topic_of(program, subcommand)
    return program, subcommand, topic_name, entry_id(program, subcommand, command_key(shown))


def described(entry: CheatEntry, form: Form | None) -> CheatEntry:
    """The entry with its general form, program, topic, glue mark and id."""
    shown = form.text if form else entry.command
    program, subcommand, topic_name, id_ = _kind_of(shown, (form.topic if form else "") or "")
    return CheatEntry(entry.command, entry.explanation, entry.optional, entry.post, entry.section, entry.href,
                      entry.source, entry.line, form=form.text if form else "", topic=topic_name, program=program,
                      subcommand=subcommand, glue=topic_name == GLUE_TOPIC, id=id_)


def post_cheats(post: PostSource, settings: CheatsheetSettings, extra_forms: dict[str, Form] | None = None) -> CheatPost:
    """One entry per explained command, in reading order; the commands never explained, separately.

    A command typed in a block and explained in the list below it is one entry (the explained one).
    The same command, or two commands with one general form, are listed once (the first). A heredoc
    is exported with its body or not at all. `extra_forms` are the forms file's for this post.
    """
    notes = post.notes or PostNotes()
    forms = {**(extra_forms or {}), **notes.forms}
    outline = notes.headings
    snippets = sorted(post.snippets + notes.lists, key=lambda s: s.start_line)
    entries: list[tuple[tuple[str, str], CheatEntry]] = []
    unexplained: list[CheatEntry] = []
    seen: set[str] = set()
    for snippet in snippets:
        if not snippet.is_script:
            continue
        section, section_anchor = topic(snippet, outline, settings.explanation_headings)
        href = _href(post.url, block_anchor(snippet))
        for command in snippet.commands:
            if not command.text.strip() or is_cut_heredoc(command.text):
                continue
            entry = described(CheatEntry(command=command.text, explanation=command.explanation,
                                         optional=command.optional, post=post.slug, section=section, href=href,
                                         source=post.source, line=command.line), forms.get(form_key(command.text)))
            if not command.explanation:
                unexplained.append(entry)
                continue
            key = command_key(entry.shown)
            if key not in seen:
                seen.add(key)
                entries.append(((section, section_anchor), entry))
    explained = {command_key(e.command) for _, e in entries} | {command_key(e.shown) for _, e in entries}
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


def staples_post(staples: Iterable[Staple], sheet_url: str, known: set[str]) -> CheatPost | None:
    """The staples no post uses, as the sheet's last "post"; a staple some post already shows is left out."""
    entries = []
    for staple in staples:
        if command_key(staple.form) in known:
            continue
        entry = CheatEntry(command=staple.form, explanation=(staple.explanation,), optional=False, post=MORE_SLUG,
                           section=MORE_TITLE, href=staple.url, source=staple.source, line=staple.line)
        entries.append(described(entry, Form(staple.form, staple.topic, staple.source, staple.line)))
    if not entries:
        return None
    return CheatPost(slug=MORE_SLUG, title=MORE_TITLE, number=None, url=sheet_url, source=entries[0].source,
                     sections=(CheatSection(MORE_TITLE, sheet_url, tuple(entries)),))


def build_sheet(posts: Iterable[PostSource], settings: CheatsheetSettings, siteurl: str = "",
                forms: dict[str, dict[str, Form]] | None = None, staples: Iterable[Staple] = ()) -> CheatSheet:
    """The whole series, then the staples; posts without any command are left out.

    `forms`: the forms file's general forms by post slug; `staples`: its `_more:` list.
    """
    forms = forms or {}
    made = (post_cheats(p, settings, forms.get(p.slug))
            for p in series_order(posts, settings.series_number_pattern))
    url = f"{siteurl.rstrip('/')}/{settings.folder}/"
    kept = [p for p in made if p.sections or p.missing]
    more = staples_post(staples, url, {command_key(e.shown) for p in kept for e in p.entries})
    return CheatSheet(title=settings.title, url=url, posts=tuple(kept + ([more] if more else [])))
