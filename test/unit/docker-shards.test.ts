import { describe, expect, it } from 'vitest';

// test/docker-shards.mjs splits the docker tier for test/run.sh; its split must keep every file
// exactly once and balance the shards by the durations it was given.
type Shard = { files: string[]; total: number };
const { split } = (await import('../docker-shards.mjs' as string)) as {
  split: (files: string[], durations: Record<string, number>, n: number) => Shard[];
};

describe('docker tier shards', () => {
  const files = ['a', 'b', 'c', 'd', 'e', 'f'];
  const durations = { a: 100, b: 60, c: 50, d: 40, e: 10, f: 5 };

  it('puts every file in exactly one shard', () => {
    for (const n of [1, 2, 3, 7]) {
      const shards = split(files, durations, n);
      expect(shards).toHaveLength(n);
      expect(shards.flatMap((s) => s.files).sort()).toEqual(files);
    }
  });

  it('balances by duration: the longest file alone, the rest together', () => {
    const shards = split(files, durations, 2);
    expect(shards.map((s) => s.total).sort((p, q) => p - q)).toEqual([125, 140]);
    expect(shards.find((s) => s.files.includes('a'))?.files).toEqual(['a', 'd']);
  });

  it('counts a file no list knows as the median of the known ones', () => {
    expect(split(['a', 'new'], { a: 100 }, 1).map((s) => s.total)).toEqual([200]);
  });
});
