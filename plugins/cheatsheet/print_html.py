"""The printable cheat sheet as one HTML document for WeasyPrint: A4, two columns, Korean fonts.

No entry may break across a column or a page (`break-inside: avoid`); a heading is kept with the
first entry under it by wrapping both in one unbreakable box, because a heading alone at the foot
of a column helps nobody.
"""

from __future__ import annotations

from html import escape

from cheatsheet.inline import command_html, explanation_html
from cheatsheet.model import OPTIONAL_MARK, CheatEntry, CheatSheet

# Noto Sans CJK KR comes from Debian's fonts-noto-cjk (deb-packages.txt).
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
.post + .post .keep:first-child { margin-top: 3mm; }
.entry { margin: 0 0 1.6mm 0; padding-left: 1.5mm; border-left: 0.8pt solid #c9d3e0; }
.cmd { display: block; font-family: "Noto Sans Mono CJK KR", "DejaVu Sans Mono", monospace; font-size: 7.9pt;
       white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f4; padding: 0.5mm 1mm; }
.optional { font-weight: bold; color: #8a4b00; margin-right: 1mm; font-family: "Noto Sans CJK KR", sans-serif; }
.ex { margin: 0.4mm 0 0 0; padding: 0; list-style: none; }
.ex li { margin: 0; }
.ex code { font-family: "Noto Sans Mono CJK KR", monospace; font-size: 7.6pt; background: #f4f4f4; }
.w { white-space: nowrap; }
var { font-style: normal; }
var.placeholder { color: #8a4b00; font-weight: bold; }
a { color: inherit; text-decoration: none; }
"""


def _entry(entry: CheatEntry, number: int) -> str:
    mark = f'<span class="optional">{OPTIONAL_MARK}</span>' if entry.optional else ""
    explanation = "".join(f"<li>{explanation_html(line, keep_words=True)}</li>" for line in entry.explanation)
    return (f'<div class="entry" id="entry-{number}"><code class="cmd">{mark}{command_html(entry.command)}</code>'
            f'<ul class="ex">{explanation}</ul></div>')


def _link(text: str, href: str) -> str:
    if href.startswith(("http://", "https://")):
        return f'<a href="{escape(href)}">{escape(text)}</a>'
    return escape(text)


def print_html(sheet: CheatSheet) -> str:
    """The document the PDF is made from; entry ids (entry-1, entry-2, ...) follow the sheet's order."""
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
                                 f"</h3>{_entry(entry, number)}</div>")
                    first_of_post = False
                else:
                    parts.append(_entry(entry, number))
        parts.append("</section>")
        body.append("".join(parts))
    online = _link(sheet.url, sheet.url)
    return (
        '<!DOCTYPE html>\n<html lang="ko">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(sheet.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(sheet.title)}</h1>"
        f"<p>{OPTIONAL_MARK}: 꼭 하지 않아도 되는 명령어 · "
        '<var class="placeholder">&lt;이름&gt;</var>: 알맞은 값으로 바꿔 넣을 자리 · '
        f"온라인: {online}</p></header>\n"
        f'<main class="sheet">\n{"".join(body)}\n</main>\n</body>\n</html>\n'
    )
