"""General forms (`<!-- cheat: ... -->` and content/cheatsheet/forms.yaml), heredocs, glue, duplicates, ids, JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plugins.cheatsheet.collect import build_sheet
from plugins.cheatsheet.forms import file_forms, file_staples, post_forms
from plugins.cheatsheet.model import CheatsheetSettings
from plugins.cheatsheet.outputs import STATIC
from plugins.cheatsheet.render_json import json_text
from plugins.chirpy_reader.outline import scan_outline
from plugins.sitebuild.errors import PostError
from tests.cheatsheet.sheets import ROOT, series_sheet, text_post, text_sheet

SOURCE = "content/posts/x.md"


@pytest.mark.parametrize(("line", "key", "form", "topic"), [
    ("- `docker logs --tail 1 web` <!-- cheat: docker logs --tail <줄수> <컨테이너> -->",
     "docker logs --tail 1 web", "docker logs --tail <줄수> <컨테이너>", ""),
    ("- `docker build -t a:1 .`<br/> <!-- cheat: docker build -t <이미지>:<태그> . -->",
     "docker build -t a:1 .", "docker build -t <이미지>:<태그> .", ""),
    ("- (선택) `docker ps -a` <!--cheat(컨테이너):docker ps -a-->", "docker ps -a", "docker ps -a", "컨테이너"),
    ("- `docker run --rm -v d:/data busybox ls` <!-- cheat(볼륨): docker run --rm -v <볼륨>:<경로> <이미지> -->",
     "docker run --rm -v d:/data busybox ls", "docker run --rm -v <볼륨>:<경로> <이미지>", "볼륨"),
])
def test_form_in_a_post(line, key, form, topic):
    found = post_forms(f"제목\n\n{line}\n", SOURCE)
    assert {k: (f.text, f.topic, f.line) for k, f in found.items()} == {key: (form, topic, 3)}


def test_a_form_shown_in_a_code_block_is_text():
    text = "```markdown\n- `docker ps` <!-- cheat: docker ps -->\n<!-- cheat: 아무 줄 -->\n```\n"
    assert post_forms(text, SOURCE, scan_outline(text.split("\n")).code) == {}
    with pytest.raises(PostError):
        post_forms(text, SOURCE)  # without the outline, the second line is a form that ends no list item


@pytest.mark.parametrize(("text", "message"), [
    ("<!-- cheat: docker ps -->\n", "content/posts/x.md:1: cheatsheet: a cheat form must end a command list item's line"),
    ("- `docker ps` <!-- cheat:  -->\n", "content/posts/x.md:1: cheatsheet: the cheat form is empty"),
    ("- `docker ps` <!-- cheat(기타): docker ps -->\n", "content/posts/x.md:1: cheatsheet: unknown topic '기타'"),
])
def test_form_mistakes_name_the_line(text, message):
    with pytest.raises(PostError) as caught:
        post_forms(text, SOURCE)
    assert str(caught.value).startswith(message) and "; " in str(caught.value)


def test_the_first_posts_forms_come_from_the_file_and_its_text_stays_as_written():
    forms = file_forms(ROOT / "content" / "cheatsheet" / "forms.yaml", "forms.yaml")
    first = (ROOT / "content" / "posts" / "2025-11-28-docker-1.md").read_text(encoding="utf-8")
    assert "cheat" not in first
    entries = [e for e in series_sheet().entries if e.post == "docker-1"]
    assert all(e.form for e in entries) and {e.form for e in entries} == {f.text for f in forms["docker-1"].values()}


def test_every_docker_command_of_the_series_has_a_form_or_is_an_example():
    sheet = series_sheet()
    docker = [e for e in sheet.entries if e.program == "docker"]
    with_form = [e for e in docker if e.form]
    assert len(with_form) >= 0.8 * len(docker), [e.command for e in docker if not e.form]


HEREDOC_POST = """\
### 파일 만들기

```bash
cat > .dockerignore <<'EOF'
.env
EOF
docker build -t app:1 .
```

#### 각 구문별 해석

<!-- snippet: ignore -->

- `cat > .dockerignore <<'EOF'`
  - EOF 줄까지를 .dockerignore 로 저장한다.
- `docker build -t app:1 .` <!-- cheat: docker build -t <이미지>:<태그> . -->
  - 이미지를 만든다.
- `cat > other <<'EOF'`
  - 본문이 글 어디에도 없는 heredoc.
