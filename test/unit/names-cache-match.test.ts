// The stand-in's cache matching (test/support/results-service.ts) must follow the service's rules,
// since the GitHub store's restore keys are proven against it: exact key, then prefix, for the key
// and then each restore key in order; newest first among prefix matches; the version must match.
import { describe, expect, it } from 'vitest';
import { cacheKey, cacheRestoreKeys } from '../../src/stores/names.js';
import { matchCache, type StoredCacheEntry } from '../support/results-service.js';

let id = 0;
function entry(key: string, minutesAgo: number, version = 'v1', finalized = true): StoredCacheEntry {
  return {
    id: ++id,
    key,
    version,
    blobName: `b${id}`,
    size: 1,
    createdAt: new Date(Date.now() - minutesAgo * 60_000),
    finalized,
  };
}

describe('cache matching of the stand-in', () => {
  const p = { runner: 'r1', builder: 'b1' };
  const key = cacheKey({ ...p, runId: 10, attempt: 1 });
  const restore = cacheRestoreKeys(p);

  it('takes the exact key over a newer prefix match', () => {
    const entries = [entry(key, 60), entry(`${key}0`, 1)];
    expect(matchCache(entries, key, restore, 'v1')?.key).toBe(key);
  });

  it('falls back to the newest entry of the same runner and builder, then of the same runner', () => {
    const older = entry(cacheKey({ ...p, runId: 8, attempt: 1 }), 30);
    const newer = entry(cacheKey({ ...p, runId: 9, attempt: 2 }), 5);
    const otherBuilder = entry(cacheKey({ runner: 'r1', builder: 'zz', runId: 11, attempt: 1 }), 1);
    expect(matchCache([older, newer, otherBuilder], key, restore, 'v1')?.key).toBe(newer.key);
    expect(matchCache([otherBuilder], key, restore, 'v1')?.key).toBe(otherBuilder.key);
  });

  it('never matches another version (other paths or compression) or an unfinished upload', () => {
    expect(matchCache([entry(key, 1, 'v2')], key, restore, 'v1')).toBeUndefined();
    expect(matchCache([entry(key, 1, 'v1', false)], key, restore, 'v1')).toBeUndefined();
    expect(
      matchCache([entry(cacheKey({ runner: 'r2', builder: 'b1', runId: 1, attempt: 1 }), 1)], key, restore, 'v1'),
    ).toBeUndefined();
  });
});
