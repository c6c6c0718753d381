"""What the cheat sheet page template shows: every text already escaped or rendered to safe HTML.

The template only lays these out (theme/templates/cheatsheet.html or the plugin's own), so the page
and the PDF say the same thing and the escaping is tested here, not in Jinja. Three kinds of page:
by topic (/cheatsheet/, duplicates across posts merged), by post (/cheatsheet/by-post/) and one
post (/cheatsheet/<slug>/).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from plugins.cheatsheet.collect import command_key
from plugins.cheatsheet.inline import command_html, explanation_html
from plugins.cheatsheet.model import (
    GLUE_TOPIC,
    MORE_SLUG,
    OPTIONAL_MARK,
    TOPICS,
    CheatEntry,
    CheatPost,
    CheatSheet,
)

BY_POST = "by-post"  # the by-post page's folder under the cheat sheet's


@dataclass(frozen=True)
class PageEntry:
    id: str  # its anchor: entry.id on the by-topic page, "<post slug>-<entry.id>" on post pages (unique per page)
    command_html: str  # the general form (else the command), escaped, placeholders marked with <var>
    example_html: str  # the command as the post shows it, when a general form leads ("" otherwise)
    multiline: bool  # show in <pre>
    explanation_html: tuple[str, ...]
    optional: bool
    href: str  # back to the place in the post (escaped for an attribute)
    copy: str  # what the copy button copies (escaped for an attribute)
    source_label: str  # "글에서 보기", or "도커 문서" for a staple no post uses
    external: bool  # the link leaves the site (rel="noopener")
    search: str  # lowercase words the filter box matches (escaped for an attribute)
    start: str  # the command's first words, lowercase, for "starts with" matches (escaped)


@dataclass(frozen=True)
class PageMissing:
    command_html: str
    multiline: bool
    where: str  # content/posts/x.md:42
    href: str


@dataclass(frozen=True)
class PageSection:
    title: str  # escaped ("" for a topic page's single section)
    href: str
    entries: tuple[PageEntry, ...]
    glue: tuple[PageEntry, ...] = ()  # sleep, curl, echo, ...: folded


@dataclass(frozen=True)
class PageGroup:
    """A post (by post) or a topic (by topic)."""

    key: str  # slug or topic
    title: str  # escaped
    url: str  # the post ("" for a topic)
    page_url: str  # the post's own cheat sheet page ("" for a topic)
    sections: tuple[PageSection, ...]
    missing: tuple[PageMissing, ...] = ()

    @property
    def count(self) -> int:
        return sum(len(s.entries) + len(s.glue) for s in self.sections)


@dataclass(frozen=True)
class Download:
    label: str
    href: str
    note: str = ""


@dataclass(frozen=True)
class ViewLink:
    label: str
    href: str
    current: bool


@dataclass(frozen=True)
class PageData:
    title: str  # escaped, for <title> and <h1>
    groups: tuple[PageGroup, ...]
    downloads: tuple[Download, ...]
    sheet_url: str  # the by-topic page (per-post pages link back to it)
    single: bool  # a per-post page
    views: tuple[ViewLink, ...] = ()
    todo: bool = False  # show the commands still without an explanation (local builds)
    optional_mark: str = OPTIONAL_MARK

    @property
    def posts(self) -> tuple[PageGroup, ...]:
        return self.groups

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)

    @property
    def missing_count(self) -> int:
        return sum(len(g.missing) for g in self.groups) if self.todo else 0


@dataclass(frozen=True)
class Pages:
    by_topic: PageData
    by_post: PageData
    singles: list[tuple[str, PageData]]  # (post slug, its page)


def _local(url: str, base: str, siteurl: str) -> str:
    """A link of the sheet (made with the public address) as this build's pages link: under SITEURL."""
    return siteurl + url[len(base):] if base and base != siteurl and url.startswith(base) else url


def _entry(entry: CheatEntry, context: str, base: str, siteurl: str, prefix: str = "") -> PageEntry:
    words = " ".join([entry.shown, entry.command, entry.explanation_text, context, entry.topic,
                      OPTIONAL_MARK if entry.optional else ""])
    example = entry.command if entry.form and command_key(entry.form) != command_key(entry.command) else ""
    return PageEntry(
        id=escape(f"{prefix}{entry.id}"),
        command_html=command_html(entry.shown),
        example_html=command_html(example) if example else "",
        multiline="\n" in entry.shown or "\n" in example,
        explanation_html=tuple(explanation_html(line) for line in entry.explanation),
        optional=entry.optional,
        href=escape(_local(entry.href, base, siteurl)),
        copy=escape(entry.shown),
        source_label="도커 문서" if entry.post == MORE_SLUG else "글에서 보기",
        external=entry.post == MORE_SLUG,
        search=escape(" ".join(words.lower().split())),
        start=escape(" ".join(entry.shown.lower().split())),
    )


