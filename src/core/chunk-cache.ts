/**
 * The bundles' chunks, loaded with a code cache that holds what a run compiled, on every Node.
 *
 * ncc splits each bundle into an entry and chunks that the entry loads with `import()`. Node's own
 * compile cache (src/core/compile-cache.ts) keeps a chunk's code as compiled when it loaded, before
 * anything ran: every function a run calls is compiled again, lazily, on every start (measured with
 * callgrind on the CLI's healthy `heal --mode auto`: a quarter of the Node process's instructions),
 * and Node 20 has no compile cache at all. So the entry loads a chunk itself where it can: as a
 * script (vm.Script, the same code in a strict function instead of a module), with V8's code cache
 * of an earlier run; a chunk that had none (or whose cache V8 refused) gets one written at exit,
 * made then, so it holds every function this run compiled.
 *
 * The cache is kept where the compile cache is (ownDir: a directory this user owns and no one else
 * can write; a code cache is code), one file per chunk content (CRC-32 and length), Node version
 * and V8's cache tag (its version and flags: a run with other flags has its own), written whole and
 * synced (temporary file, fsync, rename), and read only when its own CRC-32 matches: V8 checks only
 * a cache's header, and a damaged body (a torn write, a bad disk) crashes it outright. Not used on
 * a GitHub-hosted runner (every job starts with an empty tool cache: writing would be pure cost).
 * An accepted cache is not written again: it holds what the first run of that chunk compiled, so
 * each entry keeps one per profile (chunkProfile: the CLI's command and mode, the action and its
 * mode), lest a `check` that ran first leave every later `heal` compiling its own functions anew.
 * Bounded: a cache in use has its time renewed once a day, and whenever one is written, the files
 * of this loader unused for PRUNE_DAYS (earlier releases, other Nodes) and leftover temporary files
 * go. Anything unusual (a chunk not in the shape ncc writes, one that uses `import.meta` or
 * `import()`, no usable directory, any error) loads the chunk with `import()` as before. `BKH_CHUNK_CACHE=0` (or BKH_COMPILE_CACHE=0)
 * turns it off.
 *
 * scripts/bundle.mjs points the entry's chunk loading here (`globalThis[Symbol.for(...)]`), and
 * the entries install it first thing.
 */
import { lstatSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedDataVersionTag } from 'node:v8';
import { Script, constants as vmConstants } from 'node:vm';
import * as zlib from 'node:zlib';
import { userCacheDir, writeWhole } from './compile-cache.js';

/** Where the bundle's chunk loading looks for the loader (scripts/bundle.mjs writes the same key). */
export const CHUNK_LOADER = Symbol.for('buildkit-healer.chunk-loader');

/** Changes when the way a chunk is wrapped changes (part of every cache file's name). */
const WRAP_VERSION = 1;

/** A cache file not used for this many days goes when another is written (see above). */
export const PRUNE_DAYS = 30;
const DAY_MS = 86_400_000;
/** This loader's files in the cache directory: cache files (a Node version first) and temporary ones. */
const OURS = /^v\d+\.\d+\.\d+-.*-w\d+-[0-9a-f]{8}-\d+(?:-p[a-z0-9-]+)?(?:\.\d+\.[0-9a-z]+\.tmp)?$/;

/**
 * The profile of a run, for its cache files' names: `cli-<command>` (with `-<mode>` for heal, auto
 * when none is given), `action-<mode>` (check when none), `rollback`; '' when the words are not
 * plain: anything else shares the unprofiled cache (a misspelt command has a profile of its own,
 * pruned like any other).
 */
export function chunkProfile(
  entry: 'cli' | 'action' | 'rollback',
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): string {
  const word = (w: string | undefined) => (w !== undefined && /^[a-z][a-z0-9-]{0,15}$/.test(w) ? w : undefined);
  if (entry === 'rollback') return 'rollback';
  if (entry === 'action') return word(`action-${(env.INPUT_MODE ?? '').trim() || 'check'}`) ?? '';
  const command = word(argv[0]);
  if (command === undefined) return '';
  if (command !== 'heal') return `cli-${command}`;
  let mode = 'auto';
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--mode') mode = argv[i + 1] ?? '';
    else if (a.startsWith('--mode=')) mode = a.slice('--mode='.length);
  }
  return word(mode) === undefined ? '' : `cli-heal-${mode}`;
}

