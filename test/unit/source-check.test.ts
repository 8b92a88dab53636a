// Where a rollback's bundle came from: the GitHub repository rule (pure) and the Source line of the
// text report and the action's step summary.
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/core/errors.js';
import { checkManifest, type Manifest } from '../../src/bundle/bundle.js';
import { gitHubOrigin } from '../../src/phases/backup.js';
import { checkGitHubOrigin, type RollbackResult } from '../../src/phases/rollback.js';
import { renderRollbackSummary } from '../../src/action/run-rollback.js';
import { renderRollbackText, parseRollbackArgs } from '../../src/cli/commands/rollback.js';

const manifest = (github?: Manifest['github']): Manifest => ({
  format: 'buildkit-healer/backup',
  version: 1,
  name: 'b',
  createdAt: '2026-01-01T00:00:00Z',
  host: { hostname: 'h', dockerHost: '' },
  tool: { name: 'buildkit-healer', version: '0' },
  versions: {},
  builders: [],
  files: [],
  redactions: [],
  omitted: [],
  commands: [],
  ...(github !== undefined ? { github } : {}),
});
const here = { GITHUB_REPOSITORY: 'octo/app' };
const refusal = (f: () => unknown): SourceError => {
  try {
    f();
  } catch (e) {
    if (e instanceof SourceError) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('GitHub origin', () => {
  it('accepts a bundle whose manifest names this repository, the one it was taken from (case as GitHub ignores it)', () => {
    const s = checkGitHubOrigin(
      manifest({ repository: 'Octo/App', runId: '7', workflow: 'ci' }),
      { repository: 'octo/app', runId: '7' },
      here,
      {},
    );
    expect(s).toMatchObject({ store: 'github', checked: 'repository', ok: true, repository: 'octo/app', runId: '7' });
    expect(s.detail).toMatch(/names octo\/app run 7 \(workflow ci\).*\(this repository\)/);
  });

  it('refuses another repository in the manifest, no record, and an unknown origin, naming the repository input and trust-unsigned', () => {
    const foreign = refusal(() =>
      checkGitHubOrigin(manifest({ repository: 'evil/x', runId: '1' }), { repository: 'octo/app' }, here, {}),
    );
    expect(foreign.message).toMatch(
      /^Bundle refused: the bundle's manifest says it was made in evil\/x \(run 1\), but its artifact was taken from octo\/app.*repository input.*trust-unsigned/,
    );
    expect(foreign.source).toMatchObject({ ok: false, checked: 'repository', repository: 'octo/app' });
    expect(refusal(() => checkGitHubOrigin(manifest(), { repository: 'octo/app' }, here, {})).message).toMatch(
      /records no repository/,
    );
    expect(refusal(() => checkGitHubOrigin(manifest(), {}, {}, {})).message).toMatch(
      /repository the artifact was taken from is unknown/,
    );
    // Taken from a repository nobody named (defensive: the store only takes from one of the two).
    expect(
      refusal(() =>
        checkGitHubOrigin(manifest({ repository: 'evil/x', runId: '1' }), { repository: 'evil/x' }, here, {}),
      ).message,
    ).toMatch(/taken from evil\/x, which is neither this repository \(octo\/app\) nor one named/);
  });

  it('a repository named with the input is accepted; trust-unsigned accepts the rest and says it proved nothing', () => {
    const named = checkGitHubOrigin(
      manifest({ repository: 'octo/lib', runId: '9' }),
      { repository: 'octo/lib', runId: '9' },
      here,
      { repository: 'octo/lib' },
    );
    expect(named).toMatchObject({ ok: true, checked: 'repository', repository: 'octo/lib' });
    expect(named.detail).toMatch(/named with the repository input/);
    const trusted = checkGitHubOrigin(manifest(), { repository: 'octo/app' }, here, { trustUnsigned: true });
    expect(trusted).toMatchObject({ ok: true, checked: 'unverified' });
    expect(trusted.detail).toMatch(/^accepted with trust-unsigned: .*records no repository/);
  });
});

describe('the Source line', () => {
  const result: RollbackResult = {
    name: 'b',
    restored: [],
    skipped: [],
    builders: [],
    buildOk: false,
    actions: [],
    error: 'Nothing was restored: Bundle refused: x',
    record: {
      trigger: 'manual',
      reason: 'asked for by hand',
      failedChecks: [],
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:00:01Z',
      source: { store: 'local', checked: 'hmac', ok: false, detail: 'backup "b" does not match its MAC' },
    },
  };
  it('is in the text report and the step summary, saying accepted or REFUSED', () => {
    expect(renderRollbackText(result, false)).toContain(
      'Source: local store, checked by hmac: REFUSED; backup "b" does not match its MAC',
    );
    const gh = {
      ...result,
      record: {
        ...result.record!,
        source: {
          store: 'github' as const,
          checked: 'repository' as const,
          ok: true,
          detail: 'd',
          repository: 'o/r',
          runId: '5',
        },
      },
    };
    expect(renderRollbackSummary(gh, 'failed')).toContain(
      'Source: github store, checked by repository, repository o/r, run 5: accepted; d',
    );
  });
  it('--trust-unsigned is a flag of the rollback command', () => {
    expect(parseRollbackArgs(['--latest', '--trust-unsigned'], { HOME: '/h' }).trustUnsigned).toBe(true);
    expect(parseRollbackArgs(['--latest'], { HOME: '/h' }).trustUnsigned).toBe(false);
  });
});

describe('the github record of the manifest', () => {
  it('is made from the runner variables only when repository and run are well formed, without control characters', () => {
    expect(
      gitHubOrigin({
        GITHUB_REPOSITORY: 'octo/app',
        GITHUB_RUN_ID: '12',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_WORKFLOW_REF: 'octo/app/.github/workflows/ci.yml@refs/heads/main\nfake line',
      }),
    ).toEqual({
      repository: 'octo/app',
      runId: '12',
      runAttempt: '2',
      workflow: 'octo/app/.github/workflows/ci.yml@refs/heads/mainfake line',
    });
    expect(gitHubOrigin({ GITHUB_REPOSITORY: 'octo/app', GITHUB_WORKFLOW: 'CI', GITHUB_RUN_ID: '3' })).toEqual({
      repository: 'octo/app',
      runId: '3',
      workflow: 'CI',
    });
    expect(gitHubOrigin({ GITHUB_REPOSITORY: 'octo/app' })).toBeUndefined();
    expect(gitHubOrigin({ GITHUB_REPOSITORY: 'not a repo', GITHUB_RUN_ID: '3' })).toBeUndefined();
  });

  it('is checked by the schema when a bundle is read: a bad repository or run, unknown fields, a control character', () => {
    expect(checkManifest(manifest({ repository: 'octo/app', runId: '1' })).github?.repository).toBe('octo/app');
    expect(() => checkManifest(manifest({ repository: '../x', runId: '1' }))).toThrow(/\/github\/repository/);
    expect(() => checkManifest(manifest({ repository: 'o/r', runId: 'x' }))).toThrow(/\/github\/runId/);
    expect(() =>
      checkManifest({
        ...manifest({ repository: 'o/r', runId: '1' }),
        github: { repository: 'o/r', runId: '1', x: 1 },
      }),
    ).toThrow(/additional properties/);
    expect(() => checkManifest(manifest({ repository: 'o/r', runId: '1', workflow: 'a\nb' }))).toThrow(
      /control character/,
    );
  });
});
