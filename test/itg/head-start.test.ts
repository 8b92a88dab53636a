/**
 * The head start (src/docker/prestart.ts) on the real daemon, through the bundles as users start
 * them: the CLI's `heal --mode auto` and the heal action in mode auto, each with bench/trace-hook.mjs
 * preloaded (NODE_OPTIONS), which records every child process, every Engine API request and the
 * head start's counts. Each quick question is asked once, every answer asked ahead is taken, and the
 * verdict and findings are those of the same run with the head start off (BKH_PRESTART=0), healthy
 * and with a daemon that does not answer. The action's default mode (check) asks nothing ahead. A
 * run stopped by bad input after its head start changes nothing under ~/.docker and leaves no
 * process behind. The plugin's metadata answer is remembered by the binary's identity
 * (src/docker/plugin-memo.ts): asked once, then not, and asked again once the binary changes.
 * The chunks run as scripts with the code cache the first run wrote (src/core/chunk-cache.ts).
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../support/env.js';
import { runStep } from '../support/action-step.js';
import { startResultsService, type ResultsService } from '../support/results-service.js';
import type { Report } from '../../src/core/report.js';

const root = resolve(import.meta.dirname, '..', '..');
const dist = process.env.BKH_DIST ?? join(root, 'dist');
const HOOK = join(root, 'bench', 'trace-hook.mjs');
const node24 = process.env.BKH_NODE24 ?? process.execPath;
const REAL_PLUGIN = '/usr/libexec/docker/cli-plugins/docker-buildx';

interface Trace {
  children: { argv: string }[];
  requests: { path: string }[];
  headStart?: { offered: number; taken: number; dropped: number };
  chunkCache?: { scripts: number; cached: number; rejected: number; fallback: number };
  builtins: string[];
}

/** A healthy run never loads node:crypto (src/core/crypto.ts: some twenty of Node's modules). */
function noCrypto(t: Trace): void {
  expect(t.builtins, "Node's modules loaded").toContain('child_process');
  expect(t.builtins.filter((m) => /crypto/.test(m))).toEqual([]);
}

let sb: Sandbox | undefined;
let svc: ResultsService | undefined;
afterEach(async () => {
  await svc?.dispose();
  svc = undefined;
  sb?.cleanup();
  sb = undefined;
});

function traced(s: Sandbox, name: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = join(s.dir, `trace-${name}.json`);
  rmSync(file, { force: true });
  return { ...env, NODE_OPTIONS: `--import=${HOOK}`, BKH_TRACE_FILE: file };
}

function readTrace(s: Sandbox, name: string): Trace {
  return JSON.parse(readFileSync(join(s.dir, `trace-${name}.json`), 'utf8')) as Trace;
}

/** The CLI bundle's `heal --mode auto --json`; its report and trace. */
function cliHeal(
  s: Sandbox,
  name: string,
  extra: NodeJS.ProcessEnv = {},
): { status: number | null; report: Report; trace: Trace } {
  const env = traced(s, name, { ...s.env, ...extra });
  const r = spawnSync(
    node24,
    [join(dist, 'cli', 'index.js'), 'heal', '--mode', 'auto', '--json', '--backup-dir', join(s.dir, 'backups')],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${String(r.status)}):\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, report, trace: readTrace(s, name) };
}

/** Every file under `dir`: relative path -> sha256 of its content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    out[p.slice(dir.length + 1)] = createHash('sha256').update(readFileSync(p)).digest('hex');
  }
  return out;
}

/** Processes still running with this sandbox's DOCKER_CONFIG in their environment (a docker or buildx the run started). */
function leftRunning(s: Sandbox): string[] {
  const mark = `DOCKER_CONFIG=${s.dockerConfig}\0`;
  const left: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'utf8').includes(mark)) continue;
      left.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return left;
}

const verdict = (r: Report) => ({
  status: r.status,
  findings: r.findings.map((f) => `${f.severity} ${f.id} ${f.subject ?? ''}`).sort(),
});

/** Lets a file just written settle (the memo remembers nothing of a file changed within 2 s of a run). */
function settle(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
}

