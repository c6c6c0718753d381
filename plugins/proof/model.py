"""The records of the proof file: one entry per snippet, with the engine it ran on."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

PLUGIN = "proof"
TIERS = ("static", "sandbox", "live")
RESULTS = ("passed", "failed", "skipped")


@dataclass(frozen=True)
class EngineVersions:
    """The Docker the live tier ran on, as its client and server report it."""

    engine: str
    containerd: str = ""
    runc: str = ""
    buildx: str = ""
    compose: str = ""

    def describe(self) -> str:
        parts = [f"Docker Engine {self.engine}"]
        parts += [f"{name} {version}" for name, version in (("containerd", self.containerd), ("runc", self.runc),
                                                            ("buildx", self.buildx), ("Compose", self.compose))
                  if version]
        return ", ".join(parts)


def release(version: str) -> str:
    """The upstream release a packaged version is built from, as readers know it: "28.5.2+dfsg4" and
    "2.40.3-3" are Debian's builds of 28.5.2 and 2.40.3. The full version stays on /proof/."""
    found = re.match(r"\d+(?:\.\d+)*", version)
    return found.group(0) if found else version


@dataclass(frozen=True)
class ProofEntry:
    """What the last run of one snippet proved: the block as it was (its hash), the tier, the result."""

    post: str  # the post file, content/posts/x.md
    name: str  # the snippet's NN-name, unique in the post
    line: int  # the snippet's first line when it ran (for the /proof/ page; the hash decides validity)
    block: str  # block_hash() of the snippet when it ran
    tier: str  # the tier that ran: static, sandbox or live
    result: str  # passed, failed or skipped (an annotated skip)
    date: str  # YYYY-MM-DD, the blog's time zone
    reason: str = ""  # why it failed or was skipped
    engine: EngineVersions | None = None  # live tier only

    @property
    def key(self) -> tuple[str, str]:
        return (self.post, self.name)

    def as_dict(self) -> dict:
        data = asdict(self)
        if self.engine is None:
            del data["engine"]
        if not self.reason:
            del data["reason"]
        return data
