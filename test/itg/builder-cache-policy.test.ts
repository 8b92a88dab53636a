/**
 * The cache policy on the builder in use when it is a real docker-container builder: its cache is
 * in its own state volume, which the daemon's usage does not count. `auto` (the pre-build step)
 * reads it with `buildx du --builder` at most once per interval and prunes it down to cache-limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry, sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import { realBuilderWithTokenBuild } from '../support/real-builder.js';
import { removeRealBuilder } from '../support/faults.js';
import { defaultOptions } from '../../src/core/options.js';
import { heal } from '../../src/heal/heal.js';
import { succeeded } from '../../src/docker/runner.js';

const NAME = 'bkhcpol';
let sb: Sandbox | undefined;

afterEach(async () => {
  if (sb === undefined) return;
  await removeRealBuilder(sb, NAME);
  sb.cleanup();
  sb = undefined;
});

describe('cache policy on a real container builder in use', () => {
  it('auto brings its state volume under cache-limit and says how much it freed; the next auto within the interval does not look again', async () => {
    const s = sandbox('bkh-cpol-');
    sb = s;
    const b = await realBuilderWithTokenBuild(s, NAME);
    await b.build();
    // A few megabytes of cache in the builder's own volume.
    const ctx = join(s.dir, 'big');
    mkdirSync(ctx);
    writeFileSync(
      join(ctx, 'Dockerfile'),
      `FROM ${registry()}/bkh/busybox-${NAME}:1\nRUN dd if=/dev/zero of=/big bs=1024 count=4096 && echo ${Date.now()}\n`,
    );
    const big = await s.docker.buildx(['build', '--builder', NAME, ctx], { timeoutMs: 300_000, mutates: true });
    expect(big.exitCode, big.stderr.slice(-1000)).toBe(0);
    expect(succeeded(await s.docker.buildx(['use', NAME], { timeoutMs: 30_000, mutates: true }))).toBe(true);
    const before = await s.docker.du(NAME);
    const beforeBytes = before.parsed?.totalBytes ?? 0;
    const limit = 2_000_000;
    expect(beforeBytes).toBeGreaterThan(limit);

    const o = defaultOptions(s.env);
    o.mode = 'auto';
    o.backup.store = 'local';
    o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')] };
    o.cachePolicy.limitBytes = limit;
    o.validate.enabled = false;
    // The last look at this builder's cache is older than cache-check-interval (the first run on a
    // host only starts the interval).
    const stampDir = join(s.home, '.buildkit-healer');
    mkdirSync(stampDir, { recursive: true });
    writeFileSync(join(stampDir, `cache-check-builder-${NAME}.json`), JSON.stringify({ at: 0 }));
    const r = await heal(testDeps(s), o);
    const a = r.actions.find((x) => x.action === 'cache.policy' && x.target === NAME);
    expect(a?.ok, JSON.stringify(r.actions)).toBe(true);
    expect(a?.freedBytes ?? 0).toBeGreaterThan(0);
    const after = await s.docker.du(NAME);
    expect(after.parsed?.totalBytes ?? Infinity).toBeLessThanOrEqual(limit);
    expect(r.error).toBeUndefined();

    // Within cache-check-interval: the next pre-build step does not read the builder's usage again.
    const again = await heal(testDeps(s), o);
    expect(again.actions.filter((x) => x.target === NAME)).toEqual([]);
  });
});
