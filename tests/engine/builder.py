"""Build the stand-in images from Debian packages and push them to the mirror, cached by recipe key.

Steps, each cached under the engine cache folder:
1. base: `debootstrap --variant=minbase` once (the machine's own Debian mirror), kept unpacked.
2. per recipe, its packages installed with apt in a chroot on an overlay of the base; the overlay's
   upper folder is exactly the new files, kept as one tar (the image's package layer).
3. `docker build` of the recipe's Dockerfile with BASE=the imported base and packages.tar in the
   context; every tag pushed as <mirror>/library/NAME:TAG. A stamp records the recipe key, so a
   rerun with an unchanged recipe and a mirror that still holds the tags does nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.engine import facts, mirror, packages
from tests.engine.errors import EngineError
from tests.engine.layout import EngineLayout
from tests.engine.recipes import Recipe

SUITE = packages.SUITE  # the engine's suite: current versions (nginx, MariaDB, Python) as a reader pulls them
VARIANT = "minbase"
# Left out of the base image as the official -slim images do (the chroot keeps them for apt).
BASE_EXCLUDES = ("./var/lib/apt/lists/*", "./var/cache/apt/*", "./usr/share/doc/*", "./usr/share/man/*",
                 "./usr/share/info/*", "./var/log/*")
# Never part of a package layer: apt's own bookkeeping, logs, documentation.
LAYER_DROP = ("var/cache/apt", "var/lib/apt/lists", "var/log", "usr/share/doc", "usr/share/man",
              "usr/share/info", "var/cache/debconf/templates.dat-old", "var/cache/debconf/config.dat-old",
              "usr/sbin/policy-rc.d", "tmp", "root/.cache")
CHROOT_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive", "LANG": "C.UTF-8",
              "HOME": "/root"}

Say = Callable[[str], None]


def base_key(mirror_url: str) -> str:
    return hashlib.sha256(f"{SUITE}\n{VARIANT}\n{mirror_url}\n".encode()).hexdigest()[:16]


def run(command: list[str], *, env: dict[str, str] | None = None, input_file=None, cwd: Path | None = None) -> str:
    done = subprocess.run(command, check=False, env=env, stdin=input_file, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise EngineError(f"`{' '.join(command)}` exited {done.returncode}:\n{tail}")
    return done.stdout


def ensure_base(layout: EngineLayout, say: Say) -> tuple[str, Path]:
    url = packages.apt_mirror()
    key = base_key(url)
    folder = layout.cache / f"base-{key}"
    rootfs = folder / "rootfs"
    if (folder / "complete").exists():
        return key, rootfs
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    say(f"debootstrap {VARIANT} {SUITE} from {url} (once; cached in {folder})")
    started = time.monotonic()
    run(["debootstrap", f"--variant={VARIANT}", SUITE, str(rootfs), url])
    (folder / "complete").write_text(f"{time.monotonic() - started:.0f} s\n")
    return key, rootfs


def base_image(key: str) -> str:
    return f"blog-engine/base:{key}"


def ensure_base_image(layout: EngineLayout, key: str, rootfs: Path, env: dict[str, str], say: Say) -> str:
    name = base_image(key)
    if subprocess.run(["docker", "image", "inspect", name], check=False, env=env, capture_output=True).returncode == 0:
        return name
    say(f"importing the base rootfs as {name}")
    excludes = [f"--exclude={pattern}" for pattern in BASE_EXCLUDES]
    tar = subprocess.Popen(["tar", "-C", str(rootfs), "--numeric-owner", *excludes, "-c", "."],
                           stdout=subprocess.PIPE)
    try:
        run(["docker", "import", "--change", 'CMD ["bash"]', "-", name], env=env, input_file=tar.stdout)
    finally:
        tar.stdout.close()
        tar.wait()
    return name


def _is_whiteout(info: tarfile.TarInfo) -> bool:
    # overlayfs marks a deleted lower file as a 0:0 character device; Docker layers have no such thing.
    return info.ischr() and info.devmajor == 0 and info.devminor == 0


def _layer_filter(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    path = info.name.removeprefix("./")
    if _is_whiteout(info) or any(path == d or path.startswith(d + "/") for d in LAYER_DROP):
        return None
    return info


def write_layer(upper: Path, target: Path) -> None:
    partial = target.with_suffix(".partial")
    with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
        for child in sorted(upper.iterdir()):
            tar.add(child, arcname=child.name, filter=_layer_filter)
    partial.rename(target)


def install_packages(rootfs: Path, packages: tuple[str, ...], prune: tuple[str, ...], target: Path, say: Say) -> None:
    """apt-get install `packages` on an overlay of `rootfs`; the overlay's upper folder becomes `target`."""
    with tempfile.TemporaryDirectory(prefix="blog-engine-layer-", dir=target.parent) as scratch:
        upper, work, merged = (Path(scratch) / n for n in ("upper", "work", "merged"))
        for folder in (upper, work, merged):
            folder.mkdir()
        run(["mount", "-t", "overlay", "overlay", "-o", f"lowerdir={rootfs},upperdir={upper},workdir={work}",
             str(merged)])
        mounted = [merged]
        try:
            run(["mount", "-t", "proc", "proc", str(merged / "proc")])
            mounted.append(merged / "proc")
            policy = merged / "usr/sbin/policy-rc.d"  # no service may start inside the chroot
            policy.write_text("#!/bin/sh\nexit 101\n")
            policy.chmod(0o755)
            install = ["chroot", str(merged), "apt-get", "install", "-y", "-q", "--no-install-recommends",
                       *packages]
            try:
                run(install, env=CHROOT_ENV)
            except EngineError:
                say("apt-get install failed; refreshing the package lists once and retrying")
                run(["chroot", str(merged), "apt-get", "update", "-q"], env=CHROOT_ENV)
                run(install, env=CHROOT_ENV)
            run(["chroot", str(merged), "apt-get", "clean"], env=CHROOT_ENV)
            listed = run(["chroot", str(merged), "dpkg-query", "-W", "-f", "${Package}=${Version}\\n", *packages],
                         env=CHROOT_ENV)
            versions_path(target).write_text(listed)
        finally:
            for point in reversed(mounted):
                subprocess.run(["umount", str(point)], check=False, capture_output=True)
        for path in prune:
            victim = upper / path.strip("/")
            if victim.is_dir() and not victim.is_symlink():
                for child in victim.iterdir():
                    shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
            elif victim.exists():
                victim.unlink()
        write_layer(upper, target)


