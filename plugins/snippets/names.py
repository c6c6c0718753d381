"""Stable ASCII names for snippets and the files they become: post, number, and what the block is.

`docker-2-03-build.sh` says which post and block it is and what it does, and a reader types it in any
shell. Hangul is never romanized (a Korean reader cannot recognise `gag-gumunbyeol-haeseog`), and file
names stay ASCII: Hangul ones are split into jamo by macOS, garbled by zip tools set to CP949, awkward to
type in a terminal, and escaped as `\\uXXXX` in pytest's ids.
"""

from __future__ import annotations

import re

from plugins.sitebuild.errors import PostError, SourcePos
from plugins.snippets.model import PLUGIN

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_BAD_FILENAME_RE = re.compile(r"[\\\x00-\x1f\x7f]")
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
_ENV_ASSIGNMENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
MAX_DERIVED = 40
# Programs that run a command named by their first argument(s): the block is named by that command.
_RUNNERS = frozenset({"sudo", "doas", "env", "time", "nohup", "exec"})
# Options of docker and docker compose, before the command, that take the next word as their value.
_VALUE_OPTIONS = frozenset({"-c", "--context", "-H", "--host", "--config", "-l", "--log-level", "-f", "--file",
                            "-p", "--project-name", "--env-file", "--profile", "--project-directory"})
# Shell syntax, not programs: a block starting `if ...; then` is not named "if".
_KEYWORDS = frozenset({"if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
                       "function", "{", "}", "(", ")", "!", "[", "[[", "select"})
CONTAINER_CLIS = frozenset({"docker", "podman", "nerdctl"})
# `docker volume create`: management commands name the block with their subcommand.
_MANAGEMENT = frozenset({"compose", "volume", "network", "image", "container", "system", "builder", "buildx",
                         "context", "plugin", "swarm", "service", "stack", "secret", "config", "node", "trust",
                         "manifest"})


def ascii_words(text: str, limit: int = MAX_DERIVED) -> str:
    """Lowercase ASCII letters and digits joined by '-', cut at a word end; anything else separates words.

    "compose.yaml" -> "compose-yaml"; "./run.sh" -> "run-sh"; Hangul is dropped, never romanized.
    """
    words = _NON_WORD_RE.sub("-", text.lower()).strip("-")
    if len(words) <= limit:
        return words
    cut = words[:limit + 1]
    return cut[:cut.rfind("-")] if "-" in cut else words[:limit]


def _words(command: str) -> list[str]:
    """The command's words without leading `VAR=value`, `sudo` and their options."""
    words = command.split("\n", 1)[0].split()
    while words and (_ENV_ASSIGNMENT_RE.match(words[0]) or words[0] in _RUNNERS or
                     (words[0].startswith("-") and len(words) > 1)):
        words = words[1:]
    return words


def container_command(command: str) -> str:
    """`docker compose up -d` -> "compose-up", `docker build .` -> "build"; "" for other programs."""
    words = _words(command)
    if not words or words[0].rsplit("/", 1)[-1] not in CONTAINER_CLIS | {"docker-compose"}:
        return ""
    verbs: list[str] = []
    skip_value = False
    for word in words[1:]:
        if skip_value or word.startswith("-"):
            skip_value = word in _VALUE_OPTIONS
            continue
        verbs.append(word)
    if words[0].endswith("docker-compose"):
        verbs = ["compose", *verbs]
    if not verbs:
        return ""
    taken = verbs[:2] if verbs[0] in _MANAGEMENT and len(verbs) > 1 else verbs[:1]
    return ascii_words("-".join(taken))


def derived_part(kind_word: str, filename: str, commands: list[str], installs: bool) -> str:
    """What the block is, as the `name` of `NN-name` when the author gave none.

    A file: its own name (`compose-yaml`); a Dockerfile: `dockerfile`; commands that install packages:
    `install`; else the first docker command (`build`, `compose-up`); else the first program (`curl`);
    else the block's kind.
    """
    if kind_word == "dockerfile":
        return "dockerfile"
    if filename:
        return ascii_words(filename.replace("/", "-")) or "file"
    if installs:
        return "install"
    for command in commands:
        part = container_command(command)
        if part:
            return part
    for command in commands:
        words = _words(command)
        part = ascii_words(words[0].rsplit("/", 1)[-1]) if words and words[0] not in _KEYWORDS else ""
        if part:
            return part
    return kind_word


def file_prefix(slug: str) -> str:
    """The post's part of a file name: its slug when that is ASCII, else its ASCII words, else `post`."""
    return slug if NAME_RE.match(slug) and ".." not in slug else (ascii_words(slug) or "post")


def check_name(name: str, source: str, line: int) -> str:
    """An author-given name, or PostError if it is not a safe ASCII file name part."""
    if NAME_RE.match(name) and ".." not in name:
        return name
    raise PostError(
        SourcePos(source, line), PLUGIN,
        f"snippet name {name!r} must be ASCII letters, digits, '-', '_' or '.', without '..' or '/'",
        "rename it, e.g. name=install",
    )


def check_filename(filename: str, source: str, line: int) -> str:
    """A `{: file="..." }` path as Chirpy allows it: any relative path (`_data/authors.yml`, `.env`,
    `my notes.txt`) but none that leaves the folder it is written under or that a file system refuses."""
    parts = filename.split("/")
    if filename.strip() and all(p and p not in (".", "..") for p in parts) and not _BAD_FILENAME_RE.search(filename):
        return filename
    raise PostError(
        SourcePos(source, line), PLUGIN,
        f"file name {filename!r} must be a relative path without '..', empty parts, backslashes or control characters",
        'e.g. {: file="compose.yaml" } or {: file="_data/authors.yml" }',
    )


def numbered(index: int, part: str) -> str:
    return f"{index:02d}-{part}"
