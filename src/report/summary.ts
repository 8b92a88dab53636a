/**
 * The job summary: Markdown for `$GITHUB_STEP_SUMMARY`. Pure `(report) => string`. Command output
 * is HTML-escaped and folded in <details>; evidence is truncated so the summary stays well under
 * the runner's 1 MiB limit.
 */
import type { Builder, Finding } from '../core/types.js';
import type { Report } from '../core/report.js';
import { countBySeverity, failureReason } from '../core/report.js';
import { STATUS_ICON, cell, code, escapeHtml, evidenceText, formatDuration, truncateMiddle } from './render-util.js';
import { formatSize } from '../core/size.js';

export interface SummaryOptions {
  /** Largest summary in bytes (UTF-8). Default 512 KiB: half the runner's limit, room for other steps. */
  maxBytes?: number;
  /** Characters of evidence kept per finding before truncating. Default 8000. */
  evidenceChars?: number;
}

const DEFAULT_MAX = 512 * 1024;
const SEVERITY_ICON = { error: '🔴', warning: '🟠', info: '🔵' } as const;

export function renderSummary(report: Report, opts: SummaryOptions = {}): string {
  const max = opts.maxBytes ?? DEFAULT_MAX;
  // Shrink the evidence until the whole fits; the tables alone are small.
  for (const chars of [opts.evidenceChars ?? 8000, 2000, 500, 0]) {
    const md = build(report, chars);
    if (Buffer.byteLength(md, 'utf8') <= max) return md;
  }
  const md = build(report, 0);
  const note = '\n\n_Summary truncated to fit the job summary limit; the JSON report holds everything._\n';
  return truncateBytes(md, max - Buffer.byteLength(note)) + note;
}

function build(r: Report, evidenceChars: number): string {
  const out: string[] = [...headSection(r)];
  if (r.buildersAfter !== undefined) {
    out.push('### Builders before', '', ...buildersTable(r.builders, r.currentBuilder), '');
    out.push('### Builders after', '', ...buildersTable(r.buildersAfter, r.currentBuilder), '');
  } else {
    out.push('### Builders', '', ...buildersTable(r.builders, r.currentBuilder), '');
  }

  out.push(r.findingsAfter !== undefined ? '### Findings before the heal' : '### Findings', '');
  out.push(...findingsSection(r.findings, evidenceChars), '');
  if (r.findingsAfter !== undefined) {
    out.push('### Findings after the heal', '', ...findingsSection(r.findingsAfter, evidenceChars), '');
  }
  out.push(...actionsSection(r), ...validationSection(r), ...phasesSection(r), ...cacheSection(r));
  out.push(...backupSection(r), ...rollbackSection(r));
  if (r.notes.length > 0) {
    out.push('### Notes', '', ...r.notes.map((n) => `- ${cell(n)}`), '');
  }
  return out.join('\n');
}

/** The title, the counts, the host and versions, the failure and the error. */
function headSection(r: Report): string[] {
  const out: string[] = [];
  out.push(`## ${STATUS_ICON[r.status]} BuildKit healer: ${r.status}`);
  out.push('');
  const counts = countBySeverity(r.findingsAfter ?? r.findings);
  const facts = [
    `mode \`${r.mode}\`${r.dryRun ? ' (dry run)' : ''}`,
    `fail-on \`${r.failOn}\``,
    `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`,
  ];
  out.push(facts.join(' · '));
  out.push('');
  const versions = [
    r.versions.docker !== undefined ? `Docker ${cell(r.versions.docker)}` : undefined,
    r.versions.buildx !== undefined ? `buildx ${cell(r.versions.buildx)}` : undefined,
    r.versions.buildkit !== undefined ? `BuildKit ${cell(r.versions.buildkit)}` : undefined,
  ].filter((x): x is string => x !== undefined);
  out.push(
    `Host ${code(r.host.hostname)} (${cell(r.host.platform)}), daemon ${code(r.host.dockerHost)}${versions.length ? ` · ${versions.join(' · ')}` : ''} · buildkit-healer ${cell(r.tool.version)}`,
  );
  out.push('');
  const reason = failureReason(r);
  if (reason !== undefined) {
    out.push(`> **Failed:** ${cell(reason)}`);
    out.push('');
  }
  if (r.error !== undefined && r.error !== reason) {
    out.push(`> **Error:** ${cell(r.error)}`);
    out.push('');
  }
  return out;
}

function actionsSection(r: Report): string[] {
  if (r.actions.length === 0) return [];
  const out = ['### Actions', '', '| | Action | Target | Detail |', '|---|---|---|---|'];
  for (const a of r.actions) {
    const icon = a.dryRun ? '📝' : a.ok ? '✅' : '❌';
    const detail = [
      a.detail !== undefined ? cell(a.detail) : undefined,
      a.command !== undefined ? code(a.command) : undefined,
    ]
      .filter((x): x is string => x !== undefined)
      .join('<br>');
    out.push(`| ${icon} | ${code(a.action)} | ${cell(a.target)} | ${detail} |`);
  }
  out.push('');
  return out;
}

function validationSection(r: Report): string[] {
  if (r.validation === undefined || r.validation.length === 0) return [];
  const out = ['### Validation', '', '| | Check | Builder | Result | Time |', '|---|---|---|---|---|'];
  for (const v of r.validation) {
    out.push(
      `| ${v.ok ? '✅' : '❌'} | ${code(v.id)} | ${cell(v.builder)} | ${cell(v.message)} | ${v.durationMs !== undefined ? formatDuration(v.durationMs) : ''} |`,
    );
  }
  out.push('');
  return out;
}

