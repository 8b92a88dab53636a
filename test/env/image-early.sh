# Sourced by .ci/run before anything else: starts test/env/make-buildkit-image.sh (the real BuildKit
# image docker-container builders run; minutes of CPU on a fresh machine, at once when cached) in the
# background, so that it overlaps npm ci, apt and the unit tier. Exports BKH_IMAGE_JOB, a directory
# that gets out (the script's stdout: the tarball's path), log, and, when it ended, status (its exit
# code); test/env/load-buildkit-image.sh waits for status. Does nothing when BKH_IMAGE_JOB is set.
bkh_image_early() {
  local here dir
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  [ -z "${BKH_IMAGE_JOB:-}" ] || return 0
  dir="$(mktemp -d "${TMPDIR:-/tmp}/bkh-image-XXXXXX")"
  (
    rc=0
    bash "$here/make-buildkit-image.sh" > "$dir/out" 2> "$dir/log" || rc=$?
    { echo "$rc" > "$dir/status.tmp" && mv "$dir/status.tmp" "$dir/status"; } 2>/dev/null
  ) < /dev/null &
  echo $! > "$dir/pid"
  export BKH_IMAGE_JOB="$dir"
}
bkh_image_early
