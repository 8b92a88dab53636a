import { describe, expect, it } from 'vitest';
import { benchmarkArgs, median, trendOf, type HistoryEntry } from '../../src/tasks/benchmark.js';

describe('benchmark build (benchmark-context)', () => {
  it('argv: no cache, output discarded, the Dockerfile, target and build args as given', () => {
    expect(
      benchmarkArgs(
        { context: '/p', dockerfile: '/p/ci.Dockerfile', target: 'test', buildArgs: { A: '1', B: 'x=y' }, runs: 3 },
        'ci',
      ),
    ).toEqual([
      'build',
      '--builder',
      'ci',
      '--no-cache',
      '--output',
      'type=cacheonly',
      '--file',
      '/p/ci.Dockerfile',
      '--target',
      'test',
      '--build-arg',
      'A=1',
      '--build-arg',
      'B=x=y',
      '/p',
    ]);
  });

  it('median of odd and even counts', () => {
    expect(median([300, 100, 200])).toBe(200);
    expect(median([400, 100, 300, 200])).toBe(250);
    expect(median([])).toBeNaN();
  });

  it('trend: compares with the newest run at least a week old; none yet says so by leaving it out', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const e = (at: string, medianMs: number): HistoryEntry => ({ at, key: 'k', builder: 'default', medianMs, runs: 3 });
    const h = [e('2026-11-10T12:00:00Z', 800), e('2026-11-19T12:00:00Z', 1000), e('2026-11-25T12:00:00Z', 1400)];
    const t = trendOf(h, now, 1600);
    expect(t.lastWeek).toEqual({ at: '2026-11-19T12:00:00Z', medianMs: 1000, slowdownPercent: 60 });
    expect(t.recent.map((r) => r.medianMs)).toEqual([800, 1000, 1400, 1600]);
    expect(trendOf([e('2026-11-25T12:00:00Z', 1400)], now, 1600).lastWeek).toBeUndefined();
  });
});
