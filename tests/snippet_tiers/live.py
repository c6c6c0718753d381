"""The live tier: a post's blocks run in order against the project's own Docker engine.

One PostSession per post: a working folder (the reader's current folder), files written where the
post shows them, scripts run by bash in that folder, all against the engine's DOCKER_HOST. Before
the first block the engine's containers, images, volumes and networks are listed; closing the
session removes everything added since (also after a failure). Ports may be published on
127.0.0.1 only, and every image used must be in the mirror or built earlier in the post.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from plugins.snippets.model import DOCKERFILE, Snippet
from tests.engine.layout import SCRIPT_GID
from tests.engine.session import LiveEngine
from tests.snippet_tiers import images
from tests.snippet_tiers.driver import DriverFiles, command_runs, driver_text, failing_run
from tests.snippet_tiers.engine_output import (
    legacy_builder_findings,
    output_warning_findings,
    progress_findings,
    warning_findings,
)
from tests.snippet_tiers.findings import CommandRun, Finding, SnippetFailed
from tests.snippet_tiers.mistakes import _is_compose
from tests.snippet_tiers.outputs import diff, normalise, output_candidates, output_matches, together
from tests.snippet_tiers.posts import PostSnippets

SCRIPT_TIMEOUT = 600
RESOURCES = (("container", ["ps", "-aq", "--no-trunc"]), ("network", ["network", "ls", "-q", "--no-trunc"]),
             ("volume", ["volume", "ls", "-q"]), ("image", ["images", "-aq", "--no-trunc"]))


# Containers on the host's network share its interfaces: the engine's forward guard cannot hold them.
_HOST_NETWORK = re.compile(r"--net(?:work)?(?:=|\s+)['\"]?host\b|\bnetwork_mode:\s*['\"]?host\b")
HOST_NETWORK_ADVICE = ("the live tier runs containers on the engine's own networks only; publish ports with "
                       "-p 127.0.0.1:PORT:PORT, or mark the block <!-- snippet: skip reason=\"...\" -->")


def refuse_host_network(snippet: Snippet) -> None:
    """Stop before running a block that would put a container on the host's network."""
    text = "\n".join(c.text for c in snippet.commands) if snippet.is_script else snippet.body
    m = _HOST_NETWORK.search(text)
    if m:
        raise SnippetFailed("live", f"'{m.group(0)}' puts a container on the host's network, outside the "
                            "engine's forward guard", detail=HOST_NETWORK_ADVICE)


