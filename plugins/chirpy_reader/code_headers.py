"""What Chirpy shows around a code block: line numbers or not, and a header with a label and a copy button.

Chirpy numbers every block but console, terminal and plain text, and `{: .nolineno }` turns the
numbers off; its header names the language, or the file of `{: file="..." }`. Command blocks the
snippets plugin takes (shell, console, Dockerfile, named files) get that plugin's header, which
also offers the download; every other block gets this one, in the same shape and classes, so the
theme styles and wires both alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from plugins.chirpy_reader.markdown_lines import Attributes

UNNUMBERED = {"", "text", "plaintext", "plain", "console", "terminal", "shell_session", "shell-session"}
# kramdown.py's class on a fence with an IAL: a class name superfences hands the highlighter, not HTML.
KRAMDOWN_MARK_RE = re.compile(r"^kdfence-(\d+)$")
WRAPPERS = "code_block_wrappers"  # md attribute: {fence class: wrap(block html) -> html} (context.py)


@dataclass(frozen=True)
class CodeBlock:
    language: str  # as written after the fence ("" for none)
    file: str  # the `file=` of its IAL, or ""
    numbered: bool
    own_header: bool  # False when another plugin wraps the block with its own header
    ial: Attributes | None = None  # the IAL on the line after the fence
    wrap: Callable[[str], str] | None = None  # that plugin's wrapper
    classes: tuple[str, ...] = ()  # the fence's classes but the markers

    @property
    def label(self) -> str:
        return self.file or self.language or "text"


def code_block_info(md, language: str, classes: list[str]) -> CodeBlock:
    """How a fenced or indented block is shown: its language, the IAL kramdown.py kept for it (by its
    marker class) and the wrapper a plugin registered for one of its classes."""
    ial: Attributes | None = None
    wrap = None
    kept: list[str] = []
    fence_attrs = getattr(md, "kramdown_fence_attrs", []) if md is not None else []
    wrappers = getattr(md, WRAPPERS, {}) if md is not None else {}
    for name in classes:
        m = KRAMDOWN_MARK_RE.match(name)
        if m and int(m.group(1)) < len(fence_attrs):
            ial = fence_attrs[int(m.group(1))]
        elif name in wrappers:
            wrap = wrappers[name]
        else:
            kept.append(name)
    ial_classes = ial.classes if ial else ()
    language = (language or "").strip()
    numbered = language.lower() not in UNNUMBERED and "nolineno" not in ial_classes and "nolineno" not in classes
    return CodeBlock(language, (ial.get("file") if ial else None) or "", numbered, wrap is None, ial, wrap,
                     tuple(kept))


def ial_attributes(ial: Attributes | None) -> tuple[str, str]:
    """(` id="..."`, ` data-...="..."` for every other key) of a fence's IAL, escaped for an HTML attribute."""
    if ial is None:
        return "", ""
    ident = f' id="{_escape(ial.get("id"))}"' if ial.get("id") is not None else ""
    data = "".join(f' data-{_attr_name(k)}="{_escape(v)}"' for k, v in ial.as_dict().items() if k != "id")
    return ident, data


def _attr_name(key: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", key.lower())


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def code_block_html(block: CodeBlock, source: str, highlighted: str) -> str:
    """The highlighted block inside its header, or inside what the plugin that wraps it writes."""
    if block.wrap is not None:
        return block.wrap(highlighted)
    return (
        f'<div class="code-block" data-lang="{escape(block.language or "text")}">'
        f'<div class="snippet-header"><span class="snippet-label">{escape(block.label)}</span>'
        f'<button class="snippet-copy" type="button" data-copy="{escape(source.rstrip(chr(10)))}" '
        f'aria-label="코드 복사">복사</button></div>\n{highlighted}\n</div>'
    )
