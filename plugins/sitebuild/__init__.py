"""Build plumbing shared by the plugins: the PostError type, the atomic build runner, the preview's fast path."""


def register():
    """Make Pelican's content cache writes atomic (see sitebuild.atomic.save_cache_atomically)."""
    from pelican.cache import FileDataCacher

    from sitebuild.atomic import save_cache_atomically

    FileDataCacher.save_cache = save_cache_atomically
