#!/usr/bin/env bash
# Lists the functions of src/ over N lines (default 80; blank lines and comments not counted),
# longest first, with ESLint's max-lines-per-function in warn mode. A list to read, never a gate:
# a long function is split only where it has a real seam (issue 14).
#
#   bash scripts/long-functions.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
max="${1:-80}"
npx eslint src --rule "{\"max-lines-per-function\": [\"warn\", {\"max\": $max, \"skipBlankLines\": true, \"skipComments\": true}]}" -f json \
  | node -e '
const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = [];
for (const f of r)
  for (const m of f.messages)
    if (m.ruleId === "max-lines-per-function") {
      const n = /\((\d+)\)/.exec(m.message);
      const name = /^(?:Async )?(?:function|method|arrow function) ?(?:.([^]*?).)? has/i.exec(m.message);
      out.push([Number(n?.[1] ?? 0), `${require("path").relative(process.cwd(), f.filePath)}:${m.line}`, name?.[1] ?? "(arrow)"]);
    }
out.sort((a, b) => b[0] - a[0]);
for (const [n, where, name] of out) console.log(`${String(n).padStart(4)}  ${where}  ${name}`);
'
