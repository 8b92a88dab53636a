/**
 * Restoring a bundle's files to their original places, byte for byte with their modes. The whole
 * bundle is verified first (readBundle writes nothing); every target is then checked by the one
 * containment rule (contain.ts), extracted to a temp file beside it (exclusive, no symlink
 * followed), checked again and renamed into place, so a target is either the old file or the
 * complete new one. A target that fails is skipped with its reason; no temp file is left behind.
 */
import { constants } from 'node:fs';
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { errorMessage } from '../core/errors.js';
import type { Limits, BundleFile, ReadBundle } from './bundle.js';
import { extractToTemp, readBundle } from './bundle.js';
import {
  TARGET_TIMEOUT_MS,
  checkTarget,
  openTemp,
  placeFor,
  readNoFollow,
  withTimeout,
  type AllowedRoots,
  type Place,
} from './contain.js';
import { mergeRedacted } from './redact.js';
import type { DockerPaths } from '../docker/paths.js';

export type { AllowedRoots } from './contain.js';

export interface RestoreOptions {
  allowedRoots: AllowedRoots;
  /** Put cache-data files back too (only into allowed cache directories). */
  restoreCache?: boolean;
  /** Decide everything, write nothing. */
  dryRun?: boolean;
  limits?: Partial<Limits>;
}

export interface RestoreResult {
  bundle: ReadBundle;
  restored: { path: string; sha256: string }[];
  skipped: { path: string; reason: string }[];
  /** With dryRun: the files that would be written. */
  planned: { path: string; sha256: string }[];
}

/**
 * The places a restore may write to, from the CURRENT environment (never from the bundle): the
 * buildx dir, the contexts' meta dir, the docker config.json and the buildkitd.toml paths
 * configured; daemon.json paths only for daemon.json entries; the cache directories the user
 * names only for cache data. Context TLS material is never in a bundle, so its directory is not
 * a root.
 */
export function allowedRoots(
  paths: DockerPaths,
  extra: { daemonJsonPaths?: string[]; buildkitdTomlPaths?: string[]; cachePaths?: string[] } = {},
): AllowedRoots {
  return {
    dirs: [paths.buildxDir, paths.contextsMetaDir],
    files: [paths.configJson, ...(extra.buildkitdTomlPaths ?? [])],
    cacheDirs: extra.cachePaths ?? [],
    daemonJson: extra.daemonJsonPaths ?? [],
  };
}

/** Kinds that are evidence or are restored another way (builder state goes back with docker cp). */
function notAFile(f: BundleFile): string | undefined {
  if (f.kind === 'command-output') return 'command output is evidence, not restored';
  if (f.kind === 'builder-state') return 'builder state is restored into its builder container';
  return undefined;
}

export async function restoreBundle(bundlePath: string, opts: RestoreOptions): Promise<RestoreResult> {
  // Verifies everything and throws BEFORE anything is written.
  const bundle = await readBundle(bundlePath, {
    allowedRoots: opts.allowedRoots,
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  const skipped: RestoreResult['skipped'] = [];
  const refused = new Set(bundle.refused.map((r) => r.file.entry));
  for (const r of bundle.refused) skipped.push({ path: r.file.path, reason: `refused: ${r.reason}` });

  const dry = opts.dryRun === true;
  const todo: { f: BundleFile; place: Place }[] = [];
  for (const f of bundle.manifest.files) {
    if (notAFile(f) !== undefined || refused.has(f.entry)) continue;
    const place = placeFor(f.path, f.kind, opts.allowedRoots);
    if ('problem' in place) continue; // listed in refused
    if (place.cache && opts.restoreCache !== true) {
      skipped.push({ path: f.path, reason: 'cache data not requested (restore-cache is off)' });
      continue;
    }
    // Checks every component (and, unless dry, makes the missing directories one by one).
    try {
      const problem = await withTimeout(checkTarget(f.path, place, !dry), TARGET_TIMEOUT_MS, `checking ${f.path}`);
      if (problem !== undefined) {
        skipped.push({ path: f.path, reason: `refused: ${problem}` });
        continue;
      }
    } catch (e) {
      skipped.push({ path: f.path, reason: `cannot create its directory: ${errorMessage(e)}` });
      continue;
    }
    todo.push({ f, place });
  }

  if (dry) {
    return { bundle, restored: [], skipped, planned: todo.map(({ f }) => ({ path: f.path, sha256: f.sha256 })) };
  }

  const wanted = new Map(todo.map(({ f }) => [f.entry, f.path]));
  const failed = new Map<string, string>();
  const temps = await extractToTemp(bundle, wanted, {
    failed,
    openTemp,
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  const restored: RestoreResult['restored'] = [];
  try {
    for (const { f, place } of todo) {
      const tmp = temps.get(f.entry);
      if (tmp === undefined) {
        skipped.push({ path: f.path, reason: `could not write: ${failed.get(f.entry) ?? 'not extracted'}` });
        continue;
      }
      try {
        await withTimeout(put(f, place, tmp), TARGET_TIMEOUT_MS, `restoring ${f.path}`);
        restored.push({ path: f.path, sha256: f.sha256 });
      } catch (e) {
        skipped.push({ path: f.path, reason: `could not write: ${errorMessage(e)}` });
      }
    }
  } finally {
    // Renamed ones are gone already; whatever failed leaves nothing behind.
    await Promise.all([...temps.values()].map((t) => rm(t, { force: true })));
  }
  return { bundle, restored, skipped, planned: [] };
}

/** Merges redacted fields, sets the mode, checks the chain again and renames into place. */
async function put(f: BundleFile, place: Place, tmp: string): Promise<void> {
  if (f.redacted !== undefined && f.redacted.length > 0 && f.kind !== 'context-meta') {
    // Never write the redaction marker over a real secret: keep what is on disk now (read
    // without following a link or blocking on a FIFO).
    const current = await readNoFollow(f.path);
    const merged = mergeRedacted(await readFile(tmp, 'utf8'), current, f.redacted);
    await writeFile(tmp, merged, { flag: constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW });
  }
  await chmod(tmp, f.mode & 0o777);
  const problem = await checkTarget(f.path, place, false);
  if (problem !== undefined) throw new Error(`refused at rename: ${problem}`);
  await rename(tmp, f.path);
}
