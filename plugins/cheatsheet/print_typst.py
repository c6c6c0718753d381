"""The printable cheat sheets as Typst documents for the PDFs: A4, two columns, Korean fonts.

Two documents: the full sheet (by post, every entry with its example and explanation) and the
"핵심" sheet (by topic, the general forms of the series once each, glue left out), which fits two
pages. No entry may break across a column or a page (an unbreakable block); a heading is kept with
the first entry under it. A long command is wrapped at a space with a shell continuation (` \\`) and
a hanging indent, so what a reader types from paper still runs. Links are absolute. All text goes
into the document as Typst string literals, so nothing the author writes is read as markup.
"""

from __future__ import annotations

import re
import unicodedata

from plugins.cheatsheet.inline import ENV_RE, HANGUL_RE, PLACEHOLDER_RE, _pieces, split_words
from plugins.cheatsheet.model import GLUE_TOPIC, OPTIONAL_MARK, CheatEntry, CheatSheet
from plugins.cheatsheet.page_data import topic_entries

FULL_WIDTH = 52  # monospace characters per command line in a column of the full sheet
CORE_WIDTH = 60
CONTINUED = " \\"
PLACE = "entry-place"  # label of the metadata each entry leaves at its start and end (page, column)
# What `mark` is with `marks=True` (the tests ask where each entry landed). Otherwise nothing: the marks
# are invisible and leave the same PDF bytes, but each is a `context` that Typst lays out again on every
# pass, which costs a big sheet time and memory.
MARK = "context [#metadata((id: id, page: here().page(), x: here().position().x.pt())) <" + PLACE + ">]"


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
            indent = 2 if out and out[-1].endswith(CONTINUED) else 0
            if current and columns(candidate) + 2 + indent > width:
                out.append(current + CONTINUED)
                current = word
            else:
                current = candidate
        out.append(current)
    return out


# Debian's Nanum faces (TrueType, 2 to 5 MB): Typst reads each face it uses whole and keeps it, and a
# Noto CJK face is a 20 MB collection. A Korean font draws the backslash as a won sign (₩), so the
# text font takes that one character from DejaVu Sans; the coding face draws it as a backslash.
FONTS = r'((name: "DejaVu Sans", covers: regex("\\\\")), "NanumBarunGothic")'
MONO = ("NanumGothicCoding", "DejaVu Sans Mono")

