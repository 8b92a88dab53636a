/**
 * Issue 11 item 3 through the GitHub stores: a real docker-container builder's build cache goes up
 * inside the backup artifact (real @actions/artifact against the results-service stand-in and
 * Azurite) when `heal --mode reinstall` removes the builder, and comes back by artifact id with
 * cache restore: the fresh-token build is fully cached again, with the first build's token.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOptions } from '../../src/core/options.js';
import { Docker } from '../../src/docker/docker.js';
import { ProcessRunner } from '../../src/docker/runner.js';
import { heal } from '../../src/heal/heal.js';
import { rollback } from '../../src/phases/rollback.js';
import { openStore } from '../../src/stores/index.js';
import { sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import { healSaw, realBuilderWithTokenBuild, untilIdle } from '../support/real-builder.js';
import { startResultsService, type ResultsService } from '../support/results-service.js';

const BUILDER = 'bkhcachegh';
const CONTAINER = `buildx_buildkit_${BUILDER}0`;
let svc: ResultsService;
let sb: Sandbox;
let savedEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  const port = process.env.BKH_AZURITE_PORT;
  if (!port) throw new Error('BKH_AZURITE_PORT is not set: source the test environment');
  savedEnv = { ...process.env };
  svc = await startResultsService({ azuritePort: port, repository: 'octo/cache' });
  sb = sandbox('bkh-cachegh-');
  mkdirSync(join(sb.dir, 'temp'));
  mkdirSync(join(sb.dir, 'ws'));
  // The libraries read the runner's variables from process.env.
  Object.assign(
    process.env,
    svc.env(811, {
      runner: 'cache-runner',
      repository: 'octo/cache',
      attempt: 1,
      runnerTemp: join(sb.dir, 'temp'),
      workspace: join(sb.dir, 'ws'),
    }),
  );
});

afterAll(async () => {
  await sb?.docker.buildx(['rm', '-f', BUILDER], { timeoutMs: 120_000, mutates: true });
  await sb?.docker.run(['rm', '-f', CONTAINER], { timeoutMs: 60_000, mutates: true });
  await sb?.docker.run(['volume', 'rm', '-f', `${CONTAINER}_state`], { timeoutMs: 60_000, mutates: true });
  await svc?.dispose();
  sb?.cleanup();
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

describe("a real container builder's build cache through the GitHub stores", () => {
  it('heal --mode reinstall uploads the state in the backup artifact; a rollback by artifact id with cache restore makes the build fully cached again', async () => {
    const env: NodeJS.ProcessEnv = { ...sb.env, ...process.env, HOME: sb.home, DOCKER_CONFIG: sb.dockerConfig };
    delete env.BUILDX_CONFIG;
    delete env.BUILDX_BUILDER;
    const s = { ...sb, env, docker: new Docker(new ProcessRunner(env), { env }) };
    const deps = testDeps(s);
    const { build } = await realBuilderWithTokenBuild(s, BUILDER);
    const first = await build();
    expect([first.totalSteps, first.cachedSteps]).toEqual([2, 0]);

    const o = defaultOptions(env);
    o.mode = 'reinstall';
    o.backup.store = 'github';
    o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(sb.dir, 'daemon.json')] };
    o.validate.enabled = false;
    await untilIdle(s, CONTAINER);
    const h = await heal(deps, o);
    expect(h.error, healSaw(h)).toBeUndefined();
    expect(h.backup).toMatchObject({ store: 'github', verified: true });
    expect(h.backup?.artifactId).toMatch(/^\d+$/);
    const state = h.backup?.builderState?.find((x) => x.builder === BUILDER);
    expect(state?.bytes).toBeGreaterThan(0);
    expect(svc.artifacts.map((a) => a.name)).toContain(h.backup?.name);

    const emptied = await build();
    expect(emptied.cachedSteps).toBe(0);
    expect(emptied.token).not.toBe(first.token);

    const store = await openStore('github', o.backup, deps);
    const r = await rollback(deps, {
      store,
      artifactId: h.backup?.artifactId ?? '',
      restoreCache: true,
      restoreBuilderState: true,
      testBuild: false,
      daemonJsonPaths: [join(sb.dir, 'daemon.json')],
    });
    expect(r.error).toBeUndefined();
    expect(r.actions).toContainEqual(
      expect.objectContaining({ action: 'builder-state.restore', target: CONTAINER, ok: true }),
    );
    const restored = await build();
    expect([restored.cachedSteps, restored.totalSteps, restored.token]).toEqual([2, 2, first.token]);
  }, 900_000);
});
