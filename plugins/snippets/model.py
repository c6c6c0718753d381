"""The records the snippets plugin hands around: snippets, their commands, needs and annotations."""

from __future__ import annotations

from dataclasses import dataclass

PLUGIN = "snippets"

# Kinds of snippet. Scripts are run; files are written for the scripts to use.
SHELL = "shell"  # a fenced bash/sh/shell/zsh block: every line is part of a command
CONSOLE = "console"  # a fenced console/shell-session block: `$ `/`# ` prompts, `> ` continuations, output
LIST = "list"  # a Markdown list whose items start with an inline code span holding a command
DOCKERFILE = "dockerfile"  # a fenced Dockerfile block
FILE = "file"  # any other fenced block named with `{: file="compose.yaml" }`
SCRIPT_KINDS = frozenset({SHELL, CONSOLE, LIST})

TIERS = ("static", "sandbox", "live")


@dataclass(frozen=True)
class Needs:
    """What running a command (or a whole snippet) needs from the machine, read off the commands."""

    root: bool = False  # sudo/doas/su, or typed at a `# ` root prompt
    package_managers: tuple[str, ...] = ()  # dnf, yum, apt, apt-get, ... in first-use order
    network: bool = False  # may reach the internet: package installs, curl/wget, image pulls, URLs
    docker: bool = False  # talks to a Docker engine (docker, docker-compose, a Dockerfile/compose file)
    systemd: bool = False  # systemctl, journalctl, service, hostnamectl, ...
    changes_host: bool = False  # installs packages, manages services/users/groups, sudo for non-docker work
    localhost: bool = False  # talks to a service on this machine (a container's port on 127.0.0.1)

    def merge(self, other: Needs) -> Needs:
        managers = self.package_managers + tuple(m for m in other.package_managers if m not in self.package_managers)
        return Needs(
            root=self.root or other.root,
            package_managers=managers,
            network=self.network or other.network,
            docker=self.docker or other.docker,
            systemd=self.systemd or other.systemd,
            changes_host=self.changes_host or other.changes_host,
            localhost=self.localhost or other.localhost,
        )

    def labels(self) -> tuple[str, ...]:
        """Short words for tables: root, dnf, network, docker, systemd."""
        flags = (("root", self.root),)
        tail = (("network", self.network), ("docker", self.docker), ("systemd", self.systemd),
                ("localhost", self.localhost))
        return tuple(n for n, on in flags if on) + self.package_managers + tuple(n for n, on in tail if on)

    def as_dict(self) -> dict:
        return {
            "root": self.root,
            "package_managers": list(self.package_managers),
            "network": self.network,
            "docker": self.docker,
            "systemd": self.systemd,
            "changes_host": self.changes_host,
            "localhost": self.localhost,
        }


@dataclass(frozen=True)
class Annotation:
    """`<!-- snippet: name=install tier=sandbox exit=0 skip="why" continues ignore -->` before a block."""

    line: int = 0  # file line of the comment; 0 when the block has none
    name: str | None = None  # replaces the derived part of `NN-name`
    skip: str | None = None  # reason the test harness must not run it (it is still extracted)
    tier: str | None = None  # overrides the derived tier
    exit: int = 0  # expected exit status of the snippet
    continues: bool = False  # runs in the same shell session as the previous script snippet
    ignore: bool = False  # not a snippet at all (the block only looks like one)
    warns: str | None = None  # a warning the post shows and explains: the live tier accepts warnings holding it

    def as_dict(self) -> dict:
        return {"line": self.line, "name": self.name, "skip": self.skip, "tier": self.tier,
                "exit": self.exit, "continues": self.continues}


@dataclass(frozen=True)
class Command:
    """One command as the reader types it, with what the post says about it."""

    text: str  # without prompt; continuation lines joined with "\n" (heredoc bodies included)
    line: int  # file line where the command starts
    end_line: int  # file line of its last line (before any output)
    explanation: tuple[str, ...] = ()  # Korean explanation lines (nested list items, `#` comments)
    optional: bool = False  # marked "(선택)"
    output: tuple[str, ...] = ()  # expected output lines shown after it (console blocks)
    prompt: str = ""  # the prompt as shown ("$ ", "# ", "[root@rocky ~]# "), "" when none
    needs: Needs = Needs()

    def as_dict(self) -> dict:
        return {
            "text": self.text, "line": self.line, "end_line": self.end_line,
            "explanation": list(self.explanation), "optional": self.optional,
            "output": list(self.output), "prompt": self.prompt, "needs": self.needs.as_dict(),
        }


