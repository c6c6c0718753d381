"""Pelican's content cache file, written aside and renamed into place, and read back one post at a time.

Pelican saves its reader cache ({path: (stamp, (html, metadata))}) as one pickle and loads it as
one. Both ways cost memory on a big site: pickling a non-ASCII str leaves a UTF-8 copy inside it for
as long as it lives (CPython's pickle encodes with PyUnicode_AsUTF8AndSize), and unpickling one big
pickle keeps every object it made in its memo until the end. Here the file is a header and then one
pickle per post, each page's HTML pickled from its UTF-8 bytes: saving leaves nothing behind, and
loading holds one post's bytes at a time. A file in Pelican's own format still loads.

Pelican has no hook for either, so FileDataCacher.save_cache and __init__ are replaced (see
`register` in sitebuild/__init__.py); same policies, same warning, same file name.
"""

from __future__ import annotations

import gzip
import logging
import os
import pickle
import tempfile

from pelican.cache import FileDataCacher

logger = logging.getLogger("pelican.cache")

HEADER = ("sitebuild content cache", 1)
# Pelican gzips its cache at gzip's default level, 9: 0.66 s of a cold 1,000-post build, on the build's
# critical path. Level 1 takes 0.26 s for a 50 % larger file (6.9 instead of 4.5 MB).
COMPRESSLEVEL = 1


class _Utf8:
    """A str that pickles as its UTF-8 bytes and unpickles as the same str (`str(data, "utf-8")`)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __reduce__(self):
        return (str, (self.text.encode("utf-8"), "utf-8"))


def _for_pickling(entry):
    """A reader cache entry with its page's HTML wrapped in _Utf8; anything shaped otherwise as it is."""
    match entry:
        case (stamp, (str() as content, dict() as metadata)) if not content.isascii():
            return (stamp, (_Utf8(content), metadata))
    return entry


def save_cache_atomically(cacher) -> None:
    """FileDataCacher.save_cache: the file written aside and renamed into place (a build killed while
    Pelican wrote it in place left a truncated pickle that failed every later build)."""
    if not cacher._cache_data_policy:
        return
    folder = cacher.settings["CACHE_PATH"]
    try:
        os.makedirs(folder, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=".partial-", dir=folder)
        os.close(handle)
        try:
            with _open(cacher._cache_open, partial, "wb") as out:
                pickle.dump(HEADER, out)
                for path, entry in cacher._cache.items():
                    pickle.dump((path, _for_pickling(entry)), out)  # a pickle, and a memo, per post
            os.replace(partial, cacher._cache_path)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
    except (OSError, pickle.PicklingError, TypeError) as err:
        logger.warning("Could not save cache %s\n ... %s", cacher._cache_path, err)


def load_cache(opener, path: str) -> dict:
    """The cache saved by save_cache_atomically (or by Pelican itself); {} when there is none or it is
    unreadable, with Pelican's debug line or warning."""
    try:
        with opener(path, "rb") as source:
            first = pickle.load(source)
            if first != HEADER:
                return first if isinstance(first, dict) else {}
            cache = {}
            while True:
                try:
                    key, entry = pickle.load(source)
                except EOFError:
                    return cache
                cache[key] = entry
    except (OSError, UnicodeDecodeError, EOFError) as err:
        logger.debug("Cannot load cache %s (this is normal on first run). Proceeding with empty cache.\n%s", path, err)
    except (pickle.PickleError, ValueError, TypeError, AttributeError, ImportError) as err:
        logger.warning("Cannot unpickle cache %s, cache may be using an incompatible protocol (see pelican "
                       "caching docs). Proceeding with empty cache.\n%s", path, err)
    return {}


_pelican_init = FileDataCacher.__init__


def init_loading_by_post(self, settings, cache_name, caching_policy, load_policy) -> None:
    """FileDataCacher.__init__, with the file loaded by load_cache."""
    _pelican_init(self, settings, cache_name, caching_policy, False)
    if load_policy:
        self._cache = load_cache(self._cache_open, self._cache_path)


def _open(opener, path: str, mode: str):
    if opener is gzip.open:
        return gzip.open(path, mode, compresslevel=COMPRESSLEVEL)
    return opener(path, mode)
