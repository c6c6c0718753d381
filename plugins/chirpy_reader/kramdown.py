"""Python-Markdown extension for what kramdown (Jekyll/Chirpy) accepts and Python-Markdown does not.

- A list may start right under a paragraph line (no blank line before it), as in GFM/kramdown.
  mdx_breakless_lists does this too, but also inside fenced code, which corrupts code blocks;
  this version skips fences and follows CommonMark (an ordered list interrupts a paragraph only
  when it starts at 1).
- Block IALs after a fenced code block (`{: file="compose.yaml" }`, `{: .nolineno }`) attach to
  the block: its fence gets a marker class, by which the highlighter (code_headers.py) finds the
  IAL and gives the highlight div its id, classes and `data-*` attributes.
- Block IALs after a blockquote (`{: .prompt-tip }`) attach to the blockquote, not its last
  paragraph (attr_list puts them on the paragraph because the IAL line is a lazy continuation).
- Chirpy's `w`/`h` image attributes mean width/height.
- Liquid: `{% raw %}`/`{% endraw %}` are dropped; any other Liquid tag left after the other
  plugins' preprocessors is an error naming the line (Jekyll would have run it; we cannot).
Nested lists indented by two spaces come from mdx_truly_sane_lists (configured by the reader).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from plugins.chirpy_reader.context import outline_of
from plugins.chirpy_reader.markdown_lines import (
    INLINE_CODE_RE,
    LIQUID_RE,
    Attributes,
    fence_opening,
    ial_body,
)
from plugins.sitebuild.errors import PostError, SourcePos

PLUGIN = "chirpy_reader"

BULLET_RE = re.compile(r"^[ ]{0,3}[*+-][ ]+\S")
ORDERED_RE = re.compile(r"^[ ]{0,3}(?P<n>\d{1,9})[.)][ ]+\S")
LIST_STARTS = "*+-0123456789"  # the first character after spaces of a line BULLET_RE or ORDERED_RE may match
LIST_ITEM_RE = re.compile(r"^(?P<indent>[ \t]*)(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)")
QUOTE_NESTING_RE = re.compile(r"^(?:[ ]{0,3}>)+")
MAX_NESTING = 32
NESTING_STARTS = (" ", "\t", ">")  # what a line nested in a list or quote starts with
MARKER_PREFIX = "kdfence-"  # code_headers.KRAMDOWN_MARK_RE
# Raw HTML blocks that Python-Markdown keeps raw until their closing tag: one left open swallows the rest
# of the post (its Markdown shows as literal `## ...`). `p` and the lists too, though HTML may omit their ends.
HTML_BLOCK_TAGS = ("div", "video", "audio", "figure", "details", "table", "picture", "section", "aside", "iframe",
                   "script", "style", "pre", "blockquote", "ul", "ol", "dl", "p")
HTML_TAG_RE = re.compile(r"<(?P<close>/)?(?P<tag>" + "|".join(HTML_BLOCK_TAGS) + r")\b[^>]*?(?P<self>/)?>", re.IGNORECASE)
BLOCK_START_RE = re.compile(r"^[ ]{0,3}(?:[#>|]|<|[*+-][ ]|\d+[.)][ ]|```|~~~|\{:)")


class KramdownPreprocessor(Preprocessor):
    """Line-level kramdown compatibility; runs after the line-number-preserving preprocessors."""

    def run(self, lines: list[str]) -> list[str]:
        post = getattr(self.md, "post", None)
        path = post.display_path if post else "<text>"
        fences = {f.start_line: f for f in outline_of(self.md, lines).fences}
        fence_attrs: list[Attributes] = []
        out: list[str] = []
        prev_kind = "blank"  # blank | text | list | other
        open_tags: list[tuple[str, int]] = []  # raw HTML block tags not closed yet, with their lines
        liquid = getattr(self.md, "liquid_enabled", True)  # `render_with_liquid: false`: all text (liquid.py)
        number = 0
        while number < len(lines):
            number += 1
            line = lines[number - 1]
            fence = fences.get(number)
            if fence is not None:
                if not fence.closed:
                    raise PostError(SourcePos(path, number), PLUGIN,
                                    f"the code block opened here with {fence.opening.fence} is never closed",
                                    f"add a line with {fence.opening.fence} where the code ends")
                out.extend(lines[number - 1:fence.end_line])
                number, prev_kind = fence.end_line, "fence-end"
                if fence.attributes is not None:
                    fence_attrs.append(fence.attributes)
                    opening = len(out) - (fence.end_line - fence.start_line + 1)
                    out[opening] = _mark_fence(out[opening], len(fence_attrs) - 1)
                    out.append("")
                    number, prev_kind = fence.ial_line, "blank"
                continue
            ial = "{:" in line and ial_body(line) is not None
            if ial and prev_kind == "blank" and not (out and out[-1].strip()):
                raise PostError(
                    SourcePos(path, number), PLUGIN,
                    f"the attribute list {line.strip()!r} is not attached to anything",
                    "put it on the line right after the block or image it is for, with no blank line between",
                )
            if liquid and "{%" in line:
                self._check_liquid(line, number, path)
            if line.startswith(NESTING_STARTS):
                _check_nesting(line, number, path)
            if "<" in line:
                _track_html(line, number, open_tags)
            if liquid and "{%" in line:
                if line.strip() in ("{% raw %}", "{% endraw %}", "{%- raw -%}", "{%- endraw -%}"):
                    out.append("")
                    continue
                line = line.replace("{% raw %}", "").replace("{% endraw %}", "")
            starts_list = line.lstrip(" ")[:1] in LIST_STARTS and (bool(BULLET_RE.match(line)) or bool(
                (om := ORDERED_RE.match(line)) and (prev_kind != "text" or om.group("n") == "1")
            ))
            if starts_list and prev_kind == "text":
                out.append("")
            out.append(line)
            if not line.strip():
                prev_kind = "blank"
            elif starts_list or (prev_kind == "list" and line.startswith((" ", "\t"))):
                prev_kind = "list"
            elif prev_kind == "list":
                prev_kind = "list"  # lazy continuation of a list item
            elif BLOCK_START_RE.match(line) or line.startswith(("    ", "\t")):
                prev_kind = "other"
            else:
                prev_kind = "text"
        if open_tags:
            tag, line_no = open_tags[0]
            raise PostError(SourcePos(path, line_no), PLUGIN, f"<{tag}> opened here is never closed",
                            f"add </{tag}>; without it the rest of the post would be swallowed as raw HTML")
        self.md.kramdown_fence_attrs = fence_attrs
        return out

    @staticmethod
    def _check_liquid(line: str, number: int, path: str) -> None:
        if "{%" not in line:
            return
        code_free = INLINE_CODE_RE.sub("", line)
        starts = set()
        for m in LIQUID_RE.finditer(code_free):
            starts.add(m.start())
            if m.group("tag") in ("raw", "endraw"):
                continue
            raise PostError(
                SourcePos(path, number), PLUGIN,
                f"Liquid tag {m.group(0)!r} is not supported here",
                "write the HTML it produced, or use a supported include (embed/video.html, embed/audio.html, "
                "embed/youtube.html, embed/twitch.html, embed/bilibili.html, embed/spotify.html)",
            )
        opened = code_free.find("{%")
        while opened >= 0:
            if opened not in starts:  # Liquid itself stops with "Tag '{%' was not properly terminated"
                raise PostError(SourcePos(path, number), PLUGIN, "a Liquid tag opened with {% is never closed with %}",
                                "close it, or put the text in `code` or between {% raw %} and {% endraw %}")
            opened = code_free.find("{%", opened + 2)


def _check_nesting(line: str, number: int, path: str) -> None:
    """Python-Markdown parses nested lists and quotes recursively: a thousand levels take half a minute and
    then exhaust the stack. No post needs more than a few; stop at MAX_NESTING with the line."""
    if not line.startswith(NESTING_STARTS):
        return
    quote = QUOTE_NESTING_RE.match(line)
    depth = quote.group(0).count(">") if quote else 0
    item = LIST_ITEM_RE.match(line)
    if item:
        depth = max(depth, len(item.group("indent").expandtabs(4)) // 2)
    if depth > MAX_NESTING:
        raise PostError(SourcePos(path, number), PLUGIN,
                        f"lists or quotes are nested about {depth} levels deep here (at most {MAX_NESTING})",
                        "flatten the list, or put the text in a code block")


def _track_html(line: str, number: int, open_tags: list[tuple[str, int]]) -> None:
    """Follow block-level raw HTML tags outside code so an unclosed one can be reported."""
    for m in HTML_TAG_RE.finditer(INLINE_CODE_RE.sub("", line)):
        tag = m.group("tag").lower()
        if m.group("self"):
            continue
        if not m.group("close"):
            open_tags.append((tag, number))
            continue
        for i in range(len(open_tags) - 1, -1, -1):
            if open_tags[i][0] == tag:
                del open_tags[i]
                break


def _mark_fence(line: str, index: int) -> str:
    """Add a marker class to a fence's opening line, in Python-Markdown's `{ .lang .class }` form."""
    fence = fence_opening(line)
    info = fence.info
    marker = f".{MARKER_PREFIX}{index}"
    if info.startswith("{") and info.endswith("}"):
        new_info = info[:-1].rstrip() + f" {marker} }}"
    else:
        lang = info.split()[0] if info else "text"
        new_info = f"{{ .{lang} {marker} }}"
    return f"{fence.indent}{fence.fence}{new_info}"


class KramdownTreeprocessor(Treeprocessor):
    """Move blockquote IAL classes to the blockquote; read Chirpy's w/h as width/height."""

    def run(self, root: etree.Element) -> None:
        for quote in root.iter("blockquote"):
            children = list(quote)
            if children and children[-1].tag == "p" and children[-1].get("class"):
                last = children[-1]
                quote.set("class", " ".join(filter(None, [quote.get("class"), last.attrib.pop("class")])))
        for img in root.iter("img"):
            for short, full in (("w", "width"), ("h", "height")):
                if short in img.attrib:
                    img.set(full, img.attrib.pop(short))


class KramdownExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(KramdownPreprocessor(md), "kramdown_blocks", 27)
        md.treeprocessors.register(KramdownTreeprocessor(md), "kramdown_attrs", 7)
        md.registerExtension(self)

    def reset(self):
        pass


def makeExtension(**kwargs):
    return KramdownExtension(**kwargs)
