"""The engine's own programs: Docker's Debian packages from the unstable suite, unpacked into a folder.

Debian 12 ships Docker 20.10 (legacy builder, API 1.41); a reader who follows the first post gets a
current engine with BuildKit and Compose v2. Debian's unstable suite carries those, built against a
libc that Debian 12 has, so their .debs are fetched through the machine's own apt (its mirror, its
archive keyring: apt checks the suite's signed index and each package's hash against it), unpacked
with `dpkg -x` into a folder of the engine's own under the cache (nothing is installed over the
system's packages) and kept there. The suite moves: versions are resolved at every start; when the
mirror cannot be reached, the newest folder already unpacked is used.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.engine.errors import EngineError
from tests.pristine.apt_sources import APT_ETC, AptSourcesError, debian_sources, main_mirror, read_sources

SUITE = "sid"
COMPONENT = "main"
ARCH = "amd64"
PACKAGES = ("docker.io", "docker-cli", "containerd", "docker-buildx", "docker-compose")
KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
HOST_CODENAME = "bookworm"  # the machine's own release: its sources name the mirror; the engine then reads sid there
# The oldest upstream versions the posts are written for (what the first post installs, late 2025).
MINIMUM = {"docker.io": (28, 0), "docker-compose": (2, 40), "docker-buildx": (0, 29)}
SHOWN_AS = {"docker.io": "Docker Engine", "docker-compose": "Docker Compose", "docker-buildx": "buildx"}

Say = Callable[[str], None]


def apt_mirror(etc: Path = APT_ETC) -> str:
    """The Debian mirror the machine's apt uses for its main archive (one-line or deb822 sources)."""
    try:
        return main_mirror(debian_sources(read_sources(etc), HOST_CODENAME, etc), HOST_CODENAME)
    except AptSourcesError as error:
        raise EngineError(f"{error}; the engine's packages and the stand-in images come from the mirror the "
                          "machine's apt uses") from None


def upstream(version: str) -> tuple[int, ...]:
    """`1:28.5.2+dfsg4-5` -> (28, 5, 2): the upstream part of a Debian version, as numbers."""
    core = version.partition(":")[2] if ":" in version else version
    return tuple(int(n) for n in re.findall(r"\d+", re.split(r"[+~-]", core, maxsplit=1)[0]))


def too_old(versions: dict[str, str]) -> list[str]:
    """Packages older than MINIMUM, each as `Docker Engine 27.5.1 (need 28.0 or newer)`."""
    return [f"{SHOWN_AS[name]} {'.'.join(map(str, upstream(versions[name])))} "
            f"(need {'.'.join(map(str, least))} or newer)"
            for name, least in MINIMUM.items() if name in versions and upstream(versions[name]) < least]


@dataclass(frozen=True)
class AptRoot:
    """An apt configuration of the engine's own: the unstable suite of the machine's mirror, own lists."""

    folder: Path
    mirror: str

    @property
    def config(self) -> Path:
        return self.folder / "apt.conf"

    def write(self) -> None:
        for sub in ("state/lists/partial", "cache/archives/partial", "etc/sources.list.d", "etc/preferences.d"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        (self.folder / "state/status").touch()
        (self.folder / "etc/sources.list").write_text(
            f"deb [signed-by={KEYRING}] {self.mirror} {SUITE} {COMPONENT}\n")
        f = self.folder
        self.config.write_text("\n".join([
            f'Dir::State "{f}/state";', f'Dir::State::status "{f}/state/status";', f'Dir::Cache "{f}/cache";',
            f'Dir::Etc::SourceList "{f}/etc/sources.list";', f'Dir::Etc::SourceParts "{f}/etc/sources.list.d";',
            f'Dir::Etc::PreferencesParts "{f}/etc/preferences.d";', f'APT::Architecture "{ARCH}";',
            f'APT::Architectures {{ "{ARCH}"; }};',
            'APT::Sandbox::User "root";',  # the cache is root's; _apt could not write the .debs there
            "",
        ]))

    def run(self, *args: str, cwd: Path | None = None) -> str:
        done = subprocess.run(list(args), cwd=cwd, check=False, capture_output=True, text=True,
                              env={"APT_CONFIG": str(self.config), "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
                                   "LANG": "C.UTF-8"})
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-10:])
            raise EngineError(f"`{' '.join(args)}` (apt configuration {self.config}) exited {done.returncode}:\n{tail}")
        return done.stdout

    def candidates(self) -> dict[str, str]:
        """Refresh the suite's signed index and read the version apt would fetch for each package."""
        self.run("apt-get", "update", "-q")
        policy = self.run("apt-cache", "policy", *PACKAGES)
        found = {}
        for name in PACKAGES:
            match = re.search(rf"^{re.escape(name)}:\n\s+Installed: .*\n\s+Candidate: (\S+)", policy, re.MULTILINE)
            if match and match.group(1) != "(none)":
                found[name] = match.group(1)
        missing = [name for name in PACKAGES if name not in found]
        if missing:
            raise EngineError(f"Debian's {SUITE} suite on {self.mirror} has no {', '.join(missing)}")
        return found