/** What ncc writes at the top of a chunk (then the modules object, then `};`). */
const HEADER = /^export const id = (\d+);\nexport const ids = (\[[\d, ]*\]);\nexport const modules = \{\n/;

interface Chunk {
  id: number;
  ids: number[];
  modules: Record<string, unknown>;
}

type Importer = (specifier: string) => Promise<unknown>;

/** The script a chunk of ncc's shape becomes, or undefined when it is not plainly that shape. */
export function chunkScript(source: string): string | undefined {
  const m = HEADER.exec(source);
  if (m === null || !source.trimEnd().endsWith('};')) return undefined;
  const body = source.slice(m[0].length);
  // Module-only syntax has no script form: left to import(). (webpack's `/* import() */` notes are
  // comments, not calls.)
  if (/\bimport\.meta\b|\bimport\s*\((?!\)\s*\*\/)|^\s*(?:export|import)\s/m.test(body)) return undefined;
  // Line for line the chunk's own: its stack traces name the file's lines.
  return `(function () {"use strict"; const id = ${m[1]};\nconst ids = ${m[2]};\nconst modules = {\n${body}\nreturn { id, ids, modules };\n})()`;
}

function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.BKH_CHUNK_CACHE === '0' || env.BKH_CHUNK_CACHE === 'false') return undefined;
  if (env.RUNNER_ENVIRONMENT === 'github-hosted') return undefined;
  if (env.BKH_COMPILE_CACHE === '0' || env.BKH_COMPILE_CACHE === 'false') return undefined;
  return userCacheDir(env, 'buildkit-healer-code-cache');
}

/**
 * The cache file of a chunk's content (CRC-32 and length, as Node's own compile cache keys it: the
 * same release unpacked again, as a runner does for every job, finds its cache), or undefined where
 * this Node has no zlib.crc32 (before 20.15).
 */
function cacheFile(dir: string, content: Buffer, profile: string): string | undefined {
  const crc = crc32(content);
  if (crc === undefined) return undefined;
  const key = `${hex(crc)}-${content.length}${profile === '' ? '' : `-p${profile}`}`;
  return join(dir, `${process.version}-${process.arch}-v8${hex(cachedDataVersionTag())}-w${WRAP_VERSION}-${key}`);
}

/** A cache in use: its time renewed when a day old, so that pruning never takes it. */
function keepFresh(file: string, now: number): void {
  try {
    if (statSync(file).mtimeMs < now - DAY_MS) utimesSync(file, now / 1000, now / 1000);
  } catch {
    // Pruned later at worst, and written again.
  }
}

/** Removes this loader's files in `dir` unused for PRUNE_DAYS, and temporary ones a day old. Never throws. */
export function pruneCaches(dir: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // tried again at the next write
  }
  for (const name of names.filter((n) => OURS.test(n))) {
    try {
      const file = join(dir, name);
      const st = lstatSync(file);
      const age = now - st.mtimeMs;
      if (st.isFile() && age > (name.endsWith('.tmp') ? DAY_MS : PRUNE_DAYS * DAY_MS)) rmSync(file, { force: true });
    } catch {
      // Gone meanwhile (another run pruned it), or not ours to remove: the next one.
    }
  }
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
/** zlib's CRC-32 (Node 20.15 and later), else undefined. */
const crc32 = (b: Buffer): number | undefined => (zlib as { crc32?: (b: Buffer) => number }).crc32?.(b);

/** A cache file's body when its CRC-32 (the first 4 bytes) matches; else undefined (V8 must never see it). */
export function checkedCache(file: Buffer): Buffer | undefined {
  if (file.length <= 4) return undefined;
  const body = file.subarray(4);
  return crc32(body) === file.readUInt32BE(0) ? body : undefined;
}

/** A cache file for `data`: its CRC-32, then the data. */
export function cacheFileBytes(data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE((crc32(data) ?? 0) >>> 0, 0);
  return Buffer.concat([head, data]);
}

