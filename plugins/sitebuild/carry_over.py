"""Files a build writes itself, carried over from the previous output by hard link when unchanged.

A build writes into an empty staging folder (sitebuild.atomic), so every file would be a new inode
even when nothing changed. A file whose bytes (or, for a group, whose inputs) are the same as when
the previous build made it is linked from the previous output instead: no inode, no write, and for
a group no rendering. A record in the cache folder says what each file was made from and which
inode it was; a file of the previous output that is no longer that inode, size, time and mode (edited,
replaced, a link) is never carried: it is made again.

Only the build's own staging folder is written into (a new name each time: a carried file is never
opened for writing), and the previous output is only read and linked from, so a killed build leaves
it as it was.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from plugins.sitebuild.atomic import previous_output_of
from plugins.sitebuild.cache_file import write_aside
from plugins.sitebuild.output_folder import MARKER

logger = logging.getLogger(__name__)

RECORD_VERSION = 1


@dataclass(frozen=True)
class Made:
    """One file as this build left it: what it was made from, and the inode that holds it."""

    digest: bytes
    ino: int
    size: int
    mtime_ns: int
    mode: int


def digest_of(data: bytes | str) -> bytes:
    """A short digest of some bytes (text as UTF-8), for "unchanged since the last build"."""
    return hashlib.blake2b(data.encode("utf-8") if isinstance(data, str) else data, digest_size=16).digest()


def _inside(relpath: str) -> bool:
    return not relpath.startswith("/") and ".." not in relpath.split("/")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class CarryOver:
    """The files one writer puts under `folder` of the staging output, with what the last build made.

    `name` names the record in the cache folder (one per writer); `save()` writes the new one.
    """

    def __init__(self, output: str | Path, cache: str | Path | None, name: str):
        self.output = str(output)
        previous = previous_output_of(Path(output))
        # Only a folder a build made (it has the marker) is linked from.
        self.previous = str(previous) if previous and os.path.isfile(previous / MARKER) else None
        self.record_path = os.path.join(cache, f"carried-{name}.pickle") if cache else None
        self.old_files, self.old_groups = self._load()
        self.files: dict[str, Made] = {}
        self.groups: dict[str, tuple[bytes, tuple[str, ...]]] = {}
        self._made_dirs: set[str] = set()
        self._umask = _umask()
        self.carried = 0
        self.written = 0

    def _load(self) -> tuple[dict, dict]:
        if self.previous is None or self.record_path is None:
            return {}, {}
        try:
            with open(self.record_path, "rb") as handle:
                version, files, groups = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return {}, {}
        return (files, groups) if version == RECORD_VERSION else ({}, {})

    def _folder(self, path: str) -> None:
        folder = os.path.dirname(path)
        if folder not in self._made_dirs:
            os.makedirs(folder, exist_ok=True)
            self._made_dirs.add(folder)

    def _carry(self, relpath: str, digest: bytes | None) -> bool:
        """Link the previous output's `relpath` into the staging folder if it is still what was recorded."""
        made = self.old_files.get(relpath)
        if made is None or (digest is not None and made.digest != digest) or not _inside(relpath):
            return False
        old = os.path.join(self.previous, relpath)
        try:
            now = os.stat(old, follow_symlinks=False)
        except OSError:
            return False
        if (now.st_ino, now.st_size, now.st_mtime_ns, now.st_mode) != (made.ino, made.size, made.mtime_ns, made.mode) \
                or not stat.S_ISREG(now.st_mode):
            return False
        path = os.path.join(self.output, relpath)
        self._folder(path)
        try:
            os.link(old, path, follow_symlinks=False)
        except OSError:  # another file system, no hard links, too many links: write it instead
            return False
        self.files[relpath] = made
        self.carried += 1
        return True

    def _write(self, relpath: str, data: bytes, executable: bool, digest: bytes) -> None:
        if not _inside(relpath):
            raise ValueError(f"refusing to write outside {self.output}: {relpath}")
        path = os.path.join(self.output, relpath)
        self._folder(path)
        mode = 0o755 if executable else 0o644
        # O_EXCL: never write through a file already there (it could be a link into the previous output).
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:
            os.unlink(path)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            if mode & self._umask:  # the mode given to open lost bits to the umask
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            now = os.fstat(fd)
        finally:
            os.close(fd)
        self.files[relpath] = Made(digest, now.st_ino, now.st_size, now.st_mtime_ns, now.st_mode)
        self.written += 1

    def write(self, relpath: str, data: bytes | str, executable: bool = False) -> None:
        """Write one file, or link it from the previous output when its bytes are the same."""
        data = data.encode("utf-8") if isinstance(data, str) else data
        digest = digest_of(data)
        if not self._carry(relpath, digest):
            self._write(relpath, data, executable, digest)

    def carry_group(self, group: str, inputs: bytes) -> bool:
        """Link every file `group` made in the last build, if it was made from the same `inputs` and
        each file is still there as it was made. False (nothing linked that stays) otherwise."""
        old = self.old_groups.get(group)
        if old is None or old[0] != inputs:
            return False
        done = []
        for relpath in old[1]:
            if not self._carry(relpath, None):
                for path in done:  # the group is written whole instead
                    os.unlink(os.path.join(self.output, path))
                    del self.files[path]
                self.carried -= len(done)
                return False
            done.append(relpath)
        self.groups[group] = old
        return True

    def write_group(self, group: str, inputs: bytes, files: Iterable[tuple[str, bytes | str, bool]]) -> None:
        """Write the files (path, data, executable) made from `inputs`, and remember them as one group."""
        paths = []
        for relpath, data, executable in files:
            data = data.encode("utf-8") if isinstance(data, str) else data
            self._write(relpath, data, executable, b"")
            paths.append(relpath)
        self.groups[group] = (inputs, tuple(paths))

    def record(self, relpath: str) -> None:
        """Note a file written into the staging folder by other means, so a group can carry it later."""
        now = os.stat(os.path.join(self.output, relpath), follow_symlinks=False)
        self.files[relpath] = Made(b"", now.st_ino, now.st_size, now.st_mtime_ns, now.st_mode)
        self.written += 1

    def add_group(self, group: str, inputs: bytes, relpaths: Iterable[str]) -> None:
        """Remember files already written or recorded here as one group made from `inputs`."""
        self.groups[group] = (inputs, tuple(relpaths))

    def save(self) -> None:
        """Record this build's files for the next one (written aside and renamed: never half a record)."""
        if self.record_path is None:
            return
        def write(partial: str) -> None:
            with open(partial, "wb") as out:
                pickle.dump((RECORD_VERSION, self.files, self.groups), out, protocol=pickle.HIGHEST_PROTOCOL)

        try:
            write_aside(self.record_path, write)
        except OSError as err:  # the next build makes every file again; this one is complete
            logger.debug("carry-over record %s not saved: %s", self.record_path, err)
        logger.debug("%s: %d files carried over, %d written", self.record_path, self.carried, self.written)