@dataclass(frozen=True)
class EngineDist:
    """One unpacked set of the engine's packages."""

    folder: Path
    versions: dict[str, str]  # Debian package -> Debian version

    @property
    def dockerd(self) -> Path:
        return self.folder / "usr/sbin/dockerd"

    @property
    def docker(self) -> Path:
        return self.folder / "usr/bin/docker"

    @property
    def cli_plugins(self) -> Path:
        return self.folder / "usr/libexec/docker/cli-plugins"

    @property
    def path(self) -> str:
        """PATH entries for dockerd: its containerd, shim and docker-proxy first (runc is Debian 12's)."""
        return f"{self.folder / 'usr/sbin'}:{self.folder / 'usr/bin'}"

    def describe(self) -> str:
        return ", ".join(f"{name} {version}" for name, version in sorted(self.versions.items()))


def dist_folder(cache: Path, versions: dict[str, str]) -> Path:
    text = "\n".join(f"{name}={versions[name]}" for name in sorted(versions))
    return cache / "engine" / hashlib.sha256(text.encode()).hexdigest()[:16]


def _read_versions(folder: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (folder / "complete").read_text().splitlines() if "=" in line)
    return {name: version for name, version in pairs}


def newest_unpacked(cache: Path) -> EngineDist | None:
    folders = sorted((cache / "engine").glob("*/complete"), key=lambda p: p.stat().st_mtime, reverse=True)
    return EngineDist(folders[0].parent, _read_versions(folders[0].parent)) if folders else None


def unpack(apt: AptRoot, versions: dict[str, str], target: Path, say: Say) -> None:
    debs = apt.folder / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    wanted = [f"{name}={version}" for name, version in sorted(versions.items())]
    files = [debs / f"{name}_{version.split(':')[-1]}_{ARCH}.deb" for name, version in sorted(versions.items())]
    if not all(f.exists() for f in files):
        say(f"downloading {', '.join(wanted)} from {SUITE} (checked against the suite's signed index)")
        apt.run("apt-get", "download", "-q", *wanted, cwd=debs)
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for deb in files:
        if not deb.exists():
            raise EngineError(f"apt-get download left no {deb.name} in {debs}")
        subprocess.run(["dpkg-deb", "-x", str(deb), str(partial)], check=True, capture_output=True)
    (partial / "complete").write_text("".join(f"{n}={v}\n" for n, v in sorted(versions.items())))
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    for old in debs.glob("*.deb"):  # the suite's pool drops superseded versions; keep only the current ones
        if old not in files:
            old.unlink()


def ensure_dist(cache: Path, say: Say, offline_ok: bool = True) -> EngineDist:
    """The engine's packages at the suite's current versions, unpacked (cached); fails when too old."""
    apt = AptRoot(cache / "apt", apt_mirror())
    apt.write()
    try:
        versions = apt.candidates()
    except EngineError as error:
        fallback = newest_unpacked(cache) if offline_ok else None
        if fallback is None:
            raise
        say(f"cannot refresh Debian's {SUITE} index, using the engine unpacked before ({error})")
        dist = fallback
    else:
        folder = dist_folder(cache, versions)
        if not (folder / "complete").exists():
            unpack(apt, versions, folder, say)
        dist = EngineDist(folder, versions)
    old = too_old(dist.versions)
    if old:
        raise EngineError(f"Debian's {SUITE} suite now gives {', '.join(old)}; the posts are written for "
                          "Docker Engine 28, Compose 2.40 and buildx 0.29 or newer")
    return dist


def running_dist(pid: int) -> EngineDist | None:
    """The packages a running dockerd was started from (its program lies in FOLDER/usr/sbin)."""
    try:
        program = Path(Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode())
    except (OSError, IndexError, UnicodeDecodeError):
        return None
    folder = program.parents[2] if len(program.parents) > 2 else program
    return EngineDist(folder, _read_versions(folder)) if (folder / "complete").exists() else None
