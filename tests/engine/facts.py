"""Fact sheets of the official images (tests/engine/facts/<name>.toml) and a stand-in's inspect compared with them.

A fact sheet lists the interface of a Docker Hub image as its public Dockerfile sets it: Entrypoint,
Cmd, the names of its environment variables, exposed ports, user, working directory, stop signal and
volumes. A stand-in must match it exactly (environment: every name listed is set), so `docker ps`,
`docker inspect` and a post's commands read as they do with the official image.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

FACTS_DIR = Path(__file__).resolve().parent / "facts"
KEYS = ("source", "entrypoint", "cmd", "env", "exposed_ports", "user", "working_dir", "stop_signal", "volumes",
        "files")


@dataclass(frozen=True)
class FactSheet:
    name: str
    source: str  # the official Dockerfile the facts come from
    entrypoint: tuple[str, ...] | None
    cmd: tuple[str, ...] | None
    env: tuple[str, ...]  # names that must be set
    exposed_ports: tuple[str, ...]
    user: str
    working_dir: str
    stop_signal: str
    volumes: tuple[str, ...]
    files: tuple[str, ...] = ()  # paths that must exist in the image (entrypoint hooks, healthcheck.sh)


class FactError(ValueError):
    """A fact sheet is malformed; the message names the file."""


def _tuple(value, path: Path, key: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FactError(f"{path}: `{key}` must be a list of strings")
    return tuple(value)


def load_facts(name: str, folder: Path = FACTS_DIR) -> FactSheet:
    path = folder / f"{name}.toml"
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise FactError(f"{path}: {error}; every stand-in needs a fact sheet") from None
    unknown = set(data) - set(KEYS)
    if unknown:
        raise FactError(f"{path}: unknown key(s) {sorted(unknown)}; known: {', '.join(KEYS)}")
    # TOML has no null: an empty list means "not set" for Entrypoint and Cmd, as inspect shows null.
    return FactSheet(
        name=name, source=str(data.get("source", "")),
        entrypoint=_tuple(data.get("entrypoint"), path, "entrypoint") or None,
        cmd=_tuple(data.get("cmd"), path, "cmd") or None,
        env=_tuple(data.get("env", []), path, "env") or (),
        exposed_ports=_tuple(data.get("exposed_ports", []), path, "exposed_ports") or (),
        user=str(data.get("user", "")), working_dir=str(data.get("working_dir", "")),
        stop_signal=str(data.get("stop_signal", "")),
        volumes=_tuple(data.get("volumes", []), path, "volumes") or (),
        files=_tuple(data.get("files", []), path, "files") or (),
    )


def compare(facts: FactSheet, config: dict) -> list[str]:
    """How the `Config` of `docker image inspect` differs from the fact sheet (empty: it matches)."""
    seen = {
        "Entrypoint": tuple(config.get("Entrypoint") or ()) or None,
        "Cmd": tuple(config.get("Cmd") or ()) or None,
        "ExposedPorts": tuple(sorted(config.get("ExposedPorts") or {})),
        "User": config.get("User") or "",
        # BuildKit records the root as "/" where the classic builder left it empty: the same folder.
        "WorkingDir": (config.get("WorkingDir") or "/"),
        "StopSignal": config.get("StopSignal") or "",
        "Volumes": tuple(sorted(config.get("Volumes") or {})),
    }
    wanted = {
        "Entrypoint": facts.entrypoint, "Cmd": facts.cmd, "ExposedPorts": tuple(sorted(facts.exposed_ports)),
        "User": facts.user, "WorkingDir": facts.working_dir or "/", "StopSignal": facts.stop_signal,
        "Volumes": tuple(sorted(facts.volumes)),
    }
    problems = [f"{key} is {_show(seen[key])}, the official image has {_show(wanted[key])}"
                for key in wanted if seen[key] != wanted[key]]
    names = {item.split("=", 1)[0] for item in config.get("Env") or ()}
    missing = [name for name in facts.env if name not in names]
    if missing:
        problems.append(f"Env lacks {', '.join(missing)}, which the official image sets")
    return problems


def _show(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, tuple):
        return "[" + ", ".join(repr(v) for v in value) + "]"
    return repr(value)


def compare_image(name: str, inspect: dict, folder: Path = FACTS_DIR) -> list[str]:
    """`compare` for one stand-in, each problem prefixed with its fact sheet."""
    try:
        facts = load_facts(name, folder)
    except FactError as error:
        return [str(error)]
    where = (folder / f"{name}.toml").relative_to(folder.parents[2]) if folder == FACTS_DIR else folder / f"{name}.toml"
    return [f"{where}: {problem}" for problem in compare(facts, inspect.get("Config") or {})]