# The page, fonts and boxes; `size`, `leading`, `cmd` and `gap` differ between the two sheets (_document).
# Few layout elements per entry: Typst keeps every block, stack and box it lays out (with what the
# layout depended on) until the process ends, so each one an entry needs costs memory on a big sheet.
# An entry is one block (the left rule) holding the shaded command block and its paragraphs, spaced
# by `v`; in the command block, a line with continuations is a paragraph whose hanging indent indents
# them.
PREAMBLE = """#set document(title: {title}, date: none)
#set page(paper: "a4", margin: (top: 13mm, left: 11mm, right: 11mm, bottom: 14mm), columns: 2,
  footer: context align(center, text(size: 7.5pt, fill: rgb("#555"),
    counter(page).display("1 / 1", both: true))))
#set columns(gutter: 6mm)
#set text(font: {fonts}, size: {size}, fill: rgb("#111"), lang: "ko")
#set par(leading: {leading}, spacing: 0pt)
#set block(spacing: 0pt)
#let mono = {mono}
#let ph(s) = text(weight: "bold", fill: rgb("#8a4b00"), s)
#let env(s) = s
#let opt = text(font: {fonts}, weight: "bold", fill: rgb("#8a4b00"), "{optional} ")
#let example(..parts) = text(font: mono, size: 7.2pt, fill: rgb("#444"), "예: " + parts.pos().join())
#let mark(id) = {mark}
#let code(..parts) = box(fill: rgb("#f4f4f4"), text(font: mono, size: 7.6pt, parts.pos().join()))
#let cmd(..groups) = block(width: 100%, fill: rgb("#f4f4f4"), inset: (x: 1mm, y: {cmd_pad}), {{
  set par(leading: {line_gap}, spacing: {line_gap}, hanging-indent: 2 * 0.6 * {cmd})
  set text(font: mono, size: {cmd})
  groups.pos().join(parbreak())
}})
#let entry(id, body) = block(breakable: false, width: 100%,
  stroke: (left: 0.8pt + rgb("#c9d3e0")), inset: (left: 1.5mm), mark(id) + body + mark(id))
#let next = v({spacing})
#let line = v({line_gap})
#let explained = v({spacing} + {ex_top})
#let h2(body) = block(width: 100%, fill: rgb("#e8eef6"), radius: 1mm, inset: (x: 1.5mm, y: 0.8mm),
  text(size: 10.5pt, weight: "bold", body)) + v(1mm)
#let h3(body) = v(1.2mm) + text(size: 8.8pt, weight: "bold", fill: rgb("#1d4f91"), body) + v(0.8mm)
#let keep(first, body) = v(if first {{ 0pt }} else {{ 3mm }}, weak: true) + block(breakable: false, width: 100%, body)
#let gap = v({gap})
#place(top, float: true, scope: "parent", block(width: 100%, stroke: (bottom: 1pt + rgb("#222")),
  inset: (bottom: 1.5mm), below: 3mm, {{
  text(size: 14pt, weight: "bold", bottom-edge: "descender", {title})
  v(1mm)
  text(size: 7.6pt, fill: rgb("#333"), bottom-edge: "descender", [#ph("<이름>"): 알맞은 값으로 바꿔 넣을 자리 · {optional}: 꼭 하지 않아도 되는 명령어 · 줄 끝 \\\\: 다음 줄에 이어짐 · {note}온라인: #{online}]){proven}
}}))
"""


def string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _tuple(items: tuple[str, ...]) -> str:
    return "(" + ", ".join(string(i) for i in items) + ",)"


def command_parts(command: str) -> list[str]:
    """The command as Typst expressions: plain strings, placeholders `ph(...)` and variables `env(...)`."""
    marks = sorted([(m.start(), m.end(), "ph") for m in PLACEHOLDER_RE.finditer(command)]
                   + [(m.start(), m.end(), "env") for m in ENV_RE.finditer(command)])
    out, pos = [], 0
    for start, end, kind in marks:
        if start < pos:
            continue
        if start > pos:
            out.append(string(command[pos:start]))
        out.append(f"{kind}({string(command[start:end])})")
        pos = end
    if pos < len(command):
        out.append(string(command[pos:]))
    return out or ['""']


def _link(text: str, href: str) -> str:
    if href.startswith(("http://", "https://")):
        return f"link({string(href)}, {string(text)})"
    return string(text)


def _words(text: str) -> list[str]:
    """Text whose Hangul words are each an unbreakable box: Korean breaks between words (CSS keep-all),
    while Typst, as UAX #14 allows, would break between any two syllables."""
    return [f"box({string(part)})" if HANGUL_RE.search(part) else string(part)
            for part in re.split(r"(\s+)", text) if part]


def _explanation(text: str) -> str:
    parts = []
    for kind, piece in _pieces(text):
        if kind == "code":
            parts.append(f"code({', '.join(command_parts(piece))})")
        elif kind == "bold":
            parts.append(f'text(weight: "bold", [#{"#".join(_words(piece))}])')
        else:
            parts.extend(_words(piece))
    return "[#" + "#".join(parts) + "]" if parts else "[]"


