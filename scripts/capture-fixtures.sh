#!/usr/bin/env bash
# Records REAL docker and buildx output from the test environment into test/fixtures/, so the parsers
# are tested on what the tools print, never on hand-written text. Re-run it to refresh the fixtures.
#
#   bash test/env/up.sh && source "$BKH_ENV_DIR/env.sh" && bash scripts/capture-fixtures.sh
#
# Layout: test/fixtures/buildx/<version>/<case>/<command>.{stdout,stderr,exit,argv}
#         test/fixtures/docker/<client version>/<case>/<command>.{stdout,stderr,exit,argv}
# Every case runs with its own temporary DOCKER_CONFIG and undoes what it injects (contexts,
# builders, containers, volumes, build cache of the test daemon).
#
# Besides the buildx the environment installs, it fetches Debian unstable's docker-buildx .deb
# with `apt-get download` (never installed) through a private sources list built from the URIs of
# the machine's own debian.sources, and records with that binary too (skip with BKH_CAPTURE_APT=0).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BKH_FIXTURES_DIR:-$ROOT/test/fixtures}
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
: "${DOCKER_HOST:?source the test environment first: source \$BKH_ENV_DIR/env.sh}"
: "${BKH_REGISTRY:?BKH_REGISTRY is not set: source the test environment first}"
T=${BKH_CAPTURE_TIMEOUT:-120}
WORK=$(mktemp -d /tmp/bkh-capture.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

log() { printf '[capture] %s\n' "$*" >&2; }

# rec DIR NAME CMD...: runs CMD with a timeout and stores its stdout, stderr, exit code and argv.
rec() {
  local dir=$1 name=$2
  shift 2
  mkdir -p "$dir"
  printf '%s\n' "$*" >"$dir/$name.argv"
  timeout -k 5 "$T" "$@" >"$dir/$name.stdout" 2>"$dir/$name.stderr" </dev/null
  echo $? >"$dir/$name.exit"
}

# rec_in CWD DIR NAME CMD...: rec, run from CWD (so recorded argv hold no temporary paths).
rec_in() {
  local cwd=$1
  shift
  (cd "$cwd" && rec "$@")
}

# A fresh DOCKER_CONFIG; when a plugin binary is given, it goes into its cli-plugins/ (which the
# CLI searches before the system plugin directories).
new_config() {
  local plugin=${1:-} d
  d=$(mktemp -d "$WORK/config.XXXXXX")
  if [ -n "$plugin" ]; then
    mkdir -p "$d/cli-plugins"
    ln -s "$plugin" "$d/cli-plugins/docker-buildx"
  fi
  echo "$d"
}

# The commands that read a builder's state, recorded for one case.
read_builders() {
  local dir=$1 json=$2
  shift 2
  rec "$dir" ls docker buildx ls
  [ "$json" = 1 ] && rec "$dir" ls-json docker buildx ls --format json
  for b in "$@"; do
    rec "$dir" "inspect-$b" docker buildx inspect "$b"
  done
  rec "$dir" inspect docker buildx inspect
}

capture_docker() {
  local client=$1 v base cfg
  v=$("$client" version --format '{{.Client.Version}}' 2>/dev/null)
  base=$OUT/docker/$v
  log "docker client $v ($client)"
  cfg=$(new_config)
  DOCKER_CONFIG=$cfg rec "$base/healthy" version "$client" version --format '{{json .}}'
  DOCKER_CONFIG=$cfg rec "$base/healthy" info "$client" info --format '{{json .}}'
  DOCKER_CONFIG=$cfg rec "$base/healthy" dash-version "$client" --version
  DOCKER_CONFIG=$cfg DOCKER_HOST=unix:///nonexistent.sock rec "$base/daemon-unreachable" version "$client" version --format '{{json .}}'
  DOCKER_CONFIG=$cfg DOCKER_HOST=unix:///nonexistent.sock rec "$base/daemon-unreachable" info "$client" info --format '{{json .}}'
  # A plugin the CLI finds but cannot run: ClientInfo.Plugins gets an Err.
  mkdir -p "$cfg/cli-plugins"
  printf '#!/bin/sh\nexit 1\n' >"$cfg/cli-plugins/docker-broken"
  chmod +x "$cfg/cli-plugins/docker-broken"
  : >"$cfg/cli-plugins/docker-empty"
  chmod +x "$cfg/cli-plugins/docker-empty"
  DOCKER_CONFIG=$cfg rec "$base/broken-plugin" info "$client" info --format '{{json .}}'
  rm -rf "$cfg"
}

# capture_buildx PLUGIN: PLUGIN is a docker-buildx binary, or empty for the installed one.
capture_buildx() {
  local plugin=$1 cfg v base json=1 name
  cfg=$(new_config "$plugin")
  export DOCKER_CONFIG=$cfg
  v=$(docker buildx version | awk '{print $2}' | sed -E 's/^v//; s/[+-].*$//')
  if [ -z "$v" ]; then
    log "cannot run buildx ${plugin:-installed}; skipped"
    return
  fi
  base=$OUT/buildx/$v
  log "buildx $v (${plugin:-installed})"
  rm -rf "$base"
  docker buildx ls --format json >/dev/null 2>&1 || json=0

  # healthy: the default builder (docker driver) of a fresh config.
  rec "$base/healthy" version docker buildx version
  read_builders "$base/healthy" "$json" default
  rec "$base/healthy" inspect-bootstrap docker buildx inspect --bootstrap
  # The plugin run directly, as the docker CLI runs it (the quick look's `ls`, src/docker/plugin.ts).
  local bin=${plugin:-/usr/libexec/docker/cli-plugins/docker-buildx}
  rec "$base/healthy" metadata "$bin" docker-cli-plugin-metadata
  DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=docker rec "$base/healthy" ls-json-direct "$bin" buildx ls --format json
  DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=docker DOCKER_HOST=unix:///nonexistent.sock \
    rec "$base/daemon-unreachable" ls-json-direct "$bin" buildx ls --format json

  # desktop-linux: a context whose endpoint is a dead socket, as Docker Desktop leaves behind.
  cfg=$(new_config "$plugin")
  export DOCKER_CONFIG=$cfg
  rec "$base/dead-context" context-create docker context create desktop-linux --docker host=unix:///nonexistent.sock
  rec "$base/dead-context" create docker buildx create --name desktop-linux desktop-linux
  read_builders "$base/dead-context" "$json" desktop-linux default
  docker buildx rm desktop-linux >/dev/null 2>&1
  docker context rm -f desktop-linux >/dev/null 2>&1

  # Broken state files under $DOCKER_CONFIG/buildx.
  cfg=$(new_config "$plugin")
  export DOCKER_CONFIG=$cfg
  mkdir -p "$cfg/buildx/instances"
  printf 'garbage\n' >"$cfg/buildx/instances/broken"
  read_builders "$base/instance-not-json" "$json" broken
  : >"$cfg/buildx/instances/broken"
  read_builders "$base/instance-empty" "$json" broken
  rm -f "$cfg/buildx/instances/broken"
  : >"$cfg/buildx/current"
  read_builders "$base/current-empty" "$json"
  head -c 64 /dev/zero >"$cfg/buildx/current"
  read_builders "$base/current-nul" "$json"
  rm -f "$cfg/buildx/current"

  # A docker-container builder whose image cannot be pulled (from the loopback registry only).
  cfg=$(new_config "$plugin")
  export DOCKER_CONFIG=$cfg
  name=bkh-nobootstrap
  rec "$base/container-no-bootstrap" create docker buildx create --name "$name" --driver docker-container \
    --driver-opt "image=$BKH_REGISTRY/bkh/absent-buildkit:1" --platform linux/amd64,linux/arm64
  read_builders "$base/container-no-bootstrap" "$json" "$name"
  rec "$base/container-no-bootstrap" inspect-bootstrap docker buildx inspect --bootstrap "$name"
  read_builders "$base/container-no-bootstrap-after" "$json" "$name"
  docker buildx rm "$name" >/dev/null 2>&1
  docker rm -f "buildx_buildkit_${name}0" >/dev/null 2>&1
  docker volume rm -f "buildx_buildkit_${name}0_state" >/dev/null 2>&1

  # A daemon whose builder.gc config gives the docker driver's node GC policy rules.
  if [ -n "${GC_HOST:-}" ]; then
    cfg=$(new_config "$plugin")
    export DOCKER_CONFIG=$cfg
    DOCKER_HOST=$GC_HOST read_builders "$base/daemon-gc-policy" "$json" default
    DOCKER_HOST=$GC_HOST rec "$base/daemon-gc-policy" du docker buildx du

    # A two-node docker-container builder whose second node is on the GC daemon, which is
    # stopped later: ls and inspect then show a node in error beside a healthy one.
    cfg=$(new_config "$plugin")
    export DOCKER_CONFIG=$cfg
    docker context create bkh-gone --docker "host=$GC_HOST" >/dev/null 2>&1
    rec "$base/dead-node" create docker buildx create --name bkh-multi --node bkh-multi0 \
      --driver docker-container --driver-opt "image=$BKH_REGISTRY/bkh/absent-buildkit:1" --buildkitd-flags '--debug'
    rec "$base/dead-node" create-append docker buildx create --append --name bkh-multi --node bkh-multi1 bkh-gone
    DEAD_NODE_CASES+=("$base|$cfg|$json")
  fi

  # An unreachable daemon.
  cfg=$(new_config "$plugin")
  export DOCKER_CONFIG=$cfg
  DOCKER_HOST=unix:///nonexistent.sock read_builders "$base/daemon-unreachable" "$json" default

  # Builds: du after a couple of builds, and a rawjson build run twice (the second fully cached).
  cfg=$(new_config "$plugin")
  export DOCKER_CONFIG=$cfg
  local ctx=$WORK/ctx
  rm -rf "$ctx" && mkdir -p "$ctx"
  printf 'hello\n' >"$ctx/hello.txt"
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM local/busybox-amd64:1
COPY hello.txt /hello.txt
RUN cat /hello.txt > /copy.txt && echo built
RUN echo second-step > /second.txt
DOCKERFILE
  docker buildx prune -af >/dev/null 2>&1
  rec "$base/builds" du-empty docker buildx du
  rec_in "$ctx" "$base/builds" build-rawjson-1 docker buildx build --progress=rawjson --output type=cacheonly .
  rec_in "$ctx" "$base/builds" build-rawjson-2 docker buildx build --progress=rawjson --output type=cacheonly .
  printf 'FROM scratch\nCOPY hello.txt /\n' >"$ctx/Dockerfile.scratch"
  rec_in "$ctx" "$base/builds" build-plain docker buildx build --progress=plain -f Dockerfile.scratch --output type=cacheonly .
  printf 'FROM local/busybox-amd64:1\nRUN exit 3\n' >"$ctx/Dockerfile.fail"
  rec_in "$ctx" "$base/builds" build-rawjson-fail docker buildx build --progress=rawjson -f Dockerfile.fail --output type=cacheonly .
  rec "$base/builds" du docker buildx du
  rec "$base/builds" du-verbose docker buildx du --verbose
  docker buildx prune -af >/dev/null 2>&1
  unset DOCKER_CONFIG
}

# Debian unstable's docker-buildx, downloaded (not installed) into a private directory.
fetch_debian_buildx() {
  local apt=$WORK/apt uri keyring suite opts
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
  keyring=$(awk '/^Signed-By:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
  if [ -z "$uri" ]; then
    log "no URIs in debian.sources; skipping Debian's docker-buildx"
    return 1
  fi
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/deb"
  for suite in ${BKH_CAPTURE_SUITES:-sid}; do
    printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$uri" "$suite"
  done >"$apt/sources.list"
  opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root)
  timeout 600 apt-get "${opts[@]}" update >&2 || return 1
  (cd "$apt/deb" && timeout 600 apt-get "${opts[@]}" download docker-buildx >&2) || return 1
  dpkg-deb -x "$apt"/deb/docker-buildx_*.deb "$apt/root" || return 1
  echo "$apt/root/usr/libexec/docker/cli-plugins/docker-buildx"
}

# A second, short-lived dockerd (own socket, data and exec roots, no bridge) started with a
# builder.gc policy, so `inspect` shows GC Policy rules. Stopped by its pid on exit.
start_gc_daemon() {
  local d=$WORK/gcd i
  mkdir -p "$d/data" "$d/exec"
  cat >"$d/daemon.json" <<'JSON'
{"features":{"buildkit":true},"builder":{"gc":{"enabled":true,"defaultKeepStorage":"10GB","policy":[{"keepStorage":"512MB","filter":["unused-for=168h"]},{"keepStorage":"2GB","filter":["type=source.local"]},{"keepStorage":"10GB","all":true}]}}}
JSON
  setsid dockerd -H "unix://$d/docker.sock" --data-root "$d/data" --exec-root "$d/exec" \
    --pidfile "$d/dockerd.pid" --config-file "$d/daemon.json" --bridge=none --iptables=false \
    --ip6tables=false >"$d/dockerd.log" 2>&1 </dev/null &
  for i in $(seq 1 60); do
    if DOCKER_HOST="unix://$d/docker.sock" timeout 5 docker info >/dev/null 2>&1; then
      GC_HOST="unix://$d/docker.sock"
      return 0
    fi
    sleep 0.5
  done
  log "the GC-policy dockerd did not start; see below"
  tail -20 "$d/dockerd.log" >&2
  return 1
}

stop_gc_daemon() {
  local pidf=$WORK/gcd/dockerd.pid i
  [ -f "$pidf" ] || return 0
  kill "$(cat "$pidf")" 2>/dev/null
  for i in $(seq 1 60); do
    kill -0 "$(cat "$pidf" 2>/dev/null)" 2>/dev/null || return 0
    sleep 0.5
  done
}
trap 'stop_gc_daemon; rm -rf "$WORK"' EXIT

mkdir -p "$OUT"
GC_HOST=
DEAD_NODE_CASES=()
if [ "${BKH_CAPTURE_GC_DAEMON:-1}" = 1 ]; then start_gc_daemon; fi
for client in /usr/local/bin/docker /usr/bin/docker; do
  [ -x "$client" ] && capture_docker "$client"
done
capture_buildx ""
# More plugin binaries to record with (space separated paths), e.g. other releases at hand.
for plugin in ${BKH_CAPTURE_PLUGINS:-}; do
  capture_buildx "$plugin"
done
if [ "${BKH_CAPTURE_APT:-1}" = 1 ]; then
  if plugin=$(fetch_debian_buildx); then
    capture_buildx "$plugin"
  fi
fi
stop_gc_daemon
# The GC daemon is gone now: record the builders that had a node on it, then remove them.
for entry in "${DEAD_NODE_CASES[@]}"; do
  IFS='|' read -r base cfg json <<<"$entry"
  export DOCKER_CONFIG=$cfg
  read_builders "$base/dead-node" "$json" bkh-multi
  docker buildx rm bkh-multi >/dev/null 2>&1
  rm -f "$cfg/buildx/instances/bkh-multi"
  docker rm -f buildx_buildkit_bkh-multi0 >/dev/null 2>&1
  docker volume rm -f buildx_buildkit_bkh-multi0_state >/dev/null 2>&1
  docker context rm -f bkh-gone >/dev/null 2>&1
  unset DOCKER_CONFIG
done
log "fixtures written under $OUT"