/** Scripts whose cache is to be written at exit, with where. */
const pending: Array<{ script: Script; file: string }> = [];
let writesAtExit = false;

/** What the loader did in this process (tests and bench/trace-hook.mjs read it; a Symbol.for key). */
const COUNTS = Symbol.for('buildkit-healer.chunk-cache.counts');
function counts(): { scripts: number; cached: number; rejected: number; fallback: number; written: number } {
  const slots = globalThis as unknown as Record<symbol, ReturnType<typeof counts> | undefined>;
  return (slots[COUNTS] ??= { scripts: 0, cached: 0, rejected: 0, fallback: 0, written: 0 });
}

/** Writes the cache of every chunk loaded without a usable one (at exit: then it holds what the run compiled). */
export function writePendingCaches(): void {
  const dirs = new Set<string>();
  for (const { script, file } of pending.splice(0)) {
    if (writeWhole(file, cacheFileBytes(script.createCachedData()))) counts().written++;
    dirs.add(dirname(file));
  }
  for (const dir of dirs) pruneCaches(dir);
}

/**
 * Loads the chunk `specifier` (relative to the bundle's directory `base`) as a cached script, or
 * with `fallback` (the entry's own import()) where it cannot.
 */
export function loadChunk(
  specifier: string,
  base: string,
  fallback: Importer,
  env: NodeJS.ProcessEnv = process.env,
  profile = '',
): Promise<unknown> {
  const c = counts();
  const dir = cacheDir(env);
  const wrapped = dir === undefined || !specifier.startsWith('./') ? undefined : read(join(base, specifier.slice(2)));
  if (dir === undefined || wrapped === undefined) {
    c.fallback++;
    return fallback(specifier);
  }
  let script: Script;
  const cache = cacheFile(dir, wrapped.content, profile);
  try {
    let cachedData: Buffer | undefined;
    try {
      if (cache !== undefined) {
        cachedData = checkedCache(readFileSync(cache));
        if (cachedData === undefined) c.rejected++; // damaged: compiled anew, and rewritten at exit
      }
    } catch {
      // none yet
    }
    script = new Script(wrapped.script, {
      filename: wrapped.file,
      cachedData,
      // A dynamic import the shape check missed still works, as in the module (Node 20.12 and later).
      ...(vmConstants?.USE_MAIN_CONTEXT_DEFAULT_LOADER !== undefined
        ? { importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER }
        : {}),
    });
    if (cachedData !== undefined && script.cachedDataRejected !== true) {
      c.cached++;
      keepFresh(cache!, Date.now());
    }
    if (cachedData !== undefined && script.cachedDataRejected === true) c.rejected++;
    if (cache !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
      if (!writesAtExit) process.once('exit', writePendingCaches);
      writesAtExit = true;
      pending.push({ script, file: cache });
    }
  } catch {
    c.fallback++;
    return fallback(specifier);
  }
  c.scripts++;
  // Run outside the try: an error of the chunk's own code is the chunk's, as with import().
  return new Promise((resolve) => resolve(script.runInThisContext() as Chunk));
}

/** A chunk file as a script, or undefined (unreadable, or not of ncc's plain shape). */
function read(file: string): { file: string; content: Buffer; script: string } | undefined {
  try {
    const content = readFileSync(file);
    const script = chunkScript(content.toString('utf8'));
    return script === undefined ? undefined : { file, content, script };
  } catch {
    return undefined;
  }
}

/**
 * Installs the loader for the bundle whose entry is `entryUrl` (its import.meta.url), its caches
 * under `profile` (chunkProfile). The bundle's chunk loading calls it with the chunk's specifier
 * and its own `import()` (scripts/bundle.mjs).
 */
export function installChunkLoader(entryUrl: string, profile = ''): void {
  const base = dirname(fileURLToPath(entryUrl));
  (globalThis as unknown as Record<symbol, unknown>)[CHUNK_LOADER] = (specifier: string, fallback: Importer) =>
    loadChunk(specifier, base, fallback, process.env, profile);
}
