"""Check one post's media references and turn them into views (what markup.py renders).

`MediaChecker` is the working state of one post's conversion: the files already checked, the line each
path was written on (for errors), which images load eagerly, and the posters to take from videos.
"""

from __future__ import annotations

import base64
import logging
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath

from plugins.media.markup import AudioView, ExternalVideoView, ImageView, VideoTrack, VideoView, YoutubeView
from plugins.media.model import (
    AUDIO,
    IMAGE,
    POSTER,
    SOURCE,
    TRACK,
    VIDEO,
    GeneratedPoster,
    Include,
    MediaFile,
    MediaRef,
    MediaSettings,
    PostMedia,
    file_stamp,
)
from plugins.media.paths import MediaPathError, locate, split_suffix
from plugins.media.probe import ProbeError, Prober, playback_problem
from plugins.media.scan import is_external
from plugins.sitebuild.errors import PostError, SourcePos

PLUGIN = "media"
logger = logging.getLogger(__name__)
VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg",
               ".ogg": "video/ogg", ".mov": "video/quicktime"}
AUDIO_TYPES = {".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".wav": "audio/wav",
               ".aac": "audio/aac", ".m4a": "audio/mp4", ".flac": "audio/flac", ".opus": "audio/ogg", ".webm": "audio/webm"}
# Chirpy's embeds of platforms this site does not load from: shown as a link to the video.
EXTERNAL_EMBEDS = {
    "embed/twitch.html": ("Twitch", "https://www.twitch.tv/videos/{id}"),
    "embed/bilibili.html": ("bilibili", "https://www.bilibili.com/video/{id}"),
    "embed/spotify.html": ("Spotify", "https://open.spotify.com/{id}"),
}
EXTERNAL_ID_RE = re.compile(r"^[A-Za-z0-9_/-]{1,64}$")
MAX_LQIP_BYTES = 16 * 1024
POSTER_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
YOUTUBE_ID_RE = re.compile(r"^[A-Za-z0-9_-]{11}$")
PLACEMENTS = {"center": "media-center", "left": "media-left", "right": "media-right"}
FIGURE_CLASSES = ("left", "right", "normal", "light", "dark")  # Chirpy's, kept on the figure
TRUE_WORDS = ("true", "yes", "1", "on")


