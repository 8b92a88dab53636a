import type { Builder, Finding, Severity } from './types.js';
import { SEVERITY_RANK } from './types.js';

/** Version of the JSON report schema; bump on any incompatible change (documented in the README). */
export const REPORT_SCHEMA = 'buildkit-healer/report';
export const REPORT_VERSION = 1;

export type Mode = 'check' | 'auto' | 'repair' | 'reinstall' | 'rollback';

/** `healthy`: nothing at or above the fail-on level; `unhealthy`: check found problems;
 * `repaired`: a heal fixed them; `failed`: a heal could not (see `rollback`). */
export type Status = 'healthy' | 'unhealthy' | 'repaired' | 'failed';

export type PhaseName = 'diagnose' | 'backup' | 'clean' | 'reinstall' | 'validate' | 'rollback';

export interface PhaseTiming {
  phase: PhaseName;
  durationMs: number;
  ok: boolean;
  /** When the phase began and ended (ISO 8601): two healers' reports show they never overlapped. */
  startedAt?: string;
  finishedAt?: string;
  skipped?: boolean;
  error?: string;
}

/** Something the heal did (or would do with --dry-run). */
export interface Action {
  /** Stable action id, e.g. `builder.remove`, `cache.prune`, `file.remove`. */
  action: string;
  target: string;
  ok: boolean;
  dryRun?: boolean;
  detail?: string;
  /** Exact command line (dry-run prints it). */
  command?: string;
  /** Bytes a cache prune freed (measured: usage before minus after). */
  freedBytes?: number;
}

export interface Baseline {
  builder: string;
  /** The test build's time, or the benchmark build's median. */
  durationMs: number;
  ok: boolean;
  error?: string;
  /** `benchmark`: the team's own build (`benchmark-context`), median of `runsMs`. Absent: the tiny test build. */
  kind?: 'benchmark';
  runsMs?: number[];
  /** `benchmark`: the warm-up run before the measured ones (in no median). */
  warmupMs?: number;
}

export interface BackupRef {
  name: string;
  store: string;
  location: string;
  files: number;
  bytes: number;
  verified: boolean;
  artifactId?: string;
  cacheKeys?: string[];
  /** docker-container builders' state (build cache): bytes of the tar stream kept, or why it was not. */
  builderState?: { builder: string; container: string; bytes?: number; skipped?: string }[];
}

/** Why and when a rollback ran, and what a diagnose found after the restore. */
/** Where a rollback's bundle came from and how its origin was checked before anything was written. */
export interface SourceCheck {
  store: 'local' | 'github';
  /**
   * `hmac`: the local bundle's MAC, with this host's key; `repository`: the GitHub bundle's manifest
   * names the repository it was taken from, and that is this one or the one named with
   * `repository`; `unverified`: not proven, accepted with trust-unsigned.
   */
  checked: 'hmac' | 'repository' | 'unverified';
  /** True when the check passed (or trust-unsigned accepted the bundle); false: refused. */
  ok: boolean;
  /** The check in words: what passed, or why the bundle was refused and what to do. */
  detail: string;
  /** GitHub: the repository the artifact was taken from, and the run and workflow the manifest records. */
  repository?: string;
  runId?: string;
  workflow?: string;
  /** Local: the key file and the id of the key the MAC was checked with. */
  keyFile?: string;
  keyId?: string;
}

export interface RollbackRecord {
  /** `rollback-on-failure` (a heal's validation or repair failed), `interrupted` (a killed heal's backup), `manual` (the rollback command or action). */
  trigger: 'rollback-on-failure' | 'interrupted' | 'manual';
  reason: string;
  /** The failed checks (validation ids with builder, failed actions, remaining findings) that caused it. */
  failedChecks: string[];
  /** The heal's start, and when its failure was decided (heal-triggered rollbacks). */
  healStartedAt?: string;
  failedAt?: string;
  startedAt: string;
  finishedAt: string;
  /** Where the bundle came from and how it was checked (absent: refused before it was fetched). */
  source?: SourceCheck;
  /** A full diagnose after the restore (no baseline build: the rollback's own test build ran). */
  diagnoseAfter?: {
    healthy: boolean;
    findings: { id: string; severity: string; subject: string; message: string }[];
    error?: string;
  };
}

