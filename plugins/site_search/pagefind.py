"""Run Pagefind on a built site folder (one process; its messages come back for the build log)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IndexResult:
    ok: bool
    message: str  # Pagefind's own output when it failed


def index_command(site: Path, bundle_dir: str) -> list[str]:
    # Korean is detected from <html lang="ko">: one index, with particles matched ("도커를" finds "도커").
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", bundle_dir, "--silent"]


def build_index(site: Path, bundle_dir: str) -> IndexResult:
    try:
        done = subprocess.run(index_command(site, bundle_dir), check=False, capture_output=True, text=True,
                              timeout=600)
    except (OSError, subprocess.TimeoutExpired) as err:
        return IndexResult(False, str(err))
    if done.returncode != 0 or not (site / bundle_dir / "pagefind.js").is_file():
        return IndexResult(False, (done.stderr or done.stdout).strip()[-2000:] or f"exit status {done.returncode}")
    return IndexResult(True, "")
