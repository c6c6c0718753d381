"""Where the engine keeps its state, which ports it uses, and the environment its clients need."""

from __future__ import annotations

import hashlib
import os
import pwd
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IMAGES_DIR = Path(__file__).resolve().parent / "images"

REGISTRY_PORT = 5055  # not 5000: a developer's own registry often sits there
DEAD_PROXY = "http://127.0.0.1:9"  # the discard port: nothing listens, so any stray request fails at once
NO_PROXY = "127.0.0.1,localhost"  # published ports and the mirror stay reachable
BRIDGE = "blogdock0"  # our own bridge, so a Docker the user already runs keeps docker0
BRIDGE_CIDR = "10.213.0.1/24"
ADDRESS_POOL = "base=10.214.0.0/16,size=24"  # user networks (compose) come from here
# Primary group of every live-tier script and what it starts (uid stays root: the engine's socket and
# the working folders are root's). The guard's OUTPUT chain matches sockets by this group, since this
# kernel has no cgroup match. A fixed high id no account or group on the machine has (the guard
# refuses to install when /etc/group names it), so the rule catches the scripts and nothing else.
SCRIPT_GID = 48213
# Another state folder for the engine (`invoke drift` runs the newest packages there): its own socket,
# data root and exec root; the bridge and the registry port stay fixed, so only one engine runs at a time.
STATE_ENV = "DOCKER_BLOG_ENGINE_STATE"


@dataclass(frozen=True)
class EngineLayout:
    """Every path and address of one engine; derived from the checkout so two checkouts do not mix."""

    root: Path  # the checkout
    state: Path  # var/engine: pid files, sockets, logs, data root
    exec_root: Path  # short path under /run: unix socket paths must stay under 108 bytes
    cache: Path  # outside the checkout: debootstrap base, package layers, registry storage
    registry_port: int = REGISTRY_PORT

    @property
    def socket(self) -> Path:
        return self.state / "docker.sock"

    @property
    def docker_host(self) -> str:
        return f"unix://{self.socket}"

    @property
    def data_root(self) -> Path:
        return self.state / "data"

    @property
    def dockerd_pid(self) -> Path:
        return self.state / "dockerd.pid"

    @property
    def dockerd_log(self) -> Path:
        return self.state / "dockerd.log"

    @property
    def registry_pid(self) -> Path:
        return self.state / "registry.pid"

    @property
    def registry_log(self) -> Path:
        return self.state / "registry.log"

    @property
    def registry_config(self) -> Path:
        return self.state / "registry.yml"

    @property
    def registry_storage(self) -> Path:
        return self.cache / "registry"

    @property
    def registry_address(self) -> str:
        return f"127.0.0.1:{self.registry_port}"

    @property
    def registry_url(self) -> str:
        return f"http://{self.registry_address}"

    @property
    def docker_config(self) -> Path:
        """DOCKER_CONFIG for every client of this engine: holds cli-plugins/docker-buildx and docker-compose."""
        return self.state / "docker-config"

    @property
    def bin(self) -> Path:
        """Holds `docker`, the engine's own client: first on every client's PATH."""
        return self.state / "bin"

    def client_env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """`base` (default: os.environ) pointed at this engine and its own client, and nothing else."""
        env = dict(os.environ if base is None else base)
        env["PATH"] = f"{self.bin}:{env.get('PATH', '/usr/local/bin:/usr/bin:/bin')}"
        for key in ("DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"):
            env.pop(key, None)
        env["DOCKER_HOST"] = self.docker_host
        env["DOCKER_CONFIG"] = str(self.docker_config)
        return env


def dead_proxy_env() -> dict[str, str]:
    """Proxy variables, both spellings, sending every proxy-aware HTTP(S) request to the dead port."""
    dead = {"HTTP_PROXY": DEAD_PROXY, "HTTPS_PROXY": DEAD_PROXY, "NO_PROXY": NO_PROXY}
    return {**dead, **{key.lower(): value for key, value in dead.items()}}


def default_cache() -> Path:
    explicit = os.environ.get("DOCKER_BLOG_ENGINE_CACHE")
    if explicit:
        return Path(explicit)
    # The account's home from the password database, not $HOME: pytester and sudo change $HOME,
    # and a cold cache means rebuilding every image.
    home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    return home / ".cache" / "docker-blog-engine"


def layout_for(root: Path = ROOT, cache: Path | None = None) -> EngineLayout:
    other = os.environ.get(STATE_ENV)
    state = Path(other).resolve() if other else root / "var" / "engine"
    digest = hashlib.sha256(str(state if other else root.resolve()).encode()).hexdigest()[:8]
    return EngineLayout(
        root=root,
        state=state,
        exec_root=Path("/run") / f"docker-blog-{digest}",
        cache=cache or default_cache(),
    )
