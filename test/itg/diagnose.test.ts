import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sandbox, type Sandbox } from '../helpers/env.js';
import * as faults from '../helpers/faults.js';
import type { Fault } from '../helpers/faults.js';
import { diagnose, type DiagnoseResult } from '../../src/phases/diagnose.js';
import { defaultOptions } from '../../src/core/options.js';
import { silentLogger, type Deps } from '../../src/core/deps.js';
import type { DiagnoseOptions } from '../../src/checks/types.js';
import type { Docker } from '../../src/docker/docker.js';

let sb: Sandbox | undefined;
let fault: Fault | undefined;

afterEach(async () => {
  await fault?.undo();
  fault = undefined;
  sb?.cleanup();
  sb = undefined;
});

function deps(s: Sandbox, docker: Docker = s.docker, env: NodeJS.ProcessEnv = s.env): Deps {
  return { runner: docker.runner, docker, env, log: silentLogger, now: () => new Date(), version: 'test' };
}

function options(s: Sandbox, extra: Partial<DiagnoseOptions> = {}): DiagnoseOptions {
  // daemon.json of the sandbox only (absent unless a fault writes one): the host's is not ours.
  return { ...defaultOptions(s.env).diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')], ...extra };
}

function problems(d: DiagnoseResult): string[] {
  return d.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id} ${f.subject}: ${f.message}`);
}

describe('diagnose on the real daemon', () => {
  it('healthy: full diagnose finds nothing and times the baseline', async () => {
    sb = sandbox();
    const d = await diagnose(deps(sb), options(sb), 'full');
    expect(problems(d)).toEqual([]);
    expect(d.crashed).toEqual([]);
    expect(d.currentBuilder).toBe('default');
    const def = d.builders.find((b) => b.name === 'default');
    expect(def?.status).toBe('running');
    expect(d.facts.inspects.default?.parsed?.nodes[0]?.status).toBe('running');
    expect(d.facts.du?.parsed).toBeDefined();
    expect(d.baseline).toMatchObject({ builder: 'default', ok: true });
    expect(d.baseline?.durationMs).toBeGreaterThan(0);
    expect(d.facts.baselineEvidence?.stderr).toContain('COPY token.txt /token.txt');
    expect(d.facts.disk?.freeBytes).toBeGreaterThan(0);
  });

  it('healthy: quick diagnose costs about one buildx ls (no inspect, du or build)', async () => {
    sb = sandbox();
    const d = await diagnose(deps(sb), options(sb), 'quick');
    expect(problems(d)).toEqual([]);
    expect(d.baseline).toBeUndefined();
    expect(d.facts.du).toBeUndefined();
    expect(Object.keys(d.facts.inspects)).toEqual([]);
    const ls = d.facts.ls?.result.durationMs ?? 0;
    // Probes run concurrently: the whole is bounded by the slowest probe plus file reads, not their sum.
    const probes = [d.facts.dockerVersion, d.facts.info, d.facts.buildxVersion, d.facts.ls].map((p) => p?.result.durationMs ?? 0);
    const sum = probes.reduce((a, b) => a + b, 0);
    console.log(`quick diagnose ${d.durationMs} ms; buildx ls ${ls} ms; probes sum ${sum} ms`);
    expect(d.durationMs).toBeLessThan(Math.max(...probes) + 1500);
  });

  type Case = [string, (s: Sandbox) => Promise<Fault>, 'quick' | 'full'];
  const cases: Case[] = [
    ['corrupt instance file', (s) => faults.corruptInstance(s), 'quick'],
    ['empty instance file', (s) => faults.emptyInstance(s), 'quick'],
    ['zero-byte current file', (s) => faults.zeroCurrent(s), 'quick'],
    ['current names a missing builder', (s) => faults.currentMissing(s), 'quick'],
    ['dead desktop-linux context builder', (s) => faults.deadContextBuilder(s), 'quick'],
    ['docker-container builder that cannot bootstrap', (s) => faults.unbootstrappableBuilder(s), 'full'],
    ['orphan builder container', (s) => faults.orphanContainer(s), 'quick'],
    ['orphan state volume', (s) => faults.orphanVolume(s), 'quick'],
    ['invalid buildkitd.toml', (s) => faults.invalidBuildkitdToml(s), 'quick'],
    ['invalid daemon.json', (s) => faults.invalidDaemonJson(s), 'quick'],
    ['BuildKit disabled in daemon.json', (s) => faults.buildkitDisabled(s), 'quick'],
    ['BuildKit disabled by DOCKER_BUILDKIT=0', (s) => faults.buildkitDisabledEnv(s), 'quick'],
    ['truncated buildx plugin', (s) => faults.truncatedBuildx(s), 'quick'],
    ['empty buildx plugin', (s) => faults.truncatedBuildx(s, 0), 'quick'],
    ['docker CLI with no buildx plugin', (s) => faults.missingBuildx(s), 'quick'],
    ['unreachable daemon', (s) => faults.unreachableDaemon(s), 'full'],
    ['hung daemon', (s) => faults.hungDaemon(s), 'quick'],
    ['build cache over a tiny limit', (s) => faults.cacheOverLimit(s), 'full'],
    ['disk low', () => faults.diskLow(), 'quick'],
  ];

  it.each(cases)('%s', async (_name, inject, level) => {
    sb = sandbox();
    fault = await inject(sb);
    const d = await diagnose(deps(sb, fault.docker, fault.env), options(sb, fault.options), level);
    const hits = d.findings.filter((f) => f.id === fault?.expect);
    expect(hits.length, `${fault.expect} in ${JSON.stringify(d.findings.map((f) => [f.id, f.subject]))}`).toBeGreaterThan(0);
    const hit = hits[0];
    if (fault.subject !== undefined) expect(hits.map((h) => h.subject)).toContain(fault.subject);
    expect(hit?.evidence.length).toBeGreaterThan(0);
    expect(hit?.repair ?? hit?.advice).toBeDefined();
    expect(d.crashed).toEqual([]);
    if (fault.expect === 'daemon.timeout') expect(d.durationMs).toBeLessThan(20_000);

    // Undone, the finding is gone (the same sandbox, the sandbox's own docker).
    await fault.undo();
    const after = await diagnose(deps(sb), options(sb), 'quick');
    fault = undefined;
    expect(after.findings.filter((f) => f.id === hit?.id && f.subject === hit?.subject)).toEqual([]);
  });
});
