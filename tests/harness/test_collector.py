"""The harness itself: broken fixture posts, each caught by its tier, through pytest's own collection."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.engine import daemons
from tests.engine.layout import SCRIPT_GID

FIXTURES = Path(__file__).parent / "fixture_posts"
PLUGIN_ARGS = ("-p", "tests.snippet_tiers.plugin", "-p", "no:cacheprovider", "-W", "ignore::pytest.PytestUnknownMarkWarning")


def run_posts(pytester: pytest.Pytester, *names: str, args: tuple[str, ...] = ()) -> pytest.RunResult:
    paths = []
    for name in names:
        target = pytester.path / "content" / "posts" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / name, target)
        paths.append(str(target))
    return pytester.runpytest_inprocess(*PLUGIN_ARGS, *args, *paths)


@pytest.mark.parametrize(("post", "item", "expected"), [
    ("2025-01-01-syntax-error.md", ":11 [01-shell]",
     "2025-01-01-syntax-error.md:11: bash -n: syntax error: unexpected end of file"),
    ("2025-01-02-shellcheck-warning.md", ":11 [01-cd]",
     "2025-01-02-shellcheck-warning.md:11: shellcheck SC2164"),
    ("2025-01-05-cannot-work.md", ":10 [01-install]",
     "2025-01-05-cannot-work.md:10: markdown-artifact: `<` before a URL"),
    ("2025-01-05-cannot-work.md", ":18 [02-systemctl]", "systemctl: unknown command 'docker'"),
])
def test_static_and_sandbox_tiers_catch_broken_posts(pytester, post, item, expected):
    result = run_posts(pytester, post, args=("--snippet-tier=sandbox", "-k", item.split()[1].strip("[]")))
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"FAILED content/posts/{post}{item}*"])
    assert expected in result.stdout.str()


def test_failure_shows_command_line_exit_and_stderr(pytester):
    result = run_posts(pytester, "2025-01-05-cannot-work.md", args=("--snippet-tier=sandbox", "-k", "02-systemctl"))
    result.stdout.fnmatch_lines([
        "*command (content/posts/2025-01-05-cannot-work.md:18): sudo systemctl docker start",
        "*exit code: 1",
        "*>   18 | sudo systemctl docker start",
        "*stderr:",
    ])


def test_summary_lists_tier_result_and_skip_reasons(pytester):
    result = run_posts(pytester, "2025-01-06-good.md", args=("--snippet-tier=sandbox",))
    result.stdout.fnmatch_lines([
        "*= snippet tiers =*",
        "content/posts/2025-01-06-good.md:10 [01-install]*sandbox*passed*",
        "content/posts/2025-01-06-good.md:20 [02-site-index-html]*static*passed*",
        "content/posts/2025-01-06-good.md:33 [04-build]*live*skipped*live tier not requested*",
        "content/posts/2025-01-06-good.md:52 [06-reboot]*sandbox*skipped*annotated skip: 실제 VM이 필요함",
        "snippets: 6 (static 1, sandbox 2, live 3): 2 passed, 0 failed, 4 skipped",
    ])


def test_items_carry_tier_markers(pytester):
    result = run_posts(pytester, "2025-01-06-good.md", args=("--snippet-tier=sandbox", "-m", "sandbox"))
    result.assert_outcomes(passed=1, skipped=1, deselected=4)


@pytest.mark.parametrize(("annotation", "message"), [
    ("<!-- snippet: tiers=live -->", "unknown snippet annotation key 'tiers'"),
    ("<!-- snippet: skip -->", "'skip' needs a value"),
    ('<!-- snippet: skip="" -->', "skip needs a reason"),
])
def test_bad_annotations_are_errors_with_file_and_line(pytester, annotation, message):
    post = pytester.path / "content" / "posts" / "2025-02-01-bad.md"
    post.parent.mkdir(parents=True)
    post.write_text(f"---\ntitle: t\ndate: 2025-02-01\n---\n\n{annotation}\n```bash\necho hi\n```\n")
    result = pytester.runpytest_inprocess(*PLUGIN_ARGS, str(post))
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*content/posts/2025-02-01-bad.md:6: snippets: {message}*"])


def test_posts_listed_by_the_anchor_file_are_collected(pytester):
    (pytester.path / "posts").mkdir()
    shutil.copy(FIXTURES / "2025-01-02-shellcheck-warning.md", pytester.path / "posts")
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "snippet-posts.toml").write_text('posts = ["../posts/*.md"]\n')
    result = pytester.runpytest_inprocess(*PLUGIN_ARGS, "--collect-only", "-q", "tests")
    result.stdout.fnmatch_lines(["posts/2025-01-02-shellcheck-warning.md:11 [01-cd]"])


@pytest.mark.parametrize(("ci", "outcome"), [("true", {"failed": 1}), ("", {"skipped": 1})])
def test_live_items_skip_without_an_engine_but_fail_in_ci(pytester, monkeypatch, ci, outcome):
    monkeypatch.setattr(daemons, "unavailable_reason", lambda: "simulated: no dockerd here")
    monkeypatch.setenv("CI", ci)
    result = run_posts(pytester, "2025-01-03-typo-flag.md")
    result.assert_outcomes(**outcome)
    assert "live engine unavailable: simulated: no dockerd here" in result.stdout.str()


# -- live: the real engine -------------------------------------------------------------------------------


@pytest.mark.live
@pytest.mark.parametrize(("post", "item", "expected"), [
    ("2025-01-03-typo-flag.md", ":11 [01-run]", ["*exit code: 125", "*unknown flag: --rmm"]),
    ("2025-01-04-wrong-output.md", ":11 [01-run]",
     ["*2025-01-04-wrong-output.md:12: output: the output shown for `docker run --rm busybox echo hello`*",
      "*-goodbye", "*+hello"]),
    ("2025-01-05-cannot-work.md", ":24 [03-run]",
     ["*command (content/posts/2025-01-05-cannot-work.md:26): curl -sf http://127.0.0.1:18081", "*exit code: 7"]),
    ("2025-01-08-warnings.md", ":24 [02-compose-config]",
     ["?live? the engine printed a warning",
      ("*2025-01-08-warnings.md:24: warning: `docker compose config --services` printed *the attribute `version` is "
      "obsolete*; *annotate the block <!-- snippet: warns=*")]),
    ("2025-01-09-legacy-builder.md", ":17 [02-build]",
     ["?live? the block selects the legacy builder",
      "*2025-01-09-legacy-builder.md:17: legacy-builder: 'DOCKER_BUILDKIT=0' selects the legacy builder*"]),
    ("2025-01-10-terminal-progress.md", ":17 [02-build]",
     [("*2025-01-10-terminal-progress.md:17: progress: the output shown for `docker build` is its plain progress*"
      "add --progress=plain*")]),
])
def test_live_tier_catches_broken_posts(docker_engine, pytester, post, item, expected):
    result = run_posts(pytester, post, args=("-k", item.split()[1].strip("[]")))
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([*expected, f"FAILED content/posts/{post}{item}*"])


@pytest.mark.live
def test_a_warning_the_post_explains_passes(docker_engine, pytester):
    # The compose file gives the same warning, but its annotation quotes it: the post shows and explains it.
    result = run_posts(pytester, "2025-01-08-warnings.md", args=("-k", "01-compose-yaml"))
    result.assert_outcomes(passed=1)


@pytest.mark.live
def test_live_post_passes_and_leaves_nothing_behind(docker_engine, pytester):
    def names(*args):
        done = subprocess.run(["docker", *args], env=docker_engine.env(), capture_output=True, text=True, check=True)
        return set(done.stdout.split())

    before = (names("ps", "-aq"), names("images", "-q"), names("volume", "ls", "-q"), names("network", "ls", "-q"))
    result = run_posts(pytester, "2025-01-06-good.md", "2025-01-05-cannot-work.md")
    result.assert_outcomes(passed=5, failed=3, skipped=1)
    result.stdout.fnmatch_lines(["live tier: * blocks run in * s; engine ready in * s"])
    after = (names("ps", "-aq"), names("images", "-q"), names("volume", "ls", "-q"), names("network", "ls", "-q"))
    assert after[0] == before[0] and after[2] == before[2] and after[3] == before[3]
    assert not after[1] - before[1] - names("images", "-q", "nginx") - names("images", "-q", "busybox")


@pytest.mark.live
def test_live_scripts_get_the_dead_proxy(docker_engine, pytester):
    # The block checks the variable before its curl, so without the dead proxy nothing is sent:
    # the shown output differs and the item fails. With it, curl dies on 127.0.0.1:9.
    result = run_posts(pytester, "2025-01-07-dead-proxy.md")
    result.assert_outcomes(passed=1)


LOCKED_GROUP_POST = f"""---
title: "스크립트의 그룹"
date: 2025-02-02 12:00:00 +0900
---

