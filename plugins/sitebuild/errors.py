"""The one error type every plugin raises for broken input, formatted `file:line: plugin: what; fix`."""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass

# A write that failed because of the machine, not the site (full, read-only, immutable disk), and what to do.
ENVIRONMENT_ERRORS = {
    errno.ENOSPC: "free some space on that disk, or build into a folder on another one with --output",
    errno.EDQUOT: "free some space within your disk quota",
    errno.EROFS: "the disk is mounted read-only; build into a folder on a writable disk with --output",
    errno.EACCES: "give yourself write permission there, or build into another folder with --output",
    errno.EPERM: "the folder or a file in it may be immutable (`lsattr -d`; `chattr -i` undoes it)",
    errno.EBUSY: "a mount point cannot be replaced; build into a folder inside it",
    errno.ENAMETOOLONG: "shorten the slug or the file name",
    errno.EIO: "the disk reported an I/O error; check it",
}


@dataclass(frozen=True)
class SourcePos:
    """Where something came from: a path as the author sees it and a 1-based line (None: whole file)."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class PostError(Exception):
    """Broken input in a post or its media. The build stops and prints exactly str(error).

    Every plugin raises this (or a subclass) for problems the author has to fix; anything
    else escaping a plugin is a bug in the plugin.
    """

    def __init__(self, pos: SourcePos | str, plugin: str, message: str, hint: str = ""):
        self.pos = pos if isinstance(pos, SourcePos) else SourcePos(pos)
        self.plugin = plugin
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.pos}: {self.plugin}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text

    def __reduce__(self):  # picklable for Pelican's cache and multiprocessing
        return (type(self), (self.pos, self.plugin, self.message, self.hint))


CANNOT_WRITE = "cannot write"
UNNAMED = "the output folder"
STAGING_RE = re.compile(r"(^|/)\.([^/]+)\.(?:building|old)-\d+(?:/.*)?$")


def environment_problem(err: OSError) -> str | None:
    """One line for an OSError the machine caused (see ENVIRONMENT_ERRORS), naming the file; else None."""
    hint = ENVIRONMENT_ERRORS.get(err.errno or 0)
    if hint is None:
        return None
    written = err.filename2 or err.filename  # a failed copy names its source first, its target second
    where = str(written) if written else UNNAMED
    # A file in the staging folder (sitebuild.atomic) is named by the output folder it was being built for.
    where = STAGING_RE.sub(r"\1\2", where, count=1)
    if os.path.isabs(where):
        relative = os.path.relpath(where)
        where = where if relative.startswith("..") else relative
    return str(PostError(SourcePos(where), "sitebuild", f"{CANNOT_WRITE} ({err.strerror or os.strerror(err.errno)})", hint))


def is_environment_problem(line: str) -> bool:
    return f": sitebuild: {CANNOT_WRITE} (" in line


def problem_text(err: BaseException) -> str:
    """What a build reports for an exception that stopped it: a PostError as the author should read it,
    a full, read-only or immutable disk as one line; anything else is a plugin bug, said so, with its
    trace (call inside the `except` block)."""
    import traceback

    if isinstance(err, PostError):
        return str(err)
    if isinstance(err, OSError) and (line := environment_problem(err)):
        return line
    return f"internal error: {type(err).__name__}: {err}\n{traceback.format_exc()}"
