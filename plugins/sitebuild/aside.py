"""Write files no page depends on in a writer process while Pelican goes on rendering pages.

The snippet files (thousands of small scripts) and the cheat sheet's downloads (Markdown, navi,
tldr, JSON, PDF) are written from data the build already holds, and nothing Pelican writes after
them reads them. In a build run by sitebuild.runner, a writer process is forked as Pelican starts,
before the content cache is loaded or any post is read: it shares next to nothing with the build.
(A forked child keeps every page it shares with the build as it was, so each page the build frees
or changes afterwards is then held twice. A child forked once the pages were written ended up
doubling the build's memory; one forked after the content cache was loaded kept a copy of all of
it once the build had dropped the cache.)
Each piece of work is sent to the writer as a module-level function and its arguments, pickled;
it runs them in order while the build goes on, and the runner waits for them all before the
output is indexed or swapped in. What the work logs is logged again by the build, so a warning
or an error fails it like any other.

Outside the runner (Pelican's own command line, tests calling a plugin), where only one CPU is
usable (READ_WORKERS = 1), where no process can be forked, or for work that cannot be pickled,
the work runs in place. Written here because Pelican has no parallel writing; the processes,
pipes and pickling are the standard library's.
"""

from __future__ import annotations

import fcntl
import gc
import logging
import os
import pickle
import queue
import signal
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sitebuild.errors import problem_text
from sitebuild.memory import return_free_memory
from sitebuild.processes import die_with_parent, log_only_to, read_workers

logger = logging.getLogger(__name__)

_HEADER = struct.Struct("<Q")  # each message on a pipe: its length, then the pickle
_PIPE_BYTES = 1 << 20  # a big pipe lets the writer take a job while it is busy with the one before


@dataclass
class _Writer:
    pid: int
    jobs: int  # write end of the pipe the jobs go through
    reports: int  # read end of the pipe the writer reports through, one message per job
    sent: list[str] = field(default_factory=list)  # what each job sent writes, in order


_in_runner = False  # inside a runner build: work may go to a writer
_writer: _Writer | None = None


@contextmanager
def writing_aside() -> Iterator[None]:
    """Within the block, work may be written aside; leaving it waits for all of it (the runner's build).

    When the block ends with an exception the build has failed: the writer is stopped, not waited for.
    """
    global _in_runner
    _in_runner = True
    try:
        yield
    except BaseException:
        _stop_writer()
        raise
    finally:
        join_aside()
        _in_runner = False


def start_writer(pelican) -> None:
    """Fork the writer (an `initialized` receiver: before the content cache is loaded)."""
    global _writer
    if not _in_runner or _writer is not None or read_workers(pelican.settings) < 2:
        return
    jobs_read, jobs_write = os.pipe()
    reports_read, reports_write = os.pipe()
    _widen(jobs_write)
    parent = os.getpid()
    # The writer's garbage collector would write to every object the build holds when it forked
    # (the gc header), copying them; frozen objects are never scanned (the gc module's advice for
    # fork without exec). A preview's background build forks it with the preview's last build in memory.
    # Freed pages are given back first: shared with the writer, they would stay with it once the
    # build reuses them.
    return_free_memory()
    gc.freeze()
    try:
        pid = os.fork()
    except OSError as err:  # no memory or process slot for a writer: the work runs in place
        gc.unfreeze()
        for fd in (jobs_read, jobs_write, reports_read, reports_write):
            os.close(fd)
        logger.debug("no writer process (%s); files are written in place", err)
        return
    if pid == 0:  # the writer: never returns into Pelican
        os.close(jobs_write)
        os.close(reports_read)
        die_with_parent(parent)
        _serve(jobs_read, reports_write)
    gc.unfreeze()
    os.close(jobs_read)
    os.close(reports_write)
    _writer = _Writer(pid, jobs_write, reports_read)


def write_aside(what: str, function: Callable[..., None], *args) -> None:
    """Run `function(*args)` (a module-level function that writes files and returns nothing) in the
    writer, or in place when there is none. `what` names the files in messages."""
    writer = _writer
    if writer is None:
        function(*args)
        return
    try:
        payload = pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as err:
        logger.debug("writing %s in place: %s", what, err)
        function(*args)
        return
    try:
        _send(writer.jobs, payload)
    except OSError as err:  # the writer is gone (killed): do it here, and say so when joining
        logger.debug("writing %s in place: the writer stopped (%s)", what, err)
        function(*args)
        return
    writer.sent.append(what)


def join_aside(*_sender) -> None:
    """Wait until the writer has done all its work, and log what it reported (a `finalized` receiver too,
    so every file is there before anything indexes the output)."""
    global _writer
    writer, _writer = _writer, None
    if writer is None:
        return
    try:
        _send(writer.jobs, b"")  # the end
    except OSError:
        pass  # the writer is gone; its reports say how far it got
    os.close(writer.jobs)
    reports = _read_messages(writer.reports)
    os.close(writer.reports)
    _pid, status = os.waitpid(writer.pid, 0)
    for records in reports:
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
    if len(reports) < len(writer.sent):  # killed, or out of memory, before it finished
        logger.error("internal error: writing %s stopped (exit status %d) before it finished",
                     writer.sent[len(reports)], os.waitstatus_to_exitcode(status))


def _stop_writer() -> None:
    global _writer
    writer, _writer = _writer, None
    if writer is None:
        return
    os.kill(writer.pid, signal.SIGKILL)
    os.waitpid(writer.pid, 0)
    os.close(writer.jobs)
    os.close(writer.reports)


def _serve(jobs: int, reports: int) -> None:
    """The writer: run each job received, report what it logged; exit at the end marker."""
    heard: list[tuple[str, int, str]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            heard.append((record.name, record.levelno, record.getMessage()))

    code = 0
    try:
        log_only_to(Keep(level=logging.WARNING))
        received: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        # A thread takes jobs off the pipe as they come, so the build never waits for the writer.
        threading.Thread(target=_receive, args=(jobs, received), daemon=True).start()
        failed = False
        while payload := received.get():
            heard.clear()
            if not failed:  # after a failure the build has failed: the rest is not written, as in place
                try:
                    function, args = pickle.loads(payload)
                    del payload
                    function(*args)
                except BaseException as err:  # noqa: BLE001 -- reported as the runner reports it
                    heard.append(("sitebuild", logging.ERROR, problem_text(err)))
                    failed = True
            _send(reports, pickle.dumps(list(heard)))
            return_free_memory()  # what the job held, before the next one comes
    except BaseException:  # noqa: BLE001 -- nothing to report to: the build sees a job unreported
        code = 1
    finally:
        os._exit(code)  # skip the build's exit handlers and buffered output


def _receive(fd: int, received: queue.SimpleQueue) -> None:
    try:
        while payload := _read_message(fd):
            received.put(payload)
    except OSError:
        pass
    received.put(None)


def _widen(fd: int) -> None:
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (OSError, AttributeError):
        pass  # a smaller pipe only means the build waits a little longer while sending


def _send(fd: int, payload: bytes) -> None:
    for data in (memoryview(_HEADER.pack(len(payload))), memoryview(payload)):
        while data:
            data = data[os.write(fd, data):]


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, _PIPE_BYTES))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_message(fd: int) -> bytes | None:
    """The next message's payload; None at the end of the pipe or a message cut short."""
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    return _read_exactly(fd, size) if size else b""


def _read_messages(fd: int) -> list:
    found = []
    while (payload := _read_message(fd)) is not None:
        try:
            found.append(pickle.loads(payload))
        except Exception:  # noqa: BLE001 -- a report cut short by a dying writer
            break
    return found
