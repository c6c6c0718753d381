"""The preview's background build: a child process that finishes with a result, or is cancelled with all it started."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.tasks.site_copy import copy_site
from workflow.background import BackgroundBuild

pytestmark = pytest.mark.build

WAIT = 180  # a liveness bound on a busy machine, not a timing


def _alive_in_group(group: int) -> list[str]:
    """Processes of the group that still run (zombies are dead: only their parent's reaping is left)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name_end = (text := stat.read_text()).rindex(")")
        except (OSError, ValueError):
            continue
        fields = text[name_end + 2:].split()
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(text[:name_end + 1])
    return alive


def _background(site):
    return BackgroundBuild(site / "pelicanconf.py", site / "output", site / "cache" / "preview" / "background.json")


def test_it_builds_the_site_and_reports_once(tmp_path):
    site = copy_site(tmp_path / "site")
    background = _background(site)
    background.start()
    deadline = time.monotonic() + WAIT
    done = None
    while done is None and time.monotonic() < deadline:
        time.sleep(0.2)
        done = background.finished()
    assert done is not None and done.ok and done.problems == () and done.seconds > 0
    assert (site / "output" / "posts" / "docker-1" / "index.html").is_file()
    assert (site / "output" / "snippets" / "index.json").is_file()
    assert background.finished() is None  # reported once


def test_cancel_stops_the_child_and_everything_it_started(tmp_path):
    site = copy_site(tmp_path / "site")
    background = _background(site)
    background.start()
    group = background._proc.pid  # the child leads its own process group
    time.sleep(1.0)
    background.cancel()
    assert not background.running and background.finished() is None
    deadline = time.monotonic() + 10  # SIGKILL is delivered at once but a process takes a moment to die
    while _alive_in_group(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _alive_in_group(group) == []
    assert not (site / "output").exists()  # a cancelled first build leaves nothing half-written
