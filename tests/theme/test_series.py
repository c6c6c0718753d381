"""Series from titles and front matter: claims, ordering, errors, and the window a post's box shows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from plugins.series.collect import collect, places
from plugins.series.model import Member
from plugins.series.titles import claim_from
from plugins.sitebuild.errors import PostError, SourcePos

SRC = SourcePos("content/posts/x.md", 2)
KST = timezone(timedelta(hours=9))


@pytest.mark.parametrize("title, series, index, expected", [
    ("[도커-1] 도커란 무엇인가?", None, None, ("도커", 1, "도커란 무엇인가?")),
    ("[도커-12] 네트워크", None, None, ("도커", 12, "네트워크")),
    ("[k8s-basics-2] Pods", None, None, ("k8s-basics", 2, "Pods")),
    ("[도커-3] 제목", None, 7, ("도커", 7, "제목")),  # series_index wins
    ("[도커-3] 제목", "쿠버네티스", None, ("쿠버네티스", None, "제목")),  # another series: the title's number is not its
    ("[도커-3] 제목", "도커", None, ("도커", 3, "제목")),
    ("그냥 글", "도커", 4, ("도커", 4, "그냥 글")),
    ("그냥 글", None, None, None),
    ("[도커-1] 제목", "", None, None),  # series: false
    ("[도커] 번호 없음", None, None, None),
    ("[도커-x] 숫자 아님", None, None, None),
])
def test_claim_from(title, series, index, expected):
    claim = claim_from(title, series, index, SRC)
    got = None if claim is None else (claim.name, claim.index, claim.short_title)
    assert got == expected


def test_index_without_series_is_an_error():
    with pytest.raises(PostError, match=r"content/posts/x.md:2: series: series_index: 3 is given but no series"):
        claim_from("그냥 글", None, 3, SRC)


def _member(title, day, index=None, series=None, path=None):
    source = SourcePos(path or f"content/posts/{day}.md", 2)
    claim = claim_from(title, series, index, source)
    return Member(post=title, claim=claim, date=datetime(2025, 1, day, tzinfo=KST))


def test_collect_orders_by_number_then_date():
    members = [
        _member("[도커-2] 둘", 5), _member("[도커-1] 하나", 9), _member("번외", 1, series="도커"),
        _member("[리눅스-1] 리눅스", 2),
    ]
    found = collect(members, slugify=str.lower)
    assert [s.name for s in found] == ["도커", "리눅스"]
    assert [m.post for m in found[0].members] == ["[도커-1] 하나", "[도커-2] 둘", "번외"]


def test_duplicate_numbers_name_both_files():
    members = [_member("[도커-1] 하나", 1, path="content/posts/a.md"), _member("[도커-1] 또 하나", 2, path="content/posts/b.md")]
    with pytest.raises(PostError) as err:
        collect(members, slugify=str.lower)
    assert str(err.value).startswith("content/posts/b.md:2: series: this post is number 1 of the series '도커', "
                                     "like content/posts/a.md")


def test_series_sharing_a_page_is_an_error():
    members = [_member("[Docker-1] a", 1), _member("[docker-1] b", 2)]
    with pytest.raises(PostError, match="would share the page series/docker/"):
        collect(members, slugify=str.lower)


@pytest.mark.parametrize("total, position, radius, shown", [
    (5, 1, 3, [1, 2, 3, 4, 5]),
    (20, 1, 3, [1, 2, 3, 4, 20]),
    (20, 10, 3, [1, 7, 8, 9, 10, 11, 12, 13, 20]),
    (20, 20, 2, [1, 18, 19, 20]),
    (1, 1, 3, [1]),
])
def test_places_window(total, position, radius, shown):
    series = collect([_member(f"[s-{i}] t{i}", 1 + i % 28) for i in range(1, total + 1)], slugify=str.lower)[0]
    place = places(series, radius)[position - 1]
    assert [p for p, _ in place.window] == shown
    assert place.position == position and place.total == total
    assert (place.previous is None) == (position == 1)
    assert (place.next is None) == (position == total)


def test_places_is_linear_in_window_size():
    """5,000 posts in one series: every post's window stays small (no post lists the whole series)."""
    series = collect([_member(f"[s-{i}] t", 1 + i % 28) for i in range(1, 5001)], slugify=str.lower)[0]
    assert max(len(p.window) for p in places(series)) <= 9
