"""Bring posts and their media over from a Jekyll/Chirpy site folder (`_posts/`, `assets/`).

The pure part plans the import (new post texts, media to copy, problems with file:line); `apply_import`
writes the plan into content/. Liquid is Jekyll's template language and nothing here runs it: the
few tags with a fixed meaning are rewritten by hand (no library maps Jekyll's tags to this site's
URLs), the ones this site supports are kept, and every other one is reported, not guessed at.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from plugins.chirpy_reader.markdown_lines import (
    INLINE_CODE_RE,
    LIQUID_OUTPUT_RE,
    LIQUID_RE,
    closes_fence,
    fence_opening,
    open_raw_at,
    raw_spans,
)

POST_SUFFIXES = (".md", ".markdown")
# Kept as written: the reader drops raw/endraw and the media plugin renders these includes.
SUPPORTED_INCLUDES = ("embed/video.html", "embed/youtube.html")

POST_NAME_RE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+?)(?:\.(?:md|markdown))?$")
# `{{ site.baseurl }}` and friends: the site's own URL prefix, which Chirpy paths do not need here.
SITE_PREFIX_RE = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
RELATIVE_URL_RE = re.compile(r"""\{\{-?\s*(?P<q>['"])(?P<path>[^'"]*)(?P=q)\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}""")


@dataclass(frozen=True)
class ImportProblem:
    """Something the import could not carry over; the author fixes it by hand."""

    path: str  # as the author sees it, e.g. "old-blog/_posts/2024-01-01-x.md"
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: import: {self.message}"


@dataclass(frozen=True)
class ImportedPost:
    source: Path
    target: str  # relative to content/, e.g. "posts/2024-01-01-x.md"
    slug: str
    text: str


@dataclass(frozen=True)
class MediaCopy:
    source: Path
    target: str  # relative to content/, e.g. "assets/img/x.png"


@dataclass(frozen=True)
class ImportPlan:
    posts: tuple[ImportedPost, ...]
    media: tuple[MediaCopy, ...]
    problems: tuple[ImportProblem, ...]


def slug_of(file_name: str) -> str:
    m = POST_NAME_RE.match(file_name)
    return m.group("slug") if m else file_name.rsplit(".", 1)[0]


def _post_url(name: str, slugs: dict[str, str]) -> str | None:
    """This site's URL of the post Jekyll calls `name` (`2024-01-01-x` or `_posts/2024-01-01-x.md`)."""
    key = name.strip().strip("'\"").rsplit("/", 1)[-1]
    key = re.sub(r"\.(md|markdown)$", "", key)
    slug = slugs.get(key)
    return f"/posts/{slug}/" if slug else None


def _line_tag(line: str) -> tuple[str, str] | None:
    """(name, arguments) when the line is one Liquid tag and nothing else (`{% highlight bash %}`)."""
    m = LIQUID_RE.fullmatch(line.strip())
    return (m.group("tag") or "", m.group("args").strip()) if m else None


def convert_liquid(text: str, shown: str, slugs: dict[str, str], first_line: int = 1
                   ) -> tuple[str, list[ImportProblem]]:
    """Rewrite the Liquid this site can express, report the rest; code blocks and raw regions are left alone.

    `slugs` maps an imported post's file stem (`2024-01-01-x`) to its slug.
    """
    out: list[str] = []
    problems: list[ImportProblem] = []
    fence: str | None = None  # the fence of the code block the line is in
    in_raw = in_highlight = False
    for number, line in enumerate(text.split("\n"), start=first_line):
        if in_highlight:
            if _line_tag(line) == ("endhighlight", ""):
                in_highlight = False
                line = "```"
            out.append(line)
            continue
        if fence is not None:
            if closes_fence(fence, line):
                fence = None
            out.append(line)
            continue
        if in_raw:
            if any(m.group("tag") == "endraw" for m in LIQUID_RE.finditer(line)):
                in_raw = False
            out.append(line)
            continue
        opening = fence_opening(line)
        if opening is not None:
            fence = opening.fence
            out.append(line)
            continue
        tag = _line_tag(line) if "{%" in line else None
        if tag and tag[0] == "highlight" and tag[1]:
            in_highlight = True
            out.append("```" + tag[1].split()[0])
            continue
        if open_raw_at(line):
            in_raw = True
            out.append(line)
            continue
        line, found = _convert_line(line, shown, number, slugs)
        problems.extend(found)
        out.append(line)
    if in_highlight:
        problems.append(ImportProblem(shown, None, "{% highlight %} is never closed with {% endhighlight %}"))
    return "\n".join(out), problems


def _convert_line(line: str, shown: str, number: int, slugs: dict[str, str]) -> tuple[str, list[ImportProblem]]:
    problems: list[ImportProblem] = []
    if "{" not in line:
        return line, problems

    def tag(m: re.Match) -> str:
        name, args = m.group("tag") or "", m.group("args").strip()
        if name in ("raw", "endraw"):
            return m.group(0)
        if name == "include" and args.split()[:1] and args.split()[0] in SUPPORTED_INCLUDES:
            return m.group(0)
        if name in ("post_url", "link"):
            url = _post_url(args, slugs)
            if url:
                return url
            problems.append(ImportProblem(shown, number, f"{m.group(0)} names a post that is not in _posts/; "
                                                         "fix the link by hand"))
            return m.group(0)
        problems.append(ImportProblem(shown, number, f"unknown Liquid tag {m.group(0)}; "
                                                     "replace it with the HTML or Markdown it produced"))
        return m.group(0)

    def output(m: re.Match) -> str:
        problems.append(ImportProblem(shown, number, f"Liquid output {m.group(0)} is not run here; "
                                                     "replace it with its value"))
        return m.group(0)

    # Inline code is text, not Liquid: cut it out, convert the rest, put it back.
    codes: list[str] = []

    def stash(text: str) -> str:
        codes.append(text)
        return f"\x00{len(codes) - 1}\x00"

    work = INLINE_CODE_RE.sub(lambda m: stash(m.group(0)), line)
    spans = raw_spans(work)  # Liquid between raw tags is text too
    for start, end in reversed(spans):
        work = work[:start] + stash(work[start:end]) + work[end:]
    work = SITE_PREFIX_RE.sub("", work)
    work = RELATIVE_URL_RE.sub(lambda m: m.group("path"), work)
    work = LIQUID_RE.sub(tag, work)
    work = LIQUID_OUTPUT_RE.sub(output, work)
    return re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], work), problems


def media_of(text: str, media_subpath: str) -> list[tuple[int, str]]:
    """(line, content-relative path, or "!why" when it cannot be one) of each local media reference."""
    from plugins.media.paths import MediaPathError, site_path
    from plugins.media.scan import find_media, is_external

    refs, _includes = find_media(text)
    found: list[tuple[int, str]] = []
    for ref in refs:
        if is_external(ref.written):
            continue
        try:
            found.append((ref.line, site_path(ref.written, media_subpath)))
        except MediaPathError as error:
            found.append((ref.line, "!" + error.problem.message))
    return found


def _stem(path: Path) -> str:
    return path.name[: -len(path.suffix)] if path.suffix.lower() in POST_SUFFIXES else path.name


def _not_a_plain_file(path: Path, site: Path) -> str | None:
    """Why the importer will not read `path` of the old site (a link, a hidden file), or None."""
    current = site
    for part in path.relative_to(site).parts:
        current = current / part
        if current.is_symlink():
            return (f"{current.relative_to(site)} is a link (to {os.readlink(current)}); the importer copies only "
                    "real files: copy the file itself into the old site, or into content/")
    from plugins.sitebuild.sources import ignored_reason

    hidden = next((p for p in path.relative_to(site).parts if ignored_reason(p)), None)
    if hidden:
        return f"{hidden} is a hidden or editor file, which the site never publishes; rename it"
    return None


def plan_import(site: Path, timezone: str, shown_root: Path | None = None) -> ImportPlan:
    """Read `site/_posts/` and plan the posts and media to bring over; nothing is written.

    `timezone`: this site's TIMEZONE, for dates written without an offset."""
    from plugins.chirpy_reader.post import read_post
    from plugins.sitebuild.errors import PostError
    from plugins.sitebuild.sources import source_files

    shown_root = shown_root or site.parent
    posts_dir = site / "_posts"
    if not posts_dir.is_dir():
        return ImportPlan((), (), (ImportProblem(str(site), None, "no _posts/ folder: is this a Jekyll site?"),))

    def shown(path: Path) -> str:
        try:
            return str(path.relative_to(shown_root))
        except ValueError:
            return str(path)

    problems: list[ImportProblem] = []
    readable = []
    owners: dict[str, str] = {}  # slug (as the build compares them) -> the post that has it
    for source in source_files(posts_dir, POST_SUFFIXES):
        name = shown(source)
        refused = _not_a_plain_file(source, site)
        if refused:
            problems.append(ImportProblem(name, None, refused))
            continue
        try:
            post = read_post(source, name, timezone)
        except PostError as error:
            problems.append(ImportProblem(error.pos.path, error.pos.line, f"{error.message}; {error.hint}"))
            continue
        fm = post.front_matter
        first = owners.setdefault(unicodedata.normalize("NFC", fm.slug).casefold(), name)
        if first != name:
            problems.append(ImportProblem(name, fm.slug_line, f"the slug {fm.slug!r} is already used by {first}; "
                                                              "rename one of the files or give it `slug:`"))
            continue
        readable.append((source, name, post))
    slugs = {_stem(source): post.slug for source, _, post in readable}

    posts: list[ImportedPost] = []
    media: dict[str, MediaCopy] = {}
    for source, name, post in readable:
        fm = post.front_matter
        converted, found = convert_liquid(post.text, name, slugs)
        problems.extend(found)
        refs = media_of(converted, fm.media_subpath)
        if fm.image:
            refs[:0] = [(fm.key_lines.get("image"), path) for _, path in media_of(f'<img src="{fm.image.path}">', "")]
        for line, relative in refs:
            if relative.startswith("!"):
                problems.append(ImportProblem(name, line, relative[1:]))
            elif refused := _not_a_plain_file(site / relative, site):
                problems.append(ImportProblem(name, line, f"media {relative}: {refused}"))
            elif not (site / relative).is_file():
                problems.append(ImportProblem(name, line, f"missing media {relative} (not in {shown(site)}); "
                                                          "copy it into content/ yourself or fix the path"))
            elif not relative.startswith("assets/"):
                problems.append(ImportProblem(name, line, f"media {relative} is outside assets/; move it under "
                                                          "content/assets/ and fix the path"))
            else:
                media.setdefault(relative, MediaCopy(site / relative, relative))
        posts.append(ImportedPost(source, f"posts/{_stem(source)}.md", fm.slug, converted))
    return ImportPlan(tuple(posts), tuple(media[k] for k in sorted(media)), tuple(problems))


@dataclass(frozen=True)
class ImportResult:
    written: tuple[str, ...]  # content-relative paths written
    unchanged: tuple[str, ...]  # already there with the same bytes
    conflicts: tuple[ImportProblem, ...]  # not written: a different file is already there


def apply_import(plan: ImportPlan, content: Path, existing_slugs: dict[str, str], overwrite: bool = False
                 ) -> ImportResult:
    """Write the planned posts and media under `content`; never replace a different file unless asked.

    `existing_slugs` maps slugs already on the site to their files, so an imported post cannot
    take over another post's URL.
    """
    written: list[str] = []
    unchanged: list[str] = []
    conflicts: list[ImportProblem] = []
    items: list[tuple[str, bytes, str]] = []
    for post in plan.posts:
        owner = existing_slugs.get(post.slug)
        if owner and owner != Path(post.target).name:
            conflicts.append(ImportProblem(str(post.source), None,
                                           f"the slug {post.slug!r} is already used by content/posts/{owner}; "
                                           "rename one of the files"))
            continue
        items.append((post.target, post.text.encode("utf-8"), str(post.source)))
    for copy in plan.media:
        items.append((copy.target, copy.source.read_bytes(), str(copy.source)))
    # Every target is checked before the first is written, so a refusal never leaves half an import.
    ready: list[tuple[str, bytes, str]] = []
    for target, data, source in items:
        path = content / target
        refused = _target_problem(path, content, target)
        if refused:
            conflicts.append(ImportProblem(source, None, refused))
        elif path.exists() and path.read_bytes() == data:
            unchanged.append(target)
        elif path.exists() and not overwrite:
            conflicts.append(ImportProblem(source, None, f"content/{target} already exists and differs; "
                                                         "left as it is (--overwrite replaces it)"))
        else:
            ready.append((target, data, source))
    for target, data, source in ready:
        path = content / target
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as error:
            conflicts.append(ImportProblem(source, None, f"content/{target} could not be written ({error.strerror})"))
            continue
        written.append(target)
    return ImportResult(tuple(written), tuple(unchanged), tuple(conflicts))


def _target_problem(path: Path, content: Path, target: str) -> str | None:
    """Why content/TARGET must not be written: a link on the way (never written through), a folder there."""
    from plugins.sitebuild.output_folder import check_inside

    refused = check_inside(path, content, f"content/{target}")
    if refused:
        return f"content/{target} is not written: {refused.message}; {refused.hint}"
    if path.is_dir():
        return f"content/{target} is a folder; move it away, then import again"
    if path.parent.exists() and not path.parent.is_dir():
        return f"content/{target} cannot be written: {path.parent.name} is a file, not a folder"
    return None
