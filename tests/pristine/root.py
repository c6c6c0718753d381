"""A pristine Debian root (debootstrap minbase, cached) with the checkout copied in, run in its own mount namespace.

The root stands for a machine nothing was installed on: it gets only the machine's apt sources, pip and
npm configuration (so it reaches the same registries), DNS, and caches of downloaded .debs and wheels.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.pristine.apt_sources import as_deb822, debian_sources, main_mirror, read_sources
from tests.pristine.host_config import carried_config

CODENAME = "bookworm"
VARIANT = "minbase"
# Bump when the way the base is made changes, so every cached base is made again.
RECIPE = "1"
MAX_AGE_DAYS = 7  # a week-old base still installs; older ones are remade so they track the mirror
CACHE = Path(os.environ.get("PRISTINE_CACHE", "/var/cache/docker-notes-site/pristine"))
NOBODY = "65534"
OWN_NETWORK_SETUP = ("ip link set lo up && ip link add pristine0 type veth peer name pristine1 && "
                     "ip addr add 192.0.2.1/24 dev pristine0 && ip link set pristine0 up && ip link set pristine1 up")
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

Say = Callable[[str], None]


class PristineError(RuntimeError):
    """The pristine root could not be made or a command in it failed; str() says which and why."""


@dataclass(frozen=True)
class RunResult:
    """One command run in the root: its exit status, seconds, and the last lines it printed."""

    command: str
    exited: int
    seconds: float
    tail: tuple[str, ...]


@dataclass(frozen=True)
class Base:
    key: str
    rootfs: Path
    made_now: bool


def base_key(mirror: str, arch: str, debootstrap_version: str) -> str:
    text = f"{RECIPE}\n{CODENAME}\n{VARIANT}\n{arch}\n{mirror}\n{debootstrap_version}\n"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _output(command: list[str]) -> str:
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


@contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def ensure_base(mirror: str, say: Say, cache: Path = CACHE) -> Base:
    """The cached minbase root for `mirror`; made with debootstrap when missing, stale or too old."""
    if not shutil.which("debootstrap"):
        raise PristineError("debootstrap is not installed; run `bash setup.sh --test` (Debian package debootstrap)")
    key = base_key(mirror, _output(["dpkg", "--print-architecture"]),
                   _output(["dpkg-query", "-W", "-f=${Version}", "debootstrap"]))
    folder = cache / f"base-{key}"
    stamp = folder / "complete.json"
    with _locked(cache / "base.lock"):
        if stamp.exists():
            made = json.loads(stamp.read_text())["made"]
            if time.time() - made < MAX_AGE_DAYS * 86400:
                return Base(key, folder / "rootfs", False)
            say(f"the cached base is older than {MAX_AGE_DAYS} days; making it again")
        shutil.rmtree(folder, ignore_errors=True)
        for old in cache.glob("base-*"):  # one base at a time: each is about 200 MB
            shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True)
        say(f"debootstrap --variant={VARIANT} {CODENAME} from the machine's apt mirror into {folder}")
        started = time.monotonic()
        done = subprocess.run(["debootstrap", f"--variant={VARIANT}", CODENAME, str(folder / "rootfs"), mirror],
                              check=False, capture_output=True, text=True)
        if done.returncode:
            tail = "\n".join((done.stdout + done.stderr).splitlines()[-15:])
            shutil.rmtree(folder, ignore_errors=True)
            raise PristineError(f"debootstrap exited {done.returncode}:\n{tail}")
        stamp.write_text(json.dumps({"made": time.time(), "seconds": round(time.monotonic() - started)}))
        return Base(key, folder / "rootfs", True)


def tracked_files(checkout: Path) -> list[str]:
    """The checkout's tracked files as they are on disk (so uncommitted edits are tested too)."""
    done = subprocess.run(["git", "ls-files", "-z"], cwd=checkout, check=True, capture_output=True)
    names = [n for n in done.stdout.decode().split("\0") if n]
    return [n for n in names if (checkout / n).is_file() or (checkout / n).is_symlink()]


