"""CHEATSHEET = {...}: defaults, and a one-line message for each wrong key or value."""

from __future__ import annotations

import pytest

from plugins.cheatsheet.model import CheatsheetSettings
from plugins.cheatsheet.settings import CheatsheetSettingsError, read_settings


@pytest.mark.parametrize(("value", "expected"), [
    (None, CheatsheetSettings()),
    ({}, CheatsheetSettings()),
    ({"pdf": False, "folder": "cheats"}, CheatsheetSettings(pdf=False, folder="cheats")),
    ({"explanation_headings": ["각 구문별 해석", "명령어 설명"]},
     CheatsheetSettings(explanation_headings=("각 구문별 해석", "명령어 설명"))),
])
def test_good_settings(value, expected):
    assert read_settings(value) == expected


@pytest.mark.parametrize(("value", "message"), [
    ({"pdff": True}, "unknown CHEATSHEET key(s) 'pdff'; known keys are"),
    ({"pdf": "yes"}, "CHEATSHEET['pdf'] must be bool (got 'yes')"),
    ({"title": 3}, "CHEATSHEET['title'] must be str (got 3)"),
    ({"folder": "../out"}, "CHEATSHEET['folder'] must be a relative path of lowercase ASCII words (got '../out')"),
    ({"folder": "치트시트"}, "CHEATSHEET['folder'] must be a relative path"),
    ({"file_stem": "Docker Notes"}, "CHEATSHEET['file_stem'] must be one lowercase ASCII word"),
    ({"explanation_headings": ["", "x"]}, "CHEATSHEET['explanation_headings'] must list non-empty strings"),
    ({"series_number_pattern": "([0-9"}, "CHEATSHEET['series_number_pattern'] is not a regular expression"),
    ({"series_number_pattern": r"\d+"}, "needs a (?P<number>...) group"),
])
def test_bad_settings(value, message):
    with pytest.raises(CheatsheetSettingsError) as caught:
        read_settings(value)
    text = str(caught.value)
    assert text.startswith("pelicanconf.py: cheatsheet: ")
    assert message in text
    assert "\n" not in text


def test_pdf_max_entries_must_be_positive():
    with pytest.raises(CheatsheetSettingsError, match="pdf_max_entries'\\] must be at least 1"):
        read_settings({"pdf_max_entries": 0})
