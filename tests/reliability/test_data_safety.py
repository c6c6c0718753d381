"""Data safety: no build destroys sources or publishes host files, and each bad situation is one exact line.

Every case checks the same things: the exact message (or that the build succeeds and skips what it
must), no traceback, every file of the throwaway project byte-identical afterwards (sources and the
previous output), and no staging folder left behind.
"""

from __future__ import annotations

import struct
import subprocess
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.reliability.site_factory import SENTINEL, TinySite, make_project, tree

pytestmark = pytest.mark.build

FM = '---\ntitle: "시험"\ndate: 2025-11-28 12:00:00 +0900\ncategories: [Infra, Docker]\ntags: [도커]\n'
POST = FM + "---\n\n본문\n"


@dataclass(frozen=True)
class Case:
    """Arrange a situation in a fresh project, build, and expect one line (or success and what it must skip)."""

    arrange: Callable[[TinySite, Path], dict]  # returns build() keyword arguments
    line: str | None  # the exact one line; {site} and {tmp} stand for the folders; None: the build succeeds
    absent: tuple[str, ...] = ()  # output paths a successful build must not have written
    ignored: tuple[str, ...] = ()  # what the build lists at the verbose level as skipped
    files: dict = field(default_factory=dict)


def post(text: str, name: str = "posts/2025-11-28-case.md") -> Callable:
    def arrange(site: TinySite, tmp: Path) -> dict:
        site.write(name, text)
        return {}
    return arrange


def output_at(make: Callable[[TinySite, Path], Path]) -> Callable:
    def arrange(site: TinySite, tmp: Path) -> dict:
        site.write("posts/2025-11-28-case.md", POST)
        return {"output": make(site, tmp)}
    return arrange


def foreign_folder(site: TinySite, tmp: Path) -> Path:
    folder = tmp / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("mine")
    return folder


def git_tree(site: TinySite, tmp: Path) -> Path:
    folder = tmp / "repo"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


def a_file(site: TinySite, tmp: Path) -> Path:
    (tmp / "site.html").write_text("not a folder")
    return tmp / "site.html"


def dangling_link(site: TinySite, tmp: Path) -> Path:
    (tmp / "out").symlink_to(tmp / "nowhere")
    return tmp / "out"


def cache_file(site: TinySite, tmp: Path) -> dict:
    site.write("posts/2025-11-28-case.md", POST)
    (tmp / "cachefile").write_text("x")
    return {"CACHE_PATH": str(tmp / "cachefile")}


def linked_asset(target: str, name: str = "assets/host.txt", refer: bool = False) -> Callable:
    def arrange(site: TinySite, tmp: Path) -> dict:
        outside = tmp / "host"
        (outside / "ssh").mkdir(parents=True, exist_ok=True)
        (outside / "hostname").write_text("secret-host\n")
        (outside / "ssh" / "ssh_host_key").write_text("secret key\n")
        link = site.content / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target.format(tmp=tmp))
        body = f"\n![x](/{name})\n" if refer else "\n본문\n"
        site.write("posts/2025-11-28-case.md", FM + "---\n" + body)
        return {}
    return arrange


def with_files(files: dict[str, bytes | str], text: str = POST) -> Callable:
    def arrange(site: TinySite, tmp: Path) -> dict:
        for name, data in files.items():
            site.write(name, data)
        site.write("posts/2025-11-28-case.md", text)
        return {}
    return arrange


def emacs_lock(site: TinySite, tmp: Path) -> dict:
    site.write("posts/2025-11-28-case.md", POST)
    (site.content / "posts" / ".#2025-11-28-case.md").symlink_to("root@host.12345:1700000000")
    return {}


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims to be width x height: what a decompression bomb looks like before decoding."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


NFD_NAME = unicodedata.normalize("NFD", "그림.png")
SHOWN = "content/posts/2025-11-28-case.md"
OTHER = "choose an empty or new folder with --output, e.g. --output output"
DEEP_LIST = "\n".join("  " * i + "- x" for i in range(1000))

