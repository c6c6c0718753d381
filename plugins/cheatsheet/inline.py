"""Commands and explanations as each format needs them, with the author's placeholders kept visible.

Placeholders: `<컨테이너명>` (angle brackets around a name with Hangul in it) is something the reader
replaces; `$USER` is left to the shell. Every format keeps both visible:
- HTML/PDF: `<var class="placeholder">&lt;컨테이너명&gt;</var>`, `<var class="env">$USER</var>`;
- Markdown and JSON: as written;
- navi: `<컨테이너명>` is already navi's variable syntax, so navi asks for it (spaces and punctuation in
  the name become `_`); `$USER` stays literal text for the shell;
- tldr: `{{컨테이너명}}` (tldr's placeholder syntax); literal `{{`/`}}` (Go templates) become `\\{\\{`/`\\}\\}`
  as the tldr client specification says; `$USER` stays literal.
Only Hangul names count as placeholders: `<h1>` in `echo '<h1>...'` is HTML the command writes.

Explanations are the author's inline Markdown; only code spans, **bold** and [links](...) are read,
because that is all the posts use inside a list item (Python-Markdown has no inline-only API).
"""

from __future__ import annotations

import re
from html import escape

PLACEHOLDER_RE = re.compile(r"<(?P<name>[^<>\n'\"`]*[\uac00-\ud7a3\u3131-\u318e][^<>\n'\"`]*)>")
ENV_RE = re.compile(r"\$(?:\{[A-Z_][A-Z0-9_]*\}|[A-Z_][A-Z0-9_]*)")
# navi's own variable pattern (src/deser/mod.rs: `\\?<(\w[\w\d\-_]*)>`; Rust's \w is Unicode like Python's).
NAVI_VAR_RE = re.compile(r"\\?<(\w[\w\-]*)>")
NAVI_SPECIAL_STARTS = ("%", "#", ";", "$", "@")  # navi reads lines starting with these as non-commands
_INLINE_RE = re.compile(
    r"(?P<ticks>`+)(?P<code>.+?)(?P=ticks)(?!`)"
    r"|(?P<strong>\*\*|__)(?P<bold>.+?)(?P=strong)"
    r"|\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]+)\)"
)
HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_SENTENCE_ENDS = (".", "!", "?", "。", ":")
_CONTINUATION_RE = re.compile(r"[ \t]*\\\n[ \t]*")


# -- explanations ---------------------------------------------------------------------------------

def _code(m: re.Match) -> str:
    code = m.group("code")
    return code[1:-1] if code.startswith(" ") and code.endswith(" ") and code.strip() else code


def _pieces(text: str):
    """(kind, text) runs of an explanation line: 'text', 'code', 'bold', 'link'."""
    pos = 0
    for m in _INLINE_RE.finditer(text):
        if m.start() > pos:
            yield "text", text[pos:m.start()]
        if m.group("ticks"):
            yield "code", _code(m)
        elif m.group("strong"):
            yield "bold", m.group("bold")
        else:
            yield "link", m.group("label")
        pos = m.end()
    if pos < len(text):
        yield "text", text[pos:]


def explanation_html(text: str) -> str:
    """Safe HTML of an explanation line: code spans as commands, **bold** kept, links as their text."""
    out = []
    for kind, piece in _pieces(text):
        if kind == "code":
            out.append(f"<code>{command_html(piece)}</code>")
        elif kind == "bold":
            out.append(f"<strong>{escape(piece, quote=False)}</strong>")
        else:
            out.append(escape(piece, quote=False))
    return "".join(out)


def explanation_plain(text: str, code_ticks: bool = False) -> str:
    """Without markup; code spans keep their backticks when `code_ticks` (tldr descriptions use them)."""
    # What "".join(_pieces) would give, in one re.sub: every format calls this for every entry.
    return _INLINE_RE.sub(_plain_ticks if code_ticks else _plain, text)


def _plain(m: re.Match) -> str:
    if m.group("ticks"):
        return _code(m)
    return m.group("bold") if m.group("strong") else m.group("label")


def _plain_ticks(m: re.Match) -> str:
    return f"`{_code(m)}`" if m.group("ticks") else _plain(m)


