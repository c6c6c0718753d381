"""The first post's media: made from media/ sources, faithful to the post, within the limits the issue sets."""

from __future__ import annotations

import hashlib
import itertools
import re

import pytest
from PIL import Image, ImageChops, ImageStat

from plugins.media.probe import Prober, playback_problem
from tests.conftest import ROOT

ASSETS = ROOT / "content/assets/img/docker"
POST = ROOT / "content/posts/2025-11-28-docker-1.md"


from media import render
from media.mediagen.commands import CommandListError, post_commands
from media.mediagen.screencast import Session, SessionMismatch, Step, check_session, duration, vtt
from media.mediagen.terminal import cells, wrap


def rendered(name: str) -> bool:
    """Is the committed file the one `invoke media` wrote (not one the author put in its place)?"""
    return render.rendered_hashes().get(name) == hashlib.sha256((ASSETS / name).read_bytes()).hexdigest()


def needs_rendered(*names: str) -> None:
    replaced = [n for n in names if not (ASSETS / n).is_file() or not rendered(n)]
    if replaced:
        pytest.skip(f"{', '.join(replaced)} replaced by the author (not in media/rendered.txt): only general checks apply")


def test_the_post_references_exactly_these_files():
    text = POST.read_text(encoding="utf-8")
    referenced = set(re.findall(r"assets/img/docker/([\w.]+)", text))
    assert referenced == {"icon.png", "docker_flow.PNG", "starting.PNG", "install.mp4"}
    for name in [*referenced, "docker_flow.svg"]:
        assert (ASSETS / name).is_file(), name


def test_rendered_files_are_recorded():
    hashes = render.rendered_hashes()
    assert set(hashes) == {"icon.png", "docker_flow.PNG", "docker_flow.svg", "starting.PNG", "install.mp4",
                           "install.poster.jpg", "install.ko.vtt"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in hashes.values())


def test_commands_come_from_the_post():
    commands = post_commands(POST.read_text(encoding="utf-8"), "post.md")
    assert [c.text for c in commands] == [
        "docker version",
        "sudo dnf config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo",
        "sudo dnf install docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin",
        "systemctl status docker",
        "systemctl start docker",
        "sudo usermod -aG docker $USER",
    ]
    assert [c.optional for c in commands] == [False] * 5 + [True]
    assert commands[3].explanations == ("도커 서비스의 현재 상태를 확인한다.", "dead, failed: 서비스 중지, running: 서비스 기동중")
    assert all(POST.read_text(encoding="utf-8").split("\n")[c.line - 1].lstrip("- ").find(c.text) >= 0 for c in commands)


@pytest.mark.parametrize("text, message", [
    ("# 제목\n본문\n", "no command list under a '각 구문별 해석' heading"),
    ("#### 각 구문별 해석\n\n본문만 있다\n", "no command list under a '각 구문별 해석' heading"),
    ("#### 각 구문별 해석\n\n```bash\ndocker ps\n", "post.md:3"),
])
def test_command_list_missing(text, message):
    with pytest.raises(CommandListError, match=re.escape(message)):
        post_commands(text, "post.md")


def test_session_scripts_exactly_the_posts_commands():
    commands, session, _shots, _cues = render.plan_install()
    check_session(commands, session, "post.md", "session.yaml")
    with pytest.raises(SessionMismatch, match=r"post.md:\d+: media: session.yaml has no output for `docker version`"):
        steps = dict(session.steps)
        del steps["docker version"]
        check_session(commands, Session(session.prompt, session.title, session.subtitle, steps), "post.md", "session.yaml")
    with pytest.raises(SessionMismatch, match="`docker ps` is not in the post's command list"):
        steps = {**session.steps, "docker ps": (Step(out="x"),)}
        check_session(commands, Session(session.prompt, session.title, session.subtitle, steps), "post.md", "session.yaml")


