"""The one Pelican plugin of the site: every signal connection, the reader, and every private Pelican attribute used.

The plugins under plugins/ are plain modules: their functions take Pelican's generators, writers
and content objects (or plain data) and never connect to a signal themselves. `register()` below
connects them in one stated order; within one signal, receivers run in the order connected.

Order, and why:
1. `initialized`: the source rule first (sitebuild.sources), before anything under content/ is
   read; then Pelican's class-level content memo is emptied (see below); then the settings checks.
2. `readers_init`: the Chirpy reader claims .md/.markdown; the content cache is saved atomically.
3. `get_generators`: the media plugin's per-build state (one prober per build).
4. `generator_init`: template variables of site_meta and site_search.
5. `article_generator_init` / `page_generator_init`: the reader cache's entries as loaded are noted
   (an unchanged cache is not written again), then cached posts whose media changed are dropped
   from it, once, before anything is read.
6. `content_object_init`: the HTML changes made when a page is written (root links under a
   sub-path SITEURL, then heading levels and external links), reading time and card image.
7. `article_generator_pretaxonomy`: duplicate slugs refused before Pelican groups the posts.
8. `article_generator_finalized`: category levels, then each post's URL settled (sitebuild.addresses:
   computed once, not on every read), then the snippet files (every slug and URL is
   final), the proof lines (they read the snippets), media links and posters, series, then
   neighbours (site_meta reads the series).
9. `all_generators_finalized`: fixed addresses refused before any page is written; robots/sitemap.
10. `article_generator_write_article` / `page_generator_write_page`: the memo emptied before each
   post's page is rendered; a post the preview's fast path re-read gets its proof lines.
11. `article_writer_finalized`: /proof/ (its state names the engine the cheat sheet shows), the cheat
   sheet, the series pages, the search page.
12. `finalized`: the memo emptied, the media state dropped, the CSS bundle and card, then the
    search index last (it indexes the finished output).
The Chirpy reader's own `markdown_extensions` signal (chirpy_reader/context.py) gets the snippets
extension, then the media extension, then the cheat sheet's (it notes each post's headings and forms
as the post is read).

Private Pelican attributes used, all here and nowhere else in plugins/ or workflow/:
- `Content._content`: the HTML as read, for the reading time and summary (site_meta) and as the
  input of the changes made when a page is written (the proof lines first, once a build knows every
  snippet);
- `Content._get_content`: Pelican's hook inside `Content.get_content`; set to apply our HTML changes
  as the page is written, so the reader cache and the post share one copy of the HTML as read;
- `Content.get_content.cache` and `Content.get_summary.cache`: the class-level memos of Pelican's
  `memoized` decorator, which never forget; emptied at the start and end of every build (the preview
  runs many builds in one process) and before each post is written;
- `Writer._written_files`: the files Pelican's writer has written this build; a page the cheat sheet
  links from the last build instead of rendering it is added, so a later page written to the same
  file fails as a second write does (and never writes through the link into the previous output);
- `Readers._cache`, `._cache_path`, `._cache_open`, `._cache_data_policy` (pelican.cache.FileDataCacher):
  the reader cache, for dropping posts whose media changed and for saving it atomically. No class is
  patched: `save_cache` is replaced on the one Readers instance this build made (a build killed while
  Pelican wrote the cache in place left a truncated file that failed every later build).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial


def register() -> None:
    """Connect every receiver of the site's plugins, in the order the module docstring gives."""
    from pelican import signals

    from plugins.cheatsheet.plugin import add_extension as cheatsheet_extension
    from plugins.cheatsheet.plugin import write_cheatsheet
    from plugins.chirpy_reader.context import markdown_extensions
    from plugins.chirpy_reader.plugin import add_category_levels, add_reader, refuse_duplicate_slugs
    from plugins.media import plugin as media
    from plugins.proof import plugin as proof
    from plugins.series.plugin import attach_series, write_series_pages
    from plugins.site_meta import plugin as site_meta
    from plugins.site_search import plugin as site_search
    from plugins.sitebuild.addresses import refuse_reserved_addresses, settle_urls
    from plugins.sitebuild.sources import check_sources
    from plugins.snippets.plugin import add_extension, write_snippets

    signals.initialized.connect(check_sources)
    signals.initialized.connect(forget_memoized_content)
    signals.initialized.connect(site_meta.check_settings)
    signals.initialized.connect(site_search.check_settings)

    signals.readers_init.connect(add_reader)
    signals.readers_init.connect(save_cache_atomically)

    signals.get_generators.connect(media.start_build)

    signals.generator_init.connect(site_meta.add_context)
    signals.generator_init.connect(site_search.add_context)

    signals.article_generator_init.connect(note_cache_as_loaded)
    signals.article_generator_init.connect(drop_stale_cache)
    signals.page_generator_init.connect(note_cache_as_loaded)
    signals.page_generator_init.connect(drop_stale_cache)

    signals.content_object_init.connect(prepare_content)

    signals.article_generator_pretaxonomy.connect(refuse_duplicate_slugs)

    signals.article_generator_finalized.connect(add_category_levels)
    signals.article_generator_finalized.connect(settle_urls)
    signals.article_generator_finalized.connect(write_snippets)
    signals.article_generator_finalized.connect(fill_proof_lines)
    signals.article_generator_finalized.connect(media.link_media_files)
    signals.article_generator_finalized.connect(media.unlink_generated_posters)
    signals.article_generator_finalized.connect(attach_series)
    signals.article_generator_finalized.connect(site_meta.add_neighbors)
    signals.page_generator_finalized.connect(settle_urls)
    signals.page_generator_finalized.connect(media.unlink_generated_posters)
    signals.static_generator_finalized.connect(media.add_generated_posters)

    signals.all_generators_finalized.connect(refuse_reserved_addresses)
    signals.all_generators_finalized.connect(site_meta.write_site_files)

    signals.article_generator_write_article.connect(forget_memoized_content)
    signals.article_generator_write_article.connect(fill_proof_line)
    signals.page_generator_write_page.connect(fill_proof_line)

    signals.article_writer_finalized.connect(proof.write_page)
    signals.article_writer_finalized.connect(write_cheatsheet)
    signals.article_writer_finalized.connect(write_series_pages)
    signals.article_writer_finalized.connect(site_search.write_search_page)

    signals.finalized.connect(forget_memoized_content)
    signals.finalized.connect(media.end_build)
    signals.finalized.connect(site_meta.write_bundle_and_card)
    signals.finalized.connect(site_search.index_site)

    markdown_extensions.connect(add_extension)
    markdown_extensions.connect(media.extensions_for)
    markdown_extensions.connect(cheatsheet_extension)


