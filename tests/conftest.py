"""Shared test fixtures: paths of the project and a helper to build the site into a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POSTS = sorted((ROOT / "content" / "posts").glob("*.md"))
DOCKER_POSTS = sum("-docker-" in post.name for post in POSTS)  # the 도커 series as the content holds it


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


def build_site(output: Path, **overrides):
    """Build the real site into `output` (cache in a sibling folder); fail the test with the problems."""
    from plugins.sitebuild.runner import build

    settings = {"CACHE_PATH": str(output.parent / f"{output.name}-cache"), "LOAD_CONTENT_CACHE": False, **overrides}
    result = build(ROOT / "pelicanconf.py", overrides=settings, output=output)
    if not result.ok:
        pytest.fail("site build failed:\n" + "\n".join(result.problems))
    return result


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site built once per test session with pelicanconf.py (SITEURL empty)."""
    output = tmp_path_factory.mktemp("site") / "output"
    build_site(output)
    return output


@pytest.fixture(scope="session")
def built_site_subpath(tmp_path_factory) -> Path:
    """The real site built once with a sub-path SITEURL, as on GitHub Pages project sites."""
    output = tmp_path_factory.mktemp("site-subpath") / "output"
    site = "https://example.github.io/blog"
    build_site(output, SITEURL=site, FEED_DOMAIN=site, FEED_ALL_ATOM="feeds/all.atom.xml")  # as publishconf.py
    return output


pytest_plugins = ["tests.snippet_tiers.plugin", "pytester"]  # snippet tiers; pytester tests the collector
