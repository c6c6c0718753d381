"""The cheat sheet in a real site build: pages, files, links back to each entry's place in its post."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.cheatsheet.sheets import FIRST_POST
from tests.conftest import build_site

pytestmark = pytest.mark.build

FILES = ("docker.pdf", "docker.md", "docker.cheat", "docker.json", "docker-tldr.zip", "cheatsheet.css",
         "cheatsheet.js")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def entries(page: BeautifulSoup) -> list[tuple[str, str, bool]]:
    return [(li.select_one("code.cheatsheet-command").get_text(),
             li.select_one(".cheatsheet-explanation li").get_text(),
             li.select_one(".cheatsheet-optional") is not None)
            for li in page.select("li[data-cheat]")]


def test_page_lists_the_first_post_first(built_site):
    page = soup(built_site / "cheatsheet" / "index.html")
    assert page.select_one("#cheatsheet h1").get_text() == "도커 시리즈 명령어 치트시트"
    assert entries(page)[:len(FIRST_POST)] == list(FIRST_POST)
    box = page.select_one("[data-cheat-filter]")
    assert box.has_attr("hidden") and box.select_one("input[type=search]")  # shown by cheatsheet.js
    assert page.select_one('script[src="/cheatsheet/cheatsheet.js"]')


def test_one_page_per_post(built_site):
    data = json.loads((built_site / "cheatsheet" / "docker.json").read_text(encoding="utf-8"))
    for post in data["posts"]:
        if not post["sections"]:
            continue
        page = soup(built_site / "cheatsheet" / post["slug"] / "index.html")
        expected = [e["command"] for s in post["sections"] for e in s["entries"]]
        assert [c for c, _, _ in entries(page)] == expected
    first = soup(built_site / "cheatsheet" / "docker-1" / "index.html")
    assert entries(first) == list(FIRST_POST)


def test_files_are_written_and_linked(built_site):
    folder = built_site / "cheatsheet"
    for name in FILES:
        assert (folder / name).stat().st_size > 0, name
    assert (folder / "tldr" / "usermod.md").is_file()
    links = {a["href"] for a in soup(folder / "index.html").select(".cheatsheet-downloads a")}
    assert links == {f"/cheatsheet/{name}" for name in FILES[:5]}


def test_every_entry_links_to_a_place_that_exists(built_site):
    page = soup(built_site / "cheatsheet" / "index.html")
    hrefs = [a["href"] for a in page.select(".cheatsheet-source, .cheatsheet-section h3 a")]
    assert hrefs
    pages: dict[str, BeautifulSoup] = {}
    for href in hrefs:
        url = urlsplit(href)
        target = built_site / url.path.lstrip("/") / "index.html"
        pages.setdefault(url.path, soup(target))
        assert pages[url.path].find(id=unquote(url.fragment)) is not None, href


@pytest.mark.parametrize("setting", [{"pdf": False}, {"pdf_max_entries": 5}], ids=["pdf-off", "too-long"])
def test_without_pdf(tmp_path, setting):
    out = tmp_path / "output"
    build_site(out, CHEATSHEET=setting)
    assert not (out / "cheatsheet" / "docker.pdf").exists()
    assert (out / "cheatsheet" / "docker.md").is_file()
    links = [a["href"] for a in soup(out / "cheatsheet" / "index.html").select(".cheatsheet-downloads a")]
    assert "/cheatsheet/docker.pdf" not in links


def test_bad_setting_fails_the_build_in_one_line(tmp_path):
    from sitebuild.runner import build

    from tests.conftest import ROOT

    result = build(ROOT / "pelicanconf.py", output=tmp_path / "out",
                   overrides={"CHEATSHEET": {"pdf": "yes"}, "CACHE_PATH": str(tmp_path / "cache")})
    assert not result.ok
    assert result.problems == ("error: pelicanconf.py: cheatsheet: CHEATSHEET['pdf'] must be bool (got 'yes')",)
