#!/bin/bash
# A small rewrite of the official mariadb image's entrypoint: the same variables, the same order.
set -eo pipefail

note() { printf '%s [Note] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*"; }
error() { printf '%s [ERROR] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*" >&2; exit 1; }

# X_FILE names a file holding X's value (Docker/Compose secrets); giving both is an error.
file_env() {
	local var="$1" file="${1}_FILE"
	if [ -n "${!var:-}" ] && [ -n "${!file:-}" ]; then
		error "Both $var and $file are set (but are exclusive)"
	fi
	if [ -n "${!file:-}" ]; then
		export "$var=$(<"${!file}")"
	fi
	unset "$file"
}

# MARIADB_X wins over MYSQL_X, as in the official image.
env_alias() {
	local name="$1" mysql="MYSQL_${1#MARIADB_}"
	if [ -z "${!name:-}" ] && [ -n "${!mysql:-}" ]; then export "$name=${!mysql}"; fi
}
for var in ROOT_PASSWORD ALLOW_EMPTY_ROOT_PASSWORD RANDOM_ROOT_PASSWORD ROOT_HOST DATABASE USER PASSWORD; do
	file_env "MARIADB_$var"
	file_env "MYSQL_$var"
	env_alias "MARIADB_$var"
done
: "${MARIADB_ROOT_HOST:=%}"

DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock

if [ "${1:0:1}" = '-' ]; then
	set -- mariadbd "$@"
fi

random_password() { head -c 64 /dev/urandom | sha256sum | cut -c1-32; }

sql_escape() { sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/\\\\'/g" <<<"$1"; }

client() { mariadb --protocol=socket --socket="$SOCKET" -uroot "$@"; }

initialise() {
	if [ -z "${MARIADB_ROOT_PASSWORD:-}" ] && [ -z "${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-}" ] \
		&& [ -z "${MARIADB_RANDOM_ROOT_PASSWORD:-}" ]; then
		error "Database is uninitialized and password option is not specified
	You need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD"
	fi
	note "Initializing database files"
	mariadb-install-db --user=mysql --datadir="$DATADIR" --skip-test-db --auth-root-authentication-method=normal \
		--skip-name-resolve >/dev/null
	note "Database files initialized"
	note "Starting temporary server"
	mariadbd --user=mysql --datadir="$DATADIR" --skip-networking --socket="$SOCKET" &
	local pid=$!
	for _ in $(seq 60); do
		client -e 'SELECT 1' >/dev/null 2>&1 && break
		sleep 0.5
	done
	client -e 'SELECT 1' >/dev/null || error "Unable to start the temporary server"
	note "Temporary server started."

	if [ -n "${MARIADB_RANDOM_ROOT_PASSWORD:-}" ]; then
		MARIADB_ROOT_PASSWORD="$(random_password)"
		note "GENERATED ROOT PASSWORD: $MARIADB_ROOT_PASSWORD"
	fi
	local root_pw health_pw
	root_pw="$(sql_escape "${MARIADB_ROOT_PASSWORD:-}")"
	health_pw="$(random_password)"
	{
		echo "SET @@SESSION.SQL_LOG_BIN=0;"
		echo "DROP USER IF EXISTS ''@'localhost', ''@'$(hostname)', 'root'@'127.0.0.1', 'root'@'::1';"
		echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$root_pw';"
		if [ "$MARIADB_ROOT_HOST" != localhost ]; then
			echo "CREATE USER 'root'@'$MARIADB_ROOT_HOST' IDENTIFIED BY '$root_pw';"
			echo "GRANT ALL ON *.* TO 'root'@'$MARIADB_ROOT_HOST' WITH GRANT OPTION;"
		fi
		echo "CREATE USER 'healthcheck'@'127.0.0.1' IDENTIFIED BY '$health_pw';"
		echo "CREATE USER 'healthcheck'@'::1' IDENTIFIED BY '$health_pw';"
		echo "CREATE USER 'healthcheck'@'localhost' IDENTIFIED BY '$health_pw';"
		echo "GRANT USAGE ON *.* TO 'healthcheck'@'127.0.0.1', 'healthcheck'@'::1', 'healthcheck'@'localhost';"
		if [ -n "${MARIADB_DATABASE:-}" ]; then
			note "Creating database ${MARIADB_DATABASE}" >&2
			echo "CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\`;"
		fi
		if [ -n "${MARIADB_USER:-}" ] && [ -n "${MARIADB_PASSWORD:-}" ]; then
			note "Creating user ${MARIADB_USER}" >&2
			echo "CREATE USER '$(sql_escape "$MARIADB_USER")'@'%' IDENTIFIED BY '$(sql_escape "$MARIADB_PASSWORD")';"
			if [ -n "${MARIADB_DATABASE:-}" ]; then
				note "Giving user ${MARIADB_USER} access to schema ${MARIADB_DATABASE}" >&2
				echo "GRANT ALL ON \`$MARIADB_DATABASE\`.* TO '$(sql_escape "$MARIADB_USER")'@'%';"
			fi
		fi
		echo "FLUSH PRIVILEGES;"
	} | client
	printf '[mariadb-client]\nport=3306\nsocket=%s\nuser=healthcheck\npassword=%s\nprotocol=tcp\n' \
		"$SOCKET" "$health_pw" >"$DATADIR/.my-healthcheck.cnf"
	chown mysql:mysql "$DATADIR/.my-healthcheck.cnf"
	chmod 0600 "$DATADIR/.my-healthcheck.cnf"

	local auth=(-p"${MARIADB_ROOT_PASSWORD}")
	[ -n "${MARIADB_ROOT_PASSWORD:-}" ] || auth=()
	local f
	for f in /docker-entrypoint-initdb.d/*; do
		case "$f" in
			*.sh) note "$0: running $f"; if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
			*.sql) note "$0: running $f"; client "${auth[@]}" ${MARIADB_DATABASE:+"$MARIADB_DATABASE"} <"$f" ;;
			*.sql.gz) note "$0: running $f"; gunzip -c "$f" | client "${auth[@]}" ${MARIADB_DATABASE:+"$MARIADB_DATABASE"} ;;
			*) [ -e "$f" ] && note "$0: ignoring $f" ;;
		esac
	done

	note "Stopping temporary server"
	kill "$pid"
	wait "$pid" || true
	note "Temporary server stopped"
	echo
	note "MariaDB init process done. Ready for start up."
	echo
}

if [ "$1" = mariadbd ] || [ "$1" = mysqld ]; then
	mkdir -p /run/mysqld
	chown mysql:mysql /run/mysqld "$DATADIR" 2>/dev/null || true
	if [ ! -d "$DATADIR/mysql" ]; then
		initialise
	fi
	shift
	exec mariadbd --user=mysql --datadir="$DATADIR" "$@"
fi

exec "$@"
