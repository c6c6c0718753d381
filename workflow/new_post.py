"""Plan a new post in Chirpy's format: title, series number, ASCII slug, date in +0900, front matter."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# "[도커-5] 제목", "[도커-N] 제목" (N: take the next number), "[도커-] 제목" and "[도커] 제목".
SERIES_TITLE_RE = re.compile(r"^\s*\[(?P<series>[^\[\]]+?)(?:-(?P<n>\d+|[Nn])?)?\]\s*(?P<rest>.*)$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NUMBERED_SLUG_RE = re.compile(r"^(?P<prefix>.*?)(?P<n>\d+)$")
MAX_SLUG = 60


class NewPostError(ValueError):
    """The post cannot be created as asked; str() says what to do."""


@dataclass(frozen=True)
class ExistingPost:
    """What `new` needs to know about a post already in content/posts/."""

    file_name: str
    title: str
    slug: str
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    series: str | None = None  # from front matter `series:`
    series_index: int | None = None


@dataclass(frozen=True)
class SeriesTitle:
    series: str
    number: int | None  # None: take the next one
    rest: str


@dataclass(frozen=True)
class NewPost:
    file_name: str
    title: str
    slug: str
    date: datetime
    categories: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def url(self) -> str:
        return f"posts/{self.slug}/"

    def text(self) -> str:
        """The new file: Chirpy front matter and an empty body the author fills in."""
        lines = [
            "---",
            f"title: {_yaml_str(self.title)}",
            f"date: {self.date.strftime('%Y-%m-%d %H:%M:%S %z')}",
            f"categories: [{', '.join(_yaml_item(c) for c in self.categories)}]",
            f"tags: [{', '.join(_yaml_item(t) for t in self.tags)}]",
            "---",
            "",
            "여기에 글을 씁니다.",
            "",
        ]
        return "\n".join(lines)


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def _yaml_item(value: str) -> str:
    return value if re.fullmatch(r"[\w.-]+", value) else _yaml_str(value)


def parse_series_title(title: str) -> SeriesTitle | None:
    m = SERIES_TITLE_RE.match(title)
    if not m:
        return None
    n = m.group("n")
    return SeriesTitle(m.group("series").strip(), int(n) if n and n.isdigit() else None, m.group("rest").strip())


def series_number(post: ExistingPost, series: str) -> int | None:
    """The post's number in `series`: from `[series-N]` in its title, else from series/series_index."""
    parsed = parse_series_title(post.title)
    if parsed and parsed.series == series and parsed.number is not None:
        return parsed.number
    if post.series == series and post.series_index:
        return post.series_index
    return None


def members(posts: list[ExistingPost], series: str) -> list[tuple[int, ExistingPost]]:
    return sorted(((n, p) for p in posts if (n := series_number(p, series)) is not None), key=lambda pair: pair[0])


def ascii_slug(text: str) -> str:
    """The ASCII words of a title as a slug ("Docker Compose 정리!" -> "docker-compose"); Hangul is left out,
    never romanized (a Korean reader cannot read "dokeoran-mueosinga"). Empty when no ASCII word is left."""
    from plugins.snippets.names import ascii_words

    return ascii_words(text, MAX_SLUG)


def series_slug(posts: list[ExistingPost], series: str, number: int) -> str:
    """`docker-6` when the series' posts are `docker-1`..`docker-5`; else the series name's ASCII words
    (empty for a Hangul name)."""
    prefixes = Counter()
    for n, post in members(posts, series):
        m = NUMBERED_SLUG_RE.match(post.slug)
        if m and int(m.group("n")) == n and m.group("prefix"):
            prefixes[m.group("prefix")] += 1
    if prefixes:
        return f"{prefixes.most_common(1)[0][0]}{number}"
    words = ascii_slug(series)
    return f"{words}-{number}" if words else ""


def plan_new_post(title: str, posts: list[ExistingPost], now: datetime,
                  series: str | None = None, slug: str | None = None) -> NewPost:
    """The new post for `title`; numbered in its series when the title or `series` names one."""
    title = title.strip()
    if not title:
        raise NewPostError('the title is empty; e.g. invoke new "[도커-N] 새 글 제목"')
    parsed = parse_series_title(title)
    if series and parsed and parsed.series != series:
        raise NewPostError(f"the title names the series {parsed.series!r} but --series is {series!r}; keep one")
    name = series or (parsed.series if parsed else None)
    number = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    if name:
        rest = parsed.rest if parsed else title
        existing = members(posts, name)
        number = parsed.number if parsed and parsed.number is not None else (existing[-1][0] + 1 if existing else 1)
        taken = [p.file_name for n, p in existing if n == number]
        if taken:
            raise NewPostError(f"[{name}-{number}] is already {taken[0]}; leave the number out to take the next one")
        if not rest:
            raise NewPostError(f'the title has no words after [{name}-{number}]; e.g. "[{name}-{number}] 새 글 제목"')
        title = f"[{name}-{number}] {rest}"
        if existing:
            categories, tags = existing[-1][1].categories, existing[-1][1].tags
    if slug is not None:
        if not SLUG_RE.match(slug):
            raise NewPostError(f"the slug {slug!r} must be lowercase ASCII letters, digits and hyphens, e.g. docker-6")
    else:
        slug = series_slug(posts, name, number) if name else ascii_slug(title)
        if not slug:
            example = f"docker-{number}" if name else "docker-intro"
            raise NewPostError(f"the title has no ASCII words for the address posts/<slug>/ (Hangul is not "
                               f"romanized); pass one with --slug, e.g. --slug {example}")
    for post in posts:
        if post.slug == slug:
            raise NewPostError(f"the slug {slug!r} is already used by {post.file_name}; pass another with --slug")
    return NewPost(f"{now:%Y-%m-%d}-{slug}.md", title, slug, now, categories, tags)


def read_existing(folder: Path, timezone: str) -> tuple[list[ExistingPost], list[str]]:
    """The posts in `folder` and one line per post whose front matter could not be read.

    `timezone`: the site's TIMEZONE, for dates written without an offset."""
    from plugins.chirpy_reader.post import read_post
    from plugins.sitebuild.errors import PostError
    from plugins.sitebuild.sources import source_files

    posts: list[ExistingPost] = []
    problems: list[str] = []
    for path in source_files(folder):
        if not path.is_file():
            continue
        try:
            fm = read_post(path, str(path), timezone).front_matter
        except PostError as error:
            problems.append(str(error))
            continue
        posts.append(ExistingPost(path.name, fm.title, fm.slug, fm.categories, fm.tags, fm.series or None,
                                  fm.series_index))
    return posts, problems