CASES: dict[str, Case] = {
    # --- where a build writes --------------------------------------------------------------------
    "output is the project": Case(output_at(lambda s, t: s.root),
                                  f".: sitebuild: the output folder is the project folder; building would replace it; {OTHER}"),
    "output is content/": Case(output_at(lambda s, t: s.content),
                               f"content: sitebuild: the output folder is the content folder (posts and media); "
                               f"building would replace it; {OTHER}"),
    "output inside content/": Case(output_at(lambda s, t: s.content / "posts"),
                                   f"content/posts: sitebuild: the output folder is inside the content folder (posts and "
                                   f"media); {OTHER}"),
    "output is the theme": Case(output_at(lambda s, t: s.root / "theme"),
                                f"theme: sitebuild: the output folder is the theme; building would replace it; {OTHER}"),
    "output is a plugin folder": Case(output_at(lambda s, t: s.root / "plugins"),
                                      f"plugins: sitebuild: the output folder is a plugin folder; building would replace it; "
                                      f"{OTHER}"),
    "output contains the project": Case(output_at(lambda s, t: t),
                                        f"{{tmp}}: sitebuild: the output folder contains the project folder ({{site}}); "
                                        f"building would replace it; {OTHER}"),
    "output is a git work tree": Case(output_at(git_tree),
                                      f"{{tmp}}/repo: sitebuild: the output folder is a git work tree; {OTHER}"),
    "output is someone's folder": Case(output_at(foreign_folder),
                                       "{tmp}/notes: sitebuild: the output folder holds 1 file or folder but no build "
                                       "made it (no .sitebuild-output marker); delete it if it is an old build "
                                       f"(`invoke clean` clears output/), or {OTHER}"),
    "output is a file": Case(output_at(a_file),
                             f"{{tmp}}/site.html: sitebuild: the output path is a file, not a folder; move or delete the "
                             f"file, or {OTHER}"),
    "output is a dangling link": Case(output_at(dangling_link),
                                      "{tmp}/out: sitebuild: the output folder is a link to {tmp}/nowhere, which is not a "
                                      f"folder; remove the link, or {OTHER}"),
    "cache is a file": Case(cache_file, "{tmp}/cachefile: sitebuild: the cache path (CACHE_PATH) is a file, not a folder; "
                                        "move or delete the file, or set CACHE_PATH to a folder"),
    "cache is content/": Case(lambda s, t: {**post(POST)(s, t), "CACHE_PATH": str(s.content)},
                              "content: sitebuild: the cache folder (CACHE_PATH) is, contains or is inside the content folder "
                              "(posts and media); set CACHE_PATH to its own folder, e.g. cache"),
    # --- what is read and published --------------------------------------------------------------
    "asset linked to a host file": Case(linked_asset("{tmp}/host/hostname"),
                                        "content/assets/host.txt: sitebuild: the file is a link to {tmp}/host/hostname, "
                                        "outside the content folder; copy the file into content/ instead of linking to it"),
    "asset folder linked to a host folder": Case(linked_asset("{tmp}/host/ssh", "assets/ssh"),
                                                 "content/assets/ssh: sitebuild: the folder is a link to {tmp}/host/ssh, "
                                                 "outside the content folder; copy the folder into content/ instead of "
                                                 "linking to it"),
    "dangling asset link": Case(linked_asset("{tmp}/host/gone.png", "assets/img/gone.png"),
                                "content/assets/img/gone.png: sitebuild: the file is a link to {tmp}/host/gone.png, which "
                                "does not exist; remove the link or copy the file into content/ instead of linking to it"),
    "hidden .env beside the media": Case(with_files({"assets/.env": "TOKEN=secret\n"}), None, absent=("assets/.env",),
                                         ignored=("content/assets/.env: ignored, a hidden file",)),
    ".DS_Store": Case(with_files({"assets/img/.DS_Store": b"\0\0\0\1Bud1"}), None, absent=("assets/img/.DS_Store",),
                      ignored=("content/assets/img/.DS_Store: ignored, a hidden file",)),
    "hidden post": Case(with_files({"posts/.2025-11-29-draft.md": POST.replace("시험", "비밀")}), None,
                        absent=("posts/.2025-11-29-draft",),
                        ignored=("content/posts/.2025-11-29-draft.md: ignored, a hidden file",)),
    "Emacs lock file": Case(emacs_lock, None, ignored=("content/posts/.#2025-11-28-case.md: ignored, a hidden file",)),
    "editor backup": Case(with_files({"posts/2025-11-29-case.md~": POST}), None,
                          ignored=("content/posts/2025-11-29-case.md~: ignored, an editor or system file",)),
    "post refers to a hidden image": Case(with_files({"assets/img/.secret.png": png_header(2, 2)},
                                                     FM + "---\n\n![x](/assets/img/.secret.png)\n"),
                                          f"{SHOWN}:8: media: media file '/assets/img/.secret.png': assets/img/.secret.png "
                                          "is a hidden file, which is never published; rename it without the leading dot "
                                          "(or the editor's ~ or #)"),
    # --- posts ------------------------------------------------------------------------------------
    "quote in a slug": Case(post(FM + "slug: 'x\"onmouseover=\"alert(1)'\n---\n"),
                            f"{SHOWN}:6: chirpy_reader: the slug 'x\"onmouseover=\"alert(1)' cannot be used in a URL; "
                            "use letters, digits and hyphens"),
    "quote in a file name": Case(post(POST, 'posts/2025-11-28-x"y.md'),
                                 "content/posts/2025-11-28-x\"y.md: chirpy_reader: the file name gives the slug 'x\"y', "
                                 "which cannot be used in a URL; rename the file (use letters, digits and hyphens) or "
                                 "give it `slug:` in its front matter"),
    "slug as a list": Case(post(FM + "slug: [a]\n---\n"),
                           f"{SHOWN}:6: chirpy_reader: the slug must be text (got ['a']); write slug: \"my-post\""),
    "300-character slug": Case(post(FM + f"slug: {'a' * 300}\n---\n"),
                               f"{SHOWN}:6: chirpy_reader: the slug '{'a' * 300}' is 300 bytes long (at most 200); "
                               "shorten it"),
    "unclosed <ul>": Case(post(POST + "\n<ul>\n<li>하나\n\n## 다음 절\n"),
                          f"{SHOWN}:10: chirpy_reader: <ul> opened here is never closed; add </ul>; without it the rest "
                          "of the post would be swallowed as raw HTML"),
    "unclosed <p align>": Case(post(POST + '\n<p align="center">\n그림\n\n## 다음 절\n'),
                               f"{SHOWN}:10: chirpy_reader: <p> opened here is never closed; add </p>; without it the rest "
                               "of the post would be swallowed as raw HTML"),
    "pasted terminal colours": Case(post(POST + "\n\x1b[32mok\x1b[0m\n"),
                                    f"{SHOWN}:10: chirpy_reader: the file contains the control character 0x1b (a terminal "
                                    "colour code pasted with the text?); delete it (most editors do not show it); feeds "
                                    "and HTML cannot carry it"),
    "NFC and NFD spellings of one slug": Case(
        with_files({f"posts/2025-11-29-{unicodedata.normalize('NFD', '도커')}.md": POST}, POST),
        None, files={"posts/2025-11-28-도커.md": POST}),
    "slugs differing in case": Case(with_files({"posts/2025-11-29-Docker.md": POST}, POST), None,
                                    files={"posts/2025-11-28-docker.md": POST}),
    "image saved with an NFD name": Case(with_files({f"assets/img/{NFD_NAME}": png_header(2, 2)},
                                                    FM + "---\n\n![x](/assets/img/그림.png)\n"),
                                         f"{SHOWN}:8: media: media file '/assets/img/그림.png' does not exist (looked for "
                                         "content/assets/img/그림.png); the file's name is spelled with decomposed Hangul "
                                         "(NFD, as macOS saves it); rename it to the composed form: "
                                         f"mv '{NFD_NAME}' '그림.png'"),
    "1,000-level nested list": Case(post(POST + "\n" + DEEP_LIST + "\n"),
                                    f"{SHOWN}:43: chirpy_reader: lists or quotes are nested about 33 levels deep here "
                                    "(at most 32); flatten the list, or put the text in a code block"),
    "decompression bomb": Case(with_files({"assets/img/bomb.png": png_header(40000, 40000)},
                                          FM + "---\n\n![x](/assets/img/bomb.png)\n"),
                               "content/posts/2025-11-28-case.md:8: media: content/assets/img/bomb.png has more than 89,478,485 pixels, "
                               "too many to show (a decompression bomb?); scale it down, e.g. to 2000 pixels wide, and "
                               "export it again"),
    "emoji-only tag": Case(post(FM.replace("tags: [도커]", "tags: [도커, 🐳]") + "---\n"),
                           f"{SHOWN}:5: chirpy_reader: the tags entry '🐳' has no letter or digit, so it has no address; "
                           "add a word to it, e.g. 도커, or remove it"),
    "40,000 Liquid tags on a line": Case(post(POST + "\n" + "{% x " * 40000 + "\n"),
                                         f"{SHOWN}:10: chirpy_reader: this Liquid tag `{{%` is never closed with "
                                         "`%}`; close it, or write `{% raw %}`/`{% endraw %}` around text that "
                                         "shows `{%`"),
    "a page named tags.md": Case(with_files({"pages/tags.md": '---\ntitle: "태그"\ndate: 2025-11-28\n---\n\n본문\n'}),
                                 "content/pages/tags.md: chirpy_reader: the page's address tags/ is one the site makes "
                                 "itself (TAGS_SAVE_AS); rename the file or give it `slug:` in its front matter"),
    "a ~ key": Case(post(FM + "~: x\n---\n"), f"{SHOWN}:6: chirpy_reader: unknown front matter key None; "
                                               "remove it or check its spelling"),
    "duplicate slugs from front matter": Case(with_files({"posts/2025-11-29-other.md": FM + "slug: case\n---\n"}), None,
                                              files={}),
}

