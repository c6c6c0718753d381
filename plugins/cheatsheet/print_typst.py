"""The printable cheat sheets as Typst documents: A4, two columns, Korean fonts; the layout of print_html.

Same two documents, same order and wrapping: the full sheet (by post, every entry with its example and
explanation) and the "핵심" sheet (by topic, general forms once, glue left out). No entry breaks across a
column or a page (an unbreakable block); a heading is kept with the first entry under it. All text
goes into the document as Typst string literals, so nothing the author writes is read as markup.
"""

from __future__ import annotations

import re

from cheatsheet.inline import ENV_RE, PLACEHOLDER_RE, _pieces
from cheatsheet.model import GLUE_TOPIC, OPTIONAL_MARK, CheatEntry, CheatSheet
from cheatsheet.page_data import topic_entries
from cheatsheet.print_html import CONTINUED, CORE_WIDTH, FULL_WIDTH, wrapped

FONTS = ("Noto Sans CJK KR",)
MONO = ("Noto Sans Mono CJK KR", "DejaVu Sans Mono")

# The print style of print_html.STYLE, in Typst. `size`, `cmd` and `gap` differ between the two sheets.
PREAMBLE = """#set document(title: {title})
#set page(paper: "a4", margin: (top: 13mm, left: 11mm, right: 11mm, bottom: 14mm), columns: 2,
  footer: context align(center, text(size: 7.5pt, fill: rgb("#555"),
    counter(page).display("1 / 1", both: true))))
#set columns(gutter: 6mm)
#set text(font: {fonts}, size: {size}, fill: rgb("#111"), lang: "ko")
#set par(leading: {leading}, spacing: 0pt)
#show link: set text(fill: rgb("#111"))
#let mono = {mono}
#let ph(s) = text(weight: "bold", fill: rgb("#8a4b00"), s)
#let env(s) = s
#let code(..parts) = box(fill: rgb("#f4f4f4"), text(font: mono, size: 7.6pt, parts.pos().join()))
#let cmdline(cont, ..parts) = block(spacing: 0pt, inset: (left: if cont {{ 2 * 0.6 * {cmd} }} else {{ 0pt }}),
  text(font: mono, size: {cmd}, parts.pos().join()))
#let cmd(..lines) = block(width: 100%, fill: rgb("#f4f4f4"), inset: (x: 1mm, y: {cmd_pad}), spacing: 0pt,
  stack(spacing: {leading}, ..lines))
#let ex(..items) = pad(top: {ex_top}, stack(spacing: {leading}, ..items))
#let entry(body) = block(breakable: false, width: 100%, below: {gap}, above: 0pt,
  stroke: (left: 0.8pt + rgb("#c9d3e0")), inset: (left: 1.5mm), body)
#let h2(body) = block(width: 100%, fill: rgb("#e8eef6"), radius: 1mm, inset: (x: 1.5mm, y: 0.8mm),
  below: 1mm, above: 0pt, text(size: 10.5pt, weight: "bold", body))
#let h3(body) = block(above: 1.2mm, below: 0.8mm, text(size: 8.8pt, weight: "bold", fill: rgb("#1d4f91"), body))
#let keep(first, body) = block(breakable: false, width: 100%, above: if first {{ 0pt }} else {{ 3mm }}, below: 0pt, body)
#place(top, float: true, scope: "parent", block(width: 100%, stroke: (bottom: 1pt + rgb("#222")),
  inset: (bottom: 1.5mm), below: 3mm, {{
  text(size: 14pt, weight: "bold", {title})
  v(1mm)
  text(size: 7.6pt, fill: rgb("#333"), [#ph("<이름>"): 알맞은 값으로 바꿔 넣을 자리 · {optional}: 꼭 하지 않아도 되는 명령어 · 줄 끝 \\\\: 다음 줄에 이어짐 · {note}온라인: #{online}])
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


def _explanation(text: str) -> str:
    parts = []
    for kind, piece in _pieces(text):
        if kind == "code":
            parts.append(f"code({', '.join(command_parts(piece))})")
        elif kind == "bold":
            parts.append(f'text(weight: "bold", {string(piece)})')
        else:
            parts.append(string(piece))
    return "[#" + "#".join(parts) + "]" if parts else "[]"


def _entry(entry: CheatEntry, width: int, example: bool) -> str:
    lines = wrapped(entry.shown, width)
    shown = []
    for i, line in enumerate(lines):
        parts = command_parts(line)
        if i == 0 and entry.optional:
            parts.insert(0, f'text(font: ("{FONTS[0]}",), weight: "bold", fill: rgb("#8a4b00"), {string(OPTIONAL_MARK + " ")})')
        cont = "true" if i and lines[i - 1].endswith(CONTINUED) else "false"
        shown.append(f"cmdline({cont}, {', '.join(parts)})")
    body = f"cmd({', '.join(shown)})"
    if entry.href.startswith(("http://", "https://")):
        body = f"link({string(entry.href)}, {body})"
    items = [body]
    if example and entry.form and " ".join(entry.form.split()) != " ".join(entry.command.split()):
        items.append(f'text(font: mono, size: 7.2pt, fill: rgb("#444"), [#"예: "#{"#".join(command_parts(entry.command))}])')
    explained = entry.explanation if example else entry.explanation[:1]
    if explained:
        items.append(f"ex({', '.join(_explanation(line) for line in explained)})")
    return f"entry(stack({', '.join(items)}))"


def _document(sheet: CheatSheet, title: str, body: list[str], core: bool, note: str) -> str:
    head = PREAMBLE.format(
        title=string(title), fonts=_tuple(FONTS), mono=_tuple(MONO), online=_link(sheet.url, sheet.url),
        optional=OPTIONAL_MARK, note=re.sub(r"([\\#\[\]*_`$<>@=-])", r"\\\1", note),
        size="7.9pt" if core else "8.4pt", leading="0.6em" if core else "0.68em",
        cmd="7.6pt" if core else "7.9pt", cmd_pad="0.3mm" if core else "0.5mm", gap="1.1mm" if core else "1.6mm",
        ex_top="0.2mm" if core else "0.4mm")
    return head + "\n".join(f"#{line}" for line in body) + "\n"


def print_typst(sheet: CheatSheet) -> str:
    """The full sheet, by post."""
    body: list[str] = []
    first = True
    for post in sheet.posts:
        first_of_post = True
        for section in post.sections:
            for index, entry in enumerate(section.entries):
                if index:
                    body.append(_entry(entry, FULL_WIDTH, True))
                    continue
                heads = [f"h2({_link(post.title, post.url)})"] if first_of_post else []
                heads.append(f"h3({_link(section.title or post.title, section.href)})")
                body.append(f"keep({'true' if first or not first_of_post else 'false'}, "
                            f"stack({', '.join([*heads, _entry(entry, FULL_WIDTH, True)])}))")
                first = first_of_post = False
    return _document(sheet, sheet.title, body, False, "")


def core_typst(sheet: CheatSheet) -> str:
    """The "핵심" sheet: by topic, each general form once with its first explanation line."""
    body: list[str] = []
    first = True
    for topic, all_entries in topic_entries(sheet).items():
        entries = [entry for entry in all_entries if entry.form]
        if topic == GLUE_TOPIC or not entries:
            continue
        body.append(f"keep({'true' if first else 'false'}, stack(h2({string(topic)}), {_entry(entries[0], CORE_WIDTH, False)}))")
        body += [_entry(entry, CORE_WIDTH, False) for entry in entries[1:]]
        first = False
    return _document(sheet, f"{sheet.title} — 핵심", body, True, "예시와 보조 명령어는 전체 PDF에 · ")


def render_typst(document: str) -> bytes:
    import typst

    return typst.compile(document.encode("utf-8"), font_paths=["/usr/share/fonts/opentype/noto"],
                         ignore_system_fonts=True)
