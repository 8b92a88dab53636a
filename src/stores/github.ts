/**
 * The GitHub store: the bundle as a workflow artifact (`@actions/artifact`), cache data beside it in
 * the Actions cache (`@actions/cache`), one entry per runner and builder. Both libraries are loaded
 * with `import()` inside the methods only, so a healthy `auto` run never parses them.
 *
 * The libraries read the runner's variables from `process.env` themselves (ACTIONS_RUNTIME_TOKEN,
 * ACTIONS_RESULTS_URL, GITHUB_API_URL, RUNNER_TEMP, GITHUB_WORKSPACE...); this class reads the names
 * it builds (runner, run id, attempt) from the `env` it is given, which defaults to `process.env`.
 */
import { createHash } from '../core/crypto.js';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Logger } from '../docker/deps.js';
import { InputError, SafetyError, errorMessage } from '../core/errors.js';
import type { CacheRestore, CacheSet, FetchOptions, SaveRequest, Store, StoredBackup } from './types.js';
import { cacheKey, cacheRestoreKeys, isBackupArtifactName, validateArtifactName } from './names.js';

/** Written into the artifact beside the bundle: what a later fetch needs to find and check it. */
export const SIDECAR = 'buildkit-healer-store.json';

export interface StoreSidecar {
  schema: 1;
  name: string;
  /** The bundle's file name inside the artifact. */
  bundle: string;
  bytes: number;
  sha256: string;
  createdAt: string;
  /** Cache entries saved with this backup; `paths` exactly as given, since they make the cache version. */
  cache: { builder: string; key: string; restoreKeys: string[]; paths: string[] }[];
}

/** Artifacts of another workflow run: needs a token with `actions: read` on that repository. */
export interface OtherRun {
  token: string;
  /** The run that made the backup. Unknown (undefined or empty): only a fetch by artifact id works,
   * since artifact ids are unique in a repository and the download needs no run. */
  runId?: number | string;
  /** `owner/name`. */
  repository: string;
}

export interface GitHubStoreOptions {
  /** Artifact retention, 1 to 90 days (GitHub clamps it further by the repository's setting). */
  retentionDays: number;
  /** Zip compression level of the artifact, 0 to 9. */
  compressionLevel: number;
  /** Bundles larger than this are refused before any request. */
  maxBytes: number;
  /** Where names come from (RUNNER_NAME, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT); default process.env. */
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  /** List and fetch from another run instead of this one. */
  source?: OtherRun;
}

interface FindBy {
  token: string;
  workflowRunId: number;
  repositoryOwner: string;
  repositoryName: string;
}

interface ArtifactInfo {
  name: string;
  id: number;
  size: number;
  createdAt?: Date;
  digest?: string;
}

/** True when the runner gave this step what the results service needs. */
export function isGitHubRuntime(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.ACTIONS_RUNTIME_TOKEN) && Boolean(env.ACTIONS_RESULTS_URL);
}

const noLog: Logger = { info() {}, warn() {}, error() {}, debug() {} };

function checkInt(input: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw new InputError(input, String(v), `an integer from ${lo} to ${hi}`);
  return v;
}

/** Validates another run's coordinates before any request. `workflowRunId` 0: run unknown. */
function parseOtherRun(o: OtherRun): FindBy {
  if (!o.token)
    throw new InputError('github-token', '', 'a token with actions:read on the repository (needed for another run)');
  const given = o.runId === undefined ? '' : String(o.runId).trim();
  const runId = given === '' ? 0 : Number(given);
  if (!Number.isSafeInteger(runId) || runId < 0 || (given !== '' && runId === 0)) {
    throw new InputError('run-id', given, 'a workflow run id (a positive integer)');
  }
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(o.repository.trim());
  if (!m?.[1] || !m[2]) throw new InputError('repository', o.repository, 'owner/name');
  return { token: o.token, workflowRunId: runId, repositoryOwner: m[1], repositoryName: m[2] };
}

/**
 * GitHub answers 403 ("Resource not accessible by integration") when the job's token lacks
 * `actions: read`: say which permission, since the API's own text does not.
 */
