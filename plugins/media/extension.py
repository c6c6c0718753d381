"""Python-Markdown extension: check a post's media and write them as figures, videos and embeds.

- Preprocessor `media_refs` (priority 28, before the reader's kramdown pass at 27, so it sees the
  file's own line numbers): finds every media reference with its line, and replaces Chirpy's `{% include embed/video.html %}` / `embed/youtube.html` lines
  by their markup (through the HTML stash; the line count does not change).
- Treeprocessor `media_embed` (priority 6, after attr_list and the reader's w/h handling): fails on
  a missing or broken file with the line it is written on, turns Markdown images into figures (or annotates inline ones), and rewrites raw HTML blocks in the
  stash (`<div align>`, `<img>`, `<video>`).
What it learned goes into `md.post.outputs["media"]` (a PostMedia).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from plugins.media.embed import MediaChecker
from plugins.media.html_blocks import BlockRewriter, tokenize
from plugins.media.markup import (
    AudioView,
    ExternalVideoView,
    YoutubeView,
    render_audio,
    render_external_video,
    render_image_figure,
    render_video,
    render_youtube,
)
from plugins.media.model import FRONT_MATTER, IMAGE, INCLUDE, MARKDOWN, MediaRef, MediaSettings
from plugins.media.probe import Prober
from plugins.media.scan import find_media

PLUGIN = "media"
BLOCK_TAG_RE = re.compile(r"^\</?([^ >/]+)")


def _checker(md, ext: MediaExtension) -> MediaChecker:
    post = getattr(md, "post", None)
    settings = post.settings if post is not None else {}
    return MediaChecker(
        display_path=post.display_path if post is not None else "<text>",
        content_root=Path(settings.get("PATH") or "content"),
        static_paths=tuple(settings.get("STATIC_PATHS") or ("assets",)),
        media_subpath=media_subpath(post.front_matter or {}) if post is not None else "",
        settings=ext.media_settings,
        prober=ext.prober or Prober(),
    )


def media_subpath(front_matter: dict) -> str:
    """`media_subpath`, or `img_path`, its name up to Chirpy 6."""
    return str(front_matter.get("media_subpath") or front_matter.get("img_path") or "")


class MediaPreprocessor(Preprocessor):
    def __init__(self, md, ext: MediaExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        checker = _checker(self.md, self.ext)
        self.md.media_checker = checker
        self.md.media_own_stash = set()
        post = getattr(self.md, "post", None)
        model = post.model if post is not None else None
        refs, includes = find_media("\n".join(lines), code=model.outline.code if model is not None else None)
        if not getattr(self.md, "liquid_enabled", True):  # `render_with_liquid: false`: includes are text
            refs = [r for r in refs if r.syntax != INCLUDE]
            includes = []
        checker.note(refs)
        self.md.media_refs = refs + _front_matter_image(getattr(self.md, "post", None))
        for inc in includes:
            html = render_include(checker.include_view(inc))
            self.md.media_own_stash.add(self.md.htmlStash.html_counter)
            placeholder = self.md.htmlStash.store(html)
            lines[inc.line - 1] = lines[inc.line - 1].replace(inc.text, placeholder, 1)
        return lines


def render_include(view) -> str:
    if isinstance(view, YoutubeView):
        return render_youtube(view)
    if isinstance(view, AudioView):
        return render_audio(view)
    if isinstance(view, ExternalVideoView):
        return render_external_video(view)
    return render_video(view)


def _inline_classes(view) -> tuple[str, ...]:
    """An image inside text keeps the author's classes, not the figure placement."""
    return view.img_classes + tuple(c for c in view.figure_classes if not c.startswith("media-"))


def _front_matter_image(post) -> list[MediaRef]:
    """The post's preview `image:` (a path or {path, alt}), checked like the images in the body."""
    image = (post.front_matter or {}).get("image") if post is not None else None
    path = image.get("path") if isinstance(image, dict) else image
    if not isinstance(path, str) or not path.strip():
        return []
    model = post.model
    line = (model.front_matter.key_lines.get("image") if model is not None else None) or 2
    return [MediaRef(line, IMAGE, FRONT_MATTER, path.strip())]


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


