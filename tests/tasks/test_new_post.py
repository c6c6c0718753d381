"""`invoke new` plans a Chirpy post: next series number, ASCII slug, date in +0900."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import yaml

from workflow.new_post import ExistingPost, NewPostError, ascii_slug, parse_series_title, plan_new_post

NOW = datetime(2026, 1, 2, 9, 30, 0, tzinfo=ZoneInfo("Asia/Seoul"))
DOCKER = [
    ExistingPost(f"2025-11-{n:02d}-docker-{n}.md", f"[도커-{n}] 글 {n}", f"docker-{n}", ("Infra", "Docker"), ("도커",))
    for n in range(1, 6)
]
OTHER = [ExistingPost("2025-10-01-hello.md", "안녕하세요", "hello"),
         ExistingPost("2025-10-02-k8s-one.md", "[쿠버-1] 시작", "k8s-1", ("Infra", "K8s")),
         ExistingPost("2025-10-03-x.md", "메타 시리즈", "k8s-2", series="쿠버", series_index=2)]

PLANS = [
    # (title, series, slug, existing posts, expected (file name, title, slug, categories))
    ("[도커-N] 네트워크 심화", None, None, DOCKER,
     ("2026-01-02-docker-6.md", "[도커-6] 네트워크 심화", "docker-6", ("Infra", "Docker"))),
    ("[도커] 네트워크 심화", None, None, DOCKER, ("2026-01-02-docker-6.md", "[도커-6] 네트워크 심화", "docker-6", ("Infra", "Docker"))),
    ("[도커-] 네트워크 심화", None, None, DOCKER, ("2026-01-02-docker-6.md", "[도커-6] 네트워크 심화", "docker-6", ("Infra", "Docker"))),
    ("네트워크 심화", "도커", None, DOCKER, ("2026-01-02-docker-6.md", "[도커-6] 네트워크 심화", "docker-6", ("Infra", "Docker"))),
    ("[도커-9] 건너뛴 번호", None, None, DOCKER, ("2026-01-02-docker-9.md", "[도커-9] 건너뛴 번호", "docker-9", ("Infra", "Docker"))),
    ("[도커-N] 제목", None, "net-deep", DOCKER, ("2026-01-02-net-deep.md", "[도커-6] 제목", "net-deep", ("Infra", "Docker"))),
    ("첫 글", "도커", "docker-1", [], ("2026-01-02-docker-1.md", "[도커-1] 첫 글", "docker-1", ())),
    ("첫 글", "Docker", None, [], ("2026-01-02-docker-1.md", "[Docker-1] 첫 글", "docker-1", ())),
    ("[쿠버-N] 다음", None, None, OTHER, ("2026-01-02-k8s-3.md", "[쿠버-3] 다음", "k8s-3", ())),
    ("Docker Compose 정리!", None, None, DOCKER, ("2026-01-02-docker-compose.md", "Docker Compose 정리!",
                                                  "docker-compose", ())),
    ("도커란 무엇인가?", None, "what-is-docker", [], ("2026-01-02-what-is-docker.md", "도커란 무엇인가?",
                                                     "what-is-docker", ())),
]


@pytest.mark.parametrize(("title", "series", "slug", "posts", "expected"), PLANS, ids=[p[0] for p in PLANS])
def test_plan_new_post(title, series, slug, posts, expected):
    post = plan_new_post(title, posts, NOW, series, slug)
    assert (post.file_name, post.title, post.slug, post.categories) == expected


REFUSED = [
    ("[도커-3] 이미 있음", None, None, "is already 2025-11-03-docker-3.md"),
    ("새 글", None, "docker-2", "already used by 2025-11-02-docker-2.md"),
    ("새 글", None, "도커-6", "must be lowercase ASCII"),
    ("새 글", None, "Docker 6", "must be lowercase ASCII"),
    ("[쿠버-N] 제목", "도커", None, "names the series '쿠버' but --series is '도커'"),
    ("[도커-N]", None, None, "has no words after [도커-6]"),
    ("   ", None, None, "the title is empty"),
    ("도커란 무엇인가?", None, None, "pass one with --slug, e.g. --slug docker-intro"),
]


@pytest.mark.parametrize(("title", "series", "slug", "message"), REFUSED, ids=[r[3] for r in REFUSED])
def test_refused(title, series, slug, message):
    with pytest.raises(NewPostError, match=message.replace("[", r"\[").replace("]", r"\]")):
        plan_new_post(title, DOCKER, NOW, series, slug)


def test_front_matter_is_chirpy_and_reads_back():
    text = plan_new_post('[도커-N] "따옴표"와 콜론: 제목', DOCKER, NOW).text()
    assert text.startswith("---\n")
    data = yaml.safe_load(text.split("---\n")[1])
    assert data == {"title": '[도커-6] "따옴표"와 콜론: 제목', "date": "2026-01-02 09:30:00 +0900",
                    "categories": ["Infra", "Docker"], "tags": ["도커"]}


@pytest.mark.parametrize(("title", "expected"), [
    ("[도커-1] 도커란 무엇인가?", ("도커", 1, "도커란 무엇인가?")),
    ("[도커-N] x", ("도커", None, "x")),
    ("[Docker-12]  spaced", ("Docker", 12, "spaced")),
    ("도커 [1]", None),
])
def test_parse_series_title(title, expected):
    parsed = parse_series_title(title)
    assert (parsed and (parsed.series, parsed.number, parsed.rest)) == expected


def test_ascii_slug_is_ascii_and_bounded():
    slug = ascii_slug("docker " * 40)
    assert slug.isascii() and len(slug) <= 60 and not slug.endswith("-")
    assert ascii_slug("???") == "" and ascii_slug("도커란 무엇인가?") == ""
    assert ascii_slug("Docker Compose 정리!") == "docker-compose"
