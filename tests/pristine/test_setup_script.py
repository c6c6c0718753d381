"""setup.sh without root: it names the missing Debian packages and the line to install them, and stops."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def listed(name: str) -> list[str]:
    lines = (line.strip() for line in (ROOT / name).read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize(("args", "installed", "lists"), [
    ((), {"python3", "fonts-noto-cjk"}, ["deb-packages-build.txt"]),
    ((), set(), ["deb-packages-build.txt"]),
    (("--test",), {"python3", "git"}, ["deb-packages-build.txt", "deb-packages.txt"]),
])
def test_without_root_missing_packages_are_named(tmp_path, args, installed, lists):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in ("setup.sh", "deb-packages-build.txt", "deb-packages.txt"):
        shutil.copy(ROOT / name, checkout / name)
    stubs = tmp_path / "bin"
    stubs.mkdir()
    _stub(stubs, "id", 'echo 1000')  # not root
    # dpkg-query -W -f=... PACKAGE: "install ok installed" for the packages in `installed` only.
    cases = " ".join(sorted(installed)) or "none"
    _stub(stubs, "dpkg-query", f'for p in "$@"; do last="$p"; done\n'
                               f'for i in {cases}; do [ "$i" = "$last" ] && echo "install ok installed" && exit 0; done\n'
                               'exit 1')
    _stub(stubs, "python3", "echo python3 must not run >&2; exit 99")
    done = subprocess.run(["bash", "setup.sh", *args], cwd=checkout, capture_output=True, text=True, check=False,
                          env={"PATH": f"{stubs}:/usr/bin:/bin"})
    missing = [p for name in lists for p in listed(name) if p not in installed]
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"setup: missing Debian packages: {' '.join(missing)}\n" in done.stderr
    assert f"sudo apt-get install --no-install-recommends {' '.join(missing)}\n" in done.stderr
    assert not (checkout / ".venv").exists() and "must not run" not in done.stderr
