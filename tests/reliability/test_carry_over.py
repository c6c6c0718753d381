"""Files carried over from the previous output: linked only when unchanged, never written through."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from plugins.sitebuild.atomic import previous_output_of, staging_dir_for
from plugins.sitebuild.carry_over import CarryOver
from plugins.sitebuild.output_folder import mark_output


def _build(tmp_path: Path, files: dict[str, bytes], executable: tuple[str, ...] = ()) -> Path:
    """One build of `files` the way the runner does it: into staging, marked, swapped into output/."""
    output = tmp_path / "output"
    staging = staging_dir_for(output)
    staging.mkdir()
    carry = CarryOver(staging, tmp_path / "cache", "test")
    for path, data in files.items():
        carry.write(path, data, executable=path in executable)
    carry.save()
    mark_output(staging)
    if output.exists():
        os.rename(output, tmp_path / "old")
    os.rename(staging, output)
    return output


def _ino(path: Path) -> int:
    return os.stat(path).st_ino


@pytest.mark.parametrize(("change", "carried"), [
    (None, True),
    ("bytes", False),
    ("edited in the previous output", False),
    ("replaced in the previous output", False),
    ("link in the previous output", False),
    ("no marker", False),
    ("no record", False),
])
def test_a_file_is_linked_only_when_it_and_its_record_are_unchanged(tmp_path, change, carried):
    output = _build(tmp_path, {"a/one.txt": b"one\n"})
    before = _ino(output / "a/one.txt")
    data = b"one\n"
    if change == "bytes":
        data = b"two\n"
    elif change == "edited in the previous output":
        with open(output / "a/one.txt", "ab") as handle:
            handle.write(b"edited\n")
        data = b"one\nedited\n"  # the same bytes as the edited file: still never trusted
    elif change == "replaced in the previous output":
        (output / "a/one.txt").unlink()
        (output / "a/one.txt").write_bytes(b"one\n")
        before = _ino(output / "a/one.txt")
    elif change == "link in the previous output":
        (tmp_path / "elsewhere.txt").write_bytes(b"one\n")
        (output / "a/one.txt").unlink()
        (output / "a/one.txt").symlink_to(tmp_path / "elsewhere.txt")
        before = _ino(tmp_path / "elsewhere.txt")
    elif change == "no marker":
        (output / ".sitebuild-output").unlink()
    elif change == "no record":
        (tmp_path / "cache/carried-test.pickle").unlink()
    new = _build(tmp_path, {"a/one.txt": data})
    assert (new / "a/one.txt").read_bytes() == data
    assert not (new / "a/one.txt").is_symlink()
    assert (_ino(new / "a/one.txt") == before) is carried


def test_a_changed_file_never_writes_into_the_previous_output(tmp_path):
    output = _build(tmp_path, {"one.txt": b"one\n", "two.txt": b"two\n"})
    staging = staging_dir_for(output)
    staging.mkdir()
    carry = CarryOver(staging, tmp_path / "cache", "test")
    carry.write("one.txt", b"one\n")  # carried: the same inode as the live file
    carry.write("one.txt", b"changed\n")  # written again in the same build: a new file, not through the link
    carry.write("two.txt", b"changed\n")
    assert (output / "one.txt").read_bytes() == b"one\n"
    assert (output / "two.txt").read_bytes() == b"two\n"
    assert (staging / "one.txt").read_bytes() == b"changed\n"


@pytest.mark.parametrize("executable", [True, False])
def test_modes_are_the_ones_asked_for_written_or_carried(tmp_path, executable):
    files = {"run.sh": b"echo hi\n"}
    wanted = 0o755 if executable else 0o644
    flags = ("run.sh",) if executable else ()
    old_mask = os.umask(0o077)  # a umask that takes bits the files need
    try:
        output = _build(tmp_path, files, flags)
        assert os.stat(output / "run.sh").st_mode & 0o777 == wanted
        output = _build(tmp_path, files, flags)
        assert os.stat(output / "run.sh").st_mode & 0o777 == wanted
    finally:
        os.umask(old_mask)


@pytest.mark.parametrize(("inputs", "lose_one", "carried"), [
    (b"same", False, True),
    (b"other", False, False),
    (b"same", True, False),
])
def test_a_group_is_carried_whole_or_written_whole(tmp_path, inputs, lose_one, carried):
    output = tmp_path / "output"
    files = [("p/1.sh", b"one\n", True), ("p/2.txt", b"two\n", False)]
    for round_ in range(2):
        staging = staging_dir_for(output)
        staging.mkdir()
        carry = CarryOver(staging, tmp_path / "cache", "test")
        if round_ == 0 or not carry.carry_group("post", inputs if round_ else b"same"):
            carry.write_group("post", inputs if round_ else b"same", files)
            assert round_ == 0 or not carried
        else:
            assert carried
        carry.save()
        mark_output(staging)
        if output.exists():
            os.rename(output, tmp_path / f"old{round_}")
        os.rename(staging, output)
        if round_ == 0 and lose_one:
            (output / "p/2.txt").unlink()
    assert sorted(p.name for p in (output / "p").iterdir()) == ["1.sh", "2.txt"]
    assert (output / "p/2.txt").read_bytes() == b"two\n"
    assert (_ino(output / "p/1.sh") == _ino(tmp_path / "old1/p/1.sh")) is carried


@pytest.mark.parametrize(("name", "previous"), [
    (".output.building-123", "output"),
    (".site.v2.building-9", "site.v2"),
    ("output", None),
    (".output.building-x", None),
    (".building-1", None),
    (".output.old-123", None),
])
def test_the_previous_output_is_found_only_from_a_staging_folder(tmp_path, name, previous):
    for folder in ("output", "site.v2"):
        (tmp_path / folder).mkdir()
    found = previous_output_of(tmp_path / name)
    assert found == (tmp_path / previous if previous else None)


def _inodes(folder: Path, under: str) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in (folder / under).rglob("*") if p.is_file()}


def test_a_build_with_nothing_changed_links_snippet_files_and_the_cheat_sheet(tmp_path):
    from tests.conftest import ROOT
    from tests.reliability.site_factory import make_site, tree

    site = make_site(tmp_path)
    post = site.write("posts/2025-11-28-docker-1.md", (ROOT / "content/posts/2025-11-28-docker-1.md").read_bytes())
    assert site.build().ok
    first = {**_inodes(site.output, "snippets"), **_inodes(site.output, "cheatsheet")}
    pages = _inodes(site.output, "posts")
    assert any(p.endswith(".sh") for p in first) and any(p.endswith(".json") for p in first)
    assert "cheatsheet/index.html" in first and "cheatsheet/docker-1/index.html" in first
    assert site.build().ok
    again = {**_inodes(site.output, "snippets"), **_inodes(site.output, "cheatsheet")}
    assert again == first  # the cheat sheet's pages too: the same sheet, templates and context values
    assert set(_inodes(site.output, "posts").values()).isdisjoint(pages.values())  # Pelican's: written every build

    text = post.read_text(encoding="utf-8")
    post.write_text(text + "\n```bash\necho carried\n```\n", encoding="utf-8")
    assert site.build().ok
    changed = {p for p, i in _inodes(site.output, "snippets").items() if first.get(p) != i}
    assert any(p.endswith(".sh") for p in changed)
    fresh = tmp_path / "fresh"
    assert site.build(output=fresh).ok  # the same site built with nothing to link from
    assert tree(site.output) == tree(fresh)


@pytest.mark.parametrize(("template", "change"), [
    ("base.html", ("</head>", "<!-- changed --></head>")),  # the template the page extends
    ("partials/footer.html", ("</footer>", "<!-- changed --></footer>")),  # one it includes
])
def test_a_changed_theme_template_renders_the_cheat_sheet_pages_again(tmp_path, template, change):
    from tests.conftest import ROOT
    from tests.reliability.site_factory import make_site, tree

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site = make_site(tmp_path)
    site.write("posts/2025-11-28-docker-1.md", (ROOT / "content/posts/2025-11-28-docker-1.md").read_bytes())
    assert site.build(THEME=str(theme)).ok
    first = {p: i for p, i in _inodes(site.output, "cheatsheet").items() if p.endswith(".html")}
    path = theme / "templates" / template
    path.write_text(path.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    assert site.build(THEME=str(theme)).ok
    again = {p: i for p, i in _inodes(site.output, "cheatsheet").items() if p.endswith(".html")}
    assert again.keys() == first.keys() and set(again.values()).isdisjoint(first.values())
    assert "<!-- changed -->" in (site.output / "cheatsheet/index.html").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    assert site.build(output=fresh, THEME=str(theme)).ok
    assert tree(site.output) == tree(fresh)


def test_a_page_written_over_a_carried_cheat_sheet_page_fails_and_leaves_the_previous_output(tmp_path):
    from tests.conftest import ROOT
    from tests.reliability.site_factory import make_site

    site = make_site(tmp_path)
    site.write("posts/2025-11-28-docker-1.md", (ROOT / "content/posts/2025-11-28-docker-1.md").read_bytes())
    assert site.build().ok
    before = (site.output / "cheatsheet/index.html").read_bytes()
    site.write("pages/cheatsheet.md", "---\ntitle: 치트시트\ndate: 2025-11-28 12:00:00 +0900\n---\n\n다른 글\n")  # its address: /cheatsheet/
    result = site.build()
    assert not result.ok
    assert "two pages of the site would be written to this one file" in "\n".join(result.problems)
    assert (site.output / "cheatsheet/index.html").read_bytes() == before  # never written through the link


def test_static_files_are_hard_links_to_content_never_symbolic_links(tmp_path):
    from tests.reliability.site_factory import make_site

    site = make_site(tmp_path)
    assets = [p for p in (site.content / "assets").rglob("*") if p.is_file()]
    assert assets and site.build().ok
    for source in assets:
        built = site.output / source.relative_to(site.content)
        assert not built.is_symlink()
        assert built.stat().st_ino == source.stat().st_ino
    assert not any(p.is_symlink() for p in site.output.rglob("*"))


@pytest.mark.parametrize(("files", "links"), [
    ({"posts/a.md": "x"}, True),
    ({}, False),  # nothing to try a link with: copy
])
def test_hard_links_are_tried_before_pelican_is_told_to_link(tmp_path, files, links):
    from plugins.sitebuild.runner import hard_links_work

    content, staging = tmp_path / "content", tmp_path / "staging"
    content.mkdir()
    staging.mkdir()
    for name, text in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text)
    assert hard_links_work(content, staging) is links
    assert list(staging.iterdir()) == []
