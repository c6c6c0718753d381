"""What the build's helper processes share: how many to use, and dying with the build that forked them."""

from __future__ import annotations

import ctypes
import logging
import os
import signal

_PR_SET_PDEATHSIG = 1


def read_workers(settings: dict) -> int:
    """READ_WORKERS from the settings; 0 (the default) means one per usable CPU, 1 means no helpers."""
    wanted = int(settings.get("READ_WORKERS", 0) or 0)
    return wanted if wanted > 0 else len(os.sched_getaffinity(0))


def die_with_parent(parent: int) -> None:
    """In a forked helper: be killed when the build process dies (Linux), so a killed build's helpers
    never go on writing into the staging folder the next build removes. `parent` is the build's pid."""
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)  # the C library already loaded
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the line above took effect
        os._exit(1)


def log_only_to(handler: logging.Handler) -> None:
    """In a forked helper: every log record goes to `handler` alone; none reaches the build's console or
    collector, whose copies the fork inherited (the build reports what the helper passes back)."""
    for each in [logging.getLogger(), *(v for v in logging.Logger.manager.loggerDict.values()
                                        if isinstance(v, logging.Logger))]:
        each.handlers = []
    logging.getLogger().addHandler(handler)
