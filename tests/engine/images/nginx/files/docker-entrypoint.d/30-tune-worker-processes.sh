#!/bin/sh
# With NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE set, sets worker_processes to the CPUs the
# container may use (its cgroup's cpu.max), instead of `auto` (every CPU of the host).
set -e
[ -n "${NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE:-}" ] || exit 0
conf=/etc/nginx/nginx.conf
touch "$conf" 2>/dev/null || exit 0
cpus=$(nproc)
if [ -r /sys/fs/cgroup/cpu.max ]; then
    read -r quota period < /sys/fs/cgroup/cpu.max
    if [ "$quota" != max ]; then
        cpus=$(( (quota + period - 1) / period ))
    fi
fi
sed -i -E "s/^(worker_processes +)[^;]+;/\1$cpus;/" "$conf"
