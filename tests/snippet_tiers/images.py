"""Which images a post's docker commands, Dockerfiles and compose files use, and which it builds itself."""

from __future__ import annotations

import re
import shlex

import yaml

from plugins.snippets.model import DOCKERFILE, Snippet
from tests.snippet_tiers.mistakes import _is_compose

# `docker run`/`create` options that take a value (so the value is not taken for the image).
RUN_VALUE_OPTIONS = frozenset({
    "-a", "--attach", "--add-host", "--blkio-weight", "--cap-add", "--cap-drop", "--cgroup-parent", "--cgroupns",
    "--cidfile", "--cpu-period", "--cpu-quota", "--cpu-shares", "-c", "--cpus", "--cpuset-cpus", "--cpuset-mems",
    "--device", "--dns", "--dns-option", "--dns-search", "--domainname", "--entrypoint", "-e", "--env",
    "--env-file", "--expose", "--gpus", "--group-add", "--health-cmd", "--health-interval", "--health-retries",
    "--health-start-period", "--health-timeout", "-h", "--hostname", "--ip", "--ip6", "--ipc", "--isolation",
    "--kernel-memory", "-l", "--label", "--label-file", "--link", "--log-driver", "--log-opt", "--mac-address",
    "-m", "--memory", "--memory-reservation", "--memory-swap", "--memory-swappiness", "--mount", "--name",
    "--network", "--net", "--network-alias", "--oom-score-adj", "--pid", "--pids-limit", "--platform", "-p",
    "--publish", "--pull", "--restart", "--runtime", "--security-opt", "--shm-size", "--stop-signal",
    "--stop-timeout", "--storage-opt", "--sysctl", "--tmpfs", "-u", "--user", "--ulimit", "--userns", "--uts",
    "-v", "--volume", "--volume-driver", "--volumes-from", "-w", "--workdir",
})
FROM_RE = re.compile(r"^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", re.IGNORECASE | re.MULTILINE)


def _words(text: str) -> list[list[str]]:
    """Simple commands of a command line, as words (best effort: unreadable text gives nothing)."""
    lexer = shlex.shlex(text.replace("\\\n", " "), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:
        return []
    commands, words = [], []
    for token in tokens:
        if token in ("&&", "||", ";", "|", "&", "(", ")", "\n"):
            commands.append(words)
            words = []
        else:
            words.append(token)
    commands.append(words)
    return [w for w in commands if w]


def docker_args(words: list[str]) -> list[str] | None:
    """The arguments after `docker` (sudo stripped), or None when it is not a docker command."""
    while words and words[0] in ("sudo", "time", "command", "exec"):
        words = words[1:]
    return words[1:] if words and words[0] == "docker" else None


def image_position(args: list[str]) -> int | None:
    """Index of the image in `run|create ARGS` (args after the subcommand); options come before it."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return i + 1 if i + 1 < len(args) else None
        if arg.startswith("--") and "=" in arg:
            i += 1
        elif arg in RUN_VALUE_OPTIONS:
            i += 2
        elif arg.startswith("-") and len(arg) > 2 and not arg.startswith("--") and arg[-1] in "pveumwlhac":
            i += 2  # combined short flags ending in a value option: -dp 8080:80
        elif arg.startswith("-"):
            i += 1
        else:
            return i
    return None


def run_image(args: list[str]) -> str | None:
    position = image_position(args)
    return args[position] if position is not None else None


def publish_values(args: list[str]) -> list[str]:
    """`-p`/`--publish` values of a docker run/create command, and "-P" for publish-all."""
    found = []
    position = image_position(args)
    args = args[:position] if position is not None else args
    for i, arg in enumerate(args):
        if arg in ("-p", "--publish") and i + 1 < len(args):
            found.append(args[i + 1])
        elif arg.startswith("--publish="):
            found.append(arg.split("=", 1)[1])
        elif arg.startswith("-p") and len(arg) > 2 and not arg.startswith("--"):
            found.append(arg[2:])
        elif arg.startswith("-") and not arg.startswith("--") and arg.endswith("p") and i + 1 < len(args):
            found.append(args[i + 1])  # combined short flags: -dp 8080:80
        elif arg in ("-P", "--publish-all") or (arg.startswith("-") and not arg.startswith("--") and "P" in arg):
            found.append("-P")
    return found


def script_images(snippet: Snippet) -> tuple[set[str], set[str]]:
    """(images used, images built/tagged) by the commands of a script snippet."""
    used, built = set(), set()
    for command in snippet.commands:
        for words in _words(command.text):
            args = docker_args(words)
            if not args:
                continue
            sub, rest = args[0], args[1:]
            if sub == "container" and rest:
                sub, rest = rest[0], rest[1:]
            if sub in ("run", "create"):
                image = run_image(rest)
                if image:
                    used.add(image)
            elif sub == "pull" and rest:
                used.update(a for a in rest if not a.startswith("-"))
            elif sub in ("build", "buildx"):
                for i, arg in enumerate(rest):
                    if arg in ("-t", "--tag") and i + 1 < len(rest):
                        built.add(rest[i + 1])
                    elif arg.startswith("--tag="):
                        built.add(arg.split("=", 1)[1])
            elif sub == "tag" and len(rest) >= 2:
                built.add(rest[-1])
    return used, built


def file_images(snippet: Snippet) -> set[str]:
    if snippet.kind == DOCKERFILE:
        stages = {m.group(2).lower() for m in FROM_RE.finditer(snippet.body) if m.group(2)}
        return {m.group(1) for m in FROM_RE.finditer(snippet.body)
                if m.group(1).lower() not in stages and m.group(1) != "scratch" and "$" not in m.group(1)}
    if _is_compose(snippet.filename):
        try:
            data = yaml.safe_load(snippet.body) or {}
        except yaml.YAMLError:
            return set()
        services = data.get("services") or {}
        # `${TAG}` is filled from .env or the shell when compose runs, like a Dockerfile's `FROM ${BASE}`
        return {s["image"] for s in services.values()
                if isinstance(s, dict) and "image" in s and "build" not in s and "$" not in str(s["image"])}
    return set()


def compose_ports(snippet: Snippet) -> list[str]:
    """Published ports of a compose file as HOST_IP:PORT text ("" host when none is given)."""
    try:
        data = yaml.safe_load(snippet.body) or {}
    except yaml.YAMLError:
        return []
    found = []
    for service in (data.get("services") or {}).values():
        for port in (service or {}).get("ports") or []:
            if isinstance(port, dict):
                found.append(f"{port.get('host_ip', '')}:{port.get('published', '')}")
            else:
                found.append(str(port))
    return found


def from_loopback_registry(ref: str) -> bool:
    """`127.0.0.1:5000/app:1.0`: served by a registry the post itself runs on this machine, not the mirror."""
    return ref.startswith(("127.0.0.1:", "localhost:", "[::1]:")) and "/" in ref


def loopback_only(value: str) -> bool:
    return value != "-P" and value.startswith(("127.0.0.1:", "[::1]:"))


def normal(ref: str) -> str:
    """`nginx` and `docker.io/library/nginx:latest` both become `nginx:latest`."""
    name = ref.partition("@")[0]
    for prefix in ("docker.io/library/", "docker.io/", "library/"):
        name = name.removeprefix(prefix)
    last = name.rsplit("/", 1)[-1]
    return name if ":" in last else f"{name}:latest"