@dataclass
class MediaChecker:
    """Media state of one post while it converts."""

    display_path: str
    content_root: Path
    static_paths: tuple[str, ...]
    media_subpath: str
    settings: MediaSettings
    prober: Prober
    lines: dict[str, int] = field(default_factory=dict)  # written path -> first line
    files: dict[str, MediaFile] = field(default_factory=dict)  # content path -> checked file
    eager: list[tuple[str, str]] = field(default_factory=list)  # (syntax, written) of eager images
    posters: dict[str, GeneratedPoster] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)  # content paths the page depends on, found or not
    missing: list[PostError] = field(default_factory=list)  # every missing file, reported together
    # (written path, kind) -> the file checked: a reference is checked where it is noted and again
    # where its markup is written; the second time needs neither the file system nor the prober.
    checked: dict[tuple[str, str], MediaFile] = field(default_factory=dict)

    # -- errors -------------------------------------------------------------------------------

    def error(self, line: int | None, message: str, hint: str = "") -> PostError:
        return PostError(SourcePos(self.display_path, line), PLUGIN, message, hint)

    def line_of(self, written: str) -> int | None:
        return self.lines.get(written.strip())

    # -- checking -----------------------------------------------------------------------------

    def note(self, refs: list[MediaRef]) -> None:
        """Remember where each path is written and which images load first."""
        for ref in refs:
            self.lines.setdefault(ref.written.strip(), ref.line)
        images = [(r.syntax, r.written.strip()) for r in refs if r.kind == IMAGE]
        self.eager = images[: self.settings.eager_images]

    def take_eager(self, syntax: str, written: str) -> bool:
        key = (syntax, written.strip())
        if key in self.eager:
            self.eager.remove(key)
            return True
        return False

    def check(self, ref: MediaRef) -> MediaFile | None:
        """The checked file a reference names (None for external URLs); PostError if it is broken."""
        kind = {IMAGE: "image", POSTER: "image", VIDEO: "video", SOURCE: "video", TRACK: "track", AUDIO: "audio"}[ref.kind]
        return self.file(ref.written, kind, ref.line)

    def file(self, written: str, kind: str, line: int | None = None) -> MediaFile | None:
        written = written.strip()
        known = self.checked.get((written, kind))
        if known is not None:
            return known
        if is_external(written):
            return None
        line = line if line is not None else self.line_of(written)
        try:
            relative, path = locate(written, self.media_subpath, self.content_root, self.static_paths)
            self.touched.add(relative)
        except MediaPathError as err:
            # Go on: the author sees every missing file of the post at once (raise_missing).
            self.missing.append(self.error(line, err.problem.message, err.problem.hint))
            return None
        suffix = split_suffix(written)[1]
        try:
            if kind == "image":
                found = MediaFile(relative, suffix, image=self.prober.image(path))
            elif kind == "video":
                found = MediaFile(relative, suffix, video=self.prober.video(path))
            elif kind == "audio":
                found = MediaFile(relative, suffix)  # browsers tell audio formats apart by the type given
            else:
                self._check_vtt(path, line)
                found = MediaFile(relative, suffix)
        except ProbeError as err:
            raise self.error(line, f"content/{relative} {err.problem.message}", err.problem.hint) from None
        self.files.setdefault(relative, found)
        self.checked[(written, kind)] = found
        return found

    def url(self, found: MediaFile | str) -> str:
        """The address a page links a checked file (or a content path) by: Pelican's `{static}` link,
        or under the MEDIA `cdn` prefix as Chirpy composes it."""
        path, suffix = (found.path, found.suffix) if isinstance(found, MediaFile) else (found, "")
        if self.settings.cdn:
            return f"{self.settings.cdn.rstrip('/')}/{path}{suffix}"
        return "{static}/" + path + suffix

    def raise_missing(self) -> None:
        """Log every missing file but the last, then raise that one (a failed post is never cached)."""
        if not self.missing:
            return
        seen = []
        for err in self.missing:
            if str(err) not in seen:
                seen.append(str(err))
        for text in seen[:-1]:
            logger.error("%s", text)
        raise next(err for err in reversed(self.missing) if str(err) == seen[-1])

    def _check_vtt(self, path: Path, line: int | None) -> None:
        try:
            head = path.read_bytes()[:16].decode("utf-8-sig", "replace")
        except OSError as err:
            raise self.error(line, f"{path.name} cannot be read ({err.strerror})", "check the file") from None
        if not head.startswith("WEBVTT"):
            raise self.error(line, f"{path.name} is not a WebVTT captions file (it must start with WEBVTT)",
                             "save the captions as WebVTT (.vtt)")

    def sibling(self, relative: str, name: str) -> str | None:
        """content path of `name` beside the file `relative`, if it exists."""
        candidate = str(PurePosixPath(relative).with_name(name))
        self.touched.add(candidate)
        return candidate if self.prober.exists(self.content_root / candidate) else None

    def summary(self) -> PostMedia:
        stamps = tuple((p, *file_stamp(self.content_root / p)) for p in sorted(self.touched))
        return PostMedia(tuple(sorted(self.files)), tuple(self.posters[k] for k in sorted(self.posters)), stamps)

    # -- images -------------------------------------------------------------------------------

    def image_view(self, syntax: str, attrs: dict[str, str | None], classes: list[str], placement: str | None,
                   caption_html: str = "", use_alt_caption: bool = False) -> ImageView:
        """The view of one image; attrs are the author's (src, alt, width, ...), classes theirs too."""
        written = (attrs.get("src") or "").strip()
        found = self.file(written, "image")
        width, height, style = display_size(found.image if found else None, attrs.get("width"), attrs.get("height"))
        align = (attrs.get("align") or "").lower()
        classes = [*classes, *([align] if align in ("left", "right") else [])]
        figure_classes = [c for c in classes if c in FIGURE_CLASSES]
        img_classes = [c for c in classes if c not in FIGURE_CLASSES]
        if placement is None:
            placement = "left" if "normal" in classes else None if {"left", "right"} & set(classes) else "center"
        elif "normal" in classes:
            placement = "left"
        if placement:
            figure_classes.insert(0, PLACEMENTS[placement])
        skip = {"src", "alt", "width", "height", "class", "align", "loading", "decoding", "w", "h", "lqip"}
        extra = [(k, v) for k, v in attrs.items() if k not in skip]
        placeholder = self._lqip(attrs.get("lqip"), written)
        if placeholder:
            style = "; ".join(filter(None, [style, f'background: url("{placeholder}") center / cover no-repeat']))
        if style:
            extra = [(k, v) for k, v in extra if k != "style"] + [("style", "; ".join(filter(None, [attrs.get("style"), style])))]
        alt = attrs.get("alt") or ""
        if not alt.strip():
            # Pelican warns too, but without the line; this names it.
            logger.warning("%s:%s: media: image %r has no alt text; describe it: alt=\"...\" or ![설명](...)",
                           self.display_path, self.line_of(written) or "?", written)
        if not caption_html and use_alt_caption and alt.strip():
            caption_html = escape(alt.strip(), quote=False)
        vector = None
        if found and found.image and found.image.format != "SVG":
            svg = self.sibling(found.path, PurePosixPath(found.path).stem + ".svg")
            vector = self.url(svg) if svg else None
        return ImageView(
            src=self.url(found) if found else written,
            alt=alt,
            width=width,
            height=height,
            img_classes=tuple(img_classes),
            figure_classes=tuple(figure_classes),
            lazy=not self.take_eager(syntax, written),
            caption_html=caption_html,
            vector=vector,
            extra=tuple(extra),
        )

    def _lqip(self, lqip: str | None, written: str) -> str | None:
        """Chirpy's `lqip` (a low-quality placeholder shown while the image loads) as a data: URI.

        A file is inlined (an LQIP is a few hundred bytes), so the style needs no link that SITEURL
        or Pelican would have to rewrite."""
        lqip = (lqip or "").strip()
        if not lqip:
            return None
        if lqip.startswith("data:image/"):
            return lqip.replace('"', "%22")
        found = self.file(lqip, "image", self.line_of(written))
        if found is None:
            return None
        data = (self.content_root / found.path).read_bytes()
        if len(data) > MAX_LQIP_BYTES:
            raise self.error(self.line_of(written), f"the lqip {lqip!r} is {len(data) // 1024} KB",
                             f"an LQIP is a tiny blurred image: keep it under {MAX_LQIP_BYTES // 1024} KB")
        mime = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}.get(
            found.image.format if found.image else "", "image/webp")
        return f"data:{mime};base64,{base64.b64encode(data).decode()}"

    # -- videos -------------------------------------------------------------------------------

    def video_view(self, sources: list[str], *, poster: str | None, tracks: list[tuple[str, str, str]],
                   width: str | None = None, height: str | None = None, autoplay=False, loop=False, muted=False,
                   title: str = "", label: str = "", placement: str | None = "center", line: int | None = None) -> VideoView:
        """The view of a video from its source paths (the first is the main one), poster and tracks."""
        if not sources:
            raise self.error(line, "a <video> without src or <source>", "give it src=\"/assets/...mp4\"")
        line = line if line is not None else self.line_of(sources[0])
        files = [self.file(s, "video", self.line_of(s) or line) for s in sources]
        local = [(s, f) for s, f in zip(sources, files) if f is not None]
        problems = [(s, playback_problem(f.video, PurePosixPath(f.path).suffix)) for s, f in local]
        if local and all(p for _, p in problems):
            written, why = problems[0]
            raise self.error(self.line_of(written) or line, f"browsers cannot play {written!r}: {why}",
                             "convert it: ffmpeg -i IN -c:v libx264 -pix_fmt yuv420p -c:a aac -movflags +faststart OUT.mp4")
        main = next((f for f in files if f is not None), None)
        info = main.video if main else None
        w, h, _ = display_size(info, width, height)
        source_pairs = tuple((self.url(f) if f else s, mime_type(f.path if f else s)) for s, f in zip(sources, files))
        poster_url = None
        if poster:
            found = self.file(poster, "image", self.line_of(poster) or line)
            poster_url = self.url(found) if found else poster
        elif main:
            poster_url = self.url(self._poster_for(main))
        track_views = []
        for src, lang, label_text in tracks:
            found = self.file(src, "track", self.line_of(src) or line)
            track_views.append(VideoTrack(self.url(found) if found else src, lang, label_text))
        if main:
            vtt = self.sibling(main.path, f"{PurePosixPath(main.path).stem}.{self.settings.captions_lang}.vtt")
            if vtt and not any(t.src == self.url(vtt) for t in track_views):
                self._check_vtt(self.content_root / vtt, line)
                self.files.setdefault(vtt, MediaFile(vtt))
                track_views.append(VideoTrack(self.url(vtt), self.settings.captions_lang, self.settings.captions_label))
        return VideoView(
            sources=source_pairs, width=w, height=h, poster=poster_url, tracks=tuple(track_views),
            autoplay=autoplay, loop=loop, muted=muted or autoplay, title=title, label=label,
            figure_classes=(PLACEMENTS[placement],) if placement else (),
        )

    def _poster_for(self, video: MediaFile) -> str:
        """A poster file beside the video (NAME.poster.jpg/png/webp), else one taken from it at build time."""
        stem = PurePosixPath(video.path).stem
        for suffix in POSTER_SUFFIXES:
            found = self.sibling(video.path, f"{stem}.poster{suffix}")
            if found:
                self.file("/" + found, "image")
                return found
        target = str(PurePosixPath(video.path).with_name(f"{stem}.poster.jpg"))
        at = min(self.settings.poster_time, video.video.duration / 2) if video.video.duration else 0.0
        self.posters[target] = GeneratedPoster(video.path, target, round(at, 3))
        return target

    def include_view(self, inc: Include) -> VideoView | YoutubeView | AudioView | ExternalVideoView:
        """Chirpy's embed includes (video, youtube, audio, twitch, bilibili, spotify), every parameter honoured."""
        if inc.name in EXTERNAL_EMBEDS:
            platform, address = EXTERNAL_EMBEDS[inc.name]
            video_id = (inc.get("id") or "").strip()
            if not EXTERNAL_ID_RE.match(video_id):
                raise self.error(inc.line, f"{inc.name} needs id= with the video's id (got {video_id!r})",
                                 "copy the id from the video's address")
            return ExternalVideoView(platform, address.format(id=video_id))
        if inc.name == "embed/audio.html":
            return self._audio(inc)
        if inc.name == "embed/youtube.html":
            video_id = (inc.get("id") or "").strip()
            if not YOUTUBE_ID_RE.match(video_id):
                raise self.error(inc.line, f"embed/youtube.html needs id= with an 11-character YouTube id (got {video_id!r})",
                                 "copy the id from the video's address: youtube.com/watch?v=ID")
            return YoutubeView(video_id, self.settings.youtube_host, inc.get("title") or "")
        sources = self._include_sources(inc, ("src", "poster", "title", "autoplay", "loop", "muted", "types"),
                                        "/assets/img/post/demo.mp4")
        return self.video_view(
            sources, poster=inc.get("poster"), tracks=[], autoplay=is_true(inc.get("autoplay")),
            loop=is_true(inc.get("loop")), muted=is_true(inc.get("muted")), title=inc.get("title") or "",
            line=inc.line,
        )

    def _audio(self, inc: Include) -> AudioView:
        sources = self._include_sources(inc, ("src", "title", "types"), "/assets/audio/talk.mp3")
        files = [self.file(s, "audio", inc.line) for s in sources]
        pairs = tuple((self.url(f) if f else s, audio_type(f.path if f else s)) for s, f in zip(sources, files))
        return AudioView(pairs, inc.get("title") or "")

    def _include_sources(self, inc: Include, known: tuple[str, ...], example: str) -> list[str]:
        """The files of a video/audio include: `src`, then one per `types` extension beside it."""
        unknown = [k for k, _ in inc.params if k not in known]
        if unknown:
            raise self.error(inc.line, f"{inc.name} does not take {', '.join(unknown)}", f"use {', '.join(sorted(known))}")
        src = (inc.get("src") or "").strip()
        if not src:
            raise self.error(inc.line, f"{inc.name} needs src=", f"e.g. src='{example}'")
        sources = [src]
        for extra in filter(None, (inc.get("types") or "").split("|")):
            path, suffix = split_suffix(src)
            sources.append(str(PurePosixPath(path).with_suffix("." + extra.strip().lstrip("."))) + suffix)
            self.lines.setdefault(sources[-1], inc.line)
        return sources


