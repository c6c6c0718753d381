"""The generated Pygments stylesheet is current, and every token colour is readable on its code background."""

from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def generator():
    from workflow import pygments_css

    return pygments_css


def test_stylesheet_is_up_to_date(generator):
    assert generator.TARGET.read_text(encoding="utf-8") == generator.stylesheet(), (
        "run .venv/bin/python -m workflow.pygments_css")


@pytest.mark.parametrize("block", ["light", "dark"])
def test_every_token_colour_passes_wcag_aa(generator, block):
    css = generator.stylesheet()
    blocks = re.findall(r"\{(--hl-bg:[^}]*)\}", css)
    variables = dict(re.findall(r"--hl-([\w]+):(#[0-9a-fA-F]{6})", blocks[0 if block == "light" else 1]))
    background = variables.pop("bg")
    low = {name: round(generator.contrast(color, background), 2) for name, color in variables.items()
           if generator.contrast(color, background) < 4.5}
    assert not low
