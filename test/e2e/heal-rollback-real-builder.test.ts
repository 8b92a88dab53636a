/**
 * Issue 11: the heal and rollback bundles, as a runner runs them, on a real docker-container builder
 * (the real BuildKit image) with the GitHub stores (the results-service stand-in over Azurite, the
 * real @actions/artifact and @actions/cache). The builder in use has built a Dockerfile whose RUN
 * step writes a fresh token, and a second build of it was fully cached. The heal step reinstalls
 * (the builder goes with its `_state` volume, backed up first, and comes back empty); its
 * validation fails for sure (the registry cache round trip goes to a closed loopback port), so
 * the step fails and puts out the backup name. The rollback action, given that name with
 * restore-cache, streams the state back into the builder's volume before it boots: the same build
 * is fully cached again (every step counted cached from the rawjson progress), with the first
 * build's token.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../support/env.js';
import { healSaw, realBuilderWithTokenBuild, untilIdle } from '../support/real-builder.js';
import type { Report } from '../../src/core/report.js';
import { startResultsService, type ResultsService } from '../support/results-service.js';
import { runStep } from '../support/action-step.js';
import { removeRealBuilder } from '../support/faults.js';

/** A registry nobody listens on (loopback, port 1): the registry cache round trip cannot pass. */
const CLOSED_REGISTRY = '127.0.0.1:1';

let svc: ResultsService;
let sb: Sandbox | undefined;
let builder = '';

beforeAll(async () => {
  const port = process.env.BKH_AZURITE_PORT;
  if (!port) throw new Error('BKH_AZURITE_PORT is not set: source the test environment');
  svc = await startResultsService({ azuritePort: port, repository: 'octo/heal' });
});

afterAll(async () => {
  await svc?.dispose();
});

afterEach(async () => {
  if (sb === undefined) return;
  await removeRealBuilder(sb, builder);
  sb.cleanup();
  sb = undefined;
});

/** A sandbox whose builder in use is a new real container builder, and its first (uncached) build. */
async function realBuilderInUse(prefix: string) {
  const s = sandbox(prefix);
  sb = s;
  builder = `bkhreal${randomBytes(3).toString('hex')}`;
  const { build } = await realBuilderWithTokenBuild(s, builder);
  const use = await s.docker.buildx(['use', builder], { timeoutMs: 30_000, mutates: true });
  expect(use.exitCode, use.stderr).toBe(0);
  const first = await build();
  expect([first.totalSteps, first.cachedSteps]).toEqual([2, 0]);
  return { s, container: `buildx_buildkit_${builder}0`, build, first };
}

describe('heal then rollback on a real container builder, as a runner runs the two actions (GitHub stores)', () => {
  it('a reinstall whose validation fails keeps the builder state in its artifact; the rollback action puts it back and the build is fully cached again', async () => {
    const { s, container, build, first } = await realBuilderInUse('bkh-e2e-real-');
    expect(first.token).toMatch(/^[0-9a-f-]{36}$/);
    const second = await build();
    expect([second.cachedSteps, second.token]).toEqual([2, first.token]);

    await untilIdle(s, container);
    const heal = await runStep(s, svc, 'heal', { mode: 'reinstall', 'cache-registry': CLOSED_REGISTRY }, 'heal');
    expect(heal.status, `${heal.stdout}\n${heal.stderr}`).toBe(1);
    expect(heal.outputs.status).toBe('failed');
    expect(heal.stdout).toMatch(/::error::heal failed: .*validation failed/);
    // The check that failed is the registry round trip, on this builder (the others passed on the real builder).
    const report = JSON.parse(readFileSync(heal.outputs['report-path'] ?? '', 'utf8')) as Report;
    const checks = (report.validation ?? []).filter((c) => c.builder === builder);
    const verdict = (id: string) => checks.find((c) => c.id === id)?.ok;
    expect(['validate.bootstrap', 'validate.build', 'validate.cached', 'validate.cache-local'].map(verdict)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(verdict('validate.cache-registry')).toBe(false);
    const name = heal.outputs['backup-name'] ?? '';
    expect(name).toMatch(/^buildkit-healer-e2e-runner-4242-1-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(svc.artifacts.find((a) => a.name === name)?.id).toBe(Number(heal.outputs['backup-artifact-id']));
    const actions = JSON.parse(heal.outputs.actions ?? '[]') as { action: string; target: string; ok: boolean }[];
    expect(actions.filter((a) => a.target.includes(builder)).length).toBeGreaterThan(0);

    // The reinstall made the builder again, empty: the step runs again, with another token. On
    // failure, what the heal kept and saw busy (a builder kept as busy keeps its cache).
    const emptied = await build();
    expect(emptied.cachedSteps, healSaw(report)).toBe(0);
    expect(emptied.token).not.toBe(first.token);

    const rb = await runStep(
      s,
      svc,
      'rollback',
      { 'backup-name': name, 'restore-cache': 'true', 'allow-builder-settings': 'network=host' },
      'rollback',
    );
    expect(rb.status, `${rb.stdout}\n${rb.stderr}`).toBe(0);
    expect(rb.outputs.status).toBe('restored');
    const restored = JSON.parse(rb.outputs.restored ?? '[]') as string[];
    expect(restored).toContain(`container:${container}:/var/lib/buildkit`);
    expect(JSON.parse(rb.outputs.builders ?? '[]')).toContain(builder);
    expect(rb.summary).toContain(name);

    const again = await build();
    expect([again.cachedSteps, again.totalSteps, again.token]).toEqual([2, 2, first.token]);
  }, 900_000);

  it('the same heal step with rollback-on-failure rolls back in the same run, the state included: the build is fully cached again', async () => {
    const { s, container, build, first } = await realBuilderInUse('bkh-e2e-real2-');

    await untilIdle(s, container);
    const heal = await runStep(
      s,
      svc,
      'heal',
      { mode: 'reinstall', 'cache-registry': CLOSED_REGISTRY, 'rollback-on-failure': 'true' },
      'heal-rof',
    );
    expect(heal.status, `${heal.stdout}\n${heal.stderr}`).toBe(1);
    expect(heal.outputs.status).toBe('failed');
    const actions = JSON.parse(heal.outputs.actions ?? '[]') as { action: string; target: string; ok: boolean }[];
    expect(actions.find((a) => a.action === 'rollback')?.ok).toBe(true);
    // On failure, what the heal kept and saw busy (a builder kept as busy has nothing to restore).
    const saw = healSaw(JSON.parse(readFileSync(heal.outputs['report-path'] ?? '', 'utf8')) as Report);
    expect(actions, saw).toContainEqual({ action: 'builder-state.restore', target: container, ok: true });

    const again = await build();
    expect([again.cachedSteps, again.totalSteps, again.token]).toEqual([2, 2, first.token]);
  }, 900_000);
});
