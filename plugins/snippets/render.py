"""The files the build writes for snippets: runnable scripts, files as themselves, manifests. Deterministic."""

from __future__ import annotations

import json
import re
import shlex
from functools import lru_cache
from urllib.parse import quote

import yaml

from plugins.snippets import script_guard
from plugins.snippets.effects import FILE, FOLDER, PROJECT, Effects, command_effects
from plugins.snippets.effects import words as words_of
from plugins.snippets.model import DOCKERFILE, OutputFile, Post, Snippet
from plugins.snippets.model import FILE as FILE_KIND
from plugins.snippets.names import file_prefix
from plugins.snippets.script_guard import KIND_WORDS

COMPOSE_FILES = frozenset({"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"})

OUTPUT_FOLDER = "snippets"
OPTIONAL_MARK = "(선택)"
GENERATED = "# 블로그 빌드가 글에서 자동으로 만든 파일입니다. 고칠 곳이 있으면 글을 고쳐 주세요."
USAGE = (f"# 쓰는 법: 빈 폴더에서 bash {{name}}  ({script_guard.HERE}: 지금 폴더에서, "
         f"{script_guard.WITH_OPTIONAL}: {OPTIONAL_MARK} 명령어도 실행)")
SAFETY_NOTE = ("# 원래 있던 파일과 같은 이름의 컨테이너·볼륨·네트워크·이미지가 있으면 건드리지 않고 멈추고, "
               "실패하면 이번 실행이 만든 것만 지웁니다.")
OPTIONAL_NOTE = (f"# {OPTIONAL_MARK} 표시된 명령어는 기본으로 건너뜁니다. "
                 f"실행하려면 {script_guard.WITH_OPTIONAL} 를 붙이세요.")

_NEEDS_WORDS = (
    ("root", "root 권한(sudo)"),
    ("network", "인터넷 연결"),
    ("docker", "도커 엔진"),
    ("systemd", "systemd가 도는 리눅스 서버"),
    ("localhost", "앞 블록에서 띄운 컨테이너(127.0.0.1)"),
)


def download_path(snippet: Snippet) -> str:
    """The file's path relative to the output folder: snippets/<slug>/<file>."""
    return f"{OUTPUT_FOLDER}/{snippet.slug}/{snippet.file}"


def download_href(siteurl: str, snippet: Snippet) -> str:
    """Where the page links to the file; works under a sub-path SITEURL (and "" for local builds)."""
    return f"{siteurl.rstrip('/')}/{quote(download_path(snippet))}"


def script_name(slug: str) -> str:
    """The whole-post script's file name (ASCII, never equal to an `NN-name.sh`)."""
    return f"all-{file_prefix(slug)}.sh"


def needs_text(snippet: Snippet) -> str:
    needs = snippet.needs
    words = [text for key, text in _NEEDS_WORDS[:1] if getattr(needs, key)]
    words += [f"패키지 관리자 {m}" for m in needs.package_managers]
    words += [text for key, text in _NEEDS_WORDS[1:] if getattr(needs, key)]
    return ", ".join(words)


# Commands a post shows to *look at* the state of the machine. Their exit code reports that state
# (systemctl status exits 3 for a stopped service; docker version fails before Docker is installed,
# as the first post shows), so under `set -e` they would end a downloaded script the reader needs
# to run to the end. In scripts they are followed by `|| true` and a note.
STATUS_CHECK_RE = re.compile(r"^(?:sudo\s+)?(?:systemctl\s+(?:status|is-active|is-enabled)|docker\s+(?:version|--version|info))\b")
STATUS_NOTE = "# 상태를 확인하는 명령어라 실패해도(예: 아직 설치 전, 서비스 중지) 스크립트는 계속 진행합니다."


def as_script_command(text: str) -> str:
    """The command as it goes into a script: status checks never stop the script."""
    if "\n" not in text and STATUS_CHECK_RE.match(text) and "||" not in text:
        return f"{text} || true"
    return text


def _comment(lines) -> list[str]:
    return [f"# {line}".rstrip() for line in lines]


# Each block's effects are asked for by every later block's script: read each command once. Only merged
# into other Effects, never changed.
_command_effects = lru_cache(maxsize=8192)(command_effects)


def snippet_effects(snippet: Snippet) -> Effects:
    """What a block's commands create, change or remove (a file block creates its file)."""
    if not snippet.is_script:
        effects = Effects()
        effects.add("made", FILE, snippet.filename)
        if "/" in snippet.filename:
            effects.add("made", FOLDER, snippet.filename.rsplit("/", 1)[0])
        return effects
    effects = Effects()
    for command in snippet.commands:
        effects.merge(_command_effects(command.text))
    return effects


