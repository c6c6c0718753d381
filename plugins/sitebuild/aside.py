"""Write files no page depends on in a forked child while Pelican goes on rendering pages.

The snippet files (thousands of small scripts) and the cheat sheet's downloads (Markdown, navi,
tldr, JSON, PDF) are written from data the build already holds, and nothing Pelican writes after
them reads them. In a build run by sitebuild.runner they are written by a child process forked at
that point, so the main process renders the remaining pages meanwhile; the runner waits for every
child before the output is indexed or swapped in. A child's warnings and errors are logged again
by the main process, so they fail the build like any other.

Outside the runner (Pelican's own command line, tests calling a plugin), and where only one CPU is
usable (READ_WORKERS = 1), the work runs in place as before. Written here because Pelican has no
parallel writing; the process handling is the standard library's.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sitebuild.errors import problem_text
from sitebuild.processes import die_with_parent, log_only_to, read_workers

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Child:
    what: str
    pid: int
    fd: int  # read end of the pipe the child reports through


# The children of the build in progress; None outside a runner build (work runs in place).
_children: list[_Child] | None = None


@contextmanager
def writing_aside() -> Iterator[None]:
    """Within the block, `write_aside` forks; leaving it waits for every child (the runner's build)."""
    global _children
    _children = []
    try:
        yield
    finally:
        join_aside()
        _children = None


def write_aside(what: str, settings: dict, work: Callable[[], None]) -> None:
    """Run `work` (which writes files and returns nothing) in a child, or in place when that is not possible."""
    if _children is None or read_workers(settings) < 2:
        work()
        return
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError as err:  # no memory or process slot for a child: do the work here instead
        os.close(read_fd)
        os.close(write_fd)
        logger.debug("writing %s in place: cannot fork (%s)", what, err)
        work()
        return
    if pid == 0:  # the child: never returns into Pelican
        os.close(read_fd)
        die_with_parent(parent)
        _child(work, write_fd)
    os.close(write_fd)
    _children.append(_Child(what, pid, read_fd))


def join_aside(*_sender) -> None:
    """Wait for the children started so far and log what they reported (a Pelican `finalized` receiver too)."""
    if not _children:
        return
    while _children:
        child = _children.pop(0)
        report = _read_all(child.fd)
        os.close(child.fd)
        _pid, status = os.waitpid(child.pid, 0)
        try:
            records = pickle.loads(report)
        except Exception:  # noqa: BLE001 -- the child died before reporting (killed, out of memory)
            code = os.waitstatus_to_exitcode(status)
            records = [(__name__, logging.ERROR,
                        f"internal error: writing {child.what} stopped (exit status {code}) before it finished")]
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)


def _child(work: Callable[[], None], fd: int) -> None:
    heard: list[tuple[str, int, str]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            heard.append((record.name, record.levelno, record.getMessage()))

    log_only_to(Keep(level=logging.WARNING))
    code = 0
    try:
        work()
    except BaseException as err:  # noqa: BLE001 -- reported as the runner reports it
        heard.append(("sitebuild", logging.ERROR, problem_text(err)))
    try:
        data = memoryview(pickle.dumps(heard))
        while data:
            data = data[os.write(fd, data):]
    except BaseException:  # noqa: BLE001 -- nothing to report to: the parent sees an empty report
        code = 1
    finally:
        os._exit(code)  # skip the parent's exit handlers and buffered output


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
