"""The built site: every post's blocks show the claims of content/proof/results.json, /proof/ lists every snippet."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from plugins.proof.page_line import claim_text, valid_entry
from plugins.proof.results_file import load_results
from tests.conftest import ROOT, build_site
from tests.snippet_tiers.posts import load_post

pytestmark = pytest.mark.build


class ProofLines(HTMLParser):
    """The proof line of each block on a page: anchor -> its text."""

    def __init__(self):
        super().__init__()
        self.lines: dict[str, str] = {}
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and self._in == "" and "/proof/#" in (attrs.get("href") or ""):
            self._in = attrs["href"].split("#", 1)[1]
        if tag == "p" and attrs.get("class") == "snippet-proof":
            self._in = ""

    def handle_data(self, data):
        if self._in:
            self.lines[self._in] = self.lines.get(self._in, "") + data

    def handle_endtag(self, tag):
        if tag == "p":
            self._in = None


def page_lines(output, slug) -> dict[str, str]:
    parser = ProofLines()
    parser.feed((output / "posts" / slug / "index.html").read_text(encoding="utf-8"))
    return parser.lines


def test_every_block_shows_the_claim_of_its_record(built_site):
    results = load_results(ROOT / "content" / "proof" / "results.json")
    index = json.loads((built_site / "snippets" / "index.json").read_text(encoding="utf-8"))
    claims = 0
    for post in index["posts"]:
        shown = page_lines(built_site, post["slug"])
        snippets = load_post(ROOT / post["source"], ROOT).snippets
        for n, snippet in enumerate(snippets):
            entry = valid_entry(snippet, results.get((snippet.source, snippet.name)), snippets[:n])
            expected = claim_text(entry) if entry is not None else ""
            assert shown.get(snippet.anchor, "") == expected, snippet.anchor
            claims += bool(expected)
    assert claims  # the record speaks for some blocks of the posts as they are


def test_proof_page_lists_every_snippet(built_site):
    page = (built_site / "proof" / "index.html").read_text(encoding="utf-8")
    index = json.loads((built_site / "snippets" / "index.json").read_text(encoding="utf-8"))
    for post in index["posts"]:
        for snippet in post["snippets"]:
            assert f'id="snippet-{post["slug"]}-{snippet["name"]}"' in page
            assert f'href="/posts/{post["slug"]}/#snippet-{post["slug"]}-{snippet["name"]}"' in page
    assert "확인하지 않은 것" in page and "Rocky Linux" in page
    assert str(ROOT) not in page and "<p class=\"proof-detail\">content/posts/2025-11-28-docker-1.md</p>" in page


def test_without_a_record_the_site_claims_nothing(tmp_path):
    output = tmp_path / "output"
    build_site(output, PROOF={"results": "proof/never-written.json"})
    for slug in ("docker-1", "docker-2"):
        html = (output / "posts" / slug / "index.html").read_text(encoding="utf-8")
        assert "snippet-proof" not in html
    assert "기록 없음" in (output / "proof" / "index.html").read_text(encoding="utf-8")
