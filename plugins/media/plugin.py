"""Pelican adapters: the media extension for the Chirpy reader, media files and posters as static files, stale cache entries."""

from __future__ import annotations

import logging
from pathlib import Path

from plugins.media.extension import MediaExtension
from plugins.media.model import MediaSettings, PostMedia, file_stamp
from plugins.media.posters import PosterError, ensure_poster
from plugins.media.probe import Prober
from plugins.media.settings import MediaSettingsError, read_settings

logger = logging.getLogger(__name__)

# One build's prober, so each file is probed once per build; replaced when the next build starts
# (the live preview reuses this process, and files change between builds).
_build: dict[str, object] = {}

PLUGIN = "media"
CONTENT_LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")


def start_build(pelican) -> None:
    _build.clear()
    _build["prober"] = Prober()
    try:
        _build["settings"] = read_settings(pelican.settings.get("MEDIA"))
    except MediaSettingsError as err:
        logger.error("%s", err)
        _build["settings"] = MediaSettings()


def extensions_for(settings: dict) -> list:
    if "prober" not in _build:  # a reader used outside a Pelican run (tests, tools)
        return [MediaExtension(settings=read_settings(settings.get("MEDIA")), prober=Prober())]
    return [MediaExtension(settings=_build["settings"], prober=_build["prober"])]


def _posts(context: dict):
    for key in CONTENT_LISTS:
        for item in context.get(key) or []:
            yield item
            yield from getattr(item, "translations", [])


def _generated_posters(context: dict) -> dict:
    wanted = {}
    for post in _posts(context):
        summary = getattr(post, "media", None)
        if isinstance(summary, PostMedia):
            for poster in summary.posters:
                wanted.setdefault(poster.poster, poster)
    return wanted


def unlink_generated_posters(generator) -> None:
    """Keep Pelican from looking for posters taken from videos in content/ (they are made, not found)."""
    links = generator.context.get("static_links")
    if isinstance(links, set):
        links.difference_update(_generated_posters(generator.context))


def link_media_files(generator) -> None:
    """Copy every file a post's media names, wherever it lies under content/ (Jekyll serves the whole
    site folder): Pelican copies files linked by `{static}` in a page, but not a front matter
    `image:` outside STATIC_PATHS, nor anything when the MEDIA cdn serves the files."""
    links = generator.context.get("static_links")
    settings = _build.get("settings")
    if not isinstance(links, set) or (isinstance(settings, MediaSettings) and settings.cdn):
        return
    posters = _generated_posters(generator.context)
    for post in _posts(generator.context):
        summary = getattr(post, "media", None)
        if isinstance(summary, PostMedia):
            links.update(path for path in summary.files if path not in posters)


def add_generated_posters(generator) -> None:
    """Register a poster frame as a static file for every video that has no poster file."""
    from pelican.contents import Static

    wanted = _generated_posters(generator.context)
    content_root = Path(generator.settings["PATH"])
    cache_dir = Path(generator.settings["CACHE_PATH"]) / "media-posters"
    for path, poster in sorted(wanted.items()):
        if path in generator.context["static_content"]:
            continue
        try:
            frame = ensure_poster(cache_dir, content_root, poster)
        except (PosterError, OSError) as err:
            logger.error("content/%s: media: cannot take a poster frame (%s); add %s yourself", poster.video, err, path)
            continue
        static = Static(content=None, metadata={"title": path, "save_as": path, "url": path},
                        settings=generator.settings, source_path=str(frame.resolve()), context=generator.context)
        generator.staticfiles.append(static)
        generator.context["static_content"][path] = static


def stale_cache_entries(cache: dict, content_path: str) -> list[str]:
    """The reader cache's posts whose media changed since they were cached.

    Pelican's content cache stamps only the post file; a replaced video (new size) or a poster
    added beside it would otherwise keep the old markup. `cache` is {path: (stamp, (content,
    metadata))}; an entry shaped otherwise is left alone.
    """
    root = Path(content_path)
    stale = []
    for path, entry in cache.items():
        try:
            metadata = entry[1][1]
        except (TypeError, IndexError, KeyError):
            continue
        summary = metadata.get(PLUGIN) if isinstance(metadata, dict) else None
        if isinstance(summary, PostMedia) and any(file_stamp(root / p) != (size, mtime) for p, size, mtime in summary.stamps):
            stale.append(path)
    return stale


def end_build(pelican) -> None:
    _build.clear()