# Two files whose slugs collide: the message names the second file (sorted), pointing at its slug's line.
COLLISIONS = {
    "NFC and NFD spellings of one slug": f"content/posts/2025-11-29-{unicodedata.normalize('NFD', '도커')}.md: chirpy_reader: the slug '도커' is already used "
                                         "by content/posts/2025-11-28-도커.md (this post's slug comes from its file name); "
                                         "rename one file (the slug is the file name after the date) or give it `slug:` "
                                         "in its front matter",
    "slugs differing in case": "content/posts/2025-11-29-Docker.md: chirpy_reader: the slug 'Docker' is already used by "
                               "content/posts/2025-11-28-docker.md (this post's slug comes from its file name); rename one "
                               "file (the slug is the file name after the date) or give it `slug:` in its front matter",
    "duplicate slugs from front matter": "content/posts/2025-11-29-other.md:6: chirpy_reader: the slug 'case' is already "
                                         "used by content/posts/2025-11-28-case.md; rename one file (the slug is the file "
                                         "name after the date) or give it `slug:` in its front matter",
}


@pytest.mark.parametrize("name", list(CASES))
def test_data_safety(tmp_path, name, caplog):
    case = CASES[name]
    site = make_project(tmp_path)
    for relative, data in case.files.items():
        site.write(relative, data)
    kwargs = case.arrange(site, tmp_path)
    before = tree(tmp_path)
    with caplog.at_level("INFO", logger="plugins.sitebuild.sources"):
        result = site.build(**kwargs)
    expected = COLLISIONS.get(name, case.line)
    if expected is None:
        assert result.ok, result.problems
        for path in case.absent:
            assert not (site.output / path).exists(), f"{path} was published"
        assert not (site.output / SENTINEL).exists()
        listed = [r.getMessage() for r in caplog.records if r.name == "plugins.sitebuild.sources"]
        assert listed == list(case.ignored)
        return
    assert not result.ok, "the build should have failed"
    assert list(result.problems) == [expected.replace("{site}", str(site.root)).replace("{tmp}", str(tmp_path))]
    assert tree(tmp_path) == before, "the build changed files (sources or the previous output)"
    assert not list(tmp_path.rglob(".*.building-*")), "a staging folder was left behind"


