"""The hermetic engine: reference parsing, recipes, daemon settings, and (live) what it really does."""

from __future__ import annotations

import contextlib
import fcntl
import grp
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.engine import builder, daemons, guard, mirror, packages, session
from tests.engine.errors import EngineError
from tests.engine.layout import DEAD_PROXY, SCRIPT_GID, layout_for
from tests.engine.recipes import RecipeError, load_recipe, load_recipes, provided_refs


@pytest.mark.parametrize(("text", "repository", "tag", "registry"), [
    ("nginx", "library/nginx", "latest", "docker.io"),
    ("nginx:1.30", "library/nginx", "1.30", "docker.io"),
    ("docker.io/library/nginx:1.30", "library/nginx", "1.30", "docker.io"),
    ("index.docker.io/library/busybox", "library/busybox", "latest", "docker.io"),
    ("someone/app:2", "someone/app", "2", "docker.io"),
    ("127.0.0.1:5000/x/y:z", "x/y", "z", "127.0.0.1:5000"),
    ("ghcr.io/owner/tool", "owner/tool", "latest", "ghcr.io"),
    ("python:3.14-slim@sha256:abc", "library/python", "3.14-slim", "docker.io"),
])
def test_parse_ref(text, repository, tag, registry):
    assert mirror.parse_ref(text) == mirror.ImageRef(repository, tag, registry)


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("debian.sources", ("Types: deb\nURIs: http://mirror.invalid/debian\nSuites: bookworm\n"
                        "\nTypes: deb\nURIs: http://mirror.invalid/debian-security\nSuites: bookworm-security\n"),
     "http://mirror.invalid/debian"),
    ("mirror.list", "deb http://mirror.example/debian/ bookworm main\n", "http://mirror.example/debian"),
    ("mirror.list", "deb [arch=amd64] http://m.example/debian bookworm main\n", "http://m.example/debian"),
])
def test_apt_mirror(tmp_path, name, text, expected):
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / name).write_text(text)
    assert packages.apt_mirror(tmp_path) == expected


def test_apt_mirror_without_a_debian_source_says_so(tmp_path):
    (tmp_path / "sources.list").write_text("# nothing here\n")
    with pytest.raises(EngineError, match="apt has no source for Debian bookworm"):
        packages.apt_mirror(tmp_path)


def test_the_posts_images_have_recipes():
    refs = provided_refs(load_recipes())
    for ref in ("debian:sid-slim", "nginx:latest", "nginx:1.30", "nginx:stable", "mariadb:latest", "mariadb:11.8",
                "mariadb:lts", "python:3.14-slim", "hello-world:latest", "busybox:latest", "eclipse-temurin:21-jdk",
                "eclipse-temurin:21-jre", "tomcat:11", "registry:2"):
        assert ref in refs


def test_one_repository_can_take_several_recipes(tmp_path):
    """eclipse-temurin's -jdk and -jre tags are two images: two folders, one repository."""
    folder = tmp_path / "eclipse-temurin-jre"
    folder.mkdir()
    (folder / "recipe.toml").write_text('image = "eclipse-temurin"\ntags = ["21-jre"]\n')
    (folder / "Dockerfile").write_text("FROM scratch\n")
    (folder / "recipe.toml").write_text('image = "eclipse-temurin"\ntags = ["21-jre"]\ntarget = "jre"\n')
    recipe = load_recipe(folder)
    assert (recipe.name, recipe.refs, recipe.target) == ("eclipse-temurin-jre", ("eclipse-temurin:21-jre",), "jre")


