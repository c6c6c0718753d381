"""`invoke publish`: build with publishconf.py, check, then replace the published site in one step."""

from __future__ import annotations

import shutil

import pytest

from tests.tasks.site_copy import edit, git, invoke, with_linked_posts
from workflow.publish import diff_trees, git_blob_id, rsync_command

SITEURL = "https://notes.example.org"
POST = "content/posts/2025-12-05-docker-2.md"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ({}, {"a": "1"}, ((("a",)), (), ())),
    ({"a": "1"}, {"a": "1"}, ((), (), ())),
    ({"a": "1", "b": "2"}, {"a": "9", "c": "3"}, (("c",), ("a",), ("b",))),
])
def test_diff_trees(old, new, expected):
    changes = diff_trees(old, new)
    assert (changes.added, changes.changed, changes.removed) == expected


def test_git_blob_id_matches_git(tmp_path):
    (tmp_path / "f").write_bytes("도커\n".encode())
    assert git_blob_id("도커\n".encode()) == git(tmp_path, "hash-object", "f")


@pytest.mark.parametrize(("dry_run", "port", "dest", "tail"), [
    (False, None, "/srv/www", ["/site/", "/srv/www/"]),
    (True, None, "me@host:/srv/www/", ["--dry-run", "/site/", "me@host:/srv/www/"]),
    (False, 2222, "me@host:/srv/www", ["-e", "ssh -p 2222", "/site/", "me@host:/srv/www/"]),
])
def test_rsync_command_swaps_in_one_step(tmp_path, dry_run, port, dest, tail):
    from pathlib import Path

    command = rsync_command(Path("/site"), dest, dry_run, port)
    assert {"--delete-after", "--delay-updates", "--checksum"} <= set(command)
    assert command[-len(tail):] == tail



@pytest.fixture
def repo(site, tmp_path):
    """The site copy as a git repository whose `origin` is a bare repository on disk."""
    with_linked_posts(site)
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(bare))
    git(site, "init", "--quiet")
    git(site, "config", "user.name", "Author")
    git(site, "config", "user.email", "author@example.org")
    git(site, "remote", "add", "origin", str(bare))
    return bare


def published(bare, path: str) -> str:
    return git(bare, "show", f"gh-pages:{path}")


def pages_commit(bare) -> str:
    return git(bare, "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages")


@pytest.mark.build
def test_publish_puts_the_site_on_the_branch_and_a_failing_build_changes_nothing(site, repo):
    done = invoke(site, "publish", SITEURL=SITEURL)
    assert done.returncode == 0, done.stdout
    assert "[4/4] publishing to origin gh-pages" in done.stdout
    files = git(repo, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert {".nojekyll", "index.html", "posts/docker-1/index.html", "posts/docker-2/index.html",
            "assets/img/docker/icon.png"} <= set(files)
    assert f"{SITEURL}/posts/docker-1/" in published(repo, "index.html")  # built with publishconf.py
    first = pages_commit(repo)

    edit(site / POST, "\n<div>닫히지 않은 블록\n")
    failed = invoke(site, "publish", SITEURL=SITEURL)
    assert failed.returncode != 0
    assert "content/posts/2025-12-05-docker-2.md:" in failed.stdout
    assert "nothing was published" in failed.stdout
    assert pages_commit(repo) == first

    (site / POST).write_text((site / POST).read_text(encoding="utf-8").replace("<div>닫히지 않은 블록", "") +
                             "\n[없는 글](/posts/no-such-post/)\n", encoding="utf-8")
    broken_link = invoke(site, "publish", SITEURL=SITEURL)
    assert broken_link.returncode != 0
    assert "/posts/no-such-post/: no file posts/no-such-post/index.html" in broken_link.stdout
    assert "links check failed" in broken_link.stdout and "nothing was published" in broken_link.stdout
    assert pages_commit(repo) == first


@pytest.mark.build
def test_dry_run_shows_the_changes_and_publishes_nothing(site, repo):
    assert invoke(site, "publish", SITEURL=SITEURL).returncode == 0
    first = pages_commit(repo)
    edit(site / POST, "\n다음 배포에 들어갈 문장.\n")
    done = invoke(site, "publish", "--dry-run", SITEURL=SITEURL)
    assert done.returncode == 0, done.stdout
    assert "  ~ posts/docker-2/index.html" in done.stdout
    assert "  ~ posts/docker-1/index.html" not in done.stdout
    # An edited post adds and removes nothing but search index fragments (Pagefind names them by content).
    moved = [ln.split()[1] for ln in done.stdout.splitlines() if ln.startswith(("  + ", "  - "))]
    assert all(path.startswith("pagefind/") for path in moved), moved
    assert "dry run: publishing would make " in done.stdout and "nothing was published" in done.stdout
    assert pages_commit(repo) == first
    again = invoke(site, "publish", "--message", "두 번째 배포", SITEURL=SITEURL)
    assert again.returncode == 0, again.stdout
    assert git(repo, "log", "-1", "--format=%s", "gh-pages") == "두 번째 배포"
    assert git(repo, "rev-parse", "gh-pages~1") == first  # history kept, one commit per publish
    assert "다음 배포에 들어갈 문장." in published(repo, "posts/docker-2/index.html")


@pytest.mark.build
def test_publish_without_the_remote_says_how_to_add_it(site):
    git(site, "init", "--quiet")
    done = invoke(site, "publish", "--remote", "nowhere")
    assert done.returncode != 0
    assert "there is no git remote 'nowhere'" in done.stdout


@pytest.mark.build
def test_rsync_to_a_folder_dry_run_and_failure(site, tmp_path):
    with_linked_posts(site)
    www = tmp_path / "www"
    www.mkdir()
    (www / "stale.html").write_text("old page")
    done = invoke(site, "publish", "--target", "rsync", "--dest", str(www), SITEURL=SITEURL)
    assert done.returncode == 0, done.stdout
    assert (www / "posts" / "docker-1" / "index.html").is_file()
    assert not (www / "stale.html").exists()
    before = (www / "posts" / "docker-2" / "index.html").read_bytes()

    edit(site / POST, "\nrsync로 갈 문장.\n")
    dry = invoke(site, "publish", "--target", "rsync", "--dest", str(www), "--dry-run", SITEURL=SITEURL)
    assert dry.returncode == 0, dry.stdout
    assert "posts/docker-2/index.html" in dry.stdout and "nothing was published" in dry.stdout
    assert (www / "posts" / "docker-2" / "index.html").read_bytes() == before

    edit(site / POST, "\n```bash\n닫히지 않은 코드 블록\n")
    failed = invoke(site, "publish", "--target", "rsync", "--dest", str(www), SITEURL=SITEURL)
    assert failed.returncode != 0 and "nothing was published" in failed.stdout
    assert (www / "posts" / "docker-2" / "index.html").read_bytes() == before
    shutil.rmtree(www)
