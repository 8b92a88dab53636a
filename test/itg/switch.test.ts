/**
 * Switching between two distinct builders for real: the docker driver's `default` and a
 * docker-container builder on the real BuildKit image. validate.switch puts each in use, reads
 * `buildx inspect` back, and restores the builder that was in use; a build then runs on each.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import { defaultOptions } from '../../src/core/options.js';
import { validate } from '../../src/phases/validate.js';
import { succeeded } from '../../src/docker/runner.js';
import { removeRealBuilder } from '../support/faults.js';

const BUILDER = 'bkhswitch';
let sb: Sandbox | undefined;

afterEach(async () => {
  if (sb === undefined) return;
  await removeRealBuilder(sb, BUILDER);
  sb.cleanup();
  sb = undefined;
});

describe('validate.switch between a docker and a docker-container builder', () => {
  it('puts each in use and back: inspect shows each one, the builder in use before is in use after', async () => {
    const s = sandbox('bkh-switch-');
    sb = s;
    const create = await s.docker.buildx(['create', '--name', BUILDER, '--driver', 'docker-container', '--bootstrap'], {
      timeoutMs: 300_000,
      mutates: true,
    });
    expect(create.exitCode, create.stderr).toBe(0);
    // The container builder is the one in use (as `docker/setup-buildx-action` leaves a runner).
    expect(succeeded(await s.docker.buildx(['use', BUILDER], { timeoutMs: 30_000, mutates: true }))).toBe(true);
    const currentBefore = readFileSync(s.docker.paths.currentFile, 'utf8');

    const o = defaultOptions(s.env);
    const checks = await validate(testDeps(s), {
      ...o.validate,
      cache: false,
      builders: ['default', BUILDER],
    });
    const sw = checks.find((c) => c.id === 'validate.switch');
    expect(sw?.ok, JSON.stringify(checks)).toBe(true);
    expect(sw?.skipped).toBeUndefined();
    expect(sw?.message).toContain('use default -> inspect shows default');
    expect(sw?.message).toContain(`use ${BUILDER} -> inspect shows ${BUILDER}`);
    // Both were bootstrapped and built on, and the builder in use is the one before.
    expect(
      checks
        .filter((c) => c.id === 'validate.build')
        .map((c) => `${c.builder} ${c.ok}`)
        .sort(),
    ).toEqual([`${BUILDER} true`, 'default true'].sort());
    const inUse = await s.docker.buildx(['inspect'], { timeoutMs: 30_000 });
    expect(inUse.stdout).toMatch(new RegExp(`^Name:\\s+${BUILDER}$`, 'm'));
    expect(readFileSync(s.docker.paths.currentFile, 'utf8')).toBe(currentBefore);
  });
});
