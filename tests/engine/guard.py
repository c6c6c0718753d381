"""The engine's packet guard: what its containers forward, and what live-tier scripts send, stays on the machine.

Forward part: dockerd runs with --iptables=false --ip-masq=false, so nothing NATs a container's
traffic, but a host with ip_forward=1 and FORWARD policy ACCEPT would still route a container's
packet out (one way). Our chain, jumped to first from FORWARD, drops every forwarded packet whose
source or destination is one of the engine's networks unless both are, and anything coming in on
the engine's bridge with a forged source.

Script part: live-tier scripts run on the host network (they need docker-proxy's 127.0.0.1 ports),
with the primary group SCRIPT_GID. Our chain, jumped to first from OUTPUT (iptables and, where the
kernel has IPv6, ip6tables), rejects every packet from a socket of that group unless it goes to
loopback or to the engine's networks through the engine's bridges; DNS is rejected even on
loopback (a local resolver would relay the lookup out). REJECT, not DROP: the command fails at
once instead of hanging until the block's timeout.

Only our chains and our jumps are ever changed: the rules of a Docker the user runs (DOCKER-USER,
DOCKER, ...) are left as they are.
"""

from __future__ import annotations

import grp
import ipaddress
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.engine.layout import ADDRESS_POOL, BRIDGE, BRIDGE_CIDR, SCRIPT_GID

CHAIN = "DOCKER-BLOG-GUARD"
SCRIPTS_CHAIN = "DOCKER-BLOG-SCRIPTS"
COMMENT = "docker-blog test engine"
IPTABLES = "iptables"
IP6TABLES = "ip6tables"
USER_BRIDGES = "br-+"  # dockerd names a user network's bridge br-<id>
REJECT4 = "-j REJECT --reject-with icmp-port-unreachable"
REJECT6 = "-j REJECT --reject-with icmp6-port-unreachable"


class GuardError(RuntimeError):
    """iptables refused a change; the message holds its stderr."""


@dataclass(frozen=True)
class RuleCount:
    rule: str  # as `iptables -S` prints it, without counters
    packets: int


@dataclass(frozen=True)
class Part:
    """One chain of the guard, and the built-in chain that jumps to it first."""

    program: str  # iptables or ip6tables
    hook: str  # FORWARD or OUTPUT
    chain: str
    rules: tuple[str, ...]  # in `iptables -S` form, in order

    @property
    def jump(self) -> tuple[str, ...]:
        return ("-m", "comment", "--comment", COMMENT, "-j", self.chain)

    @property
    def jump_text(self) -> str:
        return f'-A {self.hook} -m comment --comment "{COMMENT}" -j {self.chain}'


def engine_networks() -> tuple[str, ...]:
    """The default bridge's subnet and the pool user networks (compose) are cut from."""
    bridge = ipaddress.ip_interface(BRIDGE_CIDR).network
    pool = dict(part.split("=", 1) for part in ADDRESS_POOL.split(","))["base"]
    return str(bridge), str(ipaddress.ip_network(pool))


def guard_rules(networks: tuple[str, ...] | None = None, bridge: str = BRIDGE) -> list[str]:
    """The forward chain's rules in `iptables -S` form, in order."""
    networks = networks or engine_networks()
    rules = [f"-A {CHAIN} -s {src} -d {dst} -j RETURN" for src in networks for dst in networks]
    rules += [f"-A {CHAIN} -s {src} -j DROP" for src in networks]
    rules.append(f"-A {CHAIN} -i {bridge} -j DROP")  # a container forging a source outside the networks
    rules += [f"-A {CHAIN} -d {dst} -j DROP" for dst in networks]  # nothing else is forwarded in
    return rules


def script_rules(gid: int = SCRIPT_GID, ipv6: bool = False) -> list[str]:
    """The OUTPUT chain's rules for live-tier scripts (sockets of group `gid`), `iptables -S` form."""
    reject = REJECT6 if ipv6 else REJECT4
    rules = [f"-A {SCRIPTS_CHAIN} -m owner ! --gid-owner {gid} -j RETURN"]
    rules += [f"-A {SCRIPTS_CHAIN} -p {proto} -m {proto} --dport 53 {reject}" for proto in ("udp", "tcp")]
    if ipv6:  # the engine has no IPv6 network: loopback only
        rules.append(f"-A {SCRIPTS_CHAIN} -d ::1/128 -o lo -j RETURN")
    else:
        # Address and interface both: an engine address with no bridge behind it (a network not
        # created yet) would otherwise follow the default route off the machine.
        bridge, pool = engine_networks()
        rules += [f"-A {SCRIPTS_CHAIN} -d 127.0.0.0/8 -o lo -j RETURN",
                  f"-A {SCRIPTS_CHAIN} -d {bridge} -o {BRIDGE} -j RETURN",
                  f"-A {SCRIPTS_CHAIN} -d {pool} -o {USER_BRIDGES} -j RETURN"]
    rules.append(f"-A {SCRIPTS_CHAIN} {reject}")
    return rules


def has_ipv6() -> bool:
    """The kernel has an IPv6 stack (else there is nothing for ip6tables to guard)."""
    return Path("/proc/net/if_inet6").exists()


