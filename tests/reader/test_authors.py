"""Chirpy's authors: ids looked up in content/_data/authors.yml and CHIRPY_AUTHORS."""

from __future__ import annotations

import pytest

from plugins.chirpy_reader.authors import AuthorProfile, load_authors, profiles
from plugins.sitebuild.errors import PostError

AUTHORS_YML = "cotes:\n  name: Cotes Chung\n  twitter: '@cotes'\n  url: https://github.com/cotes2020\nsam:\n  name: Sam\n"


@pytest.mark.parametrize("ids, setting, expected", [
    pytest.param(("cotes",), None, (AuthorProfile("Cotes Chung", "https://github.com/cotes2020", "cotes"),),
                 id="from the file, @ dropped"),
    pytest.param(("cotes", "sam"), None, (AuthorProfile("Cotes Chung", "https://github.com/cotes2020", "cotes"),
                                          AuthorProfile("Sam")), id="several"),
    pytest.param(("sam",), {"sam": {"name": "Samuel", "url": "https://sam.example"}},
                 (AuthorProfile("Samuel", "https://sam.example"),), id="the setting replaces an entry"),
    pytest.param(("Cotes Chung",), None, (AuthorProfile("Cotes Chung"),), id="an unknown id is a name as written"),
])
def test_author_profiles(tmp_path, ids, setting, expected):
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data" / "authors.yml").write_text(AUTHORS_YML, encoding="utf-8")
    assert profiles(ids, load_authors(tmp_path, setting)) == expected


def test_no_file_no_setting(tmp_path):
    assert load_authors(tmp_path, None) == {}


@pytest.mark.parametrize("text, line, what", [
    pytest.param("cotes:\n  name: [unclosed\n", 3, "authors file is not valid YAML", id="bad YAML"),
    pytest.param("cotes:\n  url: https://x\n", 1, "author 'cotes' has no name", id="no name"),
])
def test_broken_authors_file(tmp_path, text, line, what):
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data" / "authors.yml").write_text(text, encoding="utf-8")
    with pytest.raises(PostError) as caught:
        load_authors(tmp_path, None)
    assert str(caught.value).startswith(f"content/_data/authors.yml:{line}: chirpy_reader: {what}")
