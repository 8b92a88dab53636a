#!/usr/bin/env bash
# buildkit-healer job-started hook for self-hosted GitHub Actions runners.
#
# Point the runner at it (in the runner's .env file, then restart the runner service):
#   ACTIONS_RUNNER_HOOK_JOB_STARTED=/opt/buildkit-healer/scripts/runner-hook.sh
# The runner starts it as `bash -e <this file>` before every job, in the "Set up runner" step;
# a non-zero exit fails the job before it starts, unless BUILDKIT_HEALER_REPORT_ONLY=true.
#
# Settings (environment of the runner service, or its .env file):
#   BUILDKIT_HEALER_CLI          the CLI: a .js file (run with node) or an executable.
#                                Default: dist/cli/index.js beside this script (or one folder up),
#                                else `buildkit-healer` on PATH.
#   BUILDKIT_HEALER_NODE         node binary for a .js CLI (default: node on PATH).
#   BUILDKIT_HEALER_MODE         check | auto | repair | reinstall (default: auto).
#   BUILDKIT_HEALER_REPORT       JSON report path (default: $RUNNER_TEMP/buildkit-healer-report.json).
#   BUILDKIT_HEALER_METRICS      Prometheus textfile to write (e.g. .../textfile_collector/buildkit_healer.prom).
#   BUILDKIT_HEALER_REPORT_ONLY  true: never fail the job; a problem is a warning in the log.
#   BUILDKIT_HEALER_TIMEOUT      seconds for the whole run (default: 900); it is killed after that.
#   BUILDKIT_HEALER_ARGS         more CLI flags, split on spaces (e.g. "--fail-on warning --backup-dir /srv/bkh").
#
# The runner starts hooks with `bash -e`: errexit is turned off here on purpose, because every
# failure is handled below, so that report-only can always exit 0.
set +e -uo pipefail

log() { printf 'buildkit-healer hook: %s\n' "$*" >&2; }

# A GitHub annotation when the runner is reading (the hook may use workflow commands), plain otherwise.
warn() {
  if [ "${GITHUB_ACTIONS:-}" = "true" ]; then
    printf '::warning title=buildkit-healer::%s\n' "$*"
  else
    log "warning: $*"
  fi
}

# Booleans are parsed explicitly: 'false' must never count as true.
parse_bool() { # name value default
  local v="${2:-$3}"
  case "${v,,}" in
    true | yes | 1 | on) echo true ;;
    false | no | 0 | off) echo false ;;
    *)
      log "invalid $1 \"$2\": expected true or false"
      return 1
      ;;
  esac
}

if ! report_only="$(parse_bool BUILDKIT_HEALER_REPORT_ONLY "${BUILDKIT_HEALER_REPORT_ONLY:-}" false)"; then
  exit 2
fi

# In report-only mode every failure ends here with exit 0.
finish() { # exit-code message
  if [ "$1" -ne 0 ]; then
    if [ "$report_only" = true ]; then
      warn "$2 (BUILDKIT_HEALER_REPORT_ONLY=true: the job runs anyway)"
      exit 0
    fi
    printf '::error title=buildkit-healer::%s\n' "$2"
  fi
  exit "$1"
}

mode="${BUILDKIT_HEALER_MODE:-auto}"
case "$mode" in
  check | auto | repair | reinstall) ;;
  *) finish 2 "invalid BUILDKIT_HEALER_MODE \"$mode\": expected check, auto, repair or reinstall" ;;
esac

timeout_s="${BUILDKIT_HEALER_TIMEOUT:-900}"
if ! [[ "$timeout_s" =~ ^[1-9][0-9]*$ ]]; then
  finish 2 "invalid BUILDKIT_HEALER_TIMEOUT \"$timeout_s\": expected a whole number of seconds"
fi

