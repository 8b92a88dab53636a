import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/core/types.js';
import { summarizeBuild } from '../../src/tasks/testbuild.js';
import { Docker } from '../../src/docker/docker.js';
import { silentLogger } from '../../src/docker/deps.js';
import { FakeRunner } from '../support/fake-runner.js';
import type { Parsed } from '../../src/docker/docker.js';
import type { InspectResult } from '../../src/docker/parse/types.js';
import { parseInspect } from '../../src/docker/parse/inspect.js';
import { parseDu } from '../../src/docker/parse/du.js';
import { validate } from '../../src/phases/validate.js';
import {
  expectedMachine,
  judgePlatformOutput,
  multiPlatformUnsupported,
  platformDir,
  platformDockerfile,
} from '../../src/phases/validate/platform.js';
import { judgeBootstrap, needsOwnContext } from '../../src/phases/validate/bootstrap.js';
import { judgeSwitch } from '../../src/phases/validate/switch.js';
import { markedRecords, judgeRoundTrip } from '../../src/phases/validate/cache.js';
import { judgeCached, runSteps } from '../../src/phases/validate/build.js';
import { judgeComposeBuild, parseComposeVersion } from '../../src/phases/validate/compose.js';
import { judgeTiming, slowdownPercent } from '../../src/phases/validate/timing.js';

// Recorded by scripts/capture-validate-fixtures.sh on the real daemon; never edited by hand.
const FIX = fileURLToPath(new URL('../fixtures/validate/buildx-0.13.1', import.meta.url));
const text = (rel: string): string => readFileSync(join(FIX, rel), 'utf8');

function recorded(caseDir: string, name: string): CommandResult {
  return {
    argv: ['docker', 'buildx', 'build'],
    exitCode: Number(text(`${caseDir}/${name}.exit`).trim()),
    signal: null,
    stdout: text(`${caseDir}/${name}.stdout`),
    stderr: text(`${caseDir}/${name}.stderr`),
    timedOut: false,
    durationMs: 100,
  };
}
const build = (caseDir: string, name: string, outputDir = '/nonexistent') =>
  summarizeBuild(recorded(caseDir, name), 100, outputDir);

const tmp = mkdtempSync(join(tmpdir(), 'bkh-validate-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('validate.cached over recorded rawjson', () => {
  it('passes when every step of the second identical build is cached', () => {
    const v = judgeCached(build('baseline', 'second'));
    expect(v.ok).toBe(true);
    expect(v.message).toContain('all 1 steps cached');
  });
  it('fails on the first (fresh) build, naming the step that ran', () => {
    const v = judgeCached(build('baseline', 'first'));
    expect(v.ok).toBe(false);
    expect(v.message).toContain('ran 1 of 1 steps again');
    expect(v.message).toContain('COPY token.txt /token.txt');
  });
  it('fails with the step error when the build failed', () => {
    const r = build('build-fails', 'build');
    expect(r.ok).toBe(false);
    const v = judgeCached(r);
    expect(v.ok).toBe(false);
    expect(v.message).toContain('exit code: 3');
  });
  it('does not count FROM steps, which are never flagged cached', () => {
    const b = build('cache-local', 'import');
    const froms = b.vertices.filter((v) => / FROM /.test(v.name));
    expect(froms.length).toBe(1);
    expect(froms[0]?.cached).toBe(false);
    const steps = runSteps(b.vertices);
    expect(steps.map((s) => s.name.slice(0, 10))).toEqual(['[2/2] RUN ']);
  });
});

