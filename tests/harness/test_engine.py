"""The hermetic engine: reference parsing, recipes, daemon settings, and (live) what it really does."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.engine import builder, daemons, guard, mirror, session
from tests.engine.layout import DEAD_PROXY, layout_for
from tests.engine.recipes import RecipeError, load_recipe, load_recipes, provided_refs


@pytest.mark.parametrize(("text", "repository", "tag", "registry"), [
    ("nginx", "library/nginx", "latest", "docker.io"),
    ("nginx:1.22", "library/nginx", "1.22", "docker.io"),
    ("docker.io/library/nginx:1.22", "library/nginx", "1.22", "docker.io"),
    ("index.docker.io/library/busybox", "library/busybox", "latest", "docker.io"),
    ("someone/app:2", "someone/app", "2", "docker.io"),
    ("127.0.0.1:5000/x/y:z", "x/y", "z", "127.0.0.1:5000"),
    ("ghcr.io/owner/tool", "owner/tool", "latest", "ghcr.io"),
    ("python:3.11-slim@sha256:abc", "library/python", "3.11-slim", "docker.io"),
])
def test_parse_ref(text, repository, tag, registry):
    assert mirror.parse_ref(text) == mirror.ImageRef(repository, tag, registry)


@pytest.mark.parametrize(("text", "expected"), [
    (("Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm\n"
      "\nTypes: deb\nURIs: http://deb.debian.org/debian-security\n"), "http://deb.debian.org/debian"),
    ("deb http://mirror.example/debian/ bookworm main\n", "http://mirror.example/debian"),
    ("deb [arch=amd64] http://m.example/debian bookworm main\n", "http://m.example/debian"),
    ("# nothing here\n", builder.FALLBACK_MIRROR),
])
def test_apt_mirror(tmp_path, text, expected):
    sources = tmp_path / "sources"
    sources.write_text(text)
    assert builder.apt_mirror((sources,)) == expected


def test_the_posts_images_have_recipes():
    refs = provided_refs(load_recipes())
    for ref in ("debian:bookworm-slim", "debian:bookworm", "debian:12", "nginx:latest", "nginx:1.22",
                "mariadb:latest", "mariadb:10.11", "python:3.11-slim", "hello-world:latest", "busybox:latest"):
        assert ref in refs


@pytest.mark.parametrize(("toml", "dockerfile", "message"), [
    ('tags = ["1"]\nflavour = "x"\n', True, "unknown key"),
    ("tags = []\n", True, "non-empty list"),
    ('tags = "latest"\n', True, "list of strings"),
    ('tags = ["1"]\n', False, "needs a Dockerfile"),
    ("tags = [\n", True, "recipe.toml"),
])
def test_bad_recipes_are_named(tmp_path, toml, dockerfile, message):
    folder = tmp_path / "thing"
    folder.mkdir()
    (folder / "recipe.toml").write_text(toml)
    if dockerfile:
        (folder / "Dockerfile").write_text("FROM scratch\n")
    with pytest.raises(RecipeError, match=message) as error:
        load_recipe(folder)
    assert str(folder) in str(error.value)


def test_recipe_key_follows_every_file(tmp_path):
    folder = tmp_path / "thing"
    (folder / "files").mkdir(parents=True)
    (folder / "recipe.toml").write_text('tags = ["1"]\n')
    (folder / "Dockerfile").write_text("FROM scratch\n")
    (folder / "files" / "a").write_text("a")
    before = load_recipe(folder).key("base")
    (folder / "files" / "a").write_text("b")
    assert load_recipe(folder).key("base") != before
    assert load_recipe(folder).key("other-base") != load_recipe(folder).key("base")


def test_dockerd_is_hermetic_by_its_settings(tmp_path):
    layout = layout_for(tmp_path, cache=tmp_path / "cache")
    command = daemons.dockerd_command(layout)
    assert command[command.index("--registry-mirror") + 1] == "http://127.0.0.1:5055"
    for flag, value in (("--data-root", tmp_path / "var/engine/data"), ("--host", f"unix://{layout.socket}")):
        assert command[command.index(flag) + 1] == str(value)
    assert "--iptables=false" in command and "--ip-masq=false" in command
    env = daemons.dockerd_env(layout)
    assert env["HTTPS_PROXY"] == env["HTTP_PROXY"] == env["https_proxy"] == DEAD_PROXY
    assert env["NO_PROXY"] == "127.0.0.1,localhost"
    assert "addr: 127.0.0.1:5055" in daemons.registry_config_text(layout)
    assert len(str(layout.exec_root / "containerd" / "containerd-debug.sock")) < 100


def test_clients_of_the_engine_get_its_socket_and_the_dead_proxy(tmp_path):
    """Whatever a user's shell points at (their Docker, a real proxy), the tests' clients get ours."""
    layout = layout_for(tmp_path, cache=tmp_path / "cache")
    engine = session.LiveEngine(layout, (), started_here=False, seconds=0.0)
    env = engine.env({"PATH": "/bin", "https_proxy": "http://proxy.example:3128", "ALL_PROXY": "socks5://x:1080",
                      "DOCKER_CONTEXT": "user", "DOCKER_HOST": "unix:///var/run/docker.sock"})
    for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        assert env[key] == DEAD_PROXY
    assert env["NO_PROXY"] == env["no_proxy"] == "127.0.0.1,localhost"
    assert "ALL_PROXY" not in env and "DOCKER_CONTEXT" not in env
    assert env["DOCKER_HOST"] == layout.docker_host and env["PATH"] == "/bin"


# -- live: the real engine ------------------------------------------------------------------------


def docker(engine, *args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *args], env=engine.env(), capture_output=True, text=True, check=check,
                          timeout=300)


@pytest.mark.live
def test_start_is_idempotent_and_status_running(docker_engine):
    before = daemons.status(docker_engine.layout)
    assert before.running and before.guarded
    after = daemons.start(docker_engine.layout)
    assert (after.dockerd_pid, after.registry_pid) == (before.dockerd_pid, before.registry_pid)
    assert after.guarded and guard.install() is False  # in place already: not rewritten, counters kept


@pytest.mark.live
def test_mirror_holds_every_recipe_image(docker_engine):
    assert docker_engine.missing_images(provided_refs(docker_engine.recipes)) == []
    assert docker_engine.missing_images(["no-such-image:1"]) == ["no-such-image:1"]


@pytest.mark.live
def test_daemon_is_the_projects_own(docker_engine):
    info = json.loads(docker(docker_engine, "info", "--format", "{{json .}}").stdout)
    assert info["DockerRootDir"] == str(docker_engine.layout.data_root)
    assert info["RegistryConfig"]["Mirrors"] == ["http://127.0.0.1:5055/"]
    assert info["HttpsProxy"] == DEAD_PROXY and info["NoProxy"] == "127.0.0.1,localhost"


@pytest.mark.live
def test_ports_stay_on_loopback_and_containers_have_no_ipv6_route(docker_engine):
    name = "blog-engine-selftest"
    docker(docker_engine, "rm", "-f", name, check=False)
    try:
        docker(docker_engine, "run", "-d", "--name", name, "-p", "127.0.0.1::80", "nginx:1.22")
        port = docker(docker_engine, "port", name, "80/tcp").stdout.split()[0]
        assert port.startswith("127.0.0.1:")
        with socket.create_connection(("127.0.0.1", int(port.rsplit(":", 1)[1])), timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
            assert b"Welcome to nginx!" in b"".join(iter(lambda: sock.recv(4096), b""))
    finally:
        docker(docker_engine, "rm", "-f", name, check=False)
    # The guard is IPv4 only. IPv6 needs none: the engine (no --ipv6) gives a container no IPv6
    # address but link-local or loopback, and no IPv6 route but link-local, multicast or reject
    # routes on lo.
    shown = docker(docker_engine, "run", "--rm", "busybox", "cat", "/proc/net/if_inet6", "/proc/net/ipv6_route").stdout
    rows = [line.split() for line in shown.splitlines()]
    addresses = [row[0] for row in rows if len(row) == 6]
    routes = [(row[0], row[9]) for row in rows if len(row) == 10]
    assert all(a.startswith("fe80") or a == "0" * 31 + "1" for a in addresses), addresses
    assert routes and all(dev == "lo" or dest.startswith(("fe80", "ff00")) for dest, dev in routes), routes


# -- the forward guard ----------------------------------------------------------------------------

# The trap: a veth pair whose far end sits alone in a network namespace of its own (no dummy
# driver in this kernel). What is routed into it is counted and cannot go anywhere else.
TRAP = "blogtrap0"
TRAP_PEER = "blogtrap1"
TRAP_NETNS = "blogtrap"
TRAP_NET = "198.18.0.0/15"  # benchmarking range (RFC 2544), routed to the trap only
TRAP_TARGET = "198.18.0.7"


def test_guard_rules_keep_the_engines_networks_to_themselves():
    assert guard.engine_networks() == ("10.213.0.0/24", "10.214.0.0/16")
    assert guard.guard_rules(("10.1.0.0/24", "10.2.0.0/16"), "br0") == [
        "-A DOCKER-BLOG-GUARD -s 10.1.0.0/24 -d 10.1.0.0/24 -j RETURN",
        "-A DOCKER-BLOG-GUARD -s 10.1.0.0/24 -d 10.2.0.0/16 -j RETURN",
        "-A DOCKER-BLOG-GUARD -s 10.2.0.0/16 -d 10.1.0.0/24 -j RETURN",
        "-A DOCKER-BLOG-GUARD -s 10.2.0.0/16 -d 10.2.0.0/16 -j RETURN",
        "-A DOCKER-BLOG-GUARD -s 10.1.0.0/24 -j DROP",
        "-A DOCKER-BLOG-GUARD -s 10.2.0.0/16 -j DROP",
        "-A DOCKER-BLOG-GUARD -i br0 -j DROP",
        "-A DOCKER-BLOG-GUARD -d 10.1.0.0/24 -j DROP",
        "-A DOCKER-BLOG-GUARD -d 10.2.0.0/16 -j DROP",
    ]


# Rules a Docker the user runs would have (20.10, iptables on), loaded into a private namespace.
USER_DOCKER_RULES = """*filter
:DOCKER - [0:0]
:DOCKER-ISOLATION-STAGE-1 - [0:0]
:DOCKER-USER - [0:0]
-A FORWARD -j DOCKER-USER
-A FORWARD -j DOCKER-ISOLATION-STAGE-1
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A DOCKER-ISOLATION-STAGE-1 -j RETURN
-A DOCKER-USER -j RETURN
COMMIT
*nat
:DOCKER - [0:0]
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
COMMIT
"""

_IN_PRIVATE_NETNS = """
import json, subprocess, sys
from pathlib import Path
from tests.engine import daemons, guard
from tests.engine.layout import layout_for

