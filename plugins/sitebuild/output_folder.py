"""The one rule for where a build may write: a folder it made, or one holding a previous build's marker.

Every command that writes a built site (build, rebuild, preview, publish, the preview's background
build) goes through `check_output_target` before anything is touched; the build swaps a whole folder
into place, so a wrong target would be replaced, not merely written into. The importer checks its
own targets with `check_inside`. The marker is a small file the build leaves in every output, as
Sphinx leaves `.buildinfo`; the preview never serves it (hidden files are not served).
"""

from __future__ import annotations

import errno
import importlib.util
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from plugins.sitebuild.errors import ENVIRONMENT_ERRORS, PostError, SourcePos

PLUGIN = "sitebuild"
MARKER = ".sitebuild-output"
OTHER = "choose an empty or new folder with --output, e.g. --output output"
FS_IOC_GETFLAGS, FS_IMMUTABLE_FL, FS_APPEND_FL = 0x80086601, 0x10, 0x20  # linux/fs.h
MARKER_TEXT = "A site built by sitebuild. The next build replaces this whole folder.\n"


@dataclass(frozen=True)
class Protected:
    """A folder the build must never replace or write into, and what it is called in messages."""

    path: Path
    what: str
    may_hold_output: bool = False  # the project may hold output/; the sources may not


def protected_folders(settings: dict, project: Path) -> list[Protected]:
    """The project and the folders its sources live in, as Pelican's settings name them."""
    found = [Protected(project, "the project folder", may_hold_output=True)]
    if settings.get("PATH"):
        found.append(Protected(Path(settings["PATH"]), "the content folder (posts and media)"))
    theme = settings.get("THEME")
    if theme and os.path.isdir(theme):
        found.append(Protected(Path(theme), "the theme"))
    for plugins in [*(settings.get("PLUGIN_PATHS") or ()), *_plugin_packages(settings.get("PLUGINS") or ())]:
        found.append(Protected(Path(plugins), "a plugin folder"))
    return found


def _plugin_packages(names: Iterable) -> list[str]:
    """The folders of the packages PLUGINS names by module (`plugins.snippets` lives in plugins/)."""
    folders: list[str] = []
    for name in names:
        if not isinstance(name, str):
            continue
        try:
            spec = importlib.util.find_spec(name.split(".")[0])
        except (ImportError, ValueError):
            continue
        folders += [folder for folder in (spec.submodule_search_locations or ()) if folder not in folders] if spec else []
    return folders


def _refuse(shown: str, message: str, hint: str) -> PostError:
    return PostError(SourcePos(shown), PLUGIN, message, hint)


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def check_output_target(target: Path, protected: Iterable[Protected], shown: str | None = None) -> Path:
    """The folder to build into (`target`, a link followed); raises PostError (one line) unless a build
    may replace it. Touches nothing."""
    shown = shown or str(target)
    if os.path.islink(target):
        if not os.path.isdir(target):
            raise _refuse(shown, f"the output folder is a link to {os.readlink(target)}, which is not a folder",
                          "remove the link, or " + OTHER)
        target = _real(target)
    real = _real(target)
    for folder in protected:
        place = _real(folder.path)
        if real == place:
            raise _refuse(shown, f"the output folder is {folder.what}; building would replace it", OTHER)
        if place.is_relative_to(real):
            raise _refuse(shown, f"the output folder contains {folder.what} ({place}); building would replace it",
                          OTHER)
        if real.is_relative_to(place) and not folder.may_hold_output:
            raise _refuse(shown, f"the output folder is inside {folder.what}", OTHER)
    if os.path.lexists(target) and not os.path.isdir(target):
        raise _refuse(shown, "the output path is a file, not a folder", "move or delete the file, or " + OTHER)
    if os.path.isdir(target):
        if os.path.ismount(target):
            raise _refuse(shown, "the output folder is a mount point, which a build cannot replace",
                          f"build into a folder inside it, e.g. --output {shown.rstrip('/')}/site")
        if os.path.lexists(target / ".git"):
            raise _refuse(shown, "the output folder is a git work tree", OTHER)
        try:
            entries = os.listdir(target)
        except OSError as err:
            raise _refuse(shown, f"the output folder cannot be read ({err.strerror})", OTHER) from None
        if entries and MARKER not in entries:
            raise _refuse(shown, f"the output folder holds {_count(len(entries))} but no build made it "
                          f"(no {MARKER} marker)",
                          "delete it if it is an old build (`invoke clean` clears output/), or " + OTHER)
        if not os.access(target, os.W_OK):
            raise _refuse(shown, "the output folder is not writable", _hint_for(_access_errno(target)))
        stuck = _first_undeletable(target)
        if stuck:
            raise _refuse(shown, f"{stuck.relative_to(target)} in the output folder cannot be replaced",
                          _hint_for(_access_errno(stuck)))
    parent = _nearest_existing(real.parent)
    if not os.access(parent, os.W_OK):
        raise _refuse(shown, f"cannot create files in {parent}", _hint_for(_access_errno(parent)))
    return target


