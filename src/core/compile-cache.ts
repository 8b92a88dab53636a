/**
 * Node's module compile cache (node:module enableCompileCache, Node 22.1 and later): the V8 code of
 * the bundle's chunks is kept on disk, so a later start skips compiling them (the pre-build step
 * starts on every job). Turned on first thing by the three entries, before their chunk loads.
 * Where: $RUNNER_TOOL_CACHE (kept between jobs on self-hosted runners), $XDG_CACHE_HOME, then the
 * temp dir, in a `buildkit-healer-compile-cache-<uid>` directory this user owns and no one else can
 * write (a code cache is code: one planted by another user must not load). Harmless where nothing
 * is kept or Node has no such cache: a failure only means a cold start. BKH_COMPILE_CACHE=0 (or
 * Node's own NODE_DISABLE_COMPILE_CACHE) turns it off.
 */
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

type Enable = (dir: string) => { status: number; directory?: string; message?: string };

/**
 * Where this user's caches between starts may go, in order: kept between jobs first. Only absolute
 * paths (the XDG base directory spec has a relative one ignored; one relative to wherever the run
 * started would scatter caches over working trees). Pure.
 */
function cacheBases(env: NodeJS.ProcessEnv, tmp: string): string[] {
  return [env.RUNNER_TOOL_CACHE, env.XDG_CACHE_HOME, tmp].filter(
    (d): d is string => d !== undefined && d !== '' && isAbsolute(d),
  );
}

/** The directories to try, in order (none when turned off). Pure. */
export function compileCacheBase(env: NodeJS.ProcessEnv, tmp: string): string[] {
  if (env.BKH_COMPILE_CACHE === '0' || env.BKH_COMPILE_CACHE === 'false') return [];
  if (env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== '') return [];
  return cacheBases(env, tmp);
}

/**
 * Makes `dir` inside an existing `base`, one level (Node 24's recursive mkdir was seen spinning
 * under /proc), and accepts it only as a real directory owned by this user, writable by no one else.
 */
function ownDir(base: string, name: string): string | undefined {
  const dir = join(base, name);
  try {
    if (!lstatSync(base).isDirectory()) return undefined;
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
    const st = lstatSync(dir);
    const uid = process.getuid?.();
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * This user's cache directory `<prefix>-<uid>` in the first base (cacheBases) where ownDir accepts
 * it, or undefined. The caches of src/core/chunk-cache.ts and src/docker/plugin-memo.ts live there.
 */
export function userCacheDir(env: NodeJS.ProcessEnv, prefix: string): string | undefined {
  const name = `${prefix}-${process.getuid?.() ?? 'user'}`;
  for (const base of cacheBases(env, tmpdir())) {
    const dir = ownDir(base, name);
    if (dir !== undefined) return dir;
  }
  return undefined;
}

/**
 * Writes `data` to `file` whole: into a temporary file only this user can read (a new one, never
 * another's), synced, then renamed over `file`, so a reader sees the old file or the new one, even
 * after a crash. Never throws: false when it could not (and no temporary file is left).
 */
export function writeWhole(file: string, data: string | Buffer): boolean {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o600);
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
    return true;
  } catch {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    return false;
  }
}

/** Turns the cache on; returns the directory used, or undefined (off, unsupported, or no usable dir). */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env, enable?: Enable): string | undefined {
  const fn = enable ?? (nodeModule as unknown as { enableCompileCache?: Enable }).enableCompileCache;
  if (typeof fn !== 'function') return undefined;
  // Node already has one (NODE_COMPILE_CACHE): leave it.
  if (env.NODE_COMPILE_CACHE !== undefined && env.NODE_COMPILE_CACHE !== '') return undefined;
  const uid = process.getuid?.() ?? 'user';
  for (const base of compileCacheBase(env, tmpdir())) {
    const dir = ownDir(base, `buildkit-healer-compile-cache-${uid}`);
    if (dir === undefined) continue;
    try {
      const r = fn(dir);
      // 0 FAILED, 1 ENABLED, 2 ALREADY_ENABLED, 3 DISABLED (Node's module.constants.compileCacheStatus).
      if (r.status === 1 || r.status === 2) return r.directory ?? dir;
      if (r.status === 3) return undefined;
    } catch {
      // A cold start, nothing worse.
    }
  }
  return undefined;
}
