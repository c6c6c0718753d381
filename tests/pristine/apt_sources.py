"""The machine's own apt sources (one-line and deb822 files), read so a fresh root uses the same mirror."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

APT_ETC = Path("/etc/apt")
# apt reads only files named like this in sources.list.d (apt's sources.list(5)); others are ignored.
_PART_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]+\.(list|sources)$")
_ONE_LINE_RE = re.compile(r"^(deb|deb-src)\s+(?:\[(?P<options>[^\]]*)\]\s+)?(?P<uri>\S+)\s+(?P<suite>\S+)"
                          r"(?P<components>(?:\s+\S+)*)\s*$")


class AptSourcesError(RuntimeError):
    """No usable source; str() says what was read and what to do."""


@dataclass(frozen=True)
class AptSource:
    """One source entry: a `deb ...` line or a deb822 paragraph, with the file and line it came from."""

    types: tuple[str, ...]
    uris: tuple[str, ...]
    suites: tuple[str, ...]
    components: tuple[str, ...]
    signed_by: str
    source: str
    line: int

    def serves(self, codename: str) -> bool:
        """True for binary packages of `codename` itself or its -updates/-security/... suites."""
        return "deb" in self.types and any(s == codename or s.startswith(f"{codename}-") for s in self.suites)


def parse_one_line(text: str, source: str) -> list[AptSource]:
    """`deb [signed-by=...] URI suite component...` lines; comments and deb-src lines are kept out."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        match = _ONE_LINE_RE.match(line)
        if not match or match.group(1) != "deb":
            continue
        options = dict(o.split("=", 1) for o in (match.group("options") or "").split() if "=" in o)
        found.append(AptSource(("deb",), (match.group("uri"),), (match.group("suite"),),
                               tuple(match.group("components").split()), options.get("signed-by", ""),
                               source, number))
    return found


def _paragraphs(text: str):
    """(first line number, {field: value}) per deb822 paragraph; continuation lines folded in."""
    fields: dict[str, str] = {}
    start = 0
    last = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.startswith("#"):
            continue
        if not raw.strip():
            if fields:
                yield start, fields
            fields, last = {}, ""
            continue
        if raw[0] in " \t" and last:
            fields[last] += "\n" + raw.strip()
            continue
        if not fields:
            start = number
        name, _, value = raw.partition(":")
        last = name.strip().lower()
        fields[last] = value.strip()
    if fields:
        yield start, fields


def parse_deb822(text: str, source: str) -> list[AptSource]:
    """deb822 paragraphs (Types/URIs/Suites/Components/Signed-By); `Enabled: no` ones are left out."""
    found = []
    for number, fields in _paragraphs(text):
        if fields.get("enabled", "yes").lower() == "no":
            continue
        found.append(AptSource(tuple(fields.get("types", "").split()), tuple(fields.get("uris", "").split()),
                               tuple(fields.get("suites", "").split()), tuple(fields.get("components", "").split()),
                               fields.get("signed-by", ""), source, number))
    return found


def read_sources(etc: Path = APT_ETC) -> list[AptSource]:
    """Every entry apt itself would read: sources.list, then sources.list.d/*.list and *.sources by name."""
    files = [etc / "sources.list"]
    parts = etc / "sources.list.d"
    if parts.is_dir():
        files += sorted(p for p in parts.iterdir() if _PART_NAME_RE.match(p.name))
    found: list[AptSource] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        parse = parse_deb822 if path.suffix == ".sources" else parse_one_line
        found += parse(text, str(path))
    return found


def debian_sources(sources: list[AptSource], codename: str, etc: Path = APT_ETC) -> list[AptSource]:
    """The entries serving `codename`, or AptSourcesError naming what was read and what to add."""
    serving = [s for s in sources if s.serves(codename) and s.uris]
    if serving:
        return serving
    seen = ", ".join(f"{s.source}:{s.line} ({' '.join(s.suites)})" for s in sources) or "no entries"
    raise AptSourcesError(
        f"{etc}: apt has no source for Debian {codename} (read: {seen}); configure the machine's Debian "
        f"mirror for apt first (a deb822 file in {etc}/sources.list.d/ with Types: deb, URIs: <mirror>, "
        f"Suites: {codename} {codename}-updates, Components: main), then run this again")


def main_mirror(sources: list[AptSource], codename: str) -> str:
    """The mirror of `codename` itself (what debootstrap needs), the first one apt lists."""
    for source in sources:
        if "deb" in source.types and codename in source.suites and source.uris:
            return source.uris[0].rstrip("/")
    raise AptSourcesError(f"apt lists {codename}-* suites but not {codename} itself; add {codename} to the "
                          "Suites of the machine's Debian mirror")


def as_deb822(sources: list[AptSource], keyrings_present) -> str:
    """The entries as one deb822 file for another root; a Signed-By keyring it lacks is left out."""
    blocks = []
    for source in sources:
        lines = [f"Types: {' '.join(source.types)}", f"URIs: {' '.join(source.uris)}",
                 f"Suites: {' '.join(source.suites)}", f"Components: {' '.join(source.components)}"]
        if source.signed_by and "\n" not in source.signed_by and keyrings_present(source.signed_by):
            lines.append(f"Signed-By: {source.signed_by}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
