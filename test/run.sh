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
# ESLint and the Prettier check (eslint.config.mjs, .prettierrc) before the unit tier.
npm run -s lint
node node_modules/vitest/vitest.mjs run --project unit
bash test/env/load-buildkit-image.sh
node node_modules/vitest/vitest.mjs run --project docker
# The ratios to a bare `docker buildx ls`, printed (never fails the run: test/bench-smoke.sh).
bash test/bench-smoke.sh
