"""The sandbox tier: run a host-changing script for real, with recording stand-ins, no privileges, no network.

The script runs under bash in a throwaway folder with a clean environment; the programs that would
change the host (package managers, systemctl, usermod, sudo, docker, curl ...) are recording
stand-ins first on PATH. It always runs in a network namespace of its own holding only loopback
(no route leaves it, so a connection to any other address fails with "Network is unreachable" and
no packet is ever made), and with no_new_privs (so even /usr/bin/sudo by full path cannot gain
root). As root the run also drops to nobody; as a normal user it takes the namespace through
unprivileged user namespaces. Where no namespace can be made the script does not run at all: the
item skips saying why (fails under CI=true). Fail closed: never on the host network.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from plugins.snippets.model import Snippet
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


# Run by /bin/sh inside the new namespace, before the privileges are dropped: bring loopback up
# (a reader's machine has it; the system's ip, never a stand-in), then refuse to go on unless
# loopback is the only interface there.
# /proc/self/net/dev lists the namespace's own interfaces (sysfs would show the host's).
NAMESPACE_CHECK = r"""
PATH=/usr/sbin:/usr/bin:/sbin:/bin ip link set lo up 2>/dev/null
{ read -r _; read -r _; while IFS=': ' read -r name _; do
    if [ "$name" != lo ]; then echo "snippet-sandbox: interface $name in the namespace" >&2; exit 199; fi
  done; } < /proc/self/net/dev
exec "$@"
"""
NAMESPACE_FAILED = 199  # the check above refused: the script did not start


@dataclass(frozen=True)
class Isolation:
    """How the script is started: the command prefix and the uid the script will run as."""

    prefix: tuple[str, ...]
    uid: int
    how: str  # for reports: what keeps the script from the host


def isolation(euid: int | None = None) -> Isolation:
    """The prefix for this account: root drops to nobody, a normal user maps itself in a user namespace."""
    euid = os.geteuid() if euid is None else euid
    setpriv, unshare = shutil.which("setpriv"), shutil.which("unshare")
    if not setpriv or not unshare:
        raise SnippetFailed("sandbox", "setpriv/unshare (util-linux) are missing: the sandbox cannot isolate the script")
    check = ("/bin/sh", "-c", NAMESPACE_CHECK, "snippet-sandbox")
    if euid == 0:
        return Isolation((unshare, "--net", "--", *check, setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}",
                          "--clear-groups", "--no-new-privs", "--"), NOBODY,
                         "as nobody, no_new_privs, network namespace with only loopback")
    # The outer user namespace maps us to root there, which lets the check bring loopback up; the
    # inner one maps us back to our own ids, so the script holds no capability at all.
    return Isolation((unshare, "--user", "--map-root-user", "--net", "--", *check, unshare, "--user",
                      f"--map-user={euid}", f"--map-group={os.getegid()}", "--", setpriv, "--no-new-privs", "--"),
                     euid, "as this user, no_new_privs, network namespace with only loopback (user namespaces)")


@functools.cache
def namespace_problem(prefix: tuple[str, ...]) -> str | None:
    """Why `prefix` cannot start a program here (no namespaces allowed, say), or None when it can."""
    try:
        done = subprocess.run([*prefix, "true"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    return None if done.returncode == 0 else (done.stderr.strip() or f"exit {done.returncode}")


def usable_isolation() -> Isolation:
    """The isolation to run with; when this machine cannot give one, skip (fail under CI=true)."""
    chosen = isolation()
    problem = namespace_problem(chosen.prefix)
    if problem is None:
        return chosen
    reason = (f"no network namespace for the sandbox ({problem}); the script was not run, since on the host "
              "network it could reach the internet. Run as root, or allow unprivileged user namespaces")
    if os.environ.get("CI", "").lower() == "true":
        raise SnippetFailed("sandbox", reason)
    pytest.skip(reason)
    raise AssertionError("unreachable")  # pytest.skip raises


def run_sandboxed(snippet: Snippet, expected_exit: int = 0) -> SandboxResult:
    with tempfile.TemporaryDirectory(prefix="snippet-sandbox-") as scratch:
        folder = Path(scratch)
        write_standins(folder / "bin")
        for sub in ("home", "work", "driver"):
            (folder / sub).mkdir()
        (folder / "calls").touch()
        files = DriverFiles(folder / "driver")
        files.script.write_text(driver_text(snippet, files, load_state=False))
        chosen = usable_isolation()
        uid = chosen.uid
        if uid != os.geteuid():
            for path in [folder, *folder.rglob("*")]:
                os.chown(path, uid, uid, follow_symlinks=False)
        env = sandbox_env(folder)
        try:
            done = subprocess.run([*chosen.prefix, "bash", "--noprofile", "--norc", str(files.script)],
                                  cwd=folder / "work", env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise SnippetFailed("sandbox", f"the script did not finish in {TIMEOUT} s") from None
        if done.returncode == NAMESPACE_FAILED and "snippet-sandbox:" in done.stderr:
            raise SnippetFailed("sandbox", "the sandbox's network namespace was not isolated, so the script did not "
                                f"run: {done.stderr.strip()}")
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
