#!/usr/bin/env bash
# Set up everything the project needs, idempotently.
#   bash setup.sh         the Debian packages building the site needs (deb-packages-build.txt: Python's
#                         venv, Pango, HarfBuzz and Hangul fonts for the cheat sheet PDF), then .venv
#                         with requirements.txt
#   bash setup.sh --test  also the Debian packages of the tests (deb-packages.txt), the test Python
#                         packages and the npm packages
# Debian packages are installed as root; without root, missing ones are named and nothing else runs.
set -euo pipefail
cd "$(dirname "$0")"

want_test=0
[ "${1:-}" = "--test" ] && want_test=1
lists=(deb-packages-build.txt)
[ "$want_test" = 1 ] && lists+=(deb-packages.txt)

missing_debs() {  # the packages listed in the given files that are not installed
    local p
    grep -hv -e '^\s*#' -e '^\s*$' "$@" | while read -r p; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
    done
}

if ! command -v dpkg-query >/dev/null; then
    echo "setup: dpkg-query not found: this set-up is for Debian 12; install the equivalents of the" \
         "packages in ${lists[*]} yourself" >&2
    exit 1
fi
mapfile -t missing < <(missing_debs "${lists[@]}")
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "setup: missing Debian packages: ${missing[*]}" >&2
        echo "setup: install them as root, then run this again:" \
             "sudo apt-get install --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    echo "setup: installing Debian packages: ${missing[*]}"
    log=$(mktemp)
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            "${missing[@]}"; } >"$log" 2>&1; then
        tail -n 25 "$log" >&2
        echo "setup: apt-get failed (its last lines above; the whole log is $log)" >&2
        exit 1
    fi
    rm -f "$log"
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt)

if [ "$want_test" = 1 ]; then
    "${pip[@]}" -r requirements-dev.txt
    if [ -f package.json ] && command -v npm >/dev/null; then
        if [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund; else npm install --silent --no-audit --no-fund; fi
    fi
else
    "${pip[@]}" -r requirements.txt
fi
# The project itself (plugins/, workflow/, tests/, benchmarks/, media/ as packages), editable.
"${pip[@]}" --no-deps -e .
echo "setup: done"
