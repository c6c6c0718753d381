"""The cheat sheet in a real site build: pages, files, links back to each entry's place in its post."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.cheatsheet.sheets import FIRST_POST, FIRST_POST_FORMS
from tests.conftest import build_site

pytestmark = pytest.mark.build

FILES = ("docker-core.pdf", "docker.pdf", "docker.md", "docker.cheat", "docker-tldr.zip", "docker.json",
         "docker.schema.json", "cheatsheet.css", "cheatsheet.js")
LINKED = FILES[:6]
PUBLIC = "https://docker-notes.github.io"  # CHEATSHEET["public_url"] in pelicanconf.py


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def entries(page: BeautifulSoup) -> list[tuple[str, str, bool]]:
    return [(li.select_one("code.cheatsheet-command").get_text(),
             li.select_one(".cheatsheet-explanation li").get_text(),
             li.select_one(".cheatsheet-optional") is not None)
            for li in page.select("li[data-cheat]")]


def _first_post() -> list[tuple[str, str, bool]]:
    return [(form, explanation, optional) for form, (_, explanation, optional) in zip(FIRST_POST_FORMS, FIRST_POST)]


def test_page_lists_the_first_post_first(built_site):
    page = soup(built_site / "cheatsheet" / "index.html")
    assert page.select_one("#cheatsheet h1").get_text() == "도커 시리즈 명령어 치트시트"
    assert [h.get_text() for h in page.select(".cheatsheet-group > h2")] == [
        "설치", "이미지", "컨테이너", "볼륨", "네트워크", "컴포즈", "보조"]
    assert entries(page)[:len(FIRST_POST)] == _first_post()
    by_post = soup(built_site / "cheatsheet" / "by-post" / "index.html")
    assert entries(by_post)[:len(FIRST_POST)] == _first_post()
    box = page.select_one("[data-cheat-filter]")
    assert box.has_attr("hidden") and box.select_one("input[type=search]")  # shown by cheatsheet.js
    assert page.select_one('script[src="/cheatsheet/cheatsheet.js"]')


def test_one_page_per_post(built_site):
    data = json.loads((built_site / "cheatsheet" / "docker.json").read_text(encoding="utf-8"))
    for post in data["posts"]:
        if not post["sections"]:
            continue
        page = soup(built_site / "cheatsheet" / post["slug"] / "index.html")
        # each section: the docker commands, then its glue (folded)
        expected = [e["form"] or e["command"] for s in post["sections"]
                    for e in sorted(s["entries"], key=lambda e: e["glue"])]
        assert [c for c, _, _ in entries(page)] == expected
    first = soup(built_site / "cheatsheet" / "docker-1" / "index.html")
    assert entries(first) == _first_post()
    notes = [small.get_text() for small in first.select(".cheatsheet-downloads small")]
    assert notes and all(note.startswith("시리즈 전체") for note in notes), "a post's page says the files are the series'"


def test_files_are_written_and_linked(built_site):
    folder = built_site / "cheatsheet"
    for name in FILES:
        assert (folder / name).stat().st_size > 0, name
    assert (folder / "tldr" / "tealdeer" / "docker-run.patch.md").is_file()
    assert (folder / "tldr" / "tealdeer-1.6" / "docker-run.patch").is_file()
    links = {a["href"] for a in soup(folder / "index.html").select(".cheatsheet-downloads a")}
    assert links == {f"/cheatsheet/{name}" for name in LINKED}


def test_downloads_link_to_the_public_site_in_a_local_build(built_site):
    """SITEURL is empty in a local build; the files a reader keeps still link to the site."""
    folder = built_site / "cheatsheet"
    data = json.loads((folder / "docker.json").read_text(encoding="utf-8"))
    urls = [data["url"]] + [e["url"] for p in data["posts"] if p["slug"] != "more"
                            for s in p["sections"] for e in s["entries"]]
    assert all(url.startswith(PUBLIC + "/") for url in urls)
    assert f"> 온라인: <{PUBLIC}/cheatsheet/>" in (folder / "docker.md").read_text(encoding="utf-8")
    assert f"; 온라인: {PUBLIC}/cheatsheet/" in (folder / "docker.cheat").read_text(encoding="utf-8")
    page = soup(folder / "index.html")
    assert all(not a["href"].startswith(PUBLIC) for a in page.select(".cheatsheet-source")), "pages link locally"


def test_todo_only_in_local_builds():
    """The authors' list of unexplained commands: on the page in local builds, never in published ones."""
    from plugins.cheatsheet.page_data import all_pages
    from plugins.sitebuild.runner import read_build_settings
    from tests.cheatsheet.sheets import text_sheet
    from tests.conftest import ROOT

    sheet = text_sheet("### 하나\n\n```bash\ndocker ps\ndocker images\n```\n\n- `docker ps`\n  - 목록을 본다.\n")
    assert all_pages(sheet, todo=True).by_post.missing_count == 1
    assert all_pages(sheet, todo=False).by_post.missing_count == 0
    assert read_build_settings(ROOT / "publishconf.py")["CHEATSHEET"]["todo"] is False
    assert read_build_settings(ROOT / "pelicanconf.py")["CHEATSHEET"].get("todo", True) is True


