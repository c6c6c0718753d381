"""The hint `invoke publish` gives when it has nowhere to push: the `git` command that fixes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow.publish import remote_problem

REPO = Path("/home/me/blog")


@pytest.mark.parametrize(("remote", "remotes", "expected"), [
    ("origin", ["origin"], None),
    ("pages", ["origin", "pages"], None),
    ("origin", [], ("there is no git remote 'origin' in /home/me/blog (this repository has no remotes yet); "
                   "add it with `git remote add origin URL`, or pass --remote NAME with one of its remotes")),
    ("origin", ["upstream"], ("there is no git remote 'origin' in /home/me/blog (this repository's remotes: "
                             "upstream); add it with `git remote add origin URL`, or pass --remote NAME")),
    ("/srv/site.git", ["origin"], ("--remote takes the name of a git remote, not a URL or path ('/srv/site.git'); "
                                  "add it with `git remote add pages /srv/site.git`, then pass --remote pages")),
    ("git@github.com:me/me.github.io.git", [], "`git remote add pages git@github.com:me/me.github.io.git`"),
    ("origin", None, "/home/me/blog is not a git repository; run `git init`, then `git remote add origin URL`"),
])
def test_remote_problem(remote, remotes, expected):
    problem = remote_problem(remote, remotes, REPO)
    assert problem == expected if expected is None else expected in problem
