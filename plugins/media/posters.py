"""Take a poster frame from a video with ffmpeg, once per video version (kept in the build cache)."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from plugins.media.model import GeneratedPoster


class PosterError(RuntimeError):
    pass


def poster_cache_file(cache_dir: Path, video: Path, poster: GeneratedPoster) -> Path:
    """Where the frame for this exact video file (size, mtime) and time is kept."""
    stat = video.stat()
    key = f"{poster.video}|{stat.st_size}|{stat.st_mtime_ns}|{poster.at}".encode()
    return cache_dir / f"{hashlib.sha256(key).hexdigest()[:24]}.jpg"


def extract_frame(video: Path, at: float, out: Path) -> None:
    """Write the frame at `at` seconds as a JPEG (atomically)."""
    import imageio_ffmpeg

    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part.jpg")
    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-v", "error", "-y", "-ss", f"{at:.3f}", "-i", str(video),
           "-frames:v", "1", "-q:v", "3", str(partial)]
    done = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        raise PosterError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "ffmpeg wrote no frame")
    os.replace(partial, out)


def ensure_poster(cache_dir: Path, content_root: Path, poster: GeneratedPoster) -> Path:
    video = content_root / poster.video
    target = poster_cache_file(cache_dir, video, poster)
    if not target.is_file():
        extract_frame(video, poster.at, target)
    return target
