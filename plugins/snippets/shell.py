"""Read shell text the way a reader types it: which lines make one command, and what it needs.

No library splits a Markdown code block into "the commands as typed" (bashlex parses whole
scripts and rejects much of what posts show), so this is a small hand-written scanner. It only
has to find where one command ends: `\\` continuations, open quotes, heredocs, trailing `|`/`&&`,
and compound statements (if/fi, for/done, case/esac, { }). It never rejects input: the static
test tier runs `bash -n` and shellcheck on the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plugins.snippets.model import Needs

_SPECIAL_RE = re.compile(r"[\\'\"#]")
_HEREDOC_RE = re.compile(r"(?<!<)<<(?P<dash>-?)[ \t]*\\?(?P<q>[\"']?)(?P<word>[A-Za-z_][\w.-]*)(?P=q)")
_SEGMENT_SPLIT_RE = re.compile(r"&&|\|\||[;|&()`]|\$\(")
_ASSIGNMENT_RE = re.compile(r"^[A-Za-z_]\w*=")
# A URL to a host on the internet: a dotted name that is not loopback (`http://web` is a container).
_URL_RE = re.compile(r"\b(?:https?|ftp)://(?!127\.|localhost\b|0\.0\.0\.0|\[::1\])[^\s/:'\"]+\.[^\s/:'\"]+")
_LOCAL_URL_RE = re.compile(r"\b(?:https?://)?(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?\b")
_CONTINUES_RE = re.compile(r"(?:\|\||&&|\|)\s*$")

_OPENERS = frozenset({"if", "case", "for", "while", "until", "select", "{"})
_CLOSERS = frozenset({"fi", "esac", "done", "}"})
_PREFIX_WORDS = frozenset({"then", "do", "else", "elif", "!", "time"})

# Tables of programs, by what they need. Plain data so a reader of the code can check them.
PACKAGE_MANAGERS = frozenset({"dnf", "yum", "apt", "apt-get", "zypper", "apk", "pacman", "rpm", "snap", "microdnf"})
_PM_NETWORK_SUBCOMMANDS = frozenset({
    "install", "reinstall", "update", "upgrade", "makecache", "config-manager", "dist-upgrade",
    "full-upgrade", "groupinstall", "search", "info", "check-update", "download", "add",
})
SYSTEMD_PROGRAMS = frozenset({"systemctl", "journalctl", "service", "hostnamectl", "timedatectl", "loginctl", "localectl"})
HOST_PROGRAMS = frozenset({
    "usermod", "useradd", "userdel", "groupadd", "groupdel", "gpasswd", "newgrp", "passwd", "chpasswd",
    "visudo", "sysctl", "modprobe", "mount", "umount", "reboot", "shutdown", "poweroff", "firewall-cmd",
    "ufw", "iptables", "nft", "setenforce", "update-alternatives", "swapoff", "swapon", "grubby",
    "add-apt-repository", "update-ca-trust", "update-ca-certificates",
})
DOCKER_PROGRAMS = frozenset({"docker", "docker-compose", "dockerd", "containerd", "ctr", "nerdctl", "podman", "buildah"})
_DOCKER_NETWORK_SUBCOMMANDS = frozenset({"pull", "push", "run", "create", "build", "login", "search", "up", "buildx"})
NETWORK_PROGRAMS = frozenset({"curl", "wget", "ping", "ssh", "scp", "rsync", "nc", "dig", "nslookup", "telnet", "ftp"})
_GIT_NETWORK_SUBCOMMANDS = frozenset({"clone", "pull", "fetch", "push", "ls-remote", "submodule"})
ROOT_PROGRAMS = frozenset({"sudo", "doas", "su", "pkexec"})
_WRAPPERS = frozenset({"sudo", "doas", "pkexec", "env", "time", "nohup", "exec", "command", "builtin", "nice", "xargs", "watch", "stdbuf"})
# Programs a command list item may start with; lists of other code spans are not command lists.
KNOWN_PROGRAMS = (
    PACKAGE_MANAGERS | SYSTEMD_PROGRAMS | HOST_PROGRAMS | DOCKER_PROGRAMS | NETWORK_PROGRAMS | ROOT_PROGRAMS
    | frozenset({
        "cd", "ls", "cat", "echo", "printf", "mkdir", "rm", "rmdir", "cp", "mv", "touch", "chmod", "chown",
        "ln", "tee", "grep", "sed", "awk", "head", "tail", "less", "more", "find", "which", "whoami", "id",
        "groups", "uname", "hostname", "ip", "ss", "netstat", "ps", "top", "htop", "kill", "free", "df", "du",
        "tar", "gzip", "unzip", "zip", "git", "vi", "vim", "nano", "export", "source", "alias", "env",
        "set", "unset", "history", "clear", "pwd", "date", "sleep", "lsb_release", "getenforce", "sestatus",
        "kubectl", "minikube", "kind", "helm", "k3s", "make", "python", "python3", "pip", "pip3", "java",
        "javac", "mvn", "gradle", "./gradlew", "./mvnw", "npm", "npx", "node", "yarn", "go", "cargo",
        "mysql", "psql", "redis-cli", "openssl", "base64", "jq", "yq", "xargs", "watch", "bash", "sh", "zsh",
        "exit", "logout", "sudoedit", "crontab", "lsof", "nproc", "lscpu", "lsblk", "blkid", "fdisk",
    })
)


def scan_line(line: str, quote: str = "") -> tuple[str, str | None, str]:
    """Split a line into (code, trailing comment or None, quote still open at its end).

    `quote` is the quote character left open by the previous line ("" when none).
    """
    if not _SPECIAL_RE.search(line):  # fast path: nothing to track
        return line, None, quote
    pos = 0
    n = len(line)
    while pos < n:
        m = _SPECIAL_RE.search(line, pos)
        if not m:
            break
        i = m.start()
        ch = line[i]
        if quote == "'":
            pos = i + 1
            if ch == "'":
                quote = ""
        elif quote == '"':
            pos = i + 2 if ch == "\\" else i + 1
            if ch == '"':
                quote = ""
        elif ch == "\\":
            pos = i + 2
        elif ch in "'\"":
            quote = ch
            pos = i + 1
        elif i == 0 or line[i - 1] in " \t;|&(":
            return line[:i].rstrip(), line[i + 1:].strip(), quote
        else:
            pos = i + 1
    return line, None, quote


def _command_words(segment: str) -> list[str]:
    words = segment.split()
    while words and (words[0] in _PREFIX_WORDS or _ASSIGNMENT_RE.match(words[0])):
        words.pop(0)
    return words


@dataclass
class CommandLines:
    """Mutable collector for the lines of one command, local to one block's parse."""

    lines: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)  # the lines that are shell code (no heredoc bodies)
    comments: list[str] = field(default_factory=list)  # trailing comments, in order
    quote: str = ""
    depth: int = 0
    heredocs: list[tuple[str, bool]] = field(default_factory=list)  # (delimiter, tabs stripped)
    continued: bool = False

    @property
    def complete(self) -> bool:
        return bool(self.lines) and not (self.heredocs or self.quote or self.depth > 0 or self.continued)

    @property
    def in_heredoc(self) -> bool:
        return bool(self.heredocs)

    def add(self, line: str) -> None:
        if self.heredocs:
            delimiter, strip_tabs = self.heredocs[0]
            self.lines.append(line)
            if (line.lstrip("\t") if strip_tabs else line).rstrip() == delimiter:
                self.heredocs.pop(0)
            return
        was_quoted = self.quote
        code, comment, self.quote = scan_line(line, self.quote)
        if comment is not None and code.strip():
            self.comments.append(comment)
            line = code
        self.lines.append(line)
        self.code.append(code)
        stripped = code.rstrip()
        trailing_backslashes = len(stripped) - len(stripped.rstrip("\\"))
        self.continued = trailing_backslashes % 2 == 1 or bool(_CONTINUES_RE.search(stripped))
        if was_quoted:  # the start of this line is inside a string: only its tail is code
            return
        for m in _HEREDOC_RE.finditer(code):
            self.heredocs.append((m.group("word"), bool(m.group("dash"))))
        for segment in _SEGMENT_SPLIT_RE.split(code):  # `; fi` and `; done` are segments of their own
            for word in _command_words(segment)[:1]:
                if word in _OPENERS:
                    self.depth += 1
                elif word in _CLOSERS:
                    self.depth -= 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def program_of(words: list[str]) -> tuple[str, list[str], bool]:
    """(program, its arguments, run as root) for the words of one simple command."""
    root = False
    while words:
        word = words[0].rsplit("/", 1)[-1] if "/" in words[0] and not words[0].startswith("./") else words[0]
        if word in ("sudo", "doas", "pkexec", "su"):
            root = True
        if word in _WRAPPERS:
            words = words[1:]
            while words and (words[0].startswith("-") or _ASSIGNMENT_RE.match(words[0])):
                words = words[1:]
            continue
        return word, words[1:], root
    return "", [], root


