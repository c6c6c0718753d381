"""The printable cheat sheets as HTML documents for WeasyPrint: A4, two columns, Korean fonts.

Two documents: the full sheet (by post, every entry with its example and explanation) and the
"핵심" sheet (by topic, the general forms of the series once each, glue left out), which fits two
pages. No entry may break across a column or a page (`break-inside: avoid`); a heading is kept
with the first entry under it. A long command is wrapped at a space with a shell continuation
(` \\`) and a hanging indent, so what a reader types from paper still runs. Links are absolute.
"""

from __future__ import annotations

import unicodedata
from html import escape

from cheatsheet.inline import command_html, explanation_html, split_words
from cheatsheet.model import GLUE_TOPIC, OPTIONAL_MARK, CheatEntry, CheatSheet
from cheatsheet.page_data import topic_entries

FULL_WIDTH = 52  # monospace characters per command line in a column of the full sheet
CORE_WIDTH = 58

# Noto Sans CJK KR comes from Debian's fonts-noto-cjk (deb-packages-build.txt).
STYLE = """
@page {
  size: A4;
  margin: 13mm 11mm 14mm 11mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 7.5pt; color: #555; }
}
html { font-family: "Noto Sans CJK KR", "Noto Sans KR", sans-serif; font-size: 8.4pt; line-height: 1.38;
       color: #111; }
body { margin: 0; }
header { margin-bottom: 3mm; border-bottom: 1pt solid #222; padding-bottom: 1.5mm; }
h1 { font-size: 14pt; margin: 0 0 1mm 0; }
header p { margin: 0; font-size: 7.6pt; color: #333; }
.sheet { columns: 2; column-gap: 6mm; column-rule: 0.4pt solid #bbb; }
h2 { font-size: 10.5pt; margin: 0 0 1mm 0; padding: 0.8mm 1.5mm; background: #e8eef6; border-radius: 1mm; }
h3 { font-size: 8.8pt; margin: 1.2mm 0 0.8mm 0; color: #1d4f91; }
.keep, .entry { break-inside: avoid; }
.post + .post .keep:first-child, .topic + .topic .keep:first-child { margin-top: 3mm; }
.entry { margin: 0 0 1.6mm 0; padding-left: 1.5mm; border-left: 0.8pt solid #c9d3e0; }
.cmd { display: block; font-family: "Noto Sans Mono CJK KR", "DejaVu Sans Mono", monospace; font-size: 7.9pt;
       background: #f4f4f4; padding: 0.5mm 1mm; }
.cmd .l { display: block; white-space: pre-wrap; overflow-wrap: anywhere; }  /* a word wider than the column */
.cmd .c { padding-left: 2ch; }
.example { display: block; font-family: "Noto Sans Mono CJK KR", monospace; font-size: 7.2pt; color: #444;
           white-space: pre-wrap; overflow-wrap: anywhere; }
.optional { font-weight: bold; color: #8a4b00; margin-right: 1mm; font-family: "Noto Sans CJK KR", sans-serif; }
.ex { margin: 0.4mm 0 0 0; padding: 0; list-style: none; }
.ex li { margin: 0; }
.ex code { font-family: "Noto Sans Mono CJK KR", monospace; font-size: 7.6pt; background: #f4f4f4; }
.w { white-space: nowrap; }
var { font-style: normal; }
var.placeholder { color: #8a4b00; font-weight: bold; }
a { color: inherit; text-decoration: none; }
a.go { display: block; }
.core html, html.core { font-size: 7.9pt; line-height: 1.3; }
html.core .entry { margin-bottom: 1.1mm; }
html.core .cmd { font-size: 7.6pt; padding: 0.3mm 0.8mm; }
html.core .ex { margin-top: 0.2mm; }
"""