# --- the importer: what it reads from the old site and where it writes ---------------------------

OLD_POST = '---\ntitle: "옛 글"\ndate: 2024-01-01 12:00:00 +0900\n---\n\n![그림](/assets/img/a.png)\n'


def old_site(tmp: Path) -> Path:
    site = tmp / "old"
    (site / "_posts").mkdir(parents=True)
    (site / "assets" / "img").mkdir(parents=True)
    (site / "_posts" / "2024-01-01-x.md").write_text(OLD_POST, encoding="utf-8")
    (site / "assets" / "img" / "a.png").write_bytes(png_header(2, 2))
    return site


def folder_at_target(old: Path, content: Path, tmp: Path) -> None:
    (content / "posts" / "2024-01-01-x.md").mkdir(parents=True)


def dangling_link_at_target(old: Path, content: Path, tmp: Path) -> None:
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "2024-01-01-x.md").symlink_to(tmp / "outside.md")


def linked_old_asset(old: Path, content: Path, tmp: Path) -> None:
    (tmp / "secret.png").write_bytes(png_header(2, 2))
    (old / "assets" / "img" / "a.png").unlink()
    (old / "assets" / "img" / "a.png").symlink_to(tmp / "secret.png")


def same_slug_twice(old: Path, content: Path, tmp: Path) -> None:
    (old / "_posts" / "2024-02-01-x.md").write_text(OLD_POST.replace("2024-01-01", "2024-02-01"), encoding="utf-8")


