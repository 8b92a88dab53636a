import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` that always returns. Node's `mkdir(path, { recursive: true })` never settles for a
 * path under /proc (seen on Node 24: it keeps retrying ENOENT there), so a `metrics-path` or
 * `report-path` under /proc hung the step. This creates one level at a time, from the top, and
 * stops at the first error: at most one mkdir per path component.
 */
export async function makeDir(path: string, mode?: number): Promise<void> {
  const abs = resolve(path);
  const chain: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    chain.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const dir of chain) {
    try {
      await mkdir(dir, mode === undefined ? undefined : { mode });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'EISDIR') throw e;
      const st = await stat(dir);
      if (!st.isDirectory())
        throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', path: dir });
    }
  }
}

/** Why a file was moved aside: this user cannot read it, or docker cannot parse it. */
export type AsideReason = 'unreadable' | 'broken';

/**
 * The dated name a file is moved to instead of being deleted (`config.json.broken-2026-11-26T20-29-23-321Z`).
 * Docker and buildx never read these names; the client check skips them.
 */
export function asideName(path: string, why: AsideReason, now: Date): string {
  return `${path}.${why}-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/** A name made by `asideName` (a file or, for `instances/`, a directory). */
export const ASIDE_NAME = /\.(unreadable|broken)-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/;
