"""The author's commands on a copy of the project: none replaces sources, and a failed rebuild keeps output/."""

from __future__ import annotations

import pytest

from tests.reliability.site_factory import tree
from tests.tasks.site_copy import copy_site, invoke

pytestmark = pytest.mark.build

OTHER = "choose an empty or new folder with --output, e.g. --output output"
REFUSED = {
    ("build", "."): f".: sitebuild: the output folder is the project folder; building would replace it; {OTHER}",
    ("build", "content"): "content: sitebuild: the output folder is the content folder (posts and media); building "
                          f"would replace it; {OTHER}",
    ("build", "content/posts"): "content/posts: sitebuild: the output folder is inside the content folder (posts and "
                                f"media); {OTHER}",
    ("build", "theme"): f"theme: sitebuild: the output folder is the theme; building would replace it; {OTHER}",
    ("build", "plugins"): f"plugins: sitebuild: the output folder is a plugin folder; building would replace it; {OTHER}",
    ("preview", "."): f".: sitebuild: the output folder is the project folder; building would replace it; {OTHER}",
    ("build", ".."): f"..: sitebuild: the output folder contains the project folder ({{site}}); building would replace "
                     f"it; {OTHER}",
}


@pytest.mark.parametrize(("task", "output"), list(REFUSED), ids=[f"{t} --output {o}" for t, o in REFUSED])
def test_no_task_builds_over_the_sources(tmp_path, task, output):
    site = copy_site(tmp_path / "site")
    before = tree(tmp_path)
    done = invoke(site, task, "--output", output)
    assert done.returncode == 1
    expected = REFUSED[task, output].replace("{site}", str(site))
    if output == "..":
        expected = expected.replace("..:", str(tmp_path) + ":", 1)
    assert done.stdout.splitlines() == [expected,
                                        "build failed: 1 problem(s); the previous output is untouched"]
    assert tree(tmp_path) == before


def test_rebuild_with_a_broken_post_keeps_the_previous_output(tmp_path):
    site = copy_site(tmp_path / "site")
    assert invoke(site, "build").returncode == 0
    before = tree(site / "output")
    post = site / "content" / "posts" / "2025-11-28-docker-1.md"
    post.write_text(post.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    done = invoke(site, "rebuild")
    assert done.returncode == 1
    assert done.stdout.splitlines()[-2:] == [
        ("content/posts/2025-11-28-docker-1.md:2: chirpy_reader: unknown front matter key 'titel'; remove it or check "
        "its spelling"),
        "build failed: 1 problem(s); the previous output is untouched"]
    assert tree(site / "output") == before
