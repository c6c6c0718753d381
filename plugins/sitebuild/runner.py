"""Run one Pelican build into a staging folder; swap it in only when nothing went wrong.

Every warning or error logged during the build fails it ("fatal warnings"), and broken input
raised as PostError is reported as its one-line message, never as a traceback.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from plugins.sitebuild.atomic import remove_stale_staging, staging_dir_for, swap_into_place
from plugins.sitebuild.errors import (
    UNNAMED,
    PostError,
    environment_problem,
    is_environment_problem,
    problem_text,
)
from plugins.sitebuild.output_folder import (
    check_cache_folder,
    check_output_target,
    mark_output,
    protected_folders,
)

# Pelican logs this after a reader raised; the reader has already logged the real message.
_PELICAN_REREPORTS = ("Could not process",)
CACHE_KEY_RE = re.compile(r"[0-9a-f]{16}")  # see cache_key: only such folders are ever removed from the cache


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    output: Path
    problems: tuple[str, ...]
    seconds: float
    articles: int = 0


class _Collector(logging.Handler):
    """Keeps every warning and error logged during one build."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _messages(records: list[logging.LogRecord]) -> list[str]:
    seen: list[str] = []
    reported_error = any(r.levelno >= logging.ERROR and r.name.startswith("plugins.") for r in records)
    for record in records:
        text = record.getMessage()
        if reported_error and text.startswith(_PELICAN_REREPORTS):
            continue
        level = "warning" if record.levelno == logging.WARNING else "error"
        line = text if _names_position(text) else f"{level}: {text}"
        machine = _environment_error(record)  # Pelican logs a failed copy as a warning naming the OSError
        if machine is not None:
            line = environment_problem(machine) or line
        if line not in seen:
            seen.append(line)
    return seen


def _environment_error(record: logging.LogRecord) -> OSError | None:
    found = [*(record.args if isinstance(record.args, tuple) else ()), *(record.exc_info or ())[1:2]]
    return next((a for a in found if isinstance(a, OSError) and environment_problem(a)), None)


def _one_problem_for_the_machine(problems: list[str], target: Path, shown: str) -> list[str]:
    """A full or read-only disk fails every write after it: say it once, naming the output folder."""
    machine = next((p for p in problems if is_environment_problem(p)), None)
    if machine is None:
        return problems
    where, rest = machine.split(": sitebuild: ", 1)
    if where == UNNAMED or os.path.abspath(where) == str(target):
        where = shown
    return [f"{where}: sitebuild: {rest}"]


@contextmanager
def logged_problems() -> Iterator[list[str]]:
    """Collect every warning and error logged inside the block; the list is filled when it ends."""
    collector = _Collector()
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(collector)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    found: list[str] = []
    try:
        yield found
    finally:
        root.removeHandler(collector)
        root.setLevel(previous_level)
        found.extend(_messages(collector.records))


# Collector thresholds for the length of a build. A build makes millions of short-lived objects
# (element trees, tokens, template frames) and few reference cycles, so at Python's default
# (700, 10, 10) the young generations are collected thousands of times for little, and every tenth
# round of those passes over the older objects again (the loaded content cache among them).
BUILD_GC_THRESHOLDS = (10_000, 10, 10)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block with the cyclic collector at BUILD_GC_THRESHOLDS; the old thresholds come back after."""
    old = gc.get_threshold()
    gc.set_threshold(*BUILD_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)


@contextmanager
def observing(observe: Callable[[list], None] | None) -> Iterator[None]:
    """Hand the generators of the Pelican run inside the block to `observe`, for this block only."""
    if observe is None:
        yield
        return
    from pelican import signals

    def receiver(generators):
        observe(list(generators))

    signals.all_generators_finalized.connect(receiver, weak=False)
    try:
        yield
    finally:
        signals.all_generators_finalized.disconnect(receiver)


def _names_position(text: str) -> bool:
    """Whether a message starts with the place it is about (`file:line: ` or a path), as PostError's do."""
    head = text.split(": ", 1)[0]
    return (":" in head or "/" in head or head.endswith((".md", ".markdown"))) and " " not in head


def cache_key(settings_file: str | Path) -> str:
    """A key that changes whenever the code that fills the content cache changes.

    Pelican's content cache is keyed by each post's checksum only; a cached post would keep the
    output of an older plugin (no snippets, old media markup) after the plugins change.
    """
    import pelican

    digest = hashlib.sha256(pelican.__version__.encode())
    plugins = Path(__file__).resolve().parent.parent
    for path in sorted(plugins.rglob("*.py")):
        digest.update(str(path.relative_to(plugins)).encode())
        digest.update(path.read_bytes())
    digest.update(Path(settings_file).read_bytes())
    return digest.hexdigest()[:16]


def read_build_settings(settings_file: str | Path, overrides: dict | None = None) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(settings_file), override=dict(overrides or {}))


