#!/bin/sh
# The stand-in's entrypoint, written for this project after the official nginx image's interface:
# when the command is nginx (or nginx-debug), run the hooks in /docker-entrypoint.d/ in name order
# (*.envsh sourced, *.sh run when executable), logging to stdout unless NGINX_ENTRYPOINT_QUIET_LOGS
# is set; then exec the command.
set -e

say() {
    [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$@"
}

if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
    if find /docker-entrypoint.d/ -mindepth 1 -maxdepth 1 -type f -print -quit 2>/dev/null | read -r _; then
        say "$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
        say "$0: Looking for shell scripts in /docker-entrypoint.d/"
        for hook in $(find /docker-entrypoint.d/ -follow -type f -print | sort -V); do
            case "$hook" in
                *.envsh)
                    if [ -x "$hook" ]; then
                        say "$0: Sourcing $hook"
                        # shellcheck disable=SC1090
                        . "$hook"
                    else
                        say "$0: Ignoring $hook, not executable"
                    fi ;;
                *.sh)
                    if [ -x "$hook" ]; then
                        say "$0: Launching $hook"
                        "$hook"
                    else
                        say "$0: Ignoring $hook, not executable"
                    fi ;;
                *) say "$0: Ignoring $hook" ;;
            esac
        done
        say "$0: Configuration complete; ready for start up"
    else
        say "$0: No files found in /docker-entrypoint.d/, skipping configuration"
    fi
fi

exec "$@"
