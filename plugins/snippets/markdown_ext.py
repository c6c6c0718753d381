"""Python-Markdown extension: find a post's snippets and give each block its header on the page.

- Preprocessor (priority 29, sees the file's own line numbers, adds no lines): extracts the snippets
  from the post model (block commands explained by the lists below them) and stores them in
  `md.post.outputs["snippets"]`, the lists marked `ignore` in `md.post.outputs["snippet_lists"]`;
  marks the opening fence of each fenced snippet with a class so the block can be found again after
  Pygments rendered it.
- Treeprocessor: gives each command list its id and puts the download/copy paragraph after it; a
  post with commands ends with the link to its whole-post script.
- Postprocessor: wraps each marked highlight block in the snippet wrapper with its header.
"""

from __future__ import annotations

import html
import logging
import re
import xml.etree.ElementTree as etree

from chirpy_reader.markdown_lines import body_start, fence_opening
from chirpy_reader.outline import scan_outline
from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from snippets import page
from snippets.list_explanations import explained_snippets
from snippets.model import LIST, PLUGIN, Snippet

logger = logging.getLogger(__name__)

MARK_PREFIX = "snippet-mark-"
_MARK_RE = re.compile(r'<div class="(?P<before>[^"]*?)\b' + MARK_PREFIX + r'(?P<n>\d+)\b(?P<after>[^"]*)"')
_BLOCK_END = "</pre></div>"
_OPTIONAL_WORDS = ("", "(선택)")
LISTS = "snippet_lists"  # the outputs key of the command lists marked `ignore`


def mark_fence(line: str, index: int) -> str | None:
    """The fence line with a marker class, in the `{ .lang .class }` form; None if not a fence.

    The indentation is kept: the reader's superfences renders fences indented inside list items
    too, so those blocks get their header like any other.
    """
    fence = fence_opening(line)
    if fence is None:
        return None
    info = fence.info
    marker = f".{MARK_PREFIX}{index}"
    opening = fence.indent + fence.fence
    if info.startswith("{") and info.endswith("}"):
        return f"{opening}{info[:-1].rstrip()} {marker} }}"
    lang, _, rest = info.partition(" ")
    rest = f" {rest.strip()}" if rest.strip() else ""
    return f"{opening}{{ .{lang.lstrip('.') or 'text'} {marker}{rest} }}"


class SnippetsPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        self.md.snippet_marks = {}
        self.md.snippet_tree_done = False
        post = getattr(self.md, "post", None)
        if post is None:
            return lines
        model = post.model
        if model is not None:  # the file's lines as written: Markdown's own have their tabs expanded
            found, lists = explained_snippets(model.lines, model.outline, post.display_path, post.slug)
        else:  # text converted without a file (tests)
            outline = scan_outline(lines, body_start(lines) + 1)
            found, lists = explained_snippets(lines, outline, post.display_path, post.slug)
        snippets = tuple(found)
        post.outputs[PLUGIN] = snippets
        post.outputs[LISTS] = lists
        for snippet in snippets:
            if snippet.kind == LIST or not 0 < snippet.start_line <= len(lines):
                continue
            marked = mark_fence(lines[snippet.start_line - 1], snippet.index)
            if marked is not None:
                lines[snippet.start_line - 1] = marked
                self.md.snippet_marks[snippet.index] = snippet
        return lines


def _siteurl(md) -> str:
    post = getattr(md, "post", None)
    return (post.settings or {}).get("SITEURL", "") if post is not None else ""


def _leading_code(li: etree.Element) -> str | None:
    """Text of the code span an <li> starts with (after an optional "(선택)"), unescaped."""
    holder = li
    if len(li) and li[0].tag == "p" and not (li.text or "").strip():
        holder = li[0]
    children = list(holder)
    if not children:
        return None
    first, lead = children[0], (holder.text or "").strip()
    if first.tag == "strong" and (first.text or "").strip() == "(선택)" and not lead and len(children) > 1:
        first, lead = children[1], (first.tail or "").strip()
    if first.tag != "code" or lead not in _OPTIONAL_WORDS:
        return None
    return html.unescape(first.text or "").strip()