def rules():
    saved = subprocess.run(["iptables-save"], capture_output=True, text=True, check=True).stdout
    return [line for line in saved.splitlines() if not line.startswith("#")]

subprocess.run(["iptables-restore", "--noflush"], input=sys.argv[2], text=True, check=True)
steps = {"docker": rules(), "first": guard.install(), "second": guard.install(), "installed": rules()}
subprocess.run(["iptables", "-I", "FORWARD", "1", "-j", "DOCKER-USER"], check=True)  # the user's Docker restarts
steps.update({"third": guard.install(), "moved": rules()})
daemons.stop(layout_for(Path(sys.argv[1]), cache=Path(sys.argv[1])))  # no dockerd there: only the guard goes
steps["stopped"] = rules()
print(json.dumps(steps))
"""


def test_guard_is_idempotent_first_and_leaves_a_users_docker_rules_alone(tmp_path):
    """In a network namespace of its own (its own iptables), so the host's rules are not touched."""
    if os.geteuid() != 0:
        pytest.skip("needs root for a private network namespace and iptables")
    done = subprocess.run(["unshare", "--net", "--", sys.executable, "-c", _IN_PRIVATE_NETNS, str(tmp_path),
                           USER_DOCKER_RULES], cwd=Path(__file__).resolve().parents[2], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)
    jump = f'-A FORWARD -m comment --comment "docker-blog test engine" -j {guard.CHAIN}'

    def others(lines):
        return [line for line in lines if guard.CHAIN not in line]

    def forward(lines):
        return [line for line in lines if line.startswith("-A FORWARD ")]

    assert (steps["first"], steps["second"], steps["third"]) == (True, False, True)
    assert others(steps["installed"]) == steps["docker"]
    assert forward(steps["installed"])[0] == jump
    assert [line for line in steps["installed"] if line.startswith(f"-A {guard.CHAIN} ")] == guard.guard_rules()
    # Something put above our jump: the jump goes first again, once, and the rest stays as it was.
    assert forward(steps["moved"])[0] == jump and steps["moved"].count(jump) == 1
    assert forward(others(steps["moved"])) == ["-A FORWARD -j DOCKER-USER", *forward(steps["docker"])]
    assert others(steps["stopped"]) == others(steps["moved"]) and not any(guard.CHAIN in s for s in steps["stopped"])


