/**
 * Restoring a bundle's files to their original places, byte for byte with their modes. The whole
 * bundle is verified first (readBundle writes nothing); files are then extracted to temp files
 * beside their targets, checked again, and renamed into place, so a target is either the old
 * file or the complete new one.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorMessage } from '../core/errors.js';
import type { Limits, AllowedRoots, BundleFile, ReadBundle } from './bundle.js';
import { extractToTemp, readBundle, realParentInside } from './bundle.js';
import { mergeRedacted } from './redact.js';
import type { DockerPaths } from '../docker/paths.js';

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
 * buildx dir, the contexts' meta dir, the docker config.json, the daemon.json and buildkitd.toml
 * paths configured, and the cache directories the user names. Context TLS material is never in
 * a bundle, so its directory is not a root.
 */
export function allowedRoots(paths: DockerPaths, extra: { daemonJsonPaths?: string[]; buildkitdTomlPaths?: string[]; cachePaths?: string[] } = {}): AllowedRoots {
  return {
    dirs: [paths.buildxDir, paths.contextsMetaDir, ...(extra.cachePaths ?? [])],
    files: [paths.configJson, ...(extra.daemonJsonPaths ?? []), ...(extra.buildkitdTomlPaths ?? [])],
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
  const bundle = await readBundle(bundlePath, { allowedRoots: opts.allowedRoots, ...(opts.limits ? { limits: opts.limits } : {}) });
  const skipped: RestoreResult['skipped'] = [];
  const refused = new Set(bundle.refused.map((r) => r.file.entry));
  for (const r of bundle.refused) skipped.push({ path: r.file.path, reason: `refused: ${r.reason}` });

  const todo: BundleFile[] = [];
  for (const f of bundle.manifest.files) {
    if (notAFile(f) !== undefined || refused.has(f.entry)) continue;
    if (f.kind === 'cache-data' && opts.restoreCache !== true) {
      skipped.push({ path: f.path, reason: 'cache data not requested (restore-cache is off)' });
      continue;
    }
    // A symlinked parent directory must not carry the write outside the roots.
    if (!(await realParentInside(f.path, opts.allowedRoots))) {
      skipped.push({ path: f.path, reason: 'refused: its directory resolves (through a symlink) outside the allowed places' });
      continue;
    }
    todo.push(f);
  }

  if (opts.dryRun === true) {
    return { bundle, restored: [], skipped, planned: todo.map((f) => ({ path: f.path, sha256: f.sha256 })) };
  }

  const wanted = new Map<string, string>();
  const made: string[] = [];
  for (const f of todo) {
    try {
      await mkdir(dirname(f.path), { recursive: true, mode: 0o755 });
      wanted.set(f.entry, f.path);
    } catch (e) {
      skipped.push({ path: f.path, reason: `cannot create its directory: ${errorMessage(e)}` });
    }
  }
  const temps = await extractToTemp(bundle, wanted, opts.limits);
  made.push(...temps.values());
  const restored: RestoreResult['restored'] = [];
  try {
    for (const f of todo) {
      const tmp = temps.get(f.entry);
      if (tmp === undefined) continue;
      try {
        if (f.redacted !== undefined && f.redacted.length > 0 && f.kind !== 'context-meta') {
          // Never write the redaction marker over a real secret: keep what is on disk now.
          const current = await readFile(f.path, 'utf8').catch(() => undefined);
          await writeFile(tmp, mergeRedacted(await readFile(tmp, 'utf8'), current, f.redacted));
        }
        await chmod(tmp, f.mode & 0o777);
        await rename(tmp, f.path);
        restored.push({ path: f.path, sha256: f.sha256 });
      } catch (e) {
        skipped.push({ path: f.path, reason: `could not write: ${errorMessage(e)}` });
      }
    }
  } finally {
    await Promise.all(made.map((t) => rm(t, { force: true })));
  }
  return { bundle, restored, skipped, planned: [] };
}