"""


def test_a_heredoc_is_exported_whole_or_not_at_all():
    sheet = build_sheet([text_post(HEREDOC_POST)], CheatsheetSettings())
    commands = [e.command for e in sheet.entries]
    assert "cat > .dockerignore <<'EOF'\n.env\nEOF" in commands, "the block's command, with its body"
    assert not any(c.startswith("cat >") and "\n" not in c for c in commands), "never the first line alone"
    assert not sheet.missing, "the block's heredoc is explained by the list"


def test_duplicates_merge_by_form_glue_is_marked_and_ids_are_stable():
    post = """\
### 하나

- `docker rm -f web` <!-- cheat: docker rm -f <컨테이너> -->
  - 지운다.
- `docker rm -f db` <!-- cheat: docker rm -f <컨테이너> -->
  - 이것도 지운다.
- `sleep 1`
  - 기다린다.
"""
    first = text_sheet(post).entries
    assert [(e.shown, e.glue, e.topic) for e in first] == [("docker rm -f <컨테이너>", False, "컨테이너"),
                                                         ("sleep 1", True, "보조")]
    moved = text_sheet("### 다른 제목\n\n앞에 한 줄.\n\n" + post.split("\n", 2)[2]).entries
    assert [e.id for e in first] == [e.id for e in moved], "an id does not depend on the line or section"
    assert first[0].id.startswith("docker-rm-")


def test_json_validates_against_its_published_schema():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in requirements-dev.txt")
    schema = json.loads((STATIC / "cheatsheet.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(json_text(series_sheet(), "https://example.com/cheatsheet/docker.schema.json"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    broken = json.loads(json.dumps(data))
    broken["posts"][0]["sections"][0]["entries"][0]["url"] = "/posts/docker-1/"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_schema_keys_are_the_documented_keys():
    """docs/cheatsheet.md lists every key of the schema."""
    schema = json.loads((STATIC / "cheatsheet.schema.json").read_text(encoding="utf-8"))
    docs = (ROOT / "docs" / "cheatsheet.md").read_text(encoding="utf-8")
    keys = [*schema["properties"], *schema["$defs"]["post"]["properties"], *schema["$defs"]["entry"]["properties"]]
    assert [key for key in keys if f"`{key}`" not in docs] == []


def test_staples_no_post_uses_close_the_sheet():
    sheet = series_sheet()
    more = sheet.posts[-1]
    assert (more.slug, more.title) == ("more", "더 알아두면 좋은 것")
    shown = [e.shown for e in more.entries]
    for staple in ("docker pull <이미지>:<태그>", "docker login <레지스트리>",
                   "docker exec -it <컨테이너> sh", "docker run -it --rm <이미지> sh", "docker logs -f <컨테이너>",
                   "docker system prune", "docker info"):
        assert staple in shown
    assert all(e.href.startswith("https://docs.docker.com/reference/cli/docker/") for e in more.entries)
    posts_forms = {e.shown for p in sheet.posts[:-1] for e in p.entries}
    assert not posts_forms & set(shown), "a staple a post already shows is not repeated"
    assert "docker push <레지스트리>/<이미지>:<태그>" in posts_forms  # post 7 shows it, so it left the staples


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("docker-1: [a, b]\n", "forms.yaml:1: cheatsheet: docker-1: expected a map of command to general form"),
    ("- a\n", "forms.yaml:1: cheatsheet: expected a map of post slugs"),
    ("docker-1:\n  'x': '(기타) y'\n", "forms.yaml:2: cheatsheet: unknown topic '기타'"),
    ("docker-1: {\n", "forms.yaml:2: cheatsheet: not valid YAML"),
    ("_more: {a: b}\n", "forms.yaml:1: cheatsheet: _more: expected a list"),
    ("_more:\n  - form: docker info\n    topic: 설치\n", "forms.yaml:2: cheatsheet: _more: each staple needs"),
    ("_more:\n  - {form: docker info, topic: 설치, explanation: 본다, url: /x}\n",
     "forms.yaml:2: cheatsheet: _more: url must be absolute"),
])
def test_forms_file_mistakes_name_the_line(tmp_path, yaml_text, message):
    """The build reads the file twice (forms, then staples); each reading stops at its own part's mistakes."""
    path = tmp_path / "forms.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(PostError) as caught:
        file_forms(path, "forms.yaml") if "_more" not in yaml_text else file_staples(path, "forms.yaml")
    assert str(caught.value).startswith(message)


def test_build_sheet_with_no_forms_file(tmp_path):
    sheet = build_sheet([text_post("- `docker ps`\n  - 본다.\n")], CheatsheetSettings(),
                        forms=file_forms(Path(tmp_path) / "none.yaml", "none.yaml"))
    assert [e.shown for e in sheet.entries] == ["docker ps"]


