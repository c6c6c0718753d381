"""The mistakes blog posts make in commands: typography, prompts, HTML and Markdown left in the code.

No linter knows these (shellcheck sees `<https://x` as a valid redirection), so they are checked
here, one small table-driven function per kind of mistake.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator

from plugins.snippets.model import DOCKERFILE, Snippet
from tests.snippet_tiers.findings import Finding

CURLY_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'", "\u2033": '"'}
ODD_SPACES = {"\u00a0": "non-breaking space", "\u3000": "full-width space", "\u200b": "zero-width space",
              "\u202f": "narrow no-break space", "\ufeff": "byte order mark", "\u2009": "thin space",
              "\u2002": "en space", "\u2003": "em space"}
FULL_WIDTH_RE = re.compile(r"[\uff01-\uff5e]")  # ！ to ～: full-width forms of ASCII punctuation and letters
DASHES = {"\u2013": "en dash", "\u2014": "em dash", "\u2212": "minus sign"}
PROMPT_RE = re.compile(r"^(?:[$%>]|\[[^\]\n]*\][#$]|[\w.-]+@[\w.-]+(?::\S*)?[#$])[ \t]+\S")
ENTITY_RE = re.compile(r"&(?:amp|lt|gt|quot|apos|nbsp|#\d{1,6}|#x[0-9a-fA-F]{1,6});")
MARKDOWN_RES = (
    (re.compile(r"(?<![<\w])<(?:https?|ftp)://"), "`<` before a URL is a Markdown autolink bracket, not a redirection",
     "remove the `<` (and a `>` after the URL)"),
    (re.compile(r"(?:https?|ftp)://[^\s>]+>(?=\s|$)"), "`>` after a URL is a Markdown autolink bracket",
     "remove the `>`"),
    (re.compile(r"\[[^\]\n]+\]\((?:https?://|/)[^)\s]*\)"), "a Markdown link [text](url) inside a command",
     "write the bare URL"),
    (re.compile(r"<br\s*/?>", re.IGNORECASE), "an HTML <br> inside a command", "remove it"),
    (re.compile(r"(?<![*\w])\*\*[^*\s][^*]*\*\*(?![*\w])"), "Markdown bold markers ** inside a command",
     "remove the asterisks"),
)
URL_RE = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*:/{1,3}[^\s'\"`<>]*")
URL_SCHEMES = frozenset({"http", "https", "ftp", "git", "ssh", "file", "unix", "tcp", "s3", "docker", "oci"})
HOST_RE = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                     r"[A-Za-z0-9])?$|^\d{1,3}(?:\.\d{1,3}){3}$|^\[[0-9A-Fa-f:.]+\]$")
QUOTED_RE = re.compile(r"'[^']*'|\"(?:\\.|[^\"\\])*\"")


def _outside_quotes(line: str) -> str:
    """The line with quoted strings blanked (same length), so text meant for the reader is not judged."""
    return QUOTED_RE.sub(lambda m: " " * len(m.group(0)), line)


def typography(line: str) -> Iterator[tuple[str, str, str]]:
    curly = [char for char in CURLY_QUOTES if char in line]
    if curly:
        shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in curly)
        plain = " and ".join(sorted({CURLY_QUOTES[c] for c in curly}))
        yield "curly-quote", f"typographic quote(s) {shown}", f"type straight {plain} quotes"
    for char, name in ODD_SPACES.items():
        if char in line:
            yield "odd-space", f"{name} (U+{ord(char):04X}) the shell does not treat as a space", "type a plain space"
    code = _outside_quotes(line)
    for char, name in DASHES.items():
        if char in code:
            yield "dash", f"{name} (U+{ord(char):04X}) where an option needs '-'", "type a plain hyphen-minus"
    match = FULL_WIDTH_RE.search(code)
    if match:
        char = match.group(0)
        yield ("full-width", f"full-width character {char!r} (U+{ord(char):04X}) outside quotes",
               f"type the ASCII {chr(ord(char) - 0xFEE0)!r}")


def prompt(line: str) -> Iterator[tuple[str, str, str]]:
    if PROMPT_RE.match(line):
        yield "prompt", f"the command starts with a shell prompt ({line.split()[0]!r})", \
            "remove the prompt, or make the block ```console so prompts are expected"


def html_and_markdown(line: str) -> Iterator[tuple[str, str, str]]:
    entity = ENTITY_RE.search(line)
    if entity:
        yield "html-entity", f"HTML entity {entity.group(0)} in a command", "write the character itself"
    for pattern, message, hint in MARKDOWN_RES:
        if pattern.search(line):
            yield "markdown-artifact", message, hint


def urls(line: str) -> Iterator[tuple[str, str, str]]:
    for match in URL_RE.finditer(line):
        url = match.group(0).rstrip(".,;)")
        scheme, _, rest = url.partition(":")
        if scheme.lower() not in URL_SCHEMES:
            if scheme.lower() in ("htp", "htps", "http", "https", "htttp", "htttps", "hhtp", "hhtps"):
                yield "url", f"malformed URL {url!r} (scheme {scheme!r})", "write http:// or https://"
            continue
        if scheme.lower() in ("http", "https", "ftp") and not rest.startswith("//"):
            yield "url", f"malformed URL {url!r}: the scheme needs two slashes", f"write {scheme}://..."
            continue
        if scheme.lower() not in ("http", "https", "ftp"):
            continue
        parsed = urllib.parse.urlsplit(url)
        host = parsed.netloc.rsplit("@", 1)[-1]
        host, _, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
        if not host or not HOST_RE.match(host) or (port and not port.isdigit()) or ".." in host:
            yield "url", f"malformed URL {url!r}: host {parsed.netloc!r} is not a host name", "fix the URL"


SCRIPT_CHECKS = (typography, prompt, html_and_markdown, urls)
FILE_CHECKS = (typography, html_and_markdown, urls)


def find_mistakes(snippet: Snippet) -> list[Finding]:
    """Problems in the commands of a script, or in a Dockerfile/compose file, by post line."""
    findings: list[Finding] = []
    if snippet.is_script:
        for command in snippet.commands:
            for offset, line in enumerate(command.text.split("\n")):
                checks = SCRIPT_CHECKS if offset == 0 else (typography, html_and_markdown, urls)
                findings += [Finding(command.line + offset, *found) for check in checks for found in check(line)]
    elif snippet.kind == DOCKERFILE or _is_compose(snippet.filename):
        for offset, line in enumerate(snippet.body.split("\n")):
            findings += [Finding(snippet.line + offset, *found) for check in FILE_CHECKS for found in check(line)]
    return findings


def _is_compose(filename: str) -> bool:
    base = filename.rsplit("/", 1)[-1].lower()
    return base.startswith(("compose", "docker-compose")) and base.endswith((".yaml", ".yml"))