def compose_project(post: Post) -> str | None:
    """The `name:` of the post's compose file: docker compose names everything after it."""
    for snippet in post.snippets:
        if snippet.kind == FILE_KIND and snippet.filename.rsplit("/", 1)[-1] in COMPOSE_FILES:
            return _compose_name(snippet.body)
    return None


@lru_cache(maxsize=1024)  # asked once per script block of the post: parse each compose file once
def _compose_name(body: str) -> str | None:
    try:
        data = yaml.load(body, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # LibYAML when built with it
    except yaml.YAMLError:
        return None
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name) else None


_PART_RE = re.compile(r"[:/=@]")


def _mentioned(snippet: Snippet) -> frozenset[str]:
    """What the block names: its words and the parts of paths and volume specs (not inside a URL)."""
    return frozenset(part for c in snippet.commands for w in words_of(c.text) if "://" not in w
                     for part in [w, *_PART_RE.split(w)])


def post_effects(post: Post) -> dict[int, Effects]:
    """Each block's effects by its index, read once for every script of the post (never changed: copy to merge)."""
    return {snippet.index: snippet_effects(snippet) for snippet in post.snippets}


def block_needs(post: Post, effects_of: dict[int, Effects] | None = None) -> dict[int, list[tuple[Snippet, str]]]:
    """For each script block: the earlier blocks it needs, each with what it needs from it.

    A block needs the block that last made a docker object or file it names, and every file block
    above it when it builds from the folder or runs docker compose. `effects_of` is post_effects(post)
    when the caller has it.
    """
    effects_of = post_effects(post) if effects_of is None else effects_of
    made_by: dict[tuple[str, str], Snippet] = {}
    needs: dict[int, list[tuple[Snippet, str]]] = {}
    for snippet in post.snippets:
        effects = effects_of[snippet.index]
        if snippet.is_script:
            found: dict[int, tuple[Snippet, list[str]]] = {}
            mentioned = _mentioned(snippet) if made_by else frozenset()
            for (kind, name), maker in made_by.items():
                if kind == FOLDER:
                    continue
                wanted = (maker.kind in (DOCKERFILE, FILE_KIND) and (effects.builds or effects.compose_files)) \
                    or (name != PROJECT and name in mentioned) \
                    or (name == PROJECT and effects.compose_files)
                own = name in effects.names("made", kind) and name not in effects.names("changed", kind)
                if wanted and not own and maker.index != snippet.index:
                    what = "컴포즈 프로젝트" if name == PROJECT else f"{KIND_WORDS[kind]} {name}"
                    found.setdefault(maker.index, (maker, []))[1].append(what)
            if snippet.annotation.continues:
                previous = next((s for s in reversed(post.snippets[:snippet.index - 1]) if s.is_script), None)
                if previous is not None:
                    found.setdefault(previous.index, (previous, []))[1].append("같은 셸")
            needs[snippet.index] = [(maker, ", ".join(whats)) for _, (maker, whats) in sorted(found.items())]
        for kind, names in effects.made.items():
            for name in names:
                made_by[(kind, name)] = snippet
    return needs


def _optional_lines(text: str, explanation: list[str]) -> list[str]:
    body = text.split("\n")
    indent = "  " if len(body) == 1 else ""  # never indent a heredoc: its end marker must stay put
    first = " ".join(text.split("\n", 1)[0].split())
    lines = ["if blog_optional; then"]
    if script_guard.DOCKER_GROUP_RE.search(text):
        lines.append(f"  echo {shlex.quote('주의: ' + script_guard.DOCKER_GROUP_WARNING)} >&2")
    lines += [f"{indent}{line}" for line in body]
    lines += ["else", f"  echo {shlex.quote(f'{OPTIONAL_MARK} 건너뜀: {first} (실행하려면 {script_guard.WITH_OPTIONAL})')}",
              "fi"]
    return lines


def command_lines(snippet: Snippet) -> list[str]:
    """The commands of a script snippet, each after its explanation; optional ones opt-in, waits timed."""
    out: list[str] = []
    for command in snippet.commands:
        if out:
            out.append("")
        explanation = list(command.explanation)
        if command.optional:
            first = explanation[0] if explanation else ""
            explanation[:1] = [first if first.startswith(OPTIONAL_MARK) else f"{OPTIONAL_MARK} {first}".rstrip()]
            if script_guard.DOCKER_GROUP_RE.search(command.text):
                explanation.append("주의: " + script_guard.DOCKER_GROUP_WARNING)
        out.extend(_comment(explanation))
        text = as_script_command(command.text)
        if text != command.text:
            out.append(STATUS_NOTE)
        waited = script_guard.timed_wait(text)
        if command.optional:
            out.extend(_optional_lines(text, explanation))
        elif waited is not None:
            out.extend(waited)
        else:
            out.extend(text.split("\n"))
    return out


