"""Note each post's headings and forms as it is read; after the posts are written, write
/cheatsheet/ (one page per post too) and its files."""

from __future__ import annotations

import logging
import os
import pickle
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican.utils import sanitised_join

from plugins.cheatsheet.collect import build_sheet
from plugins.cheatsheet.forms import file_forms, file_staples
from plugins.cheatsheet.markdown_ext import CheatNotesExtension
from plugins.cheatsheet.model import PLUGIN, CheatSheet, CheatsheetSettings, PostSource
from plugins.cheatsheet.outputs import downloads, made_files, pdf_files, static_files, write_files
from plugins.cheatsheet.page_data import BY_POST, all_pages
from plugins.cheatsheet.pdf import PdfUnavailable
from plugins.cheatsheet.settings import CheatsheetSettingsError, absolute_base, read_settings
from plugins.glue import claim_written
from plugins.sitebuild.carry_over import CarryOver, digest_of
from plugins.sitebuild.errors import PostError
from plugins.sitebuild.page_inputs import page_inputs

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "cheatsheet.html"


def add_extension(settings) -> list:
    return [CheatNotesExtension()]


def post_source(article, siteurl: str) -> PostSource:
    """The post as the cheat sheet needs it, from what was noted when it was read."""
    snippets = tuple(article.metadata.get("snippets") or ())
    shown = snippets[0].source if snippets else os.path.relpath(article.source_path)
    return PostSource(slug=article.slug, title=article.title, date=article.date.isoformat(),
                      url=f"{siteurl}/{article.url}", source=shown, snippets=snippets,
                      notes=article.metadata.get(PLUGIN))


def sheet_of(articles: list, settings: CheatsheetSettings, siteurl: str, forms: dict | None = None,
             staples: tuple = ()) -> CheatSheet:
    """The cheat sheet of these articles."""
    return build_sheet([post_source(a, siteurl) for a in articles], settings, siteurl, forms=forms, staples=staples)



def page_template(generator):
    """The theme's templates/cheatsheet.html when it has one, else the plugin's (both extend base.html)."""
    env = generator.env.overlay(loader=ChoiceLoader([generator.env.loader, FileSystemLoader(str(TEMPLATES))]))
    return env.get_template(TEMPLATE)


PAGES = "pages"  # the carry-over group of the HTML pages
PAGE_NAMES = frozenset({"cheatsheet", "cheatsheet_folder", "url", "output_file"})  # what write_pages gives a page


def pages_inputs(generator, template, made_from: bytes, settings: CheatsheetSettings, with_pdf: bool,
                 siteurl: str) -> bytes | None:
    """What every cheat sheet page is made of: the sheet and the settings all_pages reads, and the templates
    with the context values they read (sitebuild.page_inputs); None when that cannot be known."""
    context = page_inputs(template.environment, TEMPLATE, generator.context, PAGE_NAMES)
    if context is None:
        return None
    key = (made_from, settings, with_pdf, siteurl, generator.settings.get("RELATIVE_URLS", False), context)
    return digest_of(pickle.dumps(key, protocol=pickle.HIGHEST_PROTOCOL))


def write_pages(generator, writer, sheet: CheatSheet, settings: CheatsheetSettings, with_pdf: bool,
                siteurl: str, carry: CarryOver | None = None, made_from: bytes | None = None) -> None:
    """/cheatsheet/, /cheatsheet/by-post/ and one page per post, through Pelican's writer.

    With `carry`, pages made from the same sheet, settings, templates and context values as in the last
    build are linked from the previous output instead (and named to the writer, so a page of the site
    written to one of them later fails as a second write does). `made_from` is sheet_inputs(sheet) when
    the caller has it.
    """
    template = page_template(generator)
    inputs = None
    if carry is not None:
        made_from = sheet_inputs(sheet) if made_from is None else made_from
        inputs = pages_inputs(generator, template, made_from, settings, with_pdf, siteurl)
    output = generator.output_path
    if inputs is not None and carry.carry_group(PAGES, inputs):
        for relpath in carry.groups[PAGES][1]:
            claim_written(writer, sanitised_join(output, relpath))
        return
    pages = all_pages(sheet, downloads(settings, with_pdf, f"{siteurl}/{settings.folder}/"),
                      base=absolute_base(siteurl, settings),
                      siteurl=siteurl, todo=settings.todo)
    relative = generator.settings.get("RELATIVE_URLS", False)
    named = [(f"{settings.folder}/", pages.by_topic), (f"{settings.folder}/{BY_POST}/", pages.by_post)]
    named += [(f"{settings.folder}/{slug}/", page) for slug, page in pages.singles]
    for url, page in named:
        writer.write_file(f"{url}index.html", template, generator.context, relative_urls=relative, url=url,
                          cheatsheet=page, cheatsheet_folder=settings.folder)
    if inputs is not None:
        written = [os.path.relpath(sanitised_join(output, f"{url}index.html"), output) for url, _ in named]
        for relpath in written:
            carry.record(relpath)
        carry.add_group(PAGES, inputs, written)


