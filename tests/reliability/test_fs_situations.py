"""Output and cache folders in every file-system situation: a build succeeds, or says one line and changes nothing.

Each situation is arranged and built in a child process in a private mount namespace
(tests/reliability/fs_situations.py), where full and read-only disks are small tmpfs mounts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.reliability.fs_situations import CACHE_KINDS, OUTPUT_KINDS

pytestmark = [
    pytest.mark.build,
    pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("chattr"),
                       reason="needs root, unshare and chattr: tmpfs mounts in a private mount namespace"),
]

NOT_WRITABLE = "the disk is mounted read-only; build into a folder on a writable disk with --output"
OTHER = "choose an empty or new folder with --output, e.g. --output output"
# The exact line for each situation a build must refuse ({d}: the folder the situation is arranged in).
LINES = {
    ("someone's folder", "absent"): "{d}/disk/output: sitebuild: the output folder holds 1 file or folder but no build "
                                    "made it (no .sitebuild-output marker); delete it if it is an old build (`invoke "
                                    f"clean` clears output/), or {OTHER}",
    ("file", "absent"): f"{{d}}/disk/output: sitebuild: the output path is a file, not a folder; move or delete the file, "
                        f"or {OTHER}",
    ("dangling link", "absent"): "{d}/disk/output: sitebuild: the output folder is a link to {d}/disk/nowhere, which is "
                                 f"not a folder; remove the link, or {OTHER}",
    ("mount point", "absent"): "{d}/disk/output: sitebuild: the output folder is a mount point, which a build cannot "
                               "replace; build into a folder inside it, e.g. --output {d}/disk/output/site",
    ("read-only disk", "absent"): f"{{d}}/disk/output: sitebuild: the output folder is not writable; {NOT_WRITABLE}",
    ("full disk", "absent"): "{d}/disk/output: sitebuild: cannot write (No space left on device); free some space on "
                             "that disk, or build into a folder on another one with --output",
    ("immutable file in the previous build", "absent"): "{d}/disk/output: sitebuild: index.html in the output folder "
                                                        "cannot be replaced; the folder or a file in it may be immutable "
                                                        "(`lsattr -d`; `chattr -i` undoes it)",
    ("previous build", "file"): "{d}/cache: sitebuild: the cache path (CACHE_PATH) is a file, not a folder; move or "
                                "delete the file, or set CACHE_PATH to a folder",
    ("previous build", "read-only disk"): "{d}/cache: sitebuild: the cache folder is not writable (the disk is mounted "
                                          "read-only); set CACHE_PATH to a writable folder",
}


def run_situation(tmp_path, output_kind: str, cache_kind: str) -> dict:
    folder = tmp_path / f"s{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", sys.executable, "-m", "tests.reliability.fs_situations",
         str(folder), output_kind, cache_kind],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["folder"] = str(folder)
    return report


def check_properties(report: dict, output_kind: str, cache_kind: str) -> None:
    """What every situation must give: success exactly where a build may write, else one line and no change."""
    assert "Traceback" not in "\n".join(report["problems"])
    assert report["leftovers"] == [], "a staging folder was left behind"
    if OUTPUT_KINDS[output_kind] and CACHE_KINDS[cache_kind]:
        assert report["ok"], report["problems"]
        assert report["new_site"], "the build did not put a new, marked site in place"
        return
    assert not report["ok"]
    assert len(report["problems"]) == 1, report["problems"]
    assert report["after"] == report["before"], "a refused build changed files"


@pytest.mark.parametrize(("output_kind", "cache_kind"), list(LINES), ids=[f"{o}, cache {c}" for o, c in LINES])
def test_each_refusal_is_one_exact_line(tmp_path, output_kind, cache_kind):
    report = run_situation(tmp_path, output_kind, cache_kind)
    check_properties(report, output_kind, cache_kind)
    assert report["problems"] == [LINES[output_kind, cache_kind].replace("{d}", report["folder"])]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(output_kind=st.sampled_from(sorted(OUTPUT_KINDS)), cache_kind=st.sampled_from(sorted(CACHE_KINDS)))
def test_any_output_and_cache_situation(tmp_path, output_kind, cache_kind):
    check_properties(run_situation(tmp_path, output_kind, cache_kind), output_kind, cache_kind)
