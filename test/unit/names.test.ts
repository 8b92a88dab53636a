import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import {
  MAX_CACHE_KEY_LENGTH,
  MAX_NAME_LENGTH,
  backupName,
  cacheKey,
  cacheKeyPrefix,
  cacheRestoreKeys,
  compactTimestamp,
  isBackupArtifactName,
  sanitizeForArtifact,
  validateArtifactName,
} from '../../src/stores/names.js';

// What GitHub's artifact service refuses (the list @actions/artifact checks before upload).
const GITHUB_FORBIDDEN = /[":<>|*?\r\n\\/]/;

/** Host and runner names as they come: any unicode, spaces, slashes, colons, emoji, empty. */
const wild = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    'GitHub Actions 12',
    'ip-10-0-0-1.ec2.internal',
    'runner/with:colon',
    '',
    ' ',
    '..',
    '-x-',
    'über-läufer',
    'a,b,c',
  ),
);
const date = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2099-12-31T23:59:59Z'),
  noInvalidDate: true,
});

describe('backupName', () => {
  it('names on GitHub: runner, run id, attempt and time', () => {
    const n = backupName({
      host: 'host-a',
      runner: 'GitHub Actions 12',
      runId: 123456789,
      attempt: 2,
      now: new Date('2026-11-23T23:12:54.321Z'),
    });
    expect(n).toBe('buildkit-healer-GitHub-Actions-12-123456789-2-20261123T231254Z');
  });

  it('names elsewhere: host and time', () => {
    expect(backupName({ host: 'build-host-3', now: new Date('2026-01-02T03:04:05Z') })).toBe(
      'buildkit-healer-build-host-3-20260102T030405Z',
    );
  });

  it('falls back to the host when the runner name is empty', () => {
    expect(backupName({ host: 'h1', runner: '  ', runId: '9', now: new Date('2026-01-02T03:04:05Z') })).toBe(
      'buildkit-healer-h1-9-1-20260102T030405Z',
    );
  });

  it('never produces a name GitHub or our own validation would reject', () => {
    fc.assert(
      fc.property(
        wild,
        fc.option(wild),
        fc.option(fc.oneof(fc.nat(), wild)),
        fc.option(fc.oneof(fc.nat(), wild)),
        date,
        (host, runner, runId, attempt, now) => {
          const n = backupName({
            host,
            now,
            ...(runner === null ? {} : { runner }),
            ...(runId === null ? {} : { runId }),
            ...(attempt === null ? {} : { attempt }),
          });
          expect(n).not.toMatch(GITHUB_FORBIDDEN);
          expect(n.length).toBeGreaterThan(0);
          expect(n.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
          expect(n).toMatch(/^[A-Za-z0-9._-]+$/);
          expect(validateArtifactName(n)).toBe(n);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('differs between runners, runs, attempts and seconds', () => {
    const now = new Date('2026-11-23T23:00:00Z');
    const base = { host: 'h', runner: 'r1', runId: 1, attempt: 1, now };
    const names = new Set([
      backupName(base),
      backupName({ ...base, runner: 'r2' }),
      backupName({ ...base, runId: 2 }),
      backupName({ ...base, attempt: 2 }),
      backupName({ ...base, now: new Date(now.getTime() + 1000) }),
    ]);
    expect(names.size).toBe(5);
  });
});

describe('validateArtifactName', () => {
  it.each([
    'a:b',
    'a/b',
    'a\\b',
    'a"b',
    'a<b',
    'a>b',
    'a|b',
    'a*b',
    'a?b',
    'a\rb',
    'a\nb',
    '',
    '.',
    '..',
    ' lead',
    'trail ',
    'a\u0001b',
    'x'.repeat(MAX_NAME_LENGTH + 1),
  ])('rejects %j with an InputError naming backup-name', (name) => {
    let err: unknown;
    try {
      validateArtifactName(name);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).input).toBe('backup-name');
    expect((err as InputError).message).toMatch(/^Invalid backup-name .*: expected a non-empty name/);
  });

  it.each(['buildkit-healer-x-1-1-20261123T000000Z', 'my backup', 'a.b_c-d', 'x'.repeat(MAX_NAME_LENGTH)])(
    'accepts %j',
    (name) => {
      expect(validateArtifactName(name)).toBe(name);
    },
  );

  it('names another input when asked', () => {
    expect(() => validateArtifactName('a/b', 'name')).toThrow(/^Invalid name "a\/b"/);
  });
});

describe('sanitizeForArtifact', () => {
  it('keeps a safe alphabet, collapses the rest', () => {
    expect(sanitizeForArtifact('GitHub Actions 12')).toBe('GitHub-Actions-12');
    expect(sanitizeForArtifact('..//a::b,,c  ')).toBe('a-b-c');
    expect(sanitizeForArtifact('')).toBe('unknown');
    expect(sanitizeForArtifact('über')).toBe('uber');
  });

  it('always returns a non-empty safe part within its length', () => {
    fc.assert(
      fc.property(wild, fc.integer({ min: 1, max: 100 }), (s, max) => {
        const out = sanitizeForArtifact(s, max);
        expect(out).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, 'unknown'.length));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('cache keys', () => {
  it('follows buildkit-healer-<runner>-<builder>-<runid>-<attempt>', () => {
    const p = { runner: 'GitHub Actions 3', builder: 'mybuilder', runId: 42, attempt: 1 };
    expect(cacheKey(p)).toBe('buildkit-healer-GitHub-Actions-3-mybuilder-42-1');
    expect(cacheRestoreKeys(p)).toEqual([
      'buildkit-healer-GitHub-Actions-3-mybuilder-',
      'buildkit-healer-GitHub-Actions-3-',
    ]);
  });

  it('every key and restore key is at most 512 chars, has no comma, and the restore keys are prefixes of the key', () => {
    fc.assert(
      fc.property(wild, wild, fc.oneof(fc.nat(), wild), fc.oneof(fc.nat(), wild), (runner, builder, runId, attempt) => {
        const key = cacheKey({ runner, builder, runId, attempt });
        const restore = cacheRestoreKeys({ runner, builder });
        for (const k of [key, ...restore]) {
          expect(k.length).toBeLessThanOrEqual(MAX_CACHE_KEY_LENGTH);
          expect(k).not.toContain(',');
          expect(key.startsWith(k)).toBe(true);
        }
        expect(cacheKeyPrefix({ runner, builder })).toBe(restore[0]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compactTimestamp', () => {
  it('is sortable and has no colon', () => {
    fc.assert(
      fc.property(date, date, (a, b) => {
        const ta = compactTimestamp(a);
        const tb = compactTimestamp(b);
        expect(ta).not.toContain(':');
        if (Math.floor(a.getTime() / 1000) < Math.floor(b.getTime() / 1000)) expect(ta < tb).toBe(true);
      }),
    );
  });
});

describe('isBackupArtifactName', () => {
  it('recognises the names this tool gives backups, and nothing else', () => {
    expect(isBackupArtifactName(backupName({ host: 'h', now: new Date() }))).toBe(true);
    expect(isBackupArtifactName('buildkit-backup-host-20261123T000000Z-abc123')).toBe(true);
    for (const other of ['build-output', 'coverage', 'buildkit-healer', 'my-buildkit-healer-x'])
      expect(isBackupArtifactName(other)).toBe(false);
    fc.assert(
      fc.property(wild, fc.option(wild), date, (host, runner, now) => {
        expect(isBackupArtifactName(backupName({ host, now, ...(runner === null ? {} : { runner, runId: 1 }) }))).toBe(
          true,
        );
      }),
    );
  });
});
