"""constraints.txt pins every installed package; it must agree with the direct pins in requirements*.txt."""

from __future__ import annotations

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        (spec,) = req.specifier  # one exact pin per line
        assert spec.operator == "==", f"{name}: {line} is not pinned with =="
        pins[canonicalize_name(req.name)] = spec.version
    return pins


def test_direct_pins_and_constraints_agree():
    constraints = _pins("constraints.txt")
    for name in ("requirements.txt", "requirements-dev.txt"):
        for package, version in _pins(name).items():
            assert constraints.get(package) == version, f"{name} pins {package}=={version}, constraints.txt {constraints.get(package)}"


def test_installed_versions_are_the_constrained_ones():
    """What setup.sh installed is what constraints.txt says (a stale .venv shows up here, not as odd failures)."""
    from importlib import metadata

    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    drifted = {p: (installed[p], v) for p, v in _pins("constraints.txt").items() if p in installed and installed[p] != v}
    assert drifted == {}, f"installed (left) differs from constraints.txt (right): {drifted}; run bash setup.sh --test"
