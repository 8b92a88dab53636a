/**
 * Prometheus text exposition format (version 0.0.4) for a node exporter's textfile collector.
 *
 * Pure renderer: `(report) => string`. Every series is a gauge: a textfile is a snapshot of the
 * last run, not a counter the exporter could keep incrementing. No sample timestamps: the
 * textfile collector rejects files that carry them.
 */
import { randomBytes } from '../core/crypto.js';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Builder, Finding, Severity } from '../core/types.js';
import type { Report, Status } from '../core/report.js';
import { countBySeverity } from '../core/report.js';
import { makeDir } from '../core/files.js';

const METRIC_PREFIX = 'buildkit_healer';

/** Every status a run can end with: one `last_run_status` series each, 1 for the current one. */
const ALL_STATUSES: readonly Status[] = ['healthy', 'unhealthy', 'repaired', 'failed'];
const ALL_SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

type Labels = Record<string, string>;
interface Sample {
  labels: Labels;
  value: number;
}
interface Family {
  name: string;
  help: string;
  samples: Sample[];
}

/** Label values: backslash, double quote and line feed are the only escapes the format knows. */
function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: backslash and line feed are escaped (quotes are not, unlike label values). */
function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Go's strconv.ParseFloat spellings, which the exporter parses: `+Inf`, `-Inf`, `NaN`. */
function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeLabelValue(labels[k] ?? '')}"`).join(',')}}`;
}

