"""/cheatsheet/ in Chromium: the filter box appears, narrows the list as the reader types, and the page
is kept as screenshots in test-artifacts/cheatsheet/ (desktop, filtered, phone)."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.build]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts" / "cheatsheet"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser_page(built_site):
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip("Debian's chromium is not installed (bash setup.sh --test installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser, base
        finally:
            browser.close()
            server.shutdown()
            server.server_close()


def test_filter_box_narrows_the_list(browser_page):
    browser, base = browser_page
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/cheatsheet/")
    box = page.locator("[data-cheat-filter]")
    box.wait_for(state="visible")
    total = page.locator("[data-cheat]").count()
    assert page.locator("[data-cheat-count]").inner_text() == f"명령어 {total}개"
    page.screenshot(path=str(ARTIFACTS / "page.png"), full_page=True)
    height = page.evaluate("document.documentElement.scrollHeight")
    # Density, not length: the page grows with the series (12 screens held 80 entries at 135 px each).
    assert height / total < 140, f"the by-topic page takes {height / total:.0f} px per entry at 1280 px"

    page.fill("#cheatsheet-filter-input", "usermod")
    assert page.locator("[data-cheat]:visible").count() == 1
    assert "sudo usermod -aG docker <사용자>" in page.locator("[data-cheat]:visible").inner_text()
    assert page.locator("[data-cheat-count]").inner_text() == f"{total}개 중 1개"
    assert page.locator(".cheatsheet-group:visible").count() == 1  # the other topics' headings hide too
    page.screenshot(path=str(ARTIFACTS / "page-filtered.png"), full_page=True)

    # whole words, not substrings: `rm -f` must not find `--format` or `-f '{{...}}'` of inspect
    page.fill("#cheatsheet-filter-input", "rm -f")
    starts = page.eval_on_selector_all("[data-cheat]:not([hidden])", "els => els.map(e => e.dataset.start)")
    assert starts and all(" rm " in f" {s} " for s in starts), starts
    # the start of a command
    page.fill("#cheatsheet-filter-input", "docker compose")
    starts = page.eval_on_selector_all("[data-cheat]:not([hidden])", "els => els.map(e => e.dataset.start)")
    assert starts and all(s.startswith("docker compose") or "compose" in s for s in starts)
    # a quoted phrase, and a Hangul word matches the start of a word (로그 finds 로그를)
    page.fill("#cheatsheet-filter-input", '"도커 서비스"')
    shown = page.eval_on_selector_all("[data-cheat]:not([hidden])", "els => els.map(e => e.dataset.search)")
    assert shown and all("도커 서비스" in text for text in shown)

    page.fill("#cheatsheet-filter-input", "없는명령어xyz")
    assert page.locator("[data-cheat]:visible").count() == 0
    assert page.locator("[data-cheat-empty]").is_visible()

    page.fill("#cheatsheet-filter-input", "sleep")  # glue is folded, and opens when it matches
    assert page.locator("[data-cheat]:visible").count() >= 1

    page.fill("#cheatsheet-filter-input", "")
    assert errors == []


def test_copy_button_copies_the_general_form(browser_page):
    browser, base = browser_page
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    page.goto(f"{base}/cheatsheet/")
    entry = page.locator("[data-cheat]", has_text="docker logs --tail").first
    entry.locator(".cheatsheet-copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == "docker logs --tail <줄수> <컨테이너>"
    assert page.locator(".cheatsheet-copy").count() == page.locator("[data-cheat]").count()
    context.close()


def test_menu_search_index_and_print(browser_page, built_site):
    browser, base = browser_page
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/cheatsheet/")
    assert page.locator('.site-nav a[href$="/cheatsheet/"][aria-current="page"]').count() == 1
    assert page.locator("[data-pagefind-body]").count() == 1
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible() and not page.locator("[data-cheat-filter]").is_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages <= 8, f"printing the page takes {pages} A4 pages"
    (ARTIFACTS / "page-print.pdf").write_bytes(pdf)


def test_query_in_the_address_and_phone_layout(browser_page):
    browser, base = browser_page
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{base}/cheatsheet/?q=systemctl")
    page.locator("[data-cheat-filter]").wait_for(state="visible")
    assert page.input_value("#cheatsheet-filter-input") == "systemctl"
    texts = page.locator("[data-cheat]:visible").all_inner_texts()
    assert texts and all(re.search(r"systemctl", t) for t in texts)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(ARTIFACTS / "page-phone.png"), full_page=False)
    page.goto(f"{base}/cheatsheet/docker-1/")
    page.screenshot(path=str(ARTIFACTS / "post-page-phone.png"), full_page=True)
