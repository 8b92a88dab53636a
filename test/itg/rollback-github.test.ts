// Backup to the GitHub store and roll back from it, on the real daemon, with the real
// @actions/artifact and @actions/cache against the results-service stand-in and Azurite.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/docker/deps.js';
import { silentLogger } from '../../src/docker/deps.js';
import { defaultOptions } from '../../src/core/options.js';
import { Docker } from '../../src/docker/docker.js';
import { ProcessRunner, succeeded } from '../../src/docker/runner.js';
import { backup } from '../../src/phases/backup.js';
import { diagnose } from '../../src/phases/diagnose.js';
import { rollback } from '../../src/phases/rollback.js';
import { openStore } from '../../src/stores/index.js';
import { sandbox, type Sandbox } from '../support/env.js';
import { startResultsService, type ResultsService } from '../support/results-service.js';

let svc: ResultsService;
let sb: Sandbox;
let deps: Deps;
let savedEnv: NodeJS.ProcessEnv;
const builder = `bkhg${randomBytes(3).toString('hex')}`;

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

beforeAll(async () => {
  const port = process.env.BKH_AZURITE_PORT;
  if (!port) throw new Error('BKH_AZURITE_PORT is not set: source the test environment');
  savedEnv = { ...process.env };
  svc = await startResultsService({ azuritePort: port, repository: 'octo/heal' });
  sb = sandbox('bkh-rbgh-');
  mkdirSync(join(sb.dir, 'temp'));
  mkdirSync(join(sb.dir, 'ws'));
  // The libraries read the runner's variables from process.env.
  Object.assign(
    process.env,
    svc.env(777, {
      runner: 'rb-runner',
      repository: 'octo/heal',
      attempt: 1,
      runnerTemp: join(sb.dir, 'temp'),
      workspace: join(sb.dir, 'ws'),
    }),
  );
  const env = { ...sb.env, ...process.env, HOME: sb.home, DOCKER_CONFIG: sb.dockerConfig };
  const runner = new ProcessRunner(env);
  deps = {
    docker: new Docker(runner, { env }),
    env,
    log: silentLogger,
    now: () => new Date(),
    version: '0.0.0-test',
  };
  const r = await deps.docker.buildx(['create', '--name', builder, '--driver', 'docker-container'], {
    timeoutMs: 60_000,
    mutates: true,
  });
  expect(succeeded(r), r.stderr).toBe(true);
});

afterAll(async () => {
  await deps?.docker.buildx(['rm', '--force', builder], { timeoutMs: 60_000, mutates: true });
  await svc?.dispose();
  sb?.cleanup();
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

describe('backup and rollback through the GitHub store', () => {
  it('auto picks GitHub on a runner; the bundle goes up as an artifact, cache data beside it, and both come back', async () => {
    const cache = join(sb.dir, 'ws', 'cache');
    mkdirSync(cache);
    writeFileSync(join(cache, 'layer.bin'), randomBytes(20_000));
    const cacheSha = sha(join(cache, 'layer.bin'));

    const options = { ...defaultOptions(deps.env).backup, store: 'auto' as const, cachePaths: [cache] };
    const diag = await diagnose(
      deps,
      { ...defaultOptions(deps.env).diagnose, daemonJsonPaths: [], baseline: false },
      'quick',
    );
    const { ref, manifest } = await backup(deps, options, diag.facts, {});
    expect(ref).toMatchObject({ store: 'github', verified: true });
    expect(ref.artifactId).toMatch(/^\d+$/);
    expect(ref.cacheKeys?.length).toBe(1);
    // Cache data is kept beside the bundle, not inside it.
    expect(manifest.externalCache).toEqual([cache]);
    expect(manifest.files.some((f) => f.kind === 'cache-data')).toBe(false);
    expect(svc.artifacts.map((a) => a.name)).toContain(ref.name);

    // Lose the builder's instance file and the cache, then roll back by artifact id.
    const instance = manifest.files.find((f) => f.kind === 'instance' && f.path.endsWith(`/${builder}`));
    expect(instance).toBeDefined();
    const instanceSha = sha(instance?.path ?? '');
    rmSync(instance?.path ?? '');
    rmSync(cache, { recursive: true });

    const store = await openStore('auto', options, deps);
    expect(store.kind).toBe('github');
    const result = await rollback(deps, {
      store,
      artifactId: ref.artifactId ?? '',
      restoreCache: true,
      allowedCachePaths: [cache],
    });
    expect(result.error).toBeUndefined();
    expect(result.name).toBe(ref.name);
    expect(result.buildOk).toBe(true);
    expect(result.builders).toContain(builder);
    expect(sha(instance?.path ?? '')).toBe(instanceSha);
    expect(sha(join(cache, 'layer.bin'))).toBe(cacheSha);
    expect(result.actions).toContainEqual(expect.objectContaining({ action: 'cache.restore', ok: true }));
  });
});
