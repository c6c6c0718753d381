"""The pristine root's pure parts: apt sources, carried pip/npm configuration, README commands, site check."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.pristine.apt_sources import (
    AptSourcesError,
    as_deb822,
    debian_sources,
    main_mirror,
    parse_deb822,
    parse_one_line,
    read_sources,
)
from tests.pristine.host_config import carried_config, local_paths
from tests.pristine.readme import ReadmeError, quick_start_commands
from tests.pristine.site_check import site_problems

MIRROR = "http://mirror.invalid/debian"
SECURITY = "http://mirror.invalid/debian-security"
OTHER = "https://vendor.invalid/apt"


@pytest.mark.parametrize(("text", "expected"), [
    (f"deb {MIRROR} bookworm main\n", [(MIRROR, "bookworm", ("main",), 1)]),
    ((f"# deb {MIRROR} bookworm main\ndeb-src {MIRROR} bookworm main\n\ndeb [arch=amd64 signed-by=/k.gpg] "
     f"{MIRROR} bookworm-updates main contrib # updates\n"), [(MIRROR, "bookworm-updates", ("main", "contrib"), 4)]),
    ("deb cdrom:[Debian]/ bookworm main\n", [("cdrom:[Debian]/", "bookworm", ("main",), 1)]),
    ("nonsense line\n", []),
])
def test_one_line_sources(text, expected):
    found = parse_one_line(text, "sources.list")
    assert [(s.uris[0], s.suites[0], s.components, s.line) for s in found] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ((f"Types: deb\nURIs: {MIRROR}\nSuites: bookworm bookworm-updates\nComponents: main\n"
     f"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
     f"Types: deb\n# a comment\nURIs: {SECURITY}\nSuites: bookworm-security\nComponents: main\n"),
     [((MIRROR,), ("bookworm", "bookworm-updates"), 1), ((SECURITY,), ("bookworm-security",), 7)]),
    (f"Types: deb deb-src\nURIs: {MIRROR}\nSuites: bookworm\nComponents: main\nEnabled: no\n", []),
    ((f"Types: deb\nURIs: {OTHER}\nSuites: nodistro\nComponents: main\nSigned-By:\n -----BEGIN PGP\n .\n"
     " -----END PGP\n"), [((OTHER,), ("nodistro",), 1)]),
])
def test_deb822_sources(text, expected):
    found = parse_deb822(text, "debian.sources")
    assert [(s.uris, s.suites, s.line) for s in found] == expected


def test_debian_entries_chosen_and_written_for_the_root():
    sources = (parse_deb822(f"Types: deb\nURIs: {OTHER}\nSuites: cloud-bookworm\nComponents: main\n", "a.sources")
               + parse_one_line(f"deb [signed-by=/k.gpg] {MIRROR}/ bookworm main\ndeb {SECURITY} bookworm-security main\n",
                                "sources.list"))
    chosen = debian_sources(sources, "bookworm")
    assert [s.uris[0] for s in chosen] == [f"{MIRROR}/", SECURITY]
    assert main_mirror(chosen, "bookworm") == MIRROR
    text = as_deb822(chosen, keyrings_present=lambda path: False)
    assert "Signed-By" not in text and f"URIs: {SECURITY}\nSuites: bookworm-security\n" in text
    assert "Signed-By: /k.gpg" in as_deb822(chosen, keyrings_present=lambda path: True)


@pytest.mark.parametrize("sources", [
    [],
    parse_one_line(f"deb {OTHER} cloud-sdk-bookworm main\n", "x.list"),
    parse_one_line(f"deb-src {MIRROR} bookworm main\n", "x.list"),
])
def test_no_debian_source_is_a_clear_error(sources):
    with pytest.raises(AptSourcesError, match=r"apt has no source for Debian bookworm .*configure the machine's"):
        debian_sources(sources, "bookworm")


def test_read_sources_reads_only_what_apt_reads(tmp_path):
    parts = tmp_path / "sources.list.d"
    parts.mkdir()
    (tmp_path / "sources.list").write_text(f"deb {MIRROR} bookworm main\n")
    (parts / "debian.sources").write_text(f"Types: deb\nURIs: {SECURITY}\nSuites: bookworm-security\n")
    (parts / "old.list.disabled").write_text(f"deb {OTHER} bookworm main\n")
    (parts / "vendor.list").write_text(f"deb {OTHER} stable main\n")
    assert [(Path(s.source).name, s.uris[0]) for s in read_sources(tmp_path)] == [
        ("sources.list", MIRROR), ("debian.sources", SECURITY), ("vendor.list", OTHER)]


def test_local_paths_named_by_package_settings(tmp_path):
    index = tmp_path / "pypi" / "simple"
    index.mkdir(parents=True)
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    cert = tmp_path / "ca.crt"
    cert.write_text("x")
    files, folders = local_paths([
        ("extra-index-url", f"file://{index} {OTHER}"), ("find-links", str(wheels)), ("cert", str(cert)),
        ("cafile", "/"), ("cert", str(tmp_path / "missing.crt")),
    ])
    assert files == [cert]
    assert folders == [tmp_path / "pypi", wheels]  # an index's folder whole: simple/ links ../files


def test_carried_config_reads_pip_and_npm_files_and_variables(tmp_path):
    home = tmp_path / "home"
    (home / ".config" / "pip").mkdir(parents=True)
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    (home / ".config" / "pip" / "pip.conf").write_text(f"[global]\nfind-links = {wheels}\n")
    (home / ".npmrc").write_text("nodedir=/usr\n")
    carried = carried_config({"HOME": str(home), "XDG_CONFIG_DIRS": str(tmp_path / "none"),
                              "PIP_INDEX_URL": OTHER, "npm_config_cache": "/x", "PATH": "/bin"}, home)
    assert home / ".config" / "pip" / "pip.conf" in carried.files and home / ".npmrc" in carried.files
    assert carried.folders == (wheels,)  # nodedir=/usr names the machine's system, not a package source
    assert dict(carried.env) == {"PIP_INDEX_URL": OTHER, "npm_config_cache": "/x"}


@pytest.mark.parametrize(("text", "expected"), [
    ("# x\n\n## Quick start\n\ntext\n\n```sh\nbash a.sh && b   # set up\nbash a.sh --test && c\n```\n",
     ["bash a.sh && b", "bash a.sh --test && c"]),
    ("## Quick start\n```\n# only a comment\nmake\n```\n## Next\n```sh\nno\n```\n", ["make"]),
])
def test_quick_start_commands(text, expected):
    assert quick_start_commands(text) == expected


@pytest.mark.parametrize("text", ["# x\n```sh\nmake\n```\n", "## Quick start\n\n## Layout\n```sh\nmake\n```\n"])
def test_quick_start_missing_is_an_error(text):
    with pytest.raises(ReadmeError):
        quick_start_commands(text)


def test_the_readme_has_two_quick_start_commands():
    first, second = quick_start_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert first.startswith("bash setup.sh && ") and second.startswith("bash setup.sh --test && ")


def _site(root: Path, pdf: bytes = b"%PDF-1.7\n" + b"x" * 20_000, posts=("docker-1",)) -> Path:
    out = root / "output"
    (out / "cheatsheet").mkdir(parents=True)
    (out / "snippets").mkdir()
    (out / "snippets" / "index.json").write_text("{}")
    (out / "index.html").write_text("<title>도커 노트</title>", encoding="utf-8")
    (out / "cheatsheet" / "docker.pdf").write_bytes(pdf)
    for slug in posts:
        (out / "posts" / slug).mkdir(parents=True)
        (out / "posts" / slug / "index.html").write_text('<div class="snippet">')
    return out


@pytest.mark.parametrize(("make", "expected"), [
    (lambda p: _site(p), []),
    (lambda p: _site(p, pdf=b"%PDF-1.7\n"), ["not a PDF of the cheat sheet"]),
    (lambda p: _site(p, posts=()), ["posts/docker-1/index.html: missing"]),
    (lambda p: p / "nothing", ["no output folder"]),
])
def test_site_problems(tmp_path, make, expected):
    problems = site_problems(make(tmp_path), ["docker-1"], "도커 노트")
    assert len(problems) == len(expected) and all(e in p for e, p in zip(expected, problems, strict=True))