@dataclass(frozen=True)
class Snippet:
    """One command block (or command list, or named file) of a post."""

    slug: str  # the post's slug
    source: str  # the post file as shown to the author (content/posts/x.md)
    index: int  # 1-based position among the post's snippets, in reading order
    name: str  # stable ASCII `NN-name`, unique in the post
    file_stem: str  # `<post>-NN-name` (names.file_prefix): the downloaded file says which post it is from
    kind: str  # SHELL | CONSOLE | LIST | DOCKERFILE | FILE
    language: str  # as written on the fence (bash, console, Dockerfile, yaml); "bash" for lists
    line: int  # file line of the first command (first content line for files)
    start_line: int  # file line of the opening fence or first list item
    end_line: int  # file line of the closing fence or last line of the list
    indent: int  # columns the block is indented by (inside a list item when > 0)
    section: str  # text of the nearest heading above, "" when none
    section_anchor: str  # that heading's id on the page (Python-Markdown toc's slugify_unicode)
    commands: tuple[Command, ...] = ()  # empty for DOCKERFILE and FILE
    body: str = ""  # the block's text, dedented (the file content for DOCKERFILE and FILE)
    filename: str = ""  # for DOCKERFILE/FILE: the file's own name (compose.yaml, Dockerfile)
    annotation: Annotation = Annotation()
    needs: Needs = Needs()

    @property
    def is_script(self) -> bool:
        return self.kind in SCRIPT_KINDS

    @property
    def file(self) -> str:
        """Path of the written file inside snippets/<slug>/: `<stem>.sh`, or `<stem>/<filename>`."""
        return f"{self.file_stem}.sh" if self.is_script else f"{self.file_stem}/{self.filename}"

    @property
    def anchor(self) -> str:
        """The id of the block on the post page (URL fragment)."""
        return f"snippet-{self.slug}-{self.name}"

    @property
    def label(self) -> str:
        """What the block header shows: the language, or the file name."""
        if not self.is_script:
            return self.filename
        return "bash" if self.kind == LIST else self.language.lower()

    @property
    def tier(self) -> str:
        """The highest test tier that applies (static checks always apply too).

        sandbox: changes the host (packages, services, users, sudo) or needs systemd;
        live: runs docker, is a Dockerfile or compose file, or talks to 127.0.0.1 (a container's port);
        an annotation overrides both.
        """
        if self.annotation.tier:
            return self.annotation.tier
        if self.needs.changes_host or self.needs.systemd or self.needs.package_managers:
            return "sandbox"
        if self.needs.docker or self.needs.localhost:
            return "live"
        return "static"

    @property
    def optional_commands(self) -> tuple[Command, ...]:
        return tuple(c for c in self.commands if c.optional)

    def copy_text(self) -> str:
        """What the copy button copies: the commands only, no prompts, no output."""
        return "\n".join(c.text for c in self.commands) if self.is_script else self.body

    def as_dict(self) -> dict:
        return {
            "slug": self.slug, "source": self.source, "index": self.index, "name": self.name,
            "kind": self.kind, "language": self.language, "label": self.label,
            "line": self.line, "start_line": self.start_line, "end_line": self.end_line,
            "section": self.section, "section_anchor": self.section_anchor, "anchor": self.anchor,
            "file": self.file, "filename": self.filename, "tier": self.tier,
            "needs": self.needs.as_dict(), "annotation": self.annotation.as_dict(),
            "commands": [c.as_dict() for c in self.commands], "body": self.body,
        }


@dataclass(frozen=True)
class Post:
    """What the rendered files say about the post a snippet comes from."""

    slug: str
    title: str
    url: str  # the page's URL as a reader reaches it: SITEURL + "/" + the article URL
    source: str  # content/posts/x.md
    snippets: tuple[Snippet, ...] = ()


@dataclass(frozen=True)
class OutputFile:
    """One file to write under the output folder."""

    path: str  # relative to OUTPUT_PATH, always under snippets/
    text: str
    executable: bool = False