def audio_type(path: str) -> str:
    return AUDIO_TYPES.get(PurePosixPath(split_suffix(path)[0]).suffix.lower(), "audio/mpeg")


def is_true(value: str | None) -> bool:
    return (value or "").strip().lower() in TRUE_WORDS


def mime_type(path: str) -> str:
    return VIDEO_TYPES.get(PurePosixPath(split_suffix(path)[0]).suffix.lower(), "video/mp4")


def _length(value: str | None) -> int | str | None:
    """An integer pixel length, a percentage string, or None."""
    if value is None:
        return None
    text = str(value).strip().lower().removesuffix("px").strip()
    if text.endswith("%"):
        return text
    try:
        number = float(text)
    except ValueError:
        return None
    return round(number) if number > 0 else None


def display_size(info, width: str | None, height: str | None) -> tuple[int | None, int | None, str]:
    """(width, height, extra CSS) to write: the file's size, or the author's width with its aspect ratio kept."""
    w, h = _length(width), _length(height)
    style = "; ".join(f"{name}: {v}" for name, v in (("width", w), ("height", h)) if isinstance(v, str))
    w = w if isinstance(w, int) else None
    h = h if isinstance(h, int) else None
    natural = (info.width, info.height) if info and info.width and info.height else None
    if natural is None:
        return w, h, style
    if w and h:
        return w, h, style
    if w:
        return w, max(1, round(w * natural[1] / natural[0])), style
    if h:
        return max(1, round(h * natural[0] / natural[1])), h, style
    return natural[0], natural[1], style
