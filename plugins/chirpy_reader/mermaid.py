"""Chirpy's Mermaid diagrams (`mermaid: true` + a ```mermaid fence), drawn as SVG when the site is built.

Chirpy loads mermaid.js (3.5 MB) on the page and draws there. Here npm's @mermaid-js/mermaid-cli draws
each diagram with Debian's Chromium at build time, once in the light and once in the dark theme; the
page gets the two inline SVGs (about 10 KB each) shown by the colour scheme like Chirpy's `.light` and
`.dark` images, and no script. A drawing is cached by the diagram's text (and the drawing code), so only
a new or edited diagram costs the few seconds Chromium takes. Without `mermaid: true` the fence is a
code block, as on Chirpy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.dom import minidom

from plugins.chirpy_reader.source_lines import source_line_of
from plugins.sitebuild.errors import PostError

PLUGIN = "chirpy_reader"
HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "node" / "render_mermaid.mjs"
PROJECT = HERE.parents[1]
TIMEOUT = 120  # seconds for one diagram, both themes; Chromium's start is most of it


@dataclass(frozen=True)
class Diagram:
    light: str  # inline SVG
    dark: str


class MermaidError(RuntimeError):
    """The diagram could not be drawn; the message says why and is shown with the post's line."""


def diagram_key(code: str) -> str:
    script = SCRIPT.read_bytes()
    version = _cli_version()
    return hashlib.sha256(b"\0".join([code.encode(), script, version.encode()])).hexdigest()


def _cli_version() -> str:
    package = PROJECT / "node_modules" / "@mermaid-js" / "mermaid-cli" / "package.json"
    try:
        return json.loads(package.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "missing"


def valid_inline_svg(svg: str) -> str:
    """Mermaid's SVG as the HTML checker accepts it inline: `role="img"` for its ARIA 1.2 graphics roles,
    and `transform-origin` moved from an attribute (SVG 2, unknown to HTML's SVG) into the style."""
    document = minidom.parseString(svg)
    root = document.documentElement
    for element in [root, *root.getElementsByTagName("*")]:
        if element.getAttribute("role").startswith("graphics-"):
            element.setAttribute("role", "img")
        origin = element.getAttribute("transform-origin")
        if origin:
            element.removeAttribute("transform-origin")
            style = element.getAttribute("style").rstrip("; ")
            element.setAttribute("style", "; ".join(filter(None, [style, f"transform-origin: {origin}"])))
    return root.toxml()


def draw(code: str, cache_dir: Path | None) -> Diagram:
    """Both SVGs of a diagram, from the cache or drawn now (and cached)."""
    key = diagram_key(code)
    cached = cache_dir / f"{key}.json" if cache_dir else None
    if cached is not None and cached.is_file():
        data = json.loads(cached.read_text(encoding="utf-8"))
        return Diagram(valid_inline_svg(data["light"]), valid_inline_svg(data["dark"]))
    node = shutil.which("node")
    if node is None or _cli_version() == "missing":
        raise MermaidError("drawing Mermaid diagrams needs Node.js and npm's @mermaid-js/mermaid-cli, which are not installed")
    request = json.dumps({"code": code, "id": "mermaid-" + key[:12]})
    try:
        done = subprocess.run([node, str(SCRIPT)], input=request, capture_output=True, text=True, timeout=TIMEOUT,
                              cwd=PROJECT, check=False)
    except subprocess.TimeoutExpired:
        raise MermaidError(f"Chromium did not draw the diagram within {TIMEOUT} s") from None
    try:
        data = json.loads(done.stdout)
    except ValueError:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise MermaidError(f"mermaid-cli failed ({last})") from None
    if "error" in data:
        raise MermaidError(f"Mermaid cannot read the diagram: {data['error']}")
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(".tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        temporary.replace(cached)
    return Diagram(valid_inline_svg(data["light"]), valid_inline_svg(data["dark"]))


def enabled(language, inputs, options, attrs, md) -> bool:
    """superfences validator: a ```mermaid fence is a diagram only in a post with `mermaid: true`."""
    post = getattr(md, "post", None)
    return bool(post is not None and (post.front_matter or {}).get("mermaid") is True)


def fence_html(source: str, language: str, class_name: str, options: dict, md, **kwargs) -> str:
    """superfences formatter: the two drawings in a figure."""
    post = md.post
    cache_root = (post.settings or {}).get("CACHE_PATH")
    try:
        diagram = draw(source, Path(cache_root) / "mermaid" if cache_root else None)
    except MermaidError as err:
        # superfences swallows a formatter's exceptions (the fence would print as text): hand the
        # error to code_blocks.py, which raises it right after superfences ran.
        md.fence_errors.append(PostError(
            post.pos(source_line_of(md, source)), PLUGIN, str(err),
            "fix the diagram (https://mermaid.js.org/intro/syntax-reference.html) "
            "or run `bash setup.sh --test`, which installs mermaid-cli"))
        return ""
    return (f'<figure class="mermaid-diagram"><div class="light">{diagram.light}</div>'
            f'<div class="dark">{diagram.dark}</div></figure>')


# For SuperFencesCodeExtension(custom_fences=[...]).
CUSTOM_FENCE = {"name": "mermaid", "class": "mermaid", "format": fence_html, "validator": enabled}
