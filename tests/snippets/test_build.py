"""The real site: every post's snippet files are written, executable, and linked from the page."""

from __future__ import annotations

import json
import os
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.build

INSTALL = "snippets/docker-1/docker-1-01-install.sh"


def test_first_post_offers_its_install_script(built_site):
    script = built_site / INSTALL
    assert script.is_file() and os.access(script, os.X_OK)
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in text
    assert text.count("\nsudo dnf ") == 2 and "  sudo usermod -aG docker $USER" in text
    page = BeautifulSoup((built_site / "posts/docker-1/index.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one("p.snippet-list-download a[download]")
    assert link["href"] == f"/{INSTALL}"
    assert page.find("ul", id="snippet-docker-1-01-install") is not None


def test_every_download_link_on_every_page_exists(built_site):
    pages = sorted((built_site / "posts").glob("*/index.html"))
    links = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links += [a["href"] for a in soup.select("a.snippet-download, p.snippet-list-download a")]
    assert links, "the posts have snippets"
    missing = [h for h in links if not (built_site / h.lstrip("/")).is_file()]
    assert missing == []


def test_manifests_and_index(built_site):
    index = json.loads((built_site / "snippets/index.json").read_text(encoding="utf-8"))
    slugs = [p["slug"] for p in index["posts"]]
    assert "docker-1" in slugs and index["count"] == sum(len(p["snippets"]) for p in index["posts"])
    for post in index["posts"]:
        manifest = json.loads((built_site / post["manifest"]).read_text(encoding="utf-8"))
        assert [s["name"] for s in manifest["snippets"]] == [s["name"] for s in post["snippets"]]
        assert (built_site / post["script"]).is_file()


def test_links_follow_a_subpath_siteurl(built_site_subpath):
    soup = BeautifulSoup((built_site_subpath / "posts/docker-1/index.html").read_text(encoding="utf-8"), "html.parser")
    href = soup.select_one("p.snippet-list-download a")["href"]
    assert href == f"https://example.github.io/blog/{INSTALL}"
    assert (built_site_subpath / urlparse(href).path.removeprefix("/blog/")).is_file()
