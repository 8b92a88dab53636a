/**
 * Names of backups and cache keys. A backup name is also a GitHub artifact name and a local
 * directory name, so it is built from a small safe alphabet; cache keys follow @actions/cache's rules.
 */
import { InputError } from '../core/errors.js';

/** Characters GitHub refuses in artifact names (from @actions/artifact's own validation). */
const ARTIFACT_FORBIDDEN = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/'];
/** Long enough for a runner name, a run id and a timestamp; short enough for every file system. */
export const MAX_NAME_LENGTH = 200;
/** @actions/cache refuses keys over 512 characters. */
export const MAX_CACHE_KEY_LENGTH = 512;
/** One name part (runner, builder, host) never takes more than this. */
const MAX_PART = 64;
const NAME_PREFIX = 'buildkit-healer';
/** Prefixes of the names this tool gives backups (names.ts and the backup phase's default). */
const BACKUP_NAME_PREFIXES = ['buildkit-healer-', 'buildkit-backup-'] as const;

/** Whether an artifact is one of our backups by its name: a run's other artifacts (build outputs,
 * test reports) must never be taken for "the latest backup". */
export function isBackupArtifactName(name: string): boolean {
  return BACKUP_NAME_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * Makes any text safe inside a name: letters, digits, `.`, `_` and `-` only (so also no comma, no
 * space and nothing a file system or GitHub treats specially), runs of anything else become one `-`,
 * no leading dot or dash. Empty input gives `unknown`.
 */
export function sanitizeForArtifact(s: string, maxLength = MAX_PART): string {
  const out = s
    .normalize('NFKD')
    // Accents go, letters stay: `über` is `uber`, not `u-ber`.
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+/, '')
    .slice(0, maxLength)
    .replace(/[-.]+$/, '');
  return out || 'unknown';
}

/** `20261123T231254Z`: sortable, no colons. */
export function compactTimestamp(d: Date): string {
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export interface BackupNameParts {
  /** The machine's host name (used off GitHub). */
  host: string;
  /** RUNNER_NAME on GitHub. */
  runner?: string;
  /** GITHUB_RUN_ID. */
  runId?: string | number;
  /** GITHUB_RUN_ATTEMPT. */
  attempt?: string | number;
  now: Date;
}

/**
 * A unique, readable backup name. On GitHub: runner, run id and attempt (a name can be uploaded once
 * per run, and a re-run attempt must not collide with the first), plus the time so two heals in one
 * job differ. Elsewhere: host and time.
 */
export function backupName(p: BackupNameParts): string {
  const ts = compactTimestamp(p.now);
  const runId = p.runId === undefined ? '' : String(p.runId).trim();
  if (runId) {
    const runner = sanitizeForArtifact(p.runner?.trim() || p.host);
    const attempt = sanitizeForArtifact(String(p.attempt ?? '1').trim() || '1', 10);
    return `${NAME_PREFIX}-${runner}-${sanitizeForArtifact(runId, 24)}-${attempt}-${ts}`;
  }
  return `${NAME_PREFIX}-${sanitizeForArtifact(p.host)}-${ts}`;
}

/**
 * Checks a name the user gave (`backup-name`) against GitHub's artifact rules and ours (it becomes a
 * directory name too): non-empty, at most MAX_NAME_LENGTH, none of `" : < > | * ? \r \n \ /`, no
 * control characters, not `.` or `..`, no leading or trailing space. Returns the name.
 */
export function validateArtifactName(name: string, input = 'backup-name'): string {
  const accepted = `a non-empty name of at most ${MAX_NAME_LENGTH} characters without " : < > | * ? \\ / or control characters`;
  if (typeof name !== 'string' || name.length === 0) throw new InputError(input, String(name ?? ''), accepted);
  if (name.length > MAX_NAME_LENGTH) throw new InputError(input, name, accepted);
  if (ARTIFACT_FORBIDDEN.some((c) => name.includes(c))) throw new InputError(input, name, accepted);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new InputError(input, name, accepted);
  if (name === '.' || name === '..' || name.trim() !== name) throw new InputError(input, name, accepted);
  return name;
}

export interface CacheKeyParts {
  runner: string;
  builder: string;
  runId: string | number;
  attempt: string | number;
}

/** `buildkit-healer-<runner>-<builder>-`: every cache of this runner and builder. */
export function cacheKeyPrefix(p: { runner: string; builder?: string }): string {
  const runner = `${NAME_PREFIX}-${sanitizeForArtifact(p.runner)}-`;
  return p.builder === undefined ? runner : `${runner}${sanitizeForArtifact(p.builder)}-`;
}

/** `buildkit-healer-<runner>-<builder>-<runid>-<attempt>`: at most 512 characters, no commas. */
export function cacheKey(p: CacheKeyParts): string {
  const key = `${cacheKeyPrefix(p)}${sanitizeForArtifact(String(p.runId), 24)}-${sanitizeForArtifact(String(p.attempt), 10)}`;
  return key.slice(0, MAX_CACHE_KEY_LENGTH);
}

/** Restore keys, most specific first: the same runner and builder, then the same runner. */
export function cacheRestoreKeys(p: { runner: string; builder: string }): string[] {
  return [cacheKeyPrefix(p), cacheKeyPrefix({ runner: p.runner })];
}
