#!/usr/bin/env bash
# Set up everything the project needs, idempotently.
#   bash setup.sh         .venv with what building the site needs, and (as root) the Debian
#                         libraries the build uses (deb-packages-build.txt: Pango and Hangul fonts
#                         for the cheat sheet PDF)
#   bash setup.sh --test  also the Debian packages of the tests (deb-packages.txt, as root),
#                         the test Python packages and the npm packages
set -euo pipefail
cd "$(dirname "$0")"

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

install_debs() {  # install the packages listed in the given files that are missing
    if [ "$(id -u)" != 0 ]; then
        echo "setup: not root, skipping Debian packages from $* (install them yourself if missing)" >&2
        return 0
    fi
    local missing=() p
    while read -r p; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done < <(cat "$@" | grep -v '^\s*#' | grep -v '^\s*$')
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "setup: installing Debian packages: ${missing[*]}"
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt)

if [ "$want_test" = 1 ]; then
    install_debs deb-packages-build.txt deb-packages.txt
    "${pip[@]}" -r requirements-dev.txt
    if [ -f package.json ] && command -v npm >/dev/null; then
        if [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund; else npm install --silent --no-audit --no-fund; fi
    fi
else
    install_debs deb-packages-build.txt
    "${pip[@]}" -r requirements.txt
fi
echo "setup: done"
