import type { Builder, Finding, Severity } from './types.js';

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
}

export interface Baseline {
  builder: string;
  durationMs: number;
  ok: boolean;
  error?: string;
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
}

export interface ValidationCheck {
  id: string;
  builder?: string;
  ok: boolean;
  message: string;
  durationMs?: number;
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
  backup?: BackupRef;
  /** Plain instructions to roll back when a heal failed after a backup. */
  rollback?: string;
  error?: string;
  notes: string[];
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { info: 0, warning: 0, error: 0 };
  for (const f of findings) out[f.severity] += 1;
  return out;
}
