"""The cheat sheet as one Markdown file, in the author's own shape: the command, its explanation nested below."""

from __future__ import annotations

from collections.abc import Iterator

from plugins.cheatsheet.inline import explanation_markdown, markdown_code
from plugins.cheatsheet.lines import joined_lines
from plugins.cheatsheet.model import MORE_SLUG, OPTIONAL_MARK, CheatEntry, CheatSheet

NOTE = ("> 블로그 빌드가 글에서 자동으로 만든 파일입니다. {mark} 표시는 꼭 하지 않아도 되는 명령어이고, "
        "`<이름>`은 알맞은 값으로 바꿔 넣을 자리입니다.")


def _title(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _link(text: str, href: str) -> str:
    return f"[{_title(text)}]({href})" if href else _title(text)


def _entry(entry: CheatEntry) -> list[str]:
    """The general form (else the command), its explanation, then the post's own command as an example."""
    mark = f"{OPTIONAL_MARK} " if entry.optional else ""
    code = markdown_code(entry.shown, indent="  ")
    label = "도커 문서" if entry.post == MORE_SLUG else "글에서 보기"
    lines = [f"- {mark}{code} ({_link(label, entry.href)})" if "\n" not in entry.shown
             else f"- {mark}{_link(label, entry.href)}{code}"]
    lines += [f"  - {explanation_markdown(text)}" for text in entry.explanation]
    if entry.form and entry.form.split() != entry.command.split():
        lines.append(f"  - 예: {markdown_code(entry.command, indent='    ')}")
    return lines


def markdown_lines(sheet: CheatSheet) -> Iterator[str]:
    yield from [f"# {_title(sheet.title)}", "", NOTE.format(mark=OPTIONAL_MARK), f"> 온라인: <{sheet.url}>", ""]
    for post in sheet.posts:
        if not post.sections:
            continue
        yield from [f"## {_link(post.title, post.url)}", ""]
        for section in post.sections:
            yield from [f"### {_link(section.title or post.title, section.href)}", ""]
            for entry in section.entries:
                yield from _entry(entry)
            yield ""
    if sheet.missing:
        yield from ["## 설명이 아직 없는 명령어", "",
                    "글에 해석이 없어 위 목록에 넣지 않은 명령어입니다. 글에 설명을 쓰면 다음 빌드부터 들어갑니다.", ""]
        for post in sheet.posts:
            if post.missing:
                yield from [f"### {_link(post.title, post.url)}", ""]
                yield from [f"- {markdown_code(e.command, indent='  ')} ({e.where})" if "\n" not in e.command
                            else f"- {e.where}{markdown_code(e.command, indent='  ')}" for e in post.missing]
                yield ""


def markdown_text(sheet: CheatSheet) -> str:
    return "".join(markdown_chunks(sheet))


def markdown_chunks(sheet: CheatSheet) -> Iterator[str]:
    """The Markdown text in pieces (18 MB for 5,000 posts), never built whole."""
    return joined_lines(markdown_lines(sheet), strip_end=True)
