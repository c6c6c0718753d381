"""Read the posts Pelican's content cache lacks in parallel, before Pelican asks for them one by one.

Reading (Markdown, highlighting, snippet extraction, media checks) is most of a cold build, and
Pelican does it on one core. When the articles generator is created, the posts whose cache entry
is missing or stale are read by worker processes (forked, so they share the loaded plugins and
settings) and their results put into the reader cache, exactly as Pelican would have cached them.
Pelican's own loop then finds every post cached and does the rest (signals, metadata, content
objects) as always, in order.

A post whose reading logs a warning or an error, or raises, is left out: Pelican reads it again
itself, so every message is reported once, in file order, by the main process. Anything wrong
with the workers (a killed worker, no fork) only means the posts are read the usual way.

Written here because Pelican has no parallel reading and no hook inside its read loop; the pool
is the standard library's.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from sitebuild.processes import die_with_parent, log_only_to, read_workers

# Below this many posts to read, starting workers costs more than it saves.
MIN_POSTS = 16
CHUNK = 8

logger = logging.getLogger(__name__)

# The generator's Readers, for the forked workers: set just before the pool starts, cleared after.
_readers = None


class _Heard(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_heard = _Heard()


def _quiet_worker(parent: int) -> None:
    """In a worker: die with the build; log nothing anywhere, only count what would have been logged."""
    die_with_parent(parent)
    log_only_to(_heard)


def _read(path: str):
    """(path, (content, metadata)) when the post read without a word logged; (path, None) otherwise."""
    from pelican.readers import _filter_discardable_metadata
    from pelican.utils import file_suffix

    heard = _heard.count
    try:
        content, metadata = _readers.readers[file_suffix(path)].read(path)
        metadata = _filter_discardable_metadata(metadata)
    except Exception:  # noqa: BLE001 -- the main process reads it again and reports it properly
        return path, None
    return path, ((content, metadata) if _heard.count == heard else None)


def _read_all(paths: list[str]) -> list:
    return [_read(p) for p in paths]


def prefetch(generator) -> None:
    """Fill the reader cache of an articles generator with the posts it will have to read."""
    global _readers
    readers = getattr(generator, "readers", None)
    settings = generator.settings
    workers = read_workers(settings)
    if workers < 2 or not settings.get("CACHE_CONTENT") or not isinstance(getattr(readers, "_cache", None), dict):
        return
    from pelican.utils import file_suffix

    paths = [os.path.abspath(os.path.join(generator.path, f))
             for f in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])]
    wanted = [p for p in paths if file_suffix(p) in readers.readers and readers.get_cached_data(p, None) is None]
    if len(wanted) < MIN_POSTS:
        return
    batches = [wanted[i:i + CHUNK] for i in range(0, len(wanted), CHUNK)]
    _readers = readers
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_quiet_worker,
                                 initargs=(os.getpid(),)) as pool:
            for batch in pool.map(_read_all, batches):
                for path, data in batch:
                    if data is not None:
                        readers.cache_data(path, data)
    except (BrokenProcessPool, OSError, ValueError) as err:
        logger.debug("parallel reading stopped (%s); the rest is read one by one", err)
    finally:
        _readers = None

