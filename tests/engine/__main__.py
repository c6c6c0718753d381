"""`python -m tests.engine start|stop|status|images|env`: the project's own Docker engine, by hand."""

from __future__ import annotations

import argparse
import sys
import time

from tests.engine import builder, daemons
from tests.engine.layout import layout_for
from tests.engine.recipes import RecipeError, load_recipes


def say(message: str) -> None:
    print(f"engine: {message}", file=sys.stderr, flush=True)


def start(args) -> int:
    layout = layout_for()
    started = time.monotonic()
    before = daemons.status(layout)
    state = daemons.start(layout, say)
    say("already running" if before.running else "started")
    print(state.describe(layout))
    print(daemons.versions(layout).describe())
    built = builder.ensure_images(layout, load_recipes(), say, force=args.rebuild)
    say(f"images {'built: ' + ', '.join(built) if built else 'all current in the mirror'} "
        f"({time.monotonic() - started:.0f} s)")
    return 0


def stop(args) -> int:
    layout = layout_for()
    daemons.stop(layout)
    print(daemons.status(layout).describe(layout))
    return 0


def status(args) -> int:
    layout = layout_for()
    state = daemons.status(layout)
    print(state.describe(layout))
    if state.running:
        print(daemons.versions(layout).describe())
    reason = daemons.unavailable_reason()
    if reason:
        print(f"cannot start here: {reason}")
    return 0 if state.running else 3


def images(args) -> int:
    layout = layout_for()
    if not daemons.status(layout).running:
        say("the engine is not running; `python -m tests.engine start` first")
        return 3
    recipes = load_recipes()
    if args.build:
        builder.ensure_images(layout, recipes, say, force=args.rebuild)
    from tests.engine import mirror

    missing = {ref.short for ref in mirror.missing(layout, [ref for r in recipes for ref in r.refs])}
    for recipe in recipes:
        for ref in recipe.refs:
            print(f"{'MISSING ' if ref in missing else ''}{ref}")
    return 1 if missing else 0


def env(args) -> int:
    """Lines to `eval` so a shell's docker and `docker compose` talk to this engine."""
    layout = layout_for()
    print(f"export PATH={layout.bin}:$PATH")
    print(f"export DOCKER_HOST={layout.docker_host}")
    print(f"export DOCKER_CONFIG={layout.docker_config}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.engine", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_start = commands.add_parser("start", help="start registry + dockerd, build missing images (no-op when up)")
    run_start.add_argument("--rebuild", action="store_true", help="rebuild every image even if cached")
    run_start.set_defaults(run=start)
    commands.add_parser("stop", help="stop dockerd and the registry by their pid files, remove the forward guard").set_defaults(run=stop)
    commands.add_parser("status", help="show what runs (exit 3 when stopped)").set_defaults(run=status)
    run_images = commands.add_parser("images", help="list the stand-in images and whether the mirror holds them")
    run_images.add_argument("--build", action="store_true", help="build what is missing first")
    run_images.add_argument("--rebuild", action="store_true", help="with --build: rebuild everything")
    run_images.set_defaults(run=images)
    commands.add_parser("env", help="print DOCKER_HOST/DOCKER_CONFIG exports for a shell").set_defaults(run=env)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (daemons.EngineError, RecipeError) as error:
        say(f"error: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
