/**
 * The cached chunk loader (src/core/chunk-cache.ts): which chunks run as scripts, that a script
 * behaves as the chunk (its modules, strict mode, its own line numbers in a stack), that V8's code
 * cache is written and then taken, and that anything unusual goes to the bundle's own import().
 * Real files, real V8 code caches. The bundles themselves (the entry's chunk loading rewritten by
 * scripts/bundle.mjs) run through every docker-tier test; test/itg/head-start.test.ts checks the
 * cache is taken on the real CLI.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cacheFileBytes,
  checkedCache,
  chunkProfile,
  chunkScript,
  loadChunk,
  PRUNE_DAYS,
  pruneCaches,
  writePendingCaches,
} from '../../src/core/chunk-cache.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'bkh-chunk-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  writePendingCaches();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Counts {
  scripts: number;
  cached: number;
  rejected: number;
  fallback: number;
  written: number;
}
const counts = (): Counts =>
  (globalThis as unknown as Record<symbol, Counts | undefined>)[Symbol.for('buildkit-healer.chunk-cache.counts')] ?? {
    scripts: 0,
    cached: 0,
    rejected: 0,
    fallback: 0,
    written: 0,
  };

/** A chunk as ncc writes it: module 7 tells its line and whether it runs strict. */
function chunk(extra = ''): string {
  return [
    'export const id = 42;',
    'export const ids = [42];',
    'export const modules = {',
    '',
    '/***/ 7:',
    '/***/ ((module) => {',
    '',
    `module.exports = { hello: () => 'hi', strict: function () { return this === undefined; }, where: () => new Error('here').stack };${extra}`,
    '',
    '/***/ })',
    '',
    '};',
    '',
  ].join('\n');
}

interface Loaded {
  id: number;
  ids: number[];
  modules: Record<string, (m: { exports: Record<string, () => unknown> }) => void>;
}

/**
 * A chunk file and a cache directory. `load(n)` loads it from bundle directory number n: a copy
 * of the same file at another path (V8 keeps what it compiled in this process per source and path,
 * so only a path not loaded before in this process consumes the cache from disk).
 */
function setup(content = chunk()) {
  const d = temp();
  const cache = join(d, 'cache');
  mkdirSync(cache);
  const env = { XDG_CACHE_HOME: cache } as NodeJS.ProcessEnv;
  const imported: string[] = [];
  const fallback = async (s: string) => {
    imported.push(s);
    return { fallback: s };
  };
  let current = content;
  const write = (c: string) => (current = c);
  const load = (n = 0, e = env, profile = '') => {
    const base = join(d, `dist-${n}`);
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, '42.index.js'), current);
    return loadChunk('./42.index.js', base, fallback, e, profile) as Promise<Loaded>;
  };
  const codeDir = join(cache, `buildkit-healer-code-cache-${process.getuid?.()}`);
  const codeCaches = () => readdirSync(codeDir);
  return { d, cache, codeDir, env, imported, load, write, codeCaches };
}

function exportsOf(c: Loaded): Record<string, () => unknown> {
  const m = { exports: {} as Record<string, () => unknown> };
  c.modules['7']!(m);
  return m.exports;
}

describe('chunkScript', () => {
  it('takes ncc chunks, line for line, and leaves module-only syntax to import()', () => {
    const s = chunkScript(chunk())!;
    expect(s).toBeDefined();
    expect(s.split('\n')).toHaveLength(chunk().split('\n').length + 2);
    expect(s.split('\n')[7]).toBe(chunk().split('\n')[7]);
    // webpack's note of a dynamic import is a comment: still a script.
    expect(chunkScript(chunk(' /* import() */'))).toBeDefined();
    expect(chunkScript(chunk(' import.meta.url;'))).toBeUndefined();
    expect(chunkScript(chunk(' import("x");'))).toBeUndefined();
    expect(chunkScript(chunk('\nexport const other = 1;'))).toBeUndefined();
    expect(chunkScript('export default 1;\n')).toBeUndefined();
    expect(chunkScript(chunk().replace(/};\n$/, ''))).toBeUndefined();
  });
});