@pytest.mark.parametrize(("toml", "dockerfile", "message"), [
    ('tags = ["1"]\nflavour = "x"\n', True, "unknown key"),
    ("tags = []\n", True, "non-empty list"),
    ('tags = "latest"\n', True, "list of strings"),
    ('tags = ["1"]\n', False, "needs a Dockerfile"),
    ("tags = [\n", True, "recipe.toml"),
    ('image = "Eclipse Temurin"\ntags = ["1"]\n', True, "repository name"),
    ('tags = ["1"]\ntarget = "JRE stage"\n', True, "stage name"),
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
    sharing = tmp_path / "variant"  # a recipe that links another's Dockerfile and files/ follows their changes
    sharing.mkdir()
    (sharing / "recipe.toml").write_text('tags = ["1"]\n')
    (sharing / "Dockerfile").symlink_to(folder / "Dockerfile")
    (sharing / "files").symlink_to(folder / "files")
    linked = load_recipe(sharing).key("base")
    (folder / "files" / "a").write_text("c")
    assert load_recipe(sharing).key("base") != linked
    assert load_recipe(folder).key("other-base") != load_recipe(folder).key("base")


def test_dockerd_is_hermetic_by_its_settings(tmp_path):
    layout = layout_for(tmp_path, cache=tmp_path / "cache")
    dist = packages.EngineDist(tmp_path / "cache/engine/x", {"docker.io": "28.5.2+dfsg4-5"})
    command = daemons.dockerd_command(layout, dist)
    assert command[0] == str(tmp_path / "cache/engine/x/usr/sbin/dockerd")  # the suite's dockerd, not Debian 12's
    assert command[command.index("--registry-mirror") + 1] == "http://127.0.0.1:5055"
    for flag, value in (("--data-root", tmp_path / "var/engine/data"), ("--host", f"unix://{layout.socket}")):
        assert command[command.index(flag) + 1] == str(value)
    assert "--iptables=false" in command and "--ip-masq=false" in command
    env = daemons.dockerd_env(layout, dist)
    assert env["PATH"].startswith(f"{dist.folder}/usr/sbin:{dist.folder}/usr/bin:")  # its containerd, docker-proxy
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
    assert env["DOCKER_HOST"] == layout.docker_host and env["PATH"] == f"{layout.bin}:/bin"  # the engine's client


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
        docker(docker_engine, "run", "-d", "--name", name, "-p", "127.0.0.1::80", "nginx:1.30")
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


def test_script_rules_let_a_live_script_reach_loopback_and_the_engine_only():
    chain = guard.SCRIPTS_CHAIN
    assert guard.script_rules(gid=7) == [
        f"-A {chain} -m owner ! --gid-owner 7 -j RETURN",
        f"-A {chain} -p udp -m udp --dport 53 -j REJECT --reject-with icmp-port-unreachable",
        f"-A {chain} -p tcp -m tcp --dport 53 -j REJECT --reject-with icmp-port-unreachable",
        f"-A {chain} -d 127.0.0.0/8 -o lo -j RETURN",
        f"-A {chain} -d 10.213.0.0/24 -o blogdock0 -j RETURN",
        f"-A {chain} -d 10.214.0.0/16 -o br-+ -j RETURN",
        f"-A {chain} -j REJECT --reject-with icmp-port-unreachable",
    ]
    assert guard.script_rules(gid=7, ipv6=True) == [
        f"-A {chain} -m owner ! --gid-owner 7 -j RETURN",
        f"-A {chain} -p udp -m udp --dport 53 -j REJECT --reject-with icmp6-port-unreachable",
        f"-A {chain} -p tcp -m tcp --dport 53 -j REJECT --reject-with icmp6-port-unreachable",
        f"-A {chain} -d ::1/128 -o lo -j RETURN",
        f"-A {chain} -j REJECT --reject-with icmp6-port-unreachable",
    ]
    assert guard.script_rules()[0].endswith(f"--gid-owner {SCRIPT_GID} -j RETURN")


def test_script_gid_is_nobodys():
    with pytest.raises(KeyError):
        grp.getgrgid(SCRIPT_GID)
    assert not [user.pw_name for user in pwd.getpwall() if user.pw_gid == SCRIPT_GID]


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
-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
COMMIT
"""
USER_DOCKER_RULES6 = """*filter
:DOCKER-USER - [0:0]
-A FORWARD -j DOCKER-USER
-A OUTPUT -d ::1/128 -j ACCEPT
-A DOCKER-USER -j RETURN
COMMIT
"""

_IN_PRIVATE_NETNS = """
import json, subprocess, sys
from pathlib import Path
from tests.engine import daemons, guard
from tests.engine.layout import layout_for

def rules():
    found = []
    for program in ("iptables", "ip6tables"):
        saved = subprocess.run([f"{program}-save"], capture_output=True, text=True, check=True).stdout
        found += [f"{program} {line}" for line in saved.splitlines() if not line.startswith("#")]
    return found

subprocess.run(["iptables-restore", "--noflush"], input=sys.argv[2], text=True, check=True)
subprocess.run(["ip6tables-restore", "--noflush"], input=sys.argv[3], text=True, check=True)
steps = {"docker": rules(), "first": guard.install(), "second": guard.install(), "installed": rules()}
# The user's Docker restarts, and something puts an ACCEPT on top of OUTPUT, in both families.
subprocess.run(["iptables", "-I", "FORWARD", "1", "-j", "DOCKER-USER"], check=True)
for program in ("iptables", "ip6tables"):
    subprocess.run([program, "-I", "OUTPUT", "1", "-j", "ACCEPT"], check=True)
steps.update({"third": guard.install(), "moved": rules(), "fourth": guard.install()})
daemons.stop(layout_for(Path(sys.argv[1]), cache=Path(sys.argv[1])))  # no dockerd there: only the guard goes
steps["stopped"] = rules()
print(json.dumps(steps))
"""


def test_guard_is_idempotent_first_and_leaves_a_users_docker_rules_alone(tmp_path):
    """In a network namespace of its own (its own iptables), so the host's rules are not touched."""
    if os.geteuid() != 0:
        pytest.skip("needs root for a private network namespace and iptables")
    done = subprocess.run(["unshare", "--net", "--", sys.executable, "-c", _IN_PRIVATE_NETNS, str(tmp_path),
                           USER_DOCKER_RULES, USER_DOCKER_RULES6], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)
    ours = (guard.CHAIN, guard.SCRIPTS_CHAIN)

    def others(lines):
        return [line for line in lines if not any(chain in line for chain in ours)]

    def hook(lines, program, name):
        return [line for line in lines if line.startswith(f"{program} -A {name} ")]

    def chain(lines, program, name):
        return [line.split(" ", 1)[1] for line in hook(lines, program, name)]

    def jump(program, name, target):
        return f'{program} -A {name} -m comment --comment "docker-blog test engine" -j {target}'

    hooks = (("iptables", "FORWARD", guard.CHAIN), ("iptables", "OUTPUT", guard.SCRIPTS_CHAIN),
             ("ip6tables", "OUTPUT", guard.SCRIPTS_CHAIN))
    assert (steps["first"], steps["second"], steps["third"], steps["fourth"]) == (True, False, True, False)
    assert others(steps["installed"]) == steps["docker"]
    for program, name, target in hooks:
        assert hook(steps["installed"], program, name)[0] == jump(program, name, target)
    assert chain(steps["installed"], "iptables", guard.CHAIN) == guard.guard_rules()
    assert chain(steps["installed"], "iptables", guard.SCRIPTS_CHAIN) == guard.script_rules()
    assert chain(steps["installed"], "ip6tables", guard.SCRIPTS_CHAIN) == guard.script_rules(ipv6=True)
    # Something put above our jumps: each goes first again, once, and the rest stays as it was.
    for program, name, target in hooks:
        assert hook(steps["moved"], program, name)[0] == jump(program, name, target)
        assert steps["moved"].count(jump(program, name, target)) == 1
    assert hook(others(steps["moved"]), "iptables", "FORWARD") == [
        "iptables -A FORWARD -j DOCKER-USER", *hook(steps["docker"], "iptables", "FORWARD")]
    for program in ("iptables", "ip6tables"):
        assert hook(others(steps["moved"]), program, "OUTPUT") == [
            f"{program} -A OUTPUT -j ACCEPT", *hook(steps["docker"], program, "OUTPUT")]
    assert others(steps["stopped"]) == others(steps["moved"])
    assert not any(name in line for line in steps["stopped"] for name in ours)


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
            # timeout under bash (`; exit` keeps bash from exec'ing it): coreutils' timeout as a container's
            # pid 1 exits 125 before running anything
            done = docker(engine, "run", "--rm", "--network", where, "debian:sid-slim", "bash", "-c",
                          f"timeout 3 bash -c 'echo > /dev/tcp/{TRAP_TARGET}/80'; exit $?", check=False)
            assert done.returncode != 0, f"the connection from {where} went through"
            assert guard.dropped_from(source) > dropped, f"the guard did not drop what came from {where}"
            assert _sent(trap) == sent, f"a packet from {where} was forwarded past the guard"
        # Control: the same packet, let past the guard for the trap's range only (routed nowhere
        # else), does arrive in the trap; so the counts above would show a guard that failed.
        sent = _sent(trap)
        with _let_through("10.213.0.0/24", TRAP_NET):
            docker(engine, "run", "--rm", "debian:sid-slim", "bash", "-c",
                   f"timeout 3 bash -c 'echo > /dev/tcp/{TRAP_TARGET}/80'; exit $?", check=False)
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
    version = docker(docker_engine, "compose", "version", "--short").stdout.strip()
    assert packages.upstream(version) >= (2, 40), version
    assert Path(docker_engine.env()["DOCKER_CONFIG"]) == docker_engine.layout.docker_config
    plugins = docker_engine.layout.docker_config / "cli-plugins"
    assert (plugins / "docker-compose").resolve().is_relative_to(docker_engine.layout.cache / "engine")
    assert (plugins / "docker-buildx").resolve().is_relative_to(docker_engine.layout.cache / "engine")


@pytest.mark.live
def test_the_engine_is_current_and_builds_with_buildkit(docker_engine, tmp_path: Path):
    """What a reader of the first post runs: Engine 28+, BuildKit, the client of the same packages."""
    found = daemons.versions(docker_engine.layout)
    assert packages.upstream(found.engine) >= (28, 0) and packages.upstream(found.buildx) >= (0, 29)
    assert shutil.which("docker", path=docker_engine.env()["PATH"]) == str(docker_engine.layout.bin / "docker")
    (tmp_path / "Dockerfile").write_text("FROM busybox\nRUN echo built\n")
    done = docker(docker_engine, "build", "--progress=plain", "--no-cache", "-t", "engine-selftest", str(tmp_path))
    try:
        assert "#0 building with \"default\" instance using docker driver" in done.stderr
        assert "DEPRECATED" not in done.stderr and "legacy builder" not in done.stderr
    finally:
        docker(docker_engine, "rmi", "engine-selftest", check=False)


# -- the script guard: what a live-tier script sends -----------------------------------------------


def _run_script(folder: Path, name: str, text: str, env: dict[str, str]) -> tuple[int, str, str, float]:
    """Run `text` as tests/snippet_tiers/live.py runs a block's driver; exit code, stdout, stderr, seconds."""
    from tests.snippet_tiers.live import start_script

    script = folder / f"{name}.sh"
    script.write_text(text)
    started = time.monotonic()
    process = start_script(script, folder, env)
    try:
        stdout, stderr = process.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 9)
    return process.returncode, stdout, stderr, time.monotonic() - started


def _script_env(engine, folder: Path) -> dict[str, str]:
    return engine.env({"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(folder), "LANG": "C.UTF-8"})


@pytest.mark.live
def test_guard_rejects_what_a_live_script_sends_outside(engine_to_ourselves, trap, tmp_path):
    engine = engine_to_ourselves
    assert guard.installed() and daemons.status(engine.layout).guarded
    probe = f"timeout 5 bash -c 'echo > /dev/tcp/{TRAP_TARGET}/80'"
    # Control: the same probe from this process (root's own group) is routed into the trap and
    # counted there, so a count that stays put below is the rule's doing, not a missing route.
    before = _sent(trap)
    subprocess.run(["bash", "-c", probe.replace("timeout 5", "timeout 1")], capture_output=True, check=False)
    assert _sent(trap) > before
    env = _script_env(engine, tmp_path)
    for name, command, refused in (("tcp", probe, "Connection refused"),
                                   ("dns", f"timeout 5 bash -c 'echo > /dev/udp/{TRAP_TARGET}/53'", "")):
        rejected, sent = guard.rejected_from_scripts(), _sent(trap)
        code, out, err, seconds = _run_script(tmp_path, name, f"id -g\n{command}\n", env)
        assert out.split() == [str(SCRIPT_GID)], out
        assert code != 0 and seconds < 3, f"the {name} probe: exit {code} after {seconds:.1f} s: {err}"
        assert refused in err
        assert guard.rejected_from_scripts() > rejected, f"the script rule did not reject the {name} probe"
        assert _sent(trap) == sent, f"the {name} probe of a live script reached the trap"


@pytest.mark.live
def test_a_live_script_still_reaches_loopback_and_the_engine(engine_to_ourselves, tmp_path):
    engine = engine_to_ourselves
    name = "blog-script-guard-selftest"
    docker(engine, "rm", "-f", name, check=False)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(30)
        port = server.getsockname()[1]

        def answer():
            with contextlib.suppress(OSError), server.accept()[0] as peer:
                peer.sendall(b"hello from 127.0.0.1\n")

        listener = threading.Thread(target=answer)
        listener.start()
        try:
            docker(engine, "run", "-d", "--name", name, "nginx:1.30")
            address = docker(engine, "inspect", "-f", "{{.NetworkSettings.IPAddress}}", name).stdout.strip()
            assert address.startswith("10.213.0."), address
            code, out, err, _ = _run_script(tmp_path, "reach", "\n".join([
                f"exec 3<>/dev/tcp/127.0.0.1/{port}; head -n 1 <&3; exec 3<&-",
                "docker version --format '{{.Server.Version}}'",
                # the container on the engine's bridge, straight to its address (nginx may need a moment)
                f"for _ in $(seq 50); do exec 3<>/dev/tcp/{address}/80 && break; sleep 0.2; done",
                "printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3; grep -o 'Welcome to nginx!' <&3 | head -n 1", ""]),
                _script_env(engine, tmp_path))
        finally:
            listener.join(timeout=35)
            docker(engine, "rm", "-f", name, check=False)
    server_version = docker(engine, "version", "--format", "{{.Server.Version}}").stdout.strip()
    assert code == 0, err
    assert out.splitlines() == ["hello from 127.0.0.1", server_version, "Welcome to nginx!"]


_IPV6_IN_PRIVATE_NETNS = """
import json, socket, subprocess, sys, threading, time
from pathlib import Path
from tests.engine import guard
from tests.snippet_tiers.live import start_script

def run(*command):
    subprocess.run(command, check=True, capture_output=True)

def counted():  # packets to the target that got past OUTPUT's first rule (our jump)
    shown = subprocess.run(["ip6tables", "-v", "-S", "OUTPUT"], capture_output=True, text=True, check=True).stdout
    return sum(int(line.split(" -c ")[1].split()[0]) for line in shown.splitlines() if "2001:2::7/128" in line)

# Both ends of the veth pair in this namespace: nothing routed to 2001:2::/48 can leave it.
run("ip", "link", "set", "lo", "up")
run("ip", "link", "add", "blog6a", "type", "veth", "peer", "name", "blog6b")
for device in ("blog6a", "blog6b"):
    run("ip", "link", "set", device, "up")
run("ip", "-6", "addr", "add", "2001:2::1/64", "dev", "blog6a", "nodad")
run("ip", "-6", "route", "add", "2001:2::/48", "dev", "blog6a")
run("ip6tables", "-A", "OUTPUT", "-d", "2001:2::7")  # counts, below our jump (REJECT's own ICMP error goes to 2001:2::1)
guard.install()
probe = "timeout 5 bash -c 'echo > /dev/tcp/2001:2::7/80'"
steps = {"links": subprocess.run(["ip", "-o", "link"], capture_output=True, text=True).stdout}
before = counted()
subprocess.run(["bash", "-c", probe.replace("timeout 5", "timeout 1")], capture_output=True)
steps["control"] = counted() - before

server = socket.socket(socket.AF_INET6)
server.bind(("::1", 0))
server.listen(1)
threading.Thread(target=lambda: server.accept()[0].sendall(b"hello from ::1\\n"), daemon=True).start()
folder = Path(sys.argv[1])
script = folder / "probe.sh"
script.write_text(f"exec 3<>/dev/tcp/::1/{server.getsockname()[1]}; head -n 1 <&3\\n{probe}\\n")
before, rejected, started = counted(), guard.rejected_from_scripts("ip6tables"), time.monotonic()
process = start_script(script, folder, {"PATH": "/usr/bin:/bin"})
out, err = process.communicate(timeout=60)
steps.update({"exit": process.returncode, "out": out, "err": err, "seconds": time.monotonic() - started,
              "passed": counted() - before, "rejected": guard.rejected_from_scripts("ip6tables") - rejected})
print(json.dumps(steps))
"""


def test_guard_rejects_what_a_live_script_sends_over_ipv6(tmp_path):
    """In a private network namespace: this host has an IPv6 default route, so no probe on the host."""
    if os.geteuid() != 0:
        pytest.skip("needs root for a private network namespace and ip6tables")
    if not guard.has_ipv6():
        pytest.skip("no IPv6 in this kernel: nothing to guard")
    done = subprocess.run(["unshare", "--net", "--", sys.executable, "-c", _IPV6_IN_PRIVATE_NETNS, str(tmp_path)],
                          cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)
    assert sorted(line.split(":")[1].split("@")[0].strip() for line in steps["links"].splitlines()) == [
        "blog6a", "blog6b", "lo"]
    assert steps["control"] > 0  # root's own probe passes OUTPUT to the range
    assert steps["out"] == "hello from ::1\n", steps["err"]  # the script reaches ::1
    assert steps["exit"] != 0 and steps["seconds"] < 3 and "Connection refused" in steps["err"], steps
    assert steps["rejected"] > 0 and steps["passed"] == 0, steps


@pytest.mark.parametrize(("dockerd", "registry", "guarded", "shown"), [
    (101, 102, True, "packet guard: in place"),
    (101, 102, False, "packet guard: MISSING"),
    (101, None, False, "packet guard: MISSING"),
    (None, None, False, "packet guard: not installed, nothing to guard while the engine is stopped"),
])
def test_status_says_what_the_guard_state_means(tmp_path, dockerd, registry, guarded, shown):
    from tests.engine.daemons import EngineStatus
    from tests.engine.layout import layout_for

    status = EngineStatus(registry, dockerd, registry is not None, dockerd is not None, guarded)
    lines = status.describe(layout_for(tmp_path, tmp_path / "cache")).splitlines()
    assert lines[2].startswith(shown + " (")


# -- the engine's packages and the stand-ins' fact sheets ----------------------------------------------


@pytest.mark.parametrize(("version", "expected"), [
    ("28.5.2+dfsg4-5", (28, 5, 2)), ("1:11.8.9+ds-4", (11, 8, 9)), ("2.40.3-3", (2, 40, 3)),
    ("0.29.1+ds1-4", (0, 29, 1)), ("3.14.8-1", (3, 14, 8)), ("1.30.6-2", (1, 30, 6)), ("28.5.2", (28, 5, 2)),
])
def test_upstream_versions_are_read_from_debian_versions(version, expected):
    assert packages.upstream(version) == expected


@pytest.mark.parametrize(("versions", "too_old"), [
    ({"docker.io": "28.5.2+dfsg4-5", "docker-compose": "2.40.3-3", "docker-buildx": "0.29.1+ds1-4"}, []),
    ({"docker.io": "29.0.1+dfsg1-1", "docker-compose": "2.41.0-1", "docker-buildx": "0.30.0-1"}, []),
    ({"docker.io": "27.5.1+dfsg4-1", "docker-compose": "2.40.3-3", "docker-buildx": "0.29.1+ds1-4"},
     ["Docker Engine 27.5.1 (need 28.0 or newer)"]),
    ({"docker.io": "20.10.24+dfsg1-1", "docker-compose": "2.26.1-4", "docker-buildx": "0.13.1+ds1-3"},
     ["Docker Engine 20.10.24 (need 28.0 or newer)", "Docker Compose 2.26.1 (need 2.40 or newer)",
      "buildx 0.13.1 (need 0.29 or newer)"]),
])
def test_an_engine_older_than_the_posts_is_refused(versions, too_old):
    assert packages.too_old(versions) == too_old


def test_the_engines_apt_configuration_uses_the_suite_and_the_archive_keyring(tmp_path):
    apt = packages.AptRoot(tmp_path / "apt", "http://mirror.example/debian")
    apt.write()
    sources = (tmp_path / "apt/etc/sources.list").read_text()
    assert sources == f"deb [signed-by={packages.KEYRING}] http://mirror.example/debian sid main\n"
    config = apt.config.read_text()
    assert f'Dir::State::status "{tmp_path}/apt/state/status";' in config  # nothing of the system's apt state
    assert f'Dir::Etc::SourceParts "{tmp_path}/apt/etc/sources.list.d";' in config


def test_numeric_tags_must_name_the_version_inside(tmp_path):
    folder = tmp_path / "nginx"
    folder.mkdir()
    (folder / "Dockerfile").write_text("FROM scratch\n")
    (folder / "recipe.toml").write_text('tags = ["1.30", "stable", "latest"]\nversion_of = "nginx"\n')
    recipe = load_recipe(folder)
    builder.check_tags(recipe, {"nginx": "1.30.6-2"})
    with pytest.raises(EngineError, match=r"now has nginx 1\.31\.0-1, but the recipe tags it 1\.30"):
        builder.check_tags(recipe, {"nginx": "1.31.0-1"})
    (folder / "recipe.toml").write_text('tags = ["3.14-slim", "3"]\nversion_of = "python3"\n')
    builder.check_tags(load_recipe(folder), {"python3": "3.14.8-1"})


NGINX_CONFIG = {"Entrypoint": ["/docker-entrypoint.sh"], "Cmd": ["nginx", "-g", "daemon off;"],
                "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NGINX_VERSION=1.30.6"],
                "ExposedPorts": {"80/tcp": {}}, "User": "", "WorkingDir": "/", "StopSignal": "SIGQUIT",
                "Volumes": None}


@pytest.mark.parametrize(("change", "problem"), [
    ({}, None),
    ({"WorkingDir": ""}, None),  # the classic builder's empty WorkingDir is the same root
    ({"Entrypoint": None}, "Entrypoint is null, the official image has ['/docker-entrypoint.sh']"),
    ({"Entrypoint": ["/entry.sh"]}, "Entrypoint is ['/entry.sh'], the official image has ['/docker-entrypoint.sh']"),
    ({"Cmd": ["nginx"]}, "Cmd is ['nginx']"),
    ({"StopSignal": ""}, "StopSignal is '', the official image has 'SIGQUIT'"),
    ({"ExposedPorts": {"8080/tcp": {}}}, "ExposedPorts is ['8080/tcp']"),
    ({"User": "nginx"}, "User is 'nginx'"),
    ({"Volumes": {"/data": {}}}, "Volumes is ['/data']"),
    ({"Env": ["PATH=/bin"]}, "Env lacks NGINX_VERSION"),
])
def test_inspect_is_compared_with_the_fact_sheet(change, problem):
    from tests.engine import facts

    problems = facts.compare(facts.load_facts("nginx"), {**NGINX_CONFIG, **change})
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].startswith(problem)


def test_every_stand_in_has_a_fact_sheet_from_an_official_dockerfile():
    from tests.engine import facts

    for recipe in load_recipes():
        sheet = facts.load_facts(recipe.name)
        assert sheet.source and sheet.cmd, recipe.name


@pytest.mark.live
def test_stand_ins_match_their_fact_sheets(docker_engine):
    """What a reader inspects (Entrypoint, Cmd, Env, ports, user, workdir, stop signal, volumes, the
    entrypoint's hooks and scripts) is what the official image has."""
    from tests.engine import facts

    for recipe in docker_engine.recipes:
        ref = recipe.refs[0]
        docker(docker_engine, "pull", "-q", ref)
        inspect = json.loads(docker(docker_engine, "image", "inspect", ref).stdout)[0]
        assert facts.compare_image(recipe.name, inspect) == [], ref
        container = docker(docker_engine, "create", ref).stdout.strip()
        try:
            for path in facts.load_facts(recipe.name).files:
                copied = subprocess.run(["docker", "cp", f"{container}:{path}", "-"], env=docker_engine.env(),
                                        capture_output=True, check=False, timeout=60)  # a tar on stdout: bytes
                assert copied.returncode == 0, f"{ref} lacks {path}"
        finally:
            docker(docker_engine, "rm", container)


@pytest.mark.live
def test_a_stand_in_whose_entrypoint_changed_is_not_pushed(docker_engine, tmp_path):
    """The live tier never runs on a stand-in that drifted from the official interface: its build is
    checked against the fact sheet before the push, and the engine does not start (CI fails)."""
    [nginx] = [r for r in docker_engine.recipes if r.name == "nginx"]
    changed = tmp_path / "nginx"
    shutil.copytree(nginx.folder, changed)
    dockerfile = changed / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace('ENTRYPOINT ["/docker-entrypoint.sh"]',
                                                         'ENTRYPOINT ["/usr/sbin/nginx"]'))
    recipe = load_recipe(changed)
    layout = docker_engine.layout
    key, rootfs = builder.ensure_base(layout, lambda message: None)
    base = builder.ensure_base_image(layout, key, rootfs, layout.client_env(), lambda message: None)
    layer = builder.ensure_layer(layout, recipe, key, rootfs, lambda message: None)
    held_before = mirror.holds(layout, mirror.parse_ref("nginx:1.30"))
    with pytest.raises(EngineError, match=r"nginx: the stand-in does not match its fact sheet.*\n.*Entrypoint is "
                       r"\['/usr/sbin/nginx'\], the official image has \['/docker-entrypoint.sh'\]"):
        builder.build_and_push(layout, recipe, base, layer, layout.client_env(), lambda message: None)
    assert mirror.holds(layout, mirror.parse_ref("nginx:1.30")) == held_before is True
    test_stand_ins_match_their_fact_sheets(docker_engine)  # the mirror still serves the right one