def test_screencast_plan_types_every_command_and_captions_it():
    commands, _session, shots, cues = render.plan_install()
    assert 20 <= duration(shots) <= 60
    final_screen = "\n".join(shots[-1].lines)
    for command in commands:
        assert "$ " + command.text in final_screen
    assert "재현 화면" in cues[0].text and cues[0].start == 0, "the first caption says the video is a re-creation"
    assert [c.text.removeprefix("(선택) ") for c in cues[1:]] == ["\n".join(c.explanations) for c in commands]
    assert all(a.end <= b.start + 1e-6 and a.start < a.end for a, b in itertools.pairwise(cues))
    assert shots[0].card, "the video opens on the title card the poster shows"


def test_committed_captions_match_the_post():
    needs_rendered("install.ko.vtt")
    _commands, _session, _shots, cues = render.plan_install()
    assert (ASSETS / "install.ko.vtt").read_text(encoding="utf-8") == vtt(cues)


def test_committed_video_is_browser_playable():
    info = Prober().video(ASSETS / "install.mp4")
    assert playback_problem(info, ".mp4") is None
    assert info.duration > 0


def test_rendered_video_is_short_small_and_as_planned():
    needs_rendered("install.mp4")
    video = ASSETS / "install.mp4"
    info = Prober().video(video)
    assert info.codec == "h264" and (info.width, info.height) == render.VIDEO_SIZE
    assert 20 <= info.duration <= 60
    assert video.stat().st_size < 2 * 1024 * 1024
    _commands, _session, shots, _cues = render.plan_install()
    assert info.duration == pytest.approx(duration(shots), abs=0.2)


def _same_pixels(a: Image.Image, b: Image.Image) -> bool:
    if a.size != b.size:
        return False
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    return max(ImageStat.Stat(diff).mean) < 0.5


@pytest.mark.parametrize("what, files", [
    ("icon", ["icon.png"]),
    ("flow", ["docker_flow.PNG"]),
    ("starting", ["starting.PNG"]),
])
def test_committed_images_are_what_the_sources_render(tmp_path, what, files):
    needs_rendered(*files)
    render.RENDERERS[what](tmp_path)
    for name in files:
        with Image.open(tmp_path / name) as fresh, Image.open(ASSETS / name) as committed:
            assert _same_pixels(fresh, committed), f"{name} differs from its source; run `invoke media`"


def test_committed_svg_is_the_source():
    assert (ASSETS / "docker_flow.svg").read_bytes() == (ROOT / "media" / "docker_flow.svg").read_bytes()


def test_poster_is_the_first_frame_of_the_video(tmp_path):
    needs_rendered("install.poster.jpg")
    _commands, session, shots, _cues = render.plan_install()
    fresh = render.render_shot(shots[0], render.VIDEO_LOOK, session, render.VIDEO_SIZE)
    with Image.open(ASSETS / "install.poster.jpg") as committed:
        assert committed.size == render.VIDEO_SIZE
        diff = ImageChops.difference(fresh, committed.convert("RGB"))
        assert max(ImageStat.Stat(diff).mean) < 2.0  # JPEG


def test_starting_screenshot_text():
    text = (ROOT / "media" / "starting.txt").read_text(encoding="utf-8")
    assert "Rocky Linux" in text
    assert re.search(r"\$ docker version\nbash: docker: command not found\.\.\.\n", text)


@pytest.mark.parametrize("lines, cols, expected", [
    (["abcdef"], 4, ["abcd", "ef"]),
    (["가나다"], 4, ["가나", "다"]),
    (["ab가"], 3, ["ab", "가"]),
    ([""], 4, [""]),
])
def test_terminal_wraps_like_a_terminal(lines, cols, expected):
    assert wrap(lines, cols) == expected
    assert all(cells(row) <= cols for row in wrap(lines, cols))


@pytest.mark.render
def test_rendering_the_video_twice_gives_the_same_bytes(tmp_path):
    """`invoke media` is deterministic: the committed video is exactly what the sources give."""
    needs_rendered("install.mp4", "install.ko.vtt")
    render.render_install(tmp_path)
    assert (tmp_path / "install.mp4").read_bytes() == (ASSETS / "install.mp4").read_bytes()
    assert (tmp_path / "install.ko.vtt").read_bytes() == (ASSETS / "install.ko.vtt").read_bytes()
