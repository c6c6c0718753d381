#!/bin/sh
# Adds `listen [::]:80;` to the stock default.conf when the container has IPv6 and the file is unchanged.
set -e
name=$(basename "$0")
conf=/etc/nginx/conf.d/default.conf
say() { [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$name: $*"; }

if [ ! -f /proc/net/if_inet6 ]; then
    say "info: ipv6 not available"
    exit 0
fi
if [ ! -f "$conf" ]; then
    say "info: $conf is not a file or does not exist"
    exit 0
fi
if ! touch "$conf" 2>/dev/null; then
    say "info: can not modify $conf (read-only file system?)"
    exit 0
fi
if grep -q 'listen  *\[::\]:80;' "$conf"; then
    exit 0
fi
say "info: Getting the checksum of $conf"
if [ "$(grep -c 'listen  *80;' "$conf")" != 1 ]; then
    say "info: $conf differs from the packaged version"
    exit 0
fi
sed -i -E 's,listen( +)80;,listen\180;\n    listen  [::]:80;,' "$conf"
say "info: Enabled listen on IPv6 in $conf"