class MediaTreeprocessor(Treeprocessor):
    def __init__(self, md, ext: MediaExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        checker: MediaChecker | None = getattr(self.md, "media_checker", None)
        if checker is None:
            return
        # Checked here, not in the preprocessor, so the reader's structural errors (unclosed tags,
        # stray IALs) are reported first; every reference is checked, even one no rewrite reaches.
        for ref in getattr(self.md, "media_refs", []):
            checker.check(ref)
        images = list(root.iter("img"))  # Markdown images: most posts write theirs as raw HTML
        parents = {child: parent for parent in root.iter() for child in parent} if images else {}
        for img in images:
            self._markdown_image(img, parents.get(img), checker)
        self._raw_html(root, checker)
        checker.raise_missing()
        post = getattr(self.md, "post", None)
        if post is not None:
            post.outputs[PLUGIN] = checker.summary()

    # Markdown images ------------------------------------------------------------------------

    def _markdown_image(self, img: etree.Element, parent, checker: MediaChecker) -> None:
        attrs = dict(img.attrib)
        classes = (attrs.get("class") or "").split()
        caption = self._sole_in_paragraph(img, parent)
        if caption is None:
            view = checker.image_view(MARKDOWN, attrs, classes, placement=None, use_alt_caption=False)
            for name in ("width", "height", "w", "h", "class", "style"):
                img.attrib.pop(name, None)
            img.set("src", view.src)
            for name, value in (("width", view.width), ("height", view.height),
                                ("class", " ".join(_inline_classes(view)) or None),
                                *view.extra, *((("loading", "lazy"), ("decoding", "async")) if view.lazy else ())):
                if value is not None:
                    img.set(name, str(value))
            return
        view = checker.image_view(MARKDOWN, attrs, classes, placement=None, caption_html=caption)
        self._replace_with_html(parent, render_image_figure(view))

    def _sole_in_paragraph(self, img: etree.Element, parent) -> str | None:
        """The caption HTML ('' for none) if the image stands alone in its paragraph, else None.

        Chirpy's caption is an italic line right under the image: `![alt](x.png)` + `_caption_`.
        """
        if parent is None or parent.tag != "p" or not _blank(parent.text) or not _blank(img.tail):
            return None
        children = list(parent)
        if children == [img]:
            return ""
        if len(children) == 2 and children[0] is img and children[1].tag == "em" and _blank(children[1].tail):
            html = self.md.serializer(children[1])
            return html[len("<em>"):-len("</em>")].strip()
        return None

    def _replace_with_html(self, element: etree.Element, html: str) -> None:
        tail = element.tail
        for child in list(element):
            element.remove(child)
        element.attrib.clear()
        self.md.media_own_stash.add(self.md.htmlStash.html_counter)
        element.text = self.md.htmlStash.store(html)
        element.tail = tail

    # Raw HTML -------------------------------------------------------------------------------

    def _raw_html(self, root: etree.Element, checker: MediaChecker) -> None:
        stash = self.md.htmlStash
        promoted = self._lone_inline_images(root)
        rewriter = BlockRewriter(checker)
        own = getattr(self.md, "media_own_stash", set())
        for index in range(len(stash.rawHtmlBlocks)):
            block = stash.rawHtmlBlocks[index]
            if index in own or not isinstance(block, str) or not rewriter.wanted(block):
                continue
            stash.rawHtmlBlocks[index] = rewriter.rewrite(block, flow=index in promoted or self._is_block(block))

    def _is_block(self, html: str) -> bool:
        m = BLOCK_TAG_RE.match(html.lstrip())
        return bool(m) and self.md.is_block_level(m.group(1).lower())

    def _lone_inline_images(self, root: etree.Element) -> set[int]:
        """Stash indexes of raw `<img>` tags that are alone in their paragraph (they become figures)."""
        found = set()
        for p in root.iter("p"):
            if len(p) or not p.text:
                continue
            m = HTML_PLACEHOLDER_RE.fullmatch(p.text.strip())
            if not m:
                continue
            index = int(m.group(1))
            block = self.md.htmlStash.rawHtmlBlocks[index] if index < len(self.md.htmlStash.rawHtmlBlocks) else None
            if isinstance(block, str) and block.lstrip()[:4].lower() == "<img":
                tokens = [t for t in tokenize(block) if t.raw.strip()]
                if len(tokens) == 1 and tokens[0].tag == "img":
                    found.add(index)
        return found


class MediaExtension(Extension):
    """`settings`: the MEDIA setting, read; `prober`: shared by one build (default: one per post).

    Both are objects, so they are plain constructor arguments: Python-Markdown's config would turn
    a None default into a boolean.
    """

    def __init__(self, settings: MediaSettings | None = None, prober: Prober | None = None, **kwargs):
        self.media_settings = settings or MediaSettings()
        self.prober = prober
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.preprocessors.register(MediaPreprocessor(md, self), "media_refs", 28)
        md.treeprocessors.register(MediaTreeprocessor(md, self), "media_embed", 6)
        md.registerExtension(self)

    def reset(self):
        pass


def makeExtension(**kwargs):
    return MediaExtension(**kwargs)