DOWNLOADS = "downloads"  # the carry-over group of the files made from the sheet


def typst_version() -> str:
    try:
        return version("typst")
    except PackageNotFoundError:
        return ""


def sheet_inputs(sheet: CheatSheet) -> bytes:
    """A digest of the sheet (the code that renders it is the cache folder's key)."""
    return digest_of(pickle.dumps(sheet, protocol=pickle.HIGHEST_PROTOCOL))


def write_downloads(sheet: CheatSheet, settings: CheatsheetSettings, with_pdf: bool, cache: Path, output: Path,
                    carry: CarryOver | None = None, made_from: bytes | None = None) -> None:
    """The Markdown, navi, tldr and JSON files, and the PDF when wanted.

    With `carry`, the files made from a sheet unchanged since the last build are linked from the
    previous output, not made again (the code that makes them is the cache folder's key); the CSS,
    JS and schema are compared by their bytes. `made_from` is sheet_inputs(sheet) when the caller has it.
    """
    if carry is not None:
        made_from = sheet_inputs(sheet) if made_from is None else made_from
        inputs = digest_of(pickle.dumps((made_from, settings, with_pdf, typst_version() if with_pdf else ""),
                                        protocol=pickle.HIGHEST_PROTOCOL))  # the typst version: as the PDF cache's key
    else:
        inputs = b""
    write_files(output, static_files(settings), settings.folder, carry)
    if carry is not None and carry.carry_group(DOWNLOADS, inputs):
        return
    made = write_files(output, made_files(sheet, settings), settings.folder, carry)
    if with_pdf:
        try:
            pdfs = pdf_files(sheet, settings, cache)
        except PdfUnavailable as err:
            logger.error("%s", err)  # fails the build (sitebuild.runner); the rest is still written
            return
        for pdf, cached in pdfs:
            logger.debug("cheatsheet: %s %s", pdf.path, "from the cache" if cached else "typeset")
        made += write_files(output, [pdf for pdf, _ in pdfs], settings.folder, carry)
    if carry is not None:
        carry.add_group(DOWNLOADS, inputs, made)


def write_cheatsheet(generator, writer) -> None:
    try:
        settings = read_settings(generator.settings.get("CHEATSHEET"))
    except CheatsheetSettingsError as err:
        logger.error("%s", err)  # one line, and the build fails
        return
    siteurl = generator.settings.get("SITEURL", "").rstrip("/")
    forms_path = Path(generator.settings.get("PATH", "content")) / settings.forms_file
    try:
        shown = os.path.relpath(forms_path)
        sheet = sheet_of(generator.articles, settings, absolute_base(siteurl, settings), file_forms(forms_path, shown),
                         file_staples(forms_path, shown))
    except PostError as err:
        logger.error("%s", err)  # one line, and the build fails
        return
    # The proof plugin's record of the engine the posts' blocks last ran on (an empty sentence without one).
    sheet = replace(sheet, proven_on=getattr(generator.context.get("PROOF"), "engine_sentence", ""))
    with_pdf = settings.pdf and len(sheet.entries) <= settings.pdf_max_entries
    if settings.pdf and not with_pdf:
        logger.info("cheatsheet: %d commands is more than pdf_max_entries (%d); no PDF this build",
                    len(sheet.entries), settings.pdf_max_entries)
    cache = Path(generator.settings.get("CACHE_PATH") or "cache") / "cheatsheet"
    output = Path(generator.output_path)
    # A PDF that cannot be typeset logs an error, which fails the build, so its link on the page is moot.
    carry = CarryOver(output, generator.settings.get("CACHE_PATH"), PLUGIN)
    made_from = sheet_inputs(sheet)
    write_downloads(sheet, settings, with_pdf, cache, output, carry, made_from)
    write_pages(generator, writer, sheet, settings, with_pdf, siteurl, carry, made_from)
    carry.save()
    logger.info("cheatsheet: %d commands from %d posts; %d without an explanation (invoke cheatsheet lists them)",
                len(sheet.entries), len(sheet.posts), len(sheet.missing))
