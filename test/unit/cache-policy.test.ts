import { describe, expect, it } from 'vitest';
import type { CacheRecord } from '../../src/tasks/cache-policy.js';
import {
  enforceBuilderCachePolicy,
  parseBuildCacheDf,
  planPolicy,
  policyReport,
  prunable,
} from '../../src/tasks/cache-policy.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeRunner } from '../support/fake-runner.js';
import { recorded, type Recorded } from '../fixtures/load.js';
import { Docker } from '../../src/docker/docker.js';
import { silentLogger, type Deps } from '../../src/docker/deps.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400;
const rec = (id: string, size: number, ageSeconds: number, over: Partial<CacheRecord> = {}): CacheRecord => ({
  id,
  type: 'regular',
  size,
  inUse: false,
  shared: false,
  lastUsedMs: NOW - ageSeconds * 1000,
  ...over,
});

describe('cache policy', () => {
  it('reads the Engine API build-cache records (absolute last-use times)', () => {
    const body = JSON.stringify({
      BuildCache: [
        {
          ID: 'a',
          Type: 'regular',
          Description: '[1/2] RUN x',
          InUse: false,
          Shared: false,
          Size: 10,
          CreatedAt: '2026-05-01T00:00:00Z',
          LastUsedAt: '2026-05-02T00:00:00Z',
          UsageCount: 1,
        },
        {
          ID: 'b',
          Type: 'internal',
          InUse: true,
          Shared: true,
          Size: 5,
          CreatedAt: '2026-05-03T00:00:00Z',
          LastUsedAt: null,
        },
      ],
    });
    const r = parseBuildCacheDf(body);
    expect(r).toEqual([
      {
        id: 'a',
        type: 'regular',
        size: 10,
        inUse: false,
        shared: false,
        lastUsedMs: Date.parse('2026-05-02T00:00:00Z'),
        description: '[1/2] RUN x',
      },
      { id: 'b', type: 'internal', size: 5, inUse: true, shared: true, lastUsedMs: Date.parse('2026-05-03T00:00:00Z') },
    ]);
    expect(parseBuildCacheDf('{"BuildCache":null}')).toEqual([]);
    expect(r.map(prunable)).toEqual([true, false]);
  });

  it('within the limit and nothing old: nothing to prune', () => {
    expect(
      planPolicy([rec('a', 10, 60), rec('b', 10, 120)], { limitBytes: 100, maxAgeSeconds: 30 * DAY }, NOW).untilSeconds,
    ).toBeUndefined();
  });

  it('records past the max age go with until = the max age', () => {
    const p = planPolicy(
      [rec('old', 10, 31 * DAY), rec('new', 10, 60)],
      { limitBytes: 100, maxAgeSeconds: 30 * DAY },
      NOW,
    );
    expect(p).toMatchObject({ untilSeconds: 30 * DAY, expectedBytes: 10, agedRecords: 1 });
  });

  it('over the limit: least recently used go down to it, the cut between the last removed and the first kept', () => {
    const records = [rec('r1', 40, 1000), rec('r2', 40, 800), rec('r3', 40, 200), rec('r4', 40, 100)];
    const p = planPolicy(records, { limitBytes: 90, maxAgeSeconds: 30 * DAY }, NOW);
    // 160 bytes, limit 90: r1 and r2 (the oldest) go, r3 and r4 stay; the cut just under r2's 800 s,
    // so the time until BuildKit applies it (records only get older) has the whole gap to r3's 200 s.
    expect(p).toMatchObject({ untilSeconds: 799, expectedBytes: 80, agedRecords: 0 });
    // Under a second apart, the cut cannot tell them apart: the limit wins and both go.
    const close = planPolicy(
      [rec('x', 40, 200.4), rec('y', 40, 200.1)],
      { limitBytes: 50, maxAgeSeconds: 30 * DAY },
      NOW,
    );
    expect(close.untilSeconds).toBe(200);
    expect([200.4, 200.1].filter((age) => age > (close.untilSeconds ?? Infinity))).toHaveLength(2);
  });

  it('never counts records in use, shared with images, or internal as freeable', () => {
    const records = [
      rec('busy', 100, 5000, { inUse: true }),
      rec('shared', 100, 4000, { shared: true }),
      rec('int', 100, 3000, { type: 'internal' }),
      rec('mine', 10, 100),
    ];
    const p = planPolicy(records, { limitBytes: 200, maxAgeSeconds: 30 * DAY }, NOW);
    expect(p.expectedBytes).toBe(10);
    const none = planPolicy(records.slice(0, 3), { limitBytes: 200, maxAgeSeconds: 30 * DAY }, NOW);
    expect(none.untilSeconds).toBeUndefined();
    expect(none.reason).toContain('no record can be pruned');
    const r = policyReport(
      {
        source: 'engine-api',
        totalBytes: 310,
        records,
        evidence: { argv: [], exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false, durationMs: 1 },
      },
      { enabled: true, limitBytes: 200, maxAgeSeconds: 30 * DAY, checkIntervalSeconds: 3600 },
      NOW,
    );
    expect(r).toMatchObject({
      usageBytes: 310,
      overLimit: true,
      prunableBytes: 10,
      agedRecords: 0,
      source: 'engine-api',
    });
  });
});

