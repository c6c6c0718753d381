"""The forward guard: packets from the engine's networks are forwarded only to the engine's networks.

dockerd runs with --iptables=false --ip-masq=false, so nothing NATs a container's traffic, but a
host with ip_forward=1 and FORWARD policy ACCEPT would still route a container's packet out (one
way). This chain of our own, jumped to first from FORWARD, drops every forwarded packet whose
source or destination is one of the engine's networks unless both are, and anything coming in on
the engine's bridge with a forged source. Only our chain and our one jump are ever changed: the
rules of a Docker the user runs (DOCKER-USER, DOCKER, ...) are left as they are.
"""

from __future__ import annotations

import ipaddress
import re
import shutil
import subprocess
from dataclasses import dataclass

from tests.engine.layout import ADDRESS_POOL, BRIDGE, BRIDGE_CIDR

CHAIN = "DOCKER-BLOG-GUARD"
JUMP = ("-m", "comment", "--comment", "docker-blog test engine", "-j", CHAIN)
IPTABLES = "iptables"


class GuardError(RuntimeError):
    """iptables refused a change; the message holds its stderr."""


@dataclass(frozen=True)
class RuleCount:
    rule: str  # as `iptables -S` prints it, without counters
    packets: int


def engine_networks() -> tuple[str, ...]:
    """The default bridge's subnet and the pool user networks (compose) are cut from."""
    bridge = ipaddress.ip_interface(BRIDGE_CIDR).network
    pool = dict(part.split("=", 1) for part in ADDRESS_POOL.split(","))["base"]
    return str(bridge), str(ipaddress.ip_network(pool))


def guard_rules(networks: tuple[str, ...] | None = None, bridge: str = BRIDGE) -> list[str]:
    """The chain's rules in `iptables -S` form, in order."""
    networks = networks or engine_networks()
    rules = [f"-A {CHAIN} -s {src} -d {dst} -j RETURN" for src in networks for dst in networks]
    rules += [f"-A {CHAIN} -s {src} -j DROP" for src in networks]
    rules.append(f"-A {CHAIN} -i {bridge} -j DROP")  # a container forging a source outside the networks
    rules += [f"-A {CHAIN} -d {dst} -j DROP" for dst in networks]  # nothing else is forwarded in
    return rules


def _iptables(*args: str, check: bool = True, stdin: str | None = None,
              program: str = IPTABLES) -> subprocess.CompletedProcess:
    done = subprocess.run([program, "-w", *args] if stdin is None else [program, *args], input=stdin,
                          capture_output=True, text=True, check=False, timeout=60)
    if check and done.returncode != 0:
        raise GuardError(f"`{program} {' '.join(args)}` failed: {done.stderr.strip()}")
    return done


def _chain_rules() -> list[str] | None:
    done = _iptables("-S", CHAIN, check=False)
    if done.returncode != 0:
        return None
    return [line for line in done.stdout.splitlines() if line.startswith("-A ")]


def _forward_rules() -> list[str]:
    return [line for line in _iptables("-S", "FORWARD").stdout.splitlines() if line.startswith("-A ")]


def _jump_text() -> str:
    return f"-A FORWARD -m comment --comment \"docker-blog test engine\" -j {CHAIN}"


def installed() -> bool:
    """Our chain holds exactly our rules and FORWARD jumps to it first."""
    forward = _forward_rules()
    return _chain_rules() == guard_rules() and bool(forward) and forward[0] == _jump_text()


def install() -> bool:
    """Put the guard in place; a no-op (counters kept) when it already is. True when something changed."""
    if shutil.which(IPTABLES) is None:
        raise GuardError("iptables is not installed (Debian package iptables, which docker.io depends on)")
    changed = False
    if _chain_rules() != guard_rules():
        # One iptables-restore transaction: declaring the chain flushes it, so there is no moment
        # with an empty chain, and the rest of the table is not touched (--noflush).
        table = "\n".join(["*filter", f":{CHAIN} - [0:0]", *guard_rules(), "COMMIT", ""])
        _iptables("--noflush", stdin=table, program="iptables-restore")
        changed = True
    forward = _forward_rules()
    if not forward or forward[0] != _jump_text():
        _iptables("-I", "FORWARD", "1", *JUMP)  # first, so no ACCEPT above it can let a packet past
        changed = True
        # An older jump further down (something was put above it since): drop it, bottom up so the
        # rule numbers stay right. Inserting first leaves no moment without a jump.
        older = [n for n, rule in enumerate(_forward_rules(), 1) if rule == _jump_text() and n > 1]
        for number in reversed(older):
            _iptables("-D", "FORWARD", str(number))
    return changed


def remove() -> None:
    """Take out our jump and our chain (nothing else); fine when they are not there."""
    if shutil.which(IPTABLES) is None:
        return
    while _iptables("-C", "FORWARD", *JUMP, check=False).returncode == 0:
        _iptables("-D", "FORWARD", *JUMP)
    if _chain_rules() is not None:
        _iptables("-F", CHAIN)
        _iptables("-X", CHAIN)


_COUNTED = re.compile(r"^(?P<head>-A \S+ .*?) -c (?P<packets>\d+) \d+(?P<tail>.*)$")


def counts() -> list[RuleCount]:
    """Packets each rule of the chain has matched, in order (empty when the chain is missing)."""
    done = _iptables("-v", "-S", CHAIN, check=False)
    found = []
    for line in done.stdout.splitlines():
        match = _COUNTED.match(line)
        if match:
            found.append(RuleCount(match["head"] + match["tail"], int(match["packets"])))
    return found


def dropped_from(network: str) -> int:
    """Packets from `network` the guard has dropped so far."""
    rule = f"-A {CHAIN} -s {network} -j DROP"
    return sum(count.packets for count in counts() if count.rule == rule)