<!-- snippet: tier=live -->
```console
$ id -u; id -g; id -G
0
{SCRIPT_GID}
{SCRIPT_GID}
$ grep -c 'NoNewPrivs:.1' /proc/self/status
1
$ setpriv --regid=0 --clear-groups id -g 2>/dev/null || echo "the group stays"
the group stays
$ (docker version --format '{{{{.Server.Os}}}}' && id -g)
linux
{SCRIPT_GID}
```
"""


@pytest.mark.live
def test_live_scripts_run_in_their_own_group_and_cannot_leave_it(docker_engine, pytester):
    # The engine's guard rejects what sockets of SCRIPT_GID send off the machine
    # (test_engine.py::test_guard_rejects_what_a_live_script_sends_outside): the block, and what it
    # starts, must hold that group and be unable to change it.
    post = pytester.path / "content" / "posts" / "2025-02-02-group.md"
    post.parent.mkdir(parents=True)
    post.write_text(LOCKED_GROUP_POST)
    result = pytester.runpytest_inprocess(*PLUGIN_ARGS, str(post))
    result.assert_outcomes(passed=1)


@pytest.mark.live
def test_update_outputs_writes_real_output_back(docker_engine, pytester):
    first = run_posts(pytester, "2025-01-04-wrong-output.md", args=("--update-outputs",))
    first.assert_outcomes(passed=1)  # the output is rewritten, not a failure: later blocks run on
    post = pytester.path / "content" / "posts" / "2025-01-04-wrong-output.md"
    assert "$ docker run --rm busybox echo hello\nhello\n```" in post.read_text()
    again = pytester.runpytest_inprocess(*PLUGIN_ARGS, str(post))
    again.assert_outcomes(passed=1)


def test_engine_unavailable_reason_is_plain(monkeypatch):
    monkeypatch.setattr(daemons.os, "geteuid", lambda: 1000)
    assert "needs root" in daemons.unavailable_reason()
