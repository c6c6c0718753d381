"""What a command does to the reader's machine: the files and docker objects it creates, changes or removes.

Downloaded scripts use this to protect what the reader already has: a script claims every name it
will create before it runs anything, and stops when the name is taken by something it did not make.
Words are read with shlex (quotes, `>`/`;`/`&&` as separate tokens); only the first line of a
heredoc command is read, the rest is its body.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from functools import lru_cache

from plugins.snippets.shell import DOCKER_PROGRAMS

# Kinds of thing a script can touch, in the order a cleanup removes them.
CONTAINER, COMPOSE, IMAGE, NETWORK, VOLUME, FILE, FOLDER = (
    "container", "compose", "image", "network", "volume", "file", "folder")
KINDS = (CONTAINER, COMPOSE, IMAGE, NETWORK, VOLUME, FILE, FOLDER)
PROJECT = "@project"  # the compose project: named in compose.yaml (`name:`), else after the folder

_SEPARATORS = frozenset({";", "&&", "||", "|", "&", "(", ")", "|&", ";;"})
_KEYWORDS = frozenset({"until", "while", "do", "done", "if", "then", "else", "elif", "fi", "!", "time", "{", "}"})
_WRAPPERS = frozenset({"sudo", "doas", "env", "nohup", "exec", "command", "time"})
_ASSIGNMENT_RE = re.compile(r"^[A-Za-z_]\w*=")
_WRITE_REDIRECTS = frozenset({">", ">>", ">|", "&>", "&>>"})
# A `-v name:/path` whose left side is a volume name, not a host path ($(pwd)/x, ./x, /x, ~/x).
_VOLUME_NAME_RE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9_.-]*):/")
_CONTINUATION_RE = re.compile(r"\\\n[ \t]*")

# docker options that take a value, per subcommand group (the value is not a positional argument).
_VALUE_OPTIONS = frozenset({
    "--name", "-v", "--volume", "--mount", "-p", "--publish", "-e", "--env", "--env-file", "--network", "--net",
    "-w", "--workdir", "-u", "--user", "--cpus", "-m", "--memory", "--restart", "-t", "--time", "--tag",
    "-f", "--file", "--format", "--filter", "-s", "--signal", "--label", "-l", "--entrypoint", "-h",
    "--hostname", "--driver", "-d", "--subnet", "--gateway", "--log-driver", "--platform", "--build-arg",
    "--target", "--tail", "--since", "--until", "--health-cmd", "--add-host", "--dns", "--ip", "--shm-size",
    "--ulimit", "--cap-add", "--cap-drop", "--device", "--pid", "--ipc", "--memory-swap", "--cpu-shares",
    "--rmi", "--project-name", "--profile", "--timeout", "--wait-timeout", "--stop-timeout",
})
# Flags that look like value options in another subcommand but never take one here.
_FLAGS = {
    "rm": frozenset({"-f", "--force", "-v", "--volumes", "-l", "--link"}),
    "run": frozenset({"-d", "--detach", "-i", "--interactive", "-t", "--tty", "--rm", "--init", "--privileged"}),
    "exec": frozenset({"-d", "--detach", "-i", "--interactive", "-t", "--tty", "-T", "--privileged"}),
    "build": frozenset({"-q", "--quiet", "--no-cache", "--pull"}),
}
_CONTAINER_CHANGES = frozenset({"stop", "start", "restart", "kill", "pause", "unpause", "update", "exec", "rename",
                                "cp", "commit", "attach"})


@dataclass
class Effects:
    """Names by kind: made (must not be someone else's), changed or removed (must be ours), read."""

    made: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)
    builds: bool = False  # reads the folder as a build context (docker build, compose up --build)
    compose_files: bool = False  # docker compose: reads compose.yaml from the folder

    def add(self, table: str, kind: str, name: str) -> None:
        names = getattr(self, table).setdefault(kind, [])
        if name and name not in names:
            names.append(name)

    def copy(self) -> Effects:
        """An Effects of the same names that merging into does not change this one."""
        return Effects({kind: list(names) for kind, names in self.made.items()},
                       {kind: list(names) for kind, names in self.changed.items()},
                       self.builds, self.compose_files)

    def merge(self, other: Effects) -> Effects:
        for table in ("made", "changed"):
            for kind, names in getattr(other, table).items():
                for name in names:
                    self.add(table, kind, name)
        self.builds = self.builds or other.builds
        self.compose_files = self.compose_files or other.compose_files
        return self

    def names(self, table: str, kind: str) -> list[str]:
        return getattr(self, table).get(kind, [])

    @property
    def touches_folder(self) -> bool:
        return bool(self.builds or self.compose_files or self.names("made", FILE) or self.names("changed", FILE))


def words(command: str) -> list[str]:
    """The first line's tokens (after `\\` continuations are joined), operators as their own tokens."""
    return list(_words(command))