def _heredoc_marker(body: str) -> str:
    marker = "SNIPPET_EOF"
    taken = set(body.split("\n"))
    while marker in taken:
        marker += "_"
    return marker


def _write_file_lines(snippet: Snippet, only_if_missing: bool = False) -> list[str]:
    """Shell lines that write a file block as the post shows it."""
    marker = _heredoc_marker(snippet.body)
    name = shlex.quote(snippet.filename)
    lines = []
    if "/" in snippet.filename:
        lines.append(f"mkdir -p {shlex.quote(snippet.filename.rsplit('/', 1)[0])}")
    guard = f"[ -e {name} ] || " if only_if_missing else ""
    return lines + [f"{guard}cat > {name} <<'{marker}'", *snippet.body.split("\n"), marker]


def _needs_lines(needs: list[tuple[Snippet, str]]) -> list[str]:
    if not needs:
        return []
    lines = ["# 먼저 실행할 블록 (같은 폴더에서 먼저 실행한 뒤, 이 스크립트는 --here를 붙여 실행합니다):"]
    lines += [f"#   {maker.file} — {what}" for maker, what in needs]
    return lines


def _snippet_notes(snippet: Snippet) -> list[str]:
    note = snippet.annotation
    lines = []
    needs = needs_text(snippet)
    if needs:
        lines.append(f"# 필요한 것: {needs}")
    if note.exit:
        lines.append(f"# 이 블록은 종료 코드 {note.exit}(으)로 끝나는 것이 정상입니다.")
    if note.skip:
        lines.append(f"# 자동 테스트에서 제외됨: {note.skip}")
    return lines


def script_text(snippet: Snippet, post: Post, needs: list[tuple[Snippet, str]] | None = None,
                commands: list[str] | None = None, effects_of: dict[int, Effects] | None = None) -> str:
    """The runnable file of one command block: where it comes from, what it needs, checks, commands.

    Files of the post that the block reads (a build context, compose.yaml, a file it edits) are
    written by the script when the folder does not have them yet. `commands` is command_lines(snippet)
    and `effects_of` post_effects(post) when the caller has them already (post_files needs them for
    every block).
    """
    effects_of = post_effects(post) if effects_of is None else effects_of
    needs = block_needs(post, effects_of).get(snippet.index, []) if needs is None else needs
    files = [maker for maker, _ in needs if not maker.is_script]
    effects = effects_of[snippet.index]
    for maker in files:
        effects = effects_of[maker.index].copy().merge(effects)
    lines = [
        "#!/usr/bin/env bash",
        f"# {post.title}" + (f" — {snippet.section}" if snippet.section else ""),
        f"# 글: {post.url}#{snippet.anchor}",
        f"# 원문: {snippet.source}:{snippet.line}",
        GENERATED,
        *_snippet_notes(snippet),
        *_needs_lines([(m, w) for m, w in needs if m.is_script]),
        USAGE.format(name=snippet.file),
        SAFETY_NOTE,
    ]
    if snippet.optional_commands:
        lines.append(OPTIONAL_NOTE)
    lines += ["set -euo pipefail", "", script_guard.FUNCTIONS, *script_guard.checks(effects, compose_project(post))]
    for maker in files:
        lines += ["", f"# 글의 {maker.filename} (이 폴더에 아직 없을 때만 만든다)", *_write_file_lines(maker, True)]
    lines += ["", *(command_lines(snippet) if commands is None else commands)]
    return "\n".join(lines) + "\n"


def file_text(snippet: Snippet) -> str:
    """A Dockerfile or named file, exactly as the post shows it."""
    return snippet.body + "\n" if snippet.body else ""


