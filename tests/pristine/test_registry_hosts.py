"""No package registry's host name in the tracked tree: mirrors and indexes come from the machine's own configuration.

The names are put together from pieces here, and the machine's own apt/pip/npm hosts are read from its
configuration, so this file does not hold what it looks for.
"""

from __future__ import annotations

import re
import subprocess
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT
from tests.pristine.apt_sources import read_sources
from tests.pristine.host_config import carried_config


def _host(*labels: str) -> str:
    return ".".join(labels)


DEBIAN = _host("debian", "org")
# Debian's and Ubuntu's archive hosts (ftp.<country>.debian.org too), PyPI's and npm's.
KNOWN = [
    rf"(?:deb|security|snapshot|httpredir|ftp(?:\.[a-z]{{2}})?)\.{re.escape(DEBIAN)}",
    rf"(?:[a-z]{{2}}\.)?(?:archive|security)\.{re.escape(_host('ubuntu', 'com'))}",
    re.escape(_host("pypi", "org")), re.escape(_host("pypi", "python", "org")),
    re.escape(_host("files", "pythonhosted", "org")),
    re.escape(_host("registry", "npmjs", "org")), re.escape(_host("registry", "yarnpkg", "com")),
]


def machine_hosts() -> set[str]:
    """Hosts of the machine's apt sources and of the pip/npm settings naming an index or registry."""
    urls = [uri for source in read_sources() for uri in source.uris]
    carried = carried_config()
    for path in carried.files:
        if path.suffix in (".conf", "") or path.name.endswith("npmrc"):
            try:
                urls += re.findall(r"https?://[^\s'\"]+", path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
    urls += [value for _, value in carried.env if value.startswith(("http://", "https://"))]
    return {host for host in (urlsplit(url).hostname for url in urls) if host and "." in host}


def host_pattern(extra: set[str]) -> re.Pattern[str]:
    names = KNOWN + [re.escape(h) for h in sorted(extra)]
    return re.compile(rf"(?<![\w.-])(?:{'|'.join(names)})(?![\w-])", re.IGNORECASE)


def found_hosts(text: str, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    return [(number, match.group(0)) for number, line in enumerate(text.splitlines(), start=1)
            for match in pattern.finditer(line)]


@pytest.mark.parametrize(("text", "expected"), [
    (f"URIs: http://{_host('deb', DEBIAN)}/debian\n", [(1, _host("deb", DEBIAN))]),
    (f"x\nsee https://{_host('ftp', 'kr', DEBIAN)}/debian/\n", [(2, _host("ftp", "kr", DEBIAN))]),
    (f"pip index https://{_host('pypi', 'org')}/simple", [(1, _host("pypi", "org"))]),
    (f"resolved: https://{_host('registry', 'npmjs', 'org')}/x.tgz", [(1, _host("registry", "npmjs", "org"))]),
    (f"wiki: https://{_host('wiki', DEBIAN)}/Docker and mypypi.org.example", []),
    ("URIs: http://mirror.invalid/debian", []),
])
def test_host_pattern(text, expected):
    assert found_hosts(text, host_pattern(set())) == expected


def test_machine_hosts_are_looked_for_too():
    pattern = host_pattern({"mirror.internal.example"})
    assert found_hosts("apt: http://mirror.internal.example/debian", pattern) == [(1, "mirror.internal.example")]


# Not part of the tree when it is a copy without .git (as in the pristine root): what set-up and builds make.
MADE_HERE = {".git", ".venv", "node_modules", "output", "cache", "var", "test-artifacts", "__pycache__",
             ".pytest_cache", ".ruff_cache", ".hypothesis"}


def tree_files() -> list[str]:
    """The tracked files; in a copy without git, every file but what set-up and builds make."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode == 0:
        return list(filter(None, listed.stdout.decode().split("\0")))
    return sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                  if p.is_file() and not MADE_HERE & set(p.relative_to(ROOT).parts))


def test_no_registry_host_in_the_tree():
    pattern = host_pattern(machine_hosts())
    problems = []
    for name in tree_files():
        path = ROOT / name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # binary files (images, fonts, PDFs)
        problems += [f"{name}:{line}: {host}" for line, host in found_hosts(text, pattern)]
    assert not problems, ("package registry host names in the tree (take mirrors and indexes from the machine's "
                          "apt/pip/npm configuration instead):\n" + "\n".join(problems))
