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

  // [name, inject, level, what the evidence must show]
  type Case = [string, (s: Sandbox) => Promise<Fault>, 'quick' | 'full', RegExp];
  const cases: Case[] = [
    ['corrupt instance file', (s) => faults.corruptInstance(s), 'quick', /invalid character 'g' looking for beginning of value/],
    ['empty instance file', (s) => faults.emptyInstance(s), 'quick', /unexpected end of JSON input/],
    ['zero-byte current file', (s) => faults.zeroCurrent(s), 'quick', /invalid character .*looking for beginning of value/],
    ['current names a missing builder', (s) => faults.currentMissing(s), 'quick', /\\"Name\\":\\"ghost-builder\\"/],
    ['dead desktop-linux context builder', (s) => faults.deadContextBuilder(s), 'quick', /Cannot connect to the Docker daemon at unix:\/\/\S*nonexistent\.sock/],
    ['docker-container builder that cannot bootstrap', (s) => faults.unbootstrappableBuilder(s), 'full', /ERROR: .*absent-buildkit/],
    ['orphan builder container', (s) => faults.orphanContainer(s), 'quick', /buildx_buildkit_bkhorphan0/],
    ['orphan state volume', (s) => faults.orphanVolume(s), 'quick', /buildx_buildkit_bkhorphanvol0_state/],
    ['invalid buildkitd.toml', (s) => faults.invalidBuildkitdToml(s), 'quick', /max-parallelism = = 4/],
    ['invalid daemon.json', (s) => faults.invalidDaemonJson(s), 'quick', /\\"buildkit\\": true,}/],
    ['BuildKit disabled in daemon.json', (s) => faults.buildkitDisabled(s), 'quick', /\\"buildkit\\": false/],
    ['BuildKit disabled by DOCKER_BUILDKIT=0', (s) => faults.buildkitDisabledEnv(s), 'quick', /DOCKER_BUILDKIT=0/],
    ['truncated buildx plugin', (s) => faults.truncatedBuildx(s), 'quick', /failed to fetch metadata/],
    ['empty buildx plugin', (s) => faults.truncatedBuildx(s, 0), 'quick', /exec format error/],
    ['docker CLI with no buildx plugin', (s) => faults.missingBuildx(s), 'quick', /unknown command: docker buildx|is not a docker command/],
    ['unreachable daemon', (s) => faults.unreachableDaemon(s), 'full', /Cannot connect to the Docker daemon at unix:\/\/\S*dead\.sock/],
    ['hung daemon', (s) => faults.hungDaemon(s), 'quick', /"timedOut":true/],
    ['build cache over a tiny limit', (s) => faults.cacheOverLimit(s), 'full', /Reclaimable|Total/],
    ['disk low', () => faults.diskLow(), 'quick', /statfs\(/],
  ];

  it.each(cases)('%s', async (_name, inject, level, evidence) => {
    sb = sandbox();
    fault = await inject(sb);
    const d = await diagnose(deps(sb, fault.docker, fault.env), options(sb, fault.options), level);
    const hits = d.findings.filter((f) => f.id === fault?.expect);
    expect(hits.length, `${fault.expect} in ${JSON.stringify(d.findings.map((f) => [f.id, f.subject]))}`).toBeGreaterThan(0);
    const hit = hits[0];
    if (fault.subject !== undefined) expect(hits.map((h) => h.subject)).toContain(fault.subject);
    expect(hit?.evidence.length).toBeGreaterThan(0);
    expect(JSON.stringify(hit?.evidence)).toMatch(evidence);
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
