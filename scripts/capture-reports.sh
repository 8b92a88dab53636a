#!/usr/bin/env bash
# Records real buildkit-healer JSON reports into test/fixtures/reports/ for the fleet-report and
# metrics tests: the real CLI bundle (dist/cli/index.js) against the test environment's dockerd
# and buildx, one sandbox (own HOME and DOCKER_CONFIG) per case, each as if on another runner
# (its own hostname, through a UTS namespace). Never edit the output by hand: rerun this.
#
#   bash scripts/capture-reports.sh            # needs root (unshare), the test env, dist/cli
#   BKH_CLI=/tmp/build/cli/index.js bash scripts/capture-reports.sh   # another build of the bundle
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/test/fixtures/reports"
cli="${BKH_CLI:-$root/dist/cli/index.js}"
[ -f "$cli" ] || { echo "capture-reports: $cli is missing: build it first (npm run build)" >&2; exit 1; }

bash test/env/up.sh > /dev/null
# shellcheck disable=SC1091
source "${BKH_ENV_DIR:-$root/test/env/.work}/env.sh"

work="$(mktemp -d /tmp/bkh-capture-XXXXXX)"
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"

# case-name hostname command... : runs the CLI in a fresh sandbox as that host; the sandbox's
# setup (a fault) comes from the function setup_<case> when it exists.
capture() {
  local name="$1" host="$2"
  shift 2
  local home="$work/$name/home"
  mkdir -p "$home/.docker"
  local setup="setup_${name//-/_}"
  if declare -F "$setup" > /dev/null; then HOME="$home" DOCKER_CONFIG="$home/.docker" "$setup" "$home/.docker"; fi
  local rc=0
  HOME="$home" DOCKER_CONFIG="$home/.docker" unshare --uts bash -c 'hostname "$1"; shift; exec "$@"' _ "$host" \
    node "$cli" "$@" --json < /dev/null > "$out/$name.json" 2> "$work/$name.stderr" || rc=$?
  local teardown="teardown_${name//-/_}"
  if declare -F "$teardown" > /dev/null; then HOME="$home" DOCKER_CONFIG="$home/.docker" "$teardown" || true; fi
  if ! node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); if (r.schema !== "buildkit-healer/report") process.exit(1)' "$out/$name.json"; then
    echo "capture-reports: $name: no report (exit $rc):" >&2
    cat "$work/$name.stderr" >&2
    exit 1
  fi
  echo "captured $name.json (host $host, exit $rc, $(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(r.status + ", " + r.findings.length + " findings")' "$out/$name.json"))"
}

# A corrupt builder instance file: every `buildx ls` fails (a real error finding).
setup_corrupt_instance() {
  mkdir -p "$1/buildx/instances"
  printf 'garbage{' > "$1/buildx/instances/broken"
}
setup_heal_corrupt_instance() { setup_corrupt_instance "$@"; }

# A context whose endpoint nobody listens on, like Docker Desktop's desktop-linux on a CI host.
setup_dead_context() {
  docker context create desktop-linux --docker host=unix:///nonexistent.sock > /dev/null 2>&1
}

# A docker-container builder that was never bootstrapped (its image cannot be pulled here).
setup_container_builder() {
  docker buildx create --name ci-builder --driver docker-container > /dev/null
}
teardown_container_builder() {
  docker buildx rm --force ci-builder > /dev/null 2>&1 || docker buildx rm ci-builder > /dev/null 2>&1 || true
}

capture healthy runner-amd64-1 check
capture corrupt-instance runner-amd64-2 check
capture dead-context runner-arm64-1 check
capture container-builder runner-gpu-1 check
# A heal: the repair of the corrupt instance file (needs the heal command; skipped with a note
# when this build of the CLI does not have it yet).
if node "$cli" heal --help > /dev/null 2>&1; then
  capture heal-corrupt-instance runner-amd64-3 heal --mode auto --backup-dir "$work/backups"
else
  echo "capture-reports: this CLI has no heal command: heal-corrupt-instance not captured" >&2
fi
ls -l "$out"