@pytest.fixture
def engine_to_ourselves(docker_engine):
    """Hold the live tier's lock (as tests/snippet_tiers/live.py takes it), so no post's cleanup
    removes what this test makes, and ours does not meet a post's containers."""
    with (docker_engine.layout.state / "live.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield docker_engine


def _ip(*args: str) -> str:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=True, timeout=30).stdout


def _sent(device: str) -> int:
    time.sleep(0.3)  # let a retransmission in flight land before reading
    return int(Path(f"/sys/class/net/{device}/statistics/tx_packets").read_text())


def _remove_trap() -> None:
    subprocess.run(["ip", "link", "del", TRAP], capture_output=True, check=False)  # takes the peer along
    subprocess.run(["ip", "netns", "del", TRAP_NETNS], capture_output=True, check=False)


@pytest.fixture
def trap():
    """The trap interface, with 198.18.0.0/15 routed to it; removed (with route and namespace) afterwards."""
    if os.geteuid() != 0:
        pytest.skip("needs root to add interfaces and a network namespace")
    _remove_trap()  # left by a killed run
    try:
        _ip("netns", "add", TRAP_NETNS)
        _ip("link", "add", TRAP, "type", "veth", "peer", "name", TRAP_PEER, "netns", TRAP_NETNS)
        Path(f"/proc/sys/net/ipv6/conf/{TRAP}/disable_ipv6").write_text("1")  # no packets of its own
        _ip("link", "set", TRAP, "arp", "off", "up")  # nor ARP: only what is routed here is counted
        _ip("-n", TRAP_NETNS, "link", "set", TRAP_PEER, "up")
        _ip("route", "add", TRAP_NET, "dev", TRAP)
        # Checked before anything is sent: the far end is alone, and the target is routed to it only.
        far = sorted(line.split(":")[1].split("@")[0].strip() for line in _ip("-n", TRAP_NETNS, "-o", "link").splitlines())
        assert far == sorted(["lo", TRAP_PEER]), far
        for route in (_ip("route", "get", TRAP_TARGET),
                      _ip("route", "get", TRAP_TARGET, "from", "10.213.0.9", "iif", daemons.BRIDGE)):
            assert f"dev {TRAP} " in route, f"{TRAP_TARGET} is not routed to the trap only: {route.strip()}"
        yield TRAP
    finally:
        _remove_trap()


