"""One Markdown serves every post of a build: a post read after others gives what it gives alone."""

from __future__ import annotations

import pytest

from tests.conftest import POSTS, ROOT


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    from pelican import Pelican
    from pelican.settings import read_settings

    out = tmp_path_factory.mktemp("reuse")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(ROOT / "content"), "OUTPUT_PATH": str(out / "output"), "CACHE_PATH": str(out / "cache")})
    Pelican(settings)  # registers the plugins, whose Markdown extensions the reader adds
    return settings


def read_alone(settings, post) -> tuple:
    from plugins.chirpy_reader.reader import ChirpyReader

    return ChirpyReader(settings).read(str(post))


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_posts_read_in_a_row_give_what_each_gives_alone(settings, order):
    from plugins.chirpy_reader.reader import ChirpyReader

    posts = POSTS if order == "forward" else POSTS[::-1]
    reader = ChirpyReader(settings)
    for post in posts:
        content, metadata = reader.read(str(post))
        alone_content, alone_metadata = read_alone(settings, post)
        assert content == alone_content, post.name
        assert metadata == alone_metadata, post.name
    assert reader.markdown() is reader.markdown(), "one Markdown for the reader's posts"


def test_a_failed_post_leaves_nothing_for_the_next(settings, tmp_path):
    from plugins.chirpy_reader.reader import ChirpyReader
    from plugins.sitebuild.errors import PostError

    broken = tmp_path / "2024-01-01-broken.md"
    broken.write_text("---\ntitle: x\n---\n\n## 제목\n\n<div>\n\n```bash\n$ echo hi\n", encoding="utf-8")
    reader = ChirpyReader(dict(settings, PATH=str(tmp_path)))
    with pytest.raises(PostError):
        reader.read(str(broken))
    reader.settings = settings
    content, metadata = reader.read(str(POSTS[0]))
    assert (content, metadata) == read_alone(settings, POSTS[0])


def test_after_the_build_each_post_gets_its_own_markdown(settings):
    """The preview reads an edited post with the last build's reader: its build-wide objects are gone."""
    from plugins.chirpy_reader.reader import ChirpyReader

    reader = ChirpyReader(settings)
    assert reader.markdown() is reader.markdown()
    reader._finish_build(None)  # what Pelican's `finalized` signal calls (the other receivers write the site)
    assert reader.markdown() is not reader.markdown()
    content, metadata = reader.read(str(POSTS[0]))
    assert (content, metadata) == read_alone(settings, POSTS[0])
