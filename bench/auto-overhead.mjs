#!/usr/bin/env node
// Overhead of `heal --mode auto` on a healthy runner, against the cheapest buildx call there is.
// Both commands run side by side in one run, interleaved (A B A B ...), so drift on the machine
// (page cache, daemon load) hits both alike. Prints median and p90 of each, the ratio, and whether
// the goal holds (auto <= 2x a bare `docker buildx ls` and < 1 s), as a table and as JSON.
//
//   node bench/auto-overhead.mjs [--runs N] [--warmup N] [--json FILE] [--cli dist/cli/index.js]... [-- extra heal args]
//   (--cli more than once: every bundle runs in the same interleaved rounds, e.g. before and after a change)
//   BKH_BENCH_CMD='node dist/cli/index.js check' node bench/auto-overhead.mjs   (another candidate)
//
// Plain node with child_process: the bench is a tool, not part of the product's Runner door; every
// call still has a timeout. Kept out of the test tiers on purpose (timings are not assertions).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = 120_000;

function parseArgs(argv) {
  const o = { runs: 15, warmup: 2, json: undefined, extra: [], clis: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      o.extra = argv.slice(i + 1);
      break;
    }
    if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--warmup') o.warmup = Number(argv[++i]);
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--cli') o.clis.push(argv[++i]);
    else if (a === '-h' || a === '--help') {
      o.help = true;
    } else
      throw new Error(
        `unknown argument ${a} (accepted: --runs N, --warmup N, --json FILE, --cli FILE, -- extra heal args)`,
      );
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error(`--runs must be a positive integer, got ${o.runs}`);
  if (!Number.isInteger(o.warmup) || o.warmup < 0) throw new Error(`--warmup must be 0 or more, got ${o.warmup}`);
  return o;
}

function candidates(o) {
  const extra = o.extra;
  if (process.env.BKH_BENCH_CMD) {
    const [file, ...args] = process.env.BKH_BENCH_CMD.split(/\s+/).filter(Boolean);
    return [{ label: process.env.BKH_BENCH_CMD, file, args: [...args, ...extra] }];
  }
  const clis = o.clis.length > 0 ? o.clis : [join(root, 'dist', 'cli', 'index.js')];
  return clis.map((cli) => {
    if (!existsSync(cli))
      throw new Error(`${cli} is missing: build the bundle first (npm run build), or set BKH_BENCH_CMD`);
    const label = clis.length === 1 ? 'buildkit-healer heal --mode auto' : `heal --mode auto (${cli})`;
    return { label, file: process.execPath, args: [cli, 'heal', '--mode', 'auto', ...extra] };
  });
}

function timeOnce(file, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return {
    ms,
    status: r.status,
    signal: r.signal,
    error: r.error?.message,
    stderr: (r.stderr ?? '').trim().split('\n').slice(-3).join(' | '),
  };
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  // Nearest-rank: p90 of 10 samples is the 9th, never an interpolated value nobody measured.
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, min: s[0], median: quantile(s, 0.5), p90: quantile(s, 0.9), max: s[s.length - 1] };
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    console.log('node bench/auto-overhead.mjs [--runs N] [--warmup N] [--json FILE] [--cli FILE] [-- extra heal args]');
    return 0;
  }
  const bare = { label: 'docker buildx ls', file: 'docker', args: ['buildx', 'ls'] };
  const cands = candidates(o);
  const all = [bare, ...cands];
  const samples = all.map(() => []);
  const failures = [];
  for (let i = 0; i < o.warmup + o.runs; i++) {
    // Rotate which goes first, so none always runs on a just-warmed daemon.
    const order = all.map((_, k) => (k + i) % all.length);
    for (const k of order) {
      const c = all[k];
      const r = timeOnce(c.file, c.args);
      if (r.error !== undefined || r.signal !== null) failures.push({ cmd: c.label, run: i, ...r });
      else if (k === 0 && r.status !== 0) failures.push({ cmd: c.label, run: i, ...r });
      if (i >= o.warmup) samples[k].push(r.ms);
      if (i === o.warmup && k > 0) process.stderr.write(`[bench] ${c.label}: exit ${r.status}\n`);
    }
  }
  const st = samples.map(stats);
  const a = st[0];
  const results = cands.map((c, j) => {
    const b = st[j + 1];
    const ratio = b.median / a.median;
    return {
      cmd: c.label,
      ...b,
      ratioMedian: ratio,
      overheadMsMedian: b.median - a.median,
      goal: { maxRatio: 2, maxMs: 1000, ratioOk: ratio <= 2, absoluteOk: b.p90 < 1000 },
    };
  });
  const first = results[0];
  const result = {
    bench: 'auto-overhead',
    when: new Date().toISOString(),
    runs: o.runs,
    warmup: o.warmup,
    node: process.version,
    bare: { cmd: bare.label, ...a },
    candidate: first,
    candidates: results,
    ratioMedian: first.ratioMedian,
    overheadMsMedian: first.overheadMsMedian,
    goal: first.goal,
    failures,
  };
  const f = (x) => x.toFixed(1).padStart(9);
  const rows = [
    ['command', '    n', '   median', '      p90', '      min', '      max'],
    ...all.map((c, k) => [
      c.label,
      String(st[k].n).padStart(5),
      f(st[k].median),
      f(st[k].p90),
      f(st[k].min),
      f(st[k].max),
    ]),
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const r of rows) console.log(`${r[0].padEnd(w)}  ${r.slice(1).join('  ')}`);
  for (const r of results) {
    console.log(
      `${results.length > 1 ? `${r.cmd}: ` : ''}ratio (median): ${r.ratioMedian.toFixed(2)}x (goal <= 2x: ${r.goal.ratioOk ? 'met' : 'NOT met'}); p90 ${r.p90.toFixed(0)} ms (goal < 1000 ms: ${r.goal.absoluteOk ? 'met' : 'NOT met'})`,
    );
  }
  if (failures.length > 0) console.log(`${failures.length} run(s) failed: ${JSON.stringify(failures.slice(0, 3))}`);
  console.log(JSON.stringify(result));
  if (o.json) writeFileSync(o.json, `${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`auto-overhead: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
}
