"""Rewrite the author's raw HTML (`<div align>`, `<img>`, `<video>`) into the plugin's media markup.

The stdlib HTMLParser splits the HTML into tokens that keep their exact source text; everything
that is not media is written back unchanged. A `<div align="...">` (obsolete HTML) around a single
image or video becomes a `<figure>` with the same placement; around anything else, a `<div>` with
an `align-*` class.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from plugins.media.embed import MediaChecker
from plugins.media.markup import attrs_html, render_image_figure, render_img, render_video
from plugins.media.model import HTML

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Parents in which a <figure> is allowed (flow content); anywhere else only the bare element is.
FLOW_PARENTS = {"div", "li", "td", "th", "blockquote", "section", "article", "aside", "details", "dd", "main",
                "header", "footer", "nav", "figure", "center", "body", "form", "fieldset", "dialog", "search"}
ALIGNABLE = {"div", "p", "center"}
MEDIA_HINTS = ("<img", "<video", "align", "<IMG", "<VIDEO", "<center", "<CENTER")


@dataclass(frozen=True)
class Token:
    kind: str  # start | end | text | other
    tag: str
    attrs: tuple[tuple[str, str | None], ...]
    raw: str


class _Tokenizer(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(html) if ch == "\n"]
        self.marks: list[tuple[int, str, str, tuple]] = []

    def _mark(self, kind: str, tag: str = "", attrs=()) -> None:
        line, col = self.getpos()
        self.marks.append((self.line_starts[line - 1] + col, kind, tag, tuple(attrs)))

    def handle_starttag(self, tag, attrs):
        self._mark("start", tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._mark("start", tag, attrs)

    def handle_endtag(self, tag):
        self._mark("end", tag)

    def handle_data(self, data):
        self._mark("text")

    def handle_entityref(self, name):
        self._mark("text")

    def handle_charref(self, name):
        self._mark("text")

    def handle_comment(self, data):
        self._mark("other")

    def handle_decl(self, decl):
        self._mark("other")

    def handle_pi(self, data):
        self._mark("other")

    def unknown_decl(self, data):
        self._mark("other")


def tokenize(html: str) -> list[Token]:
    parser = _Tokenizer(html)
    parser.feed(html)
    parser.close()
    marks = sorted(parser.marks, key=lambda m: m[0])
    if not marks or marks[0][0] > 0:  # HTMLParser reports some text at the very end late (`&b`)
        marks.insert(0, (0, "text", "", ()))
    tokens = []
    for i, (start, kind, tag, attrs) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(html)
        if end > start:
            tokens.append(Token(kind, tag, attrs, html[start:end]))
    return tokens


def _matching_end(tokens: list[Token], i: int) -> int | None:
    tag, depth = tokens[i].tag, 0
    for j in range(i, len(tokens)):
        t = tokens[j]
        if t.tag == tag and t.kind == "start" and not t.raw.rstrip().endswith("/>"):
            depth += 1
        elif t.tag == tag and t.kind == "end":
            depth -= 1
            if depth == 0:
                return j
    return None


def _blank(t: Token) -> bool:
    return (t.kind == "text" and not t.raw.strip()) or t.kind == "other"


def _sole_media(tokens: list[Token]) -> tuple[int, int] | None:
    """(first, last) index of the only image or video among blank tokens, or None."""
    solid = [i for i, t in enumerate(tokens) if not _blank(t)]
    if not solid:
        return None
    first = tokens[solid[0]]
    if first.kind == "start" and first.tag == "img" and len(solid) == 1:
        return solid[0], solid[0]
    if first.kind == "start" and first.tag == "video":
        end = _matching_end(tokens, solid[0])
        if end is not None and end == solid[-1]:
            return solid[0], end
    return None


def _align(t: Token) -> str | None:
    if t.tag == "center":
        return "center"
    value = (dict(t.attrs).get("align") or "").strip().lower()
    return value if value in ("center", "left", "right") else None


def _without_align(t: Token, placement: str) -> str:
    """The start tag again, `align` turned into a class."""
    tag = "div" if t.tag == "center" else t.tag
    attrs = [(k, v) for k, v in t.attrs if k not in ("align", "class")]
    classes = " ".join(filter(None, [dict(t.attrs).get("class"), f"align-{placement}"]))
    return f"<{tag}{attrs_html([('class', classes), *[(k, True if v is None else v) for k, v in attrs]])}>"


class BlockRewriter:
    """Rewrites one raw HTML fragment with a post's MediaChecker."""

    def __init__(self, checker: MediaChecker):
        self.checker = checker

    @staticmethod
    def wanted(html: str) -> bool:
        """Could this fragment hold media or an align attribute? (most stash entries are `<br/>`)"""
        return any(h in html for h in MEDIA_HINTS)

    def rewrite(self, html: str, flow: bool) -> str:
        if not self.wanted(html):
            return html
        tokens = tokenize(html)
        return self._run(tokens, flow)

    def _run(self, tokens: list[Token], flow: bool) -> str:
        out: list[str] = []
        stack: list[str] = []
        i = 0
        while i < len(tokens):
            t = tokens[i]
            here_flow = (stack[-1] in FLOW_PARENTS) if stack else flow
            if t.kind == "start" and t.tag in ALIGNABLE and _align(t):
                end = _matching_end(tokens, i)
                inner = tokens[i + 1:end] if end is not None else []
                sole = _sole_media(inner) if end is not None else None
                if sole and here_flow:
                    first, last = sole
                    out.append(self._media(inner[first:last + 1], True, _align(t)))
                    i = end + 1
                    continue
                out.append(_without_align(t, _align(t)))
                stack.append("div" if t.tag == "center" else t.tag)
                i += 1
                continue
            if t.kind == "end" and t.tag == "center":
                out.append("</div>")
                self._pop(stack, "div")
                i += 1
                continue
            if t.kind == "start" and t.tag in ("img", "video"):
                end = _matching_end(tokens, i) if t.tag == "video" else i
                if end is None:
                    end = len(tokens) - 1
                out.append(self._media(tokens[i:end + 1], here_flow, None))
                i = end + 1
                continue
            if t.kind == "start" and t.tag not in VOID and not t.raw.rstrip().endswith("/>"):
                stack.append(t.tag)
            elif t.kind == "end":
                self._pop(stack, t.tag)
            out.append(t.raw)
            i += 1
        return "".join(out)

    @staticmethod
    def _pop(stack: list[str], tag: str) -> None:
        if tag in stack:
            del stack[len(stack) - 1 - stack[::-1].index(tag):]

    def _media(self, tokens: list[Token], flow: bool, placement: str | None) -> str:
        head = tokens[0]
        attrs = {k: v for k, v in head.attrs}
        if head.tag == "img":
            classes = (attrs.get("class") or "").split()
            view = self.checker.image_view(HTML, attrs, classes, placement)
            return render_image_figure(view) if flow else render_img(view)
        return self._video(tokens, attrs, flow, placement)

    def _video(self, tokens: list[Token], attrs: dict, flow: bool, placement: str | None) -> str:
        sources = [attrs["src"].strip()] if (attrs.get("src") or "").strip() else []
        tracks = []
        label_parts = []
        for t in tokens[1:]:
            if t.kind == "start" and t.tag == "source":
                src = (dict(t.attrs).get("src") or "").strip()
                if src and src not in sources:
                    sources.append(src)
            elif t.kind == "start" and t.tag == "track":
                a = dict(t.attrs)
                if (a.get("src") or "").strip():
                    tracks.append((a["src"].strip(), a.get("srclang") or self.checker.settings.captions_lang,
                                   a.get("label") or self.checker.settings.captions_label))
            elif t.kind == "text" and t.raw.strip():
                label_parts.append(t.raw.strip())
        label = " ".join(label_parts)
        view = self.checker.video_view(
            sources, poster=(attrs.get("poster") or "").strip() or None, tracks=tracks,
            width=attrs.get("width"), height=attrs.get("height"),
            autoplay="autoplay" in attrs, loop="loop" in attrs, muted="muted" in attrs,
            title=attrs.get("title") or "", label=_unescape_text(label),
            placement=placement or "center",
        )
        return render_video(view, in_figure=flow)


def _unescape_text(text: str) -> str:
    return " ".join(unescape(text).split())