def versions_path(layer: Path) -> Path:
    """Beside a package layer: `package=version` of the recipe's packages as installed in it."""
    return layer.with_suffix(".versions")


def layer_versions(layer: Path) -> dict[str, str]:
    path = versions_path(layer)
    if not path.exists():
        return {}
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def check_tags(recipe: Recipe, versions: dict[str, str]) -> None:
    """A numeric tag (`1.30`, `3.14-slim`) must name the version actually inside; the suite moves."""
    if not recipe.version_of:
        return
    found = versions.get(recipe.version_of)
    if found is None:
        raise EngineError(f"{recipe.name}: the layer does not record {recipe.version_of}'s version; "
                          f"delete {recipe.folder.name}'s cached layer and start again")
    inside = ".".join(map(str, packages.upstream(found)))
    wrong = [tag for tag in recipe.tags if tag[:1].isdigit()
             and not (inside + ".").startswith(tag.split("-", 1)[0] + ".")]
    if wrong:
        raise EngineError(f"{recipe.name}: Debian's {SUITE} now has {recipe.version_of} {found}, but the recipe "
                          f"tags it {', '.join(wrong)}; update the tags in {recipe.folder / 'recipe.toml'} "
                          "(and the posts that use them)")


def ensure_layer(layout: EngineLayout, recipe: Recipe, key: str, rootfs: Path, say: Say) -> Path:
    layers = layout.cache / "layers"
    layers.mkdir(parents=True, exist_ok=True)
    target = layers / f"{recipe.layer_key(key)}.tar"
    if target.exists():
        return target
    if not recipe.packages:
        with tarfile.open(target, "w"):
            pass
        return target
    say(f"{recipe.name}: apt-get install {' '.join(recipe.packages)}")
    install_packages(rootfs, recipe.packages, recipe.prune, target, say)
    return target


def stamp_path(layout: EngineLayout, recipe: Recipe) -> Path:
    return layout.cache / "stamps" / recipe.name


