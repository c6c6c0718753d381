"""extract_snippets(): every command block of a post, from its outline (fences, headings) and one pass for lists.

Fences and headings are the post model's (chirpy_reader.outline); this pass follows what only the
snippets need: annotation comments and the command lists they or the guess select.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from plugins.chirpy_reader.markdown_lines import BLOCK_START_RE, ITEM_RE, atx_heading, body_start
from plugins.chirpy_reader.outline import Fence, Outline, scan_outline
from plugins.sitebuild.errors import PostError, SourcePos
from plugins.snippets import annotations, blocks, names
from plugins.snippets.model import CONSOLE, DOCKERFILE, FILE, LIST, PLUGIN, SHELL, Annotation, Needs, Snippet
from plugins.snippets.shell import looks_like_command

# Lines starting with anything else are plain prose: nothing to do unless a list or annotation is open.
_SIGNIFICANT = frozenset("`~#*+-<{=>|_0123456789")

SHELL_LANGS = frozenset({"bash", "sh", "shell", "zsh"})
CONSOLE_LANGS = frozenset({"console", "shell-session", "sh-session", "shellsession", "terminal", "shell_session"})  # terminal: Rouge's name
DOCKERFILE_LANGS = frozenset({"dockerfile", "docker"})


def extract_snippets(text: str, source: str, slug: str) -> list[Snippet]:
    """The snippets of one post, in reading order. `text` is the whole file (front matter may be blank).

    Line numbers are lines of `text`; `source` is the path shown in errors (content/posts/x.md).
    Raises PostError for broken annotations, bad names and unclosed fences.
    """
    lines = text.split("\n")
    return extract_outlined(lines, scan_outline(lines, body_start(lines) + 1), source, slug)[0]


def extract_outlined(lines: list[str], outline: Outline, source: str, slug: str
                     ) -> tuple[list[Snippet], tuple[Snippet, ...]]:
    """(snippets, ignored command lists) of a post whose outline is known.

    The ignored lists are the command lists the author marked `<!-- snippet: ignore -->`: not
    snippets, but the explanations of the block above them (list_explanations.py, the cheat sheet).
    They carry `annotation.ignore` and the numbers they would have among the snippets.
    """
    scanner = _Scanner(source, outline)
    # The lines where something can start while no list, annotation or comment is open; the lines
    # between change nothing then, and most of a post's lines are such prose, tables and raw HTML.
    starts = sorted({f.start_line for f in outline.fences} | {h.line for h in outline.headings}
                    | {i.line for i in outline.items} | {c.start_line for c in outline.comments})
    number, last = outline.body_line, len(lines)
    while number <= last:
        if scanner.idle:
            at = bisect.bisect_left(starts, number)
            if at == len(starts):
                break
            if starts[at] > number:
                number = starts[at]
                scanner.blank = not lines[number - 2].strip()
        number = scanner.feed(number, lines[number - 1])
    found = scanner.finish()
    snippets = _number(found, source, slug)
    if not scanner.ignored:
        return snippets, ()
    ignored = {id(b) for b in scanner.ignored}
    lists = tuple(_snippet(block, index, source, slug, _needs(block))
                  for index, block in enumerate(_in_order(found + scanner.ignored), start=1) if id(block) in ignored)
    return snippets, lists


def _indent(line: str) -> int:
    head = line[: len(line) - len(line.lstrip())]
    return len(head.expandtabs(4)) if "\t" in head else len(head)


@dataclass
class _Block:
    """A command block found, before it is numbered and named."""

    kind: str
    language: str
    start_line: int
    end_line: int
    indent: int
    section: str
    section_anchor: str
    annotation: Annotation
    commands: tuple = ()
    body: str = ""
    filename: str = ""
    first_line: int = 0


@dataclass
class _List:
    indent: int
    bullet: str
    start_line: int
    annotation: Annotation
    section: tuple[str, str]
    items: list[blocks.ListItem] = field(default_factory=list)
    end_line: int = 0

    def explain(self, text: str) -> None:
        if self.items and text:
            self.items[-1].explanation.append(text)


class _Scanner:
    """Line-by-line state of one post's extraction (created per call, never shared)."""

    def __init__(self, source: str, outline: Outline):
        self.source = source
        self.found: list[_Block] = []
        self.ignored: list[_Block] = []  # command lists marked `ignore`
        self.section: tuple[str, str] = ("", "")
        self.fences = {f.start_line: f for f in outline.fences}
        self.headings = {h.line: (h.text, h.anchor) for h in outline.headings}
        self.unclosed: Fence | None = None
        self.lists: list[_List] = []
        self.annotation: Annotation | None = None
        self.comment: list[str] | None = None  # lines of an annotation comment still open
        self.comment_line = 0
        self.comment_indent = 0
        self.blank = True

    @property
    def idle(self) -> bool:
        """Nothing open: only a fence, heading, list item or comment can change the state."""
        return not self.lists and self.annotation is None and self.comment is None

    def error(self, line: int, message: str, hint: str) -> PostError:
        return PostError(SourcePos(self.source, line), PLUGIN, message, hint)

    # -- the line loop -------------------------------------------------------------------------

    def feed(self, number: int, line: str) -> int:
        """Take the line `number`; returns the number of the next line to feed (past a whole fence)."""
        if self.comment is not None:
            self._annotation_line(line)
            return number + 1
        if number in self.headings:
            self.section = self.headings[number]  # a setext heading's underline, or an ATX heading
        stripped = line.lstrip()
        if not stripped:
            self.blank = True
            return number + 1
        if stripped[0] not in _SIGNIFICANT and not self.lists and self.annotation is None:
            self.blank = False  # fast path for prose
            return number + 1
        indent = _indent(line)
        following = number + 1
        if annotations.COMMENT_START_RE.match(line):
            self._start_comment(number, line, indent)
        else:
            following = self._block_line(number, line, indent)
        self.blank = False
        return following

    def _block_line(self, number: int, line: str, indent: int) -> int:
        fence = self.fences.get(number)
        item = None if fence else ITEM_RE.match(line)
        if item:
            self._item_line(number, item, indent)
            return number + 1
        block_start = bool(fence or atx_heading(line) or BLOCK_START_RE.match(line))
        if self.lists:
            self._list_content(number, line, indent, block_start, explain=not fence)
        if self.annotation is not None and not fence:
            raise self._unattached()
        if fence is None:
            return number + 1
        annotation = self._take_annotation()
        if not fence.closed:
            self.unclosed = fence
            return fence.start_line + len(fence.body) + 1
        self._finish_fence(fence, annotation)
        return (fence.ial_line or fence.end_line) + 1

    # -- annotations ---------------------------------------------------------------------------

    def _start_comment(self, number: int, line: str, indent: int) -> None:
        """An HTML comment: skipped (Markdown does not render what is inside), unless it is an annotation."""
        self.comment, self.comment_line, self.comment_indent = [line], number, indent
        if "-->" in line:
            self._close_comment()

    def _annotation_line(self, line: str) -> None:
        self.comment.append(line)
        if "-->" in line:
            self._close_comment()

    def _close_comment(self) -> None:
        text, self.comment = "\n".join(self.comment), None
        if not annotations.ANNOTATION_RE.match(text):
            return
        self._close_lists(self.comment_indent)
        if self.annotation is not None:
            raise self.error(self.comment_line, "two snippet annotations in a row",
                             f"merge them into one (the other is at line {self.annotation.line})")
        self.annotation = annotations.parse_annotation(text, self.source, self.comment_line)

    def _take_annotation(self) -> Annotation:
        annotation, self.annotation = self.annotation, None
        return annotation or Annotation()

    def _unattached(self) -> PostError:
        return self.error(self.annotation.line, "this snippet annotation is not followed by a command block",
                          "put it on the line right before the ``` fence or the command list")

    # -- fenced blocks -------------------------------------------------------------------------

    def _finish_fence(self, fence: Fence, note: Annotation) -> None:
        filename = fence.attributes.get("file") if fence.attributes else None
        lang = fence.opening.lang
        kind = _fence_kind(lang.lower(), filename is not None)
        ial_line = fence.ial_line or fence.end_line + 1
        if note.ignore:
            return
        if kind is None:
            if note.line:
                raise self.error(note.line, f"this snippet annotation is before a ```{lang or 'text'} block, "
                                 "which is not a command block", "remove it, or use a shell language or {: file=... }")
            return
        first = fence.start_line + 1
        body = list(fence.body)
        block = _Block(kind, lang, fence.start_line, fence.end_line, fence.opening.width, *self.section, note,
                       body="\n".join(body), first_line=first)
        if kind == DOCKERFILE or kind == FILE:
            default = "Dockerfile" if kind == DOCKERFILE else ""
            block.filename = names.check_filename(filename if filename is not None else default, self.source, ial_line)
        elif kind == CONSOLE or blocks.is_prompted(body):
            block.kind = CONSOLE
            block.commands = tuple(blocks.console_commands(body, first))
        else:
            block.commands = tuple(blocks.shell_commands(body, first))
        if block.kind in (SHELL, CONSOLE) and not block.commands:
            if note.line:
                raise self.error(note.line, "the annotated block has no commands", "remove the annotation")
            return
        self.found.append(block)

    # -- command lists -------------------------------------------------------------------------

    def _item_line(self, number: int, item: re.Match, indent: int) -> None:
        stack = self.lists
        bullet = "ol" if item.group("bullet")[0].isdigit() else item.group("bullet")
        rest = item.group("rest") or ""
        while stack and (stack[-1].indent > indent or (stack[-1].indent == indent and stack[-1].bullet != bullet)):
            self._close_top()
        same_list = bool(stack) and stack[-1].indent == indent
        # Every line of a nested list explains the current item of each list around it.
        outers = stack[:-1] if same_list else stack
        if outers:
            explanation = blocks.clean_explanation(rest)
            for outer in outers:
                outer.explain(explanation)
                outer.end_line = number
        if same_list:
            if self.annotation is not None:
                raise self._unattached()
            stack[-1].items.append(blocks.list_item(rest, number))
            stack[-1].end_line = number
            return
        new = _List(indent, bullet, number, self._take_annotation(), self.section, end_line=number)
        new.items.append(blocks.list_item(rest, number))
        stack.append(new)

    def _list_content(self, number: int, line: str, indent: int, block_start: bool, explain: bool) -> None:
        stack = self.lists
        while stack and indent <= stack[-1].indent and (self.blank or block_start):
            self._close_top()
        if explain and stack:
            explanation = blocks.clean_explanation(line)
            for outer in stack:
                outer.explain(explanation)
                outer.end_line = number

    def _close_lists(self, indent: int) -> None:
        while self.lists and self.lists[-1].indent >= indent:
            self._close_top()

    def _close_top(self) -> None:
        candidate = self.lists.pop()
        note = candidate.annotation
        codes = [item.code for item in candidate.items]
        if not note.line and not (all(c is not None and looks_like_command(c) for c in codes)
                                  and any(len(c.split()) > 1 for c in codes)):
            return
        commands = tuple(blocks.list_commands(candidate.items))
        if not commands and note.ignore:
            return
        if not commands:
            raise self.error(note.line, "the annotated list has no items that start with a `command`",
                             "start each item with the command in backticks, or remove the annotation")
        block = _Block(LIST, "bash", candidate.start_line, candidate.end_line, candidate.indent,
                       *candidate.section, note, commands=commands, first_line=commands[0].line)
        (self.ignored if note.ignore else self.found).append(block)

    # -- end of file ---------------------------------------------------------------------------

    def finish(self) -> list[_Block]:
        if self.comment is not None and annotations.ANNOTATION_RE.match("\n".join(self.comment)):
            raise self.error(self.comment_line, "this snippet annotation is never closed", "end it with -->")
        if self.unclosed is not None:
            opening = self.unclosed.opening
            raise self.error(self.unclosed.start_line, f"the ```{opening.info} block is never closed",
                             f"add a closing {opening.fence} line")
        self._close_lists(0)
        if self.annotation is not None:
            raise self._unattached()
        return self.found


