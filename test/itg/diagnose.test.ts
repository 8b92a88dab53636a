import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { registry, sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import * as faults from '../support/faults.js';
import type { Fault } from '../support/faults.js';
import { diagnose, type DiagnoseResult } from '../../src/phases/diagnose.js';
import { defaultOptions } from '../../src/core/options.js';
import type { DiagnoseOptions } from '../../src/core/options.js';
import { Docker } from '../../src/docker/docker.js';
import { ProcessRunner } from '../../src/docker/runner.js';

let sb: Sandbox | undefined;
let fault: Fault | undefined;

afterEach(async () => {
  await fault?.undo();
  fault = undefined;
  sb?.cleanup();
  sb = undefined;
});

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
    const d = await diagnose(testDeps(sb), options(sb), 'full');
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

  it('healthy: quick diagnose costs about one buildx ls (no inspect, du, build or CLI probes)', async () => {
    sb = sandbox();
    const d = await diagnose(testDeps(sb), options(sb), 'quick');
    expect(problems(d)).toEqual([]);
    expect(d.baseline).toBeUndefined();
    expect(d.facts.du).toBeUndefined();
    expect(Object.keys(d.facts.inspects)).toEqual([]);
    // A healthy first look needs none of the CLI probes: `ls --format json` already proved them.
    expect(d.facts.dockerVersion).toBeUndefined();
    // The plugin the CLI picks, run directly as the CLI runs it (test/itg/quick-direct.test.ts).
    expect(d.facts.ls?.result.argv).toEqual([
      '/usr/libexec/docker/cli-plugins/docker-buildx',
      'buildx',
      'ls',
      '--format',
      'json',
    ]);
    // The daemon's socket is local: leftovers and info came through the Engine API door.
    const socket = sb.env.DOCKER_HOST?.replace(/^unix:\/\//, '');
    expect(d.facts.containers?.argv.slice(0, 2)).toEqual(['GET', `unix://${socket}`]);
    expect(d.facts.volumes?.argv[2]).toMatch(/^\/volumes\?filters=/);
    expect(d.facts.info?.result.argv[2]).toBe('/info');
    expect(d.facts.info?.parsed?.serverVersion).toMatch(/^\d+\.\d+/);
    expect(d.facts.disk?.freeBytes).toBeGreaterThan(0);
    // The report still names the plugin's version: the same one `docker buildx version` prints.
    const real = await sb.docker.buildxVersion();
    expect(d.facts.buildxVersion?.result.argv.at(-1)).toBe('docker-cli-plugin-metadata');
    expect(d.facts.buildxVersion?.parsed?.semver).toBe(real.parsed?.semver);
    const ls = d.facts.ls?.result.durationMs ?? 0;
    console.log(
      `quick diagnose ${d.durationMs} ms; buildx ls ${ls} ms; plugin metadata ${d.facts.buildxVersion?.result.durationMs ?? 0} ms; API ${d.facts.containers?.durationMs ?? 0}/${d.facts.volumes?.durationMs ?? 0}/${d.facts.info?.result.durationMs ?? 0} ms`,
    );
    expect(d.durationMs).toBeLessThan(ls + 1500);
  });

  it('quick: a context in play sends the leftovers to the CLI, not the API', async () => {
    sb = sandbox();
    const env = { ...sb.env, DOCKER_CONTEXT: 'default' };
    const viaCli = await diagnose(testDeps({ docker: sb.docker, env }), options(sb), 'quick');
    // `default` is the DOCKER_HOST context: still the same local socket.
    expect(viaCli.facts.containers?.argv[0]).toBe('GET');
    const ctx = await sb.docker.run(['context', 'create', 'bkh-same', '--docker', `host=${sb.env.DOCKER_HOST ?? ''}`], {
      timeoutMs: 20_000,
    });
    expect(ctx.exitCode, ctx.stderr).toBe(0);
    const env2: NodeJS.ProcessEnv = { ...sb.env, DOCKER_CONTEXT: 'bkh-same' };
    delete env2.DOCKER_HOST;
    const d2 = new Docker(new ProcessRunner(env2), { env: env2 });
    const d = await diagnose(testDeps({ docker: d2, env: env2 }), options(sb), 'quick');
    expect(d.facts.containers?.argv.slice(0, 3)).toEqual(['docker', 'ps', '-a']);
    expect(d.facts.volumes?.argv.slice(0, 3)).toEqual(['docker', 'volume', 'ls']);
    expect(d.builders.find((b) => b.name === 'bkh-same')?.status).toBe('running');
    // The listing came from the context's daemon: the CLI's JSON lines parsed as before.
    expect(d.facts.containers?.exitCode).toBe(0);
  });

  // [name, inject, level, what the evidence must show]
  type Case = [string, (s: Sandbox) => Promise<Fault>, 'quick' | 'full', RegExp];
  const cases: Case[] = [
    [
      'corrupt instance file',
      (s) => faults.corruptInstance(s),
      'quick',
      /invalid character 'g' looking for beginning of value/,
    ],
    ['empty instance file', (s) => faults.emptyInstance(s), 'quick', /unexpected end of JSON input/],
    [
      'zero-byte current file',
      (s) => faults.zeroCurrent(s),
      'quick',
      /invalid character .*looking for beginning of value/,
    ],
    ['current names a missing builder', (s) => faults.currentMissing(s), 'quick', /\\"Name\\":\\"ghost-builder\\"/],
    [
      'dead desktop-linux context builder',
      (s) => faults.deadContextBuilder(s),
      'quick',
      /Cannot connect to the Docker daemon at unix:\/\/\S*nonexistent\.sock/,
    ],
    [
      'docker-container builder that cannot bootstrap',
      (s) => faults.unbootstrappableBuilder(s),
      'full',
      /ERROR: .*absent-buildkit/,
    ],
    ['orphan builder container', (s) => faults.orphanContainer(s), 'quick', /buildx_buildkit_bkhorphan0/],
    ['orphan state volume', (s) => faults.orphanVolume(s), 'quick', /buildx_buildkit_bkhorphanvol0_state/],
    // Process lists are read at the full level (a clean always follows one): the evidence shows them.
    [
      "running leftover with a build in progress (another client's builder)",
      (s) => faults.realLeftover(s, 'bkhbusy', 'busy', registry()),
      'full',
      /\\?"sleep 3600\\?"\]|\d+\s+sleep 3600/,
    ],
    [
      "running leftover, idle (another client's builder)",
      (s) => faults.realLeftover(s, 'bkhidle', 'idle', registry()),
      'full',
      /buildkitd --config \/etc\/buildkit\/buildkitd\.toml --allow-insecure-entitlement=network\.host/,
    ],
    ['invalid buildkitd.toml', (s) => faults.invalidBuildkitdToml(s), 'quick', /max-parallelism = = 4/],
    ['invalid daemon.json', (s) => faults.invalidDaemonJson(s), 'quick', /\\"buildkit\\": true,}/],
    ['BuildKit disabled in daemon.json', (s) => faults.buildkitDisabled(s), 'quick', /\\"buildkit\\": false/],
    ['BuildKit disabled by DOCKER_BUILDKIT=0', (s) => faults.buildkitDisabledEnv(s), 'quick', /DOCKER_BUILDKIT=0/],
    ['truncated buildx plugin', (s) => faults.truncatedBuildx(s), 'quick', /failed to fetch metadata/],
    ['empty buildx plugin', (s) => faults.truncatedBuildx(s, 0), 'quick', /exec format error/],
    [
      'docker CLI with no buildx plugin',
      (s) => faults.missingBuildx(s),
      'quick',
      /unknown command: docker buildx|is not a docker command/,
    ],
    [
      'unreachable daemon',
      (s) => faults.unreachableDaemon(s),
      'full',
      /Cannot connect to the Docker daemon at unix:\/\/\S*dead\.sock/,
    ],
    ['hung daemon', (s) => faults.hungDaemon(s), 'quick', /"timedOut":true/],
    ['build cache over a tiny limit', (s) => faults.cacheOverLimit(s), 'full', /Reclaimable|Total/],
    ['disk low', () => faults.diskLow(), 'quick', /statfs\(/],
  ];

  it.each(cases)('%s', async (_name, inject, level, evidence) => {
    sb = sandbox();
    fault = await inject(sb);
    const d = await diagnose(
      testDeps({ docker: fault.docker ?? sb.docker, env: fault.env ?? sb.env }),
      options(sb, fault.options),
      level,
    );
    const hits = d.findings.filter((f) => f.id === fault?.expect);
    expect(
      hits.length,
      `${fault.expect} in ${JSON.stringify(d.findings.map((f) => [f.id, f.subject]))}`,
    ).toBeGreaterThan(0);
    const hit = hits[0];
    if (fault.subject !== undefined) expect(hits.map((h) => h.subject)).toContain(fault.subject);
    expect(hit?.evidence.length).toBeGreaterThan(0);
    expect(JSON.stringify(hit?.evidence)).toMatch(evidence);
    expect(hit?.repair ?? hit?.advice).toBeDefined();
    expect(d.crashed).toEqual([]);
    if (fault.expect === 'daemon.timeout') expect(d.durationMs).toBeLessThan(20_000);

    // Undone, the finding is gone (the same sandbox, the sandbox's own docker).
    await fault.undo();
    const after = await diagnose(testDeps(sb), options(sb), 'quick');
    fault = undefined;
    expect(after.findings.filter((f) => f.id === hit?.id && f.subject === hit?.subject)).toEqual([]);
  });
});
