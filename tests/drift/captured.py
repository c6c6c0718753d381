"""What the live tier captured from each command (exit status, stdout, stderr), saved for the drift report."""

from __future__ import annotations

import json
from pathlib import Path

from tests.snippet_tiers.findings import CommandRun

Captured = dict[str, dict[str, list[CommandRun]]]  # post -> snippet name -> its commands' runs


def captured_text(captured: Captured) -> str:
    data = {post: {name: [vars(run) for run in runs] for name, runs in sorted(snippets.items())}
            for post, snippets in sorted(captured.items())}
    return json.dumps({"posts": data}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load_captured(path: Path) -> Captured:
    data = json.loads(path.read_text(encoding="utf-8"))["posts"]
    return {post: {name: [CommandRun(**run) for run in runs] for name, runs in snippets.items()}
            for post, snippets in data.items()}


def from_sessions(sessions) -> Captured:
    """The runs of every live post session (tests.snippet_tiers.live.PostSession) of a pytest session."""
    captured: Captured = {}
    for source, session in sessions.items():
        names = {s.index: s.name for s in session.post.snippets}
        for (index, _), run in sorted(session.outputs.items()):
            captured.setdefault(source, {}).setdefault(names[index], []).append(run)
    return captured
