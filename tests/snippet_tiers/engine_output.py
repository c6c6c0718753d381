"""What the live tier refuses in a block's docker commands: warnings, the legacy builder, pipe-only progress.

- A warning the engine, BuildKit or Compose prints (a deprecation, "the attribute `version` is
  obsolete", a build check, a secret on the command line) fails the block with the warning and the
  post line, unless the block's annotation `warns="..."` quotes it: the post shows and explains it.
- BuildKit is the only builder: a block or file that selects the legacy one (`DOCKER_BUILDKIT=0`)
  is refused before it runs.
- BuildKit's and Compose's progress differs between a terminal and a pipe. The live tier captures
  through a pipe (plain progress), so a command whose output a post shows must ask for plain
  progress itself (`--progress=plain`): then a reader's terminal prints what the post shows.
"""

from __future__ import annotations

import re

from plugins.snippets.model import Snippet
from tests.snippet_tiers.findings import CommandRun, Finding
from tests.snippet_tiers.images import _words, docker_args

WARNING_LINE = re.compile(
    r"^\s*(?:WARN(?:ING)?\b|WARN\[\d+\]|DEPRECATED:|level=warn(?:ing)?\b|time=\S+\s+level=warn(?:ing)?\b)"
    r"|^\s*\d+ warnings? found\b"  # BuildKit's build checks: "1 warning found (use docker --debug to expand):"
    r"|^\s*- \w+: .* \(line \d+\)$",  # ... and each check: " - JSONArgsRecommended: ... (line 5)"
    re.IGNORECASE,
)
LEGACY_BUILDER = re.compile(r"\bDOCKER_BUILDKIT\s*[=:]\s*['\"]?(?:0|false|no|off)\b", re.IGNORECASE)
PROGRESS_PLAIN = re.compile(r"--progress(?:=|\s+)['\"]?plain\b")
# Compose subcommands that draw progress (a terminal gets the redrawn "[+] Running 3/3" screen).
COMPOSE_PROGRESS = frozenset({"up", "down", "build", "create", "start", "stop", "restart", "rm", "pull", "push",
                              "kill", "pause", "unpause", "run"})
BUILD_COMMANDS = (("build",), ("image", "build"), ("builder", "build"), ("buildx", "build"))


def warnings_in(text: str) -> list[str]:
    """The warning lines in a command's output."""
    return [line.strip() for line in text.splitlines() if WARNING_LINE.search(line)]


def warning_findings(snippet: Snippet, runs: list[CommandRun]) -> list[Finding]:
    accepted = snippet.annotation.warns
    findings = []
    for run in runs:
        for warning in warnings_in(run.stderr + "\n" + run.stdout):
            if accepted and accepted in warning:
                continue
            findings.append(Finding(run.line, "warning", f"`{run.text.splitlines()[0]}` printed {warning!r}",
                                    "change the command so it prints no warning, or show and explain it in the "
                                    "post and annotate the block <!-- snippet: warns=\"...\" -->"))
    return findings


def output_warning_findings(line: int, what: str, output: str, accepted: str | None) -> list[Finding]:
    """Warnings printed while the live tier itself builds a post's Dockerfile or checks its compose file."""
    return [Finding(line, "warning", f"{what} printed {warning!r}",
                    "fix the file so it gives no warning, or show and explain it and annotate the block "
                    "<!-- snippet: warns=\"...\" -->")
            for warning in warnings_in(output) if not (accepted and accepted in warning)]


def legacy_builder_findings(snippet: Snippet) -> list[Finding]:
    """A selection of the legacy builder anywhere in a block or file, at its post line."""
    if snippet.is_script:
        texts = [(command.line, command.text) for command in snippet.commands]
    else:
        texts = [(snippet.line + number, line) for number, line in enumerate(snippet.body.split("\n"))]
    return [Finding(line, "legacy-builder", f"'{m.group(0)}' selects the legacy builder, which Docker has deprecated",
                    "BuildKit is the only builder here, as on the engine the first post installs; drop it")
            for line, text in texts for m in [LEGACY_BUILDER.search(text)] if m]


# `docker compose` options that take a value, so the value is not taken for the subcommand.
COMPOSE_VALUE_OPTIONS = frozenset({"-f", "--file", "-p", "--project-name", "--env-file", "--profile",
                                   "--project-directory", "--progress", "--ansi", "--parallel"})


def _compose_subcommand(args: list[str]) -> str | None:
    i = 0
    while i < len(args):
        if args[i] in COMPOSE_VALUE_OPTIONS:
            i += 2
        elif args[i].startswith("-"):
            i += 1
        else:
            return args[i]
    return None


def _progress_command(args: list[str]) -> str | None:
    """`docker build` / `docker compose up` ...: the subcommand that draws progress, else None."""
    if args[:1] == ["compose"]:
        sub = _compose_subcommand(args[1:])
        return f"compose {sub}" if sub in COMPOSE_PROGRESS else None
    for words in BUILD_COMMANDS:
        if args[:len(words)] == list(words):
            # `-q` prints the image ID alone, in a terminal as through a pipe
            quiet = any(a in ("-q", "--quiet") for a in args[len(words):])
            return None if quiet else " ".join(words)
    return None


def progress_findings(snippet: Snippet) -> list[Finding]:
    """A command whose output the post shows and whose progress a terminal draws differently."""
    findings = []
    for command in snippet.commands if snippet.is_script else ():
        if not command.output:
            continue
        for words in _words(command.text):
            args = docker_args(words)
            which = _progress_command(args) if args else None
            if which and not PROGRESS_PLAIN.search(" ".join(words)):
                findings.append(Finding(
                    command.line, "progress", f"the output shown for `docker {which}` is its plain progress, "
                    "which a reader's terminal does not print unless asked",
                    "add --progress=plain to the command (for compose: docker compose --progress=plain "
                    f"{which.split()[-1]} ...)"))
    return findings
