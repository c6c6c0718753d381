"""Plan and encode the install screencast: the post's commands typed and run in a terminal.

`plan()` is pure: from the commands and the scripted session it makes a list of shots (what the
screen shows, for how long) and the caption cues. `encode()` draws the shots with terminal.py and
pipes them to ffmpeg (imageio-ffmpeg's binary): H.264, yuv420p, MP4 with faststart, one thread so
the same input gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from media.mediagen.commands import Command
from media.mediagen.fonts import SANS_KR, font
from media.mediagen.terminal import Look, draw


@dataclass(frozen=True)
class Step:
    """One thing the terminal does after a command: print text, or ask and get typed input."""

    out: str = ""
    ask: str = ""
    answer: str = ""
    secret: bool = False
    pause: float = 0.3


@dataclass(frozen=True)
class Session:
    prompt: str
    title: str
    subtitle: str
    steps: dict[str, tuple[Step, ...]]  # command text -> what follows it
    caption: str = ""  # the caption over the title card (what the video is), before the commands' own


@dataclass(frozen=True)
class Pace:
    title: float = 2.5  # the title card at the start (also the poster)
    think: float = 0.6  # before typing a command
    cps: float = 24.0  # characters typed per second
    max_typing: float = 3.2  # a long command is typed faster, never longer than this
    enter: float = 0.35
    linger: float = 1.6  # after a command's output, before the next prompt's typing
    end: float = 3.0


@dataclass(frozen=True)
class Shot:
    lines: tuple[str, ...]
    seconds: float
    cursor: bool = True
    card: bool = False


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


class SessionMismatch(ValueError):
    pass


def check_session(commands: list[Command], session: Session, post: str, session_file: str) -> None:
    """The session must script exactly the post's commands, so the video never disagrees with the text."""
    missing = [c for c in commands if c.text not in session.steps]
    if missing:
        c = missing[0]
        raise SessionMismatch(f"{post}:{c.line}: media: {session_file} has no output for `{c.text}`; "
                              f"add it under commands:")
    extra = [text for text in session.steps if text not in {c.text for c in commands}]
    if extra:
        raise SessionMismatch(f"{session_file}: media: `{extra[0]}` is not in the post's command list ({post}); "
                              "remove it or fix its spelling")


class _Screen:
    def __init__(self):
        self.lines: list[str] = [""]
        self.shots: list[Shot] = []
        self.clock = 0.0

    def show(self, seconds: float, cursor: bool = True, card: bool = False) -> None:
        if seconds > 0:
            self.shots.append(Shot(tuple(self.lines), round(seconds, 4), cursor, card))
            self.clock += seconds

    def put(self, text: str) -> None:
        parts = text.split("\n")
        self.lines[-1] += parts[0]
        self.lines.extend(parts[1:])

    def type(self, text: str, pace: Pace) -> None:
        if not text:
            return
        per_char = min(1 / pace.cps, pace.max_typing / len(text))
        for ch in text:
            self.put(ch)
            self.show(per_char)


def plan(commands: list[Command], session: Session, pace: Pace = Pace()) -> tuple[list[Shot], list[Cue]]:
    screen = _Screen()
    screen.put(session.prompt)
    screen.show(pace.title, cursor=False, card=True)
    cues: list[Cue] = [Cue(0.0, round(screen.clock, 3), session.caption)] if session.caption else []
    for command in commands:
        start = screen.clock
        screen.show(pace.think)
        screen.type(command.text, pace)
        screen.show(pace.enter)
        screen.put("\n")
        for step in session.steps[command.text]:
            screen.show(step.pause)
            if step.out:
                screen.put(step.out + "\n")
            if step.ask:
                screen.put(step.ask)
                screen.show(0.5)
                if step.secret:
                    screen.show(0.6)
                else:
                    screen.type(step.answer, pace)
                    screen.show(0.25)
                screen.put("\n")
        screen.put(session.prompt)
        screen.show(pace.linger)
        text = "\n".join(command.explanations) or command.text
        cues.append(Cue(round(start, 3), round(screen.clock, 3), ("(선택) " if command.optional else "") + text))
    screen.show(pace.end)
    return screen.shots, cues


def duration(shots: list[Shot]) -> float:
    return sum(s.seconds for s in shots)


def vtt(cues: list[Cue]) -> str:
    def stamp(t: float) -> str:
        ms = round(t * 1000)
        return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"

    blocks = ["WEBVTT\n"]
    for n, cue in enumerate(cues, start=1):
        blocks.append(f"{n}\n{stamp(cue.start)} --> {stamp(cue.end)}\n{cue.text}\n")
    return "\n".join(blocks)


def title_card(base: Image.Image, title: str, subtitle: str) -> Image.Image:
    """The first frames and the poster: the title over the waiting terminal."""
    image = base.convert("RGBA")
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    w, h = image.size
    box = (w * 0.14, h * 0.30, w * 0.86, h * 0.70)
    pen.rounded_rectangle(box, radius=28, fill=(15, 23, 42, 235), outline=(45, 212, 191, 255), width=4)
    pen.text((w / 2, h * 0.44), title, font=font(SANS_KR, 58, "Bold"), fill="#f8fafc", anchor="mm")
    pen.text((w / 2, h * 0.56), subtitle, font=font(SANS_KR, 30), fill="#99f6e4", anchor="mm")
    return Image.alpha_composite(image, layer).convert("RGB")


def render_shot(shot: Shot, look: Look, session: Session, size: tuple[int, int]) -> Image.Image:
    frame = draw(shot.lines, look, cursor=shot.cursor, size=size)
    return title_card(frame, session.title, session.subtitle) if shot.card else frame


def encode(shots: list[Shot], session: Session, out: Path, look: Look, size: tuple[int, int], fps: int = 15) -> None:
    """Write the MP4: each shot drawn once, repeated for as many frames as it lasts."""
    import imageio_ffmpeg

    total = duration(shots)
    frames = round(total * fps)
    ends, t = [], 0.0
    for shot in shots:
        t += shot.seconds
        ends.append(t)
    partial = out.with_name(out.stem + ".part" + out.suffix)
    writer = imageio_ffmpeg.write_frames(
        str(partial), size, fps=fps, codec="libx264", quality=None, macro_block_size=16, ffmpeg_log_level="error",
        output_params=["-preset", "slow", "-crf", "26", "-tune", "stillimage", "-profile:v", "high", "-level", "4.0",
                       "-threads", "1", "-g", str(fps * 4), "-movflags", "+faststart", "-map_metadata", "-1",
                       "-fflags", "+bitexact", "-flags:v", "+bitexact"],
    )
    writer.send(None)
    index, cached_index, cached = 0, -1, b""
    for k in range(frames):
        at = (k + 0.5) / fps
        while index < len(shots) - 1 and ends[index] <= at:
            index += 1
        if index != cached_index:
            cached = render_shot(shots[index], look, session, size).tobytes()
            cached_index = index
        writer.send(cached)
    writer.close()
    partial.replace(out)
