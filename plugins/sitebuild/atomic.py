"""Swap a freshly built output folder into place in one step, so readers never see half a site."""

from __future__ import annotations

import ctypes
import gzip
import os
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with Linux's renameat2; False where the OS can't."""
    # The C library the interpreter already loaded (find_library would run gcc or ldconfig each time).
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def staging_dir_for(output: Path) -> Path:
    """A sibling of `output` on the same file system, unique to this process."""
    return output.parent / f".{output.name}.building-{os.getpid()}"


def remove_stale_staging(output: Path) -> None:
    """Delete staging folders left by builds that were killed (their process is gone)."""
    for path in output.parent.glob(f".{output.name}.building-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
    for path in output.parent.glob(f".{output.name}.old-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_into_place(staging: Path, output: Path) -> None:
    """Make `staging` the new `output`; the previous output is removed afterwards.

    With renameat2(RENAME_EXCHANGE) there is no moment without a complete `output`. Elsewhere
    the fallback leaves a short window between two renames.
    """
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        raise OSError(f"{output} is not a folder; remove it and build again")
    if not output.exists():
        os.rename(staging, output)
        return
    if _exchange(staging, output):
        shutil.rmtree(staging)
        return
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    os.rename(output, old)
    os.rename(staging, output)
    shutil.rmtree(old)


def save_cache_atomically(cacher) -> None:
    """Pelican's FileDataCacher.save_cache, but written aside and renamed into place.

    Pelican writes its content cache in place; a build killed during that write (the preview
    cancels background builds, a user presses Ctrl-C twice) leaves a truncated pickle that makes
    every later build fail with EOFError. Pelican has no hook for this, so the method is replaced
    by this one (see `register` in sitebuild/__init__.py); same policy, same format, same warning.
    """
    import logging
    import pickle
    import tempfile

    if not cacher._cache_data_policy:
        return
    folder = cacher.settings["CACHE_PATH"]
    try:
        os.makedirs(folder, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=".partial-", dir=folder)
        os.close(handle)
        try:
            with _opened_for_writing(cacher, partial) as out:
                pickle.dump(_texts_as_utf8(cacher._cache), out)
            os.replace(partial, cacher._cache_path)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
    except (OSError, pickle.PicklingError, TypeError) as err:
        logging.getLogger("pelican.cache").warning("Could not save cache %s\n ... %s", cacher._cache_path, err)


# Pelican gzips its cache at gzip's default level, 9: 0.66 s of a cold 1,000-post build, on the build's
# critical path. Level 1 takes 0.26 s for a 50 % larger file (6.9 instead of 4.5 MB), read the same way.
CACHE_COMPRESSLEVEL = 1


def _opened_for_writing(cacher, path: str):
    if cacher._cache_open is gzip.open:
        return gzip.open(path, "wb", compresslevel=CACHE_COMPRESSLEVEL)
    return cacher._cache_open(path, "wb")


class _Utf8:
    """A str that pickles as its UTF-8 bytes and unpickles as the same str (`str(data, "utf-8")`).

    CPython's pickle encodes a non-ASCII str with PyUnicode_AsUTF8AndSize, which keeps the UTF-8
    copy inside the str for as long as the str lives: saving the content cache left a second copy
    of every page's Korean HTML in the build (about 30 MB per 1,000 posts). Encoded here, the bytes
    are freed as soon as they are written.
    """

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __reduce__(self):
        return (str, (self.text.encode("utf-8"), "utf-8"))


def _texts_as_utf8(cache: dict) -> dict:
    """The reader cache ({path: (stamp, (content, metadata))}) with each page's HTML wrapped in _Utf8;
    anything shaped otherwise is saved as it is. Pelican loads the file as before."""
    saved = {}
    for path, entry in cache.items():
        match entry:
            case (stamp, (str() as content, dict() as metadata)) if not content.isascii():
                saved[path] = (stamp, (_Utf8(content), metadata))
            case _:
                saved[path] = entry
    return saved
