"""Pelican's content cache file written aside and renamed into place, so a killed build never leaves half of it."""

from __future__ import annotations

import gzip
import logging
import os
import pickle
import tempfile
from collections.abc import Callable

logger = logging.getLogger("pelican.cache")


class _Utf8:
    """A str that pickles as its UTF-8 bytes and unpickles as the same str (`str(data, "utf-8")`).

    CPython's pickle encodes a str with PyUnicode_AsUTF8AndSize, which keeps the UTF-8 copy inside the
    str for as long as it lives: saving the cache would leave one beside every page's HTML (non-ASCII
    here) for the rest of the build. Pelican's own pickle.load reads the result as a plain str.
    """

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


def write_aside(path: str, write: Callable[[str], None]) -> None:
    """`write(partial)` fills a temporary file beside `path`, which is then renamed into place: a killed
    build leaves the old file or the new one, never half of one, and the temporary file never stays."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=".partial-", dir=folder)
    os.close(handle)
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def save_pickle(data: dict, path: str, opener=open) -> None:
    """Pickle the reader cache `data` to `path` as Pelican's FileDataCacher.save_cache does (one pickle of
    the dict, loadable by Pelican), through a temporary file renamed into place.

    `opener` is Pelican's (gzip.open or open). On failure the previous file stays and Pelican's own
    warning is logged. Gzip compresses at its fastest level: the cache is rewritten by every build and
    read back by Pelican's gzip.open at any level; level 9 cost several times the time for a little less disk.
    """
    fast = opener is gzip.open

    def write(partial: str) -> None:
        with (gzip.open(partial, "wb", compresslevel=1) if fast else opener(partial, "wb")) as out:
            pickle.dump({key: _for_pickling(entry) for key, entry in data.items()}, out)

    try:
        write_aside(path, write)
    except (OSError, pickle.PicklingError, TypeError) as err:
        logger.warning("Could not save cache %s\n ... %s", path, err)
