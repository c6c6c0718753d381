"""Chirpy's own demo posts, copied unchanged (chirpy_demo/), build in a strict build and render every
feature they document the way Chirpy renders it."""

from __future__ import annotations

import shutil
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from tests.reader.chirpy_demo.site import PLACEHOLDERS, build_demo

pytestmark = pytest.mark.build
NEEDS_MERMAID = pytest.mark.skipif(shutil.which("node") is None or shutil.which("chromium") is None,
                                   reason="the demo's Mermaid diagram needs Node.js, mermaid-cli and chromium")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """The demo posts built with the site's own settings; every warning fails the build."""
    if shutil.which("node") is None:
        pytest.skip("the demo's Mermaid diagram needs Node.js and npm's mermaid-cli (setup.sh --test)")
    return build_demo(tmp_path_factory.mktemp("chirpy-demo"))


def page(output, url: str) -> BeautifulSoup:
    path = output / unquote(url).strip("/") / "index.html"
    assert path.is_file(), f"{url} was not written"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def typography(demo_site):
    return page(demo_site, "posts/text-and-typography/")


@pytest.fixture(scope="module")
def writing(demo_site):
    return page(demo_site, "posts/write-a-new-post/")


def test_every_demo_post_and_its_media_is_written(demo_site):
    for slug in ("text-and-typography", "write-a-new-post", "customize-the-favicon"):
        page(demo_site, f"posts/{slug}/")
    for item in PLACEHOLDERS:
        assert (demo_site / item.path).is_file(), f"{item.path}: a root path outside assets/ is served as Jekyll serves it"


def test_heading_ials_and_toc_skip(typography):
    h2 = typography.find(["h2", "h3", "h4"], string="H2 — heading")  # the theme shifts heading levels
    assert h2["class"] == ["mt-4", "mb-0"] and h2.has_attr("data-toc-skip")
    assert "{:" not in typography.select_one(".post-content").get_text()
    toc = typography.select_one("#toc").get_text()
    assert "H2 — heading" not in toc and "Headings" in toc
    assert "{:" not in typography.find("meta", attrs={"name": "description"})["content"]


def test_prompts_are_four_boxes(typography):
    quotes = typography.select(".post-content blockquote[class]")
    assert [q["class"][0] for q in quotes] == ["prompt-tip", "prompt-info", "prompt-warning", "prompt-danger"]


def test_task_list(typography):
    boxes = typography.select(".post-content li.task-list-item > input[type=checkbox]")
    assert [b.has_attr("checked") for b in boxes] == [False, True, True, False]


def test_code_blocks_headers_and_line_numbers(typography):
    blocks = typography.select(".post-content div.code-block, .post-content div.snippet")
    labels = [b.select_one(".snippet-label").get_text() for b in blocks]
    assert labels == ["text", "bash", "_sass/jekyll-theme-chirpy.scss"]
    numbers = [len(b.select("span.linenos")) for b in blocks]
    assert numbers == [0, 4, 3], "text has no numbers; bash and sass are numbered"
    assert all(b.select_one("button.snippet-copy") for b in blocks)


def test_file_block_downloads_under_its_own_name(typography, demo_site):
    link = typography.select_one("div.snippet a.snippet-download[download='jekyll-theme-chirpy.scss']")
    assert link is not None
    assert (demo_site / unquote(link["href"]).lstrip("/")).is_file()


def test_math_is_mathml(typography):
    content = typography.select_one(".post-content")
    assert content.select_one("div.math-display#eq-eq-series math[display=block]")
    assert content.select_one("a.math-ref[href='#eq-eq-series']").get_text() == "(1)"
    assert len(content.select("p > math[display=inline]")) == 2
    assert "$$" not in content.get_text() and not typography.select("script[src*=mathjax]")


@NEEDS_MERMAID
def test_mermaid_is_svg(typography):
    figure = typography.select_one("figure.mermaid-diagram")
    assert figure.select_one(".light > svg") and figure.select_one(".dark > svg")


def test_images(typography):
    content = typography.select_one(".post-content")
    captioned = content.select("figure.media:not(.media-youtube) figcaption")
    assert [c.get_text() for c in captioned] == ["Full screen width and center alignment"], \
        "only the italic line is a caption, never the alt text"
    assert content.select_one("figure.media.normal img.w-75")
    floats = content.select("p > img.left, p > img.right")
    assert [(i["class"]) for i in floats] == [["w-50", "left"], ["w-50", "right"]]
    light, dark = content.select_one("img.light"), content.select_one("img.dark")
    assert {"w-75", "shadow", "rounded-10"} <= set(light["class"]) and (light["width"], light["height"]) == ("1212", "668")
    assert dark is not None and dark.find_parent("p") is light.find_parent("p")
    assert content.select_one("figure.media a.media-zoom > img")


def test_front_matter_description_preview_and_author(typography, demo_site):
    assert typography.select_one(".post-description").get_text().startswith("Examples of text, typography")
    preview = typography.select_one(".post-header figure.post-preview img")
    assert preview["src"] == "/commons/devices-mockup.png"
    assert preview["alt"] == "Responsive rendering of Chirpy theme on multiple devices."
    assert "data:image/webp;base64," in preview["style"]
    author = typography.select_one(".post-authors a")
    assert (author.get_text(), author["href"]) == ("Virginia", "https://example.com/virginia")
    assert typography.find("meta", attrs={"name": "twitter:creator"})["content"] == "@virginia"
    home = page(demo_site, "")
    assert home.select_one(".post-card-preview img")["src"] == "/commons/devices-mockup.png"


def test_youtube_embed(typography):
    assert typography.select_one("figure.media-youtube iframe.media-youtube-frame[srcdoc]")


def test_writing_guide_keeps_its_liquid_as_text(writing):
    """render_with_liquid: false: the guide's own {% raw %} and embed examples are shown, not run."""
    text = writing.select_one(".post-content").get_text()
    assert "{% raw %}" in text and "{% endraw %}" in text
    assert "{% include embed/video.html src='{URL}' %}" in text
    assert '"Text and Typography"' in text and '\\"' not in text


def test_writing_guide_code_blocks(writing):
    blocks = writing.select(".post-content div.code-block, .post-content div.snippet")
    labels = [b.select_one(".snippet-label").get_text() for b in blocks]
    assert "_data/authors.yml" in labels and "_config.yml" in labels and "yml" in labels
    config = next(b for b in blocks if b.select_one(".snippet-label").get_text() == "_config.yml")
    assert not config.select("span.linenos"), "{: file='_config.yml' .nolineno }"


def test_getting_started(demo_site):
    soup = page(demo_site, "posts/getting-started/")
    content = soup.select_one(".post-content")
    light, dark = content.select_one("li img.light"), content.select_one("li img.dark")
    assert light["src"] == "/posts/20180809/pages-source-light.png", "media_subpath applied, a root path outside assets/"
    assert {"border", "normal"} <= set(light["class"]) and (light["width"], light["height"]) == ("375", "140")
    assert dark["src"] == "/posts/20180809/pages-source-dark.png"
    terminal = next(b for b in content.select("div.code-block, div.snippet")
                    if b.select_one(".snippet-label").get_text() == "terminal")
    assert not terminal.select("span.linenos") and terminal.select(".gp"), "terminal: a console without numbers"
    assert soup.select_one(".post-description").get_text().startswith("Get started with Chirpy basics")
    assert soup.select_one(".post-authors a").get_text() == "Cotes Chung"