describe('loadChunk', () => {
  it('runs a chunk as a strict script, its modules working and its stack naming its own lines', async () => {
    const { load, imported } = setup();
    const c = await load();
    expect(imported).toEqual([]);
    expect(c.id).toBe(42);
    expect(c.ids).toEqual([42]);
    const e = exportsOf(c);
    expect(e.hello!()).toBe('hi');
    const unbound = e.strict!;
    expect(unbound()).toBe(true);
    expect(String(e.where!())).toMatch(/42\.index\.js:8:/);
  });

  it('writes the code cache after the run, then V8 takes it from disk; other content has its own', async () => {
    const { load, write, codeCaches } = setup();
    const before = { ...counts() };
    await load(1);
    expect(codeCaches()).toEqual([]);
    writePendingCaches();
    expect(codeCaches()).toHaveLength(1);
    const c = await load(2);
    expect(exportsOf(c).hello!()).toBe('hi');
    expect(counts().cached - before.cached).toBe(1);
    expect(counts().rejected - before.rejected).toBe(0);
    write(chunk(' // changed'));
    await load(3);
    writePendingCaches();
    expect(codeCaches()).toHaveLength(2);
  });

  it('a damaged cache (a torn write: its body zeroed) never reaches V8, the chunk still runs, and a good one replaces it', async () => {
    const { load, codeCaches, codeDir } = setup(chunk(' // torn'));
    await load(1);
    writePendingCaches();
    const [name] = codeCaches();
    const good = readFileSync(join(codeDir, name!));
    expect(checkedCache(good)).toBeDefined();
    const torn = Buffer.from(good);
    torn.fill(0, Math.floor(torn.length / 2));
    writeFileSync(join(codeDir, name!), torn);
    expect(checkedCache(torn)).toBeUndefined();
    const before = { ...counts() };
    const c = await load(2);
    expect(exportsOf(c).hello!()).toBe('hi');
    expect(counts().rejected - before.rejected).toBe(1);
    expect(counts().cached - before.cached).toBe(0);
    writePendingCaches();
    expect(checkedCache(readFileSync(join(codeDir, name!)))).toBeDefined();
    await load(3);
    expect(counts().cached - before.cached).toBe(1);
  });

  it('a cache file is its CRC-32 and then the data; anything else is refused', () => {
    const data = Buffer.from('some code cache bytes');
    const file = cacheFileBytes(data);
    expect(file.subarray(4).equals(data)).toBe(true);
    expect(checkedCache(file)?.equals(data)).toBe(true);
    const flipped = Buffer.from(file);
    flipped[10] = flipped[10]! ^ 1;
    expect(checkedCache(flipped)).toBeUndefined();
    expect(checkedCache(Buffer.alloc(3))).toBeUndefined();
  });

  it('a cache V8 refuses (garbage) is not used, the chunk still runs, and a good one replaces it', async () => {
    const { load, codeCaches, codeDir } = setup();
    await load(1);
    writePendingCaches();
    const [name] = codeCaches();
    // Its CRC right, its content no code cache: V8 itself refuses it.
    writeFileSync(join(codeDir, name!), cacheFileBytes(Buffer.alloc(65536, 7)));
    const before = { ...counts() };
    const c = await load(2);
    expect(exportsOf(c).hello!()).toBe('hi');
    expect(counts().rejected - before.rejected).toBe(1);
    writePendingCaches();
    await load(3);
    expect(counts().cached - before.cached).toBe(1);
  });

  it("goes to the bundle's import() for module syntax and when turned off; never uses a directory others can write", async () => {
    const a = setup(chunk(' import.meta.url;'));
    expect(await a.load()).toEqual({ fallback: './42.index.js' });
    const b = setup();
    expect(await b.load(0, { ...b.env, BKH_CHUNK_CACHE: '0' })).toEqual({ fallback: './42.index.js' });
    expect(await b.load(0, { ...b.env, BKH_COMPILE_CACHE: '0' })).toEqual({ fallback: './42.index.js' });
    // A GitHub-hosted runner starts every job with an empty tool cache: nothing to keep.
    expect(await b.load(0, { ...b.env, RUNNER_ENVIRONMENT: 'github-hosted' })).toEqual({ fallback: './42.index.js' });
    // A cache directory others can write: nothing is read from it or written to it (a code cache is code).
    const c = setup(chunk(' // open dir'));
    mkdirSync(c.codeDir);
    chmodSync(c.codeDir, 0o777);
    writeFileSync(join(c.codeDir, 'planted'), 'x');
    await c.load();
    writePendingCaches();
    expect(c.codeCaches()).toEqual(['planted']);
  });

  it("an error of the chunk's own code is the chunk's (a rejected load), not a fallback", async () => {
    const { load, imported } = setup(
      chunk().replace('module.exports = {', "throw new Error('boom'); module.exports = {").replace("'use strict';", ''),
    );
    // The throw is inside module 7's factory: loading the chunk itself works.
    const c = await load();
    expect(() => exportsOf(c)).toThrow('boom');
    const bad = setup(
      chunk().replace(
        'export const modules = {\n',
        "export const modules = {\n...(() => { throw new Error('top'); })(),\n",
      ),
    );
    await expect(bad.load()).rejects.toThrow('top');
    expect(imported).toEqual([]);
    expect(bad.imported).toEqual([]);
  });
});

