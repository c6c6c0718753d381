"""Shared test fixtures: paths of the project and a helper to build the site into a temp folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT
