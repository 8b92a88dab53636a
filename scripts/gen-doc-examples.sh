#!/usr/bin/env bash
# Captures the real output of the CLI bundle (node dist/cli/index.js) into docs/examples/ and copies
# each file into the Markdown under docs/ between `<!-- example: NAME -->` and `<!-- /example -->`,
# so no output in the docs is ever typed by hand. Runs against the test environment's dockerd
# (test/env/up.sh) and buildx, one sandbox (own HOME and DOCKER_CONFIG) per case, as a host named
# runner-1 (a UTS namespace, so needs root). It also writes the input/output tables of both actions
# into docs/configuration.md from action.yml and rollback/action.yml.
#
#   bash scripts/gen-doc-examples.sh             # capture everything, then update the docs
#   bash scripts/gen-doc-examples.sh --docs-only # only copy docs/examples/* and the tables into the docs
#   BKH_CLI=/tmp/build/cli/index.js bash scripts/gen-doc-examples.sh
#
# Host-specific values are normalised with sed (the header line of each file says which): the
# sandbox HOME becomes /home/runner, the daemon socket unix:///var/run/docker.sock, the Docker data
# root /var/lib/docker, temp dirs /tmp/bkh-*-XXXXXX, timestamps 2026-01-01T00:00:00.000Z and backup
# names' time stamps 20260101T000000Z. Durations, sizes and percentages are left as measured.
# A heal whose validation fails on a loaded machine (validate.timing) is made again and retried.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
final="$root/docs/examples"
cli="${BKH_CLI:-$root/dist/cli/index.js}"
rb="${BKH_ROLLBACK:-$root/dist/rollback/index.js}"

update_docs() {
  node --input-type=module - "$root" <<'JS'
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
const root = process.argv[2];
const docs = join(root, 'docs');
const esc = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
function table(file, kind) {
  const y = parse(readFileSync(join(root, file), 'utf8'));
  const rows = Object.entries(y[kind] ?? {});
  if (kind === 'inputs') {
    return ['| input | default | description |', '|---|---|---|',
      ...rows.map(([k, v]) => `| \`${k}\` | ${v.default === undefined || v.default === '' ? '(empty)' : `\`${esc(v.default)}\``} | ${esc(v.description)} |`)].join('\n');
  }
  return ['| output | description |', '|---|---|', ...rows.map(([k, v]) => `| \`${k}\` | ${esc(v.description)} |`)].join('\n');
}
const generated = {
  'heal-inputs': () => table('action.yml', 'inputs'),
  'heal-outputs': () => table('action.yml', 'outputs'),
  'rollback-inputs': () => table('rollback/action.yml', 'inputs'),
  'rollback-outputs': () => table('rollback/action.yml', 'outputs'),
};
for (const f of readdirSync(docs).filter((n) => n.endsWith('.md'))) {
  const path = join(docs, f);
  const before = readFileSync(path, 'utf8');
  let text = before.replace(/<!-- example: ([\w.-]+) -->\n[\s\S]*?<!-- \/example -->/g, (m, name) => {
    const ex = join(docs, 'examples', `${name}.txt`);
    if (!existsSync(ex)) throw new Error(`${f}: example ${name} has no file docs/examples/${name}.txt`);
    return `<!-- example: ${name} -->\n\`\`\`text\n${readFileSync(ex, 'utf8')}\`\`\`\n<!-- /example -->`;
  });
  text = text.replace(/<!-- generated: ([\w-]+) -->\n[\s\S]*?<!-- \/generated -->/g, (m, name) => {
    if (!generated[name]) throw new Error(`${f}: unknown generated block ${name}`);
    return `<!-- generated: ${name} -->\n${generated[name]()}\n<!-- /generated -->`;
  });
  if (text !== before) { writeFileSync(path, text); console.log(`updated docs/${f}`); }
}
JS
}

if [ "${1:-}" = "--docs-only" ]; then update_docs; exit 0; fi

[ -f "$cli" ] || { echo "gen-doc-examples: $cli is missing: build it first (npm run build)" >&2; exit 1; }
bash test/env/up.sh > /dev/null
# shellcheck disable=SC1091
source "${BKH_ENV_DIR:-$root/test/env/.work}/env.sh"

