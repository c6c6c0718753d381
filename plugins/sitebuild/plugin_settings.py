"""Read one plugin's settings dict from pelicanconf.py into its frozen dataclass, refusing what is wrong."""

from __future__ import annotations

from dataclasses import fields


def read_plugin_settings(cls, value: dict | None, plugin: str, setting: str, error: type[Exception]):
    """`cls(**value)` once every key is known and of its default's type; else `error` naming the key.

    `plugin` and `setting` only word the message: `pelicanconf.py: series: unknown SERIES key(s) ...`.
    """
    value = dict(value or {})
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(value) - known)
    if unknown:
        raise error(f"pelicanconf.py: {plugin}: unknown {setting} key(s) {', '.join(map(repr, unknown))}; "
                    f"known keys are {', '.join(sorted(known))}")
    defaults = cls()
    for name, given in value.items():
        if type(given) is not type(getattr(defaults, name)):
            raise error(f"pelicanconf.py: {plugin}: {setting}[{name!r}] must be "
                        f"{type(getattr(defaults, name)).__name__} (got {given!r})")
    return cls(**value)
