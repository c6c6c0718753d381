"""Whole builds: media URLs under a sub-path SITEURL, posters taken at build time, errors, the content cache."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from plugins.sitebuild.output_folder import mark_output
from plugins.sitebuild.runner import build
from tests.conftest import ROOT

pytestmark = pytest.mark.build

SUBPATH = "https://example.github.io/blog"
FRONT = '---\ntitle: "미디어"\ndate: 2025-11-28 12:00:00 +0900\n---\n'


class Site:
    def __init__(self, root: Path, assets: Path):
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        (self.content / "posts").mkdir(parents=True)
        shutil.copytree(assets, self.content / "assets")

    def post(self, body: str, name: str = "2025-11-28-media.md") -> None:
        (self.content / "posts" / name).write_text(FRONT + body, encoding="utf-8")

    def build(self, **overrides):
        settings = {"PATH": str(self.content), "CACHE_PATH": str(self.root / "cache"), "LOAD_CONTENT_CACHE": False,
                    **overrides}
        return build(ROOT / "pelicanconf.py", overrides=settings, output=self.output)

    def page(self, slug: str = "media") -> BeautifulSoup:
        return BeautifulSoup((self.output / "posts" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def site(tmp_path, content) -> Site:
    return Site(tmp_path / "site", content / "assets")


def media_urls(page: BeautifulSoup) -> list[str]:
    urls = []
    for tag in page.select("figure img, figure video, figure source, figure track, figure a"):
        for attr in ("src", "poster", "href"):
            if tag.get(attr):
                urls.append(tag[attr])
    return urls


def test_poster_taken_from_the_video_is_served_under_a_sub_path(site):
    site.post('\n<video src="/assets/video/bare.mp4"></video>\n\n![사진](/assets/img/photo.jpg)\n')
    result = site.build(SITEURL=SUBPATH)
    assert result.ok, result.problems
    poster = site.output / "assets/video/bare.poster.jpg"
    with Image.open(poster) as im:
        assert (im.format, im.size) == ("JPEG", (640, 360))
    page = site.page()
    assert page.find("video")["poster"] == f"{SUBPATH}/assets/video/bare.poster.jpg"
    urls = media_urls(page)
    assert len(urls) == 5  # poster, source, download link, image and its zoom link
    for url in urls:
        assert url.startswith(SUBPATH + "/assets/"), url
        assert (site.output / urlparse(url).path.removeprefix("/blog/")).is_file(), url


def test_missing_media_fails_the_build_with_one_line(site):
    site.output.mkdir(parents=True)
    (site.output / "old.txt").write_text("old")
    mark_output(site.output)  # a previous build's
    site.post("\n본문\n\n![없는 그림](/assets/img/nope.png)\n")
    result = site.build()
    assert not result.ok
    assert result.problems == (
        ("content/posts/2025-11-28-media.md:8: media: media file '/assets/img/nope.png' does not exist "
        "(looked for content/assets/img/nope.png); add the file as content/assets/img/nope.png or fix the path"),
    )
    assert (site.output / "old.txt").read_text() == "old", "the previous output must stay"


def test_unknown_media_setting_fails_the_build(site):
    site.post("\n본문\n")
    result = site.build(MEDIA={"eager": 1})
    assert not result.ok
    assert any("pelicanconf.py: media: unknown MEDIA key(s) 'eager'" in p for p in result.problems), result.problems


def test_changed_media_refresh_a_cached_page(site):
    cached = {"LOAD_CONTENT_CACHE": True, "CACHE_CONTENT": True}
    site.post('\n<img src="/assets/img/photo.jpg" alt="사진" width="150">\n\n<video src="/assets/video/bare.mp4"></video>\n')
    assert site.build(**cached).ok
    assert site.page().find("img")["height"] == "100"
    assert site.page().find("video")["poster"].endswith("bare.poster.jpg")

    photo = site.content / "assets/img/photo.jpg"
    Image.new("RGB", (300, 100), "gray").save(photo)
    stat = photo.stat()
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    Image.new("RGB", (640, 360), "red").save(site.content / "assets/video/bare.poster.png")
    result = site.build(**cached)
    assert result.ok, result.problems
    assert site.page().find("img")["height"] == "50", "the new photo's ratio"
    assert site.page().find("video")["poster"].endswith("/assets/video/bare.poster.png"), "the poster added beside it"


def test_first_post_media_exist_under_a_sub_path(built_site_subpath):
    html = (built_site_subpath / "posts/docker-1/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert 'align="' not in html, "obsolete align attributes must be gone"
    names = sorted({Path(urlparse(u).path).name for u in media_urls(page)})
    assert names == ["docker_flow.PNG", "docker_flow.svg", "icon.png", "install.ko.vtt", "install.mp4",
                     "install.poster.jpg", "starting.PNG"]
    for url in media_urls(page):
        assert url.startswith(SUBPATH + "/assets/img/docker/"), url
        assert (built_site_subpath / urlparse(url).path.removeprefix("/blog/")).is_file(), url
    video = page.find("video")
    assert video.find("track", kind="captions", srclang="ko") is not None
    assert re.fullmatch(r"\d+", video["width"]) and re.fullmatch(r"\d+", video["height"])


def test_cdn_serves_body_media_and_the_preview_image(site):
    """Chirpy's `cdn`: every media URL of the post, the preview image's too, is [cdn/][media_subpath/]file."""
    (site.content / "posts" / "2025-11-28-media.md").write_text(
        '---\ntitle: "미디어"\ndate: 2025-11-28 12:00:00 +0900\nmedia_subpath: /assets/img\nimage: wide.png\n---\n'
        "\n![사진](photo.jpg)\n", encoding="utf-8")
    result = site.build(MEDIA={"cdn": "https://cdn.example.com"})
    assert result.ok, result.problems
    page = site.page()
    assert page.select_one(".post-content figure img")["src"] == "https://cdn.example.com/assets/img/photo.jpg"
    assert page.select_one(".post-preview img")["src"] == "https://cdn.example.com/assets/img/wide.png"
    index = BeautifulSoup((site.output / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select_one(".post-card-preview img")["src"] == "https://cdn.example.com/assets/img/wide.png"
