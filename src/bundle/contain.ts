/**
 * The one containment rule for every write of a restore. A bundle is hostile data: its paths
 * decide nothing by themselves. A file is written only when
 * - its path is plain (absolute, no trailing slash, no empty, `.` or `..` component, no control
 *   character),
 * - it lies under a root of the CURRENT environment that takes its kind (daemon.json only from a
 *   `daemon-json` entry to a configured daemon.json path; cache data only into a cache directory,
 *   and whatever lies in a cache directory counts as cache data whatever its `kind` says),
 * - the root is not itself a symlink, no component below it is a symlink (the format records
 *   none), every directory component is a directory, and the target is a regular file or absent,
 * - the temporary file sits beside the target and is opened O_CREAT|O_EXCL|O_NOFOLLOW, and the
 *   whole chain is checked again right before the rename.
 */
import { randomBytes } from '../core/crypto.js';
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { FileKind } from './bundle.js';

export interface AllowedRoots {
  /** Directories whose contents may be restored (buildx dir, contexts' meta dir). */
  dirs: string[];
  /** Single files that may be restored (config.json, buildkitd.toml paths). */
  files: string[];
  /** Cache directories: only cache data goes there, and everything there is cache data. */
  cacheDirs?: string[];
  /** daemon.json paths: only a `daemon-json` entry backed up from that very path. */
  daemonJson?: string[];
}

/** How long one target may take (checks, temp file, write, rename). */
export const TARGET_TIMEOUT_MS = 30_000;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why a path from a bundle is not a plain absolute path, or undefined when it is. */
export function pathProblem(p: string): string | undefined {
  if (CONTROL.test(p)) return 'has a control character';
  if (!p.startsWith('/')) return 'is not absolute';
  if (p.length > 4096) return 'is longer than 4096 characters';
  if (p === '/') return 'is the root directory';
  if (p.endsWith('/')) return 'ends with "/"';
  const parts = p.slice(1).split('/');
  if (parts.includes('')) return 'has an empty component ("//")';
  if (parts.includes('.') || parts.includes('..')) return 'has a "." or ".." component';
  return undefined;
}

/** True when `p` lies strictly inside directory `d` (both plain absolute paths). */
function inside(p: string, d: string): boolean {
  const rel = relative(d, p);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/');
}

/** A plain version of a root from the environment (no trailing slash). */
function plainRoot(r: string): string {
  return r.length > 1 ? r.replace(/\/+$/, '') : r;
}

export interface Place {
  /** The root the file goes under: a directory, or the file itself for a single-file root. */
  root: string;
  rootIsFile: boolean;
  /** Cache data by place (restored only when cache restore is asked for). */
  cache: boolean;
}

/**
 * Pure part of the rule: where a file of this kind may go. Returns the root it goes under, or
 * the reason it may go nowhere.
 */
export function placeFor(path: string, kind: FileKind, roots: AllowedRoots): Place | { problem: string } {
  const bad = pathProblem(path);
  if (bad !== undefined) return { problem: `path ${JSON.stringify(path)} ${bad}` };
  const daemon = (roots.daemonJson ?? []).map(plainRoot);
  if (daemon.includes(path)) {
    if (kind !== 'daemon-json')
      return {
        problem: `${path} is a daemon.json path, and this entry is ${kind}, not a daemon.json the backup read there`,
      };
    return { root: path, rootIsFile: true, cache: false };
  }
  if (kind === 'daemon-json')
    return { problem: `${path} is not a daemon.json path this environment restores (${daemon.join(', ') || 'none'})` };
  const cache = (roots.cacheDirs ?? []).map(plainRoot).find((d) => inside(path, d));
  if (cache !== undefined) return { root: cache, rootIsFile: false, cache: true };
  if (kind === 'cache-data')
    return { problem: `${path} is cache data outside the cache directories this environment restores to` };
  const file = roots.files.map(plainRoot).find((f) => f === path);
  if (file !== undefined) return { root: file, rootIsFile: true, cache: false };
  const dir = roots.dirs.map(plainRoot).find((d) => inside(path, d));
  if (dir !== undefined) return { root: dir, rootIsFile: false, cache: false };
  return { problem: `${path} is outside the places this environment restores to` };
}

async function lstatOrUndefined(p: string) {
  try {
    return await lstat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function kindOf(st: Awaited<ReturnType<typeof lstat>>): string {
  if (st.isSymbolicLink()) return 'a symlink';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The file-system part of the rule, for one target. With `create`, missing directories below the
 * root are made one at a time (each checked after it is made). Returns the reason the target is
 * refused, or undefined when it may be written.
 */
export async function checkTarget(path: string, place: Place, create: boolean): Promise<string | undefined> {
  const anchor = place.rootIsFile ? dirname(place.root) : place.root;
  if (!place.rootIsFile) {
    const st = await lstatOrUndefined(anchor);
    if (st?.isSymbolicLink() === true) return `the restore root ${anchor} is a symlink`;
    if (st !== undefined && !st.isDirectory()) return `the restore root ${anchor} is ${kindOf(st)}`;
    if (st === undefined) {
      if (!create) return undefined;
      await mkdir(anchor, { recursive: true, mode: 0o755 });
      const again = await lstat(anchor);
      if (!again.isDirectory()) return `the restore root ${anchor} is ${kindOf(again)}`;
    }
  } else {
    // A single-file root: its directory comes from the environment; it must exist as a directory.
    const st = await lstatOrUndefined(anchor);
    if (st === undefined) {
      if (!create) return undefined;
      await mkdir(anchor, { recursive: true, mode: 0o755 });
    } else if (!st.isDirectory()) {
      return `${anchor} is ${kindOf(st)}`;
    }
  }
  // Every component below the anchor: a real directory (made when missing), never a symlink.
  const parts = relative(anchor, path).split('/');
  let cur = anchor;
  for (let i = 0; i < parts.length - 1; i++) {
    cur = join(cur, parts[i] as string);
    const st = await lstatOrUndefined(cur);
    if (st === undefined) {
      if (!create) return undefined;
      try {
        await mkdir(cur, { mode: 0o755 });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const made = await lstat(cur);
      if (!made.isDirectory()) return `${cur} is ${kindOf(made)} (not made by the restore)`;
      continue;
    }
    if (!st.isDirectory()) return `${cur} is ${kindOf(st)}, which the bundle did not record`;
  }
  const st = await lstatOrUndefined(path);
  if (st !== undefined && !st.isFile())
    return `the target ${path} is ${kindOf(st)}: only a regular file or nothing may be replaced`;
  // What exists resolves to the same place: nothing above was swapped for a link under our feet.
  const realAnchor = await realpath(anchor).catch(() => undefined);
  const realDir = await realpath(dirname(path)).catch(() => undefined);
  if (
    realAnchor !== undefined &&
    realDir !== undefined &&
    realDir !== join(realAnchor, relative(anchor, dirname(path)))
  ) {
    return `${dirname(path)} resolves to ${realDir}, outside ${anchor}`;
  }
  return undefined;
}

/** The temporary file beside the target, created exclusively, never through a symlink. */
export async function openTemp(target: string): Promise<{ fh: FileHandle; tmp: string }> {
  const tmp = join(dirname(target), `.${basename(target)}.bkh-${randomBytes(6).toString('hex')}`);
  const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  return { fh, tmp };
}

/**
 * The target's current content, read without following a symlink or blocking on a FIFO; undefined
 * when it is absent or not a regular file.
 */
export async function readNoFollow(path: string): Promise<string | undefined> {
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.size > 16 * 1024 ** 2) return undefined;
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}

/** Races `p` against a timer; the timer never keeps the process alive. */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}
