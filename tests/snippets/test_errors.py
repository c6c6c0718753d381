"""Broken annotations, unsafe names and unclosed blocks stop the build with one line naming file:line."""

from __future__ import annotations

import pytest

from plugins.sitebuild.errors import PostError
from plugins.snippets.extract import extract_snippets

BASH = "```bash\necho hi\n```\n"

ERRORS = [
    pytest.param("<!-- snippet: colour=red -->\n" + BASH, 1, "unknown snippet annotation key 'colour'", id="unknown key"),
    pytest.param("<!-- snippet: skip -->\n" + BASH, 1, "'skip' needs a value", id="skip without reason"),
    pytest.param('<!-- snippet: skip="  " -->\n' + BASH, 1, "skip needs a reason", id="skip with empty reason"),
    pytest.param("<!-- snippet: name=../etc -->\n" + BASH, 1, "snippet name '../etc' must be ASCII", id="name with .."),
    pytest.param("<!-- snippet: name=a/b -->\n" + BASH, 1, "snippet name 'a/b' must be ASCII", id="name with /"),
    pytest.param("<!-- snippet: name=설치 -->\n" + BASH, 1, "snippet name '설치' must be ASCII", id="non-ASCII name"),
    pytest.param("<!-- snippet: name=a..b -->\n" + BASH, 1, "without '..'", id="name containing .."),
    pytest.param("<!-- snippet: name=x -->\n" + BASH + "\n<!-- snippet: name=x -->\n" + BASH, 6,
                 "snippet name 'x' is already used at line 1", id="duplicate names"),
    pytest.param("<!-- snippet: tier=cloud -->\n" + BASH, 1, "unknown tier 'cloud'", id="unknown tier"),
    pytest.param("<!-- snippet: exit=x -->\n" + BASH, 1, "exit must be a number", id="exit not a number"),
    pytest.param("<!-- snippet: exit=300 -->\n" + BASH, 1, "exit must be a number from 0 to 255", id="exit too big"),
    pytest.param("<!-- snippet: continues=yes -->\n" + BASH, 1, "'continues' takes no value", id="flag with value"),
    pytest.param("<!-- snippet: name=a name=b -->\n" + BASH, 1, "given twice", id="key twice"),
    pytest.param("<!-- snippet: continues -->\n" + BASH, 1, "nothing to continue", id="continues on the first block"),
    pytest.param("<!-- snippets: name=x -->\n" + BASH, 1, "must start with '<!-- snippet:'", id="plural"),
    pytest.param("<!-- snippet name=x -->\n" + BASH, 1, "must start with '<!-- snippet:'", id="no colon"),
    pytest.param("<!-- snippet: name=x -->\n\n그냥 문단\n", 1, "not followed by a command block", id="not before a block"),
    pytest.param("<!-- snippet: name=x -->\n```python\nprint(1)\n```\n", 1, "not a command block", id="before python"),
    pytest.param("<!-- snippet: name=x -->\n", 1, "not followed by a command block", id="at the end"),
    pytest.param("<!-- snippet: name=x -->\n<!-- snippet: tier=live -->\n" + BASH, 2, "two snippet annotations",
                 id="two in a row"),
    pytest.param("<!-- snippet: name=x\n" + BASH, 1, "never closed", id="annotation never closed"),
    pytest.param("<!-- snippet: exit=1 -->\n```Dockerfile\nFROM x\n```\n", 1, "'exit' applies to command blocks",
                 id="exit on a Dockerfile"),
    pytest.param("```yaml\na: 1\n```\n{: file=\"../compose.yaml\" }\n", 4, "file name '../compose.yaml'",
                 id="file name escaping the folder"),
    pytest.param("```yaml\na: 1\n```\n{: file=\"/etc/passwd\" }\n", 4, "file name '/etc/passwd'", id="absolute file name"),
    pytest.param("## 제목\n\n```bash\necho hi\n", 3, "never closed", id="unclosed fence"),
    pytest.param("<!-- snippet: name=x -->\n- 그냥 항목\n- 또 항목\n", 1, "no items that start with a `command`",
                 id="annotated list without commands"),
]


@pytest.mark.parametrize(("text", "line", "message"), ERRORS)
def test_error_names_file_and_line(text, line, message):
    with pytest.raises(PostError) as caught:
        extract_snippets(text, "content/posts/x.md", "x")
    error = str(caught.value)
    assert error.startswith(f"content/posts/x.md:{line}: snippets: "), error
    assert message in error
    assert "\n" not in error and "; " in error, "one line, with what to do"


def test_plain_html_comments_are_not_annotations():
    text = "<!-- 메모: 나중에 고치기 -->\n\n<!--\n```bash\necho hidden\n```\n-->\n" + BASH
    (snippet,) = extract_snippets(text, "x.md", "x")
    assert snippet.line == 9, "the block inside the comment is not rendered, so it is not a snippet"
