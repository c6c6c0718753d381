"""Front matter cases: what builds, and the one-line error for what does not."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from plugins.chirpy_reader.front_matter import parse_front_matter
from plugins.chirpy_reader.source_text import decode_post
from plugins.sitebuild.errors import PostError

KST = timezone(timedelta(hours=9))
PATH = "content/posts/2025-11-28-docker-1.md"
NAME = "2025-11-28-docker-1.md"


def fm(text: str, name: str = NAME):
    return parse_front_matter(text, PATH, name, "Asia/Seoul")[0]


@pytest.mark.parametrize(
    ("source", "field", "expected"),
    [
        ('---\ntitle: "[도커-1] 도커란 무엇인가?"\ndate: 2025-11-28 12:00:00 +0900\n---\n', "title", "[도커-1] 도커란 무엇인가?"),
        ("---\ntitle: t\ndate: 2025-11-28 12:00:00 +0900\n---\n", "date", datetime(2025, 11, 28, 12, tzinfo=KST)),
        ("---\ntitle: t\ndate: 2025-11-28 12:00:00 +09:00\n---\n", "date", datetime(2025, 11, 28, 12, tzinfo=KST)),
        ("---\ntitle: t\ndate: 2025-11-28T03:00:00Z\n---\n", "date", datetime(2025, 11, 28, 12, tzinfo=KST)),
        ("---\ntitle: t\ndate: 2025-11-28 12:00\n---\n", "date", datetime(2025, 11, 28, 12, tzinfo=KST)),
        ("---\ntitle: t\n---\n", "date", datetime(2025, 11, 28, 0, tzinfo=KST)),
        ("---\ntitle: t\ndate: 2025-11-28\ncategories: [Infra, Docker]\n---\n", "categories", ("Infra", "Docker")),
        ("---\ntitle: t\ndate: 2025-11-28\ncategories: Infra Docker\n---\n", "categories", ("Infra", "Docker")),
        ("---\ntitle: t\ndate: 2025-11-28\ntags: [도커, 인프라, 서버]\n---\n", "tags", ("도커", "인프라", "서버")),
        ("---\ntitle: t\ndate: 2025-11-28\ntags: 도커\n---\n", "tags", ("도커",)),
        ("---\ntitle: t\ndate: 2025-11-28\npin: true\n---\n", "pin", True),
        ("---\ntitle: t\ndate: 2025-11-28\n---\n", "toc", True),
        ("---\ntitle: t\ndate: 2025-11-28\ntoc: false\n---\n", "toc", False),
        ("---\ntitle: t\ndate: 2025-11-28\ncomments: false\n---\n", "comments", False),
        ("---\ntitle: t\ndate: 2025-11-28\ndescription: 요약\n---\n", "description", "요약"),
        ("---\ntitle: t\ndate: 2025-11-28\nauthor: 홍길동\n---\n", "authors", ("홍길동",)),
        ("---\ntitle: t\ndate: 2025-11-28\nimage: /assets/img/a.png\n---\n", "image.path", "/assets/img/a.png"),
        ("---\ntitle: t\ndate: 2025-11-28\nimage: {path: a.png, alt: 설명}\nmedia_subpath: /assets/img/docker\n---\n",
         "image.path", "/assets/img/docker/a.png"),
        ("---\ntitle: t\ndate: 2025-11-28\nimage: {path: a.png, alt: 설명}\n---\n", "image.alt", "설명"),
        ("---\ntitle: t\ndate: 2025-11-28\nmedia_subpath: /assets/img/docker\n---\n", "media_subpath", "/assets/img/docker"),
        ("---\ntitle: t\n---\n", "slug", "docker-1"),
        ("---\ntitle: t\nslug: my-post\n---\n", "slug", "my-post"),
        ("---\ntitle: t\ndate: 2025-11-28\n---\n\nbody", "body_line", 5),
        ("---\ntitle: t\ndate: 2025-11-28\npublished: false\n---\n", "published", False),
    ],
)
def test_front_matter_values(source, field, expected):
    value = fm(source)
    for part in field.split("."):
        value = getattr(value, part)
    assert value == expected


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("", 1, "empty"),
        ("\n\n", 1, "empty"),
        ("title: t\n", 1, "does not start with front matter"),
        ("---\ntitle: t\ndate: 2025-11-28\n", 1, "never closed"),
        ("---\ntitle: [도커-1] 도커란 무엇인가?\n---\n", 2, "quote it"),
        ("---\ntitle: [도커-1]\n---\n", 2, "read as a YAML list"),
        ("---\ntitle: t\n  bad: indent\n---\n", 3, "not valid YAML"),
        ("---\ntitle: t\ndate: 2025-02-30 12:00:00 +0900\n---\n", 3, "not a valid date"),
        ("---\ntitle: t\ndate: yesterday\n---\n", 3, "not a valid date"),
        ("---\ntitle: t\ndate: 2025-11-28 12:00:00 +9900\n---\n", 3, "not a valid date"),
        ("---\ntitle: t\ndate: 2025-11-28\ncategories: [A, B, C]\n---\n", 4, "3 levels deep"),
        ("---\ndate: 2025-11-28\n---\n", 2, "no title"),
        ("---\ntitle: t\ndate: 2025-11-28\npin: yes please\n---\n", 4, "true or false"),
        ("---\ntitle: t\ndate: 2025-11-28\ntitel: x\n---\n", 4, "unknown front matter key"),
        ("---\ntitle: t\ndate: 2025-11-28\nimage: [a, b]\n---\n", 4, "image must be"),
        ("---\ntitle: t\ndate: 2025-11-28\nslug: ../etc\n---\n", 4, "cannot be used in a URL"),
        ("---\n- a\n- b\n---\n", 2, "key: value"),
    ],
)
def test_front_matter_errors_name_the_line(source, line, words):
    with pytest.raises(PostError) as info:
        fm(source)
    message = str(info.value)
    assert message.startswith(f"{PATH}:{line}: chirpy_reader: "), message
    assert words in message
    assert "; " in message  # every error says what to do


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbf---\ntitle: t\n---\n", "---\ntitle: t\n---\n"),
        (b"---\r\ntitle: t\r\n---\r\n", "---\ntitle: t\n---\n"),
        ("---\ntitle: 도커\n---\n".encode(), "---\ntitle: 도커\n---\n"),
    ],
)
def test_decoding(data, expected):
    assert decode_post(data, PATH) == expected


def test_euc_kr_is_detected_with_its_line():
    data = "---\ntitle: t\n---\n\n도커란 무엇인가\n".encode("cp949")
    with pytest.raises(PostError) as info:
        decode_post(data, PATH)
    assert str(info.value).startswith(f"{PATH}:5: ")
    assert "EUC-KR/CP949" in str(info.value)


FRONT_MATTERS = [
    'title: "[도커-1] 설치"\ndate: 2025-11-28 12:00:00 +0900\ncategories: [Infra, Docker]\ntags: [도커]',
    "title: a\npin: yes\ntoc: no\ncomments: ~\nimage:\n  path: /a.png\n  alt: 그림\n",
    "title: |\n  여러 줄\n  제목\nlast_modified_at: 2025-12-01T10:00:00Z\nnumbers: [1, 2.5, 0x1f, .inf]\n",
    "? complex\n: key\nempty:\n'quoted key': \"값\"\n",
]


@pytest.mark.parametrize("source", FRONT_MATTERS)
def test_libyaml_reads_what_pyyaml_reads(source):
    from plugins.chirpy_reader import front_matter

    if len(front_matter._LOADERS) == 1:
        pytest.skip("PyYAML without libyaml")
    fast, pure = (front_matter._compose(loader, source) for loader in front_matter._LOADERS)
    assert fast == pure
