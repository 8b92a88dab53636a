/**
 * The backup phase: before anything is removed, one verified bundle of everything needed to put
 * BuildKit back as it was: buildx state files, contexts' metadata, buildkitd.toml files in use,
 * daemon.json, docker config.json (redacted), `ls`/`inspect`/`du` output, versions, and on request
 * cache directories and docker-container builders' state. The bundle is read back and every
 * entry checked before the backup is reported verified.
 *
 * Its parts in src/phases/backup/: collect.ts (what goes in, by kind), builder-state.ts
 * (docker-container builders' state), files.ts, pack.ts and verify.ts.
 */
import { randomBytes } from '../core/crypto.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../docker/deps.js';
import type { BackupOptions } from '../core/options.js';
import type { BackupRef } from '../core/report.js';
import type { Facts } from '../checks/types.js';
import { openStore } from '../stores/index.js';
import { checkBackupName } from '../stores/local.js';
import { backupName, compactTimestamp, sanitizeForArtifact, validateArtifactName } from '../stores/names.js';
import type { Store } from '../stores/types.js';
import type { GitHubOrigin, Manifest } from '../bundle/bundle.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BundleWriter, GITHUB_REPO_RE } from '../bundle/bundle.js';
import { addBuilderState } from './backup/builder-state.js';
import {
  type Collector,
  collectCache,
  collectConfigFiles,
  collectContexts,
  collectDockerConfig,
  collectEvidence,
  collectStateFiles,
  collectVersions,
} from './backup/collect.js';
import { packBundle } from './backup/pack.js';
import { verifyBundle } from './backup/verify.js';

export interface BackupExtra {
  /** A name the user gave; default `buildkit-backup-<host>-<time>-<rand>`. */
  name?: string;
  /** The store to save to; default `openStore(options.store, options, deps)`. */
  store?: Store;
  /** daemon.json candidates (the first existing one is backed up) when facts did not find one. */
  daemonJsonPaths?: string[];
  /** buildkitd.toml files to back up besides those the facts found. */
  buildkitdTomlPaths?: string[];
}

export interface BackupResult {
  ref: BackupRef;
  /** The verified bundle file (the stored copy for the local store). */
  bundlePath: string;
  manifest: Manifest;
}

/**
 * Off GitHub: `buildkit-backup-<host>-<YYYYMMDDTHHMMSSZ>-<rand>`. On a runner (GITHUB_RUN_ID set):
 * `backupName()`'s `buildkit-healer-<runner>-<run id>-<attempt>-<time>` so the artifact list shows
 * which job made it, plus `-<rand>` so two heals in one second of one job never collide.
 */
export function defaultBackupName(host: string, now: Date, env: NodeJS.ProcessEnv = {}): string {
  const rand = randomBytes(3).toString('hex');
  if ((env.GITHUB_RUN_ID ?? '').trim() !== '') {
    const parts = {
      host,
      now,
      runId: env.GITHUB_RUN_ID as string,
      ...(env.RUNNER_NAME ? { runner: env.RUNNER_NAME } : {}),
      ...(env.GITHUB_RUN_ATTEMPT ? { attempt: env.GITHUB_RUN_ATTEMPT } : {}),
    };
    return validateArtifactName(`${backupName(parts)}-${rand}`);
  }
  return `buildkit-backup-${sanitizeForArtifact(host)}-${compactTimestamp(now)}-${rand}`;
}

/** The repository, run and workflow of a backup made on GitHub Actions (recorded in the manifest). */
export function gitHubOrigin(env: NodeJS.ProcessEnv): GitHubOrigin | undefined {
  const repository = env.GITHUB_REPOSITORY?.trim() ?? '';
  const runId = env.GITHUB_RUN_ID?.trim() ?? '';
  if (!GITHUB_REPO_RE.test(repository) || !/^[0-9]{1,20}$/.test(runId)) return undefined;
  const attempt = env.GITHUB_RUN_ATTEMPT?.trim() ?? '';
  // The workflow's name may hold anything; control characters would fake report lines.
  const workflow = (env.GITHUB_WORKFLOW_REF?.trim() || env.GITHUB_WORKFLOW?.trim() || '').replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/g,
    '',
  );
  return {
    repository,
    runId,
    ...(/^[0-9]{1,6}$/.test(attempt) ? { runAttempt: attempt } : {}),
    ...(workflow !== '' ? { workflow: workflow.slice(0, 1024) } : {}),
  };
}

export async function backup(
  deps: Deps,
  options: BackupOptions,
  facts: Facts,
  extra: BackupExtra = {},
): Promise<BackupResult> {
  const now = deps.now();
  const host = hostname();
  const name =
    extra.name !== undefined
      ? checkBackupName(validateArtifactName(extra.name))
      : defaultBackupName(host, now, deps.env);
  const store = extra.store ?? (await openStore(options.store, options, deps));
  const paths = deps.docker.paths;
  const work = await mkdtemp(join(deps.env.RUNNER_TEMP ?? tmpdir(), 'bkh-backup-'));
  const w = new BundleWriter(join(work, 'stage'));
  await w.init();
  const c: Collector = {
    w,
    state: [],
    manifest: {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      name,
      createdAt: now.toISOString(),
      host: { hostname: host, dockerHost: deps.env.DOCKER_HOST ?? facts.dockerHost ?? '' },
      tool: { name: 'buildkit-healer', version: deps.version },
      versions: {},
      builders: [],
      redactions: [],
      omitted: [],
      commands: [],
    },
  };
  const m = c.manifest;
  const origin = store.kind === 'github' ? gitHubOrigin(deps.env) : undefined;
  if (origin !== undefined) m.github = origin;
  try {
    const instances = await collectStateFiles(c, paths);
    await collectContexts(c, paths);
    await collectDockerConfig(c, paths);
    await collectConfigFiles(c, facts, extra);
    await collectEvidence(deps, c, facts);
    collectVersions(c, facts, instances);
    const external = await collectCache(c, options, store.kind);
    if (options.builderState) await addBuilderState(deps, c, facts, options);

    const bundlePath = join(work, `${name}.tar.gz`);
    const { manifest, size } = await packBundle(c, name, bundlePath, options.maxBytes);
    const verified = await verifyBundle(name, bundlePath, manifest, size, options.maxBytes);
    await rm(w.stageDir, { recursive: true, force: true });

    const saved = await store.save({ name, bundlePath, cachePaths: external });
    for (const warning of saved.warnings ?? []) deps.log.warn(warning);
    const ref: BackupRef = {
      name,
      store: store.kind,
      location: saved.location,
      files: manifest.files.length,
      bytes: size,
      verified,
      ...(saved.artifactId !== undefined ? { artifactId: saved.artifactId } : {}),
      ...(saved.cacheKeys !== undefined ? { cacheKeys: saved.cacheKeys } : {}),
      ...(c.state.length > 0 ? { builderState: c.state } : {}),
    };
    if (store.kind === 'local') {
      await rm(work, { recursive: true, force: true });
      return { ref, bundlePath: saved.location, manifest };
    }
    return { ref, bundlePath, manifest };
  } catch (e) {
    await rm(work, { recursive: true, force: true });
    throw e;
  }
}
