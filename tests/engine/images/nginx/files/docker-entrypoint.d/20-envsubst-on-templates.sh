#!/bin/sh
# Renders /etc/nginx/templates/*.template into /etc/nginx/conf.d/ with envsubst, replacing only the
# variables set in the environment (NGINX_ENVSUBST_TEMPLATE_DIR, _SUFFIX, _OUTPUT_DIR change where).
set -e
name=$(basename "$0")
say() { [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$name: $*"; }

dir="${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}"
suffix="${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}"
out="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"
[ -d "$dir" ] || exit 0
if [ ! -w "$out" ]; then
    say "ERROR: $dir exists, but $out is not writable"
    exit 0
fi
variables=$(env | cut -d= -f1 | sed 's/^/$/' | tr '\n' ' ')
find "$dir" -follow -type f -name "*$suffix" -print | while read -r template; do
    relative="${template#"$dir/"}"
    target="$out/${relative%"$suffix"}"
    mkdir -p "$(dirname "$target")"
    say "Running envsubst on $template to $target"
    envsubst "$variables" < "$template" > "$target"
done