describe('cache policy on the builder in use (a docker-container builder)', () => {
  const env = { HOME: '/h', DOCKER_CONFIG: '/h/.docker' };
  const deps = (runner: FakeRunner): Deps => ({
    docker: new Docker(runner, { env }),
    env,
    log: silentLogger,
    now: () => new Date(0),
    version: 't',
  });
  const du = (r: Recorded) => ({ exitCode: 0, stdout: r.stdout, stderr: '' });
  const DU = 'docker buildx du --verbose --builder ci';
  const AGED = 'docker buildx prune --force --builder ci --filter until=2592000s';
  const SIZE = 'docker buildx prune --force --builder ci --keep-storage 1000';
  const T = Date.parse('2026-11-26T12:00:00Z');
  const opts = { enabled: true, limitBytes: 1000, maxAgeSeconds: 30 * 86_400, checkIntervalSeconds: 3600 };

  /** A stamp dir whose last look at builder ci is older than the interval. */
  const due = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'bkh-cp-'));
    writeFileSync(join(d, 'cache-check-builder-ci.json'), JSON.stringify({ at: T - 2 * 3_600_000 }));
    return d;
  };

  it('the first run on a host only starts the interval: nothing asked, the stamp written', async () => {
    const stampDir = mkdtempSync(join(tmpdir(), 'bkh-cp-'));
    const r = new FakeRunner();
    expect(await enforceBuilderCachePolicy(deps(r), opts, 'ci', stampDir, T)).toBeUndefined();
    expect(r.calls).toEqual([]);
    expect(JSON.parse(readFileSync(join(stampDir, 'cache-check-builder-ci.json'), 'utf8'))).toEqual({ at: T });
  });

  it('over the limit: the aged records go, then the least recently used down to the limit; the bytes freed are reported; once per interval', async () => {
    const stampDir = due();
    let reads = 0;
    const full = recorded('buildx/0.13.1/builds/du-verbose');
    const empty = recorded('buildx/0.13.1/builds/du-empty');
    const r = new FakeRunner()
      .on(DU, () => du(reads++ === 0 ? full : reads === 2 ? full : empty))
      .on(AGED, { exitCode: 0, stdout: '', stderr: '' })
      .on(SIZE, { exitCode: 0, stdout: '', stderr: '' });
    const a = await enforceBuilderCachePolicy(deps(r), opts, 'ci', stampDir, T);
    expect(r.calls.map((c) => c.argv.join(' '))).toEqual([DU, AGED, DU, SIZE, DU]);
    expect(r.calls.filter((c) => c.argv.includes('prune')).every((c) => c.opts.mutates === true)).toBe(true);
    expect(a).toMatchObject({ action: 'cache.policy', target: 'ci', ok: true, freedBytes: 1_139_000 });
    // Within the interval: nothing is asked again.
    const again = await enforceBuilderCachePolicy(deps(new FakeRunner()), opts, 'ci', stampDir, T + 60_000);
    expect(again).toBeUndefined();
  });

  it('within the limit: one look, nothing pruned, no action; a failed prune is a failed action', async () => {
    const stampDir = due();
    const empty = recorded('buildx/0.13.1/builds/du-empty');
    const ok = new FakeRunner().on(DU, du(empty));
    expect(await enforceBuilderCachePolicy(deps(ok), opts, 'ci', stampDir, T)).toBeUndefined();
    expect(ok.calls.map((c) => c.argv.join(' '))).toEqual([DU]);
    const full = recorded('buildx/0.13.1/builds/du-verbose');
    const bad = new FakeRunner()
      .on(DU, du(full))
      .on(AGED, { exitCode: 1, stdout: '', stderr: 'ERROR: no builder "ci" found' });
    const a = await enforceBuilderCachePolicy(deps(bad), opts, 'ci', due(), T);
    expect(a).toMatchObject({ ok: false, detail: 'prune failed: ERROR: no builder "ci" found' });
  });
});
