import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deps, Logger } from '../../src/docker/deps.js';
import type { ValidateInput } from '../../src/phases/validate.js';
import { validate } from '../../src/phases/validate.js';
import { baselineSpec, runTestBuild } from '../../src/tasks/testbuild.js';
import { registry, sandbox, type Sandbox } from '../support/env.js';
import type { Report, ValidationCheck } from '../../src/core/report.js';
import { defaultOptions } from '../../src/core/options.js';
import { runCheck } from '../../src/heal/check.js';
import { testDeps } from '../support/deps.js';

const BASE = { amd64: 'local/busybox-amd64:1', arm64: 'local/busybox-arm64:1' };

let sb: Sandbox;
let lines: string[];
beforeEach(() => {
  sb = sandbox('bkh-validate-');
  lines = [];
});
afterEach(() => sb.cleanup());

function deps(): Deps {
  const log: Logger = {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
    debug: () => {},
  };
  return testDeps(sb, { log });
}

function input(over: Partial<ValidateInput>): ValidateInput {
  return { enabled: true, platforms: [], maxSlowdownPercent: 50, cache: true, builders: ['default'], ...over };
}

describe('validate on the real daemon', () => {
  it('passes every check on the healthy default builder: amd64+arm64, local and registry cache', async () => {
    // The user's own build cache must survive validation: validate prunes only its own records.
    const user = await runTestBuild(
      sb.docker,
      {
        ...baselineSpec(`user-record-${Date.now()}`),
        dockerfile: 'FROM local/busybox-amd64:1\nRUN echo user-record-keep > /u.txt\nCOPY token.txt /token.txt\n',
      },
      120_000,
    );
    expect(user.error).toBeUndefined();
    const duBefore = await sb.docker.du('default');
    const userIds = (duBefore.parsed?.records ?? [])
      .filter((r) => r.description?.includes('user-record-keep'))
      .map((r) => r.id);
    expect(userIds.length).toBeGreaterThan(0);

    // The baseline as diagnose takes it: the same fresh-token build on the same builder.
    const b = await runTestBuild(sb.docker, { ...baselineSpec(`baseline-${Date.now()}`), builder: 'default' }, 120_000);
    expect(b.ok).toBe(true);
    const currentBefore = existsSync(sb.docker.paths.currentFile);

    const checks = await validate(
      deps(),
      input({
        platforms: ['linux/amd64', 'linux/arm64'],
        cacheRegistry: registry(),
        baseImage: BASE,
        baseline: { builder: 'default', durationMs: b.durationMs, ok: true },
      }),
    );
    const byId = new Map(checks.map((c) => [c.id, c]));
    expect([...byId.keys()].sort()).toEqual([
      'validate.bootstrap',
      'validate.build',
      'validate.cache-local',
      'validate.cache-registry',
      'validate.cached',
      'validate.compose',
      'validate.platform',
      'validate.switch',
      'validate.timing',
    ]);
    const failed = checks.filter((c) => !c.ok);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    for (const c of checks) expect(c.durationMs).toBeGreaterThanOrEqual(0);
    expect(byId.get('validate.bootstrap')?.message).toMatch(/^builder default \(docker\) running/);
    expect(byId.get('validate.cached')?.message).toMatch(/all 1 steps cached/);
    expect(byId.get('validate.platform')?.message).toContain(
      "linux/arm64: RUN printed linux/arm64 aarch64 and this build's token",
    );
    expect(byId.get('validate.platform')?.message).toContain(
      "linux/amd64: RUN printed linux/amd64 x86_64 and this build's token",
    );
    expect(byId.get('validate.platform')?.message).toContain('in one multi-platform build');
    expect(byId.get('validate.cache-local')?.message).toMatch(
      /^cache hit: the imported build's output holds the exported token [0-9a-f-]{36} \(\d+ record\(s\) of this run pruned first/,
    );
    expect(byId.get('validate.cache-registry')?.message).toMatch(
      /^cache hit: .*--cache-to type=registry,ref=127\.0\.0\.1:\d+\/buildkit-healer\/validate-cache:/,
    );
    expect(byId.get('validate.timing')?.message).toMatch(
      /test build took \d+ ms vs \d+ ms in diagnose .*within the allowed 50% slowdown/,
    );
    expect(byId.get('validate.switch')?.message).toBe('use default -> inspect shows default; put back to default');
    // Debian's docker-compose plugin (test/env/install.sh): a real compose build, through BuildKit.
    const compose = byId.get('validate.compose');
    expect(compose?.skipped).toBeUndefined();
    expect(compose?.ok, compose?.message).toBe(true);
    expect(compose?.message).toMatch(/^docker compose build went through BuildKit \(compose \d+\.\d+/);

    // Put back exactly: no `current` file before means none after.
    expect(existsSync(sb.docker.paths.currentFile)).toBe(currentBefore);
    const duAfter = await sb.docker.du('default');
    const after = new Set((duAfter.parsed?.records ?? []).map((r) => r.id));
    for (const id of userIds) expect(after.has(id), `user record ${id} was pruned`).toBe(true);
    expect(lines.some((l) => l.startsWith('info validate.cache-registry [default]: ok'))).toBe(true);
  });

  it('without base images: platforms from scratch output directories, cache import from the cached flag', async () => {
    const checks = await validate(deps(), input({ platforms: ['linux/amd64', 'linux/arm64'] }));
    const failed = checks.filter((c) => !c.ok);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    const platform = checks.find((c) => c.id === 'validate.platform');
    expect(platform?.message).toBe(
      'linux/amd64: built; linux/arm64: built [FROM scratch + COPY (no base image for every platform: output directories checked, arch not proven by a RUN), in one multi-platform build]',
    );
    const local = checks.find((c) => c.id === 'validate.cache-local');
    expect(local?.message).toMatch(
      /^cache hit: 1 step\(s\) came from the imported cache although their records were pruned \(1 record\(s\) of this run pruned first/,
    );
    // No registry given: no registry round trip, and the report says why.
    expect(checks.find((c) => c.id === 'validate.cache-registry')).toMatchObject({
      ok: true,
      skipped: true,
      message: 'skipped: no cache registry given',
    });
  });

  it('validates every builder: a second context builder on the same daemon builds, switch leaves it to docker context', async () => {
    const made = await sb.docker.run(
      ['context', 'create', 'bkh-second', '--docker', `host=${process.env.DOCKER_HOST ?? ''}`],
      { timeoutMs: 20_000 },
    );
    expect(made.exitCode).toBe(0);
    try {
      const checks = await validate(deps(), input({ cache: false, builders: ['default', 'bkh-second'] }));
      const failed = checks.filter((c) => !c.ok);
      expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
      expect(checks.filter((c) => c.id === 'validate.build').map((c) => c.builder)).toEqual(['default', 'bkh-second']);
      // buildx builds on a context builder only from its context: validate goes through it.
      expect(checks.find((c) => c.id === 'validate.bootstrap' && c.builder === 'bkh-second')?.message).toMatch(
        /^builder bkh-second \(docker\) running: .* \(builds through docker context bkh-second\)$/,
      );
      expect(checks.find((c) => c.id === 'validate.switch')?.message).toBe(
        'use default -> inspect shows default; bkh-second is the builder of docker context bkh-second: buildx leaves it to `docker context use`, not switched; put back to default',
      );
    } finally {
      await sb.docker.run(['context', 'rm', '--force', 'bkh-second'], { timeoutMs: 20_000 });
    }
  });

  it('fails validate.timing with a clear message when the slowdown cannot be met', async () => {
    // A positive limit forgives slowdowns under SLOWDOWN_ALLOWANCE_MS (noise on a busy runner), so a
    // build of a second or two cannot miss it: a negative limit is the drill that must fail.
    const checks = await validate(
      deps(),
      input({
        cache: false,
        maxSlowdownPercent: -100,
        baseline: { builder: 'default', durationMs: 1, ok: true },
      }),
    );
    const timing = checks.find((c) => c.id === 'validate.timing');
    expect(timing?.ok).toBe(false);
    expect(timing?.builder).toBe('default');
    expect(timing?.message).toMatch(
      /^test build took \d+ ms vs 1 ms in diagnose \(\+\d+%\): slower than the allowed -100% \(best of 2 fresh builds\)$/,
    );
    // The rest stays green: only the timing failed.
    expect(checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(['validate.timing']);
    // What did not apply is listed as skipped, with the reason.
    expect(checks.filter((c) => c.skipped).map((c) => `${c.id}: ${c.message}`)).toEqual([
      'validate.cached: skipped: cache checks are turned off',
      'validate.platform: skipped: no platforms requested',
      'validate.cache-local: skipped: cache checks are turned off',
      'validate.cache-registry: skipped: cache checks are turned off',
    ]);
  });

  it('says so and passes timing when there is no baseline; one emulated platform alone builds too', async () => {
    const checks = await validate(deps(), input({ cache: false, platforms: ['linux/arm64'], baseImage: BASE }));
    const timing = checks.find((c) => c.id === 'validate.timing');
    expect(timing).toMatchObject({
      ok: true,
      skipped: true,
      message: 'no diagnose baseline to compare with: passed without comparison',
    });
    // A single platform: the local exporter writes no platform directory, QEMU still runs the step.
    expect(checks.find((c) => c.id === 'validate.platform')).toMatchObject({
      ok: true,
      message: "linux/arm64: RUN printed linux/arm64 aarch64 and this build's token [RUN uname -m, in one build]",
    });
  });

  it('fails validate.bootstrap for a builder in error, judged from inspect output (exit 0)', async () => {
    const made = await sb.docker.run(['context', 'create', 'bkh-dead', '--docker', 'host=unix:///nonexistent.sock'], {
      timeoutMs: 20_000,
    });
    expect(made.exitCode).toBe(0);
    try {
      const checks = await validate(deps(), input({ cache: false, builders: ['default', 'bkh-dead'] }));
      const boots = checks.filter((c) => c.id === 'validate.bootstrap');
      expect(boots.map((c) => [c.builder, c.ok])).toEqual([
        ['default', true],
        ['bkh-dead', false],
      ]);
      expect(boots[1]?.message).toBe(
        'builder bkh-dead is in error: Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?',
      );
      const deadBuild = checks.find((c) => c.id === 'validate.build' && c.builder === 'bkh-dead');
      expect(deadBuild).toMatchObject({
        ok: false,
        skipped: true,
        message: 'not run: builder bkh-dead did not bootstrap',
      });
      expect(checks.find((c) => c.id === 'validate.build' && c.builder === 'default')?.ok).toBe(true);
      // The broken builder is not switched to: only healthy builders are.
      expect(checks.find((c) => c.id === 'validate.switch')?.ok).toBe(true);
    } finally {
      await sb.docker.run(['context', 'rm', '--force', 'bkh-dead'], { timeoutMs: 20_000 });
    }
  });
});

/** The host's arm64 handler (QEMU, registered by test/env/up.sh). Host-wide: kept off for as short as possible. */
const QEMU_ARM64 = '/proc/sys/fs/binfmt_misc/qemu-aarch64';

function handlerEnabled(): boolean {
  return readFileSync(QEMU_ARM64, 'utf8').split('\n')[0]?.trim() === 'enabled';
}

/** A real build's rawjson names its vertices `[linux/arm64 ... n/m] RUN ...`: the arm64 RUN step was there. */
function namesArm64Run(text: string): boolean {
  return /\[linux\/arm64[^\]]*\]\s*RUN\b/.test(text);
}

describe('a broken arm64 handler on the real daemon', () => {
  it('fails validate.platform and check --platforms while the handler is off, and both pass again after', async () => {
    expect(existsSync(QEMU_ARM64), `${QEMU_ARM64} (test/env/up.sh registers it)`).toBe(true);
    expect(handlerEnabled()).toBe(true);
    const platforms = ['linux/amd64', 'linux/arm64'];
    const opts = defaultOptions(sb.env);
    opts.validate.platforms = platforms;
    opts.validate.baseImage = BASE;
    opts.validate.baseImageExplicit = true;
    opts.diagnose.daemonJsonPaths = [];
    opts.diagnose.baseline = false;
    let off: { validate: ValidationCheck | undefined; check: Report };
    const offAt = Date.now();
    writeFileSync(QEMU_ARM64, '0');
    try {
      expect(handlerEnabled()).toBe(false);
      const checks = await validate(deps(), input({ cache: false, platforms, baseImage: BASE }));
      off = { validate: checks.find((c) => c.id === 'validate.platform'), check: await runCheck(deps(), opts) };
    } finally {
      writeFileSync(QEMU_ARM64, '1');
    }
    console.log(`arm64 handler off for ${Date.now() - offAt} ms; validate.platform: ${off.validate?.message ?? '?'}`);
    expect(handlerEnabled()).toBe(true);
    // What must hold, whatever platform buildx reports first: the check failed, and it names arm64.
    expect(off.validate?.ok).toBe(false);
    expect(off.validate?.message).toContain('linux/arm64');
    const f = off.check.findings.find((x) => x.id === 'platform.cannot-run');
    expect(f?.severity).toBe('error');
    expect(off.check.status).not.toBe('healthy');
    const evidence = (f?.evidence ?? []).map((e) => (e.kind === 'command' ? e.stderr : '')).join('\n');
    expect(namesArm64Run(evidence)).toBe(true);

    const again = await validate(deps(), input({ cache: false, platforms, baseImage: BASE }));
    expect(again.find((c) => c.id === 'validate.platform')?.ok).toBe(true);
    const checkAgain = await runCheck(deps(), opts);
    expect(checkAgain.findings.map((x) => x.id)).not.toContain('platform.cannot-run');
    expect(checkAgain.notes.join('\n')).toContain(
      "linux/arm64: RUN printed linux/arm64 aarch64 and this build's token",
    );
  });
});
