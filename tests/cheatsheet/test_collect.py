"""Entries from the snippet model: grouping, order, optional marks, links back, unexplained commands."""

from __future__ import annotations

import pytest

from plugins.cheatsheet.collect import build_sheet, command_key, series_order
from plugins.cheatsheet.model import CheatsheetSettings
from tests.cheatsheet.sheets import FIRST_POST, SITEURL, series_sheet, text_post, text_sheet

BLOCK_THEN_LIST = """\
### 컨테이너 띄우기

```bash
docker run -d --name web nginx
sleep 1
docker ps
```

#### 각 구문별 해석

- `docker run -d --name web nginx`
  - 컨테이너를 띄운다.
- (선택) `docker ps`
  - 목록을 본다.
"""

IGNORED_LIST = """\
### 로그 보기

```bash
docker logs web
docker logs -f web
```

#### 각 구문별 해석

<!-- snippet: ignore -->

- `docker logs web`
  - 로그를 본다.
- `docker logs -f web`
  - 계속 따라가며 본다.
"""

SAME_TWICE = """\
### 하나

- `docker ps -a`
  - 멈춘 것까지 본다.
- `docker images`
  - 이미지 목록.

### 둘

- `docker ps   -a`
  - 멈춘 것까지 본다.
- `docker volume ls`
  - 볼륨 목록.
"""

COMMENTED_SHELL = """\
## 정리

```bash
# 컨테이너를 지운다
docker rm -f web
docker ps -a
```
"""


def test_first_post_six_commands_in_order_with_explanations():
    post = series_sheet().posts[0]
    assert post.slug == "docker-1"
    got = [(e.command, e.explanation[0], e.optional) for e in post.entries]
    assert got == list(FIRST_POST)
    assert [s.title for s in post.sections] == ["도커 서버 설치 과정"]  # the parent of "각 구문별 해석"
    assert post.sections[0].href == f"{SITEURL}/posts/docker-1/#도커-서버-설치-과정"
    assert all(e.href.startswith(f"{SITEURL}/posts/docker-1/#snippet-docker-1-") for e in post.entries)
    assert post.entries[3].explanation[1] == "dead, failed: 서비스 중지, running: 서비스 기동중"


def test_series_in_title_order():
    posts = series_sheet().posts
    assert [p.number for p in posts[:-1]] == [1, 2, 3, 4, 5, 6, 7]
    assert posts[-1].slug == "more", "the staples no post uses come last"


@pytest.mark.parametrize(("titles_dates", "expected"), [
    ([("[도커-2] b", "2025-01-01"), ("[도커-10] c", "2024-01-01"), ("[도커-1] a", "2026-01-01")], ["a", "b", "c"]),
    ([("무제", "2025-03-01"), ("[도커-1] a", "2025-05-01"), ("번외", "2025-02-01")], ["a", "번외", "무제"]),
])
def test_series_order_by_number_then_date(titles_dates, expected):
    posts = [text_post("", slug=f"p{i}", title=t, date=d) for i, (t, d) in enumerate(titles_dates)]
    ordered = series_order(posts, CheatsheetSettings().series_number_pattern)
    assert [p.title.split()[-1] for p in ordered] == expected


@pytest.mark.parametrize(("text", "entries", "missing"), [
    # a block explained by the list below it: one entry each, grouped under the block's section
    (BLOCK_THEN_LIST, [("컨테이너 띄우기", "docker run -d --name web nginx", False),
                       ("컨테이너 띄우기", "docker ps", True)], ["sleep 1"]),
    # the explanation list the author marked `ignore` still explains
    (IGNORED_LIST, [("로그 보기", "docker logs web", False), ("로그 보기", "docker logs -f web", False)], []),
    # the same command explained the same way twice is listed once (spacing does not matter)
    (SAME_TWICE, [("하나", "docker ps -a", False), ("하나", "docker images", False),
                  ("둘", "docker volume ls", False)], []),
    # `#` comments above a command explain it
    (COMMENTED_SHELL, [("정리", "docker rm -f web", False)], ["docker ps -a"]),
])
def test_entries_and_missing(text, entries, missing):
    post = text_sheet(text).posts[0]
    got = [(s.title, e.command, e.optional) for s in post.sections for e in s.entries]
    assert got == entries
    assert [e.command for e in post.missing] == missing


def test_a_block_explained_by_an_ignored_list_links_to_the_block():
    post = text_sheet(IGNORED_LIST).posts[0]
    (href,) = {e.href for e in post.entries}  # the name after 01- comes from snippets/names.py
    assert href.startswith(f"{SITEURL}/posts/demo-1/#snippet-demo-1-01-")
    assert [e.explanation for e in post.entries] == [("로그를 본다.",), ("계속 따라가며 본다.",)]


def test_an_ignored_list_alone_links_to_its_heading_not_to_a_snippet_id():
    only_list = IGNORED_LIST.replace("```bash\ndocker logs web\ndocker logs -f web\n```\n", "")
    post = text_sheet(only_list).posts[0]
    assert {e.href for e in post.entries} == {f"{SITEURL}/posts/demo-1/#각-구문별-해석"}


def test_missing_entries_name_their_line():
    post = text_sheet(BLOCK_THEN_LIST).posts[0]
    assert [e.where for e in post.missing] == ["content/posts/2025-01-01-demo-1.md:5"]


def test_posts_without_commands_are_left_out():
    sheet = text_sheet("### 글만 있는 글\n\n그냥 글.\n", BLOCK_THEN_LIST)
    assert [p.slug for p in sheet.posts] == ["demo-2"]


def test_sheet_url_and_per_post_view():
    sheet = build_sheet([text_post(BLOCK_THEN_LIST, slug="a"), text_post(IGNORED_LIST, slug="b")],
                        CheatsheetSettings(folder="cheats"), "https://example.com/blog/")
    assert sheet.url == "https://example.com/blog/cheats/"
    assert [p.slug for p in sheet.only("b").posts] == ["b"]


@pytest.mark.parametrize(("a", "b"), [("docker  ps -a", "docker ps -a"), ("a \\\n  b", "a \\ b")])
def test_command_key_ignores_spacing(a, b):
    assert command_key(a) == command_key(b)