describe('cache round trip over recorded builds', () => {
  for (const kind of ['cache-local', 'cache-registry']) {
    it(`${kind}: the imported build holds the exported token: a hit`, () => {
      const exported = text(`${kind}/export.token`).trim();
      const imported = text(`${kind}/import.token`).trim();
      const v = judgeRoundTrip({ runs: true, exported, imported, vertices: build(kind, 'import').vertices });
      expect(v.ok).toBe(true);
      expect(v.message).toContain(exported);
    });
    it(`${kind}: a different token is a miss, and the message shows both`, () => {
      const exported = text(`${kind}/export.token`).trim();
      const v = judgeRoundTrip({ runs: true, exported, imported: 'another-token', vertices: [] });
      expect(v.ok).toBe(false);
      expect(v.message).toContain('another-token');
      expect(v.message).toContain(exported);
    });
  }
  it('registry import shows the cache manifest import vertex', () => {
    const names = build('cache-registry', 'import').vertices.map((v) => v.name);
    expect(names.some((n) => n.startsWith('importing cache manifest from REGISTRY/'))).toBe(true);
  });
  it('scratch: the COPY step comes back cached from the import after its record was pruned', () => {
    const v = judgeRoundTrip({
      runs: false,
      exported: 'x',
      imported: 'x',
      vertices: build('cache-scratch', 'import').vertices,
    });
    expect(v.ok).toBe(true);
  });
  it('scratch: an uncached step (the exporting build itself) counts as a miss', () => {
    const v = judgeRoundTrip({
      runs: false,
      exported: 'x',
      imported: 'x',
      vertices: build('cache-scratch', 'export').vertices,
    });
    expect(v.ok).toBe(false);
    expect(v.message).toMatch(/cache miss after import: \[1\/1\] COPY bkh-validate-fixture\d+-scratch\.txt/);
  });
});

describe('validate.timing', () => {
  it('fails a build slower than allowed, saying both durations and the limit', () => {
    const v = judgeTiming(3000, 1, 50);
    expect(v.ok).toBe(false);
    expect(v.message).toBe('test build took 3000 ms vs 1 ms in diagnose (+299900%): slower than the allowed 50%');
  });
  it('passes at the limit and below, also when faster', () => {
    expect(judgeTiming(3000, 2000, 50).ok).toBe(true);
    expect(judgeTiming(3600, 2000, 50).ok).toBe(false);
    expect(judgeTiming(151, 100, -100).ok).toBe(false);
  });
  it('forgives a slowdown of less than the allowance (noise on a busy runner), but not under a negative limit', () => {
    const noisy = judgeTiming(2767, 1823, 50);
    expect(noisy.ok).toBe(true);
    expect(noisy.message).toContain('(less than 1500 ms slower)');
    expect(judgeTiming(3324, 1823, 50).ok).toBe(false);
    expect(judgeTiming(1900, 1823, -100).ok).toBe(false);
  });
  it('passes when faster', () => {
    const faster = judgeTiming(80, 100, 50);
    expect(faster.ok).toBe(true);
    expect(faster.message).toContain('(-20%)');
  });
  it('a zero baseline cannot be met', () => {
    expect(slowdownPercent(10, 0)).toBe(Infinity);
    expect(judgeTiming(10, 0, 50).message).toContain('unmeasurable');
  });
});

