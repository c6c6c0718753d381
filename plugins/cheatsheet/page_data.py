"""What the cheat sheet page template shows: every text already escaped or rendered to safe HTML.

The template only lays these out (theme/templates/cheatsheet.html or the plugin's own), so the page
and the PDF say the same thing and the escaping is tested here, not in Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from cheatsheet.inline import command_html, explanation_html
from cheatsheet.model import OPTIONAL_MARK, CheatEntry, CheatPost, CheatSheet


@dataclass(frozen=True)
class PageEntry:
    command_html: str  # escaped, placeholders marked with <var>
    multiline: bool  # show in <pre>
    explanation_html: tuple[str, ...]
    optional: bool
    href: str  # back to the place in the post (escaped for an attribute)
    search: str  # lowercase text the filter box matches (escaped for an attribute)


@dataclass(frozen=True)
class PageMissing:
    command_html: str
    multiline: bool
    where: str  # content/posts/x.md:42
    href: str


@dataclass(frozen=True)
class PageSection:
    title: str  # escaped
    href: str
    entries: tuple[PageEntry, ...]


@dataclass(frozen=True)
class PagePost:
    slug: str
    title: str  # escaped
    url: str  # the post
    page_url: str  # its own cheat sheet page
    sections: tuple[PageSection, ...]
    missing: tuple[PageMissing, ...]

    @property
    def count(self) -> int:
        return sum(len(s.entries) for s in self.sections)


@dataclass(frozen=True)
class Download:
    label: str
    href: str
    note: str = ""


@dataclass(frozen=True)
class PageData:
    title: str  # escaped, for <title> and <h1>
    posts: tuple[PagePost, ...]
    downloads: tuple[Download, ...]
    sheet_url: str  # the whole series' page (per-post pages link back to it)
    single: bool  # a per-post page
    optional_mark: str = OPTIONAL_MARK

    @property
    def count(self) -> int:
        return sum(p.count for p in self.posts)

    @property
    def missing_count(self) -> int:
        return sum(len(p.missing) for p in self.posts)


def _entry(entry: CheatEntry, post: CheatPost, section: str) -> PageEntry:
    words = " ".join([entry.command, entry.explanation_text, section, post.title,
                      OPTIONAL_MARK if entry.optional else ""])
    return PageEntry(
        command_html=command_html(entry.command),
        multiline="\n" in entry.command,
        explanation_html=tuple(explanation_html(line) for line in entry.explanation),
        optional=entry.optional,
        href=escape(entry.href),
        search=escape(" ".join(words.lower().split())),
    )


def _post(sheet: CheatSheet, post: CheatPost) -> PagePost:
    return PagePost(
        slug=post.slug,
        title=escape(post.title),
        url=escape(post.url),
        page_url=escape(f"{sheet.url}{post.slug}/"),
        sections=tuple(PageSection(escape(s.title or post.title), escape(s.href),
                                   tuple(_entry(e, post, s.title) for e in s.entries)) for s in post.sections),
        missing=tuple(PageMissing(command_html(e.command), "\n" in e.command, escape(e.where), escape(e.href))
                      for e in post.missing),
    )


def _page(sheet: CheatSheet, shown: tuple[PagePost, ...], downloads: tuple[Download, ...], title: str,
          single: bool) -> PageData:
    return PageData(title=escape(title), posts=shown, downloads=downloads, sheet_url=escape(sheet.url), single=single)


def _single_title(post: CheatPost) -> str:
    return f"{post.title} 명령어 치트시트"


def page_data(sheet: CheatSheet, downloads: tuple[Download, ...] = (), slug: str | None = None) -> PageData:
    """The whole series' page, or with `slug` the page of one post."""
    posts = sheet.posts if slug is None else sheet.only(slug).posts
    title = sheet.title if slug is None else _single_title(posts[0]) if posts else sheet.title
    return _page(sheet, tuple(_post(sheet, post) for post in posts), downloads, title, slug is not None)


def all_pages(sheet: CheatSheet, downloads: tuple[Download, ...] = ()) -> tuple[PageData, list[PageData]]:
    """page_data() of the whole series and of each post with entries, each post rendered only once.

    Rendering the entries is most of the cost, and a post's own page shows the same PagePost as the
    whole series' page, so the two share it instead of rendering every entry twice.
    """
    shown = tuple(_post(sheet, post) for post in sheet.posts)
    singles = [_page(sheet, (page,), downloads, _single_title(post), True)
               for post, page in zip(sheet.posts, shown, strict=True) if post.sections]
    return _page(sheet, shown, downloads, sheet.title, False), singles
