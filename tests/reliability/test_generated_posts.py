"""Builds of generated posts (benchmarks/generate.py): a broken post among many is reported once, with its line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from plugins.sitebuild.runner import build
from tests.conftest import ROOT

pytestmark = pytest.mark.build

POSTS = 20


def _generator():
    from benchmarks import generate

    return generate


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    _generator().generate(root, POSTS, seed=3, images_per_post=1)
    return root / "content"


def _build(content: Path, where: Path):
    return build(ROOT / "pelicanconf.py", output=where / "output",
                 overrides={"PATH": str(content), "CACHE_PATH": str(where / "cache"),
                            "CHEATSHEET": {"pdf": False}})  # the PDF takes longer than the rest


def test_a_broken_post_among_many_is_reported_once(generated, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(generated, content)
    broken = sorted((content / "posts").glob("*.md"))[POSTS // 2]
    text = broken.read_text(encoding="utf-8")
    broken.write_text(re.sub(r"(?m)^date: .*$", "date: 2025-13-45 12:00:00 +0900", text, count=1), encoding="utf-8")
    result = _build(content, tmp_path)
    assert not result.ok
    assert len(result.problems) == 1, result.problems
    assert re.match(rf"content/posts/{re.escape(broken.name)}:\d+: chirpy_reader: ", result.problems[0])


def test_the_benchmarks_snippet_tiers_leave_the_projects_proof_record_alone(generated, tmp_path):
    from benchmarks.run import measure_tiers

    record = ROOT / "content" / "proof" / "results.json"
    before = record.read_bytes()
    tiers = measure_tiers(generated, 1, tmp_path / "children.log")
    assert tiers["static"]["exit_code"] == 0 and tiers["static"]["snippets"] > 0
    assert record.read_bytes() == before
