"""The files the build writes for snippets: runnable scripts, files as themselves, manifests. Deterministic."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from snippets.model import OutputFile, Post, Snippet
from snippets.names import file_prefix

OUTPUT_FOLDER = "snippets"
OPTIONAL_MARK = "(선택)"
SKIP_OPTIONAL = "SKIP_OPTIONAL"  # run with SKIP_OPTIONAL=1 to leave out the commands marked (선택)
GENERATED = "# 블로그 빌드가 글에서 자동으로 만든 파일입니다. 고칠 곳이 있으면 글을 고쳐 주세요."
OPTIONAL_NOTE = f"# {OPTIONAL_MARK} 표시된 명령어도 기본으로 실행됩니다. 건너뛰려면 {SKIP_OPTIONAL}=1 을 붙여 실행하세요."

_NEEDS_WORDS = (
    ("root", "root 권한(sudo)"),
    ("network", "인터넷 연결"),
    ("docker", "도커 엔진"),
    ("systemd", "systemd 가 도는 리눅스 서버"),
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


def _comment(lines) -> list[str]:
    return [f"# {line}".rstrip() for line in lines]


def _snippet_notes(snippet: Snippet, previous: Snippet | None) -> list[str]:
    note = snippet.annotation
    lines = []
    needs = needs_text(snippet)
    if needs:
        lines.append(f"# 필요한 것: {needs}")
    if note.continues and previous is not None:
        lines.append(f"# 앞 블록({previous.file})에 이어서 같은 셸에서 실행하는 블록입니다.")
    if note.exit:
        lines.append(f"# 이 블록은 종료 코드 {note.exit}(으)로 끝나는 것이 정상입니다.")
    if note.skip:
        lines.append(f"# 자동 테스트에서 제외됨: {note.skip}")
    return lines


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


def command_lines(snippet: Snippet) -> list[str]:
    """The commands of a script snippet, each after its explanation; optional ones guarded, not dropped."""
    out: list[str] = []
    for command in snippet.commands:
        if out:
            out.append("")
        explanation = list(command.explanation)
        if command.optional:
            first = explanation[0] if explanation else ""
            explanation[:1] = [first if first.startswith(OPTIONAL_MARK) else f"{OPTIONAL_MARK} {first}".rstrip()]
        out.extend(_comment(explanation))
        text = as_script_command(command.text)
        if text != command.text:
            out.append(STATUS_NOTE)
        if command.optional:
            body = text.split("\n")
            indent = "  " if len(body) == 1 else ""  # never indent a heredoc: its end marker must stay put
            out.append(f'if [ "${{{SKIP_OPTIONAL}:-0}}" != 1 ]; then')
            out.extend(f"{indent}{line}" for line in body)
            out.append("fi")
        else:
            out.extend(text.split("\n"))
    return out


def script_text(snippet: Snippet, post: Post, previous: Snippet | None = None,
                commands: list[str] | None = None) -> str:
    """The runnable file of one command block: shebang, strict mode, where it comes from, commands.

    `commands` is command_lines(snippet) when the caller has it already (post_files needs it twice).
    """
    lines = [
        "#!/usr/bin/env bash",
        f"# {post.title}" + (f" — {snippet.section}" if snippet.section else ""),
        f"# 글: {post.url}#{snippet.anchor}",
        f"# 원문: {snippet.source}:{snippet.line}",
        GENERATED,
        *_snippet_notes(snippet, previous),
    ]
    if snippet.optional_commands:
        lines.append(OPTIONAL_NOTE)
    lines += ["set -euo pipefail", "", *(command_lines(snippet) if commands is None else commands)]
    return "\n".join(lines) + "\n"


def file_text(snippet: Snippet) -> str:
    """A Dockerfile or named file, exactly as the post shows it."""
    return snippet.body + "\n" if snippet.body else ""


def _heredoc_marker(body: str) -> str:
    marker = "SNIPPET_EOF"
    taken = set(body.split("\n"))
    while marker in taken:
        marker += "_"
    return marker


def post_script_text(post: Post, commands: dict[int, list[str]] | None = None) -> str:
    """One script for the whole post in reading order: files are written where the post shows them.

    `commands` maps a snippet's index to its command_lines() when the caller has them already.
    """
    commands = commands or {}
    lines = [
        "#!/usr/bin/env bash",
        f"# {post.title} — 글 전체의 명령어를 읽는 순서대로 모은 스크립트",
        f"# 글: {post.url}",
        f"# 원문: {post.source}",
        GENERATED,
        "# 빈 폴더에서 실행하세요. 글에 나온 파일(Dockerfile, compose.yaml 등)도 이 폴더에 만듭니다.",
    ]
    if any(s.optional_commands for s in post.snippets):
        lines.append(OPTIONAL_NOTE)
    lines.append("set -euo pipefail")
    for snippet in post.snippets:
        title = f"{snippet.name}" + (f" · {snippet.section}" if snippet.section else "")
        lines += ["", f"# ── {title} ({snippet.source}:{snippet.line})"]
        if not snippet.is_script:
            marker = _heredoc_marker(snippet.body)
            if "/" in snippet.filename:
                lines.append(f"mkdir -p '{snippet.filename.rsplit('/', 1)[0]}'")
            lines += [f"cat > '{snippet.filename}' <<'{marker}'", *snippet.body.split("\n"), marker]
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
    previous: Snippet | None = None
    commands: dict[int, list[str]] = {}  # each block's commands go into its own file and the post's script
    for snippet in post.snippets:
        if snippet.is_script:
            commands[snippet.index] = command_lines(snippet)
            files.append(OutputFile(download_path(snippet), script_text(snippet, post, previous, commands[snippet.index]),
                                    executable=True))
            previous = snippet
        else:
            files.append(OutputFile(download_path(snippet), file_text(snippet), executable=False))
    folder = f"{OUTPUT_FOLDER}/{post.slug}"
    files.append(OutputFile(f"{folder}/{script_name(post.slug)}", post_script_text(post, commands), executable=True))
    files.append(OutputFile(f"{folder}/snippets.json", manifest_text(post, siteurl)))
    return files
