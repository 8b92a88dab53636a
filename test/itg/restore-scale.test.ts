/**
 * Genuine backups at scale restored through the real CLI: 2000 cache files under `ulimit -n 1024`
 * (extraction keeps one output open at a time) and a sparse 512 MiB file of zeros (the
 * decompression guard follows the manifest's declared sizes, not a fixed ratio).
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  ftruncateSync,
  createReadStream,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/docker/deps.js';
import { silentLogger } from '../../src/docker/deps.js';
import { defaultOptions } from '../../src/core/options.js';
import { backup } from '../../src/phases/backup.js';
import { diagnose } from '../../src/phases/diagnose.js';
import { sandbox, type Sandbox } from '../support/env.js';

const CLI = resolve('dist/cli/index.js');
let sb: Sandbox;
let deps: Deps;

beforeAll(() => {
  sb = sandbox('bkh-scale-');
  deps = {
    docker: sb.docker,
    env: sb.env,
    log: silentLogger,
    now: () => new Date(),
    version: '0.0.0-test',
  };
});
afterAll(() => sb.cleanup());

/** Every file below dir (relative paths), recursively. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name), base) : [join(dir, e.name).slice(base.length + 1)],
  );
}

async function sha(p: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(p)) h.update(c as Buffer);
  return h.digest('hex');
}

/** A genuine backup of this sandbox with `cacheDir` as cache data; returns its name and store dir. */
async function genuineBackup(cacheDir: string, name: string): Promise<{ name: string; dir: string }> {
  const dir = join(sb.dir, `store-${name}`);
  const diag = await diagnose(
    deps,
    { ...defaultOptions(sb.env).diagnose, daemonJsonPaths: [], baseline: false },
    'full',
  );
  const { ref } = await backup(
    deps,
    { ...defaultOptions(sb.env).backup, store: 'local', dir, cachePaths: [cacheDir] },
    diag.facts,
    { name, daemonJsonPaths: [] },
  );
  expect(ref.verified).toBe(true);
  return { name: ref.name, dir };
}

/** The real CLI with at most 1024 open files. */
function rollbackCli(
  name: string,
  storeDir: string,
  cacheDir: string,
): { status: number | null; stdout: string; stderr: string } {
  const cmd = `ulimit -n 1024; exec "$0" "$@"`;
  const r = spawnSync(
    'bash',
    [
      '-c',
      cmd,
      process.execPath,
      CLI,
      'rollback',
      name,
      '--backup-dir',
      storeDir,
      '--restore-cache',
      '--cache-paths',
      cacheDir,
      '--json',
    ],
    { env: sb.env, encoding: 'utf8', timeout: 900_000, maxBuffer: 64 * 1024 ** 2 },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('genuine backups at scale restore through the CLI', () => {
  it('2000 cache files restore with --restore-cache under ulimit -n 1024, no temp file left', async () => {
    const cacheDir = join(sb.dir, 'cache2000');
    const want = new Map<string, string>();
    for (let i = 0; i < 2000; i++) {
      const rel = join(`d${i % 20}`, `f${i}`);
      mkdirSync(join(cacheDir, `d${i % 20}`), { recursive: true });
      const body = `file ${i} ${'x'.repeat(i % 97)}\n`;
      writeFileSync(join(cacheDir, rel), body);
      want.set(rel, body);
    }
    const b = await genuineBackup(cacheDir, 'bkh-scale-2000');
    rmSync(cacheDir, { recursive: true, force: true });

    const r = rollbackCli(b.name, b.dir, cacheDir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/EMFILE|Unhandled/);
    const out = JSON.parse(r.stdout) as { restored: { path: string }[]; skipped: { path: string }[] };
    expect(out.skipped.filter((s) => s.path.startsWith(cacheDir))).toEqual([]);
    const got = walk(cacheDir);
    expect(got.sort()).toEqual([...want.keys()].sort());
    for (const [rel, body] of want) expect(readFileSync(join(cacheDir, rel), 'utf8')).toBe(body);
    expect(walk(sb.dir).filter((p) => p.includes('.bkh-'))).toEqual([]);
  }, 900_000);

  it('a sparse 512 MiB file of zeros round-trips', async () => {
    const cacheDir = join(sb.dir, 'cachebig');
    mkdirSync(cacheDir, { recursive: true });
    const big = join(cacheDir, 'zeros.bin');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 512 * 1024 ** 2);
    closeSync(fd);
    const before = await sha(big);
    const b = await genuineBackup(cacheDir, 'bkh-scale-big');
    rmSync(big);

    const r = rollbackCli(b.name, b.dir, cacheDir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/decompression/);
    expect(existsSync(big)).toBe(true);
    expect(statSync(big).size).toBe(512 * 1024 ** 2);
    expect(await sha(big)).toBe(before);
    expect(walk(sb.dir).filter((p) => p.includes('.bkh-'))).toEqual([]);
  }, 900_000);
});