def _fence_kind(lang: str, named: bool) -> str | None:
    if lang in DOCKERFILE_LANGS:
        return DOCKERFILE
    if named:
        return FILE
    if lang in SHELL_LANGS:
        return SHELL
    if lang in CONSOLE_LANGS:
        return CONSOLE
    return None


def _in_order(found: list[_Block]) -> list[_Block]:
    """Reading order; lists nested in a command list are its explanations, not snippets."""
    kept: list[_Block] = []
    list_end = 0
    for block in sorted(found, key=lambda b: b.start_line):
        if block.kind == LIST and block.start_line <= list_end:
            continue
        if block.kind == LIST:
            list_end = block.end_line
        kept.append(block)
    return kept


def _number(found: list[_Block], source: str, slug: str) -> list[Snippet]:
    """Reading order, numbers, names, with the annotations checked."""
    snippets: list[Snippet] = []
    named: dict[str, int] = {}
    for index, block in enumerate(_in_order(found), start=1):
        note = block.annotation
        if note.name is not None:
            names.check_name(note.name, source, note.line)
            if note.name in named:
                raise PostError(SourcePos(source, note.line), PLUGIN,
                                f"snippet name {note.name!r} is already used at line {named[note.name]}",
                                "give each block its own name")
            named[note.name] = note.line
        _check_annotation(block, snippets, source)
        snippets.append(_snippet(block, index, source, slug, _needs(block)))
    return snippets