def build(
    settings_file: str | Path = "pelicanconf.py",
    overrides: dict | None = None,
    output: str | Path | None = None,
    observe: Callable[[list], None] | None = None,
) -> BuildResult:
    """Build the site into a staging folder and swap it into `output` (default: OUTPUT_PATH).

    `observe`, if given, receives Pelican's generators once their context is complete (the
    preview keeps them to re-render one edited post; see sitebuild.incremental).
    """
    from pelican import Pelican
    from pelican.writers import FileOverwriteFailedError

    started = time.perf_counter()
    settings = read_build_settings(settings_file, overrides)
    cache_root = Path(settings["CACHE_PATH"])
    target = Path(os.path.abspath(output or settings["OUTPUT_PATH"]))
    project = Path(settings_file).resolve().parent
    shown = _shown(target, project)
    try:
        target, staging = _prepare(settings_file, settings, project, cache_root, target)
    except (PostError, OSError) as err:
        problems = _one_problem_for_the_machine([problem_text(err)], target, shown)
        return BuildResult(False, target, tuple(problems), time.perf_counter() - started)
    settings["OUTPUT_PATH"] = str(staging)
    settings["STATIC_CREATE_LINKS"] = hard_links_work(Path(settings["PATH"]), staging)

    problems: list[str] = []
    articles = 0
    with logged_problems() as logged:
        try:
            with observing(observe), fewer_collections():
                pelican = Pelican(settings)
                pelican.run()
            articles = _count_articles(staging)
            mark_output(staging)
        except FileOverwriteFailedError as err:  # two things at one address that addresses.py does not know
            problems.append(_overwrite_problem(err, staging))
        except Exception as err:  # noqa: BLE001 -- bad input (PostError) or a plugin bug: both reported
            problems.append(problem_text(err))

    problems = logged + [p for p in problems if p not in logged]
    if not problems:
        try:
            swap_into_place(staging, target)
        except OSError as err:  # nothing was exchanged: the previous output is as it was
            problems.append(problem_text(err))
    problems = _one_problem_for_the_machine(problems, target, shown)
    if problems:
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(False, target, tuple(problems), time.perf_counter() - started)
    return BuildResult(True, target, (), time.perf_counter() - started, articles)


def _prepare(settings_file: str | Path, settings: dict, project: Path, cache_root: Path, target: Path
             ) -> tuple[Path, Path]:
    """Check the output and cache folders before anything is written (sitebuild.output_folder), point
    CACHE_PATH at this code version's cache folder (see cache_key; older ones are dropped) and make the
    staging folder. Returns the folder to swap the site into (a link followed) and the staging folder."""
    protected = protected_folders(settings, project)
    check_cache_folder(cache_root, protected, _shown(cache_root, project))
    target = check_output_target(target, protected, _shown(target, project))
    key = cache_key(settings_file)
    settings["CACHE_PATH"] = str(cache_root / key)
    if cache_root.is_dir():
        for stale in cache_root.iterdir():
            if stale.is_dir() and stale.name != key and CACHE_KEY_RE.fullmatch(stale.name):
                shutil.rmtree(stale, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(target)
    staging = staging_dir_for(target)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return target, staging


def hard_links_work(content: Path, staging: Path) -> bool:
    """Whether every file under `content` can be hard-linked into `staging`: then Pelican links the
    static files (STATIC_CREATE_LINKS) instead of copying them, a link per file and no new inode.

    Pelican falls back to symbolic links into content/ for the rest of the build when one link fails
    (EXDEV), and a published site must not hold those: so no folder under content/ may be another
    file system, and a link is tried on one file (a bind mount shares the device and still refuses).
    """
    try:
        device = os.stat(content).st_dev
    except OSError:
        return False
    source = None
    for here, dirs, files in os.walk(content):
        if any(os.stat(os.path.join(here, name), follow_symlinks=False).st_dev != device for name in dirs):
            return False
        source = source or next((os.path.join(here, name) for name in files
                                 if not os.path.islink(os.path.join(here, name))), None)
    if source is None:
        return False
    probe = staging / ".link-probe"
    try:
        os.link(source, probe, follow_symlinks=False)
    except OSError:
        return False
    os.unlink(probe)
    return True


def _overwrite_problem(err: Exception, staging: Path) -> str:
    named = re.search(r'"([^"]+)"', str(err))
    where = os.path.relpath(named.group(1), staging) if named else "the output folder"
    return str(PostError(where, "sitebuild", "two pages of the site would be written to this one file",
                         "give one of the posts or pages another address (`slug:` in its front matter)"))


def _shown(path: Path, project: Path) -> str:
    """A folder as the author names it: relative to the project when inside it."""
    absolute = Path(os.path.abspath(path))
    if absolute == project:
        return "."
    return str(absolute.relative_to(project)) if absolute.is_relative_to(project) else str(absolute)


def _count_articles(output: Path) -> int:
    posts = output / "posts"
    return sum(1 for _ in posts.glob("*/index.html")) if posts.is_dir() else 0
