"""Put a built, checked site where readers get it: a GitHub Pages branch (ghp-import) or an rsync target.

Both replace the published site in one step: ghp-import writes the whole folder as one commit and
pushes it; rsync is told to stage every file and rename them all at the end (--delay-updates,
--delete-after). `site_changes` shows what a publish would change, for --dry-run.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

NOJEKYLL = ".nojekyll"  # GitHub Pages would otherwise run Jekyll over the site and drop _files


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def lines(self) -> list[str]:
        return ([f"+ {p}" for p in self.added] + [f"~ {p}" for p in self.changed]
                + [f"- {p}" for p in self.removed])

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"


class PublishError(RuntimeError):
    """Publishing failed; str() is one line saying what and what to do."""


def git_blob_id(data: bytes) -> str:
    """The id git gives a file with these bytes (so a folder compares with a branch without writing)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def folder_tree(folder: Path, extra: dict[str, bytes] | None = None) -> dict[str, str]:
    """posix path -> git blob id for every file under `folder`, plus `extra` files."""
    tree = {p.relative_to(folder).as_posix(): git_blob_id(p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}
    for name, data in (extra or {}).items():
        tree[name] = git_blob_id(data)
    return tree


def diff_trees(old: dict[str, str], new: dict[str, str]) -> Changes:
    return Changes(
        added=tuple(sorted(set(new) - set(old))),
        changed=tuple(sorted(p for p in set(new) & set(old) if new[p] != old[p])),
        removed=tuple(sorted(set(old) - set(new))),
    )


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise PublishError(f"git {' '.join(args)} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result


def remote_problem(remote: str, remotes: list[str] | None, repo: Path) -> str | None:
    """Why `remote` cannot be pushed to, with the command that fixes it; None when it is a remote.

    `remotes` is None when `repo` is not a git repository. --remote takes a remote's name: a URL or
    path given there is turned into the `git remote add` that names it.
    """
    if remotes is None:
        return (f"{repo} is not a git repository; run `git init`, then `git remote add origin URL` "
                "(URL: your GitHub repository, or any git repository)")
    if remote in remotes:
        return None
    if "/" in remote or ":" in remote:
        return (f"--remote takes the name of a git remote, not a URL or path ({remote!r}); add it with "
                f"`git remote add pages {remote}`, then pass --remote pages")
    known = f"this repository's remotes: {', '.join(remotes)}" if remotes else "this repository has no remotes yet"
    return (f"there is no git remote {remote!r} in {repo} ({known}); add it with "
            f"`git remote add {remote} URL`, or pass --remote NAME with one of its remotes")


def check_remote(repo: Path, remote: str) -> None:
    """Fail early, before any build, when `remote` is not a remote of the repository."""
    listed = _git(repo, "remote", check=False)
    problem = remote_problem(remote, listed.stdout.split() if listed.returncode == 0 else None, repo)
    if problem:
        raise PublishError(problem)


def fetch_published(repo: Path, remote: str, branch: str) -> str | None:
    """Fetch `remote`'s `branch` into refs/remotes/<remote>/<branch>; its commit, or None if it has none yet."""
    check_remote(repo, remote)
    result = _git(repo, "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}",
                  check=False)
    if result.returncode != 0:
        if "couldn't find remote ref" in result.stderr.lower():
            return None
        raise PublishError(f"git fetch {remote} {branch} failed: {result.stderr.strip()}")
    return _git(repo, "rev-parse", f"refs/remotes/{remote}/{branch}").stdout.strip()


def branch_tree(repo: Path, commit: str | None) -> dict[str, str]:
    if commit is None:
        return {}
    out = _git(repo, "ls-tree", "-r", "-z", commit).stdout
    tree: dict[str, str] = {}
    for entry in filter(None, out.split("\0")):
        meta, path = entry.split("\t", 1)
        tree[path] = meta.split()[2]
    return tree


def ghp_changes(repo: Path, site: Path, remote: str, branch: str) -> Changes:
    """What publishing `site` to `remote`'s `branch` would change."""
    published = branch_tree(repo, fetch_published(repo, remote, branch))
    return diff_trees(published, folder_tree(site, {NOJEKYLL: b""}))


def publish_ghp(repo: Path, site: Path, remote: str, branch: str, message: str) -> str:
    """Commit `site` as the whole content of `branch` and push it to `remote`; returns the new commit."""
    import os

    from ghp_import import GhpError, ghp_import

    fetch_published(repo, remote, branch)  # ghp-import builds on <remote>/<branch> when it exists
    previous = os.getcwd()
    os.chdir(repo)  # ghp-import runs git in the current folder
    try:
        ghp_import(str(site), remote=remote, branch=branch, mesg=message, nojekyll=True, push=True)
    except GhpError as error:
        raise PublishError(f"ghp-import failed: {error}") from None
    except subprocess.CalledProcessError as error:
        raise PublishError(f"git push {remote} {branch} failed (exit {error.returncode}); "
                           "is the remote reachable and the branch not protected?") from None
    finally:
        os.chdir(previous)
    return _git(repo, "rev-parse", f"refs/heads/{branch}").stdout.strip()


def rsync_command(site: Path, dest: str, dry_run: bool = False, ssh_port: int | None = None) -> list[str]:
    """rsync `site` to `dest` (`user@host:/path/` over ssh, or a local folder) in one step."""
    command = ["rsync", "--recursive", "--links", "--times", "--checksum", "--compress",
               "--delete-after", "--delay-updates", "--omit-dir-times", "--itemize-changes"]
    if dry_run:
        command.append("--dry-run")
    if ssh_port:
        command += ["-e", f"ssh -p {int(ssh_port)}"]
    return command + [f"{site}/", dest if dest.endswith("/") else dest + "/"]
