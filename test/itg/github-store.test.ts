// The GitHub store with the real @actions/artifact and @actions/cache (never mocked), against the
// local results-service stand-in and the real Azure Blob emulator (Azurite) of the test environment.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/docker/deps.js';
import { SafetyError } from '../../src/core/errors.js';
import { cacheSetsOf, GitHubStore, isGitHubRuntime, SIDECAR } from '../../src/stores/github.js';
import { backupName } from '../../src/stores/names.js';
import { startResultsService, type ResultsService } from '../support/results-service.js';

const RUN_A = 7001;
const RUN_B = 7002;
const REPO = 'octo-org/octo-repo';
/** A token of a job whose `permissions:` leave out `actions: read`. */
const NO_ACTIONS_READ = 'ghs_no_actions_read';

let svc: ResultsService;
let work: string;
let savedEnv: NodeJS.ProcessEnv;

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Points process.env at a run, as the runner does for each step (the libraries read process.env). */
function enterRun(runId: number, runner = 'runner-1'): void {
  Object.assign(process.env, svc.env(runId, { runner, repository: REPO, attempt: 1 }));
}

function recordingLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, debug() {}, error() {}, warn: (m) => warnings.push(m) };
}

function store(
  log: Logger = recordingLog(),
  extra: Partial<ConstructorParameters<typeof GitHubStore>[0]> = {},
): GitHubStore {
  return new GitHubStore({
    retentionDays: 3,
    compressionLevel: 6,
    maxBytes: 64 * 1024 * 1024,
    env: process.env,
    log,
    ...extra,
  });
}

/** A real bundle: manifest.json + files/ in a .tar.gz, ~9 MiB so the upload takes more than one 8 MiB block. */
async function makeBundle(dir: string, name: string): Promise<string> {
  const src = join(dir, `${name}-src`);
  mkdirSync(join(src, 'files', 'buildx', 'instances'), { recursive: true });
  writeFileSync(
    join(src, 'files', 'buildx', 'instances', 'mybuilder'),
    JSON.stringify({ Name: 'mybuilder', Driver: 'docker-container' }),
  );
  writeFileSync(join(src, 'files', 'blob.bin'), randomBytes(9 * 1024 * 1024));
  writeFileSync(
    join(src, 'manifest.json'),
    JSON.stringify({ schema: 1, name, files: ['buildx/instances/mybuilder', 'blob.bin'] }),
  );
  const file = join(dir, `${name}.tar.gz`);
  await tar.c({ gzip: true, file, cwd: src }, ['manifest.json', 'files']);
  return file;
}

function makeCacheDir(dir: string): string {
  const c = join(dir, 'cache', 'buildx-local-cache');
  mkdirSync(join(c, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(c, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [] }));
  writeFileSync(join(c, 'blobs', 'sha256', 'abc'), randomBytes(200_000));
  return c;
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, `${rel}${e.name}/`);
      else out[`${rel}${e.name}`] = sha(p);
    }
  };
  walk(dir, '');
  return out;
}

beforeAll(async () => {
  const port = process.env.BKH_AZURITE_PORT;
  if (!port) throw new Error('BKH_AZURITE_PORT is not set: source the test environment');
  savedEnv = { ...process.env };
  svc = await startResultsService({ azuritePort: port, repository: REPO, tokensWithoutActionsRead: [NO_ACTIONS_READ] });
  work = mkdtempSync(join(tmpdir(), 'bkh-ghstore-'));
  // Before the first (lazy) import of @actions/artifact: @actions/github reads GITHUB_API_URL once.
  enterRun(RUN_A);
});

