"""What the live tier refuses in a block's docker commands: warnings, the legacy builder, pipe-only progress."""

from __future__ import annotations

import pytest

from plugins.snippets.extract import extract_snippets
from tests.snippet_tiers.engine_output import (
    legacy_builder_findings,
    progress_findings,
    warning_findings,
    warnings_in,
)
from tests.snippet_tiers.findings import CommandRun

HEAD = "---\ntitle: t\ndate: 2025-03-01\n---\n\n"  # the block starts on line 6


def snippet(body: str):
    return extract_snippets(HEAD + body, "content/posts/x.md", "x")[0]


@pytest.mark.parametrize(("output", "warnings"), [
    ("WARN[0000] /w/compose.yaml: the attribute `version` is obsolete, it will be ignored",
     ["WARN[0000] /w/compose.yaml: the attribute `version` is obsolete, it will be ignored"]),
    ("DEPRECATED: The legacy builder is deprecated and will be removed in a future release.",
     ["DEPRECATED: The legacy builder is deprecated and will be removed in a future release."]),
    (("#9 DONE 0.1s\n 1 warning found (use docker --debug to expand):\n"
     " - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior (line 3)"),
     ["1 warning found (use docker --debug to expand):",
      "- JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior (line 3)"]),
    ("WARNING: Your kernel does not support swap limit capabilities or the cgroup is not mounted.",
     ["WARNING: Your kernel does not support swap limit capabilities or the cgroup is not mounted."]),
    ('time="2026-12-03T08:00:00Z" level=warning msg="secret passed on the command line"',
     ['time="2026-12-03T08:00:00Z" level=warning msg="secret passed on the command line"']),
    # not warnings: build steps, a pull, a container's own log line, a word inside a sentence
    ("#7 [3/4] RUN echo ok\n#7 DONE 0.3s", []),
    ("Unable to find image 'nginx:1.30' locally\n1.30: Pulling from library/nginx", []),
    ("2026-12-03  8:00:00 0 [Warning] Aborted connection 3 to db: 'shop'", []),
    ("this prints no warning at all", []),
])
def test_warnings_are_found_in_output(output, warnings):
    assert warnings_in(output) == warnings


def test_a_warning_fails_the_command_unless_the_annotation_quotes_it():
    run = CommandRun(0, 7, "docker compose config --services", 0, "web\n",
                     "WARN[0000] /w/compose.yaml: the attribute `version` is obsolete, it will be ignored\n")
    plain = snippet("```bash\ndocker compose config --services\n```\n")
    [finding] = warning_findings(plain, [run])
    assert (finding.line, finding.check) == (7, "warning") and "version` is obsolete" in finding.message
    annotated = snippet('<!-- snippet: warns="the attribute `version` is obsolete" -->\n'
                        "```bash\ndocker compose config --services\n```\n")
    assert warning_findings(annotated, [run]) == []
    other = snippet('<!-- snippet: warns="something else" -->\n```bash\ndocker compose config --services\n```\n')
    assert len(warning_findings(other, [run])) == 1


@pytest.mark.parametrize(("body", "lines"), [
    ("```bash\nDOCKER_BUILDKIT=0 docker build -t x .\n```\n", [7]),
    ("```bash\necho start\nexport DOCKER_BUILDKIT=false\ndocker build -t x .\n```\n", [8]),
    (('```yaml\nservices:\n  app:\n    build: .\n    environment:\n      DOCKER_BUILDKIT: "0"\n```\n'
     '{: file="compose.yaml" }\n'), [11]),
    ("```bash\nDOCKER_BUILDKIT=1 docker build -t x .\n```\n", []),
    ("```bash\ndocker build -t x .\n```\n", []),
])
def test_a_legacy_builder_selection_is_named_by_its_line(body, lines):
    findings = legacy_builder_findings(snippet(body))
    assert [f.line for f in findings] == lines
    assert all(f.check == "legacy-builder" for f in findings)


@pytest.mark.parametrize(("body", "flagged"), [
    ("```console\n$ docker build -t x .\n#0 building with ...\n```\n", ["docker build"]),
    ("```console\n$ docker buildx build -t x .\n#0 building with ...\n```\n", ["docker buildx build"]),
    ("```console\n$ docker compose up -d\n Container a  Started\n```\n", ["docker compose up"]),
    ("```console\n$ docker compose -f c.yaml down\n Container a  Removed\n```\n", ["docker compose down"]),
    ("```console\n$ docker build --progress=plain -t x .\n#0 building with ...\n```\n", []),
    ("```console\n$ docker compose --progress plain up -d\n Container a  Started\n```\n", []),
    ("```console\n$ docker compose ps\nNAME   IMAGE\n```\n", []),  # draws no progress
    ("```console\n$ docker build -q -f D -t x .\nsha256:...\n```\n", []),  # prints the image ID alone
    ("```console\n$ docker buildx build --quiet -t x .\nsha256:...\n```\n", []),
    ("```console\n$ docker build -t x .\n$ docker compose up -d\n```\n", []),  # shows no output
])
def test_shown_progress_must_be_plain(body, flagged):
    findings = progress_findings(snippet(body))
    assert [f.message.split("`")[1] for f in findings] == flagged
    assert all(f.line == 7 and "--progress=plain" in f.hint for f in findings)
