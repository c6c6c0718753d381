"""Browser fixtures for the theme: the built site served on 127.0.0.1 and Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
# The flags /work/shared/TOOLS-VERIFIED.md lists for this machine; never `playwright install`.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "theme"


@pytest.fixture(scope="session")
def site_url(built_site):
    """The shared build (pelicanconf.py leaves search off), indexed with Pagefind as publishconf.py does, served."""
    from budgets.serve import serving
    from plugins.site_search.pagefind import build_index

    indexed = build_index(built_site, "pagefind")
    assert indexed.ok, indexed.message
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is in requirements-dev.txt")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (Debian package chromium, deb-packages.txt)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, site_url):
    """Open a context (viewport, colour scheme) whose pages fail the test on any console error."""
    contexts, errors = [], []

    def make(width=390, height=844, scheme="light", **options):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                      base_url=site_url, **options)
        context.on("page", lambda page: page.on(
            "console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not errors, "console errors:\n" + "\n".join(errors)


@pytest.fixture(scope="session")
def artifacts():
    """test-artifacts/theme/ (gitignored), emptied once per session: screenshots of the main pages."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS
