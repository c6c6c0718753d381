#!/usr/bin/env bash
# Entrypoint of the eclipse-temurin stand-in, after the official image's /__cacert_entrypoint.sh:
# with USE_SYSTEM_CA_CERTS set it would add the system's certificates to Java's trust store; this
# stand-in's Java already uses Debian's store (/etc/ssl/certs/java/cacerts), so it only runs the command.
set -e
exec "$@"
