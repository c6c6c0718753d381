"""Recording stand-ins for the programs that would change the host, written as small bash scripts.

Each records its argv (NUL-separated, with its nesting depth under sudo) and checks only what the
real tool would reject before doing anything: an unknown subcommand. `sudo` records itself and runs
the rest of its command line one level deeper, so `sudo dnf install x` is one top-level call.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from plugins.snippets.shell import (
    DOCKER_PROGRAMS,
    HOST_PROGRAMS,
    NETWORK_PROGRAMS,
    PACKAGE_MANAGERS,
    ROOT_PROGRAMS,
    SYSTEMD_PROGRAMS,
)

STANDIN_PROGRAMS = (PACKAGE_MANAGERS | SYSTEMD_PROGRAMS | HOST_PROGRAMS | DOCKER_PROGRAMS | NETWORK_PROGRAMS
                    | ROOT_PROGRAMS | frozenset({"chown", "chgrp", "hostname"}))
PASS_THROUGH = frozenset({"sudo", "doas", "pkexec"})  # record, then run the rest of the command line

_DNF = ("install", "remove", "erase", "update", "upgrade", "config-manager", "makecache", "list", "info", "search",
        "repolist", "clean", "check-update", "groupinstall", "group", "module", "reinstall", "downgrade",
        "autoremove", "provides", "history", "repoquery", "distro-sync", "swap", "mark", "versionlock")
_APT = ("install", "remove", "purge", "update", "upgrade", "full-upgrade", "dist-upgrade", "autoremove", "clean",
        "autoclean", "list", "search", "show", "policy", "depends", "rdepends", "source", "download", "edit-sources",
        "satisfy", "build-dep", "check", "changelog", "reinstall")
_SYSTEMCTL = ("status", "start", "stop", "restart", "reload", "try-restart", "reload-or-restart", "enable", "disable",
              "is-active", "is-enabled", "is-failed", "daemon-reload", "list-units", "list-unit-files", "mask",
              "unmask", "show", "cat", "kill", "reset-failed", "edit", "get-default", "set-default", "isolate",
              "list-dependencies", "reboot", "poweroff")
_DOCKER = ("attach", "build", "builder", "buildx", "commit", "compose", "config", "container", "context", "cp",
           "create", "diff", "events", "exec", "export", "history", "image", "images", "import", "info", "inspect",
           "kill", "load", "login", "logout", "logs", "manifest", "network", "node", "pause", "plugin", "port", "ps",
           "pull", "push", "rename", "restart", "rm", "rmi", "run", "save", "search", "secret", "service", "stack",
           "start", "stats", "stop", "swarm", "system", "tag", "top", "trust", "unpause", "update", "version",
           "volume", "wait")
# Subcommands a stand-in accepts; a program not listed accepts any arguments.
VERBS: dict[str, tuple[str, ...]] = {
    "dnf": _DNF, "yum": _DNF, "microdnf": _DNF, "apt": _APT, "apt-get": _APT, "systemctl": _SYSTEMCTL,
    "docker": _DOCKER, "podman": _DOCKER,
}
# Options whose value is the next word (so it is not taken for the subcommand).
VALUE_OPTIONS = ("-u", "-g", "-C", "-H", "-c", "-o", "--config", "--context", "--host", "--log-level",
                 "--setopt", "--repo", "--enablerepo", "--disablerepo", "--releasever", "--installroot")

TEMPLATE = r"""#!/bin/bash
# Recording stand-in for {name} (tests/snippet_tiers/standins.py): nothing real runs.
__prog={name}
{{ printf '%s\0%s\0' "${{SANDBOX_DEPTH:-0}}" "$(( $# + 1 ))"; printf '%s\0' "$__prog" "$@"; }} >> "$SANDBOX_CALLS"
__verbs={verbs}
__value_options=' {value_options} '
__args=("$@")
__i=0
while [ "$__i" -lt "${{#__args[@]}}" ]; do
  __a="${{__args[$__i]}}"
  case "$__a" in
    --) __i=$((__i + 1)); break ;;
    -*) if [[ "$__value_options" == *" $__a "* ]]; then __i=$((__i + 2)); else __i=$((__i + 1)); fi ;;
    *) break ;;
  esac
done
__first="${{__args[$__i]:-}}"
if [ -n "$__verbs" ] && [ -n "$__first" ] && [[ " $__verbs " != *" $__first "* ]]; then
  echo "$__prog: unknown command '$__first' (sandbox stand-in; known: $__verbs)" >&2
  exit 1
fi
if [ {pass_through} = 1 ] && [ -n "$__first" ]; then
  export SANDBOX_DEPTH=$(( ${{SANDBOX_DEPTH:-0}} + 1 ))
  exec "${{__args[@]:$__i}}"
fi
exit 0
"""


def standin_text(name: str) -> str:
    return TEMPLATE.format(name=shlex.quote(name), verbs=shlex.quote(" ".join(VERBS.get(name, ()))),
                           value_options=" ".join(VALUE_OPTIONS), pass_through=int(name in PASS_THROUGH))


def write_standins(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in sorted(STANDIN_PROGRAMS):
        path = folder / name
        path.write_text(standin_text(name))
        path.chmod(0o755)


def read_calls(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    """(depth, argv) of every recorded call, in order."""
    if not path.exists():
        return []
    fields = path.read_bytes().split(b"\0")
    calls, i = [], 0
    while i + 1 < len(fields) and fields[i]:
        depth, count = int(fields[i]), int(fields[i + 1])
        argv = tuple(f.decode(errors="replace") for f in fields[i + 2:i + 2 + count])
        calls.append((depth, argv))
        i += 2 + count
    return calls
