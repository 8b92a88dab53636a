/**
 * dist/ is what the sources build (ncc output is byte-for-byte repeatable): the bundles are rebuilt
 * into a temp dir and compared file by file with the committed ones. Each bundle must also start:
 * an ESM mistake (a CommonJS build of the ESM-only @actions packages) only shows at run time.
 * The full test run (test/run.sh, .ci/run) starts that build before the environment comes up
 * (test/dist-early.sh, BKH_FRESH_DIST): then this file waits for it instead of building.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const dist = join(root, 'dist');
const node24 = process.env.BKH_NODE24 ?? process.execPath;
/** The machine's own Node (20 on this project's hosts): the CLI must run there too. */
const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p));
const BUILD_TIMEOUT = 20 * 60_000;

/** Every file under `dir`, as paths relative to `base` (default `dir`), sorted. */
function files(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p, base));
    else out.push(relative(base, p));
  }
  return out.sort();
}

interface Build {
  status: number | null;
  stderr: string;
}

/** Runs scripts/bundle.mjs into `out` (not blocking the worker: other files run meanwhile). */
function buildInto(out: string): Promise<Build> {
  return new Promise((res) => {
    const p = spawn(node24, [join(root, 'scripts', 'bundle.mjs'), out], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: BUILD_TIMEOUT,
    });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    p.on('error', (e) => res({ status: null, stderr: String(e) }));
    p.on('close', (status, signal) =>
      res({ status, stderr: signal !== null ? `${stderr}\nkilled by ${signal}` : stderr }),
    );
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for the build test/dist-early.sh started in `dir` (its status file, or its death). */
async function earlyBuild(dir: string): Promise<Build> {
  const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
  const until = Date.now() + BUILD_TIMEOUT;
  while (!existsSync(join(dir, 'status'))) {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
    if (!alive(pid))
      return { status: null, stderr: `the early build (pid ${pid}, ${dir}) ended without a status\n${log}` };
    if (Date.now() > until)
      return {
        status: null,
        stderr: `the early build (pid ${pid}, ${dir}) did not end in ${BUILD_TIMEOUT} ms\n${log}`,
      };
    await new Promise((r) => setTimeout(r, 500));
  }
  return { status: Number(readFileSync(join(dir, 'status'), 'utf8')), stderr: readFileSync(join(dir, 'log'), 'utf8') };
}

/** `node --version` of a Node binary. */
function version(node: string): string {
  return spawnSync(node, ['--version'], { encoding: 'utf8', timeout: 30_000 }).stdout.trim();
}

describe('dist/', () => {
  const early = process.env.BKH_FRESH_DIST;
  let fresh: string;
  let build: Build;
  beforeAll(async () => {
    if (early !== undefined && early !== '') {
      fresh = join(early, 'out');
      build = await earlyBuild(early);
    } else {
      fresh = mkdtempSync(join(tmpdir(), 'bkh-dist-'));
      build = await buildInto(fresh);
    }
  }, BUILD_TIMEOUT + 10_000);
  // The early build's directory belongs to the script that started it.
  afterAll(() => {
    if (early === undefined || early === '') rmSync(fresh, { recursive: true, force: true });
  });

  it('is what the sources build, byte for byte (run `npm run build` when this fails)', () => {
    expect(build.status, String(build.stderr)).toBe(0);
    const committed = files(dist);
    expect(committed).toContain('heal/index.js');
    expect(files(fresh)).toEqual(committed);
    const stale = committed.filter((f) => !readFileSync(join(fresh, f)).equals(readFileSync(join(dist, f))));
    expect(stale).toEqual([]);
  });

  it('has an ESM bundle per entry, no webpackMissingModule, and an executable CLI with a shebang', () => {
    for (const name of ['heal', 'rollback', 'cli']) {
      expect(JSON.parse(readFileSync(join(dist, name, 'package.json'), 'utf8'))).toEqual({ type: 'module' });
      for (const f of files(join(dist, name)).filter((x) => x.endsWith('.js'))) {
        expect(readFileSync(join(dist, name, f), 'utf8').includes('webpackMissingModule'), `${name}/${f}`).toBe(false);
      }
    }
    const cli = join(dist, 'cli', 'index.js');
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(cli).mode & 0o111).not.toBe(0);
  });

  it.each([
    ['Node 24', node24],
    ['the machine Node', systemNode],
  ])(
    'the CLI bundle starts on %s (--version, --help)',
    (_label, nodeBin) => {
      if (nodeBin === undefined) throw new Error('no system node found at /usr/bin/node or /usr/local/bin/node');
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
      const v = spawnSync(nodeBin, [join(dist, 'cli', 'index.js'), '--version'], { encoding: 'utf8', timeout: 60_000 });
      expect(v.stderr).toBe('');
      expect(v.status).toBe(0);
      expect(v.stdout).toBe(`${pkg.version}\n`);
      const h = spawnSync(nodeBin, [join(dist, 'cli', 'index.js'), '--help'], { encoding: 'utf8', timeout: 60_000 });
      expect(h.status).toBe(0);
      expect(h.stdout).toContain('Usage: buildkit-healer COMMAND');
      expect(h.stdout).toMatch(/^\s+check\s+Diagnose/m);
      const c = spawnSync(nodeBin, [join(dist, 'cli', 'index.js'), 'check', '--help'], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(c.status).toBe(0);
      expect(c.stdout).toContain('--fail-on VALUE');
    },
    120_000,
  );

  it('the CLI bundle keeps its compiled code in RUNNER_TOOL_CACHE on Node 24 and on the machine Node, not with BKH_COMPILE_CACHE=0', () => {
    const tc = mkdtempSync(join(tmpdir(), 'bkh-tc-'));
    try {
      const env = { PATH: process.env.PATH, HOME: tmpdir(), RUNNER_TOOL_CACHE: tc };
      const uid = process.getuid?.() ?? 'user';
      const cacheDir = join(tc, `buildkit-healer-compile-cache-${uid}`);
      // The chunks' code cache (src/core/chunk-cache.ts): written at exit, one file per chunk and Node version.
      const codeDir = join(tc, `buildkit-healer-code-cache-${uid}`);
      const off = spawnSync(node24, [join(dist, 'cli', 'index.js'), '--version'], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...env, BKH_COMPILE_CACHE: '0' },
      });
      expect(off.status, off.stderr).toBe(0);
      expect(existsSync(cacheDir)).toBe(false);
      expect(existsSync(codeDir)).toBe(false);
      const on = spawnSync(node24, [join(dist, 'cli', 'index.js'), '--version'], {
        encoding: 'utf8',
        timeout: 60_000,
        env,
      });
      expect(on.status, on.stderr).toBe(0);
      expect(on.stderr).toBe('');
      expect(existsSync(cacheDir)).toBe(true);
      const n24 = files(codeDir).filter((f) => f.startsWith(`${version(node24)}-`));
      expect(n24.length).toBeGreaterThan(0);
      if (systemNode !== undefined) {
        const sys = spawnSync(systemNode, [join(dist, 'cli', 'index.js'), '--version'], {
          encoding: 'utf8',
          timeout: 60_000,
          env,
        });
        expect(sys.status, sys.stderr).toBe(0);
        expect(sys.stderr).toBe('');
        // Node 20 has no compile cache of its own: the chunks' code cache is the one it gets.
        expect(files(codeDir).filter((f) => f.startsWith(`${version(systemNode)}-`)).length).toBeGreaterThan(0);
      }
    } finally {
      rmSync(tc, { recursive: true, force: true });
    }
  }, 120_000);

  it('the action bundles start and reject bad input before doing anything', () => {
    const env = { PATH: process.env.PATH, HOME: tmpdir() };
    const heal = spawnSync(node24, [join(dist, 'heal', 'index.js')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...env, INPUT_MODE: 'bogus' },
    });
    expect(heal.status).toBe(1);
    expect(heal.stdout).toContain('::error::Invalid mode "bogus": expected one of check, auto, repair, reinstall');
    const rb = spawnSync(node24, [join(dist, 'rollback', 'index.js')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...env, 'INPUT_BACKUP-STORE': 's3' },
    });
    expect(rb.status).toBe(1);
    expect(rb.stdout).toContain('::error::Invalid backup-store "s3": expected auto, local, github');
  }, 120_000);
});
