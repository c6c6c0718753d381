"""Records for series: one post's place in its series, and the series itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from plugins.sitebuild.errors import SourcePos


@dataclass(frozen=True)
class SeriesClaim:
    """What one post says about its series, from its title or front matter."""

    name: str
    index: int | None  # None: placed after the numbered posts, by date
    short_title: str  # the title without its "[도커-N]" prefix
    source: SourcePos


@dataclass(frozen=True)
class Member:
    """One post in a series: `post` is whatever the caller keys posts by (a Pelican article)."""

    post: object = field(compare=False)
    claim: SeriesClaim
    date: datetime


@dataclass(frozen=True)
class Series:
    name: str
    slug: str
    members: tuple[Member, ...]  # in reading order

    def __len__(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Place:
    """Where one post sits in its series, with the neighbours and the slice of the list to show."""

    series: Series
    position: int  # 1-based
    previous: Member | None
    next: Member | None
    window: tuple[tuple[int, Member], ...]  # (position, member): first, last and those around this post

    @property
    def total(self) -> int:
        return len(self.series)