def explanation_markdown(text: str) -> str:
    """The author's Markdown, with a bare `<...>` outside code spans escaped so it stays visible."""
    out = []
    for m_kind, piece in _pieces_raw(text):
        out.append(piece.replace("<", "\\<") if m_kind == "text" else piece)
    return "".join(out)


def _pieces_raw(text: str):
    pos = 0
    for m in _INLINE_RE.finditer(text):
        if m.start() > pos:
            yield "text", text[pos:m.start()]
        yield "markup", m.group(0)
        pos = m.end()
    if pos < len(text):
        yield "text", text[pos:]


def joined_plain(lines: tuple[str, ...], code_ticks: bool = False) -> str:
    """Explanation lines as one line (navi and tldr descriptions hold one line); a line that ends
    without a full stop gets one, so "포트 연결" and the next sentence do not run together."""
    texts = [" ".join(explanation_plain(line, code_ticks).split()) for line in lines]
    texts = [t for t in texts if t]
    return " ".join(t if i == len(texts) - 1 or t.endswith(_SENTENCE_ENDS) else f"{t}."
                    for i, t in enumerate(texts))


# -- commands -------------------------------------------------------------------------------------

def placeholders(command: str) -> tuple[str, ...]:
    """The placeholder names in a command, in order, each once."""
    return tuple(dict.fromkeys(m.group("name") for m in PLACEHOLDER_RE.finditer(command)))


def command_html(command: str) -> str:
    """Escaped command text with placeholders and environment variables marked as <var>."""
    marks = sorted([(m.start(), m.end(), "placeholder") for m in PLACEHOLDER_RE.finditer(command)]
                   + [(m.start(), m.end(), "env") for m in ENV_RE.finditer(command)])
    out, pos = [], 0
    for start, end, kind in marks:
        if start < pos:
            continue
        out.append(escape(command[pos:start], quote=False))
        out.append(f'<var class="{kind}">{escape(command[start:end], quote=False)}</var>')
        pos = end
    out.append(escape(command[pos:], quote=False))
    return "".join(out)


def navi_name(name: str) -> str:
    return re.sub(r"[^\w-]+", "_", name).strip("_-") or "값"


def navi_command(command: str) -> str | None:
    """The command as navi cheat lines, or None when navi would misread it.

    navi has no escape for `<word>`: a command that holds one that is not a placeholder (HTML in an
    echo) would make navi ask for a value, so it is left out. So are multi-line commands with a blank
    line or a line navi reads as markup (a heredoc line starting with `#`).
    """
    if NAVI_VAR_RE.search(PLACEHOLDER_RE.sub("", command)):
        return None
    if any(not line.strip() or line.lstrip().startswith(NAVI_SPECIAL_STARTS) for line in command.split("\n")):
        return None
    return PLACEHOLDER_RE.sub(lambda m: f"<{navi_name(m.group('name'))}>", command)


def tldr_command(command: str) -> str | None:
    """The command as one tldr example line, or None when it cannot be one (a heredoc, a backtick)."""
    line = _CONTINUATION_RE.sub(" ", command)
    if "\n" in line or "`" in line or not line.strip():
        return None
    line = line.replace("{{", "\\{\\{").replace("}}", "\\}\\}")
    return PLACEHOLDER_RE.sub(lambda m: "{{" + m.group("name") + "}}", line).strip()


def markdown_code(command: str, indent: str = "") -> str:
    """A code span for one line; a fenced block (indented by `indent`) for several."""
    if "\n" in command:
        fence = "`" * max(3, _longest_run(command, "`") + 1)
        body = "\n".join(f"{indent}{line}" if line else "" for line in command.split("\n"))
        return f"\n{indent}{fence}bash\n{body}\n{indent}{fence}"
    ticks = "`" * (_longest_run(command, "`") + 1)
    pad = " " if command.startswith("`") or command.endswith("`") else ""
    return f"{ticks}{pad}{command}{pad}{ticks}"


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max((len(r) for r in runs), default=0)


def split_words(line: str) -> list[str]:
    """The line's words for wrapping: split at spaces outside quotes, the quotes kept as written."""
    words, current, quote = [], [], ""
    for char in line:
        if quote:
            current.append(char)
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
            current.append(char)
        elif char in " \t":
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words
