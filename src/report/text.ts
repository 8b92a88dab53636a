/**
 * The CLI's readable output: a status line, a builders table, the findings with their repair,
 * actions and phases. Colours only when asked (the CLI asks when stdout is a TTY).
 */
import { rollbackRecordLines } from './rollback-record.js';
import type { Builder, Finding } from '../core/types.js';
import type { Report, Status } from '../core/report.js';
import { countBySeverity, failureReason } from '../core/report.js';
import { formatDuration, truncateMiddle } from './render-util.js';
import { formatSize } from '../core/size.js';

export interface TextOptions {
  color?: boolean;
  /** Show evidence under each finding (the CLI's --verbose). */
  verbose?: boolean;
}

type Paint = (code: number, s: string) => string;

const STATUS_COLOR: Record<Status, number> = { healthy: 32, repaired: 32, unhealthy: 31, failed: 31 };
const SEVERITY_COLOR = { error: 31, warning: 33, info: 36 } as const;
const BUILDER_COLOR: Record<Builder['status'], number> = {
  running: 32,
  inactive: 33,
  stopped: 33,
  error: 31,
  unknown: 90,
};

export function renderText(report: Report, opts: TextOptions = {}): string {
  const paint: Paint = opts.color ? (c, s) => `\u001b[${c}m${s}\u001b[0m` : (_c, s) => s;
  const bold = (s: string) => paint(1, s);
  const out: string[] = [...headerLines(report, paint), ''];
  if (report.buildersAfter !== undefined) {
    out.push(...buildersLines('Builders before', report.builders, report, paint));
    out.push(...buildersLines('Builders after', report.buildersAfter, report, paint));
  } else out.push(...buildersLines('Builders', report.builders, report, paint));
  const verbose = opts.verbose === true;
  const beforeTitle = report.findingsAfter !== undefined ? 'Findings before the heal' : 'Findings';
  out.push(...findingsLines(beforeTitle, report.findings, paint, verbose));
  if (report.findingsAfter !== undefined)
    out.push(...findingsLines('Findings after the heal', report.findingsAfter, paint, verbose));
  out.push(...actionsLines(report, paint), ...validationLines(report, paint), ...extraLines(report));
  if (report.rollback !== undefined) out.push('', bold('To roll back:'), report.rollback);
  if (report.rollbackRecord !== undefined)
    out.push('', bold('Rolled back:'), ...rollbackRecordLines(report.rollbackRecord).filter((l) => l !== ''));
  for (const n of report.notes) out.push(`note: ${n}`);
  const reason = failureReason(report);
  if (reason !== undefined) out.push('', paint(31, `FAILED: ${reason}`));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** The status line and the versions line. */
function headerLines(report: Report, paint: Paint): string[] {
  const counts = countBySeverity(report.findingsAfter ?? report.findings);
  const v = report.versions;
  return [
    `${paint(1, 'buildkit-healer')} ${report.mode}${report.dryRun ? ' (dry run)' : ''}: ${paint(STATUS_COLOR[report.status], report.status.toUpperCase())}` +
      `  (${counts.error} error, ${counts.warning} warning, ${counts.info} info; fail-on ${report.failOn})`,
    `docker ${v.docker ?? '?'}  buildx ${v.buildx ?? '?'}  buildkit ${v.buildkit ?? '?'}  daemon ${report.host.dockerHost}`,
  ];
}

function buildersLines(title: string, builders: Builder[], report: Report, paint: Paint): string[] {
  const out = [paint(1, title)];
  if (builders.length === 0) out.push('  (none listed)');
  else
    out.push(
      ...table(
        ['', 'NAME', 'DRIVER', 'STATUS', 'PLATFORMS', 'ERROR'],
        builders.map((b) => builderRow(b, paint, report.currentBuilder)),
        2,
      ),
    );
  out.push('');
  return out;
}

function findingsLines(title: string, findings: Finding[], paint: Paint, verbose: boolean): string[] {
  const out = [paint(1, title)];
  if (findings.length === 0) out.push('  none');
  for (const f of findings) {
    out.push(`  ${paint(SEVERITY_COLOR[f.severity], f.severity.toUpperCase().padEnd(7))} ${f.id}  [${f.subject}]`);
    out.push(`          ${f.message}`);
    if (f.repair !== undefined)
      out.push(`          repair: ${f.repair.description}${f.repair.automatic ? '' : ' (manual)'}`);
    if (f.advice !== undefined) out.push(`          advice: ${f.advice}`);
    if (verbose) out.push(...evidenceLines(f));
  }
  out.push('');
  return out;
}

/** A finding's evidence under it (--verbose), each piece cut in the middle past 2000 characters. */
function evidenceLines(f: Finding): string[] {
  return f.evidence.flatMap((e) => {
    const text =
      e.kind === 'command'
        ? `$ ${e.argv.join(' ')} (exit ${e.exitCode ?? '?'}${e.timedOut ? ', timed out' : ''})\n${e.stdout}${e.stderr}`
        : e.kind === 'file'
          ? `${e.path}: ${e.error ?? e.content}`
          : e.text;
    return truncateMiddle(text.trimEnd(), 2000)
      .split('\n')
      .map((l) => `            | ${l}`);
  });
}

function actionsLines(report: Report, paint: Paint): string[] {
  if (report.actions.length === 0) return [];
  const rows = report.actions.map((a) => [
    a.dryRun ? 'would' : a.ok ? paint(32, 'ok') : paint(31, 'FAILED'),
    a.action,
    a.target,
    a.command ?? a.detail ?? '',
  ]);
  return [paint(1, 'Actions'), ...table(['', 'ACTION', 'TARGET', 'DETAIL'], rows, 2), ''];
}

function validationLines(report: Report, paint: Paint): string[] {
  if (report.validation === undefined || report.validation.length === 0) return [];
  const rows = report.validation.map((c) => [
    c.ok ? paint(32, 'ok') : paint(31, 'FAILED'),
    c.id,
    c.builder ?? '',
    c.message,
  ]);
  return [paint(1, 'Validation'), ...table(['', 'CHECK', 'BUILDER', 'RESULT'], rows, 2), ''];
}

/** One line each: cache policy, docker context, build cache, baseline, benchmark trend, phases, backup. */
function extraLines(report: Report): string[] {
  const extras: string[] = [];
  const cp = report.cachePolicy;
  if (cp !== undefined) {
    const age = cp.maxAgeSeconds % 86_400 === 0 ? `${cp.maxAgeSeconds / 86_400}d` : `${cp.maxAgeSeconds}s`;
    const aged = cp.agedRecords !== undefined ? `, ${cp.agedRecords} record(s) unused for over ${age}` : '';
    const freed = cp.freedBytes !== undefined ? `; auto freed ${formatSize(cp.freedBytes)}` : '';
    extras.push(
      `cache policy: ${formatSize(cp.usageBytes)} of ${formatSize(cp.limitBytes)} (${cp.overLimit ? 'OVER the limit' : 'within'}${aged}; from ${cp.source}${cp.enabled ? '' : '; not enforced'})${freed}`,
    );
  }
  // The client layer, when it is not the plain default (the context in use and where that came from).
  const cl = report.client;
  if (cl !== undefined && (cl.context !== 'default' || cl.source !== 'default'))
    extras.push(
      `docker context ${cl.context} (from ${cl.source === 'config.json' ? `currentContext in ${cl.configJson}` : cl.source})${cl.endpoint !== undefined ? ` at ${cl.endpoint}` : ''}`,
    );
  if (report.cache !== undefined)
    extras.push(
      `build cache ${formatSize(report.cache.totalBytes)} (${formatSize(report.cache.reclaimableBytes)} reclaimable)`,
    );
  extras.push(...runLines(report));
  return extras;
}

/** The baseline, the benchmark trend, the phases and the backup of the run. */
function runLines(report: Report): string[] {
  const extras: string[] = [];
  if (report.baseline !== undefined)
    extras.push(
      report.baseline.kind === 'benchmark'
        ? `baseline: benchmark build ${report.baseline.ok ? `median ${formatDuration(report.baseline.durationMs)} of ${report.baseline.runsMs?.length ?? 0} runs` : 'failed'} on ${report.baseline.builder}`
        : `baseline build ${report.baseline.ok ? formatDuration(report.baseline.durationMs) : 'failed'} on ${report.baseline.builder}`,
    );
  const bm = report.benchmark;
  if (bm !== undefined)
    extras.push(
      `benchmark trend: ${bm.recent.map((r) => `${r.at.slice(0, 10)} ${formatDuration(r.medianMs)}`).join(', ')}${bm.lastWeek !== undefined ? `; ${bm.lastWeek.slowdownPercent >= 0 ? '+' : ''}${bm.lastWeek.slowdownPercent}% against ${bm.lastWeek.at.slice(0, 10)}` : '; no run from a week ago yet'}`,
    );
  if (report.phases.length > 0)
    extras.push(
      `phases ${report.phases.map((p) => `${p.phase} ${p.skipped ? 'skipped' : formatDuration(p.durationMs)}${p.ok ? '' : ' FAILED'}`).join(', ')}`,
    );
  if (report.backup !== undefined)
    extras.push(
      `backup ${report.backup.name} at ${report.backup.location}${report.backup.verified ? ' (verified)' : ' (NOT verified)'}`,
    );
  for (const st of report.backup?.builderState ?? [])
    extras.push(
      st.bytes !== undefined
        ? `builder state of ${st.builder} (build cache) backed up: ${formatSize(st.bytes)}`
        : `builder state of ${st.builder} NOT backed up: ${st.skipped ?? ''}`,
    );
  return extras;
}

function builderRow(b: Builder, paint: Paint, current?: string): string[] {
  const platforms = [...new Set(b.nodes.flatMap((n) => n.platforms))].join(',');
  const err = [b.error, ...b.nodes.map((n) => n.error)].find((e) => e !== undefined && e !== '') ?? '';
  return [
    b.current || b.name === current ? '*' : '',
    b.name,
    b.driver,
    paint(BUILDER_COLOR[b.status], b.status),
    platforms,
    err.split('\n')[0] ?? '',
  ];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visible = (s: string) => s.replace(ANSI, '').length;

/** Left-aligned columns; widths from the visible text (colour codes take no room). */
export function table(head: string[], rows: string[][], indent = 0): string[] {
  const widths = head.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))));
  const line = (cells: string[]) =>
    ' '.repeat(indent) +
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - visible(c))))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}
