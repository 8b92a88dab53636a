/**
 * Support for the fault suite and the kill/concurrency tests: start the real CLI bundle as a
 * separate process (optionally killing it when a phase line appears on its stderr), read what a
 * heal left behind, and collect the suite's rows into the table it prints.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../src/core/report.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** BKH_CLI tests another build of the bundle; by default the committed one. */
export const cliBundle = process.env.BKH_CLI ?? join(root, 'dist/cli/index.js');
export const healBundle = process.env.BKH_HEAL_ACTION ?? join(root, 'dist/heal/index.js');
export const rollbackBundle = process.env.BKH_ROLLBACK_ACTION ?? join(root, 'dist/rollback/index.js');

export interface Proc {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The phase line that triggered the kill, when one did. */
  killedAt?: string;
  startedMs: number;
  endedMs: number;
}

export interface RunOpts {
  env: NodeJS.ProcessEnv;
  /** Kill the process with `signal` as soon as its stderr shows `==> <phase>`. */
  killAt?: { phase: string; signal: NodeJS.Signals };
  /** Run `run` once as soon as stderr shows `==> <phase>` (e.g. freeze the daemon). */
  onPhase?: { phase: string; run: () => void };
  /** A hard limit for the whole process (the test fails on it rather than hanging). */
  timeoutMs?: number;
  input?: string;
}

/** Runs a bundle (`node BUNDLE ...args`) and resolves when it exits. */
export function runNode(bundle: string, args: string[], o: RunOpts): Promise<Proc> {
  return new Promise((res, rej) => {
    const startedMs = Date.now();
    const child = spawn(process.execPath, [bundle, ...args], { env: o.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killedAt: string | undefined;
    let phaseSeen = false;
    const limit = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 300_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const ph = o.onPhase;
      if (
        ph !== undefined &&
        !phaseSeen &&
        stderr.split('\n').some((l) => l === `==> ${ph.phase}` || l.startsWith(`==> ${ph.phase} `))
      ) {
        phaseSeen = true;
        ph.run();
      }
      const k = o.killAt;
      if (k === undefined || killedAt !== undefined) return;
      const line = stderr.split('\n').find((l) => l === `==> ${k.phase}` || l.startsWith(`==> ${k.phase} `));
      if (line !== undefined) {
        killedAt = line;
        child.kill(k.signal);
      }
    });
    child.on('error', rej);
    child.stdin.end(o.input ?? '');
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      const p: Proc = { code, signal, stdout, stderr, startedMs, endedMs: Date.now() };
      if (killedAt !== undefined) p.killedAt = killedAt;
      res(p);
    });
  });
}

export function runCli(args: string[], o: RunOpts): Promise<Proc> {
  return runNode(cliBundle, args, o);
}

export function readReport(path: string): Report {
  return JSON.parse(readFileSync(path, 'utf8')) as Report;
}

export function sha256(b: Buffer | string): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Every regular file under `dir`, by path, with its SHA-256. */
export function treeHashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(p, sha256(readFileSync(p)));
    }
  };
  walk(dir);
  return out;
}

// ---- the table ---------------------------------------------------------------------------

export interface Row {
  scenario: string;
  expected: 'healed' | 'refused';
  outcome: 'healed' | 'refused' | 'failed' | 'crashed';
  /** The failure (when there is one) names what went wrong in words a user can act on. */
  clearError: boolean;
  /** Backed-up or pre-existing files that are gone or changed when they should not be. */
  dataLost: number;
  detail?: string;
  ms?: number;
}

/** A row is as expected when it ended as expected, said clearly why, and lost nothing. */
export function rowOk(r: Row): boolean {
  return r.outcome === r.expected && r.clearError && r.dataLost === 0;
}

export function renderTable(rows: Row[]): string {
  const head = ['scenario', 'expected', 'outcome', 'clear', 'lost', 'ms', 'ok'];
  const body = rows.map((r) => [
    r.scenario,
    r.expected,
    r.outcome,
    r.clearError ? 'yes' : 'NO',
    String(r.dataLost),
    String(r.ms ?? ''),
    rowOk(r) ? 'ok' : 'UNEXPECTED',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const bad = rows.filter((r) => !rowOk(r));
  const summary = [
    `scenarios tried: ${rows.length}`,
    `as expected: ${rows.length - bad.length} (healed ${rows.filter((r) => r.outcome === 'healed').length}, refused ${rows.filter((r) => r.outcome === 'refused').length})`,
    `data lost: ${rows.reduce((n, r) => n + r.dataLost, 0)}`,
    `unclear errors: ${rows.filter((r) => !r.clearError).length}`,
  ];
  const details = bad.map((r) => `UNEXPECTED ${r.scenario}: ${r.detail ?? ''}`);
  return [line(head), ...body.map(line), '', ...summary, ...details].join('\n');
}

/**
 * Whether an error text is one a user can act on: it says what failed in words, not a bare exit
 * code or a stack trace, and not `undefined`/`[object Object]`.
 */
export function isClearError(text: string | undefined): boolean {
  if (text === undefined) return false;
  const t = text.trim();
  if (t.length < 15) return false;
  if (/\bat \S+ \(.*:\d+:\d+\)/.test(t)) return false; // a stack trace
  if (/\bundefined\b|\[object Object\]|^exit \d+$/i.test(t)) return false;
  return true;
}
