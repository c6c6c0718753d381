"""What a command is: its program and subcommand, its topic, whether it is glue, and a stable id."""

from __future__ import annotations

import hashlib
import re
import shlex

from plugins.cheatsheet.model import GLUE_TOPIC

# Commands that hold a tutorial together (wait, look at a page, write a test file) but are not
# what a reader comes to a docker cheat sheet for: folded away by default.
GLUE_PROGRAMS = frozenset({"sleep", "curl", "wget", "echo", "printf", "cat", "mkdir", "sed", "until", "while",
                           "grep", "ls", "cd", "rm", "cp", "mv", "touch", "tee"})
INSTALL_PROGRAMS = frozenset({"dnf", "yum", "apt", "apt-get", "zypper", "apk", "pacman", "systemctl", "service",
                              "usermod", "gpasswd", "newgrp", "groupadd", "journalctl"})
# docker's management commands: "docker volume create" is subcommand "volume create".
GROUPS = frozenset({"container", "image", "volume", "network", "compose", "system", "builder", "buildx", "context",
                    "plugin", "manifest", "trust", "swarm", "service", "stack", "secret", "config", "node"})
_IMAGE_SUBCOMMANDS = frozenset({"build", "images", "image", "history", "tag", "rmi", "pull", "push", "login", "logout",
                                "save", "load", "search", "import", "commit", "builder", "buildx", "manifest", "trust"})
_INSTALL_SUBCOMMANDS = frozenset({"version", "info", "system", "context", "plugin", "--version"})
_WRAPPERS = frozenset({"sudo", "doas", "env", "time", "nohup", "exec"})
_ASSIGNMENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_NAME_RE = re.compile(r"[^a-z0-9._+-]+")
_SHLEX_PLAIN_RE = re.compile(r"[\"'\\#]|[^\S \t\r\n]")
_PLACEHOLDER_WORD_RE = re.compile(r"<[^<>]*>")


def _words(command: str) -> list[str]:
    first = command.split("\n", 1)[0]
    if _SHLEX_PLAIN_RE.search(first):
        try:
            return shlex.split(first, comments=True)
        except ValueError:
            return first.split()
    return first.split()


def program_and_subcommand(command: str) -> tuple[str, str]:
    """`sudo dnf install x` -> ("dnf", "install"); `docker volume create x` -> ("docker", "volume create");
    `docker run ...` -> ("docker", "run"); a shell keyword (`until ...`) is its own program."""
    words = _words(command)
    while words and (words[0] in _WRAPPERS or _ASSIGNMENT_RE.match(words[0]) or words[0].startswith("-")):
        words = words[1:]
    if not words:
        return "", ""
    program = words[0].rsplit("/", 1)[-1].lower()
    rest = [w for w in words[1:] if not w.startswith("-") and not _PLACEHOLDER_WORD_RE.fullmatch(w)]
    if program in ("docker", "podman"):
        first = next((w for w in words[1:] if not w.startswith("-") or w == "--version"), "")
        if first in GROUPS:
            after = words[words.index(first) + 1:]
            second = next((w for w in after if not w.startswith("-")), "")
            return program, f"{first} {second}".strip()
        return program, first
    if program == "docker-compose":
        return "docker", f"compose {rest[0]}" if rest else "compose"
    return program, rest[0] if rest and program in INSTALL_PROGRAMS else ""


def topic_of(program: str, subcommand: str) -> str:
    """이미지, 컨테이너, 볼륨, 네트워크, 컴포즈, 설치, or 보조 for glue."""
    if program in GLUE_PROGRAMS or not program:
        return GLUE_TOPIC
    if program in INSTALL_PROGRAMS:
        return "설치"
    if program not in ("docker", "podman"):
        return GLUE_TOPIC
    first = subcommand.split(" ", 1)[0]
    named = {"volume": "볼륨", "network": "네트워크", "compose": "컴포즈", "container": "컨테이너", "image": "이미지"}
    if first in named:
        return named[first]
    if first in _IMAGE_SUBCOMMANDS:
        return "이미지"
    if first in _INSTALL_SUBCOMMANDS:
        return "설치"
    return "컨테이너"


def page_name(title: str) -> str:
    """tldr's mapping from a command to a page name: spaces become dashes, lowercase, ASCII only."""
    return _NAME_RE.sub("-", title.lower().replace(" ", "-")).strip("-")


def entry_id(program: str, subcommand: str, key: str) -> str:
    """`docker-logs-3f2a1c`: the command's name and a hash of its (general) form. The same form gives
    the same id in every build, whichever post or line it comes from."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:6]
    name = page_name(f"{program} {subcommand}") or "command"
    return f"{name}-{digest}"
