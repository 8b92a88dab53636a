import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  benchmarkArgs,
  benchmarkKey,
  HISTORY_FILE,
  hasCacheOnly,
  median,
  readHistory,
  runBenchmark,
  trendOf,
  type HistoryEntry,
} from '../../src/tasks/benchmark.js';
import type { Docker } from '../../src/docker/docker.js';
import type { CommandResult } from '../../src/core/types.js';

/** A docker whose buildx answers with the given build times, in order (a cold first build, then warm ones). */
function timedDocker(
  durations: number[],
  failAt = -1,
  buildkitVersion?: string,
): { docker: Docker; argvs: string[][] } {
  const argvs: string[][] = [];
  const docker = {
    inspect: () =>
      Promise.resolve({
        result: {},
        parsed: { name: 'b', driver: 'docker-container', nodes: [{ name: 'b0', buildkitVersion }] },
      }),
    buildx: (args: string[]): Promise<CommandResult> => {
      const i = argvs.length;
      argvs.push(args);
      const fail = i === failAt;
      return Promise.resolve({
        argv: ['docker', 'buildx', ...args],
        exitCode: fail ? 1 : 0,
        signal: null,
        stdout: '',
        stderr: fail ? 'ERROR: failed to solve: base image not found\n' : '',
        durationMs: durations[i] ?? 0,
        timedOut: false,
      });
    },
  } as unknown as Docker;
  return { docker, argvs };
}

const SPEC = { context: '/p', dockerfile: '/p/Dockerfile', buildArgs: {}, runs: 3 };

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

  it('a warm-up run first, not measured: a just re-created builder is compared warm, like diagnose; still --no-cache', async () => {
    // The first (cold) build pays the bootstrap and the base layers: 9 s; the warm ones 1.0-1.2 s.
    const { docker, argvs } = timedDocker([9000, 1200, 1000, 1100]);
    const r = await runBenchmark(docker, SPEC, 'b', 60_000);
    expect(argvs).toHaveLength(4);
    expect(argvs.every((a) => a.includes('--no-cache'))).toBe(true);
    expect(r).toMatchObject({ ok: true, warmupMs: 9000, runsMs: [1200, 1000, 1100], medianMs: 1100 });
  });

  it('a warm-up that fails is the failure, named as the warm-up, and nothing is measured', async () => {
    const { docker, argvs } = timedDocker([500], 0);
    const r = await runBenchmark(docker, SPEC, 'b', 60_000);
    expect(argvs).toHaveLength(1);
    expect(r.ok).toBe(false);
    expect(r.runsMs).toEqual([]);
    expect(r.error).toBe('benchmark warm-up build failed: ERROR: failed to solve: base image not found');
  });

  it('key: the builder and the resolved context and Dockerfile paths are in it', () => {
    const root = mkdtempSync(join(tmpdir(), 'bkh-key-'));
    for (const d of ['a', 'b']) {
      mkdirSync(join(root, d));
      writeFileSync(join(root, d, 'Dockerfile'), 'FROM scratch\n');
    }
    const spec = (d: string) => ({
      context: join(root, d),
      dockerfile: join(root, d, 'Dockerfile'),
      buildArgs: {},
      runs: 3,
    });
    const text = 'FROM scratch\n';
    expect(benchmarkKey(spec('a'), text, 'ci')).not.toBe(benchmarkKey(spec('a'), text, 'default'));
    expect(benchmarkKey(spec('a'), text, 'ci')).not.toBe(benchmarkKey(spec('b'), text, 'ci'));
    expect(benchmarkKey(spec('a'), text, 'ci')).not.toBe(
      benchmarkKey({ ...spec('a'), dockerfile: join(root, 'b', 'Dockerfile') }, text, 'ci'),
    );
    // A relative path is the directory it resolves to.
    const rel = { ...spec('a'), context: relative(process.cwd(), join(root, 'a')) };
    expect(benchmarkKey(rel, text, 'ci')).toBe(benchmarkKey(spec('a'), text, 'ci'));
  });

  it('history: lines of another key (another builder, the old key format), torn lines and non-objects are skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-hist-'));
    const e = (key: string, builder: string, medianMs: number) =>
      JSON.stringify({ at: '2026-11-19T12:00:00Z', key, builder, medianMs, runs: 3 });
    writeFileSync(
      join(dir, HISTORY_FILE),
      [
        e('k', 'ci', 1000),
        e('k-other-builder', 'default', 5),
        e('0123456789abcdef', 'ci', 7),
        'null',
        '42',
        '"x"',
        '{"at": "torn',
      ].join('\n'),
    );
    const h = await readHistory(dir, 'k');
    expect(h.map((x) => `${x.builder} ${x.medianMs}`)).toEqual(['ci 1000']);
  });

  it('cacheonly needs BuildKit 0.11: an older one streams the result to /dev/null instead, and says so', async () => {
    expect(['v0.10.6', 'v0.9.3', '0.10.0'].map(hasCacheOnly)).toEqual([false, false, false]);
    // Unknown (Debian's dockerd reports v0.0.0+unknown): cacheonly is tried.
    expect(['v0.11.0', 'v0.13.2', 'v1.0.0', 'v0.0.0+unknown', undefined, 'garbage'].map(hasCacheOnly)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    const old = timedDocker([900, 1000], -1, 'v0.10.6');
    const r = await runBenchmark(old.docker, { ...SPEC, runs: 1 }, 'b', 60_000);
    expect(r.ok).toBe(true);
    expect(old.argvs.every((a) => a.join(' ').includes('--no-cache --output type=tar,dest=/dev/null'))).toBe(true);
    expect(r.note).toBe(
      'BuildKit v0.10.6 on b has no cacheonly output (0.11 and later): output streamed to /dev/null as a tar',
    );
    const cur = timedDocker([900, 1000], -1, 'v0.13.2');
    const c = await runBenchmark(cur.docker, { ...SPEC, runs: 1 }, 'b', 60_000);
    expect(cur.argvs.every((a) => a.includes('type=cacheonly'))).toBe(true);
    expect(c.note).toBeUndefined();
  });
});
