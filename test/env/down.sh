#!/usr/bin/env bash
# Stops what up.sh started, by pid only. Keeps the installed packages; `--purge` also
# removes the environment's directory (images, registry data).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
W="${BKH_ENV_DIR:-$here/.work}"
stop() { # pidfile name
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    echo "[env] stopped $2 ($pid)" >&2
  fi
  rm -f "$1"
}
stop "$W/azurite/azurite.pid" azurite
stop "$W/registry/registry.pid" registry
stop "$W/docker/dockerd.pid" dockerd
if [ "${1:-}" = --purge ]; then
  br="${BKH_BRIDGE:-bkh0}"
  ip link show "$br" >/dev/null 2>&1 && ip link delete "$br" type bridge 2>/dev/null
  # containerd mounts under the data root must be gone before removal.
  grep -o " $W/docker/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
  rm -rf "$W/docker" "$W/registry" "$W/azurite" "$W"/rootfs-* "$W/env.sh"
fi
# The environments of the docker tier's other shards (test/run.sh: "$W-shard<i>"), with their bridges.
for d in "$W"-shard*; do
  [ -f "$d/env.sh" ] || [ -d "$d/docker" ] || continue
  br="$(sed -n 's/^export BKH_BRIDGE="\(.*\)"$/\1/p' "$d/env.sh" 2>/dev/null)"
  BKH_ENV_DIR="$d" BKH_BRIDGE="${br:-bkh-none}" bash "$0" "$@"
done
