"""Decode a post file to text the way an author expects: UTF-8 (with or without BOM), any line ending."""

from __future__ import annotations

import re

from plugins.sitebuild.errors import PostError, SourcePos

PLUGIN = "chirpy_reader"
# C0 controls but tab and line ends, and DEL: XML (the feeds) cannot hold them and no page shows them.
CONTROL_RE = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_post(data: bytes, display_path: str) -> str:
    """UTF-8 text with a BOM removed and CRLF/CR turned into LF; legacy Korean encodings are refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = _line_of_offset(data, err.start)
        try:
            data.decode("cp949")
        except UnicodeDecodeError:
            what = "is not UTF-8"
        else:
            what = "looks like EUC-KR/CP949 (legacy Korean encoding), not UTF-8"
        raise PostError(
            SourcePos(display_path, line),
            PLUGIN,
            f"the file {what} (byte {err.start})",
            "save it as UTF-8, e.g. `iconv -f cp949 -t utf-8 in.md > out.md`",
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise PostError(SourcePos(display_path, line), PLUGIN, "the file contains a NUL byte", "is it a binary file?")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL_RE.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise PostError(SourcePos(display_path, line), PLUGIN,
                        f"the file contains the control character {ord(control.group()):#04x}"
                        + (" (a terminal colour code pasted with the text?)" if control.group() == "\x1b" else ""),
                        "delete it (most editors do not show it); feeds and HTML cannot carry it")
    return text