@pytest.mark.live
def test_guard_drops_what_a_container_sends_outside(engine_to_ourselves, trap):
    engine = engine_to_ourselves
    assert guard.installed() and daemons.status(engine.layout).guarded
    # Control: the host's own packet to the target is routed into the trap and counted there.
    before = _sent(trap)
    with socket.socket() as sock:
        sock.settimeout(0.5)
        sock.connect_ex((TRAP_TARGET, 80))
    assert _sent(trap) > before
    network = "blog-guard-selftest"
    docker(engine, "network", "rm", network, check=False)
    docker(engine, "network", "create", network)
    try:
        for where, source in (("bridge", "10.213.0.0/24"), (network, "10.214.0.0/16")):
            dropped, sent = guard.dropped_from(source), _sent(trap)
            done = docker(engine, "run", "--rm", "--network", where, "debian:bookworm-slim", "timeout", "3",
                          "bash", "-c", f"echo > /dev/tcp/{TRAP_TARGET}/80", check=False)
            assert done.returncode != 0, f"the connection from {where} went through"
            assert guard.dropped_from(source) > dropped, f"the guard did not drop what came from {where}"
            assert _sent(trap) == sent, f"a packet from {where} was forwarded past the guard"
        # Control: the same packet, let past the guard for the trap's range only (routed nowhere
        # else), does arrive in the trap; so the counts above would show a guard that failed.
        sent = _sent(trap)
        with _let_through("10.213.0.0/24", TRAP_NET):
            docker(engine, "run", "--rm", "debian:bookworm-slim", "timeout", "3",
                   "bash", "-c", f"echo > /dev/tcp/{TRAP_TARGET}/80", check=False)
        assert _sent(trap) > sent
    finally:
        docker(engine, "network", "rm", network, check=False)


@contextlib.contextmanager
def _let_through(source: str, destination: str):
    """A hole in the guard from `source` to `destination`, for the trap's range only and only while the trap is there."""
    rule = ["-s", source, "-d", destination, "-j", "RETURN"]
    subprocess.run(["iptables", "-w", "-I", guard.CHAIN, "1", *rule], check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["iptables", "-w", "-D", guard.CHAIN, *rule], check=True, capture_output=True)
        assert guard.installed()


@pytest.mark.live
def test_compose_plugin_is_wired_to_this_engine(docker_engine, tmp_path: Path):
    version = docker(docker_engine, "compose", "version")
    assert "v2." in version.stdout
    assert Path(docker_engine.env()["DOCKER_CONFIG"]) == docker_engine.layout.docker_config