function phasesSection(r: Report): string[] {
  if (r.phases.length === 0) return [];
  const out = ['### Phases', '', '| Phase | Result | Time |', '|---|---|---|'];
  for (const p of r.phases) {
    const result = p.skipped ? 'skipped' : p.ok ? 'ok' : `failed${p.error !== undefined ? `: ${cell(p.error)}` : ''}`;
    out.push(`| ${p.phase} | ${result} | ${formatDuration(p.durationMs)} |`);
  }
  out.push('');
  return out;
}

function cacheSection(r: Report): string[] {
  if (r.cache === undefined && r.baseline === undefined) return [];
  const out = ['### Build cache and baseline', ''];
  if (r.cache !== undefined) {
    out.push(
      `- Build cache: ${formatSize(r.cache.totalBytes)} in use, ${formatSize(r.cache.reclaimableBytes)} reclaimable`,
    );
  }
  if (r.baseline !== undefined) {
    const b = r.baseline;
    out.push(
      `- Baseline build on ${code(b.builder)}: ${b.ok ? formatDuration(b.durationMs) : `failed${b.error !== undefined ? `: ${cell(b.error)}` : ''}`}`,
    );
  }
  out.push('');
  return out;
}

function backupSection(r: Report): string[] {
  if (r.backup === undefined) return [];
  const b = r.backup;
  const out = ['### Backup', ''];
  out.push(
    `- Name: ${code(b.name)} (${cell(b.store)}${b.artifactId !== undefined ? `, artifact ${cell(b.artifactId)}` : ''})`,
  );
  out.push(`- Location: ${code(b.location)}`);
  out.push(`- ${b.files} file(s), ${formatSize(b.bytes)}, ${b.verified ? 'verified' : '**not verified**'}`);
  for (const st of b.builderState ?? [])
    out.push(
      st.bytes !== undefined
        ? `- Builder state of ${code(st.builder)} (build cache): ${formatSize(st.bytes)}`
        : `- Builder state of ${code(st.builder)} **not backed up**: ${cell(st.skipped ?? '')}`,
    );
  out.push('');
  return out;
}

function rollbackSection(r: Report): string[] {
  if (r.rollback === undefined && !(r.backup !== undefined && r.status === 'failed')) return [];
  const out = ['### How to roll back', ''];
  if (r.rollback !== undefined) out.push(`<pre>${escapeHtml(r.rollback)}</pre>`, '');
  if (r.backup !== undefined) {
    out.push('In a workflow:', '', '<pre>');
    out.push(
      escapeHtml(
        `- uses: OWNER/buildkit-healer/rollback@v1\n  with:\n    backup-name: ${r.backup.name}${r.backup.artifactId !== undefined ? `\n    artifact-id: ${r.backup.artifactId}` : ''}`,
      ),
    );
    out.push('</pre>', '', `On the host: <code>buildkit-healer rollback ${cell(r.backup.name)}</code>`, '');
  }
  return out;
}

function buildersTable(builders: Builder[], current?: string): string[] {
  if (builders.length === 0) return ['_No builders could be listed._'];
  const rows = ['| Builder | Driver | Status | In use | Nodes | Platforms | Error |', '|---|---|---|---|---|---|---|'];
  for (const b of builders) {
    const platforms = [...new Set(b.nodes.flatMap((n) => n.platforms))];
    const errors = [b.error, ...b.nodes.map((n) => n.error)].filter((e): e is string => e !== undefined && e !== '');
    const nodes = b.nodes.map(
      (n) => `${n.name} (${n.status}${n.buildkitVersion !== undefined ? `, ${n.buildkitVersion}` : ''})`,
    );
    rows.push(
      `| ${code(b.name)} | ${cell(b.driver)} | ${statusBadge(b.status)} | ${b.current || b.name === current ? '✔' : ''} | ${cell(nodes.join('\n'))} | ${cell(platforms.join(', '))} | ${cell(truncateMiddle([...new Set(errors)].join('\n'), 300))} |`,
    );
  }
  return rows;
}

function statusBadge(s: Builder['status']): string {
  const icon = s === 'running' ? '🟢' : s === 'error' ? '🔴' : s === 'unknown' ? '⚪' : '🟡';
  return `${icon} ${s}`;
}

function findingsSection(findings: Finding[], evidenceChars: number): string[] {
  if (findings.length === 0) return ['No findings.'];
  const out = ['| Severity | Finding | Subject | Message | Repair |', '|---|---|---|---|---|'];
  for (const f of findings) {
    const repair =
      f.repair !== undefined
        ? `${code(f.repair.action)}${f.repair.automatic ? '' : ' (manual)'}: ${cell(f.repair.description)}`
        : cell(f.advice);
    out.push(
      `| ${SEVERITY_ICON[f.severity]} ${f.severity} | ${code(f.id)} | ${cell(f.subject)} | ${cell(f.message)} | ${repair} |`,
    );
  }
  if (evidenceChars > 0) {
    out.push('');
    for (const f of findings) {
      if (f.evidence.length === 0 && f.advice === undefined) continue;
      const body = f.evidence.map(evidenceText).join('\n\n');
      const per = Math.max(200, Math.floor(evidenceChars));
      out.push(
        `<details><summary>Evidence: <code>${escapeHtml(f.id)}</code> on ${escapeHtml(f.subject)}</summary>`,
        '',
      );
      if (f.advice !== undefined) out.push(`<p>${escapeHtml(f.advice)}</p>`, '');
      if (body !== '') out.push(`<pre>${escapeHtml(truncateMiddle(body, per))}</pre>`, '');
      out.push('</details>', '');
    }
  }
  return out;
}

/** Cuts at a UTF-8 byte budget without splitting a character. */
function truncateBytes(s: string, max: number): string {
  const buf = Buffer.from(s, 'utf8');
  if (buf.length <= max) return s;
  return buf
    .subarray(0, Math.max(0, max))
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}
