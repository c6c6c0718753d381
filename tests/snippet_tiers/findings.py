"""What a tier reports: findings (file:line problems) and a failed run (command, line, exit, stderr)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One problem at one post line, named by the check that found it (`shellcheck SC2086`, `curly-quote`)."""

    line: int
    check: str
    message: str
    hint: str = ""

    def render(self, source: str) -> str:
        text = f"{source}:{self.line}: {self.check}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


@dataclass(frozen=True)
class CommandRun:
    """One command of a script as it ran: its post line, exit status and captured output."""

    index: int
    line: int
    text: str
    exit: int | None  # None: never reached (an earlier command stopped the script)
    stdout: str = ""
    stderr: str = ""


class SnippetFailed(Exception):
    """A tier rejected a snippet. `findings` are line-anchored problems; `run` the failing command."""

    def __init__(self, tier: str, summary: str, findings: tuple[Finding, ...] = (), run: CommandRun | None = None,
                 detail: str = ""):
        self.tier = tier
        self.summary = summary
        self.findings = findings
        self.run = run
        self.detail = detail
        super().__init__(summary)

    def render(self, source: str, post_lines: list[str] | None = None) -> str:
        parts = [f"[{self.tier}] {self.summary}"]
        parts += [f"  {f.render(source)}" for f in self.findings]
        if self.run is not None:
            run = self.run
            parts.append(f"  command ({source}:{run.line}): {run.text}")
            parts.append(f"  exit code: {run.exit}")
            if post_lines and 0 < run.line <= len(post_lines):
                lo, hi = max(1, run.line - 2), min(len(post_lines), run.line + 2)
                parts.append("  post:")
                parts += [f"  {'>' if n == run.line else ' '}{n:5} | {post_lines[n - 1]}" for n in range(lo, hi + 1)]
            if run.stderr.strip():
                parts.append("  stderr:")
                parts += [f"    {line}" for line in run.stderr.rstrip().splitlines()[-30:]]
            if run.stdout.strip():
                parts.append("  stdout:")
                parts += [f"    {line}" for line in run.stdout.rstrip().splitlines()[-30:]]
        if self.detail:
            parts += [f"  {line}" for line in self.detail.rstrip().splitlines()]
        return "\n".join(parts)
