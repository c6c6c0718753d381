"""A full build in a child process, so the preview keeps serving while the whole site catches up.

The preview writes an edited post's page at once (sitebuild.incremental) and then rebuilds the rest
of the site here. A newer change cancels the running build: the child is killed by its pid, and the
runner's staging folder and atomic swap guarantee that a killed build leaves the output as it was.

Run as a module, it is that child: `python -m workflow.background SETTINGS OUTPUT RESULT.json [JINJA_CACHE]`.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Finished:
    ok: bool
    problems: tuple[str, ...]
    seconds: float


@dataclass
class BackgroundBuild:
    """At most one child build at a time; owned by one preview and stopped with it."""

    settings_file: Path
    output: Path
    result_file: Path
    jinja_cache: Path | None = None
    _proc: subprocess.Popen | None = field(default=None, repr=False)

    def command(self) -> list[str]:
        args = [sys.executable, "-m", "workflow.background", str(self.settings_file), str(self.output), str(self.result_file)]
        return args + ([str(self.jinja_cache)] if self.jinja_cache else [])

    def start(self) -> None:
        self.cancel()
        self.result_file.parent.mkdir(parents=True, exist_ok=True)
        self.result_file.unlink(missing_ok=True)
        # Its own process group: cancelling also stops any process the build starts.
        self._proc = subprocess.Popen(self.command(), cwd=ROOT, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def cancel(self) -> None:
        """Stop the running child, if any, and wait for it (it is ours: killed by its pid)."""
        if self._proc is not None and self._proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._proc.pid, signal.SIGKILL)  # the group our child leads, made by start()
            self._proc.wait()
        self._proc = None

    def finished(self) -> Finished | None:
        """The outcome once the child has ended (once per child); None while it runs or when none ran."""
        if self._proc is None or self._proc.poll() is None:
            return None
        code, self._proc = self._proc.returncode, None
        try:
            data = json.loads(self.result_file.read_text(encoding="utf-8"))
            return Finished(bool(data["ok"]), tuple(data["problems"]), float(data["seconds"]))
        except (OSError, ValueError, KeyError, TypeError):
            return Finished(False, (f"internal error: the background build ended with code {code} and no result",), 0.0)


def main(argv: list[str]) -> int:
    settings_file, output, result_file = argv[:3]
    from plugins.sitebuild.cache_file import write_aside
    from plugins.sitebuild.runner import build, read_build_settings

    overrides = {}
    if len(argv) > 3:
        from workflow.preview import preview_overrides

        overrides = preview_overrides(read_build_settings(settings_file), Path(argv[3]))
    result = build(settings_file, overrides=overrides, output=output)
    data = {"ok": result.ok, "problems": list(result.problems), "seconds": result.seconds}
    text = json.dumps(data, ensure_ascii=False)
    write_aside(result_file, lambda partial: Path(partial).write_text(text, encoding="utf-8"))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
