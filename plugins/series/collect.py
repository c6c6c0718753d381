"""Group posts into series once per build, and give each post its place (linear in the number of posts)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from plugins.series.model import Member, Place, Series
from plugins.sitebuild.errors import PostError

PLUGIN = "series"


def collect(members: Iterable[Member], slugify: Callable[[str], str]) -> tuple[Series, ...]:
    """Every series with its members in reading order: by number, then unnumbered posts by date."""
    by_name: dict[str, list[Member]] = {}
    for member in members:
        by_name.setdefault(member.claim.name, []).append(member)
    result = []
    for name in sorted(by_name):
        ordered = sorted(by_name[name], key=lambda m: (m.claim.index is None, m.claim.index or 0, m.date,
                                                       m.claim.source.path))
        _refuse_duplicate_numbers(ordered)
        result.append(Series(name=name, slug=slugify(name), members=tuple(ordered)))
    _refuse_duplicate_slugs(result)
    return tuple(result)


def _refuse_duplicate_numbers(ordered: list[Member]) -> None:
    seen: dict[int, Member] = {}
    for member in ordered:
        index = member.claim.index
        if index is None:
            continue
        first = seen.setdefault(index, member)
        if first is not member:
            raise PostError(member.claim.source, PLUGIN,
                            f"this post is number {index} of the series {member.claim.name!r}, "
                            f"like {first.claim.source.path}",
                            "give one of them another number in its title or series_index")


def _refuse_duplicate_slugs(all_series: list[Series]) -> None:
    seen: dict[str, Series] = {}
    for series in all_series:
        first = seen.setdefault(series.slug, series)
        if first is not series:
            raise PostError(series.members[0].claim.source, PLUGIN,
                            f"the series {series.name!r} and {first.name!r} would share the page series/{series.slug}/",
                            "spell the two series names differently")


def places(series: Series, radius: int = 3) -> list[Place]:
    """Each member's Place; the window holds the first and last posts and `radius` posts either side."""
    members = series.members
    total = len(members)
    out = []
    for i, _member in enumerate(members):
        lo, hi = max(0, i - radius), min(total, i + radius + 1)
        shown = sorted({0, total - 1, *range(lo, hi)})
        out.append(Place(
            series=series,
            position=i + 1,
            previous=members[i - 1] if i > 0 else None,
            next=members[i + 1] if i + 1 < total else None,
            window=tuple((j + 1, members[j]) for j in shown),
        ))
    return out
