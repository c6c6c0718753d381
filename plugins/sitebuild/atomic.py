"""Swap a freshly built output folder into place in one step, so readers never see half a site."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with Linux's renameat2; False where the OS or file system can't.

    Any other failure (read-only, immutable, busy) raises OSError: then nothing was exchanged.
    """
    # The C library the interpreter already loaded (find_library would run gcc or ldconfig each time).
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):
        return False
    raise OSError(code, os.strerror(code), str(b))


def staging_dir_for(output: Path) -> Path:
    """A sibling of `output` on the same file system, unique to this process."""
    return output.parent / f".{output.name}.building-{os.getpid()}"


def previous_output_of(staging: Path) -> Path | None:
    """The output folder a staging folder of `staging_dir_for` will replace, or None for any other folder."""
    name = staging.name
    head, dash, pid = name.rpartition(".building-")
    if not (dash and pid.isdigit() and head.startswith(".") and len(head) > 1):
        return None
    output = staging.parent / head[1:]
    return output if output.is_dir() and not output.is_symlink() else None


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
        # The new site is in place; a previous output that cannot be fully deleted (a file made
        # immutable in it) is left aside and removed by the next build when it can be.
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    os.rename(output, old)
    os.rename(staging, output)
    shutil.rmtree(old)
