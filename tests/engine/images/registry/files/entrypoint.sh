#!/bin/sh
# Entrypoint of the registry stand-in, after the official image's: a config file runs
# `registry serve FILE`, a registry subcommand or option runs `registry ...`, anything else as given.
set -e
case "$1" in
    *.yaml|*.yml) set -- registry serve "$@" ;;
    serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac
exec "$@"
