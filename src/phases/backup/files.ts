/** Files as a backup reads them: regular files only, symlinks and specials reported, never followed. */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import type { Manifest } from '../../bundle/bundle.js';

/** Regular files directly in `dir` (symlinks and specials reported, never followed). */
export async function listDir(dir: string, omitted: Manifest['omitted']): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) {
    const p = join(dir, n);
    const st = await lstat(p).catch(() => undefined);
    if (st === undefined) continue;
    if (st.isFile()) out.push(p);
    else if (!st.isDirectory())
      omitted.push({ path: p, reason: st.isSymbolicLink() ? 'symlink, not followed' : 'not a regular file' });
  }
  return out;
}

/** Every file under `dir`, recursively; specials and symlinks reported and skipped. */
export async function walk(
  dir: string,
  omitted: Manifest['omitted'],
  out: { path: string; mode: number }[],
): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (e) {
    omitted.push({ path: dir, reason: `cannot read: ${errorMessage(e)}` });
    return;
  }
  for (const n of names) {
    const p = join(dir, n);
    const st = await lstat(p).catch(() => undefined);
    if (st === undefined) continue;
    if (st.isDirectory()) await walk(p, omitted, out);
    else if (st.isFile()) out.push({ path: p, mode: st.mode & 0o7777 });
    else
      omitted.push({
        path: p,
        reason: st.isSymbolicLink() ? 'symlink, not followed' : 'special file (device, socket or fifo), skipped',
      });
  }
}

export async function modeOf(p: string): Promise<number> {
  return (await lstat(p)).mode & 0o7777;
}

export async function exists(p: string): Promise<boolean> {
  const st = await lstat(p).catch(() => undefined);
  return st?.isFile() === true;
}
