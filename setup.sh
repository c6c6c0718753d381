#!/usr/bin/env bash
# Set up everything the project needs, idempotently.
#   bash setup.sh         .venv with what building the site needs
#   bash setup.sh --test  also Debian packages (as root), test Python packages and npm packages
set -euo pipefail
cd "$(dirname "$0")"

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)

if [ "$want_test" = 1 ]; then
    if [ "$(id -u)" = 0 ]; then
        mapfile -t debs < <(grep -v '^\s*#' deb-packages.txt | grep -v '^\s*$')
        missing=()
        for p in "${debs[@]}"; do
            dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
        done
        if [ "${#missing[@]}" -gt 0 ]; then
            echo "setup: installing Debian packages: ${missing[*]}"
            apt-get update -q >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
        fi
    else
        echo "setup: not root, skipping Debian packages (live and browser tests will skip)" >&2
    fi
    "${pip[@]}" -r requirements-dev.txt
    if [ -f package.json ] && command -v npm >/dev/null; then
        if [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund; else npm install --silent --no-audit --no-fund; fi
    fi
else
    "${pip[@]}" -r requirements.txt
fi
echo "setup: done"