function permissionHint(e: unknown): string {
  return /\b403\b|forbidden|not accessible by integration/i.test(errorMessage(e))
    ? ' (the token lacks a permission: give the job `permissions: actions: read`, or pass a github-token that has it)'
    : '';
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** A hard link where possible (no copy of a large bundle), a copy across file systems. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

function toBackup(a: ArtifactInfo): StoredBackup {
  return {
    name: a.name,
    location: `artifact:${a.id}`,
    artifactId: String(a.id),
    bytes: a.size,
    ...(a.createdAt ? { createdAt: a.createdAt.toISOString() } : {}),
  };
}

export class GitHubStore implements Store {
  readonly kind = 'github';
  private readonly env: NodeJS.ProcessEnv;
  private readonly log: Logger;
  private readonly findBy: FindBy | undefined;

  constructor(private readonly opts: GitHubStoreOptions) {
    checkInt('retention-days', opts.retentionDays, 1, 90);
    checkInt('compression-level', opts.compressionLevel, 0, 9);
    if (!(opts.maxBytes > 0))
      throw new InputError('max-backup-size', String(opts.maxBytes), 'a positive size in bytes');
    this.env = opts.env ?? process.env;
    this.log = opts.log ?? noLog;
    this.findBy = opts.source ? parseOtherRun(opts.source) : undefined;
  }

  private where(): string {
    const f = this.findBy;
    if (!f) return 'this workflow run';
    return f.workflowRunId > 0
      ? `workflow run ${f.workflowRunId} of ${f.repositoryOwner}/${f.repositoryName}`
      : `${f.repositoryOwner}/${f.repositoryName}`;
  }

  private names(): { runner: string; runId: string; attempt: string } {
    return {
      runner: this.env.RUNNER_NAME?.trim() || hostname(),
      runId: this.env.GITHUB_RUN_ID?.trim() || 'local',
      attempt: this.env.GITHUB_RUN_ATTEMPT?.trim() || '1',
    };
  }

  /** Where an artifact comes from: the other run named, else this run of this repository. */
  private origin(): { repository?: string; runId?: string } {
    const f = this.findBy;
    if (f) {
      const repository = `${f.repositoryOwner}/${f.repositoryName}`;
      return f.workflowRunId > 0 ? { repository, runId: String(f.workflowRunId) } : { repository };
    }
    const repository = this.env.GITHUB_REPOSITORY?.trim();
    const runId = this.env.GITHUB_RUN_ID?.trim();
    return { ...(repository ? { repository } : {}), ...(runId ? { runId } : {}) };
  }

  private findOpts(): { findBy?: FindBy } {
    return this.findBy ? { findBy: this.findBy } : {};
  }

  /** Warnings (cache data not saved) are returned on the backup, not logged: the caller reports them once. */
  async save(req: SaveRequest): Promise<StoredBackup> {
    validateArtifactName(req.name);
    if (this.findBy)
      throw new SafetyError(`the GitHub store was opened on ${this.where()}: it can only save to this run`);
    const st = await stat(req.bundlePath).catch((e: unknown) => {
      throw new Error(`backup bundle ${req.bundlePath} cannot be read: ${errorMessage(e)}`);
    });
    if (!st.isFile()) throw new Error(`backup bundle ${req.bundlePath} is not a file`);
    // Refused before any request: an upload that GitHub or the runner's disk cannot hold should
    // fail fast and say why, not after minutes of streaming.
    if (st.size > this.opts.maxBytes) {
      throw new SafetyError(
        `backup bundle ${basename(req.bundlePath)} is ${st.size} bytes, over the limit of ${this.opts.maxBytes} bytes: not uploaded (raise max-backup-size, or back up less)`,
      );
    }
    const sha256 = await sha256File(req.bundlePath);
    const warnings: string[] = [];
    const sets = cacheSetsOf(req);
    // Cache data first, so the sidecar lists only entries that were really saved. A cache failure
    // is a warning: the config backup must never be lost because the cache service is down.
    const saved = sets.length > 0 ? await this.saveCaches(sets, warnings) : [];

    const staging = await mkdtemp(join(this.env.RUNNER_TEMP || tmpdir(), 'bkh-artifact-'));
    try {
      const bundleFile = basename(req.bundlePath);
      await linkOrCopy(req.bundlePath, join(staging, bundleFile));
      const sidecar: StoreSidecar = {
        schema: 1,
        name: req.name,
        bundle: bundleFile,
        bytes: st.size,
        sha256,
        createdAt: new Date().toISOString(),
        cache: saved,
      };
      await writeFile(join(staging, SIDECAR), `${JSON.stringify(sidecar, null, 2)}\n`);
      const { DefaultArtifactClient } = await import('@actions/artifact');
      let res: { id?: number; size?: number };
      try {
        res = await new DefaultArtifactClient().uploadArtifact(
          req.name,
          [join(staging, bundleFile), join(staging, SIDECAR)],
          staging,
          {
            retentionDays: this.opts.retentionDays,
            compressionLevel: this.opts.compressionLevel,
          },
        );
      } catch (e) {
        // This IS an error: without the artifact there is no backup, and the heal must not clean.
        // The cache warnings would be lost with the return value: they ride along in the message.
        const also = warnings.length > 0 ? ` (also: ${warnings.join('; ')})` : '';
        throw new Error(`uploading backup ${req.name} as a GitHub artifact failed: ${errorMessage(e)}${also}`, {
          cause: e,
        });
      }
      if (res.id === undefined)
        throw new Error(`uploading backup ${req.name} as a GitHub artifact returned no artifact id`);
      this.log.info(
        `backup ${req.name} uploaded as artifact ${res.id} (${st.size} bytes, kept ${this.opts.retentionDays} days)`,
      );
      return {
        name: req.name,
        location: `artifact:${res.id}`,
        artifactId: String(res.id),
        bytes: st.size,
        createdAt: sidecar.createdAt,
        ...(saved.length > 0 ? { cacheKeys: saved.map((c) => c.key) } : {}),
        ...(warnings.length > 0 ? { warnings } : {}),
      };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  private async saveCaches(sets: CacheSet[], warnings: string[]): Promise<StoreSidecar['cache']> {
    const n = this.names();
    const out: StoreSidecar['cache'] = [];
    let cache: typeof import('@actions/cache');
    try {
      cache = await import('@actions/cache');
    } catch (e) {
      warnings.push(`cache data not saved: @actions/cache could not be loaded: ${errorMessage(e)}`);
      return out;
    }
    if (!cache.isFeatureAvailable()) {
      const w =
        'cache data not saved: the Actions cache service is not available to this step (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL unset)';
      warnings.push(w);
      return out;
    }
    for (const set of sets) {
      const key = cacheKey({ runner: n.runner, builder: set.builder, runId: n.runId, attempt: n.attempt });
      let id = -1;
      let why = 'the cache service refused or could not be reached';
      try {
        id = await cache.saveCache(set.paths, key);
      } catch (e) {
        why = errorMessage(e);
      }
      if (id === -1) {
        const w = `cache data of builder ${set.builder} not saved under key ${key}: ${why}; the configuration backup is not affected`;
        warnings.push(w);
        continue;
      }
      this.log.info(`cache data of builder ${set.builder} saved under key ${key}`);
      out.push({
        builder: set.builder,
        key,
        restoreKeys: cacheRestoreKeys({ runner: n.runner, builder: set.builder }),
        paths: set.paths,
      });
    }
    return out;
  }

  private async listArtifacts(): Promise<ArtifactInfo[]> {
    if (this.findBy?.workflowRunId === 0) {
      throw new InputError(
        'run-id',
        '',
        `the workflow run that made the backup, to list or find backups by name in ${this.where()} (or give an artifact id)`,
      );
    }
    const { DefaultArtifactClient } = await import('@actions/artifact');
    try {
      const { artifacts } = await new DefaultArtifactClient().listArtifacts({ latest: true, ...this.findOpts() });
      return artifacts;
    } catch (e) {
      throw new Error(
        `listing the GitHub artifacts of ${this.where()} failed: ${errorMessage(e)}${permissionHint(e)}`,
        { cause: e },
      );
    }
  }

  /** Backups among the artifacts of this run (or of the other run given), newest first. Other
   * artifacts are left out (see isBackupArtifactName); `fetch` by name or id still reaches them. */
  async list(): Promise<StoredBackup[]> {
    return backupsOf(await this.listArtifacts());
  }

  async fetch(
    name: string,
    destDir: string,
    opts: FetchOptions = {},
  ): Promise<{
    backup: StoredBackup;
    bundlePath: string;
    cacheRestored?: CacheRestore[];
    origin: { repository?: string; runId?: string };
  }> {
    const byId = opts.artifactId !== undefined && String(opts.artifactId) !== '' ? Number(opts.artifactId) : undefined;
    if (byId !== undefined && (!Number.isSafeInteger(byId) || byId <= 0)) {
      throw new InputError('artifact-id', String(opts.artifactId), 'a GitHub artifact id (a positive integer)');
    }
    if (byId === undefined) validateArtifactName(name);
    // Another run, run unknown, by id: nothing to list; the REST download needs only the id.
    const blind = byId !== undefined && this.findBy?.workflowRunId === 0;
    const match = await this.findArtifact(name, byId, blind);
    await mkdir(destDir, { recursive: true });
    const dl = await mkdtemp(join(destDir, '.bkh-download-'));
    try {
      await this.download(match, dl);
      const sidecar = await readSidecar(dl);
      const bundlePath = await takeBundle(dl, destDir, match.name, sidecar);
      const backup: StoredBackup = {
        ...toBackup(match),
        // Found blind by id: the sidecar names it (checked like any name before it is trusted).
        ...(blind && sidecar && isValidName(sidecar.name) ? { name: sidecar.name } : {}),
        // The bundle's own size (the listing gives the zip's).
        ...(sidecar ? { bytes: sidecar.bytes } : {}),
        ...(blind && sidecar ? { createdAt: sidecar.createdAt } : {}),
        ...(sidecar?.cache.length ? { cacheKeys: sidecar.cache.map((c) => c.key) } : {}),
      };
      const origin = this.origin();
      if (opts.verify) await opts.verify(bundlePath, origin);
      if (!opts.restoreCache) return { backup, bundlePath, origin };
      const cacheRestored = await this.restoreCaches(sidecar?.cache ?? []);
      const warnings = cacheRestored.flatMap((c) => (c.warning ? [c.warning] : []));
      return {
        backup: { ...backup, ...(warnings.length > 0 ? { warnings } : {}) },
        bundlePath,
        cacheRestored,
        origin,
      };
    } finally {
      await rm(dl, { recursive: true, force: true });
    }
  }

  /** The artifact by id or by name (the newest of that name); blind (by id, run unknown): the id alone. */
  private async findArtifact(name: string, byId: number | undefined, blind: boolean): Promise<ArtifactInfo> {
    const artifacts = blind ? [] : await this.listArtifacts();
    const match: ArtifactInfo | undefined =
      blind && byId !== undefined
        ? { id: byId, name: name || `artifact-${byId}`, size: 0 }
        : artifacts
            .filter((a) => (byId !== undefined ? a.id === byId : a.name === name))
            .sort((a, b) => b.id - a.id)[0];
    if (match) return match;
    const seen = backupsOf(artifacts).map((b) => b.name);
    const others = artifacts.length - seen.length;
    const what = byId !== undefined ? `artifact id ${byId}` : `backup named ${JSON.stringify(name)}`;
    throw new Error(
      `no ${what} in ${this.where()}; backups there: ${seen.length > 0 ? seen.join(', ') : 'none'}${others > 0 ? ` (and ${others} other artifact${others === 1 ? '' : 's'})` : ''}`,
    );
  }

  /** Downloads the artifact into `dl`; one whose digest is not the one GitHub recorded is refused. */
  private async download(match: ArtifactInfo, dl: string): Promise<void> {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    let r;
    try {
      r = await new DefaultArtifactClient().downloadArtifact(match.id, {
        path: dl,
        ...(match.digest ? { expectedHash: match.digest } : {}),
        ...this.findOpts(),
      });
    } catch (e) {
      throw new Error(
        `downloading backup ${match.name} (artifact ${match.id}) from ${this.where()} failed: ${errorMessage(e)}${permissionHint(e)}`,
        { cause: e },
      );
    }
    if (r.digestMismatch === true)
      throw new SafetyError(
        `backup ${match.name} (artifact ${match.id}) arrived with a digest other than the one GitHub recorded: not used`,
      );
  }

  /** Puts cache data back; a miss or a service failure is a warning, never a failed rollback. */
  private async restoreCaches(entries: StoreSidecar['cache']): Promise<CacheRestore[]> {
    if (entries.length === 0) return [];
    const cache = await import('@actions/cache');
    const out: CacheRestore[] = [];
    for (const e of entries) {
      const base = { builder: e.builder, key: e.key, paths: e.paths };
      try {
        const matched = await cache.restoreCache([...e.paths], e.key, e.restoreKeys);
        if (matched) {
          this.log.info(`cache data of builder ${e.builder} restored from key ${matched}`);
          out.push({ ...base, matchedKey: matched });
        } else {
          const w = `cache data of builder ${e.builder} not restored: no cache entry for key ${e.key} or its restore keys (evicted, or the service is unreachable)`;
          out.push({ ...base, warning: w });
        }
      } catch (e2) {
        const w = `cache data of builder ${e.builder} not restored (key ${e.key}): ${errorMessage(e2)}`;
        out.push({ ...base, warning: w });
      }
    }
    return out;
  }

  async remove(name: string): Promise<void> {
    validateArtifactName(name);
    const { DefaultArtifactClient } = await import('@actions/artifact');
    try {
      await new DefaultArtifactClient().deleteArtifact(name, this.findOpts());
    } catch (e) {
      throw new Error(`deleting backup ${name} from ${this.where()} failed: ${errorMessage(e)}`, { cause: e });
    }
  }
}

/** One set per builder (one key each: the service takes a key once per run attempt), paths in order. */
export function cacheSetsOf(req: Pick<SaveRequest, 'cachePaths' | 'builder' | 'cacheSets'>): CacheSet[] {
  const byBuilder = new Map<string, string[]>();
  const add = (builder: string, paths: string[]): void => {
    const list = byBuilder.get(builder) ?? [];
    for (const p of paths) if (p && !list.includes(p)) list.push(p);
    byBuilder.set(builder, list);
  };
  add(req.builder ?? 'all', req.cachePaths);
  for (const s of req.cacheSets ?? []) add(s.builder, s.paths);
  return [...byBuilder].filter(([, paths]) => paths.length > 0).map(([builder, paths]) => ({ builder, paths }));
}

function isValidName(n: unknown): n is string {
  try {
    return typeof n === 'string' && validateArtifactName(n) === n;
  } catch {
    return false;
  }
}

function backupsOf(artifacts: ArtifactInfo[]): StoredBackup[] {
  return artifacts
    .filter((a) => isBackupArtifactName(a.name))
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0) || b.id - a.id)
    .map(toBackup);
}

/**
 * The downloaded bundle moved into `destDir`: the one the sidecar names (its SHA-256 checked
 * against the one uploaded), or the only bundle of an artifact without a sidecar. Returns its path.
 */
async function takeBundle(
  dl: string,
  destDir: string,
  artifactName: string,
  sidecar: StoreSidecar | undefined,
): Promise<string> {
  const bundleFile = sidecar ? sidecar.bundle : await singleBundle(dl, artifactName);
  const bundlePath = join(destDir, bundleFile);
  if (sidecar) {
    const got = await sha256File(join(dl, bundleFile));
    if (got !== sidecar.sha256) {
      throw new SafetyError(
        `backup ${artifactName}: bundle ${bundleFile} has sha256 ${got}, but ${sidecar.sha256} was uploaded: not used`,
      );
    }
  }
  await rename(join(dl, bundleFile), bundlePath);
  return bundlePath;
}

async function readSidecar(dir: string): Promise<StoreSidecar | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, SIDECAR), 'utf8');
  } catch {
    return undefined;
  }
  const s = JSON.parse(text) as Partial<StoreSidecar>;
  // The bundle name comes from the artifact: accept a plain file name only, never a path.
  if (
    s.schema !== 1 ||
    typeof s.bundle !== 'string' ||
    basename(s.bundle) !== s.bundle ||
    s.bundle === '..' ||
    s.bundle === '.' ||
    !s.bundle
  ) {
    throw new SafetyError(`the artifact's ${SIDECAR} is not one this version understands`);
  }
  if (typeof s.sha256 !== 'string' || !Array.isArray(s.cache))
    throw new SafetyError(`the artifact's ${SIDECAR} is incomplete`);
  const cache = s.cache.filter(
    (c): c is StoreSidecar['cache'][number] =>
      typeof c?.key === 'string' &&
      typeof c.builder === 'string' &&
      Array.isArray(c.paths) &&
      Array.isArray(c.restoreKeys),
  );
  return { ...(s as StoreSidecar), cache };
}

/** An artifact without our sidecar (uploaded by hand): accept exactly one `.tar.gz` in it. */
async function singleBundle(dir: string, name: string): Promise<string> {
  const files = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isFile() && d.name.endsWith('.tar.gz'))
    .map((d) => d.name);
  if (files.length !== 1 || !files[0]) {
    throw new Error(`artifact ${name} holds ${files.length} .tar.gz files, not one backup bundle`);
  }
  return files[0];
}
