"""site_meta's adapters: Pelican objects to the pure modules, and the site-wide files."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pelican.contents import Article, Page

from plugins.site_meta import og_image
from plugins.site_meta.css_bundle import bundle
from plugins.site_meta.links import mark_external_links
from plugins.site_meta.neighbors import link_neighbors
from plugins.site_meta.outline import normalize_headings
from plugins.site_meta.reading import plain_summary, reading_minutes
from plugins.site_meta.settings import SiteMetaSettings, SiteMetaSettingsError, read_settings
from plugins.site_meta.sitemap import SitemapEntry, is_absolute, robots_txt, sitemap_xml
from plugins.sitebuild.cache_file import write_aside

logger = logging.getLogger(__name__)
PLUGIN = "site_meta"
FONT_CSS = Path("static/fonts/pretendard/pretendard.css")  # inside the theme


def _settings(settings: dict) -> SiteMetaSettings:
    try:
        return read_settings(settings.get("SITE_META"))
    except SiteMetaSettingsError:
        return SiteMetaSettings()  # reported once, in check_settings


def check_settings(pelican) -> None:
    try:
        read_settings(pelican.settings.get("SITE_META"))
    except SiteMetaSettingsError as err:
        logger.error("%s", err)


def _css_dir(settings: dict, meta: SiteMetaSettings) -> Path:
    return Path(settings["THEME"]) / meta.css_dir


def add_context(generator) -> None:
    """Template variables every page uses; computed per generator (cheap), never stored across builds."""
    meta = _settings(generator.settings)
    siteurl = generator.settings.get("SITEURL", "")
    generator.context["THEME_CSS"] = bundle(_css_dir(generator.settings, meta), meta.css_save_as).save_as
    generator.context["CSP"] = meta.csp
    generator.context["OG_DEFAULT_IMAGE"] = f"{siteurl}/{meta.og_image}"
    generator.context["SITEURL_IS_ABSOLUTE"] = is_absolute(siteurl)


def image_url(path: str, siteurl: str) -> str:
    """An absolute URL (when SITEURL is) for a front matter image path."""
    if path.startswith(("http://", "https://", "//")):
        return path
    return f"{siteurl}/{path.lstrip('/')}"


def prepare_content(instance, html: str) -> Callable[[str], str] | None:
    """Per post or page, from its HTML as read: reading time, card image, the 404 page's address.

    Returns the change to make to the HTML when the page is written (heading levels, rel=noopener);
    it touches tags, not the text measured here.
    """
    if not isinstance(instance, (Article, Page)):
        return None
    meta = _settings(instance.settings)
    siteurl = instance.settings.get("SITEURL", "")
    instance.reading_minutes = reading_minutes(html, meta.chars_per_minute)
    instance.plain_summary = getattr(instance, "description", "") or plain_summary(html)
    image = getattr(instance, "image", None)
    instance.og_image = image_url(image.path, siteurl) if image is not None and hasattr(image, "path") else ""
    if isinstance(instance, Page) and instance.slug == meta.not_found_slug:
        instance.override_save_as = "404.html"
        instance.override_url = "404.html"
        instance.template = "404"
    return partial(_headings_and_links, siteurl)


def _headings_and_links(siteurl: str, html: str) -> str:
    return mark_external_links(normalize_headings(html), siteurl)


def add_neighbors(generator) -> None:
    link_neighbors(generator.articles)
    generator.context["pinned_articles"] = [a for a in generator.articles if getattr(a, "pin", False)]


def _sitemap_entries(generators) -> list[SitemapEntry]:
    entries = [SitemapEntry("")]
    for generator in generators:
        context = generator.context
        for article in getattr(generator, "articles", []) if hasattr(generator, "dates") else []:
            entries.append(SitemapEntry(article.url, getattr(article, "modified", None) or article.date))
        if hasattr(generator, "pages"):
            meta = _settings(generator.settings)
            entries += [SitemapEntry(p.url) for p in generator.pages if p.slug != meta.not_found_slug]
        if hasattr(generator, "dates"):
            settings = generator.settings
            entries += [SitemapEntry(settings[k]) for k in ("CATEGORIES_URL", "TAGS_URL", "ARCHIVES_URL")
                        if settings.get(k.replace("_URL", "_SAVE_AS"))]
            entries += [SitemapEntry(category.url) for category, _ in context.get("categories", [])]
            entries += [SitemapEntry(tag.url) for tag, _ in context.get("tags", [])]
            series = context.get("series_list", ())
            if series:
                entries.append(SitemapEntry(context.get("SERIES_INDEX_URL", "series/")))
            entries += [SitemapEntry(s.url) for s in series]
    return entries


def write_site_files(generators) -> None:
    """robots.txt always; sitemap.xml when SITEURL is absolute (a sitemap needs full URLs)."""
    if not generators:
        return
    settings = generators[0].settings
    output = Path(settings["OUTPUT_PATH"])
    output.mkdir(parents=True, exist_ok=True)
    siteurl = settings.get("SITEURL", "")
    (output / "robots.txt").write_text(robots_txt(siteurl), encoding="utf-8")
    if is_absolute(siteurl):
        (output / "sitemap.xml").write_text(sitemap_xml(_sitemap_entries(generators), siteurl), encoding="utf-8")


def _card_png(settings: dict, meta: SiteMetaSettings) -> bytes:
    """The default card, from the content cache when the same text and fonts were drawn before."""
    font_css = Path(settings["THEME"]) / FONT_CSS
    siteurl = settings.get("SITEURL", "")
    footer = siteurl.split("://", 1)[-1].rstrip("/")
    title, subtitle = settings.get("SITENAME", ""), settings.get("SITE_DESCRIPTION", "")
    key = hashlib.sha256("\0".join([title, subtitle, footer, font_css.read_text(encoding="utf-8"),
                                    Path(og_image.__file__).read_text(encoding="utf-8")]).encode()).hexdigest()[:16]
    cached = Path(settings["CACHE_PATH"]) / PLUGIN / f"og-{key}.png"
    if cached.is_file():
        return cached.read_bytes()
    png = og_image.render_card(title, subtitle, footer,
                               og_image.font_subsets(font_css.read_text(encoding="utf-8"), font_css.parent))
    # written aside and renamed: a build killed mid-write must not leave a broken card in the cache
    write_aside(str(cached), lambda partial: Path(partial).write_bytes(png))
    return png


def write_bundle_and_card(pelican) -> None:
    meta = _settings(pelican.settings)
    output = Path(pelican.settings["OUTPUT_PATH"])
    css = bundle(_css_dir(pelican.settings, meta), meta.css_save_as)
    target = output / css.save_as
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(css.text, encoding="utf-8")
    (output / meta.og_image).write_bytes(_card_png(pelican.settings, meta))
