#!/usr/bin/env bash
# dist/ must be what the sources build: rebuild, then nothing under dist may differ from the
# commit, including new untracked chunks (git diff alone would miss those).
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/bundle.mjs
status="$(git status --porcelain --untracked-files=all -- dist)"
if [ -n "$status" ]; then
  echo "dist/ is stale: run 'npm run build' and commit dist/. Changed:" >&2
  echo "$status" >&2
  git diff --stat -- dist >&2 || true
  exit 1
fi
echo "dist/ is up to date"
