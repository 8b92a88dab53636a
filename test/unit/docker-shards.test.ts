import { describe, expect, it } from 'vitest';

// test/docker-shards.mjs splits the docker tier for test/run.sh; its split must keep every file
// exactly once and balance the shards by the durations it was given.
type Shard = { files: string[]; total: number };
type Failure = { file: string; error: string; tests: { name: string; message: string }[] };
const { split, failures } = (await import('../docker-shards.mjs' as string)) as {
  split: (files: string[], durations: Record<string, number>, n: number) => Shard[];
  failures: (reports: unknown[]) => Failure[];
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

  it('names what failed in vitest JSON reports: failed tests with their message, and a file that failed outside its tests', () => {
    const root = process.cwd();
    const report = {
      testResults: [
        {
          name: `${root}/test/itg/ok.test.ts`,
          status: 'passed',
          message: '',
          assertionResults: [{ fullName: 'fine', status: 'passed' }],
        },
        {
          name: `${root}/test/itg/bad.test.ts`,
          status: 'failed',
          message: '',
          assertionResults: [
            { fullName: 'suite keeps it', status: 'passed' },
            {
              fullName: 'suite restores it',
              status: 'failed',
              failureMessages: ['AssertionError: expected 0 to be 2\nline 2\n3\n4\n5\n6\n7\n8'],
            },
          ],
        },
      ],
    };
    const hook = {
      testResults: [
        {
          name: `${root}/test/e2e/hook.test.ts`,
          status: 'failed',
          message: 'Error: beforeAll timed out',
          assertionResults: [],
        },
      ],
    };
    const got = failures([report, hook]);
    expect(got.map((f) => f.file)).toEqual(['test/itg/bad.test.ts', 'test/e2e/hook.test.ts']);
    expect(got[0]?.tests).toEqual([
      { name: 'suite restores it', message: 'AssertionError: expected 0 to be 2\nline 2\n3\n4\n5\n6' },
    ]);
    expect(got[1]).toEqual({ file: 'test/e2e/hook.test.ts', error: 'Error: beforeAll timed out', tests: [] });
    expect(failures([{ testResults: [report.testResults[0]] }])).toEqual([]);
  });
});