def check_cache_folder(cache: Path, protected: Iterable[Protected], shown: str | None = None) -> None:
    """Raise PostError unless `cache` can be the content cache: a folder (or nothing yet) away from the sources."""
    shown = shown or str(cache)
    real = _real(cache)
    for folder in protected:
        place = _real(folder.path)
        if place.is_relative_to(real) or (real.is_relative_to(place) and not folder.may_hold_output):
            raise _refuse(shown, f"the cache folder (CACHE_PATH) is, contains or is inside {folder.what}",
                          "set CACHE_PATH to its own folder, e.g. cache")
    if os.path.lexists(cache) and not os.path.isdir(cache):
        raise _refuse(shown, "the cache path (CACHE_PATH) is a file, not a folder",
                      "move or delete the file, or set CACHE_PATH to a folder")
    parent = cache if os.path.isdir(cache) else _nearest_existing(real.parent)
    if not os.access(parent, os.W_OK):
        why = {errno.EROFS: "the disk is mounted read-only", errno.EPERM: "it may be immutable (`lsattr -d`)"}
        raise _refuse(shown, f"the cache folder is not writable ({why.get(_access_errno(parent), 'no permission')})",
                      "set CACHE_PATH to a writable folder")


def check_inside(path: Path, folder: Path, shown: str) -> PostError | None:
    """Why writing `path` could land outside `folder` (a link on the way, even a dangling one), or None."""
    current = path
    while current != folder and current.is_relative_to(folder):
        if os.path.islink(current):
            which = "it" if current == path else f"{current.relative_to(folder)} on the way"
            return _refuse(shown, f"{which} is a link (to {os.readlink(current)}), which is never written through",
                           "remove the link, then run the command again")
        current = current.parent
    return None


def mark_output(folder: Path) -> None:
    """Leave the marker that lets the next build replace this folder."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def _first_undeletable(folder: Path) -> Path | None:
    """The first file or folder of a previous output the next build could not delete (immutable, say).

    Found before building: the swap would succeed and leave the old site half-deleted beside the new
    one. One access(2) a file, on plain strings (a previous output holds tens of thousands of files).
    """
    found = _undeletable_in(os.fspath(folder))
    return Path(found) if found else None


def _undeletable_in(folder: str) -> str | None:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: (not entry.is_dir(follow_symlinks=False), entry.name))
    except OSError:
        return None  # gone or unreadable: the deletion reports it, as it did before this check
    subfolders = []
    for entry in entries:
        if entry.is_symlink():
            continue
        is_dir = entry.is_dir(follow_symlinks=False)
        # A folder must be writable to empty it; a file only must not be immutable or append-only.
        if not os.access(entry.path, os.W_OK) and (is_dir or _pinned(Path(entry.path))):
            return entry.path
        if is_dir:
            subfolders.append(entry.path)
    for path in subfolders:
        found = _undeletable_in(path)
        if found:
            return found
    return None


def _pinned(path: Path) -> bool:
    """Whether the file carries the immutable or append-only attribute (chattr +i / +a)."""
    import array
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        flags = array.array("i", [0])
        fcntl.ioctl(fd, FS_IOC_GETFLAGS, flags, True)
        return bool(flags[0] & (FS_IMMUTABLE_FL | FS_APPEND_FL))
    except OSError:  # a file system without these attributes
        return False
    finally:
        os.close(fd)


def _count(n: int) -> str:
    return "1 file or folder" if n == 1 else f"{n} files or folders"


def _hint_for(code: int) -> str:
    return ENVIRONMENT_ERRORS.get(code, ENVIRONMENT_ERRORS[errno.EACCES])


def _access_errno(path: Path) -> int:
    """Why `path` is not writable, as the kernel says it (access(2) gives EROFS and EPERM too)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.access(os.fsencode(path), os.W_OK) == 0:
        return errno.EACCES
    return ctypes.get_errno() or errno.EACCES


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path