@lru_cache(maxsize=8192)  # a pure function of the text; each command is read by several blocks' scripts
def _words(command: str) -> tuple[str, ...]:
    first = _CONTINUATION_RE.sub(" ", command).split("\n", 1)[0]
    lexer = shlex.shlex(first, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    try:
        return tuple(lexer)
    except ValueError:  # an unclosed quote: read plain words
        return tuple(first.split())


def simple_commands(tokens: list[str]) -> list[list[str]]:
    """Split at `;`, `&&`, `|`, ...; shell keywords (until, do, ...) and `VAR=x` prefixes dropped."""
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token in _SEPARATORS:
            parts.append([])
        elif not parts[-1] and token in _KEYWORDS:
            continue
        else:
            parts[-1].append(token)
    return [p for p in parts if p]


def _without_redirects(part: list[str], effects: Effects) -> list[str]:
    out: list[str] = []
    skip = False
    for i, token in enumerate(part):
        if skip:
            skip = False
            continue
        if token in _WRITE_REDIRECTS or token in ("<", "<<", "<<<", ">&", "<&"):
            skip = True
            target = part[i + 1] if i + 1 < len(part) else ""
            if token in _WRITE_REDIRECTS and target and not target.startswith("/dev/") and not target.isdigit():
                effects.add("made", FILE, target)
            if out and out[-1].isdigit() and token in (">&", ">", ">>"):
                out.pop()  # the fd number of 2>&1 / 2>/dev/null
            continue
        out.append(token)
    return out


def _positionals(args: list[str], sub: str) -> list[str]:
    flags = _FLAGS.get(sub, frozenset())
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg.startswith("-"):
            if "=" not in arg and arg in _VALUE_OPTIONS and arg not in flags:
                skip = True
            continue
        out.append(arg)
    return out


def _option_values(args: list[str], names: tuple[str, ...]) -> list[str]:
    values = []
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                values.append(args[i + 1])
            elif arg.startswith(name + "="):
                values.append(arg[len(name) + 1:])
    return values


def _docker(args: list[str], effects: Effects) -> None:
    if not args:
        return
    sub, rest = args[0], args[1:]
    if sub in ("container", "image", "volume", "network") and rest:
        group, sub, rest = sub, rest[0], rest[1:]
    else:
        group = ""
    if sub == "compose":
        _compose(rest, effects)
        return
    if group == "volume":
        table = {"create": "made", "rm": "changed", "remove": "changed", "prune": None}.get(sub, "")
        if table:
            for name in _positionals(rest, sub):
                effects.add(table, VOLUME, name)
        return
    if group == "network":
        table = {"create": "made", "rm": "changed", "remove": "changed", "connect": "changed",
                 "disconnect": "changed"}.get(sub, "")
        if table:
            names = _positionals(rest, sub)
            for name in names[:1] if sub in ("connect", "disconnect") else names:
                effects.add(table, NETWORK, name)
        return
    if group == "image" and sub in ("rm", "remove") or sub == "rmi":
        for name in _positionals(rest, "rmi"):
            effects.add("changed", IMAGE, name)
        return
    if sub in ("run", "create"):
        for name in _option_values(rest, ("--name",)):
            effects.add("made", CONTAINER, name)
        for spec in _option_values(rest, ("-v", "--volume")):
            m = _VOLUME_NAME_RE.match(spec)
            if m:
                effects.add("made", VOLUME, m.group("name"))
        for network in _option_values(rest, ("--network", "--net")):
            if network not in ("host", "bridge", "none"):
                effects.add("changed", NETWORK, network)
        return
    if sub == "build":
        effects.builds = True
        for name in _option_values(rest, ("-t", "--tag")):
            effects.add("made", IMAGE, name)
        return
    if sub == "tag" and len(_positionals(rest, sub)) >= 2:
        effects.add("made", IMAGE, _positionals(rest, sub)[1])
        return
    if sub == "rm":
        for name in _positionals(rest, sub):
            effects.add("changed", CONTAINER, name)
        return
    if sub in _CONTAINER_CHANGES:
        names = _positionals(rest, sub)
        for name in names[:1] if sub in ("exec", "update", "rename", "cp", "commit", "attach") else names:
            effects.add("changed", CONTAINER, name.split(":", 1)[0])


def _compose(args: list[str], effects: Effects) -> None:
    effects.compose_files = True
    sub = next((a for a in _positionals(args, "compose")), "")
    if sub == "up":
        effects.add("made", COMPOSE, PROJECT)
        effects.builds = effects.builds or "--build" in args
    elif sub in ("down", "rm", "stop", "restart", "kill", "exec", "run", "start", "pause"):
        effects.add("changed", COMPOSE, PROJECT)


def command_effects(command: str) -> Effects:
    """What one command (as the post shows it) creates, changes or removes."""
    effects = Effects()
    for part in simple_commands(words(command)):
        part = _without_redirects(part, effects)
        while part and (part[0] in _WRAPPERS or _ASSIGNMENT_RE.match(part[0])):
            part = part[1:]
        if not part:
            continue
        program, args = part[0].rsplit("/", 1)[-1], part[1:]
        if program in DOCKER_PROGRAMS and program in ("docker", "podman"):
            _docker(args, effects)
        elif program == "docker-compose":
            _compose(args, effects)
        elif program == "mkdir":
            for name in (a for a in args if not a.startswith("-")):
                effects.add("made", FOLDER, name)
        elif program == "sed" and any(a == "-i" or a.startswith("-i") for a in args):
            for name in _positionals([a for a in args if not a.startswith("-i")], "sed")[1:]:
                effects.add("changed", FILE, name)
        elif program in ("touch", "tee", "cp", "mv"):
            names = [a for a in args if not a.startswith("-")]
            for name in names if program in ("touch", "tee") else names[-1:]:
                effects.add("made", FILE, name)
        elif program in ("rm", "rmdir"):
            for name in (a for a in args if not a.startswith("-")):
                effects.add("changed", FILE, name)
    return effects
