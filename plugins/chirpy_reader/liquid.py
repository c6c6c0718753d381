"""The Liquid a Chirpy post may hold, honoured where it can be and refused with a line where it cannot.

Jekyll runs Liquid over a post before kramdown reads it. This site runs no Liquid, so:
- `render_with_liquid: false` in the front matter: every `{% %}` and `{{ }}` is text, as in Jekyll 4;
- a tag split over lines (`{%` on one line, `include embed/video.html`, its parameters and `%}` on the
  next ones, the form Chirpy documents) is joined onto its first line, so the plugins that honour
  includes (media) and the check for unknown tags (kramdown.py) read it whole and name that line;
- `{{ site.title }}`-style output of a setting the site has, and `{{ page.title }}`-style output of
  the post's own front matter, print the value; any other `{{ ... }}` is an error naming its line;
- text between `{% raw %}` and `{% endraw %}`, fenced code, inline code and `{{ }}` in HTML comments are left alone.
Lines are never added or dropped (context.py).
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

from markdown import Extension
from markdown.preprocessors import Preprocessor

from plugins.chirpy_reader.context import outline_of
from plugins.chirpy_reader.markdown_lines import INLINE_CODE_RE, LIQUID_OUTPUT_RE, open_raw_at, raw_spans
from plugins.sitebuild.errors import PostError

PLUGIN = "chirpy_reader"
# An HTML comment is never shown, so `{{ }}` inside one (a cheat sheet form such as
# `docker inspect -f '{{.State.Status}}' <컨테이너>`) is left as it is.
COMMENT_RE = re.compile(r"<!--.*?-->")
VARIABLE_RE = re.compile(r"^(?P<scope>site|page)\.(?P<name>[A-Za-z_][\w.]*)$")
MAX_TAG_LINES = 40  # a `{%` left open longer than this is a mistake, not a long include


def site_variables(settings: dict) -> dict[str, str]:
    """Jekyll's `site.*` names for the settings this site has."""
    siteurl = str(settings.get("SITEURL") or "")
    parts = urlsplit(siteurl)
    values = {
        "title": settings.get("SITENAME"),
        "description": settings.get("SITE_DESCRIPTION"),
        "tagline": settings.get("SITE_DESCRIPTION"),
        "url": f"{parts.scheme}://{parts.netloc}" if parts.netloc else siteurl,
        "baseurl": parts.path.rstrip("/") if parts.netloc else "",
        "author": settings.get("AUTHOR"),
        "lang": settings.get("DEFAULT_LANG"),
        "timezone": settings.get("TIMEZONE"),
    }
    return {k: str(v) for k, v in values.items() if v is not None}


def page_variables(front_matter: dict) -> dict[str, str]:
    return {str(k): str(v) for k, v in front_matter.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}


def liquid_enabled(front_matter: dict) -> bool:
    return front_matter.get("render_with_liquid") is not False


class LiquidPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        post = getattr(self.md, "post", None)
        front_matter = (post.front_matter or {}) if post is not None else {}
        self.md.liquid_enabled = liquid_enabled(front_matter)
        if not self.md.liquid_enabled:
            return lines
        self.path = post.display_path if post is not None else "<text>"
        self.values = {"site": site_variables(post.settings or {} if post is not None else {}),
                       "page": page_variables(front_matter)}
        return self._lines(list(lines))

    def _lines(self, out: list[str]) -> list[str]:
        code = outline_of(self.md, out).code  # code is never Liquid here; kramdown.py skips it too
        raw = False  # inside a {% raw %} ... {% endraw %} that spans lines
        for i in range(len(out)):
            if i + 1 in code:
                continue
            if "{%" in out[i]:  # most lines hold no tag: nothing to join, no raw tag opened or closed
                if not raw:
                    self._join_split_tag(out, i)
                spans = raw_spans(out[i], open_at_start=raw)
                raw = open_raw_at(out[i], raw)
            else:
                spans = [(0, len(out[i]))] if raw else []
            if spans or "{{" in out[i]:
                out[i] = _as_text(self._outputs(out[i], i + 1, spans), spans)
        return out

    def _join_split_tag(self, out: list[str], i: int) -> None:
        """`{%` without its `%}` on the line: pull the following lines up to `%}` onto it."""
        code_free = INLINE_CODE_RE.sub("", out[i])
        start = code_free.rfind("{%")
        if start < 0 or "%}" in code_free[start:]:
            return
        for j in range(i + 1, min(len(out), i + MAX_TAG_LINES)):
            if "%}" in out[j]:
                out[i] = out[i].rstrip() + " " + " ".join(part.strip() for part in out[i + 1:j + 1])
                for k in range(i + 1, j + 1):
                    out[k] = ""
                return
        raise PostError(self.md.post.pos(i + 1), PLUGIN,
                        "this Liquid tag `{%` is never closed with `%}`",
                        "close it, or write `{% raw %}`/`{% endraw %}` around text that shows `{%`")

    def _outputs(self, line: str, number: int, raw_spans: list[tuple[int, int]]) -> str:
        if "{{" not in line:
            return line
        kept = [(m.start(), m.end()) for m in INLINE_CODE_RE.finditer(line)]
        kept += [(m.start(), m.end()) for m in COMMENT_RE.finditer(line)] + raw_spans

        def replace(m: re.Match) -> str:
            if any(a <= m.start() < b for a, b in kept):
                return m.group(0)
            expr = m.group("expr")
            var = VARIABLE_RE.match(expr)
            value = self.values[var.group("scope")].get(var.group("name")) if var else None
            if value is None:
                known = ", ".join(f"site.{k}" for k in sorted(self.values["site"]))
                raise PostError(
                    self.md.post.pos(number), PLUGIN, f"Liquid output {m.group(0)!r} cannot be printed here",
                    f"use one of {known} or page.<front matter key>; or wrap it in {{% raw %}}...{{% endraw %}}",
                )
            return escape(value, quote=False)

        return LIQUID_OUTPUT_RE.sub(replace, line)


def _as_text(line: str, spans: list[tuple[int, int]]) -> str:
    """Liquid between raw tags shown as text: `{` as `&#123;` (outside code spans, where an entity would
    show), so the check for unknown tags (kramdown.py) and the plugins reading includes pass it by."""
    if not spans:
        return line
    codes = [(m.start(), m.end()) for m in INLINE_CODE_RE.finditer(line)]
    out, pos = [], 0
    for start, end in spans:
        out.append(line[pos:start])
        out.append("".join(
            "&#123;" if ch == "{" and line[k + 1:k + 2] in ("%", "{") and not any(a <= k < b for a, b in codes) else ch
            for k, ch in enumerate(line[start:end], start)))
        pos = end
    out.append(line[pos:])
    return "".join(out)


class LiquidExtension(Extension):
    def extendMarkdown(self, md):
        # Above snippets (29) and media (28): they read the joined tags; lines stay where they were.
        md.preprocessors.register(LiquidPreprocessor(md), "chirpy_liquid", 31)
        md.registerExtension(self)

    def reset(self):
        pass
