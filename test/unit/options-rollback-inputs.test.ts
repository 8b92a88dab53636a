import { describe, expect, it } from 'vitest';
import { parseRollbackInputs, renderRollbackSummary } from '../../src/action/run-rollback.js';
import { rollbackStatus } from '../../src/phases/rollback.js';
import type { RollbackResult } from '../../src/phases/rollback.js';

const env = { HOME: '/home/runner' };

describe('rollback inputs', () => {
  it('defaults: restore cache, recreate builders, auto store, the default local dir', () => {
    expect(parseRollbackInputs({}, env)).toEqual({
      restoreCache: true,
      recreateBuilders: true,
      allowBuilderSettings: [],
      trustUnsigned: false,
      backupDir: '/home/runner/.buildkit-healer/backups',
      backupStore: 'auto',
      deadlineMs: 1_800_000,
    });
  });
  it('reads every input', () => {
    expect(
      parseRollbackInputs(
        {
          'backup-name': 'bkh-20261123-runner-1',
          'artifact-id': '123',
          'run-id': '456',
          repository: 'octo/repo',
          'github-token': 't',
          'restore-cache': 'false',
          'recreate-builders': 'no',
          'trust-unsigned': 'true',
          'backup-dir': '~/b',
          'backup-store': 'GitHub',
          deadline: '1h',
        },
        env,
      ),
    ).toEqual({
      backupName: 'bkh-20261123-runner-1',
      artifactId: '123',
      runId: '456',
      repository: 'octo/repo',
      githubToken: 't',
      restoreCache: false,
      recreateBuilders: false,
      allowBuilderSettings: [],
      trustUnsigned: true,
      backupDir: '/home/runner/b',
      backupStore: 'github',
      deadlineMs: 3_600_000,
    });
  });
  it.each([
    [
      'allow-builder-settings',
      'image=a b',
      /Invalid allow-builder-settings "image=a b": expected driver options as key=value/,
    ],
    ['backup-store', 's3', /expected auto, local, github/],
    ['artifact-id', 'abc', /numeric artifact id/],
    ['run-id', '1.5', /numeric workflow run id/],
    ['repository', 'just-a-name', /owner\/repo/],
    ['restore-cache', 'maybe', /true or false/],
    ['trust-unsigned', 'perhaps', /Invalid trust-unsigned "perhaps"/],
    ['backup-name', '../etc', /backup name/],
    ['deadline', '5s', /duration from 10s to 24h/],
  ])('rejects %s=%j naming it', (name, value, re) => {
    expect(() => parseRollbackInputs({ [name]: value }, env)).toThrow(re);
    expect(() => parseRollbackInputs({ [name]: value }, env)).toThrow(`Invalid ${name} `);
  });
});

describe('rollback status and summary', () => {
  const base: RollbackResult = {
    name: 'bkh-1',
    restored: [{ path: '/h/.docker/buildx/instances/ci', sha256: 'ab' }],
    skipped: [],
    builders: ['ci'],
    currentBuilder: 'ci',
    buildOk: true,
    actions: [],
  };
  it('restored, partial, failed', () => {
    expect(rollbackStatus(base)).toBe('restored');
    expect(
      rollbackStatus({
        ...base,
        skipped: [{ path: 'builder:x', reason: 'driver remote is not recreated automatically' }],
      }),
    ).toBe('partial');
    expect(rollbackStatus({ ...base, buildOk: false })).toBe('failed');
    expect(rollbackStatus({ ...base, error: 'Nothing was restored: checksum mismatch' })).toBe('failed');
  });
  it('says plainly what was restored and what was not, escaped', () => {
    const md = renderRollbackSummary({ ...base, skipped: [{ path: 'builder:<x>', reason: 'a | b' }] }, 'partial');
    expect(md).toContain('BuildKit healer rollback: partial');
    expect(md).toContain('<code>/h/.docker/buildx/instances/ci</code>');
    expect(md).toContain('<code>builder:&lt;x&gt;</code>: a \\| b');
  });
});
