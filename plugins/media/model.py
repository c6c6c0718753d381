"""The records the media plugin passes between its parts: references, probed files, settings."""

from __future__ import annotations

from dataclasses import dataclass

# What a reference points at, as the author wrote it.
IMAGE = "image"
VIDEO = "video"
POSTER = "poster"
TRACK = "track"
SOURCE = "source"
AUDIO = "audio"

# How it was written.
HTML = "html"
MARKDOWN = "markdown"
INCLUDE = "include"
FRONT_MATTER = "front_matter"  # the post's preview `image:`


@dataclass(frozen=True)
class MediaRef:
    """One media path in a post, with the line it is written on."""

    line: int
    kind: str  # IMAGE | VIDEO | POSTER | TRACK | SOURCE | AUDIO
    syntax: str  # HTML | MARKDOWN | INCLUDE | FRONT_MATTER
    written: str  # the path exactly as written (query and fragment included)


@dataclass(frozen=True)
class Include:
    """A Chirpy `{% include embed/NAME.html key='value' ... %}` on one line."""

    line: int
    name: str  # e.g. "embed/video.html"
    params: tuple[tuple[str, str], ...]
    text: str  # the whole tag as written

    def get(self, key: str, default: str | None = None) -> str | None:
        for k, v in self.params:
            if k == key:
                return v
        return default


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    format: str  # PNG, JPEG, GIF, WEBP, SVG, ...


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    duration: float  # seconds
    codec: str  # h264, vp9, ...
    audio_codec: str  # "" when the file has no sound
    pix_fmt: str


@dataclass(frozen=True)
class MediaFile:
    """A checked local media file: where it is under content/ and what it holds."""

    path: str  # posix path relative to the content folder, e.g. assets/img/docker/icon.png
    suffix: str = ""  # "?query#fragment" the author added to the URL, kept on the link
    image: ImageInfo | None = None
    video: VideoInfo | None = None

    @property
    def url(self) -> str:
        """Pelican's intrasite link: replaced at write time by a SITEURL-aware URL."""
        return "{static}/" + self.path + self.suffix


@dataclass(frozen=True)
class GeneratedPoster:
    """A video shown without a poster file: the glue extracts a frame into `poster` at build time."""

    video: str  # content-relative path of the video
    poster: str  # content-relative path the poster is served under
    at: float  # seconds into the video


@dataclass(frozen=True)
class PostMedia:
    """What the plugin learned about one post (stored as the article's `media` metadata)."""

    files: tuple[str, ...] = ()
    posters: tuple[GeneratedPoster, ...] = ()
    # (content path, size, mtime_ns) of every file the page depends on, -1s for one looked for and
    # absent (a poster or captions file beside a video): Pelican's cache stamps only the post file.
    stamps: tuple[tuple[str, int, int], ...] = ()


def file_stamp(path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class MediaSettings:
    """The MEDIA = {...} setting, defaults filled."""

    eager_images: int = 1  # images at the top of a post loaded without loading="lazy"
    poster_time: float = 1.0  # where a poster frame is taken from a video that has none
    captions_lang: str = "ko"  # NAME.<lang>.vtt beside a video becomes its captions track
    captions_label: str = "한국어"
    youtube_host: str = "www.youtube-nocookie.com"
    # Chirpy's `cdn`: media URLs become [cdn/][media_subpath/]file; files are still checked under content/.
    cdn: str = ""
