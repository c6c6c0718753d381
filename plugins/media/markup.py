"""The HTML the plugin writes for images, videos and YouTube embeds (pure functions over views).

Classes the theme styles (all on the `<figure>` unless said otherwise):

- `figure.media`: every image or video the plugin embeds; its `<figcaption>` is the caption.
- Placement: `.media-center` (default for Markdown images and `<div align="center">`),
  `.media-left` (`<div align="left">`, Chirpy's `.normal`), `.media-right` (`<div align="right">`).
  Chirpy's floats keep their names: `.left`, `.right` (text wraps around the figure);
  `.normal` is kept beside `.media-left`.
- `.light` / `.dark`: show the figure only in the light / dark colour scheme (Chirpy's names).
- `img.shadow`: a drop shadow on the image itself (Chirpy's name); other classes the author gives an
  image stay on the `<img>`.
- `a.media-vector`: wraps an image whose SVG version sits beside it (`x.png` + `x.svg`); the link
  opens the SVG, so the theme may show it instead.
- `a.media-zoom`: wraps a figure's image and opens it at full size (Chirpy's click-to-zoom; the
  theme's script shows it in a dialog, without the script the link opens the file).
- `figure.media-video`: wraps `<video controls preload="metadata" playsinline>` (width/height from
  the file, so CSS should set `max-width: 100%; height: auto`); the fallback download link inside
  the video is `a.media-download`.
- `figure.media-youtube`: a click-to-load YouTube player. `iframe.media-youtube-frame` holds a
  local `srcdoc` page with a `<button>`; nothing is requested from YouTube until it is pressed
  (then the frame loads the youtube-nocookie.com player). The theme gives the iframe its 16:9 box
  (`width: 100%; aspect-ratio: 16 / 9; height: auto`). `a.media-youtube-link` in the caption opens
  the video on YouTube.
- `figure.media-audio`: Chirpy's `embed/audio.html`, `<audio controls>` with its sources.
- `figure.media-external`: Chirpy's Twitch, bilibili and Spotify embeds, as a link to the video
  (this site loads nothing from those hosts).
- A `<div align>` / `<p align>` that holds more than one media element becomes
  `div.align-center` / `.align-left` / `.align-right` (text-align).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

LAZY = (("loading", "lazy"), ("decoding", "async"))


def attrs_html(pairs) -> str:
    """` name="value"` for each pair; True means a bare attribute, None/False leaves it out."""
    out = []
    for name, value in pairs:
        if value is None or value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{escape(str(value), quote=True)}"')
    return "".join(out)


def class_attr(classes) -> str | None:
    names = " ".join(dict.fromkeys(c for c in classes if c))
    return names or None


@dataclass(frozen=True)
class ImageView:
    src: str
    alt: str = ""
    width: int | None = None
    height: int | None = None
    img_classes: tuple[str, ...] = ()
    figure_classes: tuple[str, ...] = ()
    lazy: bool = True
    caption_html: str = ""  # safe HTML
    vector: str | None = None  # URL of the SVG version, if any
    extra: tuple[tuple[str, str | None], ...] = ()  # other attributes the author gave the image


@dataclass(frozen=True)
class VideoTrack:
    src: str
    lang: str
    label: str


@dataclass(frozen=True)
class VideoView:
    sources: tuple[tuple[str, str], ...]  # (url, MIME type); the first is the main file
    width: int | None = None
    height: int | None = None
    poster: str | None = None
    tracks: tuple[VideoTrack, ...] = ()
    autoplay: bool = False
    loop: bool = False
    muted: bool = False
    title: str = ""  # caption text
    label: str = ""  # what the video shows, for the fallback text and screen readers
    figure_classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class YoutubeView:
    video_id: str
    host: str = "www.youtube-nocookie.com"
    title: str = ""
    figure_classes: tuple[str, ...] = ("media-center",)


@dataclass(frozen=True)
class AudioView:
    sources: tuple[tuple[str, str], ...]  # (url, MIME type); the first is the main file
    title: str = ""


@dataclass(frozen=True)
class ExternalVideoView:
    """A video on a platform this site does not load from (Twitch, bilibili, Spotify): a link to it."""

    platform: str  # shown name, e.g. "Twitch"
    url: str


def render_audio(view: AudioView) -> str:
    lines = ['<audio controls preload="metadata">']
    lines += [f"<source{attrs_html([('src', url), ('type', mime)])}>" for url, mime in view.sources]
    lines.append(f'<a class="media-download" href="{escape(view.sources[0][0])}">오디오 파일 내려받기</a>')
    lines.append("</audio>")
    caption = f"\n<figcaption>{escape(view.title)}</figcaption>" if view.title else ""
    return '<figure class="media media-audio media-center">\n' + "\n".join(lines) + f"{caption}\n</figure>"


def render_external_video(view: ExternalVideoView) -> str:
    return (f'<figure class="media media-external media-center"><a class="media-external-link" href="{escape(view.url)}">'
            f"{escape(view.platform)}에서 동영상 보기</a></figure>")


def render_img(view: ImageView) -> str:
    pairs = [("src", view.src), ("alt", view.alt), ("width", view.width), ("height", view.height)]
    pairs += [(k, v if v is not None else True) for k, v in view.extra]
    pairs += [("class", class_attr(view.img_classes))]
    pairs += list(LAZY) if view.lazy else []
    img = f"<img{attrs_html(pairs)}>"
    if view.vector:
        img = f'<a class="media-vector" href="{escape(view.vector)}">{img}</a>'
    return img


def render_image_figure(view: ImageView) -> str:
    caption = f"\n<figcaption>{view.caption_html}</figcaption>" if view.caption_html else ""
    classes = class_attr(("media", *view.figure_classes))
    img = render_img(view)
    if not view.vector:
        img = f'<a class="media-zoom" href="{escape(view.src)}">{img}</a>'
    return f'<figure class="{classes}">\n{img}{caption}\n</figure>'


def render_video(view: VideoView, in_figure: bool = True) -> str:
    main_url = view.sources[0][0]
    attrs = attrs_html([
        ("controls", True), ("preload", "metadata"), ("playsinline", True),
        ("autoplay", view.autoplay), ("loop", view.loop), ("muted", view.muted),
        ("width", view.width), ("height", view.height), ("poster", view.poster),
        ("aria-label", view.label or view.title or None),
    ])
    lines = [f"<video{attrs}>"]
    lines += [f"<source{attrs_html([('src', url), ('type', mime)])}>" for url, mime in view.sources]
    lines += [
        f"<track{attrs_html([('kind', 'captions'), ('srclang', t.lang), ('label', t.label), ('src', t.src), ('default', i == 0)])}>"
        for i, t in enumerate(view.tracks)
    ]
    what = escape(view.label or view.title or "동영상")
    lines.append(f'{what}: <a class="media-download" href="{escape(main_url)}">동영상 파일 내려받기</a>')
    lines.append("</video>")
    video = "\n".join(lines)
    if not in_figure:
        return video
    caption = f"\n<figcaption>{escape(view.title)}</figcaption>" if view.title else ""
    classes = class_attr(("media", "media-video", *view.figure_classes))
    return f'<figure class="{classes}">\n{video}{caption}\n</figure>'


def youtube_srcdoc(view: YoutubeView) -> str:
    """The small local page shown in the frame until the reader asks for the video."""
    action = f"https://{view.host}/embed/{view.video_id}"
    return (
        '<!DOCTYPE html><html lang="ko"><meta charset="utf-8"><title>YouTube 동영상</title>'
        "<style>html,body{height:100%;margin:0}body{display:grid;place-items:center;background:#111;color:#eee;"
        "font:16px/1.5 system-ui,sans-serif;text-align:center}form{margin:0}"
        "button{font:inherit;font-size:1.25rem;padding:.6em 1.4em;border:0;border-radius:.5em;background:#c00;"
        "color:#fff;cursor:pointer}button:focus-visible{outline:3px solid #fff;outline-offset:3px}"
        "p{margin:.75em 1em 0;font-size:.85rem;opacity:.8}</style>"
        f'<form action="{escape(action)}" method="get"><input type="hidden" name="autoplay" value="1">'
        '<button type="submit">▶ 동영상 재생</button>'
        "<p>누르면 YouTube(youtube-nocookie.com)에서 영상을 불러옵니다.</p></form>"
    )


def render_youtube(view: YoutubeView) -> str:
    watch = f"https://www.youtube.com/watch?v={view.video_id}"
    name = view.title or "YouTube 동영상"
    frame = attrs_html([
        ("class", "media-youtube-frame"), ("title", name), ("width", 560), ("height", 315),
        ("allow", "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share"),
        ("referrerpolicy", "strict-origin-when-cross-origin"), ("allowfullscreen", True),
        ("srcdoc", youtube_srcdoc(view)),
    ])
    caption = f"{escape(view.title)} · " if view.title else ""
    classes = class_attr(("media", "media-youtube", *view.figure_classes))
    return (
        f'<figure class="{classes}">\n<iframe{frame}></iframe>\n'
        f'<figcaption>{caption}<a class="media-youtube-link" href="{escape(watch)}">YouTube에서 보기</a></figcaption>\n'
        "</figure>"
    )
