"""The real content builds cleanly, at Chirpy's URLs, under any SITEURL."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT

pytestmark = pytest.mark.build


def page(output, url: str) -> BeautifulSoup:
    path = output / unquote(url).strip("/") / "index.html"
    assert path.is_file(), f"{url} was not written ({path})"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(
    "url",
    ["posts/docker-1/", "tags/도커/", "tags/인프라/", "categories/infra/", "categories/docker/", "categories/", "tags/", ""],
)
def test_pages_live_at_chirpy_urls(built_site, url):
    page(built_site, url)


def test_first_post_content(built_site):
    soup = page(built_site, "posts/docker-1/")
    summary = soup.find(string=lambda s: s and "세줄 요약은" in s).find_parent("p").find_next_sibling()
    assert summary.name == "ol" and len(summary.find_all("li", recursive=False)) == 3
    heading = soup.find(id="각-구문별-해석")
    commands = heading.find_next("ul")
    items = commands.find_all("li", recursive=False)
    assert [li.code.get_text() for li in items] == [
        "docker version",
        "sudo dnf config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo",
        "sudo dnf install docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin",
        "systemctl status docker",
        "systemctl start docker",
        "sudo usermod -aG docker $USER",
    ]
    assert all(li.find("ul") and li.find("ul").find("li") for li in items), "every command has its explanation nested"
    assert len(soup.find_all("table")) >= 2
    assert soup.find(id="도커의-핵심-개념") is not None


def test_both_category_levels_list_the_post(built_site):
    for url in ("categories/infra/", "categories/docker/"):
        assert page(built_site, url).find("a", href=lambda h: h and "posts/docker-1/" in h), url


@pytest.mark.parametrize("post", ["docker-1", "docker-2", "docker-5"])
@pytest.mark.parametrize("attr", ["href", "src"])
def test_site_links_respect_a_subpath_siteurl(built_site_subpath, attr, post):
    """Theme links, media and the links authors write as /posts/x/ all live under /blog/."""
    soup = page(built_site_subpath, f"posts/{post}/")
    local = [el[attr] for el in soup.find_all(attrs={attr: True})
             if el[attr].startswith("/") and not el[attr].startswith("//")]
    assert local == [], f"root-relative {attr}s break under /blog: {local[:5]}"
    internal = [el[attr] for el in soup.find_all(attrs={attr: True}) if "example.github.io" in el[attr]]
    assert internal and all(u.startswith("https://example.github.io/blog/") for u in internal)


def test_pelican_fatal_warnings_build_is_clean(tmp_path):
    """The plain Pelican command line, as the issue asks: `pelican --fatal warnings` on the real content."""
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(tmp_path / "out"),
         "--fatal", "warnings", "--ignore-cache", "--cache-path", str(tmp_path / "cache")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
