/**
 * The team's own build as the baseline (`benchmark-context`), on the real daemon: `check` (the CLI
 * bundle, as the weekly check runs it) times it `benchmark-runs` times, keeps the median in the
 * local store's history and compares it with a week ago; a heal times it again in validate, with
 * no allowance. Nothing asserts a duration: only what the healer did with the numbers it measured.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import * as faults from '../support/faults.js';
import type { Report } from '../../src/core/report.js';
import { defaultOptions } from '../../src/core/options.js';
import { loadOptions } from '../../src/core/parse-options.js';
import { heal } from '../../src/heal/heal.js';
import { validate } from '../../src/phases/validate.js';
import { benchmarkKey, HISTORY_FILE } from '../../src/tasks/benchmark.js';

const CLI = resolve('dist/cli/index.js');
let sb: Sandbox | undefined;

afterEach(() => {
  sb?.cleanup();
  sb = undefined;
});

/** A small real build with a RUN step on a local image (no pull). */
function project(s: Sandbox): string {
  const dir = join(s.dir, 'project');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'Dockerfile'),
    'FROM local/busybox-amd64:1 AS base\nARG GREETING\nRUN echo "$GREETING" > /greeting && sleep 0.2\nFROM base AS final\nRUN cat /greeting\n',
  );
  return dir;
}

function check(s: Sandbox, args: string[]): { status: number | null; report: Report; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'check', '--json', ...args], {
    env: s.env,
    encoding: 'utf8',
    timeout: 600_000,
  });
  try {
    return { status: r.status, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
  } catch {
    throw new Error(`no JSON report from check (exit ${String(r.status)}): ${r.stderr.slice(-800)}`);
  }
}

