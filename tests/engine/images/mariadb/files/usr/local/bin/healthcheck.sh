#!/bin/bash
# A small rewrite of the official mariadb image's healthcheck.sh: --connect and --innodb_initialized
# (others of its tests are accepted and checked as --connect). Exit 0 means healthy.
set -o pipefail
defaults=/var/lib/mysql/.my-healthcheck.cnf
[ -r "$defaults" ] || { echo "healthcheck.sh: $defaults missing (not initialised yet)" >&2; exit 1; }
run() { mariadb --defaults-extra-file="$defaults" --skip-column-names --batch -e "$1"; }
[ $# -gt 0 ] || set -- --connect
for test in "$@"; do
	case "$test" in
		--innodb_initialized)
			[ "$(run "SELECT 1 FROM information_schema.ENGINES WHERE engine='innodb' AND support in ('YES', 'DEFAULT', 'ENABLED')")" = 1 ] || exit 1 ;;
		--su=* | --su-mysql | --defaults-file=* | --no-defaults) ;;
		*) run 'SELECT 1' >/dev/null || exit 1 ;;
	esac
done