@pytest.mark.live
def test_nginx_entrypoint_runs_its_hooks_and_quiets_on_request(docker_engine, tmp_path):
    hook = tmp_path / "40-hello.sh"
    hook.write_text("#!/bin/sh\necho 'hook ran'\n")
    hook.chmod(0o755)
    loud = docker(docker_engine, "run", "--rm", "-v", f"{hook}:/docker-entrypoint.d/40-hello.sh:ro",
                  "nginx:1.30", "nginx", "-t")
    assert "/docker-entrypoint.sh: Launching /docker-entrypoint.d/40-hello.sh" in loud.stdout
    assert "hook ran" in loud.stdout and "Configuration complete; ready for start up" in loud.stdout
    quiet = docker(docker_engine, "run", "--rm", "-e", "NGINX_ENTRYPOINT_QUIET_LOGS=1", "nginx:1.30", "nginx", "-t")
    assert "/docker-entrypoint.sh" not in quiet.stdout and "syntax is ok" in quiet.stderr
    other = docker(docker_engine, "run", "--rm", "nginx:1.30", "echo", "plain")  # not nginx: no hooks
    assert other.stdout == "plain\n"


@pytest.mark.live
def test_mariadb_reads_file_variables_and_reports_healthy(docker_engine, tmp_path):
    secret = tmp_path / "root-password"
    secret.write_text("from-a-file")
    name = f"facts-mariadb-{os.getpid()}"
    docker(docker_engine, "run", "-d", "--name", name, "-v", f"{secret}:/run/secrets/root:ro",
           "-e", "MARIADB_ROOT_PASSWORD_FILE=/run/secrets/root", "-e", "MARIADB_DATABASE=shop", "mariadb:11.8")
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            health = docker(docker_engine, "exec", name, "healthcheck.sh", "--connect", "--innodb_initialized",
                            check=False)
            if health.returncode == 0:
                break
            time.sleep(2)
        assert health.returncode == 0, health.stderr
        shown = docker(docker_engine, "exec", name, "mariadb", "-uroot", "-pfrom-a-file", "-N", "-e", "SHOW DATABASES")
        assert "shop" in shown.stdout.split()
    finally:
        docker(docker_engine, "rm", "-f", "-v", name, check=False)
