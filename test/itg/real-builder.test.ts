/**
 * A real docker-container builder on the real BuildKit image (moby/buildkit:buildx-stable-1, made
 * by test/env/make-buildkit-image.sh and loaded by test/run.sh): bootstrap, a build with a RUN
 * step, a second build from the cache, and `heal --mode repair` keeps the builder healthy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry, sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import { defaultOptions } from '../../src/core/options.js';
import { heal } from '../../src/heal/heal.js';
import { succeeded } from '../../src/docker/runner.js';
import { removeRealBuilder } from '../support/faults.js';

const BUILDER = 'bkhreal';
let sb: Sandbox | undefined;

afterEach(async () => {
  if (sb === undefined) return;
  await removeRealBuilder(sb, BUILDER);
  sb = undefined;
});

describe('a real docker-container builder', () => {
  it('bootstraps, builds a RUN step, builds it again from the cache, and stays healthy through heal --mode repair', async () => {
    const s = sandbox('bkh-real-');
    sb = s;
    const r = registry();
    const base = `${r}/bkh/busybox-real:1`;
    // The base image reaches the builder through the test registry (plain HTTP on 127.0.0.1).
    expect(
      succeeded(await s.docker.run(['tag', 'local/busybox-amd64:1', base], { timeoutMs: 60_000, mutates: true })),
    ).toBe(true);
    const push = await s.docker.run(['push', '-q', base], { timeoutMs: 120_000, mutates: true });
    expect(push.exitCode, push.stderr).toBe(0);
    const toml = join(s.dir, 'buildkitd.toml');
    writeFileSync(toml, `[registry."${r}"]\n  http = true\n  insecure = true\n`);
    const create = await s.docker.buildx(
      [
        'create',
        '--name',
        BUILDER,
        '--driver',
        'docker-container',
        '--driver-opt',
        'network=host',
        '--buildkitd-config',
        toml,
        '--bootstrap',
      ],
      { timeoutMs: 300_000, mutates: true },
    );
    expect(create.exitCode, create.stderr).toBe(0);
    const inspect = await s.docker.buildx(['inspect', BUILDER], { timeoutMs: 60_000 });
    expect(inspect.stdout).toMatch(/Status:\s+running/);
    expect(inspect.stdout).toMatch(/BuildKit version:\s+v0\.\d+/);

    const ctx = join(s.dir, 'ctx');
    mkdirSync(ctx);
    const token = `${Date.now()}-${Math.random()}`;
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${base}\nRUN echo ${token} > /token && cat /token\n`);
    const build = () =>
      s.docker.buildx(['build', '--builder', BUILDER, '--progress', 'plain', ctx], {
        timeoutMs: 300_000,
        mutates: true,
      });
    const first = await build();
    expect(first.exitCode, first.stderr).toBe(0);
    // The RUN step really ran in the builder: its output line (`#N <seconds> <token>`) is in the progress.
    const ran = new RegExp(`^#\\d+ [\\d.]+ ${token.replace(/\./g, '\\.')}$`, 'm');
    expect(first.stderr).toMatch(ran);
    const second = await build();
    expect(second.exitCode, second.stderr).toBe(0);
    // From the cache: the step did not run again.
    expect(second.stderr).not.toMatch(ran);
    expect(second.stderr).toMatch(/^#\d+ CACHED$/m);

    const o = defaultOptions(s.env);
    o.mode = 'repair';
    o.backup.store = 'local';
    o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')] };
    o.validate.enabled = false;
    const h = await heal(testDeps(s), o);
    expect(h.error).toBeUndefined();
    expect(['healthy', 'repaired']).toContain(h.status);
    expect((h.findingsAfter ?? h.findings).filter((f) => f.severity !== 'info' && f.subject === BUILDER)).toEqual([]);
    const after = await s.docker.buildx(['inspect', BUILDER], { timeoutMs: 60_000 });
    expect(after.stdout).toMatch(/Status:\s+running/);
    const third = await build();
    expect(third.exitCode, third.stderr).toBe(0);
    expect(third.stderr).not.toMatch(ran);
    expect(third.stderr).toMatch(/^#\d+ CACHED$/m);
  }, 600_000);
});
