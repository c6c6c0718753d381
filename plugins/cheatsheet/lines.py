"""Big text files written a batch of lines at a time: the same text as joining all the lines, never built whole."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

BATCH = 2000  # lines per piece


def joined_lines(lines: Iterable[str], strip_end: bool = False) -> Iterator[str]:
    """The pieces of `"\\n".join(lines) + "\\n"`; with strip_end, of `"\\n".join(lines).rstrip("\\n") + "\\n"`.

    A piece is cut only after a line that does not end in a newline, so stripping the end of the last
    piece strips exactly what stripping the whole text would.
    """
    pending: list[str] = []
    separator = ""
    for line in lines:
        pending.append(line)
        if len(pending) >= BATCH and pending[-1] and not pending[-1].endswith("\n"):
            yield separator + "\n".join(pending)
            separator, pending = "\n", []
    tail = separator + "\n".join(pending) if pending else ""
    yield (tail.rstrip("\n") if strip_end else tail) + "\n"
