#!/usr/bin/env bash
# Runs every test: starts the real test environment (test/env/up.sh: dockerd, buildx, QEMU,
# registry, Azurite), then the unit tier and the docker tier on Node 24, as GitHub runs actions.
# Before the docker tier the real BuildKit image is loaded (test/env/load-buildkit-image.sh).
# Extra arguments go to vitest (e.g. `bash test/run.sh test/unit/parse`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -d node_modules ] || npm ci --no-audit --no-fund
# The whole run: the bundles dist.test.ts checks build while the environment starts.
# shellcheck disable=SC1091
if [ $# -eq 0 ]; then source test/dist-early.sh; fi
bash test/env/up.sh
# shellcheck disable=SC1091
source "${BKH_ENV_DIR:-$root/test/env/.work}/env.sh"
node --version
# The docker tier runs docker-container builders on the real BuildKit image: built (or taken from
# the machine's cache) and loaded into the test daemon before it; unit files alone do not need it.
needs_image=1
if [ $# -gt 0 ]; then
  needs_image=0
  for a in "$@"; do case "$a" in test/unit* | unit | -*) ;; *) needs_image=1 ;; esac; done
fi
if [ $# -gt 0 ]; then
  if [ "$needs_image" = 1 ]; then bash test/env/load-buildkit-image.sh; fi
  exec node node_modules/vitest/vitest.mjs run "$@"
fi
# The docker tier runs in BKH_DOCKER_SHARDS shards (default 2), each against its own environment
# (its own dockerd, registry and Azurite, like side-by-side environments: test/env/up.sh), so that it
# takes the time of its longest shard: most of a docker test's time is spent waiting on dockerd and
# BuildKit, not on a core. The files are split by their measured durations (test/docker-shards.mjs).
shards="${BKH_DOCKER_SHARDS:-2}"
W1="$BKH_ENV_DIR"
shard_env() { if [ "$1" = 1 ]; then echo "$W1"; else echo "$W1-shard$1"; fi; }
up_pids=()
for i in $(seq 2 "$shards"); do
  # Started now, while lint and the unit tier run; a bridge name is at most 15 characters.
  mkdir -p "$(shard_env "$i")"
  BKH_ENV_DIR="$(shard_env "$i")" BKH_BRIDGE="${BKH_BRIDGE:0:12}-s$i" bash test/env/up.sh > "$(shard_env "$i")/up.log" 2>&1 &
  up_pids+=($!)
done
# ESLint and the Prettier check (eslint.config.mjs, .prettierrc) before the unit tier.
npm run -s lint
node node_modules/vitest/vitest.mjs run --project unit
bash test/env/load-buildkit-image.sh
for i in $(seq 2 "$shards"); do
  if ! wait "${up_pids[$((i - 2))]}"; then
    cat "$(shard_env "$i")/up.log" >&2
    echo "test/run.sh: the environment of docker shard $i did not start" >&2
    exit 1
  fi
  # shellcheck disable=SC1091
  (source "$(shard_env "$i")/env.sh" && bash test/env/load-buildkit-image.sh)
done
durations="$W1/docker-durations.json"
run_pids=()
for i in $(seq 1 "$shards"); do
  # Only this run's report and log are read after it (a report left by an earlier run never is).
  rm -f "$(shard_env "$i")/docker-report.json" "$(shard_env "$i")/docker.log"
  (
    # shellcheck disable=SC1091
    source "$(shard_env "$i")/env.sh"
    list="$(node test/docker-shards.mjs list "$i" "$shards" "$durations")" || exit 3
    [ -n "$list" ] || exit 0
    mapfile -t files <<< "$list"
    node node_modules/vitest/vitest.mjs run --project docker --reporter=default --reporter=json \
      --outputFile.json="$(shard_env "$i")/docker-report.json" "${files[@]}" 2>&1 |
      tee "$(shard_env "$i")/docker.log" | sed -u "s|^|[docker $i/$shards] |"
    exit "${PIPESTATUS[0]}"
  ) &
  run_pids+=($!)
done
failed=0
shard_results=()
for i in $(seq 1 "$shards"); do
  rc=0
  wait "${run_pids[$((i - 1))]}" || rc=$?
  [ "$rc" = 0 ] || failed=1
  shard_results+=("$rc:$(shard_env "$i")/docker-report.json:$(shard_env "$i")/docker.log")
done
reports=()
for i in $(seq 1 "$shards"); do reports+=("$(shard_env "$i")/docker-report.json"); done
node test/docker-shards.mjs record "$durations" "${reports[@]}" || true
if [ "$failed" != 0 ]; then
  # What failed, named at the end of the log; a file that failed runs once more, alone (the script).
  bash test/docker-rerun.sh "$W1" "${shard_results[@]}"
fi
# The ratios to a bare `docker buildx ls`, printed (never fails the run: test/bench-smoke.sh).
bash test/bench-smoke.sh