describe('validate.platform', () => {
  const platforms = ['linux/amd64', 'linux/arm64'];
  it('uses RUN uname -m only when every arch has a base image', () => {
    const both = platformDockerfile(platforms, { amd64: 'local/busybox-amd64:1', arm64: 'local/busybox-arm64:1' });
    expect(both.runs).toBe(true);
    expect(both.dockerfile).toContain('FROM local/busybox-arm64:1 AS base-arm64');
    expect(both.dockerfile).toContain('FROM base-${TARGETARCH}');
    const one = platformDockerfile(platforms, { amd64: 'local/busybox-amd64:1' });
    expect(one.runs).toBe(false);
    expect(one.dockerfile.startsWith('FROM scratch')).toBe(true);
  });
  it('puts the fresh token in the RUN line (a new cache key: the step runs every time); one image serves every arch', () => {
    const all = platformDockerfile(platforms, { '*': 'busybox:1.36' }, 'tok-123');
    expect(all.runs).toBe(true);
    expect(all.dockerfile).toContain('FROM busybox:1.36 AS base-amd64');
    expect(all.dockerfile).toContain('FROM busybox:1.36 AS base-arm64');
    expect(all.dockerfile).toContain('RUN echo "$TARGETPLATFORM $(uname -m) tok-123" > /arch.txt');
    expect(platformDockerfile(platforms, { '*': 'busybox:1.36', arm64: 'mine/arm:1' }).dockerfile).toContain(
      'FROM mine/arm:1 AS base-arm64',
    );
    expect(platformDockerfile(platforms, {}).runs).toBe(false);
  });
  it('maps platforms to uname -m and to the local exporter directories', () => {
    expect(expectedMachine('linux/arm64')).toContain('aarch64');
    expect(expectedMachine('linux/amd64')).toEqual(['x86_64']);
    expect(expectedMachine('linux/mips64le')).toBeUndefined();
    expect(platformDir('linux/arm/v7')).toBe('linux_arm_v7');
  });

  // Rebuild the recorded output tree (files.txt / arch.txt list what the real build wrote).
  function tree(name: string, files: Record<string, string>): string {
    const root = join(tmp, name);
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), content);
    }
    return root;
  }
  it('judges the recorded multi-platform RUN output: both arches proven', async () => {
    const lines = text('platforms-base/arch.txt').trim().split('\n');
    const files: Record<string, string> = {};
    for (const l of lines) {
      const [path = '', content = ''] = l.split(/:(.*)/s);
      files[path] = `${content}\n`;
      files[join(dirname(path), 'token.txt')] = 'tok\n';
    }
    const root = tree('pb', files);
    const b = build('platforms-base', 'build', root);
    expect(b.ok).toBe(true);
    for (const p of platforms) {
      const v = await judgePlatformOutput(p, join(root, platformDir(p)), b, 'tok', true);
      expect(v).toEqual({
        ok: true,
        message: `${p}: RUN printed ${p} ${p === 'linux/amd64' ? 'x86_64' : 'aarch64'} and this build's token`,
      });
    }
    // A RUN output with another token is an earlier run's (cached): it proves nothing now.
    const stale = await judgePlatformOutput('linux/arm64', join(root, 'linux_arm64'), b, 'other', true);
    expect(stale.ok).toBe(false);
    // An arm64 build that really ran on amd64 would print x86_64: that is a failure.
    writeFileSync(join(root, 'linux_arm64', 'arch.txt'), 'linux/arm64 x86_64 tok\n');
    const wrong = await judgePlatformOutput('linux/arm64', join(root, 'linux_arm64'), b, 'tok', true);
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toBe('linux/arm64: uname -m printed "x86_64", expected aarch64 or arm64');
  });
  it('judges the recorded scratch output by its platform directories', async () => {
    const files: Record<string, string> = {};
    for (const f of text('platforms-scratch/files.txt').trim().split('\n')) files[f] = 'tok\n';
    const root = tree('ps', files);
    const b = build('platforms-scratch', 'build', root);
    const ok = await judgePlatformOutput('linux/arm64', join(root, 'linux_arm64'), b, 'tok', false);
    expect(ok).toEqual({ ok: true, message: 'linux/arm64: built' });
    const missing = await judgePlatformOutput('linux/s390x', join(root, 'linux_s390x'), b, 'tok', false);
    expect(missing.ok).toBe(false);
    expect(missing.message).toContain('output holds: linux_amd64, linux_arm64');
  });
  it('recognises buildx refusing a multi-platform build on the docker driver', () => {
    // The text buildx prints for the docker driver on the classic image store, as users report it
    // (this machine's daemon runs the containerd store, so it cannot be recorded here).
    expect(
      multiPlatformUnsupported(
        'ERROR: multiple platforms feature is currently not supported for docker driver. Please switch to a different driver (eg. "docker buildx create --use")',
      ),
    ).toBe(true);
    expect(multiPlatformUnsupported(text('build-fails/build.stderr'))).toBe(false);
  });
});

describe('validate.compose', () => {
  it('the recorded docker CLI without compose gives no version: skipped', () => {
    const r = recorded('compose', 'version');
    expect(r.exitCode).not.toBe(0);
    expect(parseComposeVersion(`${r.stdout}\n${r.stderr}`)).toBeUndefined();
    expect(parseComposeVersion('Docker Compose version v2.29.7\n')).toBe('2.29.7');
  });
  it('tells BuildKit progress from the classic builder', () => {
    const base: CommandResult = {
      argv: ['docker', 'compose', 'build'],
      exitCode: 0,
      signal: null,
      stdout: '',
      stderr: '',
      timedOut: false,
      durationMs: 5,
    };
    expect(
      judgeComposeBuild({ ...base, stderr: '#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n' }).ok,
    ).toBe(true);
    const classic = judgeComposeBuild({ ...base, stdout: 'Step 1/2 : FROM scratch\n' });
    expect(classic.ok).toBe(false);
    expect(classic.message).toContain('classic builder');
    expect(judgeComposeBuild({ ...base, exitCode: 1, stderr: 'boom' }).message).toBe(
      'docker compose build failed (exit 1): boom',
    );
  });
});

