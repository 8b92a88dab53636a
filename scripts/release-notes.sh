#!/usr/bin/env bash
# Prints the CHANGELOG.md section of a version (the lines under "## VERSION ..." up to the next
# "## " heading); fails when there is none, so a release never goes out without notes.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:?usage: release-notes.sh VERSION}"
notes="$(awk -v v="$version" '
  /^## / { if (found) exit; split($0, h, " "); if (h[2] == v) { found = 1; next } }
  found { print }
' CHANGELOG.md)"
if [ -z "$(printf '%s' "$notes" | tr -d '[:space:]')" ]; then
  echo "release-notes: CHANGELOG.md has no section '## ${version}' (move the Unreleased entries under it)" >&2
  exit 1
fi
printf '%s\n' "$notes"
