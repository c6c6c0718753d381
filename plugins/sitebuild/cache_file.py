"""Pelican's content cache file written aside and renamed into place, so a killed build never leaves half of it."""

from __future__ import annotations

import logging
import os
import pickle
import tempfile

logger = logging.getLogger("pelican.cache")


def save_pickle(data: dict, path: str, opener=open) -> None:
    """Pickle `data` to `path` the way Pelican's FileDataCacher.save_cache does, through a temporary file.

    `opener` is Pelican's (gzip.open or open). On failure the previous file stays and Pelican's own
    warning is logged.
    """
    folder = os.path.dirname(path) or "."
    try:
        os.makedirs(folder, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=".partial-", dir=folder)
        os.close(handle)
        try:
            with opener(partial, "wb") as out:
                pickle.dump(data, out)
            os.replace(partial, path)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
    except (OSError, pickle.PicklingError, TypeError) as err:
        logger.warning("Could not save cache %s\n ... %s", path, err)
