"""The pure parts of the tiers: blog-mistake checks, output matching, expected sandbox calls, image refs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.snippets.extract import extract_snippets
from tests.snippet_tiers import images, mistakes, outputs, sandbox
from tests.snippet_tiers.findings import CommandRun, SnippetFailed
from tests.snippet_tiers.sandbox import NOBODY, check_sandbox, expected_calls, run_sandboxed, sandbox_env
from tests.snippet_tiers.static import static_findings

FRONT = "---\ntitle: t\ndate: 2025-01-01\n---\n\n"


def snippets_of(body: str):
    return extract_snippets(FRONT + body, "content/posts/t.md", "t")


def one_script(command: str, annotation: str = ""):
    (snippet,) = snippets_of(f"{annotation}\n```bash\n{command}\n```\n")
    return snippet


@pytest.mark.parametrize(("command", "check"), [
    ("echo \u201chello\u201d", "curly-quote"),
    ("docker run \u2018nginx\u2019", "curly-quote"),
    ("docker\u00a0ps", "odd-space"),
    ("docker ps\u3000-a", "odd-space"),
    ("docker run \u2014rm nginx", "dash"),
    ("docker ps \uff0da", "full-width"),
    ("docker ps\n$ docker images", "prompt"),
    ("[root@rocky ~]# systemctl start docker", "prompt"),
    ("user@host:~$ docker ps", "prompt"),
    ("curl -s http://127.0.0.1:8080 &gt; out.html", "html-entity"),
    ("docker run -e A=1 &amp;&amp; echo ok", "html-entity"),
    ("sudo dnf config-manager --add-repo <https://download.docker.com/linux/centos/docker-ce.repo", "markdown-artifact"),
    ("curl -fsSL https://get.docker.com> get-docker.sh", "markdown-artifact"),
    ("curl [get.docker.com](https://get.docker.com)", "markdown-artifact"),
    ("docker ps<br/>", "markdown-artifact"),
    ("docker run **--rm** nginx", "markdown-artifact"),
    ("curl https:/get.docker.com", "url"),
    ("curl htps://get.docker.com", "url"),
    ("curl https://get..docker.com", "url"),
    ("curl http://localhost:80a/", "url"),
])
def test_blog_mistakes_are_found(command, check):
    found = mistakes.find_mistakes(one_script(command))
    assert [f.check for f in found] == [check]
    assert found[0].line == 8 + command.count("\n")


@pytest.mark.parametrize("command", [
    'echo "종료 코드: $?"',
    "docker run --rm busybox sh -c 'echo \"（괄호）\"'",
    "curl -s http://127.0.0.1:8080 > out.html",
    "docker compose up -d && docker compose ps",
    "curl -fsSL https://download.docker.com/linux/centos/docker-ce.repo",
    "git clone git@github.com:owner/repo.git",
    "docker run -d -p 127.0.0.1:8080:80 nginx:1.22",
    "cat <<EOF > a.txt\nhello\nEOF",
])
def test_plain_commands_have_no_mistakes(command):
    assert mistakes.find_mistakes(one_script(command)) == []


@pytest.mark.parametrize(("body", "check"), [
    ("```bash\nif true; then\n  echo x\n```\n", "bash -n"),
    ("```bash\ncd /tmp/x\nls\n```\n", "shellcheck SC2164"),
    ("```dockerfile\nFROM debian:bookworm-slim\nRUN cd /tmp && ls\n```\n", "hadolint DL3003"),
    ("```yaml\nservices:\n  web:\n    image: nginx\n    ports: 80\n```\n{: file=\"compose.yaml\" }\n",
     "docker compose config"),
    ("```python\ndef f(:\n    pass\n```\n{: file=\"app.py\" }\n", "python syntax"),
    ("```yaml\na: [1\n```\n{: file=\"conf.yaml\" }\n", "yaml syntax"),
])
def test_static_tools_report_post_lines(body, check):
    (snippet,) = snippets_of(body)
    found = static_findings(snippet)
    assert check in [f.check for f in found]
    assert all(snippet.start_line < f.line <= snippet.end_line for f in found)


@pytest.mark.parametrize(("shown", "actual", "fits"), [
    ("hello", "hello", True),
    ("hello", "goodbye", False),
    ("hello\n...", "hello\nmore\nlines", True),
    ("...\nlast", "first\nlast", True),
    ("...\nlast", "last", True),
    ("Status: ... days", "Status: Up 3 days", True),
    ("REPOSITORY   TAG", "REPOSITORY      TAG", True),
    ("REPOSITORY TAG", "REPOSITORYTAG", False),
    ("a\nb", "a\nb\nc", False),
    ("trailing   ", "trailing\n\n", True),
    ("id ...", "id 3f1c2a\nextra", False),
])
def test_output_matching(shown, actual, fits):
    assert outputs.output_matches(outputs.normalise(shown), outputs.normalise(actual)) is fits


@pytest.mark.parametrize(("stdout", "stderr", "shown", "fits"), [
    # the split between commands takes the newline before its marker, so stdout may end without one
    ("echo line", "wget: bad address 'x'\n", "wget: bad address 'x'\necho line", True),
    ("echo line", "wget: bad address 'x'\n", "echo line\nwget: bad address 'x'", True),
    ("echo line\n", "err\n", "echo line\nerr", True),
    ("out", "", "out", True),
    ("echo line", "wget: bad address 'x'", "echo linewget: bad address 'x'", False),
    ("echo line", "wget: bad address 'x'", "wget: bad address 'x'", False),
])
def test_stdout_and_stderr_shown_together(stdout, stderr, shown, fits):
    run = CommandRun(0, 1, "cmd", 0, stdout, stderr)
    candidates = outputs.output_candidates(run)
    assert any(outputs.output_matches(outputs.normalise(shown), outputs.normalise(c)) for c in candidates) is fits


@pytest.mark.parametrize(("command", "calls"), [
    ("sudo dnf install -y docker-ce", [("sudo", "dnf", "install", "-y", "docker-ce")]),
    ("sudo usermod -aG docker $USER", [("sudo", "usermod", "-aG", "docker", "reader")]),
    ("systemctl start docker && systemctl status docker",
     [("systemctl", "start", "docker"), ("systemctl", "status", "docker")]),
    ("echo hi > /dev/null; docker version", [("docker", "version")]),
    ("sudo dnf config-manager --add-repo <https://x.example/r.repo",
     [("sudo", "dnf", "config-manager", "--add-repo")]),
    ("ls -la", []),
    ("docker ps -q | xargs docker rm", [("docker", "ps", "-q")]),
])
def test_expected_calls_read_off_the_post(tmp_path, command, calls):
    assert expected_calls(one_script(command), sandbox_env(tmp_path)) == tuple(calls)


@pytest.mark.parametrize("command", ["docker rm $(docker ps -aq)", "echo `date`", "systemctl start $SERVICE"])
def test_expected_calls_unreadable(tmp_path, command):
    assert expected_calls(one_script(command), sandbox_env(tmp_path)) is None


@pytest.mark.parametrize(("args", "image", "published"), [
    (["-d", "--name", "web", "-p", "127.0.0.1:8080:80", "nginx:1.22"], "nginx:1.22", ["127.0.0.1:8080:80"]),
    (["--rm", "-v", "x:/data", "busybox", "cat", "/data/f"], "busybox", []),
    (["--rm", "--network=app", "mariadb:10.11", "mariadb", "-papp-pass"], "mariadb:10.11", []),
    (["-dp", "8080:80", "nginx"], "nginx", ["8080:80"]),
    (["-P", "nginx"], "nginx", ["-P"]),
    (["--publish=0.0.0.0:80:80", "nginx"], "nginx", ["0.0.0.0:80:80"]),
])
def test_run_arguments(args, image, published):
    assert images.run_image(args) == image
    assert images.publish_values(args) == published


@pytest.mark.parametrize(("ref", "normal"), [
    ("nginx", "nginx:latest"), ("docker.io/library/nginx:1.22", "nginx:1.22"), ("someone/app", "someone/app:latest"),
])
def test_normal_image_names(ref, normal):
    assert images.normal(ref) == normal


# -- the sandbox really runs, and cannot do harm -------------------------------------------------------


def test_sandbox_records_the_posts_commands_in_order():
    snippet = one_script("docker version\nsudo dnf install -y docker-ce\nsystemctl start docker")
    result = check_sandbox(snippet)
    assert result.calls == (("docker", "version"), ("sudo", "dnf", "install", "-y", "docker-ce"),
                            ("systemctl", "start", "docker"))


@pytest.mark.parametrize(("command", "message"), [
    ("sudo dnf config-manager --add-repo <https://download.docker.com/linux/centos/docker-ce.repo", "exited 1"),
    ("sudo systemctl docker start", "exited 1"),
    ("sudo dnf instal docker-ce", "exited 1"),
])
def test_sandbox_catches_commands_that_cannot_work(command, message):
    with pytest.raises(SnippetFailed, match=message) as failure:
        check_sandbox(one_script(command, "<!-- snippet: tier=sandbox -->"))
    assert failure.value.run is not None and failure.value.run.line == 8


ROOT = Path(__file__).resolve().parents[2]
# Run as nobody by a root test session, to take the normal user's path through the sandbox.
_AS_USER = """
import json, sys
from plugins.snippets.extract import extract_snippets
from tests.snippet_tiers.sandbox import run_sandboxed
text = "---\\ntitle: t\\ndate: 2025-01-01\\n---\\n\\n<!-- snippet: tier=sandbox -->\\n```bash\\n" + sys.stdin.read() + "\\n```\\n"
(snippet,) = extract_snippets(text, "content/posts/t.md", "t")
try:
    result = run_sandboxed(snippet)