def _needs(block: _Block) -> Needs:
    needs = Needs()
    for command in block.commands:
        needs = needs.merge(command.needs)
    return needs


def _snippet(block: _Block, index: int, source: str, slug: str, needs: Needs) -> Snippet:
    """The snippet a block is, numbered `index`; `needs`: what its commands need."""
    note = block.annotation
    part = note.name or _derived_name(block, needs)
    if block.kind == DOCKERFILE or (block.kind == FILE and _is_compose(block.filename)):
        needs = needs.merge(Needs(docker=True))
    name = names.numbered(index, part)
    return Snippet(
        slug=slug, source=source, index=index, name=name, file_stem=f"{names.file_prefix(slug)}-{name}",
        kind=block.kind,
        language=block.language, line=block.commands[0].line if block.commands else block.first_line,
        start_line=block.start_line, end_line=block.end_line, indent=block.indent, section=block.section,
        section_anchor=block.section_anchor, commands=block.commands, body=block.body,
        filename=block.filename, annotation=note, needs=needs,
    )


def _check_annotation(block: _Block, before: list[Snippet], source: str) -> None:
    note = block.annotation
    scripts = block.kind in (SHELL, CONSOLE, LIST)
    if note.continues and not scripts:
        raise PostError(SourcePos(source, note.line), PLUGIN, "'continues' applies to command blocks only",
                        "remove it from this file block")
    if note.continues and not any(s.is_script for s in before):
        raise PostError(SourcePos(source, note.line), PLUGIN,
                        "'continues' on the first command block of the post: there is nothing to continue",
                        "remove 'continues'")
    if note.exit and not scripts:
        raise PostError(SourcePos(source, note.line), PLUGIN, "'exit' applies to command blocks only",
                        "remove it from this file block")


def _derived_name(block: _Block, needs: Needs) -> str:
    """What the block is, in ASCII (names.derived_part); the section heading is not used."""
    return names.derived_part(block.kind, block.filename, [c.text for c in block.commands],
                              bool(needs.package_managers))


def _is_compose(filename: str) -> bool:
    base = filename.rsplit("/", 1)[-1].lower()
    return base.startswith(("compose", "docker-compose")) and base.endswith((".yaml", ".yml"))
