"""`invoke snippets` lists snippets without building the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from invoke import Exit, MockContext

import tasks

FIRST_POST = Path(__file__).resolve().parents[2] / "content/posts/2025-11-28-docker-1.md"


def test_lists_one_post(capsys):
    tasks.snippets(MockContext(), post="content/posts/2025-11-28-docker-1.md")
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["post", "line", "name", "block", "tier", "needs"]
    list_line = next(n for n, line in enumerate(FIRST_POST.read_text(encoding="utf-8").split("\n"), 1)
                     if line.startswith("- `docker version`"))
    assert out[1].split() == ["content/posts/2025-11-28-docker-1.md", str(list_line), "01-install",
                              "bash", "sandbox", "root,dnf,network,docker,systemd"]
    assert out[-1] == f"{len(out) - 2} snippets in 1 posts" and len(out) - 2 >= 1


def test_lists_every_post_and_writes_files(capsys, tmp_path, project_root):
    tasks.snippets(MockContext(), out=str(tmp_path))
    out = capsys.readouterr().out
    posts = sorted((project_root / "content" / "posts").glob("*.md"))
    assert f"snippets in {len(posts)} posts" in out
    assert (tmp_path / "snippets/docker-1/docker-1-01-install.sh").is_file()


def test_broken_post_is_one_line(tmp_path):
    post = tmp_path / "2025-01-01-bad.md"
    post.write_text("---\ntitle: t\ndate: 2025-01-01\n---\n\n<!-- snippet: name=../x -->\n```bash\nls\n```\n")
    with pytest.raises(Exit) as caught:
        tasks.snippets(MockContext(), post=str(post))
    assert str(caught.value.message).endswith(
        "2025-01-01-bad.md:6: snippets: snippet name '../x' must be ASCII letters, digits, '-', '_' or '.', "
        "without '..' or '/'; rename it, e.g. name=install")
