#!/usr/bin/env bash
# After a docker tier whose shards failed (test/run.sh): names what failed, at the end of the log
# (the shards' lines interleave above, and a CI log is often read from its tail), then runs each file
# with a failed test once more, alone, against the environment ENV_DIR (shard 1's). A real BuildKit
# under two shards' load can be seconds slower than a test expects; a file that passes alone is
# printed as FLAKY, never hidden, and one that fails again fails the run.
#
# Nothing is run again (the tier fails) unless every failed shard is explained by failed tests in its
# own report of this run: not when a shard left no report (its vitest died, or never started), when
# its report names no failed test (an error outside the tests), when its log shows an unhandled
# error (vitest fails the run for those but leaves them out of the report), or with
# BKH_DOCKER_RERUN=0.
#
#   bash test/docker-rerun.sh ENV_DIR RC:REPORT:LOG...     one RC:REPORT:LOG per shard
#                                                          exit 0: every failed file passed alone
set -euo pipefail
cd "$(dirname "$0")/.."
env_dir="$1"
shift
summary="$env_dir/docker-failures.txt"
: > "$summary"
again=()
why=()
for spec in "$@"; do
  rc="${spec%%:*}"
  rest="${spec#*:}"
  report="${rest%%:*}"
  log="${rest#*:}"
  [ "$rc" != 0 ] || continue
  if [ ! -s "$report" ]; then
    why+=("a shard (exit $rc) left no report at $report")
    continue
  fi
  if [ -f "$log" ] && grep -qiE 'unhandled (error|rejection)' "$log"; then
    why+=("a shard (exit $rc) had an unhandled error (see its log, $log)")
  fi
  files="$(node test/docker-shards.mjs failures "$report" 2>> "$summary")" || {
    why+=("the report $report does not read")
    continue
  }
  if [ -z "$files" ]; then
    why+=("a shard (exit $rc) failed with no failed test in its report: an error outside the tests")
    continue
  fi
  mapfile -t -O "${#again[@]}" again <<< "$files"
done
if [ "${#why[@]}" -gt 0 ] || [ "${#again[@]}" = 0 ] || [ "${BKH_DOCKER_RERUN:-1}" = 0 ]; then
  echo "== docker tier: what failed ==" >&2
  cat "$summary" >&2
  for w in "${why[@]}"; do echo "  $w" >&2; done
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