def needs_of(code: str, root_prompt: bool = False) -> Needs:
    """What the shell code of one command needs, from its programs and their subcommands."""
    root = root_prompt
    managers: list[str] = []
    network = bool(_URL_RE.search(code))
    docker = systemd = changes_host = localhost = False
    for segment in _SEGMENT_SPLIT_RE.split(code):
        program, args, as_root = program_of(_command_words(segment))
        if not program:
            continue
        root = root or as_root or program in ROOT_PROGRAMS
        sub = next((a for a in args if not a.startswith("-")), "")
        if program in PACKAGE_MANAGERS:
            if program not in managers:
                managers.append(program)
            changes_host = True
            network = network or sub in _PM_NETWORK_SUBCOMMANDS
        elif program in SYSTEMD_PROGRAMS:
            systemd = True
            changes_host = changes_host or program != "journalctl" and sub not in ("status", "is-active", "is-enabled", "list-units", "")
        elif program in HOST_PROGRAMS:
            changes_host = True
        elif program in DOCKER_PROGRAMS:
            docker = True
            compose_sub = next((a for a in args[1:] if not a.startswith("-")), "") if sub == "compose" else ""
            network = network or sub in _DOCKER_NETWORK_SUBCOMMANDS or compose_sub in _DOCKER_NETWORK_SUBCOMMANDS
        elif program in ("ssh", "scp", "rsync", "ping") or (program == "git" and sub in _GIT_NETWORK_SUBCOMMANDS):
            network = True  # curl/wget count only with an internet URL (above)
        if program in NETWORK_PROGRAMS and _LOCAL_URL_RE.search(" ".join(args)):
            localhost = True
        if (as_root or root_prompt or program in ("su", "pkexec")) and program not in DOCKER_PROGRAMS:
            changes_host = True
    return Needs(root=root, package_managers=tuple(managers), network=network, docker=docker,
                 systemd=systemd, changes_host=changes_host, localhost=localhost)


def looks_like_command(code: str) -> bool:
    """True when a code span starts with a program a reader would type (docker, sudo, ./run.sh, ...)."""
    words = _command_words(code.split("|", 1)[0])
    if not words:
        return False
    first = words[0]
    if first.startswith(("./", "/", "~/")):
        return True
    program, _, _ = program_of(words)
    return first in KNOWN_PROGRAMS and (program in KNOWN_PROGRAMS or program.startswith(("./", "/")))
