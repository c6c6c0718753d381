"""The post's lines as written, kept for extensions whose errors must name a line but whose hooks
(superfences formatters, block processors) are not given one."""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor


class SourceLinesPreprocessor(Preprocessor):
    """Above 27 it sees the file's own lines (context.py): line i + 1 is lines[i]."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.source_lines = list(lines)
        return lines


def source_line_of(md, fragment: str) -> int | None:
    """The first file line holding the first line of `fragment` (a formula, a diagram), or None."""
    first = fragment.strip().split("\n", 1)[0].strip()
    for number, line in enumerate(getattr(md, "source_lines", []), start=1):
        if first and first in line:
            return number
    return None


class SourceLinesExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(SourceLinesPreprocessor(md), "chirpy_source_lines", 30)
        md.registerExtension(self)

    def reset(self):
        pass