def post_script_text(post: Post, commands: dict[int, list[str]] | None = None,
                     effects_of: dict[int, Effects] | None = None) -> str:
    """One script for the whole post in reading order: files are written where the post shows them.

    `commands` maps a snippet's index to its command_lines(), `effects_of` is post_effects(post), when
    the caller has them already.
    """
    commands = commands or {}
    effects_of = post_effects(post) if effects_of is None else effects_of
    effects = Effects()
    for snippet in post.snippets:
        effects.merge(effects_of[snippet.index])
    lines = [
        "#!/usr/bin/env bash",
        f"# {post.title} — 글 전체의 명령어를 읽는 순서대로 모은 스크립트",
        f"# 글: {post.url}",
        f"# 원문: {post.source}",
        GENERATED,
        USAGE.format(name=script_name(post.slug)),
        "# 글에 나온 파일(Dockerfile, compose.yaml 등)도 이 폴더에 만듭니다.",
        SAFETY_NOTE,
    ]
    if any(s.optional_commands for s in post.snippets):
        lines.append(OPTIONAL_NOTE)
    lines += ["set -euo pipefail", "", script_guard.FUNCTIONS, *script_guard.checks(effects, compose_project(post))]
    for snippet in post.snippets:
        title = f"{snippet.name}" + (f" · {snippet.section}" if snippet.section else "")
        lines += ["", f"# ── {title} ({snippet.source}:{snippet.line})"]
        if not snippet.is_script:
            lines += _write_file_lines(snippet)
            continue
        expected_failure = snippet.annotation.exit != 0
        if expected_failure:
            lines += [f"# 이 블록은 종료 코드 {snippet.annotation.exit}(으)로 끝나는 것이 정상입니다.", "set +e"]
        lines += commands[snippet.index] if snippet.index in commands else command_lines(snippet)
        if expected_failure:
            lines.append("set -e")
    return "\n".join(lines) + "\n"


def snippet_record(snippet: Snippet, post: Post, siteurl: str) -> dict:
    record = snippet.as_dict()
    record["url"] = f"{post.url}#{snippet.anchor}"
    record["download"] = download_href(siteurl, snippet)
    record["needs_labels"] = list(snippet.needs.labels())
    return record


def manifest_text(post: Post, siteurl: str) -> str:
    """snippets/<slug>/snippets.json: everything known about the post's snippets (for tests and tools)."""
    data = {
        "post": {"slug": post.slug, "title": post.title, "url": post.url, "source": post.source},
        "script": script_name(post.slug),
        "snippets": [snippet_record(s, post, siteurl) for s in post.snippets],
    }
    # No indent: json's C encoder only runs without one, and this file is written for every post.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def index_entry(post: Post) -> dict:
    """A post's entry in snippets/index.json: where its files are, and a summary of each snippet."""
    return {
        "slug": post.slug, "title": post.title, "url": post.url, "source": post.source,
        "manifest": f"{OUTPUT_FOLDER}/{post.slug}/snippets.json",
        "script": f"{OUTPUT_FOLDER}/{post.slug}/{script_name(post.slug)}",
        "snippets": [
            {"name": s.name, "file": download_path(s), "kind": s.kind, "label": s.label, "line": s.line,
             "section": s.section, "tier": s.tier, "needs": list(s.needs.labels()),
             "skip": s.annotation.skip, "url": f"{post.url}#{s.anchor}"}
            for s in post.snippets
        ],
    }


def index_text(posts: list[Post], siteurl: str) -> str:
    """snippets/index.json: every post with snippets and a summary of each, sorted by source path."""
    return index_text_of([index_entry(p) for p in sorted(posts, key=lambda p: p.source) if p.snippets])


def index_text_of(entries: list[dict]) -> str:
    """snippets/index.json from the posts' entries (index_entry), in order."""
    data = {"posts": entries, "count": sum(len(e["snippets"]) for e in entries)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def post_files(post: Post, siteurl: str) -> list[OutputFile]:
    """Every file one post's snippets become (nothing for a post without snippets)."""
    if not post.snippets:
        return []
    files: list[OutputFile] = []
    effects_of = post_effects(post)
    needs = block_needs(post, effects_of)
    commands: dict[int, list[str]] = {}  # each block's commands go into its own file and the post's script
    for snippet in post.snippets:
        if snippet.is_script:
            commands[snippet.index] = command_lines(snippet)
            files.append(OutputFile(download_path(snippet),
                                    script_text(snippet, post, needs[snippet.index], commands[snippet.index],
                                                effects_of),
                                    executable=True))
        else:
            files.append(OutputFile(download_path(snippet), file_text(snippet), executable=False))
    folder = f"{OUTPUT_FOLDER}/{post.slug}"
    files.append(OutputFile(f"{folder}/{script_name(post.slug)}", post_script_text(post, commands, effects_of),
                            executable=True))
    files.append(OutputFile(f"{folder}/snippets.json", manifest_text(post, siteurl)))
    return files