function inspected(caseDir: string, name: string): Parsed<InspectResult> {
  const result = recorded(caseDir, name);
  try {
    return { result, parsed: parseInspect(result.stdout, result.stderr) };
  } catch (e) {
    return { result, parseError: String(e) };
  }
}

describe('validate.bootstrap over recorded inspect --bootstrap', () => {
  it('a running default builder passes, naming its driver, nodes and platforms', () => {
    const v = judgeBootstrap('default', inspected('bootstrap-ok', 'inspect'));
    expect(v.ok).toBe(true);
    expect(v.message).toMatch(
      /^builder default \(docker\) running: default v0\.0\.0\+unknown \[linux\/amd64, .*linux\/arm64\]$/,
    );
  });
  it('a builder on a dead context fails from its Error line although inspect exited 0', () => {
    const p = inspected('bootstrap-error', 'inspect');
    expect(p.result.exitCode).toBe(0);
    const v = judgeBootstrap('bkh-fixture-dead', p);
    expect(v).toEqual({
      ok: false,
      message:
        'builder bkh-fixture-dead is in error: Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?',
    });
  });
  it('a timed-out bootstrap says so', () => {
    const p = inspected('bootstrap-ok', 'inspect');
    const v = judgeBootstrap('default', { result: { ...p.result, timedOut: true, durationMs: 180000 } });
    expect(v).toEqual({ ok: false, message: 'buildx inspect --bootstrap default timed out after 180000 ms' });
  });
});

describe('validate.switch over recorded output', () => {
  it('a builder of another docker context is left to docker context use: noted, not failed', () => {
    const use = recorded('bootstrap-error', 'use');
    expect(use.exitCode).toBe(1);
    const v = judgeSwitch('bkh-fixture-dead', use, inspected('bootstrap-ok', 'inspect'));
    expect(v).toEqual({
      ok: true,
      message:
        'bkh-fixture-dead is the builder of docker context bkh-fixture-dead: buildx leaves it to `docker context use`, not switched',
    });
  });
  it('fails with what buildx said when use did not switch', () => {
    const use = recorded('switch-missing', 'use');
    const v = judgeSwitch('bkh-fixture-no-such-builder', use, inspected('bootstrap-ok', 'inspect'));
    expect(v).toEqual({
      ok: false,
      message:
        'use bkh-fixture-no-such-builder: the builder in use is default; buildx said: ERROR: failed to find instance "bkh-fixture-no-such-builder": open /WORK/docker-config/buildx/instances/bkh-fixture-no-such-builder: no such file or directory',
    });
  });
  it('passes when inspect shows the builder switched to', () => {
    const ok = judgeSwitch(
      'default',
      { ...recorded('bootstrap-error', 'use'), exitCode: 0, stderr: '' },
      inspected('bootstrap-ok', 'inspect'),
    );
    expect(ok).toEqual({ ok: true, message: 'use default -> inspect shows default' });
  });
});

describe("targeted prune: finding this run's records in buildx du --verbose", () => {
  it('picks exactly the record whose description carries the marker', () => {
    const du = parseDu(text('cache-local/du.stdout'));
    const marker = /bkh-validate-fixture\d+-local/.exec(text('cache-local/du.stdout'))?.[0] ?? '';
    expect(marker).not.toBe('');
    const ours = markedRecords(du.records, marker);
    expect(ours).toHaveLength(1);
    expect(ours[0]?.description).toContain(`echo ${marker} > /marker.txt`);
    // Everything else (base image layers, other builds, context sources) is left alone.
    expect(du.records.length).toBeGreaterThan(ours.length);
    expect(markedRecords(du.records, 'bkh-validate-not-this-run')).toEqual([]);
  });
});

describe('context builders', () => {
  it('a docker-driver builder of another context is built through that context', () => {
    const dflt = inspected('bootstrap-ok', 'inspect').parsed;
    expect(dflt?.driver).toBe('docker');
    expect(needsOwnContext(dflt, 'default')).toBe(false);
    expect(needsOwnContext(dflt, 'desktop-linux')).toBe(true);
    expect(needsOwnContext(dflt, undefined)).toBe(false);
    expect(
      needsOwnContext(dflt === undefined ? undefined : { ...dflt, driver: 'docker-container' }, 'desktop-linux'),
    ).toBe(false);
  });
});

