#!/usr/bin/env bash
# Sets the release version, and optionally the repository owner, everywhere a user copies them from.
#
#   bash scripts/set-version.sh 1.2.0              # package.json, examples' npx pins, @vMAJOR pins
#   bash scripts/set-version.sh 1.2.0 --owner acme # also replaces the OWNER placeholder
#
# The one place the owner is set is package.json's repository.url
# (https://github.com/OWNER/buildkit-healer until it is set); the docs, examples and CODEOWNERS
# carry the placeholder OWNER, which --owner replaces. test/unit/release.test.ts checks that
# every pin and owner in the docs and examples agree with package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-}"
owner=""
if [ "${2:-}" = "--owner" ]; then owner="${3:-}"; [ -n "$owner" ] || { echo "set-version: --owner needs a name" >&2; exit 2; }; fi
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "set-version: expected a version such as 1.2.0, got '${version}'" >&2
  exit 2
fi
if [ -n "$owner" ] && ! [[ "$owner" =~ ^[A-Za-z0-9][A-Za-z0-9-]{0,38}$ ]]; then
  echo "set-version: expected a GitHub user or organisation name, got '${owner}'" >&2
  exit 2
fi
major="v${version%%.*}"
files=(README.md SECURITY.md CONTRIBUTING.md docs/*.md examples/*.yml)

node --input-type=module - "$version" "$owner" <<'JS'
import { readFileSync, writeFileSync } from 'node:fs';
const [version, owner] = process.argv.slice(2);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.version = version;
if (owner) pkg.repository = { type: 'git', url: `https://github.com/${owner}/buildkit-healer` };
writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
lock.version = version;
if (lock.packages?.['']) lock.packages[''].version = version;
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
JS

for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  sed -i -E \
    -e "s#(npx (--yes )?buildkit-healer)@[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?#\1@${version}#g" \
    -e "s#(/buildkit-healer(/rollback)?)@v[0-9]+\b#\1@${major}#g" \
    "$f"
  if [ -n "$owner" ]; then sed -i -e "s#OWNER/buildkit-healer#${owner}/buildkit-healer#g" "$f"; fi
done
if [ -n "$owner" ]; then sed -i -e "s#@OWNER\b#@${owner}#g" .github/CODEOWNERS; fi
echo "set-version: ${version} (${major})${owner:+, owner ${owner}}; now: npm run build, update CHANGELOG.md, commit"
