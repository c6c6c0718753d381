"""Compare the output a post shows with the real output, allowing marked variable parts.

How a post marks what varies (documented in docs/testing.md):
- `...` as a whole line matches any number of lines (zero or more);
- `...` inside a line matches any text within that line (ids, times, sizes);
- runs of spaces match any run of spaces (table columns are padded to their content), and
  trailing spaces and trailing blank lines are ignored.
"""

from __future__ import annotations

import difflib
import re
from functools import cache, lru_cache

ELLIPSIS = "..."
ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def normalise(text: str) -> list[str]:
    lines = [ANSI_RE.sub("", line).rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@lru_cache(maxsize=512)
def _line_pattern(shown: str) -> re.Pattern:
    parts = []
    for piece in shown.split(ELLIPSIS):
        words = [re.escape(word) for word in re.split(r" {2,}| ", piece)]
        parts.append(r" +".join(words))
    return re.compile(".*".join(parts) + r"\Z", re.DOTALL)


def line_matches(shown: str, actual: str) -> bool:
    return _line_pattern(shown).match(actual) is not None


def output_matches(shown: list[str], actual: list[str]) -> bool:
    """True when `actual` lines fit `shown` lines, with `...` lines matching any run of lines."""

    @cache
    def fits(i: int, j: int) -> bool:
        if i == len(shown):
            return j == len(actual)
        if shown[i].strip() == ELLIPSIS:
            return any(fits(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and line_matches(shown[i], actual[j]) and fits(i + 1, j + 1)

    return fits(0, 0)


def together(first: str, second: str) -> str:
    """Two streams one after the other, each starting on a line of its own (as in a terminal)."""
    if first and second and not first.endswith("\n"):
        return first + "\n" + second
    return first + second


def output_candidates(run) -> tuple[str, str, str]:
    """What a shown output may be: a command's stdout alone, or stdout and stderr together."""
    return run.stdout, together(run.stdout, run.stderr), together(run.stderr, run.stdout)


def diff(shown: list[str], actual: list[str]) -> str:
    return "\n".join(difflib.unified_diff(shown, actual, "shown in the post", "real output", lineterm=""))
