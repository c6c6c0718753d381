"""extract_snippets(): every command block of a post, found in one pass over its lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify_unicode, unique
from sitebuild.errors import PostError, SourcePos

from snippets import annotations, blocks, names
from snippets.model import CONSOLE, DOCKERFILE, FILE, LIST, PLUGIN, SHELL, Annotation, Needs, Snippet
from snippets.shell import looks_like_command

FENCE_RE = re.compile(r"^(?P<indent>[ ]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
HEADING_RE = re.compile(r"^[ ]{0,3}#{1,6}(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT_RE = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$")
ITEM_RE = re.compile(r"^(?P<indent>[ ]*)(?P<bullet>[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<rest>.*))?$")
IAL_RE = re.compile(r"^[ ]*\{:[ \t]*(?P<attrs>[^}]*)\}[ \t]*$")
IAL_ATTR_RE = re.compile(r"""(?P<key>[\w-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'}]+))""")
_BLOCK_START_RE = re.compile(r"^[ ]{0,3}(?:[#>|<]|```|~~~|\*\*\*|___|---)")
_INLINE_MARKUP_RE = re.compile(r"<[^>]+>|[`*_]|\[([^\]]*)\]\([^)]*\)")
# Lines starting with anything else are plain prose: nothing to do unless a list or annotation is open.
_SIGNIFICANT = frozenset("`~#*+-<{=>|_0123456789")
_LANG_RE = re.compile(r"^\{?\s*\.?(?P<lang>[\w#.+-]*)")

SHELL_LANGS = frozenset({"bash", "sh", "shell", "zsh"})
CONSOLE_LANGS = frozenset({"console", "shell-session", "sh-session", "shellsession", "terminal", "shell_session"})  # terminal: Rouge's name
DOCKERFILE_LANGS = frozenset({"dockerfile", "docker"})


def extract_snippets(text: str, source: str, slug: str) -> list[Snippet]:
    """The snippets of one post, in reading order. `text` is the whole file (front matter may be blank).

    Line numbers are lines of `text`; `source` is the path shown in errors (content/posts/x.md).
    Raises PostError for broken annotations, bad names and unclosed fences.
    """
    lines = text.split("\n")
    scanner = _Scanner(source)
    for number in range(body_start(lines), len(lines)):
        scanner.feed(number + 1, lines[number])
    return _number(scanner.finish(len(lines)), source, slug)


def body_start(lines: list[str]) -> int:
    """Index of the first line after a `---` front matter block (0 when there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return i + 1
    return 0


def _indent(line: str) -> int:
    head = line[: len(line) - len(line.lstrip())]
    return len(head.expandtabs(4)) if "\t" in head else len(head)


def heading_text(markdown: str) -> str:
    """A heading's text as the page shows it (inline markup dropped), for names and anchors."""
    return " ".join(_INLINE_MARKUP_RE.sub(lambda m: m.group(1) or "", markdown).split())


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
class _Fence:
    indent: int
    char: str
    length: int
    info: str
    start_line: int
    annotation: Annotation
    section: tuple[str, str]
    lines: list[str] = field(default_factory=list)
    end_line: int = 0


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

    def __init__(self, source: str):
        self.source = source
        self.found: list[_Block] = []
        self.section: tuple[str, str] = ("", "")
        self.ids: set[str] = set()
        self.fence: _Fence | None = None
        self.closed_fence: _Fence | None = None
        self.lists: list[_List] = []
        self.annotation: Annotation | None = None
        self.comment: list[str] | None = None  # lines of an annotation comment still open
        self.comment_line = 0
        self.comment_indent = 0
        self.blank = True
        self.paragraph = ""  # the previous line, when it was plain paragraph text (for setext headings)

    def error(self, line: int, message: str, hint: str) -> PostError:
        return PostError(SourcePos(self.source, line), PLUGIN, message, hint)

    # -- the line loop -------------------------------------------------------------------------

    def feed(self, number: int, line: str) -> None:
        if self.fence is not None:
            self._fence_line(number, line)
            return
        if self.closed_fence is not None:
            fence, self.closed_fence = self.closed_fence, None
            ial = IAL_RE.match(line)
            self._finish_fence(fence, ial.group("attrs") if ial else "", number)
            if ial:
                return
        if self.comment is not None:
            self._annotation_line(line)
            return
        stripped = line.lstrip()
        if not stripped:
            self.blank, self.paragraph = True, ""
            return
        if stripped[0] not in _SIGNIFICANT and not self.lists and self.annotation is None:
            self.paragraph, self.blank = line.strip(), False  # fast path for prose
            return
        indent = _indent(line)
        if annotations.COMMENT_START_RE.match(line):
            self._start_comment(number, line, indent)
        else:
            self._block_line(number, line, indent)
        self.blank = False

    def _block_line(self, number: int, line: str, indent: int) -> None:
        fence = FENCE_RE.match(line)
        if fence and fence.group("fence")[0] == "`" and "`" in fence.group("info"):
            fence = None
        item = None if fence else ITEM_RE.match(line)
        heading = HEADING_RE.match(line) if not (fence or item) else None
        paragraph, self.paragraph = self.paragraph, ""
        if item:
            self._item_line(number, item, indent)
            return
        block_start = bool(fence or heading or _BLOCK_START_RE.match(line))
        if self.lists:
            self._list_content(number, line, indent, block_start, explain=not fence)
        if self.annotation is not None and not fence:
            raise self._unattached()
        if fence:
            self.fence = _Fence(indent, fence.group("fence")[0], len(fence.group("fence")), fence.group("info"),
                                number, self._take_annotation(), self.section)
        elif heading:
            self._set_section(heading.group("text") or "")
        elif paragraph and not self.lists and SETEXT_RE.match(line):
            self._set_section(paragraph)
        elif not self.lists and not block_start:
            self.paragraph = line.strip()

    def _set_section(self, markdown: str) -> None:
        text = heading_text(markdown)
        self.section = (text, unique(slugify_unicode(text, "-"), self.ids))

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

    def _fence_line(self, number: int, line: str) -> None:
        fence = self.fence
        stripped = line.strip()
        if stripped.startswith(fence.char * fence.length) and not stripped.strip(fence.char):
            fence.end_line = number
            self.fence, self.closed_fence = None, fence
            self.blank = False
            return
        lead = len(line) - len(line.lstrip(" "))
        fence.lines.append(line[min(lead, fence.indent):])

    def _finish_fence(self, fence: _Fence, ial: str, ial_line: int) -> None:
        attrs = {m.group("key"): next(v for v in m.group("dq", "sq", "bare") if v is not None)
                 for m in IAL_ATTR_RE.finditer(ial)}
        lang = _LANG_RE.match(fence.info).group("lang")
        kind = _fence_kind(lang.lower(), "file" in attrs)
        note = fence.annotation
        if note.ignore:
            return
        if kind is None:
            if note.line:
                raise self.error(note.line, f"this snippet annotation is before a ```{lang or 'text'} block, "
                                 "which is not a command block", "remove it, or use a shell language or {: file=... }")
            return
        first = fence.start_line + 1
        block = _Block(kind, lang, fence.start_line, fence.end_line, fence.indent, *fence.section, note,
                       body="\n".join(fence.lines), first_line=first)
        if kind == DOCKERFILE or kind == FILE:
            default = "Dockerfile" if kind == DOCKERFILE else ""
            block.filename = names.check_filename(attrs.get("file", default), self.source, ial_line)
        elif kind == CONSOLE or blocks.is_prompted(fence.lines):
            block.kind = CONSOLE
            block.commands = tuple(blocks.console_commands(fence.lines, first))
        else:
            block.commands = tuple(blocks.shell_commands(fence.lines, first))
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
        for outer in stack[:-1] if same_list else stack:
            outer.explain(blocks.clean_explanation(rest))
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
        if explain:
            for outer in stack:
                outer.explain(blocks.clean_explanation(line))
                outer.end_line = number

    def _close_lists(self, indent: int) -> None:
        while self.lists and self.lists[-1].indent >= indent:
            self._close_top()

    def _close_top(self) -> None:
        candidate = self.lists.pop()
        note = candidate.annotation
        if note.ignore:
            return
        codes = [item.code for item in candidate.items]
        if not note.line and not (all(c is not None and looks_like_command(c) for c in codes)
                                  and any(len(c.split()) > 1 for c in codes)):
            return
        commands = tuple(blocks.list_commands(candidate.items))
        if not commands:
            raise self.error(note.line, "the annotated list has no items that start with a `command`",
                             "start each item with the command in backticks, or remove the annotation")
        self.found.append(_Block(LIST, "bash", candidate.start_line, candidate.end_line, candidate.indent,
                                 *candidate.section, note, commands=commands, first_line=commands[0].line))

    # -- end of file ---------------------------------------------------------------------------

    def finish(self, last_line: int) -> list[_Block]:
        if self.comment is not None and annotations.ANNOTATION_RE.match("\n".join(self.comment)):
            raise self.error(self.comment_line, "this snippet annotation is never closed", "end it with -->")
        if self.fence is not None:
            raise self.error(self.fence.start_line, f"the ```{self.fence.info} block is never closed",
                             f"add a closing {self.fence.char * self.fence.length} line")
        if self.closed_fence is not None:
            self._finish_fence(self.closed_fence, "", last_line)
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


def _number(found: list[_Block], source: str, slug: str) -> list[Snippet]:
    """Reading order, numbers, names; lists nested in a command list are its explanations, not snippets."""
    found.sort(key=lambda b: b.start_line)
    kept: list[_Block] = []
    list_end = 0
    for block in found:
        if block.kind == LIST and block.start_line <= list_end:
            continue
        if block.kind == LIST:
            list_end = block.end_line
        kept.append(block)
    snippets: list[Snippet] = []
    named: dict[str, int] = {}
    for index, block in enumerate(kept, start=1):
        note = block.annotation
        if note.name is not None:
            names.check_name(note.name, source, note.line)
            if note.name in named:
                raise PostError(SourcePos(source, note.line), PLUGIN,
                                f"snippet name {note.name!r} is already used at line {named[note.name]}",
                                "give each block its own name")
            named[note.name] = note.line
        _check_annotation(block, snippets, source)
        needs = Needs()
        for command in block.commands:
            needs = needs.merge(command.needs)
        part = note.name or _derived_name(block, needs)
        if block.kind == DOCKERFILE or (block.kind == FILE and _is_compose(block.filename)):
            needs = needs.merge(Needs(docker=True))
        name = names.numbered(index, part)
        snippets.append(Snippet(
            slug=slug, source=source, index=index, name=name, file_stem=f"{names.file_prefix(slug)}-{name}",
            kind=block.kind,
            language=block.language, line=block.commands[0].line if block.commands else block.first_line,
            start_line=block.start_line, end_line=block.end_line, indent=block.indent, section=block.section,
            section_anchor=block.section_anchor, commands=block.commands, body=block.body,
            filename=block.filename, annotation=note, needs=needs,
        ))
    return snippets


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