def upper_case_suffix(old: Path, content: Path, tmp: Path) -> None:
    (old / "_posts" / "2024-01-01-x.md").rename(old / "_posts" / "2024-01-01-x.MD")


def hidden_old_post(old: Path, content: Path, tmp: Path) -> None:
    (old / "_posts" / ".2024-03-01-draft.md").write_text(OLD_POST, encoding="utf-8")


IMPORTS = {
    # name: (arrange, problems as printed, written, overwrite)
    "a folder named like the post": (folder_at_target,
                                     [("{old}/_posts/2024-01-01-x.md: import: content/posts/2024-01-01-x.md is a folder; "
                                      "move it away, then import again")], ["assets/img/a.png"], False),
    "a dangling link at the target": (dangling_link_at_target,
                                      [("{old}/_posts/2024-01-01-x.md: import: content/posts/2024-01-01-x.md is not "
                                       "written: it is a link (to {tmp}/outside.md), which is never written through; "
                                       "remove the link, then run the command again")], ["assets/img/a.png"], False),
    "a dangling link at the target, --overwrite": (dangling_link_at_target,
                                                   [("{old}/_posts/2024-01-01-x.md: import: content/posts/2024-01-01-x.md "
                                                    "is not written: it is a link (to {tmp}/outside.md), which is never "
                                                    "written through; remove the link, then run the command again")],
                                                   ["assets/img/a.png"], True),
    "a linked asset in the old site": (linked_old_asset,
                                       [("old/_posts/2024-01-01-x.md:6: import: media assets/img/a.png: assets/img/a.png "
                                        "is a link (to {tmp}/secret.png); the importer copies only real files: copy the "
                                        "file itself into the old site, or into content/")], ["posts/2024-01-01-x.md"],
                                       False),
    "two posts with one slug": (same_slug_twice,
                                [("old/_posts/2024-02-01-x.md: import: the slug 'x' is already used by "
                                 "old/_posts/2024-01-01-x.md; rename one of the files or give it `slug:`")],
                                ["posts/2024-01-01-x.md", "assets/img/a.png"], False),
    "a .MD post": (upper_case_suffix, [], ["posts/2024-01-01-x.md", "assets/img/a.png"], False),
    "a hidden post": (hidden_old_post, [], ["posts/2024-01-01-x.md", "assets/img/a.png"], False),
}


@pytest.mark.parametrize("name", list(IMPORTS))
def test_import_safety(tmp_path, name):
    from workflow.jekyll_import import apply_import, plan_import

    arrange, expected, written, overwrite = IMPORTS[name]
    old, content = old_site(tmp_path), tmp_path / "content"
    content.mkdir()
    arrange(old, content, tmp_path)
    plan = plan_import(old, "Asia/Seoul", tmp_path)
    result = apply_import(plan, content, {}, overwrite)
    problems = [str(p) for p in (*plan.problems, *result.conflicts)]
    assert problems == [line.replace("{old}", str(old)).replace("{tmp}", str(tmp_path)) for line in expected]
    assert sorted(result.written) == sorted(written)
    assert not (tmp_path / "outside.md").exists(), "the import wrote through a link"