except BaseException as error:  # pytest's Skipped too: report it, the test decides
    print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
else:
    print(json.dumps({"uid": result.uid, "exit": result.exit, "out": "\\n".join(r.stdout for r in result.runs)}))
"""


def sandboxed(mode: str, script: str) -> tuple[int, str]:
    """(uid, stdout) of `script` run by the sandbox the way `mode` ("root" or "user") would run it."""
    if mode == "root" and os.geteuid() != 0:
        pytest.skip("the root path of the sandbox needs a root test session")
    if (mode == "root") == (os.geteuid() == 0):
        result = run_sandboxed(one_script(script, "<!-- snippet: tier=sandbox -->"))
        return result.uid, "\n".join(run.stdout for run in result.runs)
    done = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--",
                           sys.executable, "-c", _AS_USER, str(ROOT)], input=script, capture_output=True,
                          text=True, cwd="/", env={"PATH": os.environ["PATH"], "HOME": "/nonexistent"},
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.splitlines()[-1])
    if found.get("error", "").startswith("Skipped:"):  # this machine allows no user namespaces
        pytest.skip(f"the sandbox as nobody: {found['error']}")
    if "error" in found:
        pytest.fail(f"the sandbox as nobody: {found['error']}")
    return found["uid"], found["out"]


@pytest.mark.parametrize("mode", ["root", "user"])
def test_sandbox_has_only_loopback_and_no_route_out(mode):
    # 203.0.113.1 (TEST-NET-3), not 192.0.2.1: on this kind of machine 192.0.2.1 is the real gateway.
    # The script itself connects only after seeing that loopback is its only interface, so even a
    # broken sandbox could not send the packet; in the namespace there is no route, so none is made.
    script = """\
