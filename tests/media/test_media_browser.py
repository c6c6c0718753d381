"""The built first post in a real browser: every image decoded at its natural size, the video's metadata,
poster and captions loaded, all from the site itself, served from a sub-path."""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from plugins.media.probe import Prober
from plugins.sitebuild.runner import build
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ASSETS = ROOT / "content/assets/img/docker"
PREFIX = "/blog"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder under /blog/, as GitHub Pages serves a project site."""

    def translate_path(self, path):
        if not path.startswith(PREFIX + "/"):
            return str(Path(self.directory) / "__not_under_the_sub_path__")
        return super().translate_path(path[len(PREFIX):])

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip("Debian's chromium is not installed (bash setup.sh --test installs it)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}{PREFIX}"
    out = tmp_path_factory.mktemp("browser-site") / "output"
    result = build(ROOT / "pelicanconf.py", overrides={"SITEURL": base, "CACHE_PATH": str(out.parent / "cache"),
                                                       "LOAD_CONTENT_CACHE": False}, output=out)
    assert result.ok, result.problems
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_SubPathHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def first_post(served_site, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    requests: list[str] = []
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(f"{served_site}/posts/docker-1/", wait_until="load")
            yield page, requests
        finally:
            context.close()


IMAGES = ["icon.png", "docker_flow.PNG", "starting.PNG"]


@pytest.mark.parametrize("name", IMAGES)
def test_image_is_decoded_at_its_natural_size(first_post, name):
    page, _ = first_post
    img = page.locator(f'figure.media img[src$="/{name}"]')
    assert img.count() == 1
    img.scroll_into_view_if_needed()
    size = img.evaluate("async (el) => { await el.decode(); return [el.naturalWidth, el.naturalHeight]; }")
    with Image.open(ASSETS / name) as original:
        assert tuple(size) == original.size
    shown = img.evaluate("el => [el.getAttribute('width'), el.getAttribute('height')]")
    assert int(shown[0]) * original.size[1] == pytest.approx(int(shown[1]) * original.size[0], rel=0.01), \
        "width/height attributes keep the file's aspect ratio"


def test_video_metadata_poster_and_captions_load(first_post, tmp_path):
    page, _ = first_post
    video = page.locator("figure.media-video video")
    assert video.count() == 1
    video.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('figure.media-video video').readyState >= 1", timeout=30_000)
    state = video.evaluate("""async (v) => {
        const track = v.textTracks[0];
        if (track) track.mode = 'showing';
        const deadline = Date.now() + 20000;
        while (track && (!track.cues || track.cues.length === 0) && Date.now() < deadline) {
            await new Promise(r => setTimeout(r, 100));
        }
        const poster = new Image();
        poster.src = v.poster;
        await poster.decode();
        return {duration: v.duration, width: v.videoWidth, height: v.videoHeight, paused: v.paused,
                error: v.error && v.error.code, tracks: v.textTracks.length,
                kind: track && track.kind, lang: track && track.language,
                cues: track && track.cues ? track.cues.length : 0,
                posterSize: [poster.naturalWidth, poster.naturalHeight]};
    }""")
    info = Prober().video(ASSETS / "install.mp4")  # the rendered screencast, or the author's recording
    poster_file = ASSETS / "install.poster.jpg"
    assert state["error"] is None
    assert state["duration"] == pytest.approx(info.duration, abs=0.5) and state["duration"] > 0
    assert (state["width"], state["height"]) == (info.width, info.height)
    assert state["paused"], "nothing plays by itself: the poster is what the reader sees"
    if poster_file.is_file():
        with Image.open(poster_file) as poster:
            assert tuple(state["posterSize"]) == poster.size
    else:  # a frame taken from the video at build time
        assert tuple(state["posterSize"]) == (info.width, info.height)
    captions = ASSETS / "install.ko.vtt"
    if not captions.is_file():
        assert state["tracks"] == 0
        return
    assert (state["tracks"], state["kind"], state["lang"]) == (1, "captions", "ko")
    assert state["cues"] == captions.read_text(encoding="utf-8").count(" --> ")
    if not poster_file.is_file():
        return

    shot = tmp_path / "video.png"
    video.screenshot(path=str(shot))
    with Image.open(shot) as seen, Image.open(ASSETS / "install.poster.jpg") as poster:
        seen = seen.convert("RGB")
        # Compare the top half (the controls cover the bottom): the poster is what the element shows.
        box = (0, 0, seen.width, seen.height // 2)
        expected = poster.convert("RGB").resize(seen.size).crop(box)
        assert max(ImageStat.Stat(ImageChops.difference(seen.crop(box), expected)).mean) < 25


def test_every_request_stays_on_the_site(first_post, served_site):
    page, requests = first_post
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(500)
    assert requests, "the page was requested"
    outside = [u for u in requests if not u.startswith(served_site) and not u.startswith("data:")]
    assert outside == []
