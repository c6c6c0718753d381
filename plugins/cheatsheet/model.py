"""The records the cheat sheet is made of: posts in series order, their sections, one entry per command."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from plugins.cheatsheet.inline import joined_plain
from plugins.chirpy_reader.outline import Heading
from plugins.snippets.model import Snippet

PLUGIN = "cheatsheet"
OPTIONAL_MARK = "(선택)"
GLUE_TOPIC = "보조"
MORE_SLUG, MORE_TITLE = "more", "더 알아두면 좋은 것"  # staples no post uses (forms file, `_more:`)
# The by-topic view's sections, in the order a reader meets them in the series.
TOPICS = ("설치", "이미지", "컨테이너", "볼륨", "네트워크", "컴포즈", GLUE_TOPIC)


@dataclass(frozen=True)
class CheatsheetSettings:
    """CHEATSHEET = {...} in pelicanconf.py; every key is optional."""

    folder: str = "cheatsheet"  # under OUTPUT_PATH; the page is /<folder>/, one per post at /<folder>/<slug>/
    title: str = "도커 시리즈 명령어 치트시트"
    file_stem: str = "docker"  # docker.pdf, docker.md, docker.cheat, docker.json
    pdf: bool = True  # False leaves the PDF out of the site build (`invoke cheatsheet` still makes it)
    # Above this many commands the site build skips the PDF (a sheet that long is no sheet, and
    # typesetting it would take minutes: the benchmarks generate thousands of posts).
    pdf_max_entries: int = 2000
    # Headings under which the author explains the commands of the section above ("#### 각 구문별 해석");
    # their entries are grouped under that parent section instead.
    explanation_headings: tuple[str, ...] = ("각 구문별 해석",)
    # "[도커-3] ..." -> 3: the series order. Posts without a number follow, by date.
    series_number_pattern: str = r"^\s*\[[^\]]*?(?P<number>\d+)\s*\]"
    # General forms for posts whose text stays as the author wrote it (relative to PATH; see forms.py).
    forms_file: str = "cheatsheet/forms.yaml"
    # The site's public address, for links in the downloads when SITEURL is relative (local builds).
    public_url: str = ""
    # Show "설명이 아직 없는 명령어" on the page (the authors' to-do); publishconf.py turns it off.
    todo: bool = True


@dataclass(frozen=True)
class PostSource:
    """One published post as the cheat sheet needs it (from a Pelican article or straight from the file)."""

    slug: str
    title: str
    date: str  # ISO 8601; orders posts whose title has no series number
    url: str  # the page as a reader reaches it: SITEURL + "/" + the article URL
    source: str  # content/posts/x.md
    snippets: tuple[Snippet, ...] = ()
    notes: PostNotes | None = None  # what the cheat sheet reads in the post besides its snippets


@dataclass(frozen=True)
class PostNotes:
    """What a post says for the cheat sheet besides its snippets, found when the post is read."""

    headings: tuple[Heading, ...] = ()  # every heading, for the topic of an explanation list (outline.py)
    forms: dict = field(default_factory=dict)  # the `<!-- cheat: -->` forms, by form_key (forms.py)
    lists: tuple[Snippet, ...] = ()  # the command lists marked `ignore`: explanations of the blocks above


@dataclass(frozen=True)
class CheatEntry:
    """One command with what the post says about it, and where the post says it."""

    command: str  # exactly as the post shows it (continuation lines joined with "\n")
    explanation: tuple[str, ...]  # Korean lines as written (inline Markdown: `code`, **bold**); () when missing
    optional: bool  # the post marks it "(선택)"
    post: str  # the post's slug
    section: str  # the topic heading it is grouped under
    href: str  # the post URL + "#" + the block's anchor on the page
    source: str  # content/posts/x.md
    line: int  # file line of the command
    form: str = ""  # the general form the author wrote beside it ("" when none)
    topic: str = ""  # one of TOPICS
    program: str = ""  # "docker", "dnf", "sleep", ...
    subcommand: str = ""  # "run", "volume create", "compose up", "" when none
    glue: bool = False  # sleep, curl, echo, ...: folded away by default
    id: str = ""  # stable: the command's name and a hash of its form

    @property
    def shown(self) -> str:
        """What the sheet leads with: the general form, else the command as the post shows it."""
        return self.form or self.command

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    @cached_property
    def explanation_text(self) -> str:
        """The explanation as one plain line; JSON, navi and the page's filter each need it, so once per entry
        (cached_property stores it in the instance's __dict__, which a frozen dataclass allows)."""
        return joined_plain(self.explanation)


@dataclass(frozen=True)
class CheatSection:
    title: str  # "" when the commands come before any heading
    href: str  # the heading on the post page (the post URL when there is no heading)
    entries: tuple[CheatEntry, ...]


@dataclass(frozen=True)
class CheatPost:
    slug: str
    title: str
    number: int | None  # the series number read from the title
    url: str
    source: str
    sections: tuple[CheatSection, ...]
    missing: tuple[CheatEntry, ...] = ()  # commands the post never explains, in reading order

    @property
    def entries(self) -> tuple[CheatEntry, ...]:
        return tuple(e for s in self.sections for e in s.entries)


@dataclass(frozen=True)
class CheatSheet:
    title: str
    url: str  # the cheat sheet page: SITEURL + "/" + folder + "/"
    posts: tuple[CheatPost, ...] = field(default=())
    proven_on: str = ""  # the proof plugin's sentence naming the engine the commands ran on; "" when none

    @property
    def entries(self) -> tuple[CheatEntry, ...]:
        return tuple(e for p in self.posts for e in p.entries)

    @property
    def missing(self) -> tuple[CheatEntry, ...]:
        return tuple(e for p in self.posts for e in p.missing)

    def only(self, slug: str) -> CheatSheet:
        """The same sheet with one post (the per-post page and its files)."""
        return CheatSheet(self.title, self.url, tuple(p for p in self.posts if p.slug == slug), self.proven_on)