def script_command(script: Path) -> list[str]:
    """bash running `script`, unable to leave the scripts' group: no CAP_SETGID to change it (dropped
    from the bounding set, so nothing it starts regains it) and no set-gid binaries (no_new_privs)."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise SnippetFailed("live", "setpriv (util-linux) is missing: the script cannot be held to its own group")
    return [setpriv, "--no-new-privs", "--inh-caps=-setgid", "--bounding-set=-setgid", "--",
            "bash", "--noprofile", "--norc", str(script)]


def start_script(script: Path, cwd: Path, env: dict[str, str]) -> subprocess.Popen:
    """Start a block's driver script as root (the engine's socket, the working folders) but with the
    primary group SCRIPT_GID and no other group: the engine's guard rejects whatever a socket of that
    group sends off the machine, so this is what holds the script and everything it starts."""
    return subprocess.Popen(script_command(script), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            group=SCRIPT_GID, extra_groups=[])


def runs_live(snippet: Snippet) -> bool:
    """Whether the live session executes this block (host-changing sandbox scripts never run live)."""
    if snippet.annotation.skip or snippet.annotation.ignore:
        return False
    return not (snippet.is_script and snippet.tier == "sandbox")


@dataclass
class PostSession:
    post: PostSnippets
    engine: LiveEngine
    folder: Path
    done: dict[int, SnippetFailed | None] = field(default_factory=dict)  # snippet index -> failure
    outputs: dict[tuple[int, int], CommandRun] = field(default_factory=dict)  # (snippet, command) -> its run
    before: dict[str, set[str]] | None = None
    built: set[str] = field(default_factory=set)
    seconds: float = 0.0
    lock: object | None = None  # open file holding the engine's live lock while this post runs
    # --update-outputs: a shown output that differs is rewritten at the end instead of failing the
    # block, so the later blocks still run and one pass captures every output of the post.
    update_outputs: bool = False
    logins: bytes | None = None  # the engine's client config.json before the post: a `docker login` is undone

    @property
    def work(self) -> Path:
        return self.folder / "work"

    def env(self) -> dict[str, str]:
        base = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "HOME": str(self.folder / "home"),
            "USER": "root", "LOGNAME": "root", "SHELL": "/bin/bash",
            "LANG": "C.UTF-8", "TERM": "dumb",
            # No BUILDKIT_PROGRESS or COMPOSE_PROGRESS: a block gets what a reader's command gets, and a
            # shown progress output must come from the command's own --progress=plain.
            "DOCKER_CLI_HINTS": "false",
        }
        return self.engine.env(base)

    def docker(self, *args: str, check: bool = False) -> subprocess.CompletedProcess:
        return subprocess.run(["docker", *args], env=self.env(), capture_output=True, text=True, check=check,
                              timeout=300)

    def _acquire(self) -> None:
        """One post at a time per engine, across pytest processes: cleanup removes what appeared meanwhile."""
        path = self.engine.layout.state / "live.lock"
        self.lock = path.open("a")
        try:
            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"snippets: waiting for another test session's live post ({path})", file=sys.stderr, flush=True)
            fcntl.flock(self.lock, fcntl.LOCK_EX)

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.close()  # closing the file drops the flock
            self.lock = None

    def _inventory(self) -> dict[str, set[str]]:
        return {kind: set(self.docker(*args).stdout.split()) for kind, args in RESOURCES}

    # -- running ------------------------------------------------------------------------------

    def run_up_to(self, snippet: Snippet) -> None:
        """Run every earlier block not run yet (as the reader did), then this one."""
        if self.before is None:
            for sub in ("work", "home", "driver"):
                (self.folder / sub).mkdir(parents=True, exist_ok=True)
            self._acquire()
            self.before = self._inventory()
            config = self.engine.layout.docker_config / "config.json"
            self.logins = config.read_bytes() if config.exists() else b""
        for earlier in self.post.snippets:
            if earlier.index >= snippet.index:
                break
            if earlier.index not in self.done and runs_live(earlier):
                self._execute(earlier)
        earlier_failures = [s for s in self.post.snippets if s.index < snippet.index and self.done.get(s.index)]
        if earlier_failures:
            first = earlier_failures[0]
            raise SnippetFailed("live", f"an earlier block of this post failed ({self.post.source}:{first.line} "
                                f"[{first.name}]), so this one cannot run as the reader would")
        self._execute(snippet)
        failure = self.done[snippet.index]
        if failure is not None:
            raise failure

    def _execute(self, snippet: Snippet) -> None:
        started = time.monotonic()
        try:
            refuse_host_network(snippet)
            legacy = legacy_builder_findings(snippet)
            if legacy:
                raise SnippetFailed("live", "the block selects the legacy builder", tuple(legacy))
            if snippet.is_script:
                self._script(snippet)
            else:
                self._file(snippet)
            self.done[snippet.index] = None
        except SnippetFailed as failure:
            self.done[snippet.index] = failure
        finally:
            self.seconds += time.monotonic() - started

    def _check_images(self, snippet: Snippet, used: set[str]) -> None:
        wanted = {ref for ref in used if ref not in self.built and images.normal(ref) not in
                  {images.normal(b) for b in self.built} and not images.from_loopback_registry(ref)
                  and "$" not in ref}  # `docker pull "$DIGEST"`: known only when the block runs
        missing = self.engine.missing_images(sorted(wanted))
        if missing:
            raise SnippetFailed("live", f"image(s) {', '.join(missing)} are not in the registry mirror; without "
                                "internet the pull would fail", (Finding(
                                    snippet.line, "mirror", f"missing {', '.join(missing)}",
                                    "add a recipe in tests/engine/images/, or build the image earlier in the post"),))

    def _file(self, snippet: Snippet) -> None:
        target = self.work / snippet.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(snippet.body + "\n")
        self._check_images(snippet, images.file_images(snippet))
        if _is_compose(snippet.filename):
            wide = [p for p in images.compose_ports(snippet) if not images.loopback_only(p)]
            if wide:
                raise SnippetFailed("live", "the compose file publishes ports on every interface", (Finding(
                    snippet.line, "ports", f"{', '.join(wide)}", 'publish on 127.0.0.1 only, e.g. "127.0.0.1:8080:80"'),))
            done = self.docker("compose", "-f", str(target), "config", "-q")
            if done.returncode != 0:
                raise SnippetFailed("live", "docker compose rejects the file",
                                    run=CommandRun(0, snippet.line, "docker compose config -q", done.returncode,
                                                   done.stdout, done.stderr))
            self._refuse_warnings(snippet, "docker compose config", done.stderr)
            for service in self._compose_builds(snippet):
                self.built.add(service)
        elif snippet.kind == DOCKERFILE:
            # The reader does not build at this point: leave no build cache behind, or the post's own
            # first `docker build` would show CACHED where a reader's shows each step run.
            done = subprocess.run(["docker", "build", "-q", "--no-cache", "-f", str(target), str(target.parent)],
                                  env=self.env(), capture_output=True, text=True, timeout=SCRIPT_TIMEOUT, check=False)
            self.docker("builder", "prune", "-af")
            if done.returncode != 0:
                raise SnippetFailed("live", "the Dockerfile does not build where the post shows it",
                                    run=CommandRun(0, snippet.line, f"docker build -f {snippet.filename} .",
                                                   done.returncode, done.stdout, done.stderr))
            image_id = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
            if image_id:
                self.docker("rmi", image_id)
            self._refuse_warnings(snippet, f"docker build -f {snippet.filename}", done.stderr)

    def _refuse_warnings(self, snippet: Snippet, what: str, output: str) -> None:
        findings = output_warning_findings(snippet.line, what, output, snippet.annotation.warns)
        if findings:
            raise SnippetFailed("live", "the engine printed a warning", tuple(findings))

    def _compose_builds(self, snippet: Snippet) -> set[str]:
        import yaml

        try:
            services = (yaml.safe_load(snippet.body) or {}).get("services") or {}
        except yaml.YAMLError:
            return set()
        return {s["image"] for s in services.values() if isinstance(s, dict) and "build" in s and "image" in s}

    def _script(self, snippet: Snippet) -> None:
        used, built = images.script_images(snippet)
        self.built |= built
        self._check_images(snippet, used)
        wide = []
        for command in snippet.commands:
            for words in images._words(command.text):
                args = images.docker_args(words)
                if args and args[0] in ("run", "create"):
                    wide += [(command.line, p) for p in images.publish_values(args[1:]) if not images.loopback_only(p)]
        if wide:
            raise SnippetFailed("live", "the commands publish ports on every interface", tuple(
                Finding(line, "ports", f"-p {value}", "publish on 127.0.0.1 only: -p 127.0.0.1:8080:80")
                for line, value in wide))
        progress = progress_findings(snippet)
        if progress:
            raise SnippetFailed("live", "shown output a reader's terminal would not print", tuple(progress))
        files = DriverFiles(self.folder / "driver" / snippet.name)
        files.folder.mkdir(parents=True, exist_ok=True)
        previous = self._previous_state(snippet)
        if previous is not None:
            files.state.write_text(previous.read_text())
        files.script.write_text(driver_text(snippet, files, load_state=previous is not None))
        process = start_script(files.script, self.work, self.env())
        try:
            stdout, stderr = process.communicate(timeout=SCRIPT_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise SnippetFailed("live", f"the block did not finish in {SCRIPT_TIMEOUT} s") from None
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # background jobs the block left behind
            except ProcessLookupError:
                pass
        runs = command_runs(snippet, files, process.returncode, stdout, stderr)
        for run in runs:
            if run.exit is not None:
                self.outputs[(snippet.index, run.index)] = run
        self._check_ports()
        expected = snippet.annotation.exit
        if process.returncode != expected:
            raise SnippetFailed("live", f"the block exited {process.returncode}, expected {expected}",
                                run=failing_run(runs) or runs[-1])
        warned = warning_findings(snippet, runs)
        if warned:
            raise SnippetFailed("live", "the engine printed a warning", tuple(warned))
        if not self.update_outputs:
            self._check_outputs(snippet, runs)

    def _previous_state(self, snippet: Snippet) -> Path | None:
        if not snippet.annotation.continues:
            return None
        scripts = [s for s in self.post.snippets if s.is_script and s.index < snippet.index]
        if not scripts:
            return None
        state = DriverFiles(self.folder / "driver" / scripts[-1].name).state
        return state if state.exists() else None

    def _check_ports(self) -> None:
        done = self.docker("ps", "--format", "{{.Names}}\t{{.Ports}}")
        wide = [line for line in done.stdout.splitlines() if "0.0.0.0:" in line or ":::" in line]
        if wide:
            raise SnippetFailed("live", "a container publishes ports on every interface",
                                detail="\n".join(wide) + "\npublish on 127.0.0.1 only")
        host = self.docker("ps", "-a", "--filter", "network=host", "--format", "{{.Names}}").stdout.split()
        if host:
            raise SnippetFailed("live", f"container(s) {', '.join(host)} run on the host's network, outside the "
                                "engine's guard", detail=HOST_NETWORK_ADVICE)

    def _check_outputs(self, snippet: Snippet, runs: list[CommandRun]) -> None:
        findings, details = [], []
        for command, run in zip(snippet.commands, runs, strict=True):
            if not command.output:
                continue
            shown = normalise("\n".join(command.output))
            if any(output_matches(shown, normalise(text)) for text in output_candidates(run)):
                continue
            actual = normalise(together(run.stdout, run.stderr))
            findings.append(Finding(command.end_line + 1, "output", f"the output shown for `{command.text}` "
                                    "differs from the real output",
                                    "mark varying parts with ... or run `invoke snippets --update-outputs`"))
            details.append(diff(shown, actual))
        if findings:
            raise SnippetFailed("live", "shown output does not match", tuple(findings), detail="\n".join(details))

    # -- cleaning up --------------------------------------------------------------------------

    def close(self) -> list[str]:
        """Remove every container, network, volume and image added since the first block; return problems."""
        if self.before is None:
            self._release()
            return []
        try:
            return self._remove_added()
        finally:
            self._restore_logins()
            self.before = None
            self._release()

    def _restore_logins(self) -> None:
        """A post that logs in to a registry and fails before its `docker logout` must not leave the next
        run logged in (its `docker login` would then print no first-time warning)."""
        config = self.engine.layout.docker_config / "config.json"
        if self.logins is None:
            return
        if self.logins:
            config.write_bytes(self.logins)
        else:
            config.unlink(missing_ok=True)
        self.logins = None

    def _remove_added(self) -> list[str]:
        problems = []
        after = self._inventory()
        keep = self._stand_in_images()
        for kind, args in (("container", ["rm", "-f", "-v"]), ("network", ["network", "rm"]),
                           ("volume", ["volume", "rm", "-f"]), ("image", ["rmi", "-f"])):
            added = sorted(after[kind] - self.before[kind] - (keep if kind == "image" else set()))
            if added:
                done = self.docker(*args, *added)
                if done.returncode != 0 and "No such" not in done.stderr:
                    problems.append(f"could not remove {kind}s {added}: {done.stderr.strip()}")
        self.docker("builder", "prune", "-f")
        return problems

    def _stand_in_images(self) -> set[str]:
        """Pulled stand-in images stay: the next post pulls them again from the mirror otherwise."""
        provided = {images.normal(ref) for recipe in self.engine.recipes for ref in recipe.refs}
        done = self.docker("images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}}\t{{.ID}}")
        keep = set()
        for line in done.stdout.splitlines():
            name, _, image_id = line.partition("\t")
            if images.normal(name) in provided:
                keep.add(image_id)
        return keep
