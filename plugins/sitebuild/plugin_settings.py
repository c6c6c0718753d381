"""Read one plugin's settings dict from pelicanconf.py into its frozen dataclass, refusing what is wrong."""

from __future__ import annotations

from dataclasses import fields


def _widened(given, default):
    """The two spellings pelicanconf.py may use for a value: 2 for 2.0, a list for a tuple."""
    if isinstance(default, float) and type(given) is int:
        return float(given)
    if isinstance(default, tuple) and isinstance(given, list):
        return tuple(given)
    return given


def read_plugin_settings(cls, value: dict | None, plugin: str, setting: str, error: type[Exception]):
    """`cls(**value)` once every key is known and of its default's type; else `error` naming the key.

    An int is taken for a float and a list for a tuple; a bool is never taken for an int.
    `plugin` and `setting` only word the message: `pelicanconf.py: series: unknown SERIES key(s) ...`.
    """
    value = dict(value or {})
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(value) - known)
    if unknown:
        raise error(f"pelicanconf.py: {plugin}: unknown {setting} key(s) {', '.join(map(repr, unknown))}; "
                    f"known keys are {', '.join(sorted(known))}")
    defaults = cls()
    checked = {}
    for name, given in value.items():
        default = getattr(defaults, name)
        given = _widened(given, default)
        if type(given) is not type(default):
            raise error(f"pelicanconf.py: {plugin}: {setting}[{name!r}] must be "
                        f"{type(default).__name__} (got {given!r})")
        checked[name] = given
    return cls(**checked)
