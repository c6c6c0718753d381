"""Read what a media file is without decoding it: image size (Pillow, headers only), video streams (ffmpeg).

`Prober` keeps the answers for one build, keyed by file, size and modification time, so a video
referenced by a thousand posts is probed once.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from plugins.media.model import ImageInfo, VideoInfo

# What every current browser shows in <img>.
WEB_IMAGE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP", "AVIF", "BMP", "ICO", "SVG"}
CONVERT_VIDEO = "convert it: ffmpeg -i IN -c:v libx264 -pix_fmt yuv420p -c:a aac -movflags +faststart OUT.mp4"


@dataclass(frozen=True)
class ProbeProblem:
    message: str
    hint: str


class ProbeError(ValueError):
    def __init__(self, problem: ProbeProblem):
        super().__init__(problem.message)
        self.problem = problem


def _svg_length(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    for unit in ("px", ""):
        if unit and value.endswith(unit):
            value = value[: -len(unit)]
    try:
        number = float(value)
    except ValueError:
        return None  # %, em, mm...: fall back to the viewBox
    return number if number > 0 else None


def probe_svg(file: Path) -> ImageInfo:
    """Size of an SVG from its root element's width/height, else its viewBox."""
    try:
        _, root = next(ET.iterparse(file, events=("start",)))
    except (ET.ParseError, StopIteration) as err:
        raise ProbeError(ProbeProblem(f"is not a readable SVG file ({err})", "open it in a browser; re-export it")) from None
    if not root.tag.endswith("svg"):
        raise ProbeError(ProbeProblem("is not an SVG image (its root element is not <svg>)", "re-export it as SVG"))
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            box_w, box_h = float(box[2]), float(box[3])
        except ValueError:
            box_w = box_h = 0
        if box_w > 0 and box_h > 0:
            if width is None and height is None:
                width, height = box_w, box_h
            elif width is None:
                width = height * box_w / box_h
            else:
                height = width * box_h / box_w
    if width is None or height is None:
        raise ProbeError(ProbeProblem("is an SVG without a size", 'give its <svg> a viewBox="0 0 W H" (or width and height)'))
    return ImageInfo(round(width), round(height), "SVG")


def probe_image(file: Path) -> ImageInfo:
    """Size and format of an image; reads only the header."""
    if file.suffix.lower() == ".svg":
        return probe_svg(file)
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as im:
                width, height = im.size
                fmt = (im.format or "").upper()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ProbeError(ProbeProblem(
            f"has more than {Image.MAX_IMAGE_PIXELS:,} pixels, too many to show (a decompression bomb?)",
            "scale it down, e.g. to 2000 pixels wide, and export it again")) from None
    except UnidentifiedImageError:
        raise ProbeError(ProbeProblem("is not an image", "export it as PNG, JPEG, WebP or SVG")) from None
    except OSError as err:
        raise ProbeError(ProbeProblem(f"cannot be read ({err.strerror or err})", "check the file and its permissions")) from None
    if fmt == "MPO":  # JPEG from a phone camera with extra frames: browsers show it as JPEG
        fmt = "JPEG"
    if fmt not in WEB_IMAGE_FORMATS:
        raise ProbeError(ProbeProblem(f"is a {fmt} image, which browsers do not show", "export it as PNG, JPEG, WebP or SVG"))
    return ImageInfo(width, height, fmt)


def probe_video(file: Path) -> VideoInfo:
    """Streams, size and duration of a video, from ffmpeg's reading of the file header."""
    import imageio_ffmpeg

    if not os.access(file, os.R_OK):
        raise ProbeError(ProbeProblem("cannot be read", "check the file's permissions"))
    frames = imageio_ffmpeg.read_frames(str(file))
    try:
        meta = next(frames)
    except (OSError, RuntimeError, StopIteration):
        raise ProbeError(ProbeProblem("is not a video ffmpeg can read", CONVERT_VIDEO)) from None
    finally:
        frames.close()
    size = meta.get("source_size") or meta.get("size")
    if not meta.get("codec") or not size or not all(size):
        raise ProbeError(ProbeProblem("has no video stream", CONVERT_VIDEO))
    if meta.get("rotate") in (90, 270, -90):
        size = (size[1], size[0])
    return VideoInfo(
        width=int(size[0]),
        height=int(size[1]),
        duration=float(meta.get("duration") or 0.0),
        codec=str(meta["codec"]),
        audio_codec=str(meta.get("audio_codec") or ""),
        pix_fmt=str(meta.get("pix_fmt") or "").split("(")[0],
    )


def playback_problem(info: VideoInfo, suffix: str) -> str | None:
    """Why browsers cannot play this file, or None. Browsers agree on H.264/AAC in MP4 and on WebM."""
    suffix = suffix.lower()
    if suffix in (".mp4", ".m4v"):
        if info.codec != "h264":
            return f"its video is {info.codec}, but browsers play MP4 only with H.264 video"
        if info.pix_fmt not in ("yuv420p", "yuvj420p"):
            return f"its H.264 video uses {info.pix_fmt} pixels; browsers need yuv420p"
        if info.audio_codec not in ("", "aac"):
            return f"its sound is {info.audio_codec}, but browsers play MP4 only with AAC sound"
        return None
    if suffix == ".webm":
        if info.codec not in ("vp8", "vp9", "av1"):
            return f"its video is {info.codec}, but WebM plays only with VP8, VP9 or AV1"
        if info.audio_codec not in ("", "opus", "vorbis"):
            return f"its sound is {info.audio_codec}, but WebM plays only with Opus or Vorbis"
        return None
    return f"{suffix or 'a file without extension'} videos do not play in every browser (use H.264/AAC MP4 or WebM)"


class Prober:
    """Probes for one build: each file is read once however many posts reference it."""

    def __init__(self):
        self._seen: dict[tuple, object] = {}

    def _cached(self, kind: str, file: Path, probe):
        try:
            stat = file.stat()
        except OSError as err:
            raise ProbeError(ProbeProblem(f"cannot be read ({err.strerror})", "check the file and its permissions")) from None
        key = (kind, str(file), stat.st_size, stat.st_mtime_ns)
        if key not in self._seen:
            try:
                self._seen[key] = probe(file)
            except ProbeError as err:
                self._seen[key] = err
        result = self._seen[key]
        if isinstance(result, ProbeError):
            raise result
        return result

    def image(self, file: Path) -> ImageInfo:
        return self._cached("image", file, probe_image)

    def video(self, file: Path) -> VideoInfo:
        return self._cached("video", file, probe_video)

    def exists(self, file: Path) -> bool:
        key = ("exists", str(file))
        if key not in self._seen:
            self._seen[key] = file.is_file()
        return bool(self._seen[key])
