"""The drift report: per post, what a run on a newer engine changed against the post and the proof record.

- shown output that differs: a unified diff of the post's lines against the real output, at the
  post line where the shown output starts;
- new warnings: what the engine, BuildKit or Compose printed that the post does not accept;
- new failures: blocks that fail now and did not in the record (an output or warning failure is
  reported above, not again here).

Exit codes (`invoke drift`, documented in docs/testing.md): 0 nothing changed, 1 shown output or
warnings changed, 2 a block that passed fails now, 3 no live block ran (the drift engine did not start).
"""

from __future__ import annotations

from dataclasses import dataclass

from plugins.proof.model import ProofEntry
from plugins.proof.proof_page import main_engine
from tests.drift.captured import Captured
from tests.snippet_tiers.engine_output import warnings_in
from tests.snippet_tiers.outputs import diff, normalise, output_candidates, output_matches, together
from tests.snippet_tiers.posts import PostSnippets

NO_DRIFT, OUTPUT_DRIFT, NEW_FAILURES, NOT_RUN = 0, 1, 2, 3
# The live tier's summaries (tests/snippet_tiers/live.py) for failures this report shows in its own sections.
SHOWN_ELSEWHERE = ("shown output does not match", "the engine printed a warning")

Entries = dict[tuple[str, str], ProofEntry]


@dataclass(frozen=True)
class OutputDrift:
    line: int  # the post line where the shown output starts
    name: str
    command: str
    diff: str


@dataclass(frozen=True)
class WarningDrift:
    line: int  # the command's line
    name: str
    command: str
    warning: str


@dataclass(frozen=True)
class FailureDrift:
    line: int
    name: str
    reason: str
    before: str  # what the record said: "passed (live)", "no record", ...


@dataclass(frozen=True)
class PostDrift:
    source: str
    ran: int = 0  # its live blocks the drift run executed
    outputs: tuple[OutputDrift, ...] = ()
    warnings: tuple[WarningDrift, ...] = ()
    failures: tuple[FailureDrift, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.outputs or self.warnings or self.failures)


@dataclass(frozen=True)
class DriftReport:
    engine_now: str
    engine_before: str
    ran: int  # live blocks the drift run executed
    posts: tuple[PostDrift, ...]

    @property
    def exit_code(self) -> int:
        if self.ran == 0:
            return NOT_RUN
        if any(p.failures for p in self.posts):
            return NEW_FAILURES
        return OUTPUT_DRIFT if any(p.changed for p in self.posts) else NO_DRIFT


def _post_drift(post: PostSnippets, captured: Captured, run: Entries, baseline: Entries) -> PostDrift:
    outputs, warnings, failures = [], [], []
    runs_of = captured.get(post.source, {})
    for snippet in post.snippets:
        runs = runs_of.get(snippet.name, [])
        by_index = {r.index: r for r in runs}
        for index, command in enumerate(snippet.commands):
            ran = by_index.get(index)
            if ran is None or ran.exit is None:
                continue
            first = command.text.split("\n", 1)[0]
            if command.output:
                shown = normalise("\n".join(command.output))
                if not any(output_matches(shown, normalise(text)) for text in output_candidates(ran)):
                    actual = normalise(together(ran.stdout, ran.stderr))
                    outputs.append(OutputDrift(command.end_line + 1, snippet.name, first, diff(shown, actual)))
            accepted = snippet.annotation.warns
            for warning in warnings_in(ran.stderr + "\n" + ran.stdout):
                if not (accepted and accepted in warning):
                    warnings.append(WarningDrift(command.line, snippet.name, first, warning))
        now = run.get((post.source, snippet.name))
        if now is None or now.result != "failed" or any(text in now.reason for text in SHOWN_ELSEWHERE):
            continue
        before = baseline.get((post.source, snippet.name))
        if before is not None and before.block == now.block and before.result == "failed":
            continue  # failing in the record too: not drift
        said = "no record" if before is None else f"{before.result} ({before.tier}, {before.date})"
        failures.append(FailureDrift(snippet.line, snippet.name, now.reason, said))
    ran = sum(1 for s in post.snippets if (e := run.get((post.source, s.name))) is not None and e.tier == "live")
    return PostDrift(post.source, ran, tuple(outputs), tuple(warnings), tuple(failures))


def drift_report(posts: list[PostSnippets], captured: Captured, run: Entries, baseline: Entries) -> DriftReport:
    """`run`: the drift run's proof entries; `baseline`: the repository's proof record."""
    now, before = main_engine(run.values(), passed_only=False), main_engine(baseline.values())
    ran = sum(1 for e in run.values() if e.tier == "live")
    return DriftReport(now[0].describe() if now else "", before[0].describe() if before else "", ran,
                       tuple(_post_drift(post, captured, run, baseline) for post in posts))


def report_markdown(report: DriftReport) -> str:
    lines = ["# Drift report", "",
             f"- engine now: {report.engine_now or 'none (no live block ran)'}",
             f"- engine in the proof record: {report.engine_before or 'none'}",
             f"- live blocks run: {report.ran}",
             f"- exit code: {report.exit_code}", ""]
    for post in report.posts:
        if not post.changed:
            state = f"{post.ran} live block(s) run, no change" if post.ran else "no live block run"
            lines += [f"## {post.source}: {state}", ""]
            continue
        lines += [f"## {post.source}: {post.ran} live block(s) run", ""]
        if post.outputs:
            lines += ["### Shown output differs", ""]
            for item in post.outputs:
                lines += [f"{post.source}:{item.line} [{item.name}] `{item.command}`", "", "```diff", item.diff, "```", ""]
        if post.warnings:
            lines += ["### New warnings", ""]
            lines += [f"- {post.source}:{w.line} [{w.name}] `{w.command}` printed `{w.warning}`" for w in post.warnings]
            lines.append("")
        if post.failures:
            lines += ["### New failures", ""]
            lines += [f"- {post.source}:{f.line} [{f.name}] {f.reason} (record: {f.before})" for f in post.failures]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