class CommandListTreeprocessor(Treeprocessor):
    """Give each command list its anchor and append the download/copy paragraph, in reading order."""

    def run(self, root: etree.Element) -> None:
        post = getattr(self.md, "post", None)
        pending = [s for s in (post.outputs.get(PLUGIN, ()) if post else ()) if s.kind == LIST]
        if not pending:
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        found: list[tuple[etree.Element, Snippet]] = []
        for element in root.iter():
            if len(found) == len(pending):
                break
            if element.tag not in ("ul", "ol"):
                continue
            codes = [c for c in (_leading_code(li) for li in element if li.tag == "li") if c is not None]
            if codes == [c.text.strip() for c in pending[len(found)].commands]:
                found.append((element, pending[len(found)]))
        siteurl = _siteurl(self.md)
        footers: dict[etree.Element, etree.Element] = {}
        for element, snippet in found:
            element.set("id", snippet.anchor)
            footers[element] = footer = etree.Element("p")
            footer.text = self.md.htmlStash.store(page.list_footer(snippet, siteurl))
        for parent in {parents[element]: None for element in footers}:  # one pass over each parent's children
            children = list(parent)
            for position in reversed(range(len(children))):
                if children[position] in footers:
                    parent.insert(position + 1, footers[children[position]])
        for snippet in pending[len(found):]:
            logger.warning("%s:%s: %s: the command list %s was not found on the rendered page; "
                           "its download link is missing (a bug in the snippets plugin)",
                           snippet.source, snippet.start_line, PLUGIN, snippet.name)


class PostScriptTreeprocessor(Treeprocessor):
    """At the end of a post with commands: the link to the whole post as one script."""

    def run(self, root: etree.Element) -> None:
        post = getattr(self.md, "post", None)
        if post is None or not any(s.is_script for s in post.outputs.get(PLUGIN, ())):
            return
        footer = etree.SubElement(root, "p")
        footer.text = self.md.htmlStash.store(page.post_script_footer(post.slug, _siteurl(self.md)))


class TreeDoneTreeprocessor(Treeprocessor):
    """Runs last: from here on, a postprocessor run is the document's (toc runs them on headings before)."""

    def run(self, root: etree.Element) -> None:
        self.md.snippet_tree_done = True


class SnippetBlockPostprocessor(Postprocessor):
    """Wrap each marked highlight block: `<div class="snippet"><div class="snippet-header">...`."""

    def run(self, text: str) -> str:
        marks: dict[int, Snippet] = getattr(self.md, "snippet_marks", {})
        if not marks or not getattr(self.md, "snippet_tree_done", False):
            return text
        siteurl = _siteurl(self.md)
        pieces: list[str] = []
        pos = 0
        done: set[int] = set()
        for m in _MARK_RE.finditer(text):
            index = int(m.group("n"))
            end = text.find(_BLOCK_END, m.end())
            if m.start() < pos or index not in marks or end < 0:
                continue
            end += len(_BLOCK_END)
            classes = " ".join(c for c in (m.group("before").strip(), m.group("after").strip()) if c)
            pieces += [text[pos:m.start()], page.block_open(marks[index], siteurl),
                       f'<div class="{classes}"', text[m.end():end], page.BLOCK_CLOSE]
            pos = end
            done.add(index)
        pieces.append(text[pos:])
        for index in sorted(set(marks) - done):
            snippet = marks[index]
            logger.warning("%s:%s: %s: the block %s was not found on the rendered page; "
                           "its header is missing (a bug in the snippets plugin)",
                           snippet.source, snippet.start_line, PLUGIN, snippet.name)
        return "".join(pieces)


class SnippetsExtension(Extension):
    def extendMarkdown(self, md):
        md.snippet_marks = {}
        md.preprocessors.register(SnippetsPreprocessor(md), "snippets", 29)
        md.treeprocessors.register(CommandListTreeprocessor(md), "snippets_lists", 15)
        md.treeprocessors.register(PostScriptTreeprocessor(md), "snippets_post_script", 14)
        md.treeprocessors.register(TreeDoneTreeprocessor(md), "snippets_tree_done", -100)
        md.postprocessors.register(SnippetBlockPostprocessor(md), "snippets_blocks", 20)
        md.registerExtension(self)

    def reset(self):
        pass


def makeExtension(**kwargs):
    return SnippetsExtension(**kwargs)
