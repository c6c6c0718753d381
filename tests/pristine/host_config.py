"""The machine's pip and npm configuration, carried into a fresh root so it reaches the registries the same way."""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass
from pathlib import Path

# Settings that name where packages and certificates come from; only the paths these name are carried.
# (Others, like npm's nodedir=/usr, name the machine's own system and must not cover the root's.)
SOURCE_KEYS = frozenset({"index-url", "extra-index-url", "find-links", "cert", "client-cert", "constraint",
                         "cafile", "registry"})


@dataclass(frozen=True)
class CarriedConfig:
    """What the root gets: files copied to the same path, folders bound read-only, environment variables."""

    files: tuple[Path, ...]
    folders: tuple[Path, ...]
    env: tuple[tuple[str, str], ...]


def pip_config_files(env: dict[str, str], home: Path) -> list[Path]:
    """pip's global and user configuration files, in pip's own order (pip's docs, "Configuration")."""
    xdg_dirs = env.get("XDG_CONFIG_DIRS", "/etc/xdg").split(":")
    files = [Path(d) / "pip" / "pip.conf" for d in xdg_dirs if d] + [Path("/etc/pip.conf")]
    config_home = Path(env.get("XDG_CONFIG_HOME", home / ".config"))
    files += [home / ".pip" / "pip.conf", config_home / "pip" / "pip.conf"]
    if env.get("PIP_CONFIG_FILE"):
        files.append(Path(env["PIP_CONFIG_FILE"]))
    return files


def npm_config_files(home: Path) -> list[Path]:
    """npm's global configuration (where Debian's npm and a /usr-prefixed npm look) and the user's .npmrc."""
    return [Path("/etc/npmrc"), Path("/usr/etc/npmrc"), home / ".npmrc"]


def _key(name: str) -> str:
    """`PIP_FIND_LINKS` / `npm_config_cafile` / `find_links` -> `find-links` / `cafile`."""
    for prefix in ("pip_", "npm_config_"):
        if name.lower().startswith(prefix):
            name = name[len(prefix):]
    return name.lower().replace("_", "-")


def _config_values(path: Path) -> list[tuple[str, str]]:
    """The values of SOURCE_KEYS in one ini-style file (pip.conf, .npmrc)."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string("[top]\n" + path.read_text(encoding="utf-8"))  # .npmrc has no section header
    except (OSError, UnicodeDecodeError, configparser.Error):
        return []
    return [(_key(key), value) for section in parser.sections() for key, value in parser[section].items()
            if _key(key) in SOURCE_KEYS]


def local_paths(values: list[tuple[str, str]]) -> tuple[list[Path], list[Path]]:
    """(files, folders) named in (key, value) settings: absolute paths and file:// URLs that exist here.

    A local index's `simple/` folder links to its files by relative paths (`../files/x.whl`), so for an
    index the folder holding `simple/` is carried.
    """
    files: list[Path] = []
    folders: list[Path] = []
    for key, value in values:
        for word in value.replace(",", " ").split():
            word = word.strip("'\"").removeprefix("file://")
            if not word.startswith("/"):
                continue
            path = Path(word)
            if key.endswith("index-url") and path.name == "simple":
                path = path.parent
            if len(path.parts) < 3:  # `/`, `/usr`, `/opt`: never bind a whole system folder over the root's
                continue
            if path.is_dir() and path not in folders:
                folders.append(path)
            elif path.is_file() and path not in files:
                files.append(path)
    return files, folders


def carried_config(env: dict[str, str] | None = None, home: Path | None = None) -> CarriedConfig:
    """The pip/npm configuration files that exist, what they point at on disk, and PIP_*/NPM_CONFIG_* variables."""
    env = dict(os.environ if env is None else env)
    home = home or Path(env.get("HOME", "/root"))
    configs = [p for p in [*pip_config_files(env, home), *npm_config_files(home)] if p.is_file()]
    carried = {k: v for k, v in sorted(env.items()) if k.startswith("PIP_") or k.upper().startswith("NPM_CONFIG_")}
    values = [v for path in configs for v in _config_values(path)]
    values += [(_key(k), v) for k, v in carried.items() if _key(k) in SOURCE_KEYS]
    files, folders = local_paths(values)
    return CarriedConfig(tuple(dict.fromkeys([*configs, *files])), tuple(folders), tuple(carried.items()))
