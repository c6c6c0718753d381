"""Render the first post's media from the sources in media/ (run by `invoke media`).

    python -m media.render [--out DIR] [icon] [flow] [starting] [install]

Writes into content/assets/img/docker/: icon.png (from icon.svg), docker_flow.PNG and
docker_flow.svg (from docker_flow.svg), starting.PNG (from starting.txt), and install.mp4,
install.poster.jpg, install.ko.vtt (the post's install commands, scripted by install_session.yaml).
The same sources give the same bytes. media/rendered.txt records the SHA-256 of each file written,
so the tests can tell a rendered file (checked against its sources) from one the author put in
its place (e.g. the original install recording: checked only for what every media file needs).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

import yaml

from media.mediagen.commands import post_commands
from media.mediagen.screencast import (
    Pace,
    Session,
    Step,
    check_session,
    duration,
    encode,
    plan,
    render_shot,
    vtt,
)
from media.mediagen.svg import render_svg
from media.mediagen.terminal import Look, draw

POST = ROOT / "content/posts/2025-11-28-docker-1.md"
OUT = ROOT / "content/assets/img/docker"
SESSION = HERE / "install_session.yaml"
RENDERED = HERE / "rendered.txt"
VIDEO_SIZE = (1280, 720)
VIDEO_LOOK = Look(cols=80, rows=17, font_size=30, line_height=36, pad=24, bar=48, title="user@rocky:~")
SCREENSHOT_LOOK = Look(cols=80, rows=11, font_size=24, line_height=32, pad=20, bar=44, title="user@rocky:~")
MAX_VIDEO_BYTES = 2 * 1024 * 1024


def _png(image, path: Path) -> None:
    image.save(path, "PNG", optimize=True)
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def render_icon(out: Path) -> None:
    _png(render_svg(HERE / "icon.svg", 1000), out / "icon.png")


def render_flow(out: Path) -> None:
    _png(render_svg(HERE / "docker_flow.svg", 1400).convert("RGB"), out / "docker_flow.PNG")
    shutil.copyfile(HERE / "docker_flow.svg", out / "docker_flow.svg")


def render_starting(out: Path) -> None:
    lines = (HERE / "starting.txt").read_text(encoding="utf-8").rstrip("\n").split("\n")
    _png(draw(lines, SCREENSHOT_LOOK), out / "starting.PNG")


def load_session(path: Path = SESSION) -> Session:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = {str(cmd): tuple(Step(**step) for step in (items or [])) for cmd, items in data["commands"].items()}
    return Session(prompt=data["prompt"], title=data["title"], subtitle=data["subtitle"], steps=steps,
                   caption=data.get("caption", ""))


def plan_install(post: Path = POST, session_file: Path = SESSION):
    commands = post_commands(post.read_text(encoding="utf-8"), str(post.relative_to(ROOT)))
    session = load_session(session_file)
    check_session(commands, session, str(post.relative_to(ROOT)), str(session_file.relative_to(ROOT)))
    shots, cues = plan(commands, session, Pace())
    return commands, session, shots, cues


def render_install(out: Path) -> None:
    _commands, session, shots, cues = plan_install()
    seconds = duration(shots)
    if not 20 <= seconds <= 60:
        raise SystemExit(f"media: the screencast would last {seconds:.1f} s; keep it between 20 and 60 s (tune Pace)")
    video = out / "install.mp4"
    encode(shots, session, video, VIDEO_LOOK, VIDEO_SIZE)
    size = video.stat().st_size
    if size >= MAX_VIDEO_BYTES:
        raise SystemExit(f"media: install.mp4 is {size / 1024 / 1024:.2f} MB; it must stay under 2 MB")
    print(f"wrote {video.relative_to(ROOT) if video.is_relative_to(ROOT) else video} ({seconds:.1f} s, {size // 1024} KB)")
    poster = render_shot(shots[0], VIDEO_LOOK, session, VIDEO_SIZE)
    poster.save(out / "install.poster.jpg", "JPEG", quality=85, optimize=True)
    (out / "install.ko.vtt").write_text(vtt(cues), encoding="utf-8")
    print("wrote install.poster.jpg, install.ko.vtt")


def rendered_hashes(path: Path = RENDERED) -> dict[str, str]:
    """{file name: sha256} of the files `invoke media` wrote last."""
    if not path.is_file():
        return {}
    pairs = (line.split("  ", 1) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {name: digest for digest, name in pairs}


def record_hashes(out: Path, path: Path = RENDERED) -> None:
    hashes = rendered_hashes(path)
    for file in sorted(out.iterdir()):
        if file.is_file():
            hashes[file.name] = hashlib.sha256(file.read_bytes()).hexdigest()
    path.write_text("".join(f"{digest}  {name}\n" for name, digest in sorted(hashes.items())), encoding="utf-8")


RENDERERS = {"icon": render_icon, "flow": render_flow, "starting": render_starting, "install": render_install}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", nargs="*", choices=[*RENDERERS, []], help="what to render (default: everything)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: content/assets/img/docker)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.what or RENDERERS:
        RENDERERS[name](args.out)
    if args.out.resolve() == OUT.resolve():
        record_hashes(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
