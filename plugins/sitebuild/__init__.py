"""Build plumbing shared by the plugins: the PostError type, the atomic build runner, the preview's fast path."""


def register():
    """Only sources inside content/ read, hidden and editor files skipped; the content cache written atomically and read a post at a time; uncached posts read in parallel;
    files no page needs written aside; article URLs worked out once; Pelican's page memo kept small."""
    from pelican import signals
    from pelican.cache import FileDataCacher

    from sitebuild.addresses import refuse_reserved_addresses
    from sitebuild.aside import join_aside, start_writer
    from sitebuild.content_cache import init_loading_by_post, save_cache_atomically
    from sitebuild.memory import forget_memoized_content, release_cache
    from sitebuild.prefetch import prefetch
    from sitebuild.sources import check_sources
    from sitebuild.urls import pin_article_urls

    FileDataCacher.save_cache = save_cache_atomically
    FileDataCacher.__init__ = init_loading_by_post
    signals.initialized.connect(check_sources)  # before anything under content/ is read
    signals.initialized.connect(start_writer)  # forked before the content cache is loaded or a post read
    signals.article_generator_init.connect(prefetch)
    signals.article_generator_finalized.connect(pin_article_urls)  # before the plugins read the URLs
    signals.article_generator_finalized.connect(release_cache)
    signals.all_generators_finalized.connect(refuse_reserved_addresses)  # before any page is written
    # First of the plugins' `finalized` receivers (sitebuild comes first in PLUGINS): the files
    # written aside are all there before anything indexes the output (site_search's Pagefind).
    signals.finalized.connect(join_aside)
    signals.initialized.connect(forget_memoized_content)
    signals.article_generator_write_article.connect(forget_memoized_content)
    signals.finalized.connect(forget_memoized_content)
