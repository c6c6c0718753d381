"""Chirpy's writing features in Chromium, on Chirpy's own demo posts: the light/dark pair, floats,
widths, line numbers that are never selected, and copy buttons on every code block."""

from __future__ import annotations

import shutil

import pytest

from tests.reader.chirpy_demo.site import build_demo

pytestmark = [pytest.mark.browser, pytest.mark.build]
DESKTOP = {"width": 1280, "height": 900}
POST = "/posts/text-and-typography/"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    from budgets.serve import serving

    if shutil.which("node") is None:
        pytest.skip("the demo's Mermaid diagram needs Node.js and npm's mermaid-cli (setup.sh --test)")
    output = build_demo(tmp_path_factory.mktemp("chirpy-demo-browser"))
    with serving(output) as url:
        yield url


@pytest.fixture
def open_post(browser, demo_url):
    contexts = []

    def open_(scheme="light", **options):
        context = browser.new_context(viewport=DESKTOP, color_scheme=scheme, base_url=demo_url, **options)
        contexts.append(context)
        page = context.new_page()
        page.goto(POST)
        page.wait_for_load_state("load")
        return page

    yield open_
    for context in contexts:
        context.close()


def _shown(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().width > 0")


@pytest.mark.parametrize("scheme, toggled", [("light", False), ("dark", False), ("light", True)])
def test_light_dark_pair_shows_one_image_and_one_diagram(open_post, scheme, toggled):
    page = open_post(scheme)
    if toggled:
        page.locator(".theme-toggle").click()
    dark = page.evaluate("document.documentElement.dataset.theme") == "dark" if toggled else scheme == "dark"
    assert _shown(page, ".post-content img.dark") is dark
    assert _shown(page, ".post-content img.light") is not dark
    assert _shown(page, ".mermaid-diagram .dark svg") is dark
    assert _shown(page, ".mermaid-diagram .light svg") is not dark


def test_floats_and_widths(open_post):
    page = open_post()
    left = page.locator(".post-content p > img.left")
    right = page.locator(".post-content p > img.right")
    assert left.evaluate("e => getComputedStyle(e).float") == "left"
    assert right.evaluate("e => getComputedStyle(e).float") == "right"
    text = left.evaluate("e => e.parentElement.getBoundingClientRect()")
    box_left, box_right = left.bounding_box(), right.bounding_box()
    assert abs(box_left["x"] - text["x"]) < 2 and abs(box_right["x"] + box_right["width"] - text["x"] - text["width"]) < 2
    ratio = "e => e.getBoundingClientRect().width / e.parentElement.getBoundingClientRect().width"
    assert left.evaluate(ratio) == pytest.approx(0.5, abs=0.02)
    assert page.locator(".post-content img.w-75.light").evaluate(ratio) == pytest.approx(0.75, abs=0.02)
    # Text wraps beside a float: the paragraph's first line starts right of the image.
    first_line = left.evaluate("""e => { const r = document.createRange(); r.setStart(e.nextSibling, 1);
        r.setEnd(e.nextSibling, 2); return r.getBoundingClientRect().x; }""")
    assert first_line > box_left["x"] + box_left["width"]


def test_line_numbers_show_but_are_never_selected(open_post):
    page = open_post()
    block = page.locator(".post-content .snippet, .post-content .code-block").filter(
        has=page.locator(".snippet-label", has_text="bash")).first
    first = block.locator("span.linenos").first
    assert first.evaluate("e => getComputedStyle(e, '::before').content") == '"1 "'
    selected = block.locator("pre").evaluate("""pre => { const s = getSelection(); s.removeAllRanges();
        const r = document.createRange(); r.selectNodeContents(pre); s.addRange(r); return s.toString(); }""")
    assert selected.startswith("if [ $? -ne 0 ]; then") and "1" not in selected.split("\n")[0][:2]


def test_every_code_block_has_a_working_copy_button(open_post):
    page = open_post(permissions=["clipboard-read", "clipboard-write"])
    blocks = page.locator(".post-content .snippet, .post-content .code-block")
    assert blocks.count() == 3
    for i in range(blocks.count()):
        button = blocks.nth(i).locator(".snippet-copy")
        button.click()
        page.wait_for_function("b => b.classList.contains('is-copied')", arg=button.element_handle())
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == button.get_attribute("data-copy") and copied.strip()
        assert copied.rstrip("\n") == blocks.nth(i).locator("pre").inner_text().rstrip("\n")


def test_image_opens_full_size_in_a_dialog(open_post):
    page = open_post()
    page.locator("figure.media a.media-zoom").first.click()
    dialog = page.locator("dialog.media-dialog")
    assert dialog.evaluate("d => d.open") and dialog.locator("img").get_attribute("src").endswith("/posts/20190808/mockup.png")
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