def fill_proof_lines(generator) -> None:
    """article_generator_finalized: every post's blocks get their proof line before anything renders them."""
    from plugins.proof import plugin as proof

    state = proof.prepare(generator)
    if state is not None:
        siteurl = generator.settings.get("SITEURL", "").rstrip("/")
        for content in proof.contents(generator):
            _fill_proof(content, state, siteurl)


def fill_proof_line(generator, content) -> None:
    """A post the preview's fast path re-read, and pages (a post filled above is left alone)."""
    from plugins.proof import plugin as proof

    if proof.SLOT in (getattr(content, "_content", None) or "") and not _proof_filled(content):
        state = proof.load(generator)
        if state is not None:
            _fill_proof(content, state, generator.settings.get("SITEURL", "").rstrip("/"))


def _fill_proof(content, state, siteurl: str) -> None:
    """The proof lines as the first change applied when the page is written (a filled copy kept in
    `_content` would be a second copy of every post's HTML beside the reader cache's)."""
    from plugins.proof import plugin as proof

    snippets = content.metadata.get("snippets") or ()
    if getattr(content, "_content", None) and snippets:
        transform_when_written(content, [partial(proof.filled, snippets=snippets, state=state, siteurl=siteurl)],
                               first=True)


def _proof_filled(content) -> bool:
    from plugins.proof import plugin as proof

    current = getattr(content, "_get_content", None)
    return isinstance(current, _Transformed) and any(getattr(t, "func", None) is proof.filled
                                                     for t in current.transforms)


