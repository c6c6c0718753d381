"""sitebuild.page_inputs: a page's digest changes with every template it loads and every context value they read."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment

from plugins.sitebuild.page_inputs import page_inputs, templates_of

TEMPLATES = {
    "page.html": '{% extends "base.html" %}{% block body %}{{ title }} {% include "part.html" %}{% endblock %}',
    "base.html": "<title>{{ SITENAME }}</title>{% block body %}{% endblock %}",
    "part.html": "{% for item in MENU %}{{ item }}{% endfor %}",
}
CONTEXT = {"SITENAME": "site", "MENU": ("a", "b"), "title": "t", "articles": ["not read"]}


def _digest(templates=None, context=None, given=frozenset()):
    env = Environment(loader=DictLoader({**TEMPLATES, **(templates or {})}))
    return page_inputs(env, "page.html", {**CONTEXT, **(context or {})}, given)


@pytest.mark.parametrize(("templates", "context", "same"), [
    ({}, {}, True),
    ({}, {"articles": ["changed, but no template reads it"]}, True),
    ({}, {"SITENAME": "other"}, False),  # read by the template the page extends
    ({}, {"MENU": ("a",)}, False),  # read by a template it includes
    ({}, {"title": "other"}, False),
    ({"part.html": "{% for item in MENU %}<b>{{ item }}</b>{% endfor %}"}, {}, False),
    ({"base.html": "<title>{{ SITENAME }}!</title>{% block body %}{% endblock %}"}, {}, False),
])
def test_the_digest_follows_the_templates_and_the_values_they_read(templates, context, same):
    assert (_digest(templates, context) == _digest()) is same


def test_names_the_caller_gives_are_left_to_its_own_key():
    assert _digest(context={"title": "other"}, given=frozenset({"title"})) == _digest(given=frozenset({"title"}))


@pytest.mark.parametrize(("source", "known"), [
    ('{% include "part.html" %}', True),
    ("{% include name %}", False),  # named by an expression: unknown before rendering
    ('{% import "part.html" as part %}', True),
])
def test_templates_named_by_an_expression_make_the_page_unknowable(source, known):
    env = Environment(loader=DictLoader({**TEMPLATES, "page.html": source}))
    assert (templates_of(env, "page.html") is not None) is known
    assert (page_inputs(env, "page.html", CONTEXT) is not None) is known


def test_a_value_that_cannot_be_pickled_makes_the_page_unknowable():
    assert _digest(context={"title": lambda: "t"}) is None
