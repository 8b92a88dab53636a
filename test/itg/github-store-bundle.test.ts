// The GitHub store as it ships: bundled by @vercel/ncc (ESM, the libraries in lazily loaded chunks),
// started as a separate node process with the variables a runner sets, against the results-service
// stand-in and Azurite. Catches a bundle that builds but cannot load @actions/artifact or @actions/cache.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResultsService, type ResultsService } from '../support/results-service.js';

const root = resolve(import.meta.dirname, '../..');
let svc: ResultsService;
let build: string;
let work: string;

const ENTRY = `import { GitHubStore } from '../../src/stores/github.js';
const [cmd, name, path] = process.argv.slice(2);
const log = { info: (m: string) => console.log('INFO ' + m), warn: (m: string) => console.log('WARN ' + m), error() {}, debug() {} };
const store = new GitHubStore({ retentionDays: 2, compressionLevel: 1, maxBytes: 1e9, log });
async function main(): Promise<void> {
  const out = cmd === 'save'
    ? await store.save({ name: name ?? '', bundlePath: path ?? '', cachePaths: [process.env.BKH_TEST_CACHE ?? ''], builder: 'b1' })
    : await store.fetch(name ?? '', path ?? '', { restoreCache: true });
  console.log('RESULT ' + JSON.stringify(out));
}
main().catch((e: unknown) => { console.error('FAILED', e); process.exitCode = 1; });
`;

function sha(p: string): string {
  return createHash('sha256').update(readFileSync(p)).digest('hex');
}

/** Async on purpose: the stand-in answers from this very process, so a spawnSync would deadlock. */
function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; result: Record<string, unknown> }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(build, 'out', 'index.js'), ...args], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '', HOME: work, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      done({
        code,
        out: `${stdout}\n${stderr}`,
        result: line ? (JSON.parse(line.slice(7)) as Record<string, unknown>) : {},
      });
    });
  });
}

beforeAll(async () => {
  const port = process.env.BKH_AZURITE_PORT;
  if (!port) throw new Error('BKH_AZURITE_PORT is not set: source the test environment');
  svc = await startResultsService({ azuritePort: port });
  // Inside the repository (git-ignored .tmp/) so ncc finds the project's tsconfig and node_modules.
  mkdirSync(join(root, '.tmp'), { recursive: true });
  build = mkdtempSync(join(root, '.tmp', 'ghstore-bundle-'));
  work = mkdtempSync(join(tmpdir(), 'bkh-ghstore-bundle-'));
  writeFileSync(join(build, 'entry.ts'), ENTRY);
  const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  const r = spawnSync(
    process.execPath,
    [ncc, 'build', join(build, 'entry.ts'), '-o', join(build, 'out'), '-C', '-t', '-q', '--target', 'es2022'],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  if (r.status !== 0) throw new Error(`ncc failed: ${r.stderr}`);
});

afterAll(async () => {
  await svc?.dispose();
  if (build) rmSync(build, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the bundled GitHub store', () => {
  it('keeps the libraries out of the entry chunk, with nothing missing', () => {
    const files = readdirSync(join(build, 'out')).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) expect(readFileSync(join(build, 'out', f), 'utf8')).not.toContain('webpackMissingModule');
    // The entry chunk holds the store, not the ~6 MB of @actions/* (they load on first use).
    expect(statSync(join(build, 'out', 'index.js')).size).toBeLessThan(500_000);
    expect(JSON.parse(readFileSync(join(build, 'out', 'package.json'), 'utf8'))).toEqual({ type: 'module' });
  });

  it('saves and fetches back byte-identical from a separate process, cache included', async () => {
    const src = join(work, 'src');
    mkdirSync(join(src, 'files'), { recursive: true });
    writeFileSync(join(src, 'files', 'blob'), randomBytes(3_000_000));
    writeFileSync(join(src, 'manifest.json'), '{}');
    const bundle = join(work, 'bundle-x.tar.gz');
    await tar.c({ gzip: true, file: bundle, cwd: src }, ['manifest.json', 'files']);
    const cache = join(work, 'cache');
    mkdirSync(cache);
    writeFileSync(join(cache, 'data.bin'), randomBytes(50_000));
    const cacheSha = sha(join(cache, 'data.bin'));
    const env = { ...svc.env(4242, { runner: 'bundle-runner' }), BKH_TEST_CACHE: cache };

    const saved = await run(['save', 'buildkit-healer-bundle-test', bundle], env);
    expect(saved.code, saved.out).toBe(0);
    expect(saved.result).toMatchObject({
      name: 'buildkit-healer-bundle-test',
      bytes: statSync(bundle).size,
      cacheKeys: ['buildkit-healer-bundle-runner-b1-4242-1'],
    });
    expect(saved.out).not.toMatch(/^WARN/m);

    rmSync(cache, { recursive: true });
    const fetched = await run(['fetch', 'buildkit-healer-bundle-test', join(work, 'out')], env);
    expect(fetched.code, fetched.out).toBe(0);
    expect(sha(join(work, 'out', 'bundle-x.tar.gz'))).toBe(sha(bundle));
    expect(sha(join(cache, 'data.bin'))).toBe(cacheSha);
    expect(fetched.result.cacheRestored).toEqual([
      {
        builder: 'b1',
        key: 'buildkit-healer-bundle-runner-b1-4242-1',
        paths: [cache],
        matchedKey: 'buildkit-healer-bundle-runner-b1-4242-1',
      },
    ]);
  });
});
