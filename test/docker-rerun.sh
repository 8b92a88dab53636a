#!/usr/bin/env bash
# After a docker tier whose shards failed (test/run.sh): names what failed, at the end of the log
# (the shards' lines interleave above, and a CI log is often read from its tail), then runs each file
# with a failed test once more, alone, against the environment ENV_DIR (shard 1's). A real BuildKit
# under two shards' load can be seconds slower than a test expects; a file that passes alone is
# printed as FLAKY, never hidden, and one that fails again fails the run. Nothing is run again when a
# report is missing or unreadable (a shard whose vitest died), when no test failed (an error outside
# the tests), or with BKH_DOCKER_RERUN=0.
#
#   bash test/docker-rerun.sh ENV_DIR report.json...      exit 0: every failed file passed alone
set -euo pipefail
cd "$(dirname "$0")/.."
env_dir="$1"
shift
summary="$env_dir/docker-failures.txt"
read_ok=1
node test/docker-shards.mjs failures "$@" > "$env_dir/docker-failed-files.txt" 2> "$summary" || read_ok=0
mapfile -t again < "$env_dir/docker-failed-files.txt"
if [ "$read_ok" != 1 ] || [ "${#again[@]}" = 0 ] || [ "${BKH_DOCKER_RERUN:-1}" = 0 ]; then
  echo "== docker tier: what failed ==" >&2
  cat "$summary" >&2
  if [ "$read_ok" = 1 ] && [ "${#again[@]}" = 0 ]; then echo "no test failed in the reports: an error outside the tests (see above)" >&2; fi
  echo "test/docker-rerun.sh: the docker tier failed (the [docker i/N] lines above; what failed just above)" >&2
  exit 1
fi
echo "test/docker-rerun.sh: ${#again[@]} docker file(s) failed under the shards' load; each runs once more, alone:" >&2
printf '  %s\n' "${again[@]}" >&2
rerun_ok=0
(
  # shellcheck disable=SC1091
  source "$env_dir/env.sh"
  node node_modules/vitest/vitest.mjs run --project docker --reporter=default --reporter=json \
    --outputFile.json="$env_dir/docker-rerun.json" "${again[@]}" 2>&1 | sed -u 's|^|[docker rerun] |'
  exit "${PIPESTATUS[0]}"
) && rerun_ok=1
echo "== docker tier: what failed in the shards ==" >&2
cat "$summary" >&2
if [ "$rerun_ok" != 1 ]; then
  echo "== and when run alone ==" >&2
  node test/docker-shards.mjs failures "$env_dir/docker-rerun.json" > /dev/null || true
  echo "test/docker-rerun.sh: the docker tier failed, and again when run alone (what failed just above)" >&2
  exit 1
fi
echo "test/docker-rerun.sh: FLAKY under load, passed when run alone: ${again[*]}" >&2