describe('validate() over a scripted runner (recorded outputs)', () => {
  it('a builder in error: bootstrap fails, nothing else runs on it, and timing/switch say why', async () => {
    const out = (c: string, n: string) => ({
      stdout: text(`${c}/${n}.stdout`),
      stderr: text(`${c}/${n}.stderr`),
      exitCode: Number(text(`${c}/${n}.exit`).trim()),
    });
    const runner = new FakeRunner()
      .on('docker context show', { stdout: 'default\n' })
      .on('docker buildx inspect --bootstrap bkh-fixture-dead', out('bootstrap-error', 'inspect'))
      .on('docker compose version', out('compose', 'version'));
    const env = { HOME: join(tmp, 'home'), DOCKER_CONFIG: join(tmp, 'home', '.docker') };
    const docker = new Docker(runner, { env });
    const checks = await validate(
      { docker, env, log: silentLogger, now: () => new Date(), version: 'test' },
      {
        enabled: true,
        platforms: ['linux/arm64'],
        maxSlowdownPercent: 50,
        cache: true,
        builders: ['bkh-fixture-dead'],
        baseline: { builder: 'bkh-fixture-dead', durationMs: 500, ok: true },
      },
    );
    expect(checks.map((c) => [c.id, c.ok, c.skipped === true])).toEqual([
      ['validate.bootstrap', false, false],
      ['validate.build', false, true],
      ['validate.timing', false, false],
      ['validate.switch', false, true],
      ['validate.compose', true, true],
    ]);
    expect(checks[0]?.message).toBe(
      'builder bkh-fixture-dead is in error: Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?',
    );
    expect(checks[2]?.message).toBe('no successful test build on any builder to compare with the 500 ms baseline');
    expect(checks[3]?.message).toBe('not run: no builder bootstrapped');
    // Every call had a timeout (the fake refuses calls without one) and nothing else was run.
    expect(runner.calls.map((c) => c.argv.join(' '))).toEqual([
      'docker context show',
      'docker buildx inspect --bootstrap bkh-fixture-dead',
      'docker compose version',
    ]);
    expect(runner.calls[1]?.opts.timeoutMs).toBe(docker.timeouts.slow);
  });
  it('compose installed but no builder bootstrapped: the compose build is not run (it would only wait on a dead daemon)', async () => {
    const out = (c: string, n: string) => ({
      stdout: text(`${c}/${n}.stdout`),
      stderr: text(`${c}/${n}.stderr`),
      exitCode: Number(text(`${c}/${n}.exit`).trim()),
    });
    const runner = new FakeRunner()
      .on('docker context show', { stdout: 'default\n' })
      .on('docker buildx inspect --bootstrap bkh-fixture-dead', out('bootstrap-error', 'inspect'))
      .on('docker compose version', { stdout: 'Docker Compose version 2.26.1\n' });
    const env = { HOME: join(tmp, 'home'), DOCKER_CONFIG: join(tmp, 'home', '.docker') };
    const docker = new Docker(runner, { env });
    const checks = await validate(
      { docker, env, log: silentLogger, now: () => new Date(), version: 'test' },
      { enabled: true, platforms: [], maxSlowdownPercent: 50, cache: true, builders: ['bkh-fixture-dead'] },
    );
    const compose = checks.find((c) => c.id === 'validate.compose');
    expect(compose).toMatchObject({ ok: false, skipped: true, message: 'not run: no builder bootstrapped' });
    expect(runner.calls.map((c) => c.argv.join(' ')).filter((a) => a.startsWith('docker compose'))).toEqual([
      'docker compose version',
    ]);
  });
  it('turned off: no checks, no commands', async () => {
    const runner = new FakeRunner();
    const docker = new Docker(runner, { env: {} });
    const checks = await validate(
      { docker, env: {}, log: silentLogger, now: () => new Date(), version: 'test' },
      { enabled: false, platforms: [], maxSlowdownPercent: 50, cache: true, builders: ['default'] },
    );
    expect(checks).toEqual([]);
    expect(runner.calls).toEqual([]);
  });
});
