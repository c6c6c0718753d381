"""The theme in a real browser (Debian's Chromium via Playwright) against the built site on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.conftest import DOCKER_POSTS

pytestmark = [pytest.mark.browser, pytest.mark.build]
FIRST_POST = "/posts/docker-1/"
PHONE, DESKTOP = (390, 844), (1280, 900)
MAIN_PAGES = {
    "home": "/", "post-1": FIRST_POST, "post-3": "/posts/docker-3/", "categories": "/categories/",
    "tags": "/tags/", "archives": "/archives/", "series": "/series/도커/", "about": "/about/",
    "search": "/search/?q=도커를", "not-found": "/404.html",
}


def _open(context, path):
    page = context.new_page()
    page.goto(path)
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_first_post_has_toc_series_box_and_media(new_context, size):
    page = _open(new_context(*size), FIRST_POST)
    toc = page.locator("details#toc")
    assert toc.locator("a[href='#도커의-핵심-개념']").count() == 1
    assert toc.evaluate("d => d.open") == (size == DESKTOP)  # a sidebar on wide screens, folded on phones
    box = page.locator(".series-box")
    assert "도커 시리즈" in box.inner_text() and box.locator(".series-count").inner_text() == f"1/{DOCKER_POSTS}"
    assert box.locator("[aria-current='page']").inner_text() == "도커란 무엇인가?"
    images = page.locator("figure.media img")
    assert images.count() >= 3
    images.first.scroll_into_view_if_needed()
    assert images.first.evaluate("img => img.complete && img.naturalWidth > 0")
    video = page.locator("figure.media-video video")
    assert video.get_attribute("poster").endswith(".poster.jpg")
    assert page.locator(".post-nav-next").get_attribute("href").endswith("/posts/docker-2/")


def test_korean_web_font_is_used_once_cached(new_context):
    context = new_context(*PHONE)
    page = _open(context, FIRST_POST)
    assert page.evaluate("document.documentElement.classList.contains('webfont')") is False
    page.mouse.wheel(0, 400)  # the reader scrolls: the font is fetched for the page's characters
    page.wait_for_function("() => localStorage.getItem('webfont') === '1'", timeout=20000)
    page.reload()
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.documentElement.classList.contains('webfont')")
    family = page.evaluate("getComputedStyle(document.querySelector('.post-content p')).fontFamily")
    assert family.startswith('"Pretendard Variable"')
    assert page.evaluate("""[...document.fonts].some(f => f.family.includes('Pretendard') && f.status === 'loaded'
                            && f.unicodeRange.length > 0)""")
    assert page.evaluate("document.fonts.check('16px \"Pretendard Variable\"', '도커란 무엇인가')")
    requests = page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    assert all(r.startswith(page.url.split("/posts/")[0]) for r in requests), "a request left the site"


def test_copy_button_copies_exactly_the_commands(new_context):
    context = new_context(*DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page = _open(context, "/posts/docker-3/")
    snippet = page.locator(".snippet").filter(has=page.locator(".highlight .gp")).first
    button = snippet.locator(".snippet-copy")
    expected = button.get_attribute("data-copy")
    button.click()
    page.wait_for_function("b => b.classList.contains('is-copied')", arg=button.element_handle())
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == expected
    assert copied.startswith("docker ") and "\n$ " not in copied and not copied.startswith("$")
    outputs = [line for line in snippet.locator(".go").all_inner_texts() if line.strip()]
    assert outputs and not any(line.strip() in copied.splitlines() for line in outputs)
    assert button.inner_text() == "복사됨 ✓"
    assert page.locator(".copy-status").inner_text() == "클립보드에 복사했습니다."
    # Prompts and output are not selectable, so a mouse selection copies only commands too.
    assert snippet.locator(".gp").first.evaluate("e => getComputedStyle(e).userSelect") == "none"


def test_download_link_returns_the_snippet(new_context, built_site):
    page = _open(new_context(*DESKTOP), "/posts/docker-3/")
    link = page.locator(".snippet .snippet-download").first
    href = link.get_attribute("href")
    assert link.get_attribute("download") is not None
    response = page.request.get(href)
    assert response.status == 200
    assert response.body() == (built_site / unquote(href).lstrip("/")).read_bytes()
    assert b"docker " in response.body()


def test_dark_mode_toggles_and_persists(new_context):
    context = new_context(*PHONE, scheme="light")
    page = _open(context, FIRST_POST)
    background = "getComputedStyle(document.body).backgroundColor"
    light = page.evaluate(background)
    page.locator(".theme-toggle").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    dark = page.evaluate(background)
    assert dark != light and page.locator(".theme-toggle").get_attribute("aria-pressed") == "true"
    page.reload()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    other = _open(context, "/archives/")
    assert other.evaluate(background) == dark
    other.locator(".theme-toggle").click()
    assert other.evaluate(background) == light


def test_system_dark_scheme_without_a_choice(new_context):
    page = _open(new_context(*PHONE, scheme="dark"), FIRST_POST)
    assert page.evaluate("document.documentElement.dataset.theme") is None
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(21, 23, 28)"


def test_search_finds_a_korean_word_with_a_particle(new_context):
    page = _open(new_context(*DESKTOP), "/search/?q=도커를")
    results = page.locator(".pagefind-ui__result")
    results.first.wait_for(timeout=20000)
    titles = results.locator(".pagefind-ui__result-link").all_inner_texts()
    assert any("[도커-1]" in t for t in titles)
    assert page.locator(".pagefind-ui__result mark").first.inner_text() == "도커를"


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_no_horizontal_scroll_on_a_phone_and_screenshots(new_context, artifacts, name):
    for scheme in ("light", "dark"):
        for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
            page = _open(new_context(*size, scheme=scheme), MAIN_PAGES[name])
            if name == "search":
                page.locator(".pagefind-ui__result").first.wait_for(timeout=20000)
            if label == "phone":
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= size[0], f"{MAIN_PAGES[name]} is {width}px wide at {size[0]}px"
            page.screenshot(path=str(artifacts / f"{name}-{label}-{scheme}.png"), full_page=label == "phone")
            page.close()


def test_narrowest_phone_320(new_context):
    context = new_context(320, 640)
    for path in ("/", FIRST_POST, "/posts/docker-5/", "/categories/", "/search/"):
        page = _open(context, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        page.close()
