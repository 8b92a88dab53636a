#!/usr/bin/env bash
# Run by the release workflow on a tag: the tag must be v<package.json version>, CHANGELOG.md must
# have that version's section, and the examples must be pinned to it (npx) and its major (@vN).
set -euo pipefail
cd "$(dirname "$0")/.."
tag="${1:?usage: check-release.sh TAG}"
version="$(node -p "require('./package.json').version")"
if [ "$tag" != "v${version}" ]; then
  echo "check-release: tag ${tag} does not match package.json version ${version} (run scripts/set-version.sh first)" >&2
  exit 1
fi
bash scripts/release-notes.sh "$version" > /dev/null
major="v${version%%.*}"
bad="$(grep -nE 'npx (--yes )?buildkit-healer@|/buildkit-healer(/rollback)?@v' README.md docs/*.md examples/*.yml \
  | grep -vE "buildkit-healer@${version//./\\.}\b|buildkit-healer(/rollback)?@${major}\b" || true)"
if [ -n "$bad" ]; then
  echo "check-release: pins that are not ${version} / ${major}:" >&2
  echo "$bad" >&2
  exit 1
fi
echo "check-release: ${tag} ok"
