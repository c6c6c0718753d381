"""Fixtures for the task tests: a fresh copy of the site per test."""

from __future__ import annotations

import pytest

from tests.tasks.site_copy import copy_site


@pytest.fixture
def site(tmp_path):
    return copy_site(tmp_path / "site")
