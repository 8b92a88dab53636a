/**
 * The quick path's invariant on the real daemon: for every fault the test environment can inject,
 * the verdict `auto` would give from its quick look (`quickVerdictHealthy`, the same function heal
 * uses) is never healthy where the full diagnose auto falls back to is not. A table of every pair
 * is printed. Asserts only what must hold: no wording, ordering or timing of a real tool.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { registry, sandbox, type Sandbox } from '../support/env.js';
import * as faults from '../support/faults.js';
import type { Fault } from '../support/faults.js';
import { diagnose } from '../../src/phases/diagnose.js';
import { quickVerdictHealthy } from '../../src/heal/heal.js';
import { statusFor } from '../../src/core/report.js';
import { defaultOptions } from '../../src/core/options.js';
import { silentLogger, type Deps } from '../../src/docker/deps.js';
import type { DiagnoseOptions } from '../../src/core/options.js';

type Inject = (sb: Sandbox) => Promise<Fault>;

/** Every injector of test/support/faults.ts (the busy and idle running leftovers both). */
const FAULTS: [string, Inject][] = [
  ['corrupt instance file', (s) => faults.corruptInstance(s)],
  ['empty instance file', (s) => faults.emptyInstance(s)],
  ['current full of zero bytes', (s) => faults.zeroCurrent(s)],
  ['current names a missing builder', (s) => faults.currentMissing(s)],
  ['context builder on a dead endpoint', (s) => faults.deadContextBuilder(s)],
  ['builder that cannot bootstrap', (s) => faults.unbootstrappableBuilder(s)],
  ['stopped leftover container', (s) => faults.orphanContainer(s, 'bkhqiorphan')],
  ['running leftover, busy', (s) => faults.realLeftover(s, 'bkhqibusy', 'busy', registry())],
  ['running leftover, idle', (s) => faults.realLeftover(s, 'bkhqiidle', 'idle', registry())],
  ['leftover state volume', (s) => faults.orphanVolume(s, 'bkhqivol')],
  ['invalid buildkitd.toml', (s) => faults.invalidBuildkitdToml(s)],
  ['invalid daemon.json', (s) => faults.invalidDaemonJson(s)],
  ['BuildKit off in daemon.json', (s) => faults.buildkitDisabled(s)],
  ['DOCKER_BUILDKIT=0', (s) => faults.buildkitDisabledEnv(s)],
  ['truncated buildx plugin', (s) => faults.truncatedBuildx(s)],
  ['no buildx plugin', (s) => faults.missingBuildx(s)],
  ['daemon unreachable', (s) => faults.unreachableDaemon(s)],
  ['daemon hung', (s) => faults.hungDaemon(s)],
  ['cache over its limit', (s) => faults.cacheOverLimit(s)],
  ['disk low', () => faults.diskLow()],
  ['config.json currentContext names a missing context', (s) => faults.configContextMissing(s)],
  ['current context on a dead socket', (s) => faults.deadCurrentContext(s)],
  ['truncated config.json', (s) => faults.truncatedConfigJson(s)],
  ['DOCKER_CONTEXT names a missing context', (s) => faults.dockerContextEnvMissing(s)],
  ['BUILDX_BUILDER names a missing builder', (s) => faults.buildxBuilderEnvMissing(s)],
  ['DOCKER_BUILDKIT not a boolean', (s) => faults.dockerBuildkitGarbage(s)],
  ['builder in use with a driver buildx does not know', (s) => faults.unknownDriverInUse(s)],
];

const rows: string[] = [];
afterAll(() => {
  console.log(
    ['quick vs full verdict (fail-on error)', '| fault | quick | full |', '|---|---|---|', ...rows].join('\n'),
  );
});

describe('the quick verdict is never healthy where the full one is not', () => {
  it.each(FAULTS)('%s', async (name, inject) => {
    const sb = sandbox('bkh-qi-');
    let fault: Fault | undefined;
    try {
      fault = await inject(sb);
      const docker = fault.docker ?? sb.docker;
      const env = fault.env ?? sb.env;
      const deps: Deps = {
        docker,
        env,
        log: silentLogger,
        now: () => new Date(),
        version: 'test',
      };
      const base: DiagnoseOptions = {
        ...defaultOptions(env).diagnose,
        daemonJsonPaths: [join(sb.dir, 'daemon.json')],
        ...fault.options,
      };
      // As heal runs them: the quick look never bootstraps; the full one takes the baseline.
      const quick = await diagnose(deps, { ...base, baseline: false, bootstrap: false }, 'quick');
      const full = await diagnose(deps, { ...base, baseline: true }, 'full');
      const quickHealthy = quickVerdictHealthy(quick, 'error', base.bootstrap === true);
      const fullHealthy = statusFor(full.findings, 'error') === 'healthy';
      const ids = (fs: { id: string; severity: string }[]) =>
        fs
          .filter((f) => f.severity === 'error')
          .map((f) => f.id)
          .join(' ') || '-';
      rows.push(
        `| ${name} | ${quickHealthy ? 'healthy' : `not healthy (${ids(quick.findings)})`} | ${fullHealthy ? 'healthy' : `not healthy (${ids(full.findings)})`} |`,
      );
      if (!fullHealthy)
        expect(quickHealthy, `${name}: quick says healthy, full finds ${ids(full.findings)}`).toBe(false);
      // The full diagnose, when it fails, always names something: never unhealthy without a finding.
      if (!fullHealthy) expect(full.findings.some((f) => f.severity === 'error')).toBe(true);
    } finally {
      await fault?.undo();
      sb.cleanup();
    }
  });
});