def parts(ipv6: bool | None = None) -> tuple[Part, ...]:
    found = [Part(IPTABLES, "FORWARD", CHAIN, tuple(guard_rules())),
             Part(IPTABLES, "OUTPUT", SCRIPTS_CHAIN, tuple(script_rules()))]
    if has_ipv6() if ipv6 is None else ipv6:
        found.append(Part(IP6TABLES, "OUTPUT", SCRIPTS_CHAIN, tuple(script_rules(ipv6=True))))
    return tuple(found)


def _iptables(*args: str, check: bool = True, stdin: str | None = None,
              program: str = IPTABLES) -> subprocess.CompletedProcess:
    done = subprocess.run([program, "-w", *args] if stdin is None else [program, *args], input=stdin,
                          capture_output=True, text=True, check=False, timeout=60)
    if check and done.returncode != 0:
        raise GuardError(f"`{program} {' '.join(args)}` failed: {done.stderr.strip()}")
    return done


def _chain_rules(part: Part) -> list[str] | None:
    done = _iptables("-S", part.chain, check=False, program=part.program)
    if done.returncode != 0:
        return None
    return [line for line in done.stdout.splitlines() if line.startswith("-A ")]


def _hook_rules(part: Part) -> list[str]:
    return [line for line in _iptables("-S", part.hook, program=part.program).stdout.splitlines()
            if line.startswith("-A ")]


def _part_installed(part: Part) -> bool:
    hook = _hook_rules(part)
    return _chain_rules(part) == list(part.rules) and bool(hook) and hook[0] == part.jump_text


def installed() -> bool:
    """Each of our chains holds exactly our rules and its built-in chain jumps to it first."""
    return all(_part_installed(part) for part in parts())


def _install_part(part: Part) -> bool:
    changed = False
    if _chain_rules(part) != list(part.rules):
        # One iptables-restore transaction: declaring the chain flushes it, so there is no moment
        # with an empty chain, and the rest of the table is not touched (--noflush).
        table = "\n".join(["*filter", f":{part.chain} - [0:0]", *part.rules, "COMMIT", ""])
        _iptables("--noflush", stdin=table, program=f"{part.program}-restore")
        changed = True
    hook = _hook_rules(part)
    if not hook or hook[0] != part.jump_text:
        _iptables("-I", part.hook, "1", *part.jump, program=part.program)  # first: no ACCEPT above it
        changed = True
        # An older jump further down (something was put above it since): drop it, bottom up so the
        # rule numbers stay right. Inserting first leaves no moment without a jump.
        older = [n for n, rule in enumerate(_hook_rules(part), 1) if rule == part.jump_text and n > 1]
        for number in reversed(older):
            _iptables("-D", part.hook, str(number), program=part.program)
    return changed


def install() -> bool:
    """Put every part in place; a no-op (counters kept) when it already is. True when something changed."""
    for program in {part.program for part in parts()}:
        if shutil.which(program) is None:
            raise GuardError(f"{program} is not installed (Debian package iptables, which docker.io depends on)")
    try:
        owner = grp.getgrgid(SCRIPT_GID).gr_name
    except KeyError:
        owner = None
    if owner is not None:
        raise GuardError(f"group {owner!r} has gid {SCRIPT_GID}, the live-tier scripts' own group; the script "
                         "rule would cut its members off the network: change SCRIPT_GID in tests/engine/layout.py")
    changed = False
    for part in parts():
        changed = _install_part(part) or changed
    return changed


def remove() -> None:
    """Take out our jumps and our chains (nothing else); fine when they are not there."""
    for part in parts(ipv6=True):
        if shutil.which(part.program) is None:
            continue
        if _iptables("-S", part.hook, check=False, program=part.program).returncode != 0:
            continue  # no such table here (a kernel without IPv6): nothing of ours either
        while _iptables("-C", part.hook, *part.jump, check=False, program=part.program).returncode == 0:
            _iptables("-D", part.hook, *part.jump, program=part.program)
        if _chain_rules(part) is not None:
            _iptables("-F", part.chain, program=part.program)
            _iptables("-X", part.chain, program=part.program)


_COUNTED = re.compile(r"^(?P<head>-A \S+(?: .*?)?) -c (?P<packets>\d+) \d+(?P<tail>.*)$")


def counts(chain: str = CHAIN, program: str = IPTABLES) -> list[RuleCount]:
    """Packets each rule of the chain has matched, in order (empty when the chain is missing)."""
    done = _iptables("-v", "-S", chain, check=False, program=program)
    found = []
    for line in done.stdout.splitlines():
        match = _COUNTED.match(line)
        if match:
            found.append(RuleCount(match["head"] + match["tail"], int(match["packets"])))
    return found


def dropped_from(network: str) -> int:
    """Packets from `network` the forward part has dropped so far."""
    rule = f"-A {CHAIN} -s {network} -j DROP"
    return sum(count.packets for count in counts() if count.rule == rule)


def rejected_from_scripts(program: str = IPTABLES) -> int:
    """Packets from live-tier scripts the script part has rejected so far (DNS and the rest)."""
    return sum(count.packets for count in counts(SCRIPTS_CHAIN, program) if "-j REJECT" in count.rule)
