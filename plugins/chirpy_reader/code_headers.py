"""What Chirpy shows around a code block: line numbers or not, and a header with a label and a copy button.

Chirpy numbers every block but console, terminal and plain text, and `{: .nolineno }` turns the
numbers off; its header names the language, or the file of `{: file="..." }`. Command blocks the
snippets plugin takes (shell, console, Dockerfile, named files) get that plugin's header, which
also offers the download; every other block gets this one, in the same shape and classes, so the
theme styles and wires both alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

UNNUMBERED = {"", "text", "plaintext", "plain", "console", "terminal", "shell_session", "shell-session"}
KRAMDOWN_MARK_RE = re.compile(r"^kdfence-(\d+)$")  # kramdown.py's marker of a fence with an IAL
SNIPPET_MARK_PREFIX = "snippet-mark-"  # the snippets plugin's marker: that plugin writes the header


@dataclass(frozen=True)
class CodeBlock:
    language: str  # as written after the fence ("" for none)
    file: str  # the `file=` of its IAL, or ""
    numbered: bool
    own_header: bool  # False when the snippets plugin writes the header

    @property
    def label(self) -> str:
        return self.file or self.language or "text"


def code_block_info(md, language: str, classes: list[str]) -> CodeBlock:
    """How a fenced or indented block is shown, from its language and the IAL kramdown.py kept for it."""
    ial_classes: tuple[str, ...] = ()
    pairs: dict[str, str] = {}
    fence_attrs = getattr(md, "kramdown_fence_attrs", []) if md is not None else []
    for name in classes:
        m = KRAMDOWN_MARK_RE.match(name)
        if m and int(m.group(1)) < len(fence_attrs):
            found = fence_attrs[int(m.group(1))]
            ial_classes, pairs = found.classes, found.as_dict()
    language = (language or "").strip()
    numbered = language.lower() not in UNNUMBERED and "nolineno" not in ial_classes and "nolineno" not in classes
    own_header = not any(c.startswith(SNIPPET_MARK_PREFIX) for c in classes)
    return CodeBlock(language, pairs.get("file", ""), numbered, own_header)


def code_block_html(block: CodeBlock, source: str, highlighted: str) -> str:
    """The highlighted block inside its header (unless the snippets plugin writes that one)."""
    if not block.own_header:
        return highlighted
    return (
        f'<div class="code-block" data-lang="{escape(block.language or "text")}">'
        f'<div class="snippet-header"><span class="snippet-label">{escape(block.label)}</span>'
        f'<button class="snippet-copy" type="button" data-copy="{escape(source.rstrip(chr(10)))}" '
        f'aria-label="코드 복사">복사</button></div>\n{highlighted}\n</div>'
    )
