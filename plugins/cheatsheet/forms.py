"""General forms: what the author writes beside a command so the cheat sheet can show its shape.

In a post, at the end of a command list item's line (an HTML comment, so neither Chirpy nor this
site shows it):

    - `docker logs --tail 1 web` <!-- cheat: docker logs --tail <줄수> <컨테이너> -->
    - `docker run --rm -v memo-data:/data busybox cat /data/memo.txt` <!-- cheat(볼륨): docker run -v <볼륨>:<경로> <이미지> <명령> -->

`<이름>` with Hangul in it is a placeholder; `cheat(볼륨)` files the entry under that topic
instead of the one read off the command. For posts whose text must stay as the author wrote it,
the same forms go into a YAML file beside the posts (setting `forms_file`), by post slug and command:

    docker-1:
      "sudo usermod -aG docker $USER": "sudo usermod -aG docker <사용자>"

The same file's `_more:` lists staples the posts do not use (pull, push, exec -it, ...), each with
its form, topic, explanation and a reference link; they close the sheet as "더 알아두면 좋은 명령어".
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from plugins.cheatsheet.model import PLUGIN, TOPICS
from plugins.chirpy_reader.markdown_lines import ITEM_RE
from plugins.sitebuild.errors import PostError, SourcePos
from plugins.snippets.blocks import CODE_ITEM_RE

logger = logging.getLogger(__name__)

FORM_RE = re.compile(r"<!--\s*cheat(?:\((?P<topic>[^)]*)\))?:\s*(?P<form>.*?)\s*-->")


MORE = "_more"  # the forms file's key for staples no post uses


@dataclass(frozen=True)
class Staple:
    """A command no post uses that a reader still needs (forms file, `_more:`)."""

    form: str
    topic: str
    explanation: str
    url: str
    source: str
    line: int


@dataclass(frozen=True)
class Form:
    text: str  # the general form, placeholders as <이름>
    topic: str  # "" to read the topic off the command
    source: str
    line: int


def form_key(command: str) -> str:
    """A command by its first line, spacing ignored (a list item shows a heredoc by its first line)."""
    return " ".join(command.split("\n", 1)[0].split())


def _checked(form: Form) -> Form:
    if not form.text:
        raise PostError(SourcePos(form.source, form.line), PLUGIN, "the cheat form is empty",
                        "write the command's general form, e.g. <!-- cheat: docker logs --tail <줄수> <컨테이너> -->")
    if form.topic and form.topic not in TOPICS:
        raise PostError(SourcePos(form.source, form.line), PLUGIN, f"unknown topic {form.topic!r}",
                        f"use one of {', '.join(TOPICS)}, e.g. <!-- cheat(볼륨): ... -->")
    return form


def post_forms(text: str, source: str, code_lines: frozenset[int] = frozenset()) -> dict[str, Form]:
    """The forms written in a post, by the first line of the command they follow.

    `code_lines`: the numbers of the lines in fenced code (the post model's), where a form is only shown."""
    found: dict[str, Form] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if "cheat" not in line or number in code_lines:
            continue
        m = FORM_RE.search(line)
        if not m:
            continue
        item = ITEM_RE.match(line)
        code = CODE_ITEM_RE.match(item.group("rest") or "") if item else None
        if code is None:
            raise PostError(SourcePos(source, number), PLUGIN, "a cheat form must end a command list item's line",
                            "put it after the command: - `docker ps` <!-- cheat: docker ps -->")
        command = code.group("code").strip()
        found[form_key(command)] = _checked(Form(m.group("form"), (m.group("topic") or "").strip(), source, number))
    return found


def _root(path: Path, shown: str):
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise PostError(SourcePos(shown, mark.line + 1 if mark else 1), PLUGIN, f"not valid YAML ({err})",
                        'write slug: {"command": "general form"}') from None
    if node is not None and not isinstance(node, yaml.MappingNode):
        raise PostError(SourcePos(shown, node.start_mark.line + 1), PLUGIN, "expected a map of post slugs",
                        'write docker-1: {"docker version": "docker version"}')
    return node


def file_staples(path: Path, shown: str) -> tuple[Staple, ...]:
    """The `_more:` list of the forms file: staples no post uses; () when there is none."""
    node = _root(path, shown)
    items = next((value for key, value in (node.value if node else ()) if key.value == MORE), None)
    if items is None:
        return ()
    hint = "write - {form: ..., topic: 이미지, explanation: ..., url: https://...}"
    if not isinstance(items, yaml.SequenceNode):
        raise PostError(SourcePos(shown, items.start_mark.line + 1), PLUGIN, f"{MORE}: expected a list", hint)
    staples = []
    for item in items.value:
        line = item.start_mark.line + 1
        data = yaml.safe_load(yaml.serialize(item)) if isinstance(item, yaml.MappingNode) else None
        if not isinstance(data, dict) or set(data) != {"form", "topic", "explanation", "url"} \
                or not all(isinstance(v, str) and v.strip() for v in data.values()):
            raise PostError(SourcePos(shown, line), PLUGIN, f"{MORE}: each staple needs form, topic, explanation and url",
                            hint)
        if not data["url"].startswith(("https://", "http://")):
            raise PostError(SourcePos(shown, line), PLUGIN, f"{MORE}: url must be absolute (got {data['url']!r})", hint)
        _checked(Form(data["form"].strip(), data["topic"].strip(), shown, line))
        staples.append(Staple(data["form"].strip(), data["topic"].strip(), data["explanation"].strip(),
                              data["url"].strip(), shown, line))
    return tuple(staples)


def file_forms(path: Path, shown: str) -> dict[str, dict[str, Form]]:
    """{slug: {command key: Form}} from the forms file; {} when there is none."""
    node = _root(path, shown)
    forms: dict[str, dict[str, Form]] = {}
    if node is None:
        return forms
    for slug_node, commands in node.value:
        if slug_node.value == MORE:
            continue
        if not isinstance(commands, yaml.MappingNode):
            raise PostError(SourcePos(shown, commands.start_mark.line + 1), PLUGIN,
                            f"{slug_node.value}: expected a map of command to general form",
                            '"sudo usermod -aG docker $USER": "sudo usermod -aG docker <사용자>"')
        for command, form in commands.value:
            line = form.start_mark.line + 1
            value = str(form.value) if isinstance(form, yaml.ScalarNode) else ""
            m = re.match(r"^\((?P<topic>[^)]*)\)\s*(?P<form>.*)$", value)
            topic, value = (m.group("topic"), m.group("form")) if m else ("", value)
            forms.setdefault(str(slug_node.value), {})[form_key(str(command.value))] = _checked(
                Form(value.strip(), topic.strip(), shown, line))
    return forms