def prepare_content(instance) -> None:
    """content_object_init: the page's HTML changes, applied as it is written, and site_meta's values."""
    from plugins.chirpy_reader.plugin import root_links_transform
    from plugins.site_meta.plugin import prepare_content as site_meta_values

    html = getattr(instance, "_content", None)
    if html is None:
        return
    changes = [change for change in (root_links_transform(instance.settings), site_meta_values(instance, html))
               if change is not None]
    if changes:
        transform_when_written(instance, changes)


class _Transformed:
    """A content object's `_get_content`: its HTML as read with the changes applied, in order."""

    def __init__(self, instance, transforms: tuple[Callable[[str], str], ...]):
        self.instance = instance
        self.transforms = transforms

    def __call__(self) -> str:
        html = self.instance._content
        for transform in self.transforms:
            html = transform(html)
        return html


def html_as_read(content) -> str:
    """A post's or page's HTML as the reader made it, before the changes made when it is written."""
    return getattr(content, "_content", None) or ""


def transform_when_written(instance, transforms: list[Callable[[str], str]], first: bool = False) -> None:
    """Apply `transforms` to the instance's HTML whenever Pelican hands its content to a template,
    after the ones given before (or, `first`, before them).

    Replacing `_content` with a changed copy would keep two copies of every page while the posts are
    read (the reader cache holds the HTML as read); `_content` stays the HTML as read.
    """
    current = getattr(instance, "_get_content", None)
    earlier = current.transforms if isinstance(current, _Transformed) else ()
    chain = (*transforms, *earlier) if first else (*earlier, *transforms)
    instance._get_content = _Transformed(instance, chain)


def claim_written(writer, path: str) -> None:
    """Tell Pelican's writer that `path` (as pelican.utils.sanitised_join makes it) is in the output already."""
    writer._written_files.add(path)


def memoized_pages() -> int:
    """How many pages Content.get_content's class-level memo holds now."""
    from pelican.contents import Content

    memo = getattr(Content.__dict__.get("get_content"), "cache", None)
    return len(memo) if isinstance(memo, dict) else 0


def forget_memoized_content(*_sender, **_kwargs) -> None:
    """Empty the memos of Content.get_content and get_summary.

    Pelican memoizes both on the class, keyed by the content object, and never forgets: every build
    run in one process (the preview's) would keep all earlier builds' posts alive, and a build would
    keep a second copy of every page's HTML. Only the page being written reads its own content (the
    theme's listings show `plain_summary`), so emptying it before each post costs nothing.
    """
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        memo = getattr(Content.__dict__.get(name), "cache", None)
        if isinstance(memo, dict):
            memo.clear()


def drop_stale_cache(generator) -> None:
    """Drop from the reader cache the posts whose media changed since they were cached."""
    from plugins.media.plugin import stale_cache_entries

    cache = getattr(getattr(generator, "readers", None), "_cache", None)
    if isinstance(cache, dict):
        for path in stale_cache_entries(cache, generator.settings["PATH"]):
            del cache[path]


def save_cache_atomically(readers) -> None:
    """readers_init: this Readers saves its cache through sitebuild.cache_file (written aside, renamed)."""
    readers.save_cache = partial(_save_readers_cache, readers, None)


def note_cache_as_loaded(generator) -> None:
    """The generator's reader cache as loaded: saving it again unchanged would pickle every post anew.

    Pelican's cache_data puts a new (stamp, data) entry in place of a post's old one and never changes
    an entry; the same keys holding the same objects are the cache as it was read from its file.
    """
    readers = getattr(generator, "readers", None)
    cache = getattr(readers, "_cache", None)
    if isinstance(cache, dict):
        readers.save_cache = partial(_save_readers_cache, readers, dict(cache))


def _save_readers_cache(readers, loaded: dict | None) -> None:
    from plugins.sitebuild.cache_file import save_pickle

    if not readers._cache_data_policy:
        return
    cache = readers._cache
    unchanged = loaded is not None and cache.keys() == loaded.keys() and all(cache[k] is v for k, v in loaded.items())
    if not (unchanged and os.path.isfile(readers._cache_path)):
        save_pickle(cache, readers._cache_path, readers._cache_open)
