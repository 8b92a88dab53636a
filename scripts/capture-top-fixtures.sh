#!/usr/bin/env bash
# Records what the daemon says about the processes of a running BuildKit container, through both
# doors diagnose uses (`docker top NAME -o pid,args` and `GET /containers/NAME/top?ps_args=...`),
# into test/fixtures/docker/<version>/leftover-<case>/. No BuildKit image can be pulled here, so the
# container is the stand-in the tests use (test/support/faults.ts runningLeftover): busybox running
# a script named buildkitd; `busy` adds a process beside it (`docker exec`, as buildx's
# `buildctl dial-stdio` and build steps appear). Run against the test environment (source
# $BKH_ENV_DIR/env.sh first). Never edit the recorded files by hand: re-run this script.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
: "${DOCKER_HOST:?source the test environment first (test/env/up.sh, then env.sh)}"
sock="${DOCKER_HOST#unix://}"
ver="$(docker version --format '{{.Server.Version}}')"
out="$root/test/fixtures/docker/$ver"
name=buildx_buildkit_bkhfixturetop0
work="$(mktemp -d)"
cleanup() { docker rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$work"; }
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

printf '#!/bin/sh\nmkfifo /tmp/f\nexec 3<>/tmp/f\nread -r _ <&3\n' > "$work/buildkitd"
chmod +x "$work/buildkitd"
docker create --name "$name" --entrypoint /bin/sh local/busybox-amd64:1 /bin/buildkitd >/dev/null
docker cp "$work/buildkitd" "$name:/bin/buildkitd"
docker start "$name" >/dev/null
sleep 1
rec leftover-idle top docker top "$name" -o pid,args
rec leftover-idle top-api api "$name"
docker exec -d "$name" sleep 600
sleep 1
rec leftover-busy top docker top "$name" -o pid,args
rec leftover-busy top-api api "$name"
rec leftover-busy top-default docker top "$name"
docker stop -t 0 "$name" >/dev/null
rec leftover-stopped top docker top "$name" -o pid,args
rec leftover-stopped top-api api "$name"
docker rm -f "$name" >/dev/null
rec leftover-missing top docker top "$name" -o pid,args
echo "recorded into $out"
