"""Chirpy's math (`math: true`): TeX turned into MathML when the site is built, so a page needs no script,
stylesheet or font for it and a page without math carries nothing for it.

What Chirpy's MathJax set-up reads, and so what this reads:
- a paragraph that is only `$$ ... $$` (or `\\[ ... \\]`) is display math; `\\begin{equation}` numbers it
  and `\\label{name}` names it;
- `$$ ... $$` inside text, `\\$$ ... $$` (the form Chirpy documents for lists) and `$ ... $` are inline;
- `\\eqref{name}` / `\\ref{name}` link to the numbered equation.
TeX that latex2mathml cannot render (an unknown command) is an error naming the post's line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from latex2mathml.converter import convert as latex_to_mathml
from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor

from plugins.chirpy_reader.source_lines import source_line_of
from plugins.sitebuild.errors import PostError

PLUGIN = "chirpy_reader"
LABEL_RE = re.compile(r"\\label\{(?P<name>[^}]*)\}")
NUMBERED_RE = re.compile(r"\\begin\{(?:equation|align|gather)\}")
UNKNOWN_RE = re.compile(r"<mi>(\\[A-Za-z]+)</mi>")
DISPLAY_RE = re.compile(r"^\s*(?:\$\$(?P<dollars>.+)\$\$|\\\[(?P<brackets>.+)\\\])\s*$", re.DOTALL)
INLINE_MATH = (
    r"\\\$\$(?P<escaped>.+?)\$\$"  # \$$ ... $$ (Chirpy's form inside lists)
    r"|(?<!\\)\$\$(?P<double>.+?)\$\$"
    r"|(?<![\\$\w])\$(?=\S)(?P<single>[^$\n]+?)(?<=\S)\$(?![\d$])"
    r"|\\\((?P<paren>.+?)\\\)"
)
REF_RE = r"\\(?:eq)?ref\{(?P<name>[^}]*)\}"


class MathError(ValueError):
    """TeX that cannot be rendered; the message says what."""


def tex_to_mathml(tex: str, display: bool) -> str:
    """MathML for a TeX formula; MathError for what latex2mathml would silently print as a name."""
    try:
        mathml = latex_to_mathml(tex.strip(), display="block" if display else "inline")
    except Exception as err:  # noqa: BLE001 -- latex2mathml raises many types for bad TeX
        raise MathError(f"the TeX cannot be read ({type(err).__name__}: {err})") from None
    unknown = UNKNOWN_RE.search(mathml)
    if unknown:
        raise MathError(f"the TeX command {unknown.group(1)} is not supported")
    return mathml


@dataclass
class Equations:
    """The numbered equations of one post, by label."""

    numbers: dict[str, int] = field(default_factory=dict)
    count: int = 0


def _enabled(md) -> bool:
    post = getattr(md, "post", None)
    return bool(post is not None and (post.front_matter or {}).get("math") is True)


def _error(md, fragment: str, err: MathError) -> PostError:
    return PostError(md.post.pos(source_line_of(md, fragment)), PLUGIN, f"{err} in {fragment.strip()[:60]!r}",
                     "write TeX that latex2mathml knows (https://latex2mathml.readthedocs.io), or remove math: true")


class EquationsPreprocessor(Preprocessor):
    """A fresh equation count for each post, and the math processors registered only for a post with math.

    One Markdown reads every post of a build, and most have no `math: true`: unregistered, the inline
    patterns are not tried on every text of those posts, nor the block test on every block.
    """

    def __init__(self, md, processors: tuple[tuple[object, object, str, float], ...]):
        super().__init__(md)
        self.processors = processors  # (registry, processor, name, priority)

    def run(self, lines: list[str]) -> list[str]:
        self.md.math_equations = Equations()
        enabled = _enabled(self.md)
        for registry, processor, name, priority in self.processors:
            if enabled and name not in registry:
                registry.register(processor, name, priority)
            elif not enabled and name in registry:
                registry.deregister(name)
        return lines


class DisplayMathProcessor(BlockProcessor):
    def test(self, parent, block: str) -> bool:
        return _enabled(self.parser.md) and bool(DISPLAY_RE.match(block))

    def run(self, parent, blocks: list[str]) -> None:
        md = self.parser.md
        block = blocks.pop(0)
        m = DISPLAY_RE.match(block)
        tex = m.group("dollars") if m.group("dollars") is not None else m.group("brackets")
        label = LABEL_RE.search(tex)
        tex = LABEL_RE.sub("", tex)
        try:
            mathml = tex_to_mathml(tex, display=True)
        except MathError as err:
            raise _error(md, block, err) from None
        div = etree.SubElement(parent, "div")
        div.set("class", "math-display")
        html = mathml
        if NUMBERED_RE.search(tex):
            equations: Equations = md.math_equations
            equations.count += 1
            if label:
                equations.numbers[label.group("name")] = equations.count
                div.set("id", equation_id(label.group("name")))
            html += f'<span class="math-number">({equations.count})</span>'
        div.text = md.htmlStash.store(html)


def equation_id(label: str) -> str:
    return "eq-" + re.sub(r"[^\w-]+", "-", label).strip("-")


class InlineMathProcessor(InlineProcessor):
    def handleMatch(self, m: re.Match, data: str):
        if not _enabled(self.md):
            return None, None, None
        tex = next(g for g in m.group("escaped", "double", "single", "paren") if g is not None)
        try:
            mathml = tex_to_mathml(tex, display=False)
        except MathError as err:
            raise _error(self.md, m.group(0), err) from None
        return self.md.htmlStash.store(mathml), m.start(0), m.end(0)


class EquationRefProcessor(InlineProcessor):
    def handleMatch(self, m: re.Match, data: str):
        if not _enabled(self.md):
            return None, None, None
        name = m.group("name")
        number = self.md.math_equations.numbers.get(name)
        if number is None:
            raise PostError(self.md.post.pos(source_line_of(self.md, m.group(0))), PLUGIN,
                            f"{m.group(0)} refers to no numbered equation",
                            f"add \\label{{{name}}} inside a $$\\begin{{equation}} ... \\end{{equation}}$$ block")
        link = etree.Element("a", {"class": "math-ref", "href": "#" + equation_id(name)})
        link.text = f"({number})"
        return self.md.htmlStash.store(etree.tostring(link, encoding="unicode")), m.start(0), m.end(0)


class MathExtension(Extension):
    """Active only in posts whose front matter says `math: true`, as on Chirpy."""

    def extendMarkdown(self, md):
        # Above `escape` (180) so `\$$` is math, below `backtick` (190) so code spans stay code.
        processors = (
            (md.parser.blockprocessors, DisplayMathProcessor(md.parser), "chirpy_math_display", 75),
            (md.inlinePatterns, InlineMathProcessor(INLINE_MATH, md), "chirpy_math_inline", 185),
            (md.inlinePatterns, EquationRefProcessor(REF_RE, md), "chirpy_math_ref", 184),
        )
        for registry, processor, name, priority in processors:
            registry.register(processor, name, priority)
        md.preprocessors.register(EquationsPreprocessor(md, processors), "chirpy_math_equations", 27.6)
        md.registerExtension(self)

    def reset(self):
        pass

