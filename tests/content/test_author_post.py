"""Post 1 is the author's text: it differs from the author's original only by the agreed fix and editor's notes."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown import Markdown

from plugins.chirpy_reader.context import PostContext
from plugins.chirpy_reader.reader import base_extensions
from tests.content.editorial import MARKER, Fix, review

ROOT = Path(__file__).resolve().parents[2]
POST = ROOT / "content/posts/2025-11-28-docker-1.md"
# A byte-for-byte copy of the author's post as they handed it over (shared/posts/ of the project).
ORIGINAL = Path(__file__).parent / "test_data/2025-11-28-docker-1.author.md"
ORIGINAL_SHA256 = "d497d33d13affc0c26f65e42209005e7942e7bfed7bd35e01ae5518a8e33b97b"
# The one edit to the author's words: a `<` left from a Markdown autolink made the command fail.
FIXES = (Fix(
    115,
    "- `sudo dnf config-manager --add-repo <https://download.docker.com/linux/centos/docker-ce.repo`",
    "- `sudo dnf config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo`",
),)

AUTHOR = "첫 문단이다.<br/>\n둘째 줄이다.\n\n### 제목\n\n- `docker version`\n  - 버전을 본다.\n"
NOTE = "> **편집자 주** 고친 내용이다.\n{: .prompt-info }"
CODE = "```bash\nsudo systemctl enable --now docker\n```"


def _original_text() -> str:
    data = ORIGINAL.read_bytes()
    assert hashlib.sha256(data).hexdigest() == ORIGINAL_SHA256, f"{ORIGINAL} is not the author's original any more"
    return data.decode("utf-8")


def test_post_1_differs_from_the_author_only_by_the_fix_and_notes():
    result = review(_original_text(), POST.read_text(encoding="utf-8"), FIXES)
    path = str(POST.relative_to(ROOT))
    assert not result.problems, "\n".join(p.format(path) for p in result.problems)
    assert len(result.notes) >= 10, "the notes the issue asks for are missing"
    lines = POST.read_text(encoding="utf-8").split("\n")
    assert any("`<`" in lines[n.first - 1] for n in result.notes), "the line-115 fix has no editor's note"


def _insert(after: int, text: str, base: str = AUTHOR) -> str:
    lines = base.split("\n")
    return "\n".join(lines[:after] + text.split("\n") + lines[after:])


ACCEPTED = [
    pytest.param(AUTHOR, 0, id="unchanged"),
    pytest.param(_insert(3, NOTE + "\n"), 1, id="note between paragraph and heading"),
    pytest.param(_insert(1, "\n" + NOTE + "\n"), 1, id="note splitting a paragraph with blank lines"),
    pytest.param(_insert(8, "\n" + NOTE + "\n\n" + CODE), 1, id="note with a code block at the end"),
    pytest.param(_insert(8, "\n" + NOTE + "\n\n<!-- snippet: name=enable -->\n" + CODE + "\n\n" + NOTE), 2,
                 id="two notes, one with an annotated code block"),
    pytest.param(_insert(3, NOTE.replace("info", "warning") + "\n"), 1, id="warning prompt"),
]


@pytest.mark.parametrize(("edited", "notes"), ACCEPTED)
def test_editorial_additions_are_accepted(edited, notes):
    result = review(AUTHOR, edited)
    assert result.problems == ()
    assert len(result.notes) == notes


REJECTED = [
    pytest.param(AUTHOR.replace("둘째 줄", "두 번째 줄"), "line 2 was changed", id="author word changed"),
    pytest.param(AUTHOR.replace("### 제목\n\n", ""), "was removed", id="author line removed"),
    pytest.param(_insert(1, "\n"), "blank line added", id="blank line splitting a paragraph"),
    pytest.param(_insert(3, "> 편집자 주 표시 없는 인용\n{: .prompt-info }\n"), "outside an editor's note",
                 id="prompt without the marker"),
    pytest.param(_insert(3, "> **편집자 주** 닫히지 않은 주\n"), "not closed by a prompt attribute list",
                 id="note without its attribute list"),
    pytest.param(_insert(3, "> **편집자 주** 틀린 종류\n{: .prompt-tip }\n"), "not closed by a prompt attribute list",
                 id="note with another prompt type"),
    pytest.param(_insert(3, "덧붙인 문장이다.\n"), "outside an editor's note", id="plain sentence added"),
    pytest.param(_insert(3, CODE + "\n"), "outside an editor's note", id="code block without a note"),
    pytest.param(_insert(8, "\n" + NOTE + "\n\n```bash\nsudo reboot\n"), "not closed inside the note",
                 id="unclosed code block"),
    pytest.param(_insert(2, NOTE), "glued to the author's line above", id="note glued to the paragraph above"),
    pytest.param(_insert(3, NOTE + "\n덧붙인 문장이다.\n"), "text right after an editor's note",
                 id="sentence glued to a note"),
    pytest.param(_insert(8, "\n" + NOTE + "\n\n" + CODE + "\n덧붙인 문장이다."), "text right after an editor's code block",
                 id="sentence glued to a note's code block"),
    pytest.param(_insert(3, NOTE), "glued to the author's line below", id="note glued to the heading below"),
    pytest.param(_insert(3, NOTE + "\n") + "\n" + NOTE.replace("고친", "끝에 덧붙인"), "",
                 id="control: a note at the very end is accepted"),
]


@pytest.mark.parametrize(("edited", "message"), REJECTED)
def test_other_changes_are_refused_with_their_line(edited, message):
    problems = review(AUTHOR, edited).problems
    if not message:
        assert problems == ()
        return
    assert problems, "the change was accepted"
    assert message in problems[0].what, problems[0].format("post.md")
    assert problems[0].line >= 1


def test_a_fix_that_no_longer_applies_is_reported():
    problems = review(AUTHOR, AUTHOR, (Fix(2, "다른 줄", "고친 줄"),)).problems
    assert [p.line for p in problems] == [2] and "not what the fix expects" in problems[0].what


def test_the_fix_itself_is_allowed_only_as_written():
    original = _original_text()
    fixed = original.replace("--add-repo <https://", "--add-repo https://", 1)
    assert review(original, fixed, FIXES).problems == ()
    assert review(original, fixed).problems, "without the agreed fix the same edit must be refused"


class _Prompts(HTMLParser):
    """Top-level blockquotes: their class and text."""

    def __init__(self):
        super().__init__()
        self.quotes: list[tuple[str, str]] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "blockquote":
            if self._depth == 0:
                self.quotes.append((dict(attrs).get("class") or "", ""))
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "blockquote":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            cls, text = self.quotes[-1]
            self.quotes[-1] = (cls, text + data)


def test_each_note_renders_as_its_own_prompt():
    text = POST.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    extensions, configs = base_extensions()
    md = Markdown(extensions=extensions, extension_configs=configs)
    md.post = PostContext(POST.name, str(POST.relative_to(ROOT)), "posts/" + POST.name, "docker-1", "posts/docker-1/",
                          {}, settings={})
    parser = _Prompts()
    parser.feed(md.convert(body))
    notes = [(cls, t.strip()) for cls, t in parser.quotes if MARKER.strip("> ").strip("* ") in t]
    assert len(notes) == len(review(_original_text(), text, FIXES).notes)
    for cls, note in notes:
        assert cls in ("prompt-info", "prompt-warning"), f"note rendered without its prompt box: {note[:40]}"
        assert note.startswith("편집자 주") and note.count("편집자 주") == 1, f"notes merged into one box: {note[:80]}"