def copy_checkout(checkout: Path, target: Path) -> int:
    """Copy the tracked files into `target`; returns how many."""
    names = tracked_files(checkout)
    target.mkdir(parents=True, exist_ok=True)
    listing = "\0".join(names).encode()
    pack = subprocess.Popen(["tar", "-C", str(checkout), "--null", "-T", "-", "-c"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    unpack = subprocess.Popen(["tar", "-C", str(target), "-x"], stdin=pack.stdout)
    pack.stdin.write(listing)
    pack.stdin.close()
    pack.stdout.close()
    if pack.wait() or unpack.wait():
        raise PristineError(f"copying the checkout into {target} failed")
    return len(names)


def _copy_into(upper: Path, path: Path) -> None:
    target = upper / path.relative_to("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)


class PristineRoot:
    """One throw-away root: an overlay over the cached base, the checkout at /src, run with `run()`."""

    def __init__(self, base: Base, checkout: Path, say: Say, cache: Path = CACHE, echo: bool = True):
        self.base = base
        self.say = say
        self.echo = echo  # print what the commands print as they run (a failure shows its tail anyway)
        self.cache = cache
        self.config = carried_config()
        runs = cache / "runs"
        runs.mkdir(parents=True, exist_ok=True)
        # One run at a time per cache: a run removes the one before it, and they share the caches.
        self._lock = open(cache / "run.lock", "w")  # noqa: SIM115 (held until the process ends)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PristineError(f"another pristine run is using {cache}; wait for it to end") from None
        for old in runs.iterdir():  # the last run is kept for a look after a failure; older ones go
            shutil.rmtree(old, ignore_errors=True)
        self.folder = Path(tempfile.mkdtemp(prefix="run-", dir=runs))
        self.upper = self.folder / "upper"
        for name in ("upper", "work", "merged"):
            (self.folder / name).mkdir()
        self.files = copy_checkout(checkout, self.upper / "src")
        self._prepare()

    @property
    def src(self) -> Path:
        """The checkout's copy as the commands left it (its new files live in the overlay's upper folder)."""
        return self.upper / "src"

    def _prepare(self) -> None:
        etc = self.upper / "etc"
        apt = etc / "apt"
        (apt / "sources.list.d").mkdir(parents=True)
        sources = debian_sources(read_sources(), CODENAME)
        keyring = lambda path: (self.base.rootfs / path.lstrip("/")).is_file()
        (apt / "sources.list.d" / "machine.sources").write_text(as_deb822(sources, keyring))
        (apt / "sources.list").write_text("# the machine's sources are in sources.list.d/machine.sources\n")
        for name in ("resolv.conf", "hosts"):
            if Path("/etc", name).is_file():
                shutil.copyfile(Path("/etc", name), etc / name)
        for path in self.config.files:
            _copy_into(self.upper, path)
        # The machine's own certificate authorities (e.g. of a proxy in front of the registries): when the
        # root installs ca-certificates, its bundle is remade from these and must still trust them.
        local_cas = Path("/usr/local/share/ca-certificates")
        if local_cas.is_dir():
            shutil.copytree(local_cas, self.upper / local_cas.relative_to("/"))
        # Nothing installed in the root may start a service on the machine (the usual chroot guard).
        policy = self.upper / "usr/sbin/policy-rc.d"
        policy.parent.mkdir(parents=True)
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)

    def _script(self, command: str, user: str, own_network: bool) -> str:
        merged = self.folder / "merged"
        q = shlex.quote
        pip_cache, apt_cache = self.cache / "pip", self.cache / "apt-archives"
        pip_cache.mkdir(exist_ok=True)
        (apt_cache / "partial").mkdir(parents=True, exist_ok=True)
        lines = [
            "set -euo pipefail",
            (f"mount -t overlay overlay -o lowerdir={self.base.rootfs},upperdir={self.upper},"
            f"workdir={self.folder / 'work'} {q(str(merged))}"),
            f"cd {q(str(merged))}",
            "mount -t proc proc proc",
            "mount -t sysfs -o ro sysfs sys",  # read-only: nothing in the root may change the machine's devices
            "mount --rbind /dev dev && mount --make-rslave dev",
            "mkdir -p root/.cache/pip var/cache/apt/archives",
            f"mount --bind {q(str(pip_cache))} root/.cache/pip",
            f"mount --bind {q(str(apt_cache))} var/cache/apt/archives",
        ]
        for folder in self.config.folders:
            inside = q(str(folder).lstrip("/"))
            lines += [f"mkdir -p {inside}", f"mount --bind {q(str(folder))} {inside}",
                      f"mount -o remount,bind,ro {inside}"]
        env = {"PATH": PATH, "HOME": "/root", "LANG": "C.UTF-8", "TERM": "dumb", **dict(self.config.env)}
        as_user = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"] if user != "0" else []
        inner = ["chroot", ".", "env", "-i", *(f"{k}={v}" for k, v in env.items()), *as_user,
                 "bash", "-c", f"cd /src && {command}"]
        if own_network:
            # A network namespace of its own: what runs cannot reach, or collide with, the machine's network.
            # Besides loopback it gets a veth pair with both ends inside (a documentation address, leading
            # nowhere), so it looks like a machine with a network card to the tests that check for one.
            inner = ["unshare", "--net", "sh", "-c", f'{OWN_NETWORK_SETUP}; exec "$@"', "-", *inner]
        lines.append("exec " + " ".join(q(word) for word in inner))
        return "\n".join(lines)

    def run(self, command: str, user: str = "0", own_network: bool = False) -> RunResult:
        """Run `command` in /src of the root, in a new mount and pid namespace with /proc and /sys; prints its output."""
        self.say(f"$ {command}" + (" (as nobody)" if user != "0" else "") + (" (own network namespace)" if own_network else ""))
        started = time.monotonic()
        tail: deque[str] = deque(maxlen=40)
        process = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "--pid", "--fork", "bash", "-c",
             self._script(command, user, own_network)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        for line in process.stdout:
            tail.append(line.rstrip("\n"))
            if self.echo:
                print(f"  | {line}", end="", flush=True)
        exited = process.wait()
        seconds = time.monotonic() - started
        self.say(f"exit {exited} after {seconds:.0f} s")
        return RunResult(command, exited, seconds, tuple(tail))

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def machine_mirror() -> str:
    return main_mirror(debian_sources(read_sources(), CODENAME), CODENAME)
