#!/usr/bin/env bash
# Records the real output the validate phase judges, into test/fixtures/validate/buildx-<version>/<case>/:
# the rawjson progress (stderr) of test builds (fresh, cached, cache export/import after a targeted
# prune, multi-platform with and without base images), `buildx inspect --bootstrap` of a healthy and
# a broken builder, `buildx du --verbose`, and `docker compose version`. Runs against the test
# environment (source $BKH_ENV_DIR/env.sh first); uses its own DOCKER_CONFIG so nothing else changes.
# Never edit the recorded files by hand: re-run this script.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
: "${DOCKER_HOST:?source the test environment first (test/env/up.sh, then env.sh)}"
: "${BKH_REGISTRY:?BKH_REGISTRY is not set}"
ver="$(docker buildx version | awk '{print $2}' | sed 's/^v//; s/+.*//')"
out="$root/test/fixtures/validate/buildx-$ver"
work="$(mktemp -d)"
export DOCKER_CONFIG="$work/docker-config"
mkdir -p "$DOCKER_CONFIG"
cleanup() {
  docker context rm -f bkh-fixture-dead >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
run_id="bkh-validate-fixture$(date +%s)"

# rec CASE NAME -- CMD...: stdout, stderr and exit code of CMD into CASE/NAME.{stdout,stderr,exit}
rec() {
  local dir="$out/$1" name="$2"; shift 3
  mkdir -p "$dir"
  set +e
  "$@" > "$dir/$name.stdout" 2> "$dir/$name.stderr"
  echo $? > "$dir/$name.exit"
  set -e
  # The run-specific temp paths are replaced so the recorded text is stable across captures.
  sed -i "s#$work#/WORK#g" "$dir/$name.stdout" "$dir/$name.stderr"
}
# Ids of build records whose description carries the marker (the validate phase's targeted prune).
marked_ids() { docker buildx du --verbose | awk -v m="$1" '/^ID:/{id=$2} index($0, m) && /^Description:/{print id}'; }

ctx() { mkdir -p "$work/$1"; printf '%b' "$2" > "$work/$1/Dockerfile"; }

# 1. fresh then identical second build (FROM scratch + COPY token: the baseline build)
ctx baseline 'FROM scratch\nCOPY token.txt /token.txt\n'
echo "$run_id-baseline" > "$work/baseline/token.txt"
rec baseline first -- docker buildx build --progress=rawjson --output "type=local,dest=$work/o-b1" "$work/baseline"
rec baseline second -- docker buildx build --progress=rawjson --output "type=local,dest=$work/o-b2" "$work/baseline"

# 2. cache round trip with a RUN step writing a fresh token (local cache)
ctx run "FROM local/busybox-amd64:1\nRUN echo $run_id-local > /marker.txt && cat /proc/sys/kernel/random/uuid > /token.txt\n"
rec cache-local export -- docker buildx build --progress=rawjson --cache-to "type=local,dest=$work/lc,mode=max" --output "type=local,dest=$work/o-l1" "$work/run"
cp "$work/o-l1/token.txt" "$out/cache-local/export.token"
rec cache-local du -- docker buildx du --verbose
for id in $(marked_ids "$run_id-local"); do docker buildx prune -af --filter "id=$id" >/dev/null; done
rec cache-local import -- docker buildx build --progress=rawjson --cache-from "type=local,src=$work/lc" --output "type=local,dest=$work/o-l2" "$work/run"
cp "$work/o-l2/token.txt" "$out/cache-local/import.token"

# 3. the same through the registry
ctx reg "FROM local/busybox-amd64:1\nRUN echo $run_id-registry > /marker.txt && cat /proc/sys/kernel/random/uuid > /token.txt\n"
ref="$BKH_REGISTRY/buildkit-healer/validate-fixture:$run_id"
rec cache-registry export -- docker buildx build --progress=rawjson --cache-to "type=registry,ref=$ref,mode=max" --output "type=local,dest=$work/o-r1" "$work/reg"
cp "$work/o-r1/token.txt" "$out/cache-registry/export.token"
for id in $(marked_ids "$run_id-registry"); do docker buildx prune -af --filter "id=$id" >/dev/null; done
rec cache-registry import -- docker buildx build --progress=rawjson --cache-from "type=registry,ref=$ref" --output "type=local,dest=$work/o-r2" "$work/reg"
cp "$work/o-r2/token.txt" "$out/cache-registry/import.token"
sed -i "s#$BKH_REGISTRY#REGISTRY#g" "$out"/cache-registry/*.std*

# 4. cache round trip without a base image: FROM scratch, judged by the `cached` flag after the prune
ctx scratch "FROM scratch\nCOPY $run_id-scratch.txt /token.txt\n"
echo "$run_id" > "$work/scratch/$run_id-scratch.txt"
rec cache-scratch export -- docker buildx build --progress=rawjson --cache-to "type=local,dest=$work/sc,mode=max" --output "type=local,dest=$work/o-s1" "$work/scratch"
for id in $(marked_ids "$run_id-scratch"); do docker buildx prune -af --filter "id=$id" >/dev/null; done
rec cache-scratch import -- docker buildx build --progress=rawjson --cache-from "type=local,src=$work/sc" --output "type=local,dest=$work/o-s2" "$work/scratch"

# 5. multi-platform: with base images (RUN uname -m under QEMU) and without (scratch + COPY)
ctx platforms 'FROM local/busybox-amd64:1 AS base-amd64\nFROM local/busybox-arm64:1 AS base-arm64\nFROM base-${TARGETARCH}\nARG TARGETPLATFORM\nRUN echo "$TARGETPLATFORM $(uname -m) tok" > /arch.txt\n'
rec platforms-base build -- docker buildx build --progress=rawjson --platform linux/amd64,linux/arm64 --output "type=local,dest=$work/o-p1" "$work/platforms"
(cd "$work/o-p1" && find . -name arch.txt | sort | xargs grep -H .) > "$out/platforms-base/arch.txt"
ctx platforms-scratch 'FROM scratch\nCOPY token.txt /token.txt\n'
echo x > "$work/platforms-scratch/token.txt"
rec platforms-scratch build -- docker buildx build --progress=rawjson --platform linux/amd64,linux/arm64 --output "type=local,dest=$work/o-p2" "$work/platforms-scratch"
(cd "$work/o-p2" && find . -type f | sort) > "$out/platforms-scratch/files.txt"

# 6. a failing step
ctx failing 'FROM local/busybox-amd64:1\nRUN echo broken && exit 3\n'
rec build-fails build -- docker buildx build --progress=rawjson --output "type=local,dest=$work/o-f" "$work/failing"

# 7. bootstrap: healthy default, and a builder whose context endpoint is dead
rec bootstrap-ok inspect -- docker buildx inspect --bootstrap default
docker context create bkh-fixture-dead --docker host=unix:///nonexistent.sock >/dev/null
rec bootstrap-error inspect -- docker buildx inspect --bootstrap bkh-fixture-dead
rec bootstrap-error use -- docker buildx use bkh-fixture-dead
rec switch-missing use -- docker buildx use bkh-fixture-no-such-builder

# 8. compose
rec compose version -- docker compose version
echo "recorded into $out"
