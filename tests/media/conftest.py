"""Fixtures for the media tests: a content folder with small real images and videos made on the spot."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SVG = '<svg xmlns="http://www.w3.org/2000/svg" {size}><rect width="10" height="10"/></svg>'


def _ffmpeg(*args: str) -> None:
    import imageio_ffmpeg

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-v", "error", "-y", *args], check=True, timeout=120)


def _video(path: Path, *codec: str, audio: bool = False, size: str = "320x240") -> None:
    sound = ["-f", "lavfi", "-i", "sine=frequency=440:duration=2"] if audio else []
    _ffmpeg("-f", "lavfi", "-i", f"testsrc=size={size}:rate=10:duration=2", *sound, *codec, "-t", "2", str(path))


@pytest.fixture(scope="session")
def content(tmp_path_factory) -> Path:
    """content/ with assets/img (images) and assets/video (videos, posters, captions)."""
    from PIL import Image

    root = tmp_path_factory.mktemp("media") / "content"
    img = root / "assets" / "img"
    vid = root / "assets" / "video"
    img.mkdir(parents=True)
    vid.mkdir(parents=True)
    Image.new("RGB", (800, 400), "white").save(img / "wide.png")
    Image.new("RGB", (300, 200), "gray").save(img / "photo.jpg")
    Image.new("RGB", (1400, 800), "white").save(img / "flow.png")
    (img / "flow.svg").write_text(SVG.format(size='viewBox="0 0 1400 800"'))
    (img / "pic.svg").write_text(SVG.format(size='width="120" height="60"'))
    (img / "box.svg").write_text(SVG.format(size='width="100%" viewBox="0 0 50 25"'))
    Image.new("RGB", (64, 32), "white").save(img / "Upper.PNG")
    Image.new("RGB", (10, 10), "white").save(img / "scan.tiff")
    (img / "notes.png").write_text("not an image")
    (root / "other").mkdir()
    Image.new("RGB", (10, 10), "white").save(root / "other" / "hidden.png")
    Image.new("RGB", (10, 10), "white").save(root.parent / "outside.png")

    h264 = ["-c:v", "libx264", "-pix_fmt", "yuv420p"]
    _video(vid / "clip.mp4", *h264, "-c:a", "aac", audio=True)
    _video(vid / "clip.webm", "-c:v", "libvpx-vp9")
    _video(vid / "clip.ogg", "-c:v", "libtheora")
    Image.new("RGB", (320, 240), "black").save(vid / "clip.poster.jpg")
    (vid / "clip.ko.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\n자막\n", encoding="utf-8")
    _video(vid / "bare.mp4", *h264, size="640x360")
    _video(vid / "mpeg4.mp4", "-c:v", "mpeg4")
    _video(vid / "movie.mov", *h264)
    _video(vid / "yuv444.mp4", "-c:v", "libx264", "-pix_fmt", "yuv444p")
    (vid / "notvideo.mp4").write_text("hello")
    _video(vid / "badcap.mp4", *h264)
    (vid / "badcap.ko.vtt").write_text("hello\n")
    (root / "assets" / "audio").mkdir()
    for name in ("talk.mp3", "talk.ogg"):
        (root / "assets" / "audio" / name).write_bytes(b"ID3 placeholder")
    return root
