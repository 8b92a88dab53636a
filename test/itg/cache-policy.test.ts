import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandbox, type Sandbox } from '../support/env.js';
import { defaultOptions } from '../../src/core/options.js';
import { silentLogger, type Deps } from '../../src/docker/deps.js';
import { heal } from '../../src/heal/heal.js';
import { runCheck } from '../../src/heal/check.js';
import { succeeded } from '../../src/docker/runner.js';
import { EngineApi } from '../../src/docker/engine.js';
import { parseBuildCacheDf, prunable, type CacheRecord } from '../../src/tasks/cache-policy.js';

let sb: Sandbox | undefined;
afterEach(() => {
  sb?.cleanup();
  sb = undefined;
});

function deps(s: Sandbox): Deps {
  return {
    docker: s.docker,
    env: s.env,
    log: silentLogger,
    now: () => new Date(),
    version: 'test',
  };
}

async function records(s: Sandbox): Promise<CacheRecord[]> {
  const socket = (s.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
  const r = await new EngineApi(socket).get('/system/df?type=build-cache', { timeoutMs: 30_000 });
  expect(r.exitCode, r.stderr).toBe(0);
  return parseBuildCacheDf(r.stdout);
}

/**
 * A build whose context holds `bytes` of random data: its `local source for context` record is about
 * that size and prunable. (A RUN step's layer would not do: on this daemon BuildKit's build history
 * holds it, so it is `Shared` and no prune frees it.)
 */
async function fill(s: Sandbox, name: string, bytes: number): Promise<void> {
  const ctx = join(s.dir, name);
  mkdirSync(ctx, { recursive: true });
  writeFileSync(join(ctx, 'blob'), randomBytes(bytes));
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY blob /blob\n');
  const r = await s.docker.buildx(
    ['build', '--builder', 'default', '--output', `type=local,dest=${join(s.dir, `${name}-out`)}`, ctx],
    { timeoutMs: 300_000, mutates: true },
  );
  expect(succeeded(r), r.stderr).toBe(true);
}

const byteSum = (rs: CacheRecord[]) => rs.reduce((a, r) => a + r.size, 0);

describe('cache policy on the real daemon', () => {
  it('auto brings a cache over its limit under it: the least recently used go, recent records stay, bytes freed reported', async () => {
    sb = sandbox('bkh-cache-');
    const s = sb;
    await fill(s, 'old-1', 3_000_000);
    await fill(s, 'old-2', 3_000_000);
    const oldIds = new Set((await records(s)).filter(prunable).map((r) => r.id));
    // A clear gap in last-use times between what must go and what must stay: the cut falls in its
    // middle, so a loaded machine's seconds between plan and prune do not move a recent record across it.
    await new Promise((r) => setTimeout(r, 12_000));
    const newStart = Date.now() - 500;
    await fill(s, 'new-1', 3_000_000);
    const before = await records(s);
    const recent = before.filter((r) => prunable(r) && (r.lastUsedMs ?? 0) >= newStart);
    expect(byteSum(recent)).toBeGreaterThan(2_000_000);
    const fixed = before.filter((r) => !prunable(r));
    // Room for what cannot be pruned and the recent build, not for the older records.
    const limit = byteSum(fixed) + byteSum(recent) + 1000;
    const total = byteSum(before);
    expect(total).toBeGreaterThan(limit + 5_000_000);

    const o = defaultOptions(s.env);
    o.mode = 'auto';
    o.backup.store = 'local';
    o.diagnose.daemonJsonPaths = [];
    o.diagnose.cacheLimitBytes = limit;
    o.cachePolicy.limitBytes = limit;
    o.lockTimeoutMs = 60_000;
    const r = await heal(deps(s), o);
    const action = r.actions.find((a) => a.action === 'cache.policy');
    console.log(`cache policy: ${total} bytes, limit ${limit}: ${action?.command ?? '?'}: ${action?.detail ?? '?'}`);
    expect(action?.ok).toBe(true);
    expect(action?.command).toMatch(/^docker buildx prune --force --builder default --filter until=\d+s$/);
    expect(r.cachePolicy).toMatchObject({ source: 'engine-api', limitBytes: limit, overLimit: false });

    const after = await records(s);
    const afterIds = new Set(after.map((x) => x.id));
    expect(byteSum(after)).toBeLessThanOrEqual(limit);
    // Every recent record is kept; the older prunable ones (this test's old builds among them) are gone.
    expect(recent.filter((x) => !afterIds.has(x.id)).map((x) => x.id)).toEqual([]);
    expect([...oldIds].filter((id) => afterIds.has(id))).toEqual([]);
    expect(action?.freedBytes).toBe(total - byteSum(after));
    expect(action?.freedBytes ?? 0).toBeGreaterThan(5_000_000);

    // check shows the usage against the policy, and changes nothing.
    o.mode = 'check';
    o.diagnose.baseline = false; // the baseline build would add records of its own
    const c = await runCheck(deps(s), o);
    expect(c.cachePolicy).toMatchObject({
      source: 'engine-api',
      limitBytes: limit,
      overLimit: false,
      usageBytes: byteSum(after),
    });
  });
});
