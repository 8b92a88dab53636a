import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// test/docker-rerun.sh decides whether a failed docker tier may run its failed files again: only
// when every failed shard is explained by failed tests in its own fresh report. These are the cases
// where it must refuse (the rerun itself, which starts vitest on the docker project, was run by hand
// with a test that fails once and one that always fails).
const root = resolve(import.meta.dirname, '..', '..');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const failedReport = (file: string) => ({
  testResults: [
    {
      name: join(root, file),
      status: 'failed',
      message: '',
      assertionResults: [{ fullName: 'a test', status: 'failed', failureMessages: ['AssertionError: no'] }],
    },
  ],
});

function rerun(...specs: string[]) {
  const r = spawnSync('bash', [join(root, 'test/docker-rerun.sh'), dir, ...specs], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, BKH_DOCKER_RERUN: '1' },
  });
  return { status: r.status, err: r.stderr };
}

describe('docker-rerun.sh refuses to run again what it cannot explain', () => {
  it.each([
    ['a failed shard left no report', (d: string) => [`1:${d}/none.json:${d}/log`], /left no report/],
    [
      'a failed shard logged an unhandled error',
      (d: string) => {
        writeFileSync(join(d, 'r.json'), JSON.stringify(failedReport('test/itg/x.test.ts')));
        writeFileSync(join(d, 'log'), 'Vitest caught 1 unhandled error during the test run.\n');
        return [`1:${d}/r.json:${d}/log`];
      },
      /unhandled error/,
    ],
    [
      'a failed shard whose report names no failed test',
      (d: string) => {
        writeFileSync(join(d, 'r.json'), JSON.stringify({ testResults: [] }));
        return [`1:${d}/r.json:${d}/log`];
      },
      /no failed test in its report/,
    ],
    [
      'one shard explained, the other not',
      (d: string) => {
        writeFileSync(join(d, 'r1.json'), JSON.stringify(failedReport('test/itg/x.test.ts')));
        return [`1:${d}/r1.json:${d}/log1`, `2:${d}/gone.json:${d}/log2`];
      },
      /left no report/,
    ],
  ])('%s', (_name, make, why) => {
    dir = mkdtempSync(join(tmpdir(), 'bkh-rerun-'));
    const r = rerun(...make(dir));
    expect(r.status).toBe(1);
    expect(r.err).toMatch(why);
    expect(r.err).not.toMatch(/runs once more/);
  });

  it('names the failed test last, and BKH_DOCKER_RERUN=0 never runs it again', () => {
    dir = mkdtempSync(join(tmpdir(), 'bkh-rerun-'));
    writeFileSync(join(dir, 'r.json'), JSON.stringify(failedReport('test/itg/x.test.ts')));
    const r = spawnSync('bash', [join(root, 'test/docker-rerun.sh'), dir, `1:${dir}/r.json:${dir}/log`], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, BKH_DOCKER_RERUN: '0' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/FAILED test\/itg\/x\.test\.ts\n {2}x a test\n {6}AssertionError: no/);
    expect(r.stderr).not.toMatch(/runs once more/);
  });
});