ip -o link | cut -d: -f2 | tr -d ' '
if [ "$(ip -o link | wc -l)" = 1 ]; then
  timeout 5 bash -c 'echo > /dev/tcp/203.0.113.1/80' 2>&1 || true
fi
timeout 5 bash -c 'echo > /dev/tcp/127.0.0.1/9' 2>&1 || true
cat /proc/net/route"""
    _uid, out = sandboxed(mode, script)
    lines = out.splitlines()
    assert lines[0] == "lo"
    assert "Network is unreachable" in out  # no route: the SYN is never built
    assert "Connection refused" in out  # loopback is up and answers, as on a reader's machine
    assert lines[-1].startswith("Iface") and not any(line.startswith(("eth", "ens", "wl")) for line in lines)


@pytest.mark.parametrize("mode", ["root", "user"])
def test_no_real_privileged_command_can_run_in_the_sandbox(tmp_path, mode):
    probe = tmp_path / "probe"
    os.chmod(tmp_path, 0o777)
    script = "\n".join([
        "id -u",
        "/usr/bin/sudo -n true && echo SUDO-RAN || echo sudo-refused",
        "/usr/sbin/usermod -aG root nobody && echo USERMOD-RAN || echo usermod-refused",
        f"touch {probe} && echo WROTE-OUTSIDE || echo write-refused",
        "touch /etc/snippet-sandbox-probe && echo WROTE-ETC || echo etc-refused",
        "grep -E '^(CapEff|NoNewPrivs)' /proc/self/status",
    ])
    uid, out = sandboxed(mode, script)
    assert "sudo-refused" in out and "usermod-refused" in out and "etc-refused" in out
    assert "CapEff:\t0000000000000000" in out and "NoNewPrivs:\t1" in out
    assert not os.path.exists("/etc/snippet-sandbox-probe")
    if mode == "root":
        assert uid == NOBODY and out.split()[0] == str(NOBODY)
        assert "write-refused" in out and not probe.exists()


@pytest.mark.parametrize(("ci", "outcome"), [("", pytest.skip.Exception), ("true", SnippetFailed)])
def test_without_a_namespace_the_script_does_not_run(tmp_path, monkeypatch, ci, outcome):
    monkeypatch.setattr(sandbox, "namespace_problem", lambda prefix: "simulated: unshare: Operation not permitted")
    monkeypatch.setenv("CI", ci)
    marker = tmp_path / "ran"
    with pytest.raises(outcome, match="simulated: unshare: Operation not permitted") as stopped:
        check_sandbox(one_script(f"touch {marker}", "<!-- snippet: tier=sandbox -->"))
    assert "was not run" in str(stopped.value)
    assert not marker.exists()


def test_a_namespace_with_more_than_loopback_is_refused(tmp_path, monkeypatch):
    # The host's own network namespace stands in for a broken one: the check must refuse it.
    host = sandbox.Isolation(("/bin/sh", "-c", sandbox.NAMESPACE_CHECK, "snippet-sandbox", "setpriv",
                              "--no-new-privs", "--"), os.geteuid(), "simulated: no namespace")
    assert "in the namespace" in sandbox.namespace_problem(host.prefix)
    monkeypatch.setattr(sandbox, "isolation", lambda: host)
    monkeypatch.setattr(sandbox, "namespace_problem", lambda prefix: None)
    marker = tmp_path / "ran"
    with pytest.raises(SnippetFailed, match="not isolated"):
        check_sandbox(one_script(f"touch {marker}", "<!-- snippet: tier=sandbox -->"))
    assert not marker.exists()


@pytest.mark.parametrize(("ref", "local"), [
    ("127.0.0.1:5000/shop-app:1.0.0", True),  # a registry the post runs itself
    ("localhost:5000/app", True),
    ("127.0.0.1:5000", False),  # no repository: not an image
    ("registry.example.com:5000/app:1", False),  # another machine: the mirror must hold it
    ("nginx:1.30", False),
])
def test_images_of_a_loopback_registry(ref, local):
    assert images.from_loopback_registry(ref) is local
