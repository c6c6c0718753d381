"""Pelican glue: find every post's series once per build, give articles their place, write series pages."""

from __future__ import annotations

import logging
import os

from pelican.utils import slugify

from plugins.series.collect import collect, places
from plugins.series.model import Member
from plugins.series.settings import SeriesSettingsError, read_settings
from plugins.series.titles import claim_from
from plugins.sitebuild.errors import SourcePos

logger = logging.getLogger(__name__)


def _shown_path(article) -> str:
    project = os.path.dirname(os.path.abspath(article.settings["PATH"]))
    shown = os.path.relpath(os.path.abspath(article.source_path), project)
    return article.source_path if shown.startswith("..") else shown


def _slugifier(settings: dict):
    return lambda name: slugify(name, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                                preserve_case=False, use_unicode=True)


def _settings(generator):
    try:
        return read_settings(generator.settings.get("SERIES"))
    except SeriesSettingsError as err:
        logger.error("%s", err)
        return read_settings(None)


def attach_series(generator) -> None:
    settings = _settings(generator)
    members = []
    for article in generator.articles:
        article.series = None
        line = 2  # the title's line is not kept; the front matter starts on line 2
        claim = claim_from(article.title, getattr(article, "series_name", None),
                           getattr(article, "series_index", None), SourcePos(_shown_path(article), line))
        if claim is not None:
            members.append(Member(post=article, claim=claim, date=article.date))
    all_series = collect(members, _slugifier(generator.settings))
    for series in all_series:
        for place in places(series, settings.radius):
            place.series.members[place.position - 1].post.series = place
    siteurl = generator.settings.get("SITEURL", "")
    views = tuple(_SeriesPage(series, settings, siteurl) for series in all_series)
    for view in views:
        for member in view.members:
            member.post.series_url = view.url
    generator.context["series_list"] = views
    generator.context["SERIES_INDEX_URL"] = settings.index_url
    generator.series_pages = views
    generator.series_settings = settings


class _SeriesPage:
    """What templates see of a series: name, url, members (articles) in order."""

    def __init__(self, series, settings, siteurl):
        self.name = series.name
        self.slug = series.slug
        self.url = settings.url.format(slug=series.slug)
        self.save_as = settings.save_as.format(slug=series.slug)
        self.members = series.members
        self.articles = [m.post for m in series.members]
        self.siteurl = siteurl

    def __len__(self) -> int:
        return len(self.members)


def write_series_pages(generator, writer) -> None:
    views = getattr(generator, "series_pages", ())
    settings = getattr(generator, "series_settings", None)
    if settings is None:
        return
    relative = generator.settings["RELATIVE_URLS"]
    template = generator.get_template("series")
    for view in views:
        writer.write_file(view.save_as, template, generator.context, relative, url=view.url, series=view,
                          page_name=view.save_as.rsplit("/", 1)[0], template_name="series")
    if settings.index_save_as:
        writer.write_file(settings.index_save_as, generator.get_template("series_index"), generator.context,
                          relative, url=settings.index_url, template_name="series_index")