def is_current(layout: EngineLayout, recipe: Recipe, key: str) -> bool:
    stamp = stamp_path(layout, recipe)
    if not stamp.exists() or stamp.read_text().strip() != recipe.key(key):
        return False
    return not mirror.missing(layout, recipe.refs)


def build_args(recipe: Recipe, versions: dict[str, str]) -> list[str]:
    """For a recipe with `version_of`: VERSION (upstream, `1.30.6`) and PACKAGE_VERSION (Debian's); and
    VERSION_<PACKAGE> (upstream) for every package of the recipe, so an image can name two versions
    (tomcat's TOMCAT_VERSION and its Java's JAVA_VERSION)."""
    found = versions.get(recipe.version_of, "")
    args = {"VERSION": _upstream(found), "PACKAGE_VERSION": found} if found else {}
    args |= {"VERSION_" + re.sub(r"[^A-Z0-9]", "_", name.upper()): _upstream(version)
             for name, version in sorted(versions.items())}
    return [arg for key, value in args.items() for arg in ("--build-arg", f"{key}={value}")]


def _upstream(version: str) -> str:
    return ".".join(map(str, packages.upstream(version)))


def build_and_push(layout: EngineLayout, recipe: Recipe, base: str, layer: Path, env: dict[str, str],
                   say: Say) -> None:
    with tempfile.TemporaryDirectory(prefix=f"blog-engine-{recipe.name}-") as scratch:
        context = Path(scratch) / "context"
        shutil.copytree(recipe.folder, context)
        os.link(layer, context / "packages.tar") if layer.stat().st_dev == context.stat().st_dev \
            else shutil.copy(layer, context / "packages.tar")
        pushed = [f"{layout.registry_address}/library/{ref}" for ref in recipe.refs]
        tags = [arg for name in pushed for arg in ("-t", name)]
        say(f"{recipe.name}: docker build ({', '.join(recipe.tags)})")
        # BuildKit, the engine's only builder; the base and the package layer are local, so no network.
        target = ["--target", recipe.target] if recipe.target else []
        image_id = run(["docker", "build", "-q", *target, "--build-arg", f"BASE={base}",
                        *build_args(recipe, layer_versions(layer)), *tags, str(context)],
                       env=env).strip().splitlines()[-1]
    problems = facts.compare_image(recipe.name, _inspect(image_id, env))
    if problems:
        subprocess.run(["docker", "rmi", "-f", *pushed], check=False, env=env, capture_output=True)
        raise EngineError(f"{recipe.name}: the stand-in does not match its fact sheet, so it is not pushed:\n  "
                          + "\n  ".join(problems))
    for name in pushed:
        run(["docker", "push", "-q", name], env=env)
    for name in pushed:  # the test engine must pull through the mirror like a reader would
        subprocess.run(["docker", "rmi", name], check=False, env=env, capture_output=True)


def _inspect(image: str, env: dict[str, str]) -> dict:
    return json.loads(run(["docker", "image", "inspect", image], env=env))[0]


def ensure_images(layout: EngineLayout, recipes: tuple[Recipe, ...], say: Say, force: bool = False) -> list[str]:
    """Build and push every recipe whose stamp or mirror content is stale; return the names built."""
    env = layout.client_env()
    url_key = base_key(packages.apt_mirror())
    stale = [r for r in recipes if force or not is_current(layout, r, url_key)]
    if not stale:
        return []
    key, rootfs = ensure_base(layout, say)
    base = ensure_base_image(layout, key, rootfs, env, say)
    built = []
    for recipe in stale:
        started = time.monotonic()
        layer = ensure_layer(layout, recipe, key, rootfs, say)
        check_tags(recipe, layer_versions(layer))
        build_and_push(layout, recipe, base, layer, env, say)
        stamp = stamp_path(layout, recipe)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(recipe.key(key) + "\n")
        say(f"{recipe.name}: pushed {', '.join(recipe.refs)} in {time.monotonic() - started:.0f} s")
        built.append(recipe.name)
    # Multi-stage builds leave their first stage behind untagged; nothing else runs during a build.
    subprocess.run(["docker", "image", "prune", "-f"], check=False, env=env, capture_output=True)
    return built