def _entry(entry: CheatEntry, number: int, width: int, example: bool) -> str:
    lines = wrapped(entry.shown, width)
    groups: list[list[str]] = []  # a line and its continuations: one paragraph, the continuations indented
    for i, line in enumerate(lines):
        parts = command_parts(line)
        if i == 0 and entry.optional:
            parts.insert(0, "opt")
        if i and lines[i - 1].endswith(CONTINUED):
            groups[-1] += ["linebreak()", *parts]
        else:
            groups.append(parts)
    # Only a group with continuations is a paragraph of its own (its hanging indent), as a paragraph
    # is one more element to lay out and tag.
    body = f"cmd({', '.join(('par' if 'linebreak()' in group else '') + '[#' + '#'.join(group) + ']' for group in groups)})"
    if entry.href.startswith(("http://", "https://")):
        body = f"link({string(entry.href)}, {body})"
    items = [body]
    if example and entry.form and " ".join(entry.form.split()) != " ".join(entry.command.split()):
        items += ["next", f"example({', '.join(command_parts(entry.command))})"]
    explained = entry.explanation if example else entry.explanation[:1]
    for i, line in enumerate(explained):
        items += ["line" if i else "explained", _explanation(line)]
    return f'entry("entry-{number}", [#{"#".join(items)}])'


def _document(sheet: CheatSheet, title: str, body: list[str], core: bool, note: str, marks: bool) -> str:
    size, leading, cmd = (7.6, 0.55, 7.3) if core else (8.4, 0.65, 7.9)  # CSS line-height 1.3 / 1.38 less the cap height
    head = PREAMBLE.format(
        title=string(title), fonts=FONTS, mono=_tuple(MONO), online=_link(sheet.url, sheet.url),
        mark=MARK if marks else "none",
        optional=OPTIONAL_MARK, note=re.sub(r"([\\#\[\]*_`$<>@=-])", r"\\\1", note),
        size=f"{size}pt", leading=f"{leading}em", cmd=f"{cmd}pt",
        line_gap=f"{leading * size:g}pt",  # the leading of the body text, between a command's lines too
        spacing=f"{0.65 * size:g}pt",  # between an entry's command, example and explanation
        cmd_pad="0.3mm + 0.2em" if core else "0.5mm + 0.25em", gap="0.9mm + 0.55em" if core else "1.6mm + 0.65em",
        ex_top="0.2mm" if core else "0.4mm",
        proven=f"\n  v(0.6mm)\n  text(size: 7pt, fill: rgb(\"#555\"), {string(sheet.proven_on)})" if sheet.proven_on else "")
    return head + "".join(f"#{line}\n#gap\n" for line in body)


def print_typst(sheet: CheatSheet, marks: bool = False) -> str:
    """The full sheet, by post; entry ids (entry-1, entry-2, ...) follow the sheet's order. With `marks`,
    each entry leaves its place at both ends as metadata labelled PLACE (for `typst.query`)."""
    body: list[str] = []
    number = 0
    for post in sheet.posts:
        first_of_post = True
        for section in post.sections:
            for index, entry in enumerate(section.entries):
                number += 1
                if index:
                    body.append(_entry(entry, number, FULL_WIDTH, True))
                    continue
                heads = [f"h2({_link(post.title, post.url)})"] if first_of_post else []
                heads.append(f"h3({_link(section.title or post.title, section.href)})")
                first = number == 1 or not first_of_post  # a post's first heading gets space above it
                body.append(f"keep({'true' if first else 'false'}, "
                            f"[#{'#'.join([*heads, _entry(entry, number, FULL_WIDTH, True)])}])")
                first_of_post = False
    return _document(sheet, sheet.title, body, False, "", marks)


def core_typst(sheet: CheatSheet, marks: bool = False) -> str:
    """The "핵심" sheet: by topic, each general form once with its first explanation line; no glue,
    and no command the author gave no general form (those are examples, in the full sheet)."""
    body: list[str] = []
    number = 0
    for topic, all_entries in topic_entries(sheet).items():
        entries = [entry for entry in all_entries if entry.form]
        if topic == GLUE_TOPIC or not entries:
            continue
        for index, entry in enumerate(entries):
            number += 1
            if index:
                body.append(_entry(entry, number, CORE_WIDTH, False))
            else:
                body.append(f"keep({'true' if number == 1 else 'false'}, "
                            f"[#h2({string(topic)})#{_entry(entry, number, CORE_WIDTH, False)}])")
    return _document(sheet, f"{sheet.title} — 핵심", body, True, "예시와 보조 명령어는 전체 PDF에 · ", marks)


