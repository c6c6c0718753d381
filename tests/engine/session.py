"""Open the engine for a test session: start what is missing, check the mirror, stop it again after."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from tests.engine import builder, daemons, mirror
from tests.engine.layout import EngineLayout, dead_proxy_env, layout_for
from tests.engine.recipes import Recipe, load_recipes

KEEP_ENV = "DOCKER_BLOG_ENGINE_KEEP"  # "1": leave an engine this session started running afterwards


class EngineUnavailable(RuntimeError):
    """This machine cannot run the live tier; str() is the reason shown on every skipped item."""


@dataclass(frozen=True)
class LiveEngine:
    layout: EngineLayout
    recipes: tuple[Recipe, ...]
    started_here: bool
    seconds: float  # time to get it ready (start + image check/build)
    versions: daemons.EngineVersions | None = None

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """For whatever a test runs against the engine (live-tier scripts too): the engine's socket and
        config, and the dead proxy dockerd also gets. The scripts run on the host, where they need
        127.0.0.1 (published ports), so a proxy-aware tool (curl, wget, pip, apt, git over http)
        fails on the machine instead of leaving it; one that ignores proxies is not stopped by this.
        """
        env = {k: v for k, v in (os.environ if base is None else base).items() if not k.lower().endswith("_proxy")}
        env.update(dead_proxy_env())
        return self.layout.client_env(env)

    def missing_images(self, refs) -> list[str]:
        return [ref.short for ref in mirror.missing(self.layout, refs)]


def open_engine(say=lambda message: None, layout: EngineLayout | None = None) -> LiveEngine:
    layout = layout or layout_for()
    reason = daemons.unavailable_reason()
    if reason:
        raise EngineUnavailable(reason)
    started = time.monotonic()
    was_running = daemons.status(layout).running
    try:
        daemons.start(layout, say)
        found = daemons.versions(layout)
        recipes = load_recipes()
        builder.ensure_images(layout, recipes, say)
    except (daemons.EngineError, ValueError) as error:
        # stop() also takes down the bridge and the guard, which another checkout's engine may be using
        # (its registry holding the port is what failed the start): only when one of ours came up.
        mine = daemons.status(layout)
        if not was_running and (mine.dockerd_pid is not None or mine.registry_pid is not None):
            daemons.stop(layout)
        raise EngineUnavailable(f"the engine did not start: {error}") from None
    return LiveEngine(layout, recipes, not was_running, time.monotonic() - started, found)


def close_engine(engine: LiveEngine) -> None:
    if engine.started_here and os.environ.get(KEEP_ENV) != "1":
        daemons.stop(engine.layout)
