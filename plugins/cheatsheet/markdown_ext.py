"""Python-Markdown extension: note what the cheat sheet needs from a post (headings, forms, explanation lists) as it is read.

The preprocessor runs after the snippets' (priority 29) and reads the post model the reader made,
so the cheat sheet never reads a post file again; the notes go to `md.post.outputs["cheatsheet"]`.
"""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor

from plugins.cheatsheet.model import PLUGIN
from plugins.cheatsheet.sources import post_notes
from plugins.snippets.markdown_ext import LISTS


class CheatNotesPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        post = getattr(self.md, "post", None)
        if post is not None and post.model is not None:
            post.outputs[PLUGIN] = post_notes(post.model, post.outputs.get(LISTS, ()))
        return lines


class CheatNotesExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(CheatNotesPreprocessor(md), "cheatsheet_notes", 28.5)
        md.registerExtension(self)

    def reset(self):
        pass


def makeExtension(**kwargs):
    return CheatNotesExtension(**kwargs)