afterAll(async () => {
  await svc?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

describe('GitHubStore against the results-service stand-in and Azurite', () => {
  let bundle: string;
  let cacheDir: string;
  let cacheBefore: Record<string, string>;
  const name = backupName({
    host: 'h',
    runner: 'runner-1',
    runId: RUN_A,
    attempt: 1,
    now: new Date('2026-11-23T23:00:00Z'),
  });

  beforeEach(async () => {
    await svc.restart();
    svc.setFault('CacheService', undefined);
    enterRun(RUN_A);
  });

  it('knows when it runs inside a GitHub job', () => {
    expect(isGitHubRuntime(process.env)).toBe(true);
    expect(isGitHubRuntime({ ACTIONS_RUNTIME_TOKEN: 'x' })).toBe(false);
    expect(isGitHubRuntime({})).toBe(false);
  });

  it('saves a real bundle as an artifact and the cache dir under a per-runner, per-builder key', async () => {
    bundle = await makeBundle(work, name);
    cacheDir = makeCacheDir(work);
    cacheBefore = snapshot(cacheDir);
    const log = recordingLog();
    const saved = await store(log).save({ name, bundlePath: bundle, cachePaths: [cacheDir], builder: 'mybuilder' });
    expect(log.warnings).toEqual([]);
    expect(saved.warnings).toBeUndefined();
    expect(saved.name).toBe(name);
    expect(saved.bytes).toBe(statSync(bundle).size);
    expect(saved.location).toBe(`artifact:${saved.artifactId}`);
    expect(saved.cacheKeys).toEqual([`buildkit-healer-runner-1-mybuilder-${RUN_A}-1`]);
    const art = svc.artifacts.find((a) => String(a.id) === saved.artifactId);
    expect(art?.finalized).toBe(true);
    expect(art?.name).toBe(name);
    expect(art?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Retention reached the service as an expiry about 3 days out.
    const days = (Date.parse(art?.expiresAt ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThan(3.1);
    expect(svc.caches.filter((c) => c.finalized).map((c) => c.key)).toEqual([
      `buildkit-healer-runner-1-mybuilder-${RUN_A}-1`,
    ]);
    expect(svc.requests).toContain('POST /twirp/github.actions.results.api.v1.ArtifactService/FinalizeArtifact');
    expect(svc.requests).toContain('POST /twirp/github.actions.results.api.v1.CacheService/FinalizeCacheEntryUpload');
  });

  it('refuses the same name twice in one run (GitHub allows one upload per name per run)', async () => {
    await expect(store().save({ name, bundlePath: bundle, cachePaths: [] })).rejects.toThrow(
      /uploading backup .* failed: .*already exists/,
    );
  });

  it('lists the backups of this run', async () => {
    const list = await store().list();
    expect(list.map((b) => b.name)).toContain(name);
    const b = list.find((x) => x.name === name);
    expect(b?.artifactId).toMatch(/^\d+$/);
    expect(b?.bytes).toBeGreaterThan(0);
  });

  it('fetches the bundle back byte-identical and restores the cache dir where it was', async () => {
    rmSync(cacheDir, { recursive: true, force: true });
    const dest = join(work, 'fetch-same-run');
    const log = recordingLog();
    const got = await store(log).fetch(name, dest, { restoreCache: true });
    expect(got.bundlePath).toBe(join(dest, `${name}.tar.gz`));
    expect(sha(got.bundlePath)).toBe(sha(bundle));
    expect(got.backup.bytes).toBe(statSync(bundle).size);
    // Nothing but the bundle is left in destDir (the sidecar and download dir are cleaned up).
    expect(readdirSync(dest)).toEqual([`${name}.tar.gz`]);
    expect(got.cacheRestored).toEqual([
      {
        builder: 'mybuilder',
        key: `buildkit-healer-runner-1-mybuilder-${RUN_A}-1`,
        paths: [cacheDir],
        matchedKey: `buildkit-healer-runner-1-mybuilder-${RUN_A}-1`,
      },
    ]);
    expect(snapshot(cacheDir)).toEqual(cacheBefore);
    expect(log.warnings).toEqual([]);
  });

  it('fetches by artifact id too', async () => {
    const id = (await store().list()).find((b) => b.name === name)?.artifactId;
    expect(id).toBeDefined();
    const got = await store().fetch('', join(work, 'fetch-by-id'), { artifactId: id });
    expect(got.backup.name).toBe(name);
    expect(sha(got.bundlePath)).toBe(sha(bundle));
  });

  it('a missing name is an error that lists the backups it can see', async () => {
    const err = await store()
      .fetch('buildkit-healer-nope', join(work, 'fetch-missing'))
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(err?.message).toMatch(/no backup named "buildkit-healer-nope" in this workflow run/);
    expect(err?.message).toContain(name);
  });

  it('fetches from another run through the REST API with a token', async () => {
    // A later run (B): its own token sees none of run A's artifacts...
    enterRun(RUN_B, 'runner-2');
    const own = await store().list();
    expect(own).toEqual([]);
    await expect(store().fetch(name, join(work, 'x'))).rejects.toThrow(/backups there: none/);
    // ...but with a token and run A's coordinates it finds and downloads the bundle.
    const before = svc.requests.length;
    const other = store(recordingLog(), { source: { token: 'ghs_test', runId: RUN_A, repository: REPO } });
    expect((await other.list()).map((b) => b.name)).toContain(name);
    const dest = join(work, 'fetch-other-run');
    const got = await other.fetch(name, dest);
    expect(sha(got.bundlePath)).toBe(sha(bundle));
    const rest = svc.requests.slice(before);
    expect(rest).toContain(`GET /repos/${REPO}/actions/runs/${RUN_A}/artifacts`);
    expect(rest).toContain(`GET /repos/${REPO}/actions/artifacts/${got.backup.artifactId}/zip`);
    // Only the artifact id known (the heal step's backup-artifact-id output): no run to list, the
    // REST download by id still finds it, and the sidecar gives the backup its name back.
    const blindStore = store(recordingLog(), { source: { token: 'ghs_test', repository: REPO } });
    const blind = await blindStore.fetch('', join(work, 'fetch-blind'), { artifactId: got.backup.artifactId });
    expect(blind.backup.name).toBe(name);
    expect(blind.backup.bytes).toBe(statSync(bundle).size);
    expect(sha(blind.bundlePath)).toBe(sha(bundle));
    await expect(blindStore.list()).rejects.toThrow(/Invalid run-id/);
    await expect(blindStore.fetch('', join(work, 'fetch-blind-2'), { artifactId: 999_999 })).rejects.toThrow(
      /downloading backup artifact-999999 \(artifact 999999\) from octo-org\/octo-repo failed/,
    );
    // A token without `actions: read` gets GitHub's 403, whose text names no permission: the
    // error does, for the listing, the fetch by run and the fetch by artifact id.
    const denied = store(recordingLog(), { source: { token: NO_ACTIONS_READ, runId: RUN_A, repository: REPO } });
    const deniedBlind = store(recordingLog(), { source: { token: NO_ACTIONS_READ, repository: REPO } });
    for (const attempt of [
      () => denied.list(),
      () => denied.fetch(name, join(work, 'fetch-denied')),
      () => deniedBlind.fetch('', join(work, 'fetch-denied-2'), { artifactId: got.backup.artifactId }),
    ]) {
      const e = await attempt().then(
        () => undefined,
        (x: unknown) => x as Error,
      );
      expect(e?.message).toMatch(/403|not accessible by integration/i);
      expect(e?.message).toContain('permissions: actions: read');
    }
    // Saving is for this run only: a store opened on another run refuses it.
    await expect(other.save({ name: 'buildkit-healer-x', bundlePath: bundle, cachePaths: [] })).rejects.toThrow(
      SafetyError,
    );
  });

  it('restores cache data through a restore key when the exact entry was evicted', async () => {
    // Attempt 2 of the same run saves newer cache data for the same runner and builder...
    Object.assign(process.env, { GITHUB_RUN_ATTEMPT: '2' });
    writeFileSync(join(cacheDir, 'attempt-2.txt'), 'second attempt');
    const attempt2 = snapshot(cacheDir);
    const n2 = backupName({
      host: 'h',
      runner: 'runner-1',
      runId: RUN_A,
      attempt: 2,
      now: new Date('2026-11-23T23:30:00Z'),
    });
    const saved = await store().save({ name: n2, bundlePath: bundle, cachePaths: [cacheDir], builder: 'mybuilder' });
    expect(saved.cacheKeys).toEqual([`buildkit-healer-runner-1-mybuilder-${RUN_A}-2`]);
    // ...then the first attempt's entry is evicted (as GitHub does after 7 days unused).
    const i = svc.caches.findIndex((c) => c.key === `buildkit-healer-runner-1-mybuilder-${RUN_A}-1`);
    expect(i).toBeGreaterThanOrEqual(0);
    svc.caches.splice(i, 1);
    rmSync(cacheDir, { recursive: true, force: true });
    const got = await store().fetch(name, join(work, 'fetch-evicted'), { restoreCache: true });
    expect(got.cacheRestored?.[0]?.matchedKey).toBe(`buildkit-healer-runner-1-mybuilder-${RUN_A}-2`);
    expect(snapshot(cacheDir)).toEqual(attempt2);
    // With nothing left for this runner, a restore is a warning, not a failure.
    svc.caches.splice(0, svc.caches.length);
    const log = recordingLog();
    const miss = await store(log).fetch(name, join(work, 'fetch-no-cache'), { restoreCache: true });
    expect(miss.cacheRestored?.[0]?.matchedKey).toBeUndefined();
    expect(miss.backup.warnings?.[0]).toMatch(
      /not restored: no cache entry for key buildkit-healer-runner-1-mybuilder-7001-1/,
    );
    expect(sha(miss.bundlePath)).toBe(sha(bundle));
  });

  it('refuses an oversized bundle before any request', async () => {
    const before = svc.requests.length;
    const s = store(recordingLog(), { maxBytes: 1024 });
    await expect(
      s.save({ name: 'buildkit-healer-too-big', bundlePath: bundle, cachePaths: [cacheDir] }),
    ).rejects.toThrow(/is \d+ bytes, over the limit of 1024 bytes: not uploaded/);
    expect(svc.requests.length).toBe(before);
  });

  it('cache service failing is a warning; the artifact is still saved', async () => {
    svc.setFault('CacheService', 'reset');
    const log = recordingLog();
    const before = svc.requests.length;
    // A builder whose key is new, so only the fault can stop the cache save.
    const saved = await store(log).save({
      name: 'buildkit-healer-cache-down',
      bundlePath: bundle,
      cachePaths: [cacheDir],
      builder: 'second',
    });
    expect(saved.artifactId).toMatch(/^\d+$/);
    expect(saved.cacheKeys).toBeUndefined();
    expect(saved.warnings?.[0]).toMatch(
      /cache data of builder second not saved under key buildkit-healer-runner-1-second-7001-1: .*configuration backup is not affected/,
    );
    expect(svc.requests.slice(before)).toContain(
      'POST /twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry',
    );
    expect(svc.caches.some((c) => c.key.includes('-second-'))).toBe(false);
    // Returned, not logged: the backup phase reports them once.
    expect(log.warnings).toEqual([]);
    // The fetched artifact's sidecar lists no cache entry, so a restore does not look for one.
    svc.setFault('CacheService', undefined);
    const got = await store().fetch('buildkit-healer-cache-down', join(work, 'fetch-cache-down'), {
      restoreCache: true,
    });
    expect(got.cacheRestored).toEqual([]);
    expect(sha(got.bundlePath)).toBe(sha(bundle));
  });

  it('service stopped: the artifact upload is an error, the cache part only a warning', async () => {
    await svc.stop();
    const log = recordingLog();
    const t0 = Date.now();
    const err = await store(log)
      .save({ name: 'buildkit-healer-down', bundlePath: bundle, cachePaths: [cacheDir], builder: 'third' })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(err?.message).toMatch(/^uploading backup buildkit-healer-down as a GitHub artifact failed: .*ECONNREFUSED/);
    // The cache part stays a warning, carried in the error so it is not lost with the return value.
    expect(err?.message).toMatch(
      /\(also: cache data of builder third not saved .*configuration backup is not affected\)$/,
    );
    expect(log.warnings).toEqual([]);
    // A refused connection fails at once (no 30 s of retries).
    expect(Date.now() - t0).toBeLessThan(20_000);
    await expect(store().list()).rejects.toThrow(/listing the GitHub artifacts of this workflow run failed/);
    await svc.restart();
    expect((await store().list()).map((b) => b.name)).not.toContain('buildkit-healer-down');
  });

  it('lists only backups, newest first: other artifacts of the run are never "the latest backup"', async () => {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const other = join(work, 'build-output');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'app.bin'), 'not a backup');
    await new DefaultArtifactClient().uploadArtifact('build-output', [join(other, 'app.bin')], other, {
      retentionDays: 1,
    });
    const list = await store().list();
    expect(list.map((b) => b.name)).not.toContain('build-output');
    expect(list[0]?.name).toBe('buildkit-healer-cache-down');
    const ids = list.map((b) => Number(b.artifactId));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    await expect(store().fetch('nope', join(work, 'nope'))).rejects.toThrow(
      /backups there: .*buildkit-healer-cache-down.* \(and 1 other artifact\)$/,
    );
  });

  it('loads @actions/artifact and @actions/cache only inside its methods', () => {
    // A healthy auto run imports the store module (or not at all) and must not parse ~6 MB of libraries.
    const src = readFileSync(new URL('../../src/stores/github.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/^import[^;]*from '@actions\//m);
    expect(src).toMatch(/await import\('@actions\/artifact'\)/);
    expect(src).toMatch(/await import\('@actions\/cache'\)/);
  });

  it('a sidecar written by the store is inside the artifact, beside the bundle', async () => {
    // Download the raw artifact with the library itself and read what the store put in it.
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const client = new DefaultArtifactClient();
    const { artifact } = await client.getArtifact(name);
    const dir = join(work, 'raw');
    await client.downloadArtifact(artifact.id, { path: dir });
    expect(readdirSync(dir).sort()).toEqual([SIDECAR, `${name}.tar.gz`].sort());
    const side = JSON.parse(readFileSync(join(dir, SIDECAR), 'utf8')) as {
      sha256: string;
      bundle: string;
      cache: { paths: string[] }[];
    };
    expect(side.bundle).toBe(`${name}.tar.gz`);
    expect(side.sha256).toBe(sha(bundle));
    expect(side.cache[0]?.paths).toEqual([cacheDir]);
  });
});

describe('GitHubStore refuses bad input before any request', () => {
  it.each([
    [{ retentionDays: 0 }, /Invalid retention-days "0": expected an integer from 1 to 90/],
    [{ retentionDays: 91 }, /Invalid retention-days "91"/],
    [{ compressionLevel: 10 }, /Invalid compression-level "10": expected an integer from 0 to 9/],
    [{ maxBytes: 0 }, /Invalid max-backup-size "0"/],
    [{ source: { token: '', runId: 1, repository: REPO } }, /Invalid github-token/],
    [{ source: { token: 't', runId: 'abc', repository: REPO } }, /Invalid run-id "abc": expected a workflow run id/],
    [
      { source: { token: 't', runId: 1, repository: 'no-slash' } },
      /Invalid repository "no-slash": expected owner\/name/,
    ],
  ])('%j', (extra, msg) => {
    expect(() => store(recordingLog(), extra as Partial<ConstructorParameters<typeof GitHubStore>[0]>)).toThrow(msg);
  });

  it('a bad name or a bad artifact id fails without a request', async () => {
    const before = svc.requests.length;
    await expect(store().save({ name: 'a/b', bundlePath: '/nonexistent', cachePaths: [] })).rejects.toThrow(
      /Invalid backup-name "a\/b"/,
    );
    await expect(store().fetch('x:y', work)).rejects.toThrow(/Invalid backup-name "x:y"/);
    await expect(store().fetch('', work, { artifactId: 'twelve' })).rejects.toThrow(/Invalid artifact-id "twelve"/);
    await expect(
      store().save({ name: 'buildkit-healer-x', bundlePath: join(work, 'missing.tar.gz'), cachePaths: [] }),
    ).rejects.toThrow(/cannot be read/);
    expect(svc.requests.length).toBe(before);
  });
});

describe('cacheSetsOf', () => {
  it('gives one set per builder (one cache key each), paths deduplicated in order', () => {
    expect(
      cacheSetsOf({
        cachePaths: ['/c/a', '/c/b'],
        cacheSets: [
          { builder: 'b1', paths: ['/s/1'] },
          { builder: 'all', paths: ['/c/b', '/c/c'] },
          { builder: 'b1', paths: ['/s/2', ''] },
          { builder: 'empty', paths: [] },
        ],
      }),
    ).toEqual([
      { builder: 'all', paths: ['/c/a', '/c/b', '/c/c'] },
      { builder: 'b1', paths: ['/s/1', '/s/2'] },
    ]);
    expect(cacheSetsOf({ cachePaths: [] })).toEqual([]);
    expect(cacheSetsOf({ cachePaths: ['/x'], builder: 'mybuilder' })).toEqual([
      { builder: 'mybuilder', paths: ['/x'] },
    ]);
  });
});
