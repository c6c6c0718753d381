"""The sandbox tier: run a host-changing script for real, with recording stand-ins and no privileges.

The script runs under bash in a throwaway folder with a clean environment; the programs that would
change the host (package managers, systemctl, usermod, sudo, docker, curl ...) are recording
stand-ins first on PATH. As root the run also drops to nobody with no_new_privs (so even
/usr/bin/sudo by full path cannot gain root) inside a network namespace with no interfaces up;
otherwise no_new_privs alone keeps sudo from elevating.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from snippets.model import Snippet

from tests.snippet_tiers.driver import DriverFiles, command_runs, driver_text, failing_run
from tests.snippet_tiers.findings import CommandRun, SnippetFailed
from tests.snippet_tiers.standins import STANDIN_PROGRAMS, read_calls, write_standins

NOBODY = 65534
SANDBOX_USER = "reader"
TIMEOUT = 60
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
_VAR_RE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")
_OPERATORS = frozenset({"&&", "||", ";", "|", "&", ";;", "|&"})
_REDIRECTS = frozenset({"<", ">", ">>", "<<", "<<<", ">&", "<&", "&>", ">|", "<>", "&>>"})
_ASSIGNMENT_RE = re.compile(r"^[A-Za-z_]\w*=")
_NOT_STATIC = ("$(", "`", "<(", ">(", "\n")  # commands whose calls cannot be read off the text


@dataclass(frozen=True)
class SandboxResult:
    exit: int
    runs: tuple[CommandRun, ...]
    calls: tuple[tuple[str, ...], ...]  # top-level recorded calls, in order
    expected: tuple[tuple[str, ...], ...] | None  # None: the commands cannot be read statically
    uid: int


def sandbox_env(folder: Path) -> dict[str, str]:
    return {
        "PATH": f"{folder / 'bin'}:{SYSTEM_PATH}",
        "HOME": str(folder / "home"),
        "USER": SANDBOX_USER,
        "LOGNAME": SANDBOX_USER,
        "SHELL": "/bin/bash",
        "LANG": "C.UTF-8",
        "TERM": "dumb",
        "SANDBOX_CALLS": str(folder / "calls"),
    }


def _expand(text: str, env: dict[str, str]) -> str | None:
    """$VAR and ${VAR} from `env` outside single quotes; None when a variable is not in env."""
    out, missing = [], False
    for i, part in enumerate(re.split(r"('[^']*')", text)):
        if i % 2:
            out.append(part)
            continue

        def sub(match):
            nonlocal missing
            name = match.group(1) or match.group(2)
            if name not in env:
                missing = True
                return match.group(0)
            return env[name]

        out.append(_VAR_RE.sub(sub, part))
    return None if missing else "".join(out)


def expected_calls(snippet: Snippet, env: dict[str, str]) -> tuple[tuple[str, ...], ...] | None:
    """The stand-in calls the post's commands make, in order, read off their text; None if not readable."""
    calls: list[tuple[str, ...]] = []
    for command in snippet.commands:
        if any(marker in command.text for marker in _NOT_STATIC):
            return None
        text = _expand(command.text, env)
        if text is None:
            return None
        lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        try:
            tokens = list(lexer)
        except ValueError:
            return None
        words: list[str] = []
        skip_next = False
        for token in [*tokens, ";"]:
            if skip_next:
                skip_next = False
            elif token in _REDIRECTS or (token[:-1].isdigit() and token[-1:] in "<>" and len(token) > 1):
                skip_next = True
            elif token in _OPERATORS:
                while words and _ASSIGNMENT_RE.match(words[0]):
                    words.pop(0)
                if words and words[0] in STANDIN_PROGRAMS:
                    calls.append(tuple(words))
                words = []
            elif token in ("(", ")", "{", "}", "!"):
                continue
            else:
                words.append(token)
    return tuple(calls)


def _isolation(folder: Path) -> tuple[list[str], int]:
    """The command prefix that drops privileges, and the uid the script will run as."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() == 0 and setpriv and shutil.which("unshare"):
        return (["unshare", "--net", "--", setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                 "--no-new-privs", "--"], NOBODY)
    if setpriv:
        return [setpriv, "--no-new-privs", "--"], os.geteuid()
    raise SnippetFailed("sandbox", "setpriv (util-linux) is missing: the sandbox cannot drop privileges")


def run_sandboxed(snippet: Snippet, expected_exit: int = 0) -> SandboxResult:
    with tempfile.TemporaryDirectory(prefix="snippet-sandbox-") as scratch:
        folder = Path(scratch)
        write_standins(folder / "bin")
        for sub in ("home", "work", "driver"):
            (folder / sub).mkdir()
        (folder / "calls").touch()
        files = DriverFiles(folder / "driver")
        files.script.write_text(driver_text(snippet, files, load_state=False))
        prefix, uid = _isolation(folder)
        if uid != os.geteuid():
            for path in [folder, *folder.rglob("*")]:
                os.chown(path, uid, uid, follow_symlinks=False)
        env = sandbox_env(folder)
        try:
            done = subprocess.run([*prefix, "bash", "--noprofile", "--norc", str(files.script)], cwd=folder / "work",
                                  env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise SnippetFailed("sandbox", f"the script did not finish in {TIMEOUT} s") from None
        runs = command_runs(snippet, files, done.returncode, done.stdout, done.stderr)
        calls = tuple(argv for depth, argv in read_calls(folder / "calls") if depth == 0)
        return SandboxResult(done.returncode, tuple(runs), calls, expected_calls(snippet, env), uid)


def _show(calls) -> str:
    return "\n".join(f"    {shlex.join(call)}" for call in calls) or "    (none)"


def check_sandbox(snippet: Snippet) -> SandboxResult:
    expected_exit = snippet.annotation.exit
    result = run_sandboxed(snippet, expected_exit)
    if result.exit != expected_exit:
        run = failing_run(list(result.runs))
        raise SnippetFailed("sandbox", f"the script exited {result.exit}, expected {expected_exit}", run=run)
    if result.expected is not None and result.calls != result.expected:
        raise SnippetFailed(
            "sandbox", "the commands that ran differ from the commands the post shows",
            detail=f"post shows:\n{_show(result.expected)}\nran:\n{_show(result.calls)}")
    if result.expected is None:
        shown = [c.text.split()[0] for c in snippet.commands if c.text.split()]
        ran = [call[0] for call in result.calls]
        if [p for p in shown if p in STANDIN_PROGRAMS] != ran[:len([p for p in shown if p in STANDIN_PROGRAMS])]:
            raise SnippetFailed("sandbox", "the programs that ran differ from the post's commands",
                                detail=f"post shows programs: {shown}\nran:\n{_show(result.calls)}")
    return result