def columns(text: str) -> int:
    """Monospace columns: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrapped(command: str, width: int) -> list[str]:
    """The command's lines, each wider than `width` columns broken at spaces outside quotes into lines
    that end with ` \\` (a shell continuation); the caller indents the continuations (a hanging indent)."""
    out: list[str] = []
    for line in command.split("\n"):
        if columns(line) <= width or "<<" in command:  # a heredoc's body is data: never re-broken
            out.append(line)
            continue
        current = ""
        for word in split_words(line):
            candidate = f"{current} {word}" if current else word
            indent = 2 if out and out[-1].endswith(" \\") else 0
            if current and columns(candidate) + 2 + indent > width:
                out.append(current + " \\")
                current = word
            else:
                current = candidate
        out.append(current)
    return out


CONTINUED = " \\"


def _command(entry_command: str, width: int) -> str:
    lines = wrapped(entry_command, width)
    classes = ["l c" if i and lines[i - 1].endswith(CONTINUED) else "l" for i in range(len(lines))]
    return "".join(f'<span class="{c}">{command_html(line)}</span>' for c, line in zip(classes, lines, strict=True))


def _link(text: str, href: str) -> str:
    if href.startswith(("http://", "https://")):
        return f'<a href="{escape(href)}">{escape(text)}</a>'
    return escape(text)


def _entry(entry: CheatEntry, number: int, width: int, example: bool) -> str:
    mark = f'<span class="optional">{OPTIONAL_MARK}</span>' if entry.optional else ""
    lines = entry.explanation if example else entry.explanation[:1]
    explanation = "".join(f"<li>{explanation_html(line, keep_words=True)}</li>" for line in lines)
    shown = f'<code class="cmd">{mark}{_command(entry.shown, width)}</code>'
    if entry.href.startswith(("http://", "https://")):
        shown = f'<a class="go" href="{escape(entry.href)}">{shown}</a>'
    more = ""
    if example and entry.form and " ".join(entry.form.split()) != " ".join(entry.command.split()):
        more = f'<span class="example">예: {command_html(entry.command)}</span>'
    return f'<div class="entry" id="entry-{number}">{shown}{more}<ul class="ex">{explanation}</ul></div>'


def _document(sheet: CheatSheet, title: str, body: str, css_class: str, note: str) -> str:
    online = _link(sheet.url, sheet.url)
    return (
        f'<!DOCTYPE html>\n<html lang="ko" class="{css_class}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(title)}</h1>"
        '<p><var class="placeholder">&lt;이름&gt;</var>: 알맞은 값으로 바꿔 넣을 자리 · '
        f"{OPTIONAL_MARK}: 꼭 하지 않아도 되는 명령어 · 줄 끝 \\: 다음 줄에 이어짐 · {note}온라인: {online}</p>"
        + (f'<p class="proven">{escape(sheet.proven_on)}</p>' if sheet.proven_on else "") + "</header>\n"
        f'<main class="sheet">\n{body}\n</main>\n</body>\n</html>\n'
    )


def print_html(sheet: CheatSheet) -> str:
    """The full sheet, by post; entry ids (entry-1, entry-2, ...) follow the sheet's order."""
    body: list[str] = []
    number = 0
    for post in sheet.posts:
        if not post.sections:
            continue
        parts = [f'<section class="post" id="post-{escape(post.slug)}">']
        first_of_post = True
        for section in post.sections:
            for index, entry in enumerate(section.entries):
                number += 1
                if index == 0:
                    head = f"<h2>{_link(post.title, post.url)}</h2>" if first_of_post else ""
                    parts.append(f'<div class="keep">{head}<h3>{_link(section.title or post.title, section.href)}'
                                 f"</h3>{_entry(entry, number, FULL_WIDTH, True)}</div>")
                    first_of_post = False
                else:
                    parts.append(_entry(entry, number, FULL_WIDTH, True))
        parts.append("</section>")
        body.append("".join(parts))
    return _document(sheet, sheet.title, "".join(body), "full", "")


def core_html(sheet: CheatSheet) -> str:
    """The "핵심" sheet: by topic, each general form once with its first explanation line; no glue,
    and no command the author gave no general form (those are examples, in the full sheet)."""
    body: list[str] = []
    number = 0
    for topic, all_entries in topic_entries(sheet).items():
        entries = [entry for entry in all_entries if entry.form]
        if topic == GLUE_TOPIC or not entries:
            continue
        parts = [f'<section class="topic" id="topic-{escape(topic)}">']
        for index, entry in enumerate(entries):
            number += 1
            if index == 0:
                parts.append(f'<div class="keep"><h2>{escape(topic)}</h2>{_entry(entry, number, CORE_WIDTH, False)}</div>')
            else:
                parts.append(_entry(entry, number, CORE_WIDTH, False))
        parts.append("</section>")
        body.append("".join(parts))
    return _document(sheet, f"{sheet.title} — 핵심", "".join(body), "core", "예시와 보조 명령어는 전체 PDF에 · ")
