#!/usr/bin/env bash
# Records what the daemon says about a REAL docker-container builder (the real BuildKit image,
# moby/buildkit:buildx-stable-1, loaded by test/env/load-buildkit-image.sh) in the states the
# classifier tells apart, through both doors diagnose uses (`docker top NAME -o pid,args` and
# `GET /containers/NAME/top?ps_args=...`): idle, building (a RUN sleep), with only a connected
# `buildctl dial-stdio` (what buildx execs for every call), paused, and restarting in a loop; and
# the container's own log (`docker logs --tail 60`) when buildkitd cannot start: a buildkitd.toml
# it rejects, a corrupt state database. Into test/fixtures/docker/<version>/real-<case>/.
# Run against the test environment (source $BKH_ENV_DIR/env.sh first). Never edit the recorded
# files by hand: re-run this script.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
: "${DOCKER_HOST:?source the test environment first (test/env/up.sh, then env.sh)}"
: "${BKH_REGISTRY:?source the test environment first}"
sock="${DOCKER_HOST#unix://}"
ver="$(timeout 30 docker version --format '{{.Server.Version}}')"
out="$root/test/fixtures/docker/$ver"
builder=bkhfixreal
name="buildx_buildkit_${builder}0"
work="$(mktemp -d)"
export HOME="$work/home"
mkdir -p "$HOME"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  timeout 60 docker unpause "$name" >/dev/null 2>&1 || true
  timeout 120 docker buildx rm -f "$builder" >/dev/null 2>&1 || true
  timeout 60 docker rm -f "$name" >/dev/null 2>&1 || true
  timeout 60 docker volume rm -f "${name}_state" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

rec() {
  local dir="$out/$1" cmd="$2"; shift 2
  mkdir -p "$dir"
  set +e
  "$@" > "$dir/$cmd.stdout" 2> "$dir/$cmd.stderr"
  echo $? > "$dir/$cmd.exit"
  set -e
}
api() { curl -sS --max-time 20 --unix-socket "$sock" "http://docker/containers/$1/top?ps_args=-o%20pid,args"; }
tops() {
  rec "$1" top timeout 30 docker top "$name" -o pid,args
  rec "$1" top-api api "$name"
}
# Waits (up to 60 s) until `docker top` shows a process matching $1.
wait_for() {
  for _ in $(seq 1 120); do
    if timeout 30 docker top "$name" -o pid,args 2>/dev/null | grep -q -- "$1"; then return 0; fi
    sleep 0.5
  done
  echo "no process matching $1 in $name" >&2
  return 1
}
wait_restarting() {
  for _ in $(seq 1 120); do
    [ "$(timeout 30 docker inspect -f '{{.State.Status}}' "$name")" = restarting ] && return 0
    sleep 0.5
  done
  echo "$name never restarting" >&2
  return 1
}

base="$BKH_REGISTRY/bkh/busybox-fixture:1"
timeout 60 docker tag local/busybox-amd64:1 "$base"
timeout 120 docker push -q "$base" >/dev/null
printf '[registry."%s"]\n  http = true\n  insecure = true\n' "$BKH_REGISTRY" > "$work/buildkitd.toml"
timeout 300 docker buildx create --name "$builder" --driver docker-container --driver-opt network=host \
  --buildkitd-config "$work/buildkitd.toml" --bootstrap >/dev/null 2>&1
sleep 2
tops real-idle

# Building: a RUN step that sleeps (its token makes it run, never from the cache).
mkdir -p "$work/ctx"
printf 'FROM %s\nRUN echo %s && sleep 60\n' "$base" "$RANDOM$RANDOM" > "$work/ctx/Dockerfile"
timeout 300 docker buildx build --builder "$builder" --progress plain "$work/ctx" >/dev/null 2>&1 &
pids+=($!)
wait_for 'sleep 60'
tops real-building
kill "${pids[-1]}" 2>/dev/null || true
wait "${pids[-1]}" 2>/dev/null || true
for _ in $(seq 1 60); do
  timeout 30 docker top "$name" -o pid,args | grep -q 'sleep 60' || break
  sleep 0.5
done

# Only a connected client: buildx execs `buildctl dial-stdio` into the container for every call.
sleep 120 | timeout 150 docker exec -i "$name" buildctl dial-stdio >/dev/null 2>&1 &
pids+=($!)
wait_for 'dial-stdio'
tops real-dial-stdio
kill "${pids[-1]}" 2>/dev/null || true

timeout 60 docker pause "$name" >/dev/null
tops real-paused
timeout 60 docker unpause "$name" >/dev/null

# A buildkitd.toml buildkitd rejects: buildx gives the container restart policy unless-stopped.
rec real-restarting restart-policy timeout 30 docker inspect -f '{{json .HostConfig.RestartPolicy}}' "$name"
printf 'this is [ not toml\n' > "$work/bad.toml"
timeout 60 docker cp "$work/bad.toml" "$name:/etc/buildkit/buildkitd.toml"
timeout 60 docker restart -t 5 "$name" >/dev/null
# Between two starts the daemon refuses a process list (`is restarting`); during the short run of
# each start it lists buildkitd. Both doors are recorded while it refuses.
for _ in $(seq 1 120); do
  wait_restarting
  tops real-restarting
  grep -q 'is restarting' "$out/real-restarting/top.stderr" && grep -q 'is restarting' "$out/real-restarting/top-api.stdout" && break
  sleep 0.2
done
rec real-restarting logs timeout 30 docker logs --tail 60 "$name"

# A corrupt state database (cache.db), with the good buildkitd.toml back.
timeout 60 docker stop -t 5 "$name" >/dev/null
timeout 60 docker cp "$work/buildkitd.toml" "$name:/etc/buildkit/buildkitd.toml"
head -c 32768 /dev/urandom > "$work/cache.db"
timeout 60 docker cp "$work/cache.db" "$name:/var/lib/buildkit/cache.db"
timeout 60 docker start "$name" >/dev/null
wait_restarting
sleep 2
rec real-corrupt-db logs timeout 30 docker logs --tail 60 "$name"
echo "recorded into $out"
