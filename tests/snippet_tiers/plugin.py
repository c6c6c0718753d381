"""pytest glue for the snippet tiers: the live engine fixture; in CI a live skip is a failure."""

from __future__ import annotations

import os
import sys

import pytest

from tests.engine.session import EngineUnavailable, LiveEngine, close_engine, open_engine


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _say(message: str) -> None:
    print(f"engine: {message}", file=sys.stderr, flush=True)


@pytest.fixture(scope="session")
def docker_engine() -> LiveEngine:
    """The project's own Docker engine, started for this session when possible (and stopped after)."""
    try:
        engine = open_engine(_say)
    except EngineUnavailable as reason:
        if in_ci():
            pytest.fail(f"live tier is mandatory in CI, but {reason}", pytrace=False)
        pytest.skip(f"live engine unavailable: {reason}")
    yield engine
    close_engine(engine)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped and item.get_closest_marker("live") is not None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"live items may not skip in CI (CI=true): {reason}"