# --- the preview: only its own host and pages talk to it ------------------------------------------

PREVIEW_PORT = 8000
OWN = {"Host": f"127.0.0.1:{PREVIEW_PORT}"}
PREVIEW = [
    # (what, path, request headers, websocket?, expected status: 101 means the socket opened)
    ("a page", "/", OWN, False, 200),
    ("an 8 KB path", "/" + "a" * 8192, OWN, False, 404),
    ("a 300-byte name", "/" + "가" * 100 + "/", OWN, False, 404),
    ("a long percent-encoded path", "/" + "%2e%2e%2f" * 600, OWN, False, 404),
    ("the reload trigger", "/forcereload", OWN, False, 200),
    ("the reload trigger for another host", "/forcereload", {"Host": f"evil.example:{PREVIEW_PORT}"}, False, 404),
    ("the reload trigger from another site", "/forcereload", {**OWN, "Origin": "https://evil.example"}, False, 404),
    ("the reload trigger fetched cross-site", "/forcereload", {**OWN, "Sec-Fetch-Site": "cross-site"}, False, 404),
    ("the reload script for another host", "/livereload.js", {"Host": f"evil.example:{PREVIEW_PORT}"}, False, 404),
    ("the reload socket from the page", "/livereload", {**OWN, "Origin": f"http://127.0.0.1:{PREVIEW_PORT}"}, True, 101),
    ("the reload socket from another site", "/livereload", {**OWN, "Origin": "https://evil.example"}, True, 403),
    ("the reload socket for another host", "/livereload",
     {"Host": f"evil.example:{PREVIEW_PORT}", "Origin": f"http://evil.example:{PREVIEW_PORT}"}, True, 404),
]


@pytest.mark.parametrize(("what", "path", "headers", "socket", "status"), PREVIEW, ids=[c[0] for c in PREVIEW])
def test_preview_answers_only_its_own_pages(tmp_path, monkeypatch, what, path, headers, socket, status, caplog):
    import asyncio
    from types import SimpleNamespace

    from livereload.handlers import LiveReloadHandler
    from tornado import httpclient, testing, web, websocket

    from workflow.preview import Preview

    (tmp_path / "index.html").write_text("<html><head></head><body>site</body></html>")
    preview = Preview(build=lambda: None, output=tmp_path, port=PREVIEW_PORT)
    monkeypatch.setattr(LiveReloadHandler, "watcher", SimpleNamespace(filepath=None))  # no watcher in a test

    async def ask() -> int:
        sock, port = testing.bind_unused_port()
        server = web.Application(preview.live_handlers() + preview.handlers()).listen(0)
        server.add_sockets([sock])
        request = httpclient.HTTPRequest(f"http://127.0.0.1:{port}{path}", headers=headers)
        try:
            if socket:
                request.url = request.url.replace("http://", "ws://")
                connection = await websocket.websocket_connect(request)
                connection.close()
                return 101
            response = await httpclient.AsyncHTTPClient().fetch(request, raise_error=False)
            return response.code
        except websocket.WebSocketClosedError:
            return 0
        except httpclient.HTTPClientError as err:
            return err.code
        finally:
            server.stop()

    assert asyncio.run(ask()) == status
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize(("path", "rebuilds"), [
    ("content/posts/2025-11-28-case.md", True), ("content/posts/.#2025-11-28-case.md", False),
    ("content/posts/2025-11-28-case.md~", False), ("content/posts/.2025-11-28-case.md.swp", False),
    ("content/assets/img/.DS_Store", False), ("theme/templates/base.html", True), ("plugins/media/plugin.py", False),
])
def test_preview_rebuilds_only_for_sources(path, rebuilds):
    from workflow.preview import _not_a_rebuild_reason

    assert _not_a_rebuild_reason(path) is not rebuilds
