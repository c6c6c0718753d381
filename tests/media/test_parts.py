"""The media plugin's pure parts: scanning, path resolution, probing, settings, the HTML tokenizer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.media import probe as probe_module
from plugins.media.html_blocks import tokenize
from plugins.media.model import (
    HTML,
    IMAGE,
    INCLUDE,
    MARKDOWN,
    POSTER,
    SOURCE,
    TRACK,
    VIDEO,
    ImageInfo,
    MediaRef,
    VideoInfo,
)
from plugins.media.paths import MediaPathError, site_path
from plugins.media.probe import ProbeError, Prober, playback_problem, probe_image
from plugins.media.scan import find_media
from plugins.media.settings import MediaSettingsError, read_settings

SCANS = [
    pytest.param('<img src="a.png">', [MediaRef(1, IMAGE, HTML, "a.png")], id="img"),
    pytest.param("x\n<IMG alt='x' SRC='/b.png'>", [MediaRef(2, IMAGE, HTML, "/b.png")], id="upper-case tag, single quotes"),
    pytest.param('<video\n src="v.mp4"\n poster="p.jpg">\n<source src="w.webm">\n<track src="c.vtt">\n</video>',
                 [MediaRef(2, VIDEO, HTML, "v.mp4"), MediaRef(3, POSTER, HTML, "p.jpg"),
                  MediaRef(4, SOURCE, HTML, "w.webm"), MediaRef(5, TRACK, HTML, "c.vtt")], id="video over lines"),
    pytest.param('![alt](a.png "제목") and ![b](<with space.png>)',
                 [MediaRef(1, IMAGE, MARKDOWN, "a.png"), MediaRef(1, IMAGE, MARKDOWN, "with space.png")],
                 id="Markdown images with title and angle brackets"),
    pytest.param("```\n<img src=\"a.png\">\n```\n~~~\n![x](b.png)\n~~~\n<img src=\"c.png\">",
                 [MediaRef(7, IMAGE, HTML, "c.png")], id="fenced code skipped"),
    pytest.param("`<img src=\"a.png\">` <!-- <img src=\"b.png\"> -->\n![x](c.png)",
                 [MediaRef(2, IMAGE, MARKDOWN, "c.png")], id="inline code and comments skipped"),
    pytest.param("{% include embed/video.html src='v.mp4' poster=\"p.jpg\" %}",
                 [MediaRef(1, VIDEO, INCLUDE, "v.mp4"), MediaRef(1, POSTER, INCLUDE, "p.jpg")], id="video include"),
    pytest.param('<img data-src="x.png" src="">', [], id="empty src and other attributes ignored"),
]


@pytest.mark.parametrize("text, refs", SCANS)
def test_find_media(text, refs):
    assert find_media(text)[0] == refs


def test_find_includes_with_params():
    _, includes = find_media("a\n{%- include embed/youtube.html id='Balreaj8Yqs' -%}\n{% include footer.html %}")
    assert [(i.line, i.name, i.params) for i in includes] == [(2, "embed/youtube.html", (("id", "Balreaj8Yqs"),))]


PATHS = [
    ("assets/img/a.png", "", "assets/img/a.png"),
    ("/assets/img/a.png", "", "assets/img/a.png"),
    ("a.png", "/assets/img/post", "assets/img/post/a.png"),
    ("a.png", "assets/img/post/", "assets/img/post/a.png"),
    ("/assets/a.png", "/assets/img/post", "assets/a.png"),
    ("{static}/assets/a.png", "/other", "assets/a.png"),
    ("/assets/img/../a.png", "", "assets/a.png"),
    ("/assets/my%20pic.png?v=1#x", "", "assets/my pic.png"),
]


@pytest.mark.parametrize("written, subpath, expected", PATHS)
def test_site_path(written, subpath, expected):
    assert site_path(written, subpath) == expected


@pytest.mark.parametrize("written, message", [
    ("../a.png", "points outside the content folder"),
    ("/assets/../../etc/passwd", "points outside the content folder"),
    ("/", "points outside the content folder"),
    ("C:\\Users\\me\\a.png", "is a file on your computer"),
    ("file:///home/me/a.png", "is a file on your computer"),
    ("assets\\img\\a.png", "uses backslashes"),
])
def test_site_path_refuses(written, message):
    with pytest.raises(MediaPathError) as caught:
        site_path(written)
    assert message in caught.value.problem.message


@pytest.mark.parametrize("name, size", [("wide.png", (800, 400)), ("photo.jpg", (300, 200)), ("pic.svg", (120, 60)),
                                        ("box.svg", (50, 25)), ("flow.svg", (1400, 800))])
def test_image_sizes(content, name, size):
    info = probe_image(content / "assets/img" / name)
    assert (info.width, info.height) == size


def test_svg_without_size(tmp_path):
    (tmp_path / "x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    with pytest.raises(ProbeError, match="without a size"):
        probe_image(tmp_path / "x.svg")


def test_video_probe(content):
    info = Prober().video(content / "assets/video/clip.mp4")
    assert (info.width, info.height, info.codec, info.audio_codec, info.pix_fmt) == (320, 240, "h264", "aac", "yuv420p")
    assert info.duration == pytest.approx(2.0, abs=0.1)


H264 = VideoInfo(320, 240, 2.0, "h264", "aac", "yuv420p")


@pytest.mark.parametrize("info, suffix, problem", [
    (H264, ".mp4", None),
    (VideoInfo(320, 240, 2.0, "h264", "", "yuv420p"), ".MP4", None),
    (VideoInfo(320, 240, 2.0, "vp9", "opus", "yuv420p"), ".webm", None),
    (VideoInfo(320, 240, 2.0, "av1", "", "yuv420p"), ".webm", None),
    (VideoInfo(320, 240, 2.0, "hevc", "aac", "yuv420p"), ".mp4", "its video is hevc"),
    (VideoInfo(320, 240, 2.0, "h264", "mp3", "yuv420p"), ".mp4", "its sound is mp3"),
    (VideoInfo(320, 240, 2.0, "h264", "aac", "yuv422p"), ".mp4", "yuv422p"),
    (VideoInfo(320, 240, 2.0, "h264", "", "yuv420p"), ".webm", "WebM plays only with VP8, VP9 or AV1"),
    (VideoInfo(320, 240, 2.0, "vp8", "aac", "yuv420p"), ".webm", "its sound is aac"),
    (H264, ".avi", ".avi videos do not play"),
])
def test_playback_problem(info, suffix, problem):
    found = playback_problem(info, suffix)
    assert found == problem if problem is None else problem in found


def test_prober_reads_each_file_once_per_build(content, monkeypatch):
    calls = []
    real = probe_module.probe_video
    monkeypatch.setattr(probe_module, "probe_video", lambda f: calls.append(f) or real(f))
    prober = Prober()
    for _ in range(3):
        prober.video(content / "assets/video/clip.mp4")
    with pytest.raises(ProbeError):
        prober.video(content / "assets/video/notvideo.mp4")
    with pytest.raises(ProbeError):
        prober.video(content / "assets/video/notvideo.mp4")
    assert [f.name for f in calls] == ["clip.mp4", "notvideo.mp4"]
    Prober().video(content / "assets/video/clip.mp4")
    assert len(calls) == 3, "a new build probes again"


def test_prober_notices_a_changed_file(tmp_path):
    from PIL import Image

    path = tmp_path / "a.png"
    Image.new("RGB", (10, 10)).save(path)
    prober = Prober()
    assert prober.image(path) == ImageInfo(10, 10, "PNG")
    Image.new("RGB", (20, 10)).save(path)
    import os

    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert prober.image(path) == ImageInfo(20, 10, "PNG")


@pytest.mark.parametrize("value, expected", [
    (None, read_settings({})),
    ({"eager_images": 2, "poster_time": 3}, read_settings({"eager_images": 2, "poster_time": 3.0})),
])
def test_settings(value, expected):
    assert read_settings(value) == expected


@pytest.mark.parametrize("value, message", [
    ({"eager": 1}, "unknown MEDIA key(s) 'eager'"),
    ({"eager_images": "1"}, "MEDIA['eager_images'] must be int"),
    ({"eager_images": True}, "must be int"),
    ({"poster_time": -1}, "must not be negative"),
])
def test_settings_refused(value, message):
    with pytest.raises(MediaSettingsError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        read_settings(value)


@pytest.mark.parametrize("html", [
    '<div align="center">\n  <img src="a.png" alt="x">\n</div>\n',
    "<p>a &amp; b &#44; <br/> <!-- c --> <script>if (a < b) {}</script></p>",
    "<video src=x controls>fallback</video><unclosed",
    "text only",
    "&b",
])
def test_tokens_keep_the_source_text(html):
    assert "".join(t.raw for t in tokenize(html)) == html


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abdivmgsrc-!&;#\n가")), max_size=80))
def test_tokens_keep_any_text(html):
    assert "".join(t.raw for t in tokenize(html)) == html


def test_posters_cache_key_changes_with_the_video(content, tmp_path):
    from plugins.media.model import GeneratedPoster
    from plugins.media.posters import ensure_poster, poster_cache_file

    poster = GeneratedPoster("assets/video/bare.mp4", "assets/video/bare.poster.jpg", 1.0)
    frame = ensure_poster(tmp_path, content, poster)
    from PIL import Image

    with Image.open(frame) as im:
        assert im.size == (640, 360)
    assert poster_cache_file(tmp_path, content / poster.video, poster) == frame
    assert poster_cache_file(tmp_path, content / poster.video, GeneratedPoster(poster.video, poster.poster, 0.5)) != frame
    assert Path(frame).parent == tmp_path
