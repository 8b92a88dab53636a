#!/usr/bin/env node
// The docker tier's files split into N shards of about equal time, each run by test/run.sh against
// its own test environment (its own dockerd, registry, Azurite: test/env/up.sh with another
// BKH_ENV_DIR and BKH_BRIDGE), so that the tier takes the time of its longest shard.
//
//   node test/docker-shards.mjs list I N [durations.json...]   the files of shard I (1-based) of N
//   node test/docker-shards.mjs record OUT report.json...      merge the durations of vitest JSON
//                                                              reports into OUT (kept per machine)
//   node test/docker-shards.mjs failures report.json...        what failed: a summary on stderr
//                                                              (printed last by test/run.sh, so a
//                                                              CI log's tail names it), the failed
//                                                              files on stdout; exit 2 when a report
//                                                              is missing or unreadable
//
// Durations: the later file wins (the committed test/docker-durations.json first, then what this
// machine measured); a file no list knows counts as the median of those it knows. The split is the
// greedy longest-first one: each file goes to the shard with the least time so far.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const TIERS = ['test/itg', 'test/e2e'];

function dockerFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.ts')) out.push(p);
    }
  };
  for (const t of TIERS) if (existsSync(join(root, t))) walk(t);
  return out.sort();
}

function readDurations(paths) {
  const d = {};
  for (const p of paths) {
    if (!existsSync(p)) continue;
    try {
      const j = JSON.parse(readFileSync(p, 'utf8'));
      for (const [f, s] of Object.entries(j.files ?? {})) if (typeof s === 'number' && s > 0) d[f] = s;
    } catch {
      // A damaged list only costs balance, never the run.
    }
  }
  return d;
}

export function split(files, durations, n) {
  const known = files
    .map((f) => durations[f])
    .filter((s) => s !== undefined)
    .sort((a, b) => a - b);
  const median = known.length > 0 ? known[Math.floor(known.length / 2)] : 1;
  const cost = (f) => durations[f] ?? median;
  const shards = Array.from({ length: n }, () => ({ files: [], total: 0 }));
  for (const f of [...files].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b))) {
    const s = shards.reduce((min, x) => (x.total < min.total ? x : min));
    s.files.push(f);
    s.total += cost(f);
  }
  return shards;
}

// The failed tests of vitest JSON reports: per file, the file-level error (a hook, an import) and each
// failed test's full name with the first lines of its first failure message.
export function failures(reports) {
  const out = [];
  for (const j of reports) {
    for (const t of j.testResults ?? []) {
      const tests = (t.assertionResults ?? []).filter((a) => a.status === 'failed');
      if (t.status !== 'failed' && tests.length === 0) continue;
      out.push({
        file: relative(root, t.name),
        error: tests.length === 0 ? firstLines(t.message ?? '') : '',
        tests: tests.map((a) => ({
          name: a.fullName ?? a.title ?? '',
          message: firstLines(a.failureMessages?.[0] ?? ''),
        })),
      });
    }
  }
  return out;
}

function firstLines(text, n = 6) {
  return text.split('\n').slice(0, n).join('\n');
}

function main() {
  const [cmd, ...args] = process.argv.slice(2);
  if (cmd === 'list') {
    const [i, n, ...lists] = args;
    const k = Number(i);
    const count = Number(n);
    if (!(count >= 1 && k >= 1 && k <= count)) {
      console.error('usage: docker-shards.mjs list I N [durations.json...]');
      process.exitCode = 2;
      return;
    }
    const durations = readDurations([join(root, 'test/docker-durations.json'), ...lists]);
    const shard = split(dockerFiles(), durations, count)[k - 1];
    console.error(`[docker ${k}/${count}] ${shard.files.length} files, about ${Math.round(shard.total)} s`);
    console.log(shard.files.join('\n'));
  } else if (cmd === 'record') {
    const [out, ...reports] = args;
    const d = readDurations([out]);
    for (const r of reports) {
      if (!existsSync(r)) continue;
      const j = JSON.parse(readFileSync(r, 'utf8'));
      for (const t of j.testResults ?? []) {
        if (typeof t.startTime === 'number' && typeof t.endTime === 'number' && t.endTime > t.startTime)
          d[relative(root, t.name)] = Math.round((t.endTime - t.startTime) / 100) / 10;
      }
    }
    writeFileSync(out, `${JSON.stringify({ files: d }, null, 2)}\n`);
  } else if (cmd === 'failures') {
    const reports = [];
    for (const r of args) {
      try {
        reports.push(JSON.parse(readFileSync(r, 'utf8')));
      } catch (e) {
        console.error(`no readable vitest report at ${r}: ${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = 2;
      }
    }
    for (const f of failures(reports)) {
      console.error(`FAILED ${f.file}`);
      if (f.error) console.error(f.error.replace(/^/gm, '    '));
      for (const t of f.tests) console.error(`  x ${t.name}\n${t.message.replace(/^/gm, '      ')}`);
      console.log(f.file);
    }
  } else {
    console.error(
      'usage: docker-shards.mjs list I N [durations.json...] | record OUT report.json... | failures report.json...',
    );
    process.exitCode = 2;
    return;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