def _section(title: str, href: str, entries: Iterable[CheatEntry], context: str, base: str, siteurl: str,
             prefix: str = "") -> PageSection:
    entries = list(entries)
    return PageSection(escape(title), escape(href),
                       tuple(_entry(e, context, base, siteurl, prefix) for e in entries if not e.glue),
                       tuple(_entry(e, context, base, siteurl, prefix) for e in entries if e.glue))


def _post(sheet: CheatSheet, post: CheatPost, base: str, siteurl: str) -> PageGroup:
    return PageGroup(
        key=escape(post.slug),
        title=escape(post.title),
        url=escape(_local(post.url, base, siteurl)),
        page_url=escape(_local(f"{sheet.url}{post.slug}/", base, siteurl)),
        sections=tuple(_section(s.title or post.title, _local(s.href, base, siteurl), s.entries,
                                f"{s.title} {post.title}", base, siteurl, f"{post.slug}-") for s in post.sections),
        missing=tuple(PageMissing(command_html(e.command), "\n" in e.command, escape(e.where),
                                  escape(_local(e.href, base, siteurl))) for e in post.missing),
    )


def topic_entries(sheet: CheatSheet) -> dict[str, list[CheatEntry]]:
    """Every entry of the series once (the first of each general form), by topic in TOPICS order."""
    seen: set[str] = set()
    by_topic: dict[str, list[CheatEntry]] = {topic: [] for topic in TOPICS}
    for entry in sheet.entries:
        key = command_key(entry.shown)
        if key in seen:
            continue
        seen.add(key)
        by_topic.setdefault(entry.topic or GLUE_TOPIC, []).append(entry)
    return {topic: entries for topic, entries in by_topic.items() if entries}


def _topics(sheet: CheatSheet, base: str, siteurl: str) -> tuple[PageGroup, ...]:
    return tuple(PageGroup(key=escape(topic), title=escape(topic), url="", page_url="",
                           sections=(_section("", "", entries, topic, base, siteurl),))
                 for topic, entries in topic_entries(sheet).items())


def _views(sheet: CheatSheet, base: str, siteurl: str, current: str) -> tuple[ViewLink, ...]:
    url = _local(sheet.url, base, siteurl)
    return (ViewLink("주제별", escape(url), current == "topic"),
            ViewLink("글별", escape(f"{url}{BY_POST}/"), current == "post"))


def _single_title(post: CheatPost) -> str:
    return f"{post.title} 명령어 치트시트"


def _whole_series(downloads: tuple[Download, ...]) -> tuple[Download, ...]:
    """On a post's page the files are still the whole series': say so beside each."""
    return tuple(Download(d.label, d.href, f"시리즈 전체 · {d.note}" if d.note else "시리즈 전체") for d in downloads)


def all_pages(sheet: CheatSheet, downloads: tuple[Download, ...] = (), base: str = "", siteurl: str = "",
              todo: bool = True) -> Pages:
    """The by-topic and by-post pages of the series and the page of each post with entries.

    Rendering the entries is most of the cost, and a post's own page shows the same group as the
    by-post page, so the two share it instead of rendering every entry twice. When the sheet's links
    start with the public address `base`, the pages link under this build's `siteurl` instead.
    """
    posts = tuple(_post(sheet, post, base, siteurl) for post in sheet.posts)
    sheet_url = escape(_local(sheet.url, base, siteurl))
    by_topic = PageData(escape(sheet.title), _topics(sheet, base, siteurl), downloads, sheet_url, False,
                        _views(sheet, base, siteurl, "topic"), todo)
    by_post = PageData(escape(f"{sheet.title} (글별)"), posts, downloads, sheet_url, False,
                       _views(sheet, base, siteurl, "post"), todo)
    singles = [(post.slug, PageData(escape(_single_title(post)), (group,), _whole_series(downloads), sheet_url, True,
                                    (), todo))
               for post, group in zip(sheet.posts, posts, strict=True) if post.sections]
    return Pages(by_topic, by_post, singles)


def page_data(sheet: CheatSheet, downloads: tuple[Download, ...] = (), slug: str | None = None,
              todo: bool = True) -> PageData:
    """The by-post page of the whole series, or with `slug` the page of one post (tests and tools)."""
    pages = all_pages(sheet, downloads, todo=todo)
    if slug is None:
        return pages.by_post
    return next((page for post, page in pages.singles if post == slug), pages.by_post)