def test_ids_are_unique_on_every_page(built_site):
    """A form shown in two posts has one stable id; on a page with both, each copy gets its post's prefix."""
    for path in (built_site / "cheatsheet").rglob("index.html"):
        ids = [tag["id"] for tag in soup(path).select("[id]")]
        assert len(ids) == len(set(ids)), path
    topic_ids = {li["id"] for li in soup(built_site / "cheatsheet" / "index.html").select("li[data-cheat]")}
    data = json.loads((built_site / "cheatsheet" / "docker.json").read_text(encoding="utf-8"))
    assert topic_ids <= {e["id"] for p in data["posts"] for s in p["sections"] for e in s["entries"]}


@pytest.mark.parametrize("page", ["index.html", "by-post/index.html", "docker-3/index.html"])
def test_every_entry_links_to_a_place_that_exists(built_site, page):
    page = soup(built_site / "cheatsheet" / page)
    hrefs = [a["href"] for a in page.select(".cheatsheet-source, .cheatsheet-section h3 a")
             if not a["href"].startswith("https://docs.docker.com/")]
    assert hrefs
    pages: dict[str, BeautifulSoup] = {}
    for href in hrefs:
        url = urlsplit(href)
        target = built_site / url.path.lstrip("/") / "index.html"
        pages.setdefault(url.path, soup(target))
        assert not url.fragment or pages[url.path].find(id=unquote(url.fragment)) is not None, href


@pytest.mark.parametrize("setting", [{"pdf": False}, {"pdf_max_entries": 5}], ids=["pdf-off", "too-long"])
def test_without_pdf(tmp_path, setting):
    out = tmp_path / "output"
    build_site(out, CHEATSHEET=setting)
    assert not (out / "cheatsheet" / "docker.pdf").exists()
    assert (out / "cheatsheet" / "docker.md").is_file()
    links = [a["href"] for a in soup(out / "cheatsheet" / "index.html").select(".cheatsheet-downloads a")]
    assert "/cheatsheet/docker.pdf" not in links


def test_bad_setting_fails_the_build_in_one_line(tmp_path):
    from plugins.sitebuild.runner import build
    from tests.conftest import ROOT

    result = build(ROOT / "pelicanconf.py", output=tmp_path / "out",
                   overrides={"CHEATSHEET": {"pdf": "yes"}, "CACHE_PATH": str(tmp_path / "cache")})
    assert not result.ok
    assert result.problems == ("error: pelicanconf.py: cheatsheet: CHEATSHEET['pdf'] must be bool (got 'yes')",)