describe('benchmark-context: the team’s own build as the baseline', () => {
  it('check times it (median of the runs), keeps the history in the local store, and reports a slowdown against a week ago', () => {
    sb = sandbox('bkh-bench-');
    const dir = project(sb);
    const store = join(sb.dir, 'store');
    const args = [
      '--benchmark-context',
      dir,
      '--benchmark-runs',
      '3',
      '--benchmark-target',
      'final',
      '--benchmark-build-args',
      'GREETING=hello',
      '--backup-dir',
      store,
    ];
    const first = check(sb, args);
    expect(first.report.baseline).toMatchObject({ kind: 'benchmark', ok: true });
    expect(first.report.baseline?.runsMs).toHaveLength(3);
    // One warm-up run before the measured ones, in no median.
    expect(first.report.baseline?.warmupMs).toBeGreaterThan(0);
    const runs = [...(first.report.baseline?.runsMs ?? [])].sort((a, b) => a - b);
    expect(first.report.baseline?.durationMs).toBe(runs[1]);
    expect(first.report.benchmark?.lastWeek).toBeUndefined();
    expect(first.report.findings.map((f) => f.id)).not.toContain('benchmark.slower');
    const key = first.report.benchmark?.key ?? '';
    expect(key).toBe(
      benchmarkKey(
        {
          context: dir,
          dockerfile: join(dir, 'Dockerfile'),
          target: 'final',
          buildArgs: { GREETING: 'hello' },
          runs: 3,
        },
        readFileSync(join(dir, 'Dockerfile'), 'utf8'),
        'default',
      ),
    );
    const lines = () => readFileSync(join(store, HISTORY_FILE), 'utf8').trim().split('\n');
    expect(lines()).toHaveLength(1);

    // A week ago the same build took 1 ms: the next check, whatever it measures (its runs may be much
    // faster than the first check's cold ones), says it is slower.
    const weekAgo = new Date(Date.now() - 8 * 86_400_000).toISOString();
    const old = { at: weekAgo, key, builder: 'default', medianMs: 1, runs: 3 };
    writeFileSync(join(store, HISTORY_FILE), `${JSON.stringify(old)}\n${lines().join('\n')}\n`);
    const second = check(sb, args);
    expect(second.report.benchmark?.lastWeek?.at).toBe(weekAgo);
    expect(second.report.benchmark?.lastWeek?.slowdownPercent).toBeGreaterThan(50);
    const slower = second.report.findings.find((f) => f.id === 'benchmark.slower');
    expect(slower?.severity).toBe('warning');
    expect(second.report.benchmark?.recent.length).toBe(3);
    expect(lines()).toHaveLength(3);
    // A slowdown of the build is a warning: the check still passes at fail-on error.
    expect(second.status).toBe(0);
  });

  it('the history is per builder and per resolved build: another builder’s or an old-format week-old run is never the reference, and odd lines never crash', () => {
    sb = sandbox('bkh-bench-');
    const dir = project(sb);
    const store = join(sb.dir, 'store');
    mkdirSync(store);
    const spec = { context: dir, dockerfile: join(dir, 'Dockerfile'), buildArgs: {}, runs: 1 };
    const content = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const weekAgo = new Date(Date.now() - 8 * 86_400_000).toISOString();
    // The same build, a week ago, at 1 ms: on another builder, and under the key format before the
    // builder and the resolved paths were in it (context, target, build args and the Dockerfile's text).
    const oldKey = createHash('sha256')
      .update(JSON.stringify([dir, '', []]))
      .update(content)
      .digest('hex')
      .slice(0, 16);
    const seeded = [
      {
        at: weekAgo,
        key: benchmarkKey(spec, content, 'other-builder'),
        builder: 'other-builder',
        medianMs: 1,
        runs: 1,
      },
      { at: weekAgo, key: oldKey, builder: 'default', medianMs: 1, runs: 1 },
    ];
    writeFileSync(
      join(store, HISTORY_FILE),
      `${seeded.map((e) => JSON.stringify(e)).join('\n')}\nnull\n42\n{"at": "torn\n`,
    );
    const r = check(sb, ['--benchmark-context', dir, '--benchmark-runs', '1', '--backup-dir', store]);
    expect(r.report.baseline).toMatchObject({ kind: 'benchmark', ok: true, builder: 'default' });
    expect(r.report.benchmark?.key).toBe(benchmarkKey(spec, content, 'default'));
    expect(r.report.benchmark?.lastWeek).toBeUndefined();
    expect(r.report.benchmark?.recent).toHaveLength(1);
    expect(r.report.findings.map((f) => f.id)).not.toContain('benchmark.slower');
    expect(r.status).toBe(0);
    // This run is appended after the old lines, which stay as they were.
    const lines = readFileSync(join(store, HISTORY_FILE), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[5] ?? '')).toMatchObject({ key: r.report.benchmark?.key, builder: 'default' });
  });

  it('benchmark-build-args one per line: a value with commas and = signs reaches the build whole', () => {
    sb = sandbox('bkh-bench-');
    const dir = join(sb.dir, 'args');
    mkdirSync(dir);
    // The build itself fails unless each value arrived exactly as written.
    writeFileSync(
      join(dir, 'Dockerfile'),
      'FROM local/busybox-amd64:1\nARG LIST\nARG URL\nRUN test "$LIST" = "a,b,c" && test "$URL" = "http://127.0.0.1/?q=1,2"\n',
    );
    const r = check(sb, [
      '--benchmark-context',
      dir,
      '--benchmark-runs',
      '1',
      '--benchmark-build-args',
      'LIST=a,b,c\nURL=http://127.0.0.1/?q=1,2',
      '--backup-dir',
      join(sb.dir, 'store'),
    ]);
    expect(r.report.baseline, r.stderr).toMatchObject({ kind: 'benchmark', ok: true });
    expect(r.status).toBe(0);
    // And a value that is wrong fails the build (the check above can fail).
    const bad = check(sb, [
      '--benchmark-context',
      dir,
      '--benchmark-runs',
      '1',
      '--benchmark-build-args',
      'LIST=a\nURL=http://127.0.0.1/?q=1,2',
      '--backup-dir',
      join(sb.dir, 'store'),
    ]);
    expect(bad.report.baseline).toMatchObject({ kind: 'benchmark', ok: false });
  });

  it('bad benchmark input is refused before anything runs, naming the input', () => {
    sb = sandbox('bkh-bench-');
    for (const [args, input] of [
      [['--benchmark-context', join(sb.dir, 'nowhere')], 'benchmark-context'],
      [['--benchmark-target', 'final'], 'benchmark-context'],
      [['--benchmark-context', sb.dir, '--benchmark-runs', '0'], 'benchmark-runs'],
      [['--benchmark-context', sb.dir, '--benchmark-build-args', 'no-equals-sign'], 'benchmark'],
    ] as const) {
      const r = spawnSync(process.execPath, [CLI, 'check', ...args], {
        env: sb.env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(input);
      expect(r.stdout).not.toMatch(/HEALTHY|UNHEALTHY/);
    }
  });

  it('a heal times it again in validate: the timing rule of a real build, with no allowance', async () => {
    sb = sandbox('bkh-bench-');
    const dir = project(sb);
    const f = await faults.corruptInstance(sb);
    const o = await loadOptions(
      { mode: 'repair', 'benchmark-context': dir, 'benchmark-runs': '1' },
      { source: 'input', env: sb.env },
    );
    o.backup.store = 'local';
    o.backup.dir = join(sb.dir, 'backups');
    o.validate.cache = false;
    o.validate.baseImage = defaultOptions(sb.env).validate.baseImage;
    try {
      const r = await heal(testDeps(sb), o);
      expect(r.baseline).toMatchObject({ kind: 'benchmark', ok: true });
      const timing = r.validation?.find((c) => c.id === 'validate.timing');
      expect(timing?.skipped).toBeUndefined();
      expect(timing?.message).toMatch(
        /benchmark build \(benchmark-context\): median \d+ ms of 1 runs vs \d+ ms in diagnose/,
      );
      expect(timing?.message).toContain('no allowance');
      expect(timing?.message).toMatch(/each after a warm-up run that is not measured \(\d+ ms here\)/);
      expect(r.baseline?.warmupMs).toBeGreaterThan(0);
      expect(timing?.rule).toMatch(/^benchmark: at most 50% slower, no allowance/);
    } finally {
      await f.undo();
    }
  });

  it('validate: a benchmark build slower than max-slowdown fails, with no allowance (the tiny test build would forgive up to 1.5 s)', async () => {
    sb = sandbox('bkh-bench-');
    const dir = project(sb);
    const o = await loadOptions({ 'benchmark-context': dir, 'benchmark-runs': '1' }, { source: 'input', env: sb.env });
    const spec = o.diagnose.benchmark;
    expect(spec).toBeDefined();
    // A diagnose median of 1 ms: any real run of the build is far more than 50% slower, and far less
    // than the test build's 1.5 s allowance slower.
    const checks = await validate(testDeps(sb), {
      ...o.validate,
      cache: false,
      builders: ['default'],
      baseline: { builder: 'default', durationMs: 1, ok: true, kind: 'benchmark', runsMs: [1] },
      ...(spec !== undefined ? { benchmark: spec } : {}),
    });
    const timing = checks.find((c) => c.id === 'validate.timing');
    expect(timing?.ok).toBe(false);
    expect(timing?.message).toMatch(/median \d+ ms of 1 runs vs 1 ms in diagnose/);
    expect(timing?.message).toContain('slower than allowed');
    expect(timing?.rule).toMatch(/^benchmark: at most 50% slower, no allowance/);
  });
});
