/**
 * Shared data types. Results are data: a finding is an expected outcome, never an exception.
 */

/** Severity of a finding, ordered: info < warning < error. */
export type Severity = 'info' | 'warning' | 'error';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The whole result of one command: kept as evidence in reports. */
export interface CommandResult {
  argv: string[];
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  /** Set when the process could not be started at all (ENOENT, EACCES...). */
  spawnError?: string;
  /** True when a dry-run runner recorded the command instead of running it. */
  dryRun?: boolean;
  /** Set when this is a remembered answer, not a run now: where it was remembered, and of what (src/docker/plugin-memo.ts). */
  remembered?: string;
}

/** Evidence attached to a finding: a command result, or a file that was read. */
export type Evidence =
  | ({ kind: 'command' } & CommandResult)
  | { kind: 'file'; path: string; content: string; error?: string }
  | { kind: 'note'; text: string };

/** What a repair would do; ids are stable like finding ids. */
export interface Repair {
  /** Stable id of the repair action, e.g. `builder.remove`. */
  action: string;
  /** Human description. */
  description: string;
  /** Target (builder name, file path, container name...). */
  target?: string;
  /** Whether the heal can do it automatically (false: advice for a human). */
  automatic: boolean;
  /**
   * Done by `repair` and `reinstall` only: `auto` (the pre-build step) leaves it, because nothing a
   * build needs depends on it (a dead context no build uses, a config.json docker runs without).
   */
  notInAuto?: boolean;
  /** `builder.recreate` of a docker-container builder: keep its state volumes (its build cache). */
  keepState?: boolean;
}

export interface Finding {
  /** Stable id, `<area>.<problem>` in kebab-case. */
  id: string;
  severity: Severity;
  /** What it is about: a builder name, a file path, `daemon`... */
  subject: string;
  message: string;
  evidence: Evidence[];
  repair?: Repair;
  advice?: string;
}

export type BuilderStatus = 'running' | 'inactive' | 'stopped' | 'error' | 'unknown';

export interface BuilderNode {
  name: string;
  endpoint: string;
  status: BuilderStatus;
  error?: string;
  platforms: string[];
  /** Platforms the user set (`buildx create --platform`), marked `*` by buildx; absent when none were. */
  userPlatforms?: string[];
  buildkitVersion?: string;
  flags?: string[];
}

export interface Builder {
  name: string;
  driver: string;
  current: boolean;
  /** Derived: `error` when any node is in error or the builder has an error. */
  status: BuilderStatus;
  error?: string;
  nodes: BuilderNode[];
  /** Whether the builder is backed by an instance file (false for context builders like `default`). */
  dynamic?: boolean;
}