export interface CachePolicyReport {
  enabled: boolean;
  limitBytes: number;
  maxAgeSeconds: number;
  /** Where usage came from: the Engine API (`/system/df?type=build-cache`) or `buildx du`. */
  source: 'engine-api' | 'buildx du';
  usageBytes: number;
  overLimit: boolean;
  /** Bytes a prune can free (not in use, not shared with images, not internal); engine-api only. */
  prunableBytes?: number;
  /** Prunable records unused for longer than the max age; engine-api only. */
  agedRecords?: number;
  /** After `auto` enforced the policy. */
  freedBytes?: number | undefined;
  usageAfterBytes?: number;
  note?: string;
}

export interface ValidationCheck {
  id: string;
  builder?: string;
  ok: boolean;
  message: string;
  durationMs?: number;
  /** The check did not run (not applicable, or an earlier check it needs failed); `ok` says whether that counts as a pass. */
  skipped?: boolean;
  /** `validate.timing`: the rule that applied (the tiny test build with its allowance, or the team's benchmark build without). */
  rule?: string;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  version: typeof REPORT_VERSION;
  tool: { name: 'buildkit-healer'; version: string };
  mode: Mode;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  host: { hostname: string; dockerHost: string; platform: string };
  status: Status;
  healthy: boolean;
  failOn: Severity | 'never';
  versions: { docker?: string; buildx?: string; buildkit?: string };
  builders: Builder[];
  buildersAfter?: Builder[];
  currentBuilder?: string;
  findings: Finding[];
  /** Findings left after the heal (re-diagnosis). */
  findingsAfter?: Finding[];
  actions: Action[];
  phases: PhaseTiming[];
  baseline?: Baseline;
  validation?: ValidationCheck[];
  cache?: { totalBytes: number; reclaimableBytes: number };
  /** A rollback in this run: why, when, and the diagnose after it. */
  rollbackRecord?: RollbackRecord;
  /** Build cache usage against the cache policy (`cache-limit`, `cache-max-age`), when read. */
  cachePolicy?: CachePolicyReport;
  /**
   * The Docker client layer as read: the context in use and where that comes from (the docker CLI's
   * order: DOCKER_HOST, DOCKER_CONTEXT, config.json's currentContext, default), its endpoint when
   * its metadata names one, the config.json read, and the client variables that are set.
   */
  /** The benchmark build's median in this run, and its trend from the local store's history (check). */
  benchmark?: {
    key: string;
    builder: string;
    medianMs: number;
    runsMs: number[];
    lastWeek?: { at: string; medianMs: number; slowdownPercent: number };
    recent: { at: string; medianMs: number }[];
  };
  client?: {
    context: string;
    source: 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'config.json' | 'default';
    endpoint?: string;
    configJson: string;
    env: string[];
  };
  backup?: BackupRef;
  /** Plain instructions to roll back when a heal failed after a backup. */
  rollback?: string;
  /** Set when the run's deadline stopped it: where (the phase, or `lock`), and the deadline. */
  stopped?: { reason: 'deadline'; where: string; deadlineMs: number };
  error?: string;
  notes: string[];
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { info: 0, warning: 0, error: 0 };
  for (const f of findings) out[f.severity] += 1;
  return out;
}

/** Findings at or above the fail-on level; `never` counts none. */
export function failingFindings(findings: Finding[], failOn: Severity | 'never'): Finding[] {
  if (failOn === 'never') return [];
  const min = SEVERITY_RANK[failOn];
  return findings.filter((f) => SEVERITY_RANK[f.severity] >= min);
}

/** healthy when nothing reaches the fail-on level, unhealthy otherwise (check mode's two outcomes). */
export function statusFor(findings: Finding[], failOn: Severity | 'never'): Status {
  return failingFindings(findings, failOn).length === 0 ? 'healthy' : 'unhealthy';
}

/** 0 for healthy/repaired, 1 for unhealthy/failed: the action fails the step, the CLI exits 1. */
export function exitCodeFor(report: Report): number {
  return report.status === 'healthy' || report.status === 'repaired' ? 0 : 1;
}

/** One line saying why a run failed, for setFailed and the CLI's last line. */
export function failureReason(report: Report): string | undefined {
  if (exitCodeFor(report) === 0) return undefined;
  if (report.error !== undefined) return report.error;
  const left = report.findingsAfter ?? report.findings;
  const failing = failingFindings(left, report.failOn);
  const ids = [...new Set(failing.map((f) => f.id))];
  const what = report.status === 'failed' ? 'heal failed' : 'unhealthy';
  if (ids.length === 0) return `${what}`;
  return `${what}: ${failing.length} finding(s) at or above ${report.failOn}: ${ids.join(', ')}`;
}
