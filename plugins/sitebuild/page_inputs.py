"""What a page rendered from a Jinja template is made of: every template it loads and the values they name.

A page written by a plugin (the cheat sheet's) can be carried over from the last build
(sitebuild.carry_over) when this digest and the plugin's own data are the same as then, without
rendering it. The digest covers the source of the template and of every template it extends,
includes or imports, the value of every variable those templates read from the context (or the
environment's globals), and the versions of Jinja and MarkupSafe. Filters and Python code are not
read here: Pelican's and the plugins' code and pelicanconf.py key the cache folder the record lives
in (sitebuild.runner.cache_key).
"""

from __future__ import annotations

import pickle
from importlib.metadata import version

from jinja2 import Environment, meta

from plugins.sitebuild.carry_over import digest_of

MISSING = ("page_inputs", "missing")  # the value of a name neither the context nor the globals hold


def templates_of(env: Environment, name: str) -> dict[str, str] | None:
    """The source of `name` and of every template it loads, by name; None when one is named by an expression
    (then what the page is made of cannot be known before it is rendered)."""
    found: dict[str, str] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        source, _filename, _uptodate = env.loader.get_source(env, current)
        found[current] = source
        for loaded in meta.find_referenced_templates(env.parse(source)):
            if loaded is None:
                return None
            todo.append(env.join_path(loaded, current))
    return found


def page_inputs(env: Environment, name: str, context: dict, given: frozenset[str] = frozenset()) -> bytes | None:
    """A digest of what template `name` renders from `context`; None when it cannot be known or pickled.

    `given` are the names the caller passes to the page itself: it keys their values on its own data.
    """
    templates = templates_of(env, name)
    if templates is None:
        return None
    names: set[str] = set()
    for source in templates.values():
        names |= meta.find_undeclared_variables(env.parse(source))
    values = [(n, context[n] if n in context else env.globals.get(n, MISSING)) for n in sorted(names - given)]
    try:
        data = pickle.dumps((version("jinja2"), version("markupsafe"), sorted(templates.items()), values),
                            protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return None
    return digest_of(data)
