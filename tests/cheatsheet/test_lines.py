"""joined_lines: big files written a batch of lines at a time are byte for byte the joined text."""

from __future__ import annotations

import pytest

from plugins.cheatsheet import lines

CASES = [
    [],
    [""],
    ["a"],
    ["# 제목", "", "- 명령어", "", ""],
    ["a", "b\n", "", "c", "", "", "d\n", "", ""],
    ["코드\n블록\n", "", "끝\n\n"],
]


@pytest.mark.parametrize("batch", [1, 2, 3, 2000])
@pytest.mark.parametrize("given", CASES)
@pytest.mark.parametrize("strip_end", [False, True])
def test_pieces_join_into_the_whole_text(monkeypatch, batch, given, strip_end):
    monkeypatch.setattr(lines, "BATCH", batch)
    whole = "\n".join(given)
    expected = (whole.rstrip("\n") if strip_end else whole) + "\n"
    assert "".join(lines.joined_lines(iter(given), strip_end=strip_end)) == expected
