"""Build plumbing shared by the plugins: the PostError type, the atomic build runner, the preview's fast path."""


def register():
    """Make Pelican's content cache writes atomic; read uncached posts in parallel before Pelican asks."""
    from pelican import signals
    from pelican.cache import FileDataCacher

    from sitebuild.atomic import save_cache_atomically
    from sitebuild.prefetch import prefetch

    FileDataCacher.save_cache = save_cache_atomically
    signals.article_generator_init.connect(prefetch)