/** How many times the plugin's `docker-cli-plugin-metadata` ran. */
const metadataRuns = (t: Trace) => t.children.filter((c) => c.argv.endsWith(' docker-cli-plugin-metadata')).length;

/** Each question of the quick look asked once: one direct `ls` of the plugin, one of each read. */
function askedOnce(t: Trace): void {
  const direct = t.children.filter((c) => / buildx ls --format json$/.test(c.argv) && !c.argv.startsWith('docker '));
  expect(direct.map((c) => c.argv)).toHaveLength(1);
  const reads = t.requests.map((r) => r.path);
  for (const p of ['GET /info', 'GET /system/df?type=build-cache'])
    expect(
      reads.filter((r) => r === p),
      p,
    ).toHaveLength(1);
  expect(t.children.filter((c) => c.argv.endsWith(' --version'))).toHaveLength(1);
}

describe('the head start on the real daemon', () => {
  it('CLI heal --mode auto: every answer asked ahead is taken, each question asked once, the verdict unchanged', () => {
    sb = sandbox('bkh-hs-');
    // A fresh HOME: buildx's own files are not there yet, so its `ls` is not asked ahead (it
    // would create them); the metadata check, `docker --version` and the four reads are.
    const fresh = cliHeal(sb, 'fresh');
    expect(fresh.status).toBe(0);
    expect(fresh.report.status).toBe('healthy');
    expect(fresh.trace.headStart).toMatchObject({ offered: 6, taken: 6 });
    expect(metadataRuns(fresh.trace)).toBe(1);
    // Now buildx's files are there: its `ls` is asked ahead too; the plugin's metadata answer is
    // remembered from the first run (the same binary), so it is not asked at all.
    const warm = cliHeal(sb, 'warm');
    expect(warm.trace.headStart).toMatchObject({ offered: 6, taken: 6 });
    expect(metadataRuns(warm.trace)).toBe(0);
    askedOnce(warm.trace);
    noCrypto(fresh.trace);
    noCrypto(warm.trace);
    // The chunks ran as scripts (src/core/chunk-cache.ts): the first run with no code cache yet
    // (this sandbox's own XDG_CACHE_HOME), the next with the one the first wrote at its exit.
    expect(fresh.trace.chunkCache).toMatchObject({ cached: 0, rejected: 0, fallback: 0 });
    expect(fresh.trace.chunkCache?.scripts).toBeGreaterThanOrEqual(3);
    expect(warm.trace.chunkCache).toMatchObject({ scripts: fresh.trace.chunkCache?.scripts, rejected: 0, fallback: 0 });
    expect(warm.trace.chunkCache?.cached).toBe(warm.trace.chunkCache?.scripts);
    const off = cliHeal(sb, 'off', { BKH_PRESTART: '0' });
    expect(off.trace.headStart?.offered ?? 0).toBe(0);
    askedOnce(off.trace);
    expect(verdict(warm.report)).toEqual(verdict(off.report));
    expect(verdict(fresh.report)).toEqual(verdict(off.report));
  });

  it("the plugin's metadata answer: asked once per binary, asked again when the binary changes, always for a script", () => {
    sb = sandbox('bkh-hs-');
    // The user's own plugin (the CLI picks ~/.docker/cli-plugins first): a copy of the real one.
    const dir = join(sb.dockerConfig, 'cli-plugins');
    mkdirSync(dir, { recursive: true });
    const plugin = join(dir, 'docker-buildx');
    copyFileSync(REAL_PLUGIN, plugin);
    const runs = (name: string) => {
      const r = cliHeal(sb!, name);
      expect(r.report.status, name).toBe('healthy');
      return { n: metadataRuns(r.trace), buildx: r.report.versions?.buildx };
    };
    // A file changed within the last 2 s is asked every time (a write within the timestamps'
    // granularity may not show): so is this fresh copy, once it has settled it is asked once.
    expect(runs('fresh-copy').n).toBe(1);
    settle();
    expect(runs('first').n).toBe(1);
    expect(runs('again').n).toBe(0);
    // The same bytes with a new mtime: may be another binary, asked again (then remembered again).
    utimesSync(plugin, new Date(), new Date(Date.now() - 86_400_000));
    settle();
    expect(runs('touched').n).toBe(1);
    expect(runs('touched-again').n).toBe(0);
    // A script put in its place (a wrapper of another buildx): its answer is its own, and never
    // remembered (it may come from whatever file the script runs).
    const wrapper = `${plugin}.new`;
    writeFileSync(
      wrapper,
      `#!/bin/sh\nif [ "$1" = docker-cli-plugin-metadata ]; then\n  printf '%s\\n' '{"SchemaVersion":"0.1.0","Vendor":"Docker Inc.","Version":"v0.99.0-wrapped"}'\n  exit 0\nfi\nexec ${REAL_PLUGIN} "$@"\n`,
      { mode: 0o755 },
    );
    renameSync(wrapper, plugin);
    settle();
    expect(runs('wrapped')).toEqual({ n: 1, buildx: '0.99.0' });
    expect(runs('wrapped-again')).toEqual({ n: 1, buildx: '0.99.0' });
  });

  it('a daemon that does not answer: the same verdict with and without the head start', () => {
    sb = sandbox('bkh-hs-');
    const dead = { DOCKER_HOST: `unix://${join(sb.dir, 'nobody.sock')}` };
    const on = cliHeal(sb, 'dead-on', dead);
    const off = cliHeal(sb, 'dead-off', { ...dead, BKH_PRESTART: '0' });
    expect(on.status).toBe(1);
    expect(on.report.status).not.toBe('healthy');
    expect(verdict(on.report)).toEqual(verdict(off.report));
    expect(on.trace.headStart?.offered).toBeGreaterThan(0);
    expect(leftRunning(sb)).toEqual([]);
  });

  it('a run stopped by bad input after its head start changes nothing and leaves nothing running', () => {
    sb = sandbox('bkh-hs-');
    cliHeal(sb, 'prime');
    const before = tree(sb.dockerConfig);
    expect(Object.keys(before)).toContain('buildx/current');
    const env = traced(sb, 'bad', sb.env);
    const r = spawnSync(
      node24,
      [
        join(dist, 'cli', 'index.js'),
        'heal',
        '--mode',
        'auto',
        '--cache-limit',
        'bogus',
        '--backup-dir',
        join(sb.dir, 'b'),
      ],
      { env, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--cache-limit/);
    // The plugin's ls was among what it asked ahead, and nothing took it.
    expect(readTrace(sb, 'bad').headStart).toMatchObject({ offered: 6, taken: 0, dropped: 6 });
    expect(tree(sb.dockerConfig)).toEqual(before);
    expect(leftRunning(sb)).toEqual([]);
  });

  it('the action in mode auto takes every answer asked ahead; in its default mode (check) nothing is asked ahead', async () => {
    sb = sandbox('bkh-hs-');
    const port = process.env.BKH_AZURITE_PORT;
    if (!port) throw new Error('BKH_AZURITE_PORT is not set: source the test environment');
    svc = await startResultsService({ azuritePort: port, repository: 'octo/heal' });
    const s = sb;
    const step = async (name: string, inputs: Record<string, string>) => {
      // The trace hook goes in through NODE_OPTIONS, like any variable of the runner's.
      const { NODE_OPTIONS, BKH_TRACE_FILE } = traced(s, name, {});
      const r = await runStep(s, svc!, 'heal', inputs, name, 4242, { NODE_OPTIONS, BKH_TRACE_FILE });
      return { r, trace: readTrace(s, name) };
    };
    // First a CLI run so buildx's own files exist (as on any runner that built before).
    cliHeal(s, 'prime');
    const auto = await step('auto', { mode: 'auto', 'backup-dir': join(s.dir, 'backups') });
    expect(auto.r.status).toBe(0);
    expect(auto.r.outputs.status).toBe('healthy');
    expect(auto.trace.headStart).toMatchObject({ offered: 7, taken: 7 });
    askedOnce(auto.trace);
    noCrypto(auto.trace);
    const check = await step('check', {});
    expect(check.r.status).toBe(0);
    expect(check.trace.headStart?.offered ?? 0).toBe(0);
  });
});