describe('profiles and pruning', () => {
  it('a profile of each run: the CLI command (heal with its mode), the action with its mode, the rollback', () => {
    expect(chunkProfile('cli', ['heal'], {})).toBe('cli-heal-auto');
    expect(chunkProfile('cli', ['heal', '--mode', 'reinstall', '--dry-run'], {})).toBe('cli-heal-reinstall');
    expect(chunkProfile('cli', ['heal', '--mode=repair'], {})).toBe('cli-heal-repair');
    expect(chunkProfile('cli', ['check', '--json'], {})).toBe('cli-check');
    expect(chunkProfile('cli', ['--version'], {})).toBe('');
    expect(chunkProfile('cli', ['heal', '--mode', '../x'], {})).toBe('');
    expect(chunkProfile('action', [], { INPUT_MODE: ' auto ' })).toBe('action-auto');
    expect(chunkProfile('action', [], {})).toBe('action-check');
    expect(chunkProfile('action', [], { INPUT_MODE: 'AUTO!' })).toBe('');
    expect(chunkProfile('rollback', [], {})).toBe('rollback');
  });

  it('each profile has its own cache (what its first run compiled), taken by its later runs', async () => {
    const { load, codeCaches } = setup(chunk(' // profiles'));
    const before = { ...counts() };
    await load(1, undefined, 'cli-check');
    writePendingCaches();
    await load(2, undefined, 'cli-heal-auto');
    writePendingCaches();
    expect(codeCaches().map((n) => n.replace(/^.*-p/, ''))).toEqual(['cli-check', 'cli-heal-auto']);
    expect(counts().cached - before.cached).toBe(0);
    await load(3, undefined, 'cli-heal-auto');
    await load(4, undefined, 'cli-check');
    expect(counts().cached - before.cached).toBe(2);
  });

  it("a cache in use has its time renewed; a write prunes this loader's files unused for PRUNE_DAYS and day-old temporary files, nothing else", async () => {
    const { load, codeCaches, codeDir, write } = setup(chunk(' // in use'));
    await load(1);
    writePendingCaches();
    const [inUse] = codeCaches();
    const day = 86_400_000;
    const now = Date.now();
    const age = (name: string, ms: number) => utimesSync(join(codeDir, name), (now - ms) / 1000, (now - ms) / 1000);
    // Used two days ago: taken now, its time renewed (months of daily use never look unused).
    age(inUse!, 2 * day);
    await load(2);
    expect(now - statSync(join(codeDir, inUse!)).mtimeMs).toBeLessThan(day);
    const names = {
      old: inUse!.replace(/-w1-[0-9a-f]{8}-/, '-w1-0badc0de-'),
      recent: inUse!.replace(/-w1-[0-9a-f]{8}-/, '-w1-00c0ffee-'),
      oldTmp: `${inUse!}.123.abc.tmp`,
      newTmp: `${inUse!}.456.def.tmp`,
      foreign: 'notes.txt',
    };
    for (const n of Object.values(names)) writeFileSync(join(codeDir, n), 'x');
    age(names.old, (PRUNE_DAYS + 1) * day);
    age(names.recent, (PRUNE_DAYS - 1) * day);
    age(names.oldTmp, 2 * day);
    age(names.foreign, 400 * day);
    // A write (new content) prunes.
    write(chunk(' // next release'));
    await load(3);
    writePendingCaches();
    const left = codeCaches();
    expect(left).not.toContain(names.old);
    expect(left).not.toContain(names.oldTmp);
    for (const n of [inUse!, names.recent, names.newTmp, names.foreign]) expect(left).toContain(n);
    expect(left).toHaveLength(5);
    // Never throws on a directory that is not there.
    expect(() => pruneCaches(join(codeDir, 'gone'))).not.toThrow();
  });
});