function renderFamily(f: Family): string {
  const lines = [`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} gauge`];
  for (const s of f.samples) lines.push(`${f.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  return lines.join('\n');
}

/** A builder is healthy when neither it nor any of its nodes is in error or unknown. */
export function builderHealthy(b: Builder): boolean {
  if (b.status === 'error' || b.status === 'unknown' || b.error) return false;
  return b.nodes.every((n) => n.status !== 'error' && n.status !== 'unknown' && !n.error);
}

/** The state the run left behind: after a heal, the re-diagnosed builders and findings. */
export function currentBuilders(r: Report): Builder[] {
  return r.buildersAfter ?? r.builders;
}
export function currentFindings(r: Report): Finding[] {
  return r.findingsAfter ?? r.findings;
}

/** Two series with the same labels make the collector drop the whole file: keep the first. */
function dedupe(samples: Sample[]): Sample[] {
  const seen = new Set<string>();
  return samples.filter((s) => {
    const key = JSON.stringify(Object.entries(s.labels));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One entry per phase name, in first-run order: durations summed, ok only when every run was. */
function phaseTotals(r: Report): { phase: string; durationMs: number; ok: boolean }[] {
  const byName = new Map<string, { phase: string; durationMs: number; ok: boolean }>();
  for (const p of r.phases) {
    const t = byName.get(p.phase);
    if (t) {
      t.durationMs += p.durationMs;
      t.ok &&= p.ok;
    } else byName.set(p.phase, { phase: p.phase, durationMs: p.durationMs, ok: p.ok });
  }
  return [...byName.values()];
}

/** The builder in use: its own flag, else the report's `currentBuilder` when no builder has the flag. */
function isCurrent(r: Report, builders: Builder[], b: Builder): boolean {
  if (builders.some((x) => x.current)) return b.current;
  return r.currentBuilder !== undefined && b.name === r.currentBuilder;
}

function seconds(iso: string): number | undefined {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

const metric = (s: string) => `${METRIC_PREFIX}_${s}`;

function families(r: Report): Family[] {
  return [...runFamilies(r), ...builderFamilies(r), ...findingFamilies(r), ...cacheFamilies(r), ...phaseFamilies(r)];
}

/** Health, status, when the run finished and how long it took. */
function runFamilies(r: Report): Family[] {
  const mode = r.mode;
  const out: Family[] = [];
  out.push({
    name: metric('healthy'),
    help: 'Whether the last run left BuildKit healthy (1) or not (0).',
    samples: [{ labels: { mode }, value: r.healthy ? 1 : 0 }],
  });
  out.push({
    name: metric('last_run_status'),
    help: 'Status of the last run: 1 for the status it ended with, 0 for the others.',
    samples: ALL_STATUSES.map((s) => ({ labels: { mode, status: s }, value: s === r.status ? 1 : 0 })),
  });
  const finished = seconds(r.finishedAt);
  if (finished !== undefined) {
    out.push({
      name: metric('last_run_timestamp_seconds'),
      help: 'When the last run finished, in seconds since the Unix epoch.',
      samples: [{ labels: { mode }, value: finished }],
    });
  }
  const started = seconds(r.startedAt);
  if (finished !== undefined && started !== undefined) {
    out.push({
      name: metric('last_run_duration_seconds'),
      help: 'How long the last run took, in seconds.',
      samples: [{ labels: { mode }, value: Math.max(0, finished - started) }],
    });
  }
  return out;
}

function builderFamilies(r: Report): Family[] {
  return [
    {
      name: metric('builders'),
      help: 'How many builders buildx listed after the last run (0 when it could list none).',
      samples: [{ labels: {}, value: new Set(currentBuilders(r).map((b) => b.name)).size }],
    },
    {
      name: metric('builder_healthy'),
      help: 'Whether each builder is healthy (1) or in error (0) after the last run.',
      samples: dedupe(
        currentBuilders(r).map((b) => ({
          labels: { builder: b.name, driver: b.driver },
          value: builderHealthy(b) ? 1 : 0,
        })),
      ),
    },
    {
      name: metric('builder_current'),
      help: 'The builder in use (1) after the last run.',
      samples: dedupe(
        currentBuilders(r).map((b) => ({
          labels: { builder: b.name, driver: b.driver },
          value: isCurrent(r, currentBuilders(r), b) ? 1 : 0,
        })),
      ),
    },
  ];
}

function findingFamilies(r: Report): Family[] {
  const findings = currentFindings(r);
  const counts = countBySeverity(findings);
  const out: Family[] = [];
  out.push({
    name: metric('findings'),
    help: 'Findings left after the last run, by severity.',
    samples: ALL_SEVERITIES.map((s) => ({ labels: { severity: s }, value: counts[s] })),
  });
  out.push({
    name: metric('finding'),
    help: 'Each finding left after the last run (1), by stable finding id, severity and subject.',
    samples: dedupe(
      findings.map((f) => ({ labels: { id: f.id, severity: f.severity, subject: f.subject }, value: 1 })),
    ),
  });
  if (r.findingsAfter) {
    const before = countBySeverity(r.findings);
    out.push({
      name: metric('findings_detected'),
      help: 'Findings the last run detected before it repaired anything, by severity.',
      samples: ALL_SEVERITIES.map((s) => ({ labels: { severity: s }, value: before[s] })),
    });
  }
  return out;
}

function cacheFamilies(r: Report): Family[] {
  if (!r.cache) return [];
  return [
    {
      name: metric('cache_bytes'),
      help: 'Build cache size reported by docker buildx du, in bytes.',
      samples: [{ labels: {}, value: r.cache.totalBytes }],
    },
    {
      name: metric('cache_reclaimable_bytes'),
      help: 'Build cache that docker buildx prune could reclaim, in bytes.',
      samples: [{ labels: {}, value: r.cache.reclaimableBytes }],
    },
  ];
}

/** The phases' durations and results, then the versions seen. */
function phaseFamilies(r: Report): Family[] {
  const phases = phaseTotals(r);
  const info: Labels = { version: r.tool.version, host: r.host.hostname };
  if (r.versions.docker) info.docker = r.versions.docker;
  if (r.versions.buildx) info.buildx = r.versions.buildx;
  if (r.versions.buildkit) info.buildkit = r.versions.buildkit;
  return [
    {
      name: metric('phase_duration_seconds'),
      help: 'Time the last run spent in each phase, in seconds (a phase run twice, like diagnose before and after a repair, is summed).',
      samples: phases.map((p) => ({ labels: { phase: p.phase }, value: p.durationMs / 1000 })),
    },
    {
      name: metric('phase_ok'),
      help: 'Whether each phase of the last run succeeded (1) or failed (0); skipped phases count as 1.',
      samples: phases.map((p) => ({ labels: { phase: p.phase }, value: p.ok ? 1 : 0 })),
    },
    {
      name: metric('info'),
      help: 'Versions seen by the last run (always 1): buildkit-healer, docker, buildx, BuildKit.',
      samples: [{ labels: info, value: 1 }],
    },
  ];
}

/** The whole textfile: one HELP/TYPE block per family; families without samples are left out. */
export function renderMetrics(report: Report): string {
  return (
    families(report)
      .filter((f) => f.samples.length > 0)
      .map(renderFamily)
      .join('\n') + '\n'
  );
}

/**
 * Writes the file atomically: a temp file in the same directory (same filesystem), fsynced, then
 * renamed over the target, so the collector never reads half a file. The temp name does not end
 * in `.prom`, so the collector ignores it while it exists.
 */
export async function writeMetricsFile(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await makeDir(dir);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'w', 0o644);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