work="$(mktemp -d /tmp/bkh-docs-XXXXXX)"
cleanup() {
  # Contexts and state files live in the sandboxes; the leftovers live in the daemon: remove them.
  docker rm -f buildx_buildkit_ghost0 buildx_buildkit_neighbour0 > /dev/null 2>&1 || true
  docker volume rm buildx_buildkit_ghost0_state buildx_buildkit_neighbour0_state > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
# Captured into the work dir first: a run that fails half-way leaves docs/examples as it was.
out="$work/examples"
mkdir -p "$out"

sock="${DOCKER_HOST:-unix:///var/run/docker.sock}"
dataroot="$(docker info --format '{{.DockerRootDir}}')"
normalise() { # home
  sed -E \
    -e "s#$1#/home/runner#g" \
    -e "s#$work#/tmp/bkh-docs#g" \
    -e "s#${work//\//%2F}#%2Ftmp%2Fbkh-docs#g" \
    -e "s#${sock}#unix:///var/run/docker.sock#g" \
    -e "s#${sock#unix://}#/var/run/docker.sock#g" \
    -e "s#${dataroot}#/var/lib/docker#g" \
    -e 's#\.broken-[0-9]{6,}#.broken-1700000000000#g' \
    -e 's#/tmp/bkh-([a-z]+)-[A-Za-z0-9]{6}#/tmp/bkh-\1-XXXXXX#g' \
    -e 's#[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z#2026-01-01T00:00:00.000Z#g' \
    -e 's#([-_])[0-9]{8}T[0-9]{6}Z#\120260101T000000Z#g'
}
NOTE='normalised: HOME -> /home/runner, daemon socket -> /var/run/docker.sock, data root -> /var/lib/docker, temp dirs, timestamps'

# sandbox NAME: a fresh HOME with its own DOCKER_CONFIG, reused by later cases of the same name.
home_of() { local h="$work/$1/home"; mkdir -p "$h/.docker"; printf '%s' "$h"; }

# capture NAME SANDBOX [--stderr] -- COMMAND ARGS...: runs the CLI as host runner-1 and saves
# stdout (and with --stderr, stderr as NAME.stderr.txt) under a header line naming the command.
capture() {
  local name="$1" box="$2" want_err=0
  shift 2
  if [ "$1" = "--stderr" ]; then want_err=1; shift; fi
  [ "$1" = "--" ] && shift
  local home rc=0
  home="$(home_of "$box")"
  local shown="$*"
  # CAPTURE_ENV: extra VAR=value words for this case; CAPTURE_PRE: shell run first in the namespace.
  HOME="$home" DOCKER_CONFIG="$home/.docker" unshare --uts --mount bash -c 'hostname runner-1; eval "$1"; shift; exec "$@"' _ "${CAPTURE_PRE:-true}" \
    env ${CAPTURE_ENV:-} node "$cli" "$@" < /dev/null > "$work/$name.out" 2> "$work/$name.err" || rc=$?
  [ -n "${CAPTURE_ENV:-}" ] && shown="(with $CAPTURE_ENV) $shown"
  { printf '# $ buildkit-healer %s   (exit %s; %s)\n' "$shown" "$rc" "$NOTE"; cat "$work/$name.out"; } | normalise "$home" > "$out/$name.txt"
  if [ "$want_err" = 1 ]; then
    { printf '# stderr of $ buildkit-healer %s   (%s)\n' "$shown" "$NOTE"; cat "$work/$name.err"; } | normalise "$home" > "$out/$name.stderr.txt"
  fi
  [ -s "$work/$name.out" ] || { echo "gen-doc-examples: $name printed nothing (exit $rc):" >&2; cat "$work/$name.err" >&2; exit 1; }
  echo "captured $name (exit $rc)"
}

corrupt_instance() { mkdir -p "$1/.docker/buildx/instances"; printf 'garbage{' > "$1/.docker/buildx/instances/broken"; }
dead_context() { HOME="$1" DOCKER_CONFIG="$1/.docker" docker context create desktop-linux --docker host=unix:///nonexistent.sock > /dev/null 2>&1 || true; }

# The CLI's own help (configuration.md embeds it, so the documented flags are the real ones).
capture cli-help help -- --help
capture cli-help-check help -- check --help
capture cli-help-heal help -- heal --help
capture cli-help-report help -- report --help

capture check-healthy healthy -- check
capture check-healthy-json healthy -- check --json
capture heal-auto-healthy healthy --stderr -- heal --mode auto

corrupt_instance "$(home_of corrupt)"
capture check-corrupt-instance corrupt -- check
# A heal validates with real builds; on a loaded 2-core machine validate.timing can exceed the
# allowed slowdown of a 2-second build (a real failure, shown in rollback.md's terms). The guide
# shows the successful path, so a heal is retried (with the fault made again) up to 3 times.
heal_until_ok() { # name box setup-function heal-args...
  local name="$1" box="$2" setup="$3" i
  shift 3
  for i in 1 2 3; do
    "$setup" "$(home_of "$box")"
    capture "$name" "$box" "$@"
    head -1 "$out/$name.txt" | grep -q '(exit 0;' && return 0
    echo "gen-doc-examples: $name failed (attempt $i): $(grep -m1 'FAILED' "$out/$name.txt" || true)" >&2
  done
  echo "gen-doc-examples: $name did not succeed in 3 attempts" >&2
  exit 1
}
heal_until_ok heal-auto-corrupt-instance corrupt corrupt_instance --stderr -- heal --mode auto

dead_context "$(home_of dead)"
capture check-dead-context dead -- check
heal_until_ok heal-repair-dead-context dead dead_context -- heal --mode repair

# Leftovers of a builder that is gone (a container that never ran and its state volume), a
# current-builder pointer to it, and another client's builder container in the middle of a build
# (a stand-in buildkitd with a build step beside it, as test/support/faults.ts runningLeftover).
leftovers() {
  docker create --name buildx_buildkit_ghost0 local/busybox-amd64:1 /bin/true > /dev/null
  docker volume create buildx_buildkit_ghost0_state > /dev/null
  printf '#!/bin/sh\nmkfifo /tmp/f\nexec 3<>/tmp/f\nread -r _ <&3\n' > "$work/buildkitd"
  chmod +x "$work/buildkitd"
  docker create --name buildx_buildkit_neighbour0 -v buildx_buildkit_neighbour0_state:/var/lib/buildkit --entrypoint /bin/sh local/busybox-amd64:1 /bin/buildkitd > /dev/null
  docker cp "$work/buildkitd" buildx_buildkit_neighbour0:/bin/buildkitd
  docker start buildx_buildkit_neighbour0 > /dev/null
  docker exec -d buildx_buildkit_neighbour0 sleep 3600
  mkdir -p "$1/.docker/buildx"
  printf '{"Key":"%s","Name":"ghost","Global":false}' "${DOCKER_HOST:-unix:///var/run/docker.sock}" > "$1/.docker/buildx/current"
}
leftovers "$(home_of leftovers)"
capture check-leftovers leftovers -- check
docker rm -f buildx_buildkit_ghost0 buildx_buildkit_neighbour0 > /dev/null
docker volume rm buildx_buildkit_ghost0_state buildx_buildkit_neighbour0_state > /dev/null

# Configuration files that do not parse.
cfg="$(home_of config)"
printf '[worker.oci\nmax-parallelism = 4\n' > "$cfg/buildkitd.toml"
printf '{"features": {"buildkit": true},}\n' > "$cfg/daemon.json"
capture check-bad-config config -- check --buildkitd-config "$cfg/buildkitd.toml" --daemon-json "$cfg/daemon.json"

# Limits: an old-buildx minimum, a cache limit and a free-disk minimum this host cannot meet.
capture check-limits limits -- check --fail-on warning --min-buildx-version 0.20.0 --cache-limit 1KB --min-free-disk 1PB

# BuildKit turned off by the environment.
CAPTURE_ENV='DOCKER_BUILDKIT=0' capture check-buildkit-off buildkit-off -- check

# The daemon is not there.
CAPTURE_ENV='DOCKER_HOST=unix:///nonexistent.sock' capture check-daemon-unreachable unreachable -- check

# A hung daemon: a socket that accepts connections and never answers (quick-call timeout 2 s).
node -e "require('net').createServer(() => {}).listen(process.argv[1])" "$work/hung.sock" &
hung=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -S "$work/hung.sock" ] && break; sleep 0.2; done
CAPTURE_ENV="DOCKER_HOST=unix://$work/hung.sock" capture check-daemon-hung hung -- check --timeout 2
kill "$hung"

# A truncated buildx plugin in the user's cli-plugins (it shadows the system one).
br="$(home_of broken-plugin)"
mkdir -p "$br/.docker/cli-plugins"
head -c 1024 "$(docker info --format '{{range .ClientInfo.Plugins}}{{if eq .Name "buildx"}}{{.Path}}{{end}}{{end}}')" > "$br/.docker/cli-plugins/docker-buildx"
chmod 0755 "$br/.docker/cli-plugins/docker-buildx"
# (check's baseline build crashes in this state in 0.1.0; a heal retries without the baseline.)
capture heal-dry-run-broken-plugin broken-plugin -- heal --mode auto --dry-run

# No buildx plugin at all: every system plugin directory hidden behind an empty one (private mounts).
mkdir -p "$work/no-plugins"
hide=''
for d in /usr/local/lib/docker/cli-plugins /usr/local/libexec/docker/cli-plugins /usr/lib/docker/cli-plugins /usr/libexec/docker/cli-plugins; do
  [ -d "$d" ] && hide="$hide mount --bind $work/no-plugins $d;"
done
CAPTURE_PRE="$hide" capture heal-dry-run-buildx-missing no-buildx -- heal --mode auto --dry-run

bx="$(docker info --format '{{range .ClientInfo.Plugins}}{{if eq .Name "buildx"}}{{.Path}}{{end}}{{end}}')"
sha="$(sha256sum "$bx" | cut -d' ' -f1)"
capture heal-reinstall-dry-run reinstall --stderr -- heal --mode reinstall --dry-run \
  --buildx-version 0.13.1 --buildx-file "$bx" --buildx-sha256 "$sha" \
  --gc-keep-storage 10GB --gc-keep-duration 720h \
  --builders '[{name: ci, driver: docker-container, platforms: "linux/amd64,linux/arm64", driver-opts: {memory: 4g}, use: true}]'

# A real reinstall with GC limits into a daemon.json of the sandbox (other keys kept), and that file.
gc="$(home_of gc)"
gc_daemon_json() { printf '{\n  "log-level": "warn"\n}\n' > "$1/daemon.json"; }
heal_until_ok heal-reinstall-gc gc gc_daemon_json -- heal --mode reinstall --daemon-json "$gc/daemon.json" --gc-keep-storage 10GB --gc-keep-duration 720h
{ printf '# %s after the reinstall above (before: {"log-level": "warn"}; %s)\n' "$gc/daemon.json" "$NOTE"; cat "$gc/daemon.json"; } \
  | normalise "$gc" > "$out/reinstall-gc-daemon-json.txt"
echo "captured reinstall-gc-daemon-json"

# Restoring by hand: unpack the newest bundle of the dead-context sandbox, verify every entry
# against the manifest, list what goes where (a transcript: each command, then its output).
transcript() { # home command...
  local h="$1"; shift
  local c
  for c in "$@"; do
    printf '$ %s\n' "$c"
    (cd "$work/manual" && HOME="$h" DOCKER_CONFIG="$h/.docker" bash -c "$c" 2>&1) || true
  done
}
home="$(home_of dead)"
mkdir -p "$work/manual"
{ printf '# restoring a backup by hand (%s)\n' "$NOTE"
  transcript "$home" \
    'ls ~/.buildkit-healer/backups/' \
    'tar -xzf "$(ls -t ~/.buildkit-healer/backups/*.tar.gz | head -1)" && ls -R .' \
    "jq '{format, version, name, createdAt, currentBuilder, builders: [.builders[] | {name, driver, status}]}' manifest.json" \
    "jq -r '.files[] | \"\\(.sha256)  \\(.entry)\"' manifest.json | sha256sum -c -" \
    "jq -r '.files[] | \"\\(.entry)  \\(.kind)  \\(.mode)  \\(.path)\"' manifest.json" \
    "jq -r '.files[] | select(.kind == \"instance\" or .kind == \"current\" or .kind == \"context-meta\") | \"\\(.entry) \\(.mode) \\(.path)\"' manifest.json | while read -r entry mode path; do install -D -m \"\$(printf %o \"\$mode\")\" \"\$entry\" \"\$path\" && echo \"restored \$path\"; done" \
    'docker context ls --format "{{.Name}} {{.DockerEndpoint}}"' \
    'docker buildx ls'
} | normalise "$home" > "$out/rollback-by-hand.txt"
echo "captured rollback-by-hand"

# Rollback on a host: the rollback action's bundle with its inputs as INPUT_* variables (as the
# runner passes them); then, when this build of the CLI has them, `backups` and `rollback --latest`.
home="$(home_of dead)"
rc=0
HOME="$home" DOCKER_CONFIG="$home/.docker" unshare --uts bash -c 'hostname runner-1; shift; exec "$@"' _ _ \
  env 'INPUT_BACKUP-STORE=local' node "$rb" < /dev/null > "$work/rb.out" 2> "$work/rb.err" || rc=$?
{ printf '# $ INPUT_BACKUP-STORE=local node dist/rollback/index.js   (exit %s; the rollback action on a host; %s)\n' "$rc" "$NOTE"
  cat "$work/rb.out" "$work/rb.err"; } | normalise "$home" > "$out/rollback-action-local.txt"
echo "captured rollback-action-local (exit $rc)"
if node "$cli" help backups > /dev/null 2>&1 && node "$cli" help rollback > /dev/null 2>&1; then
  capture cli-help-backups help -- backups --help
  capture cli-help-rollback help -- rollback --help
  capture backups dead -- backups
  capture rollback-latest-dry-run dead -- rollback --latest --dry-run
  capture rollback-latest dead -- rollback --latest
fi

mkdir -p "$final"
rm -f "$final"/*.txt
cp "$out"/*.txt "$final"/
update_docs
ls -l "$final"
