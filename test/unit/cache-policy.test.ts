import { describe, expect, it } from 'vitest';
import type { CacheRecord } from '../../src/tasks/cache-policy.js';
import { parseBuildCacheDf, planPolicy, policyReport, prunable } from '../../src/tasks/cache-policy.js';

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
    // 160 bytes, limit 90: r1 and r2 (the oldest) go, r3 and r4 stay; cut halfway between 800 s and 200 s.
    expect(p).toMatchObject({ untilSeconds: 500, expectedBytes: 80, agedRecords: 0 });
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
