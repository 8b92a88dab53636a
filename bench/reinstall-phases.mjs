#!/usr/bin/env node
// Where a full reinstall spends its time: runs `heal --mode reinstall` (N times, default 1) with a
// JSON report, and prints each phase's duration from the report's `phases`, plus the validation
// checks' durations, as a table and as JSON.
//
//   node bench/reinstall-phases.mjs [--runs N] [--json FILE] [--cli dist/cli/index.js] [-- extra heal args]
//
// Reinstall changes the builders of the docker it talks to: point DOCKER_HOST / DOCKER_CONFIG at a
// test environment (test/env/up.sh), never at a machine whose builders matter. Plain node with
// child_process and a timeout on every call; kept out of the test tiers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = 30 * 60_000;

function parseArgs(argv) {
  const o = { runs: 1, json: undefined, extra: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      o.extra = argv.slice(i + 1);
      break;
    }
    if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--cli') o.cli = argv[++i];
    else throw new Error(`unknown argument ${a} (accepted: --runs N, --json FILE, --cli FILE, -- extra heal args)`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error(`--runs must be a positive integer, got ${o.runs}`);
  return o;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.ceil(s.length / 2) - 1];
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const cli = o.cli ?? join(root, 'dist', 'cli', 'index.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the bundle first (npm run build)`);
  const dir = mkdtempSync(join(tmpdir(), 'bkh-bench-'));
  const runs = [];
  try {
    for (let i = 0; i < o.runs; i++) {
      const reportPath = join(dir, `report-${i}.json`);
      const args = [cli, 'heal', '--mode', 'reinstall', '--report-path', reportPath, ...o.extra];
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, {
        encoding: 'utf8',
        timeout: TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      });
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (!existsSync(reportPath)) {
        throw new Error(
          `run ${i + 1}: no report written (exit ${r.status}, signal ${r.signal}): ${(r.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`,
        );
      }
      const report = JSON.parse(readFileSync(reportPath, 'utf8'));
      runs.push({
        exit: r.status,
        wallMs,
        status: report.status,
        phases: (report.phases ?? []).map((p) => ({
          phase: p.phase,
          durationMs: p.durationMs,
          ok: p.ok,
          skipped: p.skipped === true,
        })),
        validation: (report.validation ?? []).map((c) => ({
          id: c.id,
          builder: c.builder,
          ok: c.ok,
          durationMs: c.durationMs,
        })),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const phaseNames = [...new Set(runs.flatMap((r) => r.phases.map((p) => p.phase)))];
  const rows = phaseNames.map((name) => {
    const ds = runs.map((r) => r.phases.find((p) => p.phase === name)).filter(Boolean);
    return {
      phase: name,
      medianMs: median(ds.map((p) => p.durationMs)),
      ok: ds.every((p) => p.ok),
      skipped: ds.every((p) => p.skipped),
    };
  });
  const checkIds = [
    ...new Set(runs.flatMap((r) => r.validation.map((c) => `${c.id}${c.builder ? ` [${c.builder}]` : ''}`))),
  ];
  const checks = checkIds.map((key) => {
    const ds = runs.flatMap((r) => r.validation.filter((c) => `${c.id}${c.builder ? ` [${c.builder}]` : ''}` === key));
    return { check: key, medianMs: median(ds.map((c) => c.durationMs ?? NaN)), ok: ds.every((c) => c.ok) };
  });
  const total = median(runs.map((r) => r.wallMs));
  const w = Math.max(10, ...rows.map((r) => r.phase.length), ...checks.map((c) => c.check.length + 2));
  // Each phase's and each check's share of the wall time (the rest is Node's start, the lock, the report).
  const share = (ms) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
  console.log(`${'phase'.padEnd(w)}  median ms   share  ok`);
  for (const r of rows)
    console.log(
      `${r.phase.padEnd(w)}  ${r.medianMs.toFixed(0).padStart(9)}  ${share(r.medianMs)}  ${r.skipped ? 'skipped' : r.ok ? 'yes' : 'NO'}`,
    );
  for (const c of checks)
    console.log(
      `${`  ${c.check}`.padEnd(w)}  ${c.medianMs.toFixed(0).padStart(9)}  ${share(c.medianMs)}  ${c.ok ? 'yes' : 'NO'}`,
    );
  console.log(
    `${'wall'.padEnd(w)}  ${total.toFixed(0).padStart(9)}  (runs: ${runs.length}, statuses: ${runs.map((r) => r.status).join(', ')})`,
  );
  const result = {
    bench: 'reinstall-phases',
    when: new Date().toISOString(),
    node: process.version,
    runs: runs.length,
    wallMsMedian: total,
    phases: rows,
    validation: checks,
    raw: runs,
  };
  console.log(JSON.stringify(result));
  if (o.json) writeFileSync(o.json, `${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`reinstall-phases: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
}
