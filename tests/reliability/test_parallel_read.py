"""Reading posts in worker processes (sitebuild.prefetch) and writing files aside in a child (sitebuild.aside)
change nothing but the time a build takes; their failures fail the build like any other."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from sitebuild.runner import build

from tests.conftest import ROOT

pytestmark = pytest.mark.build

POSTS = 20  # above prefetch.MIN_POSTS, so the workers really run


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parallel")
    _generator().generate(root, POSTS, seed=3, images_per_post=1)
    return root / "content"


def _build(content: Path, where: Path, workers: int):
    return build(ROOT / "pelicanconf.py", output=where / "output",
                 overrides={"PATH": str(content), "CACHE_PATH": str(where / "cache"), "READ_WORKERS": workers,
                            "CHEATSHEET": {"pdf": False}})  # the PDF takes longer than the rest


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parallel_and_serial_reading_write_the_same_bytes(generated, tmp_path):
    serial, parallel = _build(generated, tmp_path / "serial", 1), _build(generated, tmp_path / "parallel", 2)
    assert serial.ok and parallel.ok, (serial.problems, parallel.problems)
    assert serial.articles == parallel.articles == POSTS
    assert _files(tmp_path / "serial" / "output") == _files(tmp_path / "parallel" / "output")


@pytest.mark.parametrize(("workers", "read_here"), [(1, POSTS), (2, 0)])
def test_with_workers_the_main_process_reads_no_post_itself(generated, tmp_path, monkeypatch, workers, read_here):
    """Workers are forked after the patch below, so their calls land in their own copy of the list."""
    from chirpy_reader.reader import ChirpyReader

    calls = []
    real = ChirpyReader.read

    def counted(self, path):
        calls.append(path)
        return real(self, path)

    monkeypatch.setattr(ChirpyReader, "read", counted)
    assert _build(generated, tmp_path, workers).ok
    assert len([c for c in calls if "/posts/" in c]) == read_here


@pytest.mark.parametrize("workers", [1, 2])
def test_a_broken_post_among_many_is_reported_once_and_the_same_way(generated, tmp_path, workers):
    content = tmp_path / "content"
    shutil.copytree(generated, content)
    broken = sorted((content / "posts").glob("*.md"))[POSTS // 2]
    text = broken.read_text(encoding="utf-8")
    broken.write_text(re.sub(r"(?m)^date: .*$", "date: 2025-13-45 12:00:00 +0900", text, count=1), encoding="utf-8")
    result = _build(content, tmp_path, workers)
    assert not result.ok
    assert len(result.problems) == 1, result.problems
    assert re.match(rf"content/posts/{re.escape(broken.name)}:\d+: chirpy_reader: ", result.problems[0])


# --- files written aside (sitebuild.aside): the snippet files and the cheat sheet downloads ---


def test_a_failure_while_writing_aside_fails_the_build_and_keeps_the_old_output(generated, tmp_path, monkeypatch):
    import snippets.plugin

    assert _build(generated, tmp_path, 2).ok
    before = _files(tmp_path / "output")

    def broken(*_args):
        raise ValueError("disk says no")

    monkeypatch.setattr(snippets.plugin, "write_files", broken)  # the child is forked after this
    result = _build(generated, tmp_path, 2)
    assert not result.ok
    assert len(result.problems) == 1 and "internal error: ValueError: disk says no" in result.problems[0]
    assert _files(tmp_path / "output") == before


def test_a_child_killed_while_writing_aside_is_reported(generated, tmp_path, monkeypatch):
    import os
    import signal

    import snippets.plugin

    monkeypatch.setattr(snippets.plugin, "write_files", lambda *_a: os.kill(os.getpid(), signal.SIGKILL))
    result = _build(generated, tmp_path, 2)
    assert not result.ok
    expected = "error: internal error: writing the snippet files stopped (exit status -9) before it finished"
    assert result.problems == (expected,)


def test_outside_a_runner_build_the_work_runs_in_place():
    from sitebuild.aside import write_aside

    done = []
    write_aside("a test", lambda: done.append(os.getpid()))
    assert done == [os.getpid()]


def test_without_a_fork_the_files_are_written_in_place(generated, tmp_path, monkeypatch):
    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    serial = _build(generated, tmp_path / "serial", 1)
    in_place = _build(generated, tmp_path / "in-place", 2)
    assert serial.ok and in_place.ok, in_place.problems
    assert _files(tmp_path / "serial" / "output") == _files(tmp_path / "in-place" / "output")


# --- the writer process itself (no Pelican): forked once, jobs in order, failures and fallbacks ---


def record_pid(path: str) -> None:  # a job: module-level, so it can be sent to the writer
    Path(path).write_text(str(os.getpid()))


def fail_with(message: str) -> None:
    raise ValueError(message)


def _writer_started():
    from types import SimpleNamespace

    from sitebuild.aside import start_writer

    start_writer(SimpleNamespace(settings={"READ_WORKERS": 2}))


def test_jobs_run_in_the_writer_and_unpicklable_work_in_place(tmp_path):
    from sitebuild.aside import write_aside, writing_aside

    here = []
    with writing_aside():
        _writer_started()
        write_aside("a job", record_pid, str(tmp_path / "pid"))
        write_aside("a lambda", lambda: here.append(os.getpid()))  # cannot be pickled: runs in place
    assert here == [os.getpid()]
    assert int((tmp_path / "pid").read_text()) != os.getpid()


def test_after_a_failed_job_the_writer_runs_no_other_and_reports_it_once(tmp_path):
    from sitebuild.aside import write_aside, writing_aside
    from sitebuild.runner import logged_problems

    with logged_problems() as problems, writing_aside():
        _writer_started()
        write_aside("the first files", fail_with, "disk says no")
        write_aside("the second files", record_pid, str(tmp_path / "pid"))
    assert len(problems) == 1 and "internal error: ValueError: disk says no" in problems[0]
    assert not (tmp_path / "pid").exists()


def test_a_failed_build_stops_the_writer_instead_of_waiting(tmp_path):
    from sitebuild import aside

    with pytest.raises(RuntimeError), aside.writing_aside():
        _writer_started()
        pid = aside._writer.pid
        raise RuntimeError("a post was broken")
    assert aside._writer is None
    with pytest.raises(ChildProcessError):  # already reaped: nothing left running
        os.waitpid(pid, os.WNOHANG)
