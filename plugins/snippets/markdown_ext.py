"""Python-Markdown extension: find a post's snippets and give each block its header on the page.

- Preprocessor (priority 29, sees the file's own line numbers, adds no lines): extracts the snippets
  from the post model (block commands explained by the lists below them) and stores them in
  `md.post.outputs["snippets"]`, the lists marked `ignore` in `md.post.outputs["snippet_lists"]`;
  marks the opening fence of each fenced snippet with a class so the block can be found again after
  Pygments rendered it.
- Treeprocessor: gives each command list its id and puts the download/copy paragraph after it; a
  post with commands ends with the link to its whole-post script.
- The highlighter calls the wrapper registered for a block's marker class (`md.code_block_wrappers`,
  chirpy_reader/code_headers.py) with the highlighted block: it puts the block in the snippet
  wrapper with its header. A treeprocessor at the end names any marked block that was never wrapped.
"""

from __future__ import annotations

import html
import logging
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from plugins.chirpy_reader.code_headers import WRAPPERS
from plugins.chirpy_reader.markdown_lines import body_start, fence_opening
from plugins.chirpy_reader.outline import scan_outline
from plugins.snippets import page
from plugins.snippets.list_explanations import explained_snippets
from plugins.snippets.model import LIST, PLUGIN, Snippet

logger = logging.getLogger(__name__)

MARK_PREFIX = "snippet-mark-"
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
        self.md.snippet_wrapped = set()
        wrappers = getattr(self.md, WRAPPERS, None)
        if wrappers is None:
            wrappers = {}
            setattr(self.md, WRAPPERS, wrappers)
        for name in [n for n in wrappers if n.startswith(MARK_PREFIX)]:
            del wrappers[name]
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
                wrappers[f"{MARK_PREFIX}{snippet.index}"] = block_wrapper(self.md, snippet, _siteurl(self.md))
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


class MissingBlocksTreeprocessor(Treeprocessor):
    """Runs last, when every fence has been highlighted: names the marked blocks no header was put on."""

    def run(self, root: etree.Element) -> None:
        marks: dict[int, Snippet] = getattr(self.md, "snippet_marks", {})
        for index in sorted(set(marks) - getattr(self.md, "snippet_wrapped", set())):
            snippet = marks[index]
            logger.warning("%s:%s: %s: the block %s was not found on the rendered page; "
                           "its header is missing (a bug in the snippets plugin)",
                           snippet.source, snippet.start_line, PLUGIN, snippet.name)


def block_wrapper(md, snippet: Snippet, siteurl: str):
    """The wrapper the highlighter calls with the block's highlighted HTML (code_headers.py)."""

    def wrap(highlighted: str) -> str:
        md.snippet_wrapped.add(snippet.index)
        return f"{page.block_open(snippet, siteurl)}{highlighted}{page.block_close(snippet)}"

    return wrap


class SnippetsExtension(Extension):
    def extendMarkdown(self, md):
        md.snippet_marks = {}
        md.preprocessors.register(SnippetsPreprocessor(md), "snippets", 29)
        md.treeprocessors.register(CommandListTreeprocessor(md), "snippets_lists", 15)
        md.treeprocessors.register(PostScriptTreeprocessor(md), "snippets_post_script", 14)
        md.treeprocessors.register(MissingBlocksTreeprocessor(md), "snippets_missing_blocks", -100)
        md.registerExtension(self)

    def reset(self):
        pass


def makeExtension(**kwargs):
    return SnippetsExtension(**kwargs)