tmp_base="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
report="${BUILDKIT_HEALER_REPORT:-$tmp_base/buildkit-healer-report.json}"
metrics="${BUILDKIT_HEALER_METRICS:-}"
node_bin="${BUILDKIT_HEALER_NODE:-node}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The command line of the CLI, as an array.
cli=()
if [ -n "${BUILDKIT_HEALER_CLI:-}" ]; then
  case "$BUILDKIT_HEALER_CLI" in
    *.js | *.mjs | *.cjs) cli=("$node_bin" "$BUILDKIT_HEALER_CLI") ;;
    *) cli=("$BUILDKIT_HEALER_CLI") ;;
  esac
  if [ ! -e "$BUILDKIT_HEALER_CLI" ] && ! command -v "$BUILDKIT_HEALER_CLI" > /dev/null 2>&1; then
    finish 1 "BUILDKIT_HEALER_CLI \"$BUILDKIT_HEALER_CLI\" does not exist"
  fi
elif [ -f "$here/dist/cli/index.js" ]; then
  cli=("$node_bin" "$here/dist/cli/index.js")
elif [ -f "$here/../dist/cli/index.js" ]; then
  cli=("$node_bin" "$(cd "$here/.." && pwd)/dist/cli/index.js")
elif command -v buildkit-healer > /dev/null 2>&1; then
  cli=(buildkit-healer)
else
  finish 1 "cannot find the buildkit-healer CLI: set BUILDKIT_HEALER_CLI, or install it on PATH"
fi

if [ "$mode" = check ]; then args=(check --json); else args=(heal --mode "$mode" --json); fi
# Extra flags are split on whitespace on purpose (documented above); no globbing.
extra=()
if [ -n "${BUILDKIT_HEALER_ARGS:-}" ]; then
  set -f
  # shellcheck disable=SC2206
  extra=(${BUILDKIT_HEALER_ARGS})
  set +f
fi

if ! mkdir -p "$(dirname "$report")"; then finish 1 "cannot create the directory of $report"; fi
# The report is written whole or not at all: the CLI's JSON goes to a temp file first.
partial="$(mktemp "$(dirname "$report")/.buildkit-healer-report.XXXXXX")" || finish 1 "cannot write beside $report"
trap 'rm -f "$partial"' EXIT

runner=()
if command -v timeout > /dev/null 2>&1; then runner=(timeout --kill-after=30 "$timeout_s"); fi

log "running ${cli[*]} ${args[*]} ${extra[*]:-} (runner ${RUNNER_NAME:-?}, job ${GITHUB_JOB:-?}, run ${GITHUB_RUN_ID:-?})"
start=$(date +%s)
# stdin from /dev/null: the runner gives none, and nothing here may wait for a terminal.
"${runner[@]}" "${cli[@]}" "${args[@]}" "${extra[@]}" < /dev/null > "$partial"
rc=$?
log "finished in $(($(date +%s) - start))s with exit code $rc"

if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
  finish "$rc" "buildkit-healer $mode did not finish within ${timeout_s}s and was stopped"
fi

# Keep the report only when the CLI printed one (a crash prints none: keep the previous report).
have_report=false
if [ -s "$partial" ] && grep -q '"schema": *"buildkit-healer/report"' "$partial"; then
  # mktemp makes it 0600; a report is for people and tools on the host to read.
  if chmod 644 "$partial" && mv -f "$partial" "$report"; then
    have_report=true
    log "report: $report"
  else
    warn "could not write the report to $report"
  fi
else
  warn "buildkit-healer printed no report (exit code $rc)"
fi

if [ -n "$metrics" ] && [ "$have_report" = true ]; then
  if "${cli[@]}" report metrics "$report" --output "$metrics" < /dev/null; then
    log "metrics: $metrics"
  else
    warn "could not write the metrics file $metrics"
  fi
fi

if [ "$rc" -ne 0 ]; then
  why="buildkit-healer $mode failed (exit code $rc)"
  if [ "$have_report" = true ]; then
    status="$("$node_bin" -e 'try { process.stdout.write(String(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).status)) } catch {}' "$report" 2> /dev/null)"
    why="BuildKit on this runner is ${status:-not healthy} (buildkit-healer $mode, exit code $rc; report: $report)"
  fi
  finish "$rc" "$why"
fi
finish 0 ""
