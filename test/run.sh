#!/usr/bin/env bash
# Runs every test: starts the real test environment (test/env/up.sh: dockerd, buildx, QEMU,
# registry, Azurite), then the unit tier and the docker tier on Node 24, as GitHub runs actions.
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
if [ $# -gt 0 ]; then exec node node_modules/vitest/vitest.mjs run "$@"; fi
# ESLint and the Prettier check (eslint.config.mjs, .prettierrc) before the unit tier.
npm run -s lint
node node_modules/vitest/vitest.mjs run --project unit
node node_modules/vitest/vitest.mjs run --project docker
# The ratios to a bare `docker buildx ls`, printed (never fails the run: test/bench-smoke.sh).
bash test/bench-smoke.sh
