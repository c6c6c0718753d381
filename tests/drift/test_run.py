"""`invoke drift` refuses to start beside another engine, and a failed start leaves that engine's bridge and guard."""

from __future__ import annotations

import pytest

from tests.drift import __main__ as drift
from tests.engine import daemons, session
from tests.engine.daemons import EngineError, EngineStatus

STOPPED = EngineStatus(None, None, False, False)


@pytest.fixture
def stops(monkeypatch):
    calls = []
    monkeypatch.setattr(daemons, "unavailable_reason", lambda: None)
    monkeypatch.setattr(daemons, "stop", lambda layout: calls.append(layout))
    return calls


def test_a_failed_start_stops_nothing_when_none_of_ours_came_up(monkeypatch, stops):
    def taken(layout, say):
        raise EngineError("127.0.0.1:5055 is taken by another program")

    monkeypatch.setattr(daemons, "status", lambda layout: STOPPED)
    monkeypatch.setattr(daemons, "start", taken)
    with pytest.raises(session.EngineUnavailable, match="taken by another program"):
        session.open_engine()
    assert stops == []  # stop() would delete the shared bridge and guard


def test_a_failed_start_stops_what_it_started(monkeypatch, stops):
    states = iter([STOPPED, EngineStatus(None, 4242, False, False)])
    monkeypatch.setattr(daemons, "status", lambda layout: next(states))
    monkeypatch.setattr(daemons, "start", lambda layout, say: None)
    monkeypatch.setattr(daemons, "versions", lambda layout: (_ for _ in ()).throw(EngineError("no answer")))
    with pytest.raises(session.EngineUnavailable):
        session.open_engine()
    assert len(stops) == 1


@pytest.mark.parametrize(("status", "port", "expected"), [
    (STOPPED, False, None),
    (STOPPED, True, "an engine (this checkout's or another's) is running"),
    (EngineStatus(17, 18, True, True), False, "an engine (this checkout's or another's) is running"),
])
def test_drift_refuses_beside_another_engine(monkeypatch, stops, status, port, expected):
    monkeypatch.delenv("DOCKER_BLOG_ENGINE_STATE", raising=False)
    monkeypatch.setattr(daemons, "status", lambda layout: status)
    monkeypatch.setattr(daemons, "port_taken", lambda address: port)
    blocker = drift.start_blocker()
    if expected is None:
        assert blocker is None
    else:
        assert expected in blocker
        args = type("Args", (), {"out": "unused", "baseline": "unused", "pytest_args": []})()
        assert drift.run(args) == drift.NOT_RUN  # before any package is resolved or daemon started
