"""The HTML a post page gets around each snippet: a header with label, copy button and download link.

The theme styles these classes and wires the buttons; keep the shape in step with docs/snippets.md.
"""

from __future__ import annotations

import posixpath
from html import escape

from plugins.snippets.model import Snippet
from plugins.snippets.render import OUTPUT_FOLDER, download_href, script_name

BLOCK_CLOSE = "</div>"
# Where the proof plugin puts the block's proof line (plugins/proof/page_line.py); a comment until then.
PROOF_SLOT = "<!--snippet-proof:{index}-->"


def block_close(snippet: Snippet) -> str:
    """Closes the wrapper block_open opened, after the place of its proof line."""
    return PROOF_SLOT.format(index=snippet.index) + BLOCK_CLOSE


def block_open(snippet: Snippet, siteurl: str) -> str:
    """Opens the wrapper of a fenced block; the highlighted <div class="highlight"> and BLOCK_CLOSE follow."""
    return (
        f'<div class="snippet" id="{escape(snippet.anchor)}" data-snippet="{escape(snippet.name)}">'
        f'<div class="snippet-header"><span class="snippet-label">{escape(snippet.label)}</span>'
        f'<button class="snippet-copy" type="button" data-copy="{escape(snippet.copy_text())}" '
        f'aria-label="명령어 복사">복사</button>'
        f'<a class="snippet-download" href="{escape(download_href(siteurl, snippet))}" '
        f'download="{escape(posixpath.basename(snippet.file))}">내려받기</a></div>'
    )


def list_footer(snippet: Snippet, siteurl: str) -> str:
    """The paragraph after a command list: download its script, copy its commands."""
    return (
        f'<p class="snippet-list-download"><a href="{escape(download_href(siteurl, snippet))}" download>'
        f"이 명령어들을 스크립트로 내려받기 ({escape(snippet.file)})</a> "
        f'<button class="snippet-copy" type="button" data-copy="{escape(snippet.copy_text())}">명령어 복사</button></p>'
        + PROOF_SLOT.format(index=snippet.index)
    )


def post_script_footer(slug: str, siteurl: str) -> str:
    """The paragraph at the end of a post with commands: the whole post as one script."""
    name = script_name(slug)
    href = f"{siteurl.rstrip('/')}/{OUTPUT_FOLDER}/{slug}/{name}"
    return (
        f'<p class="snippet-post-script"><a href="{escape(href)}" download>이 글의 명령어 전체를 스크립트 하나로 내려받기 '
        f"({escape(name)})</a> <small>빈 폴더에서 <code>bash {escape(name)}</code>로 실행한다. 원래 있던 파일과 "
        "같은 이름의 컨테이너는 건드리지 않고 멈추며, (선택) 명령어는 <code>--with-optional</code>을 붙일 때만 "
        "실행한다.</small></p>"
    )
