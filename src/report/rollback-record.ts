import type { RollbackRecord } from '../core/report.js';

/** Why and when, and the diagnose after the restore, as text lines (the CLI's rollback text, the action's summary, the heal's text). */
export function rollbackRecordLines(rec: RollbackRecord | undefined): string[] {
  if (rec === undefined) return [];
  const out = ['', `Why: ${rec.trigger}: ${rec.reason}`, ...rec.failedChecks.map((c) => `  failed: ${c}`)];
  out.push(
    `When: rollback ${rec.startedAt} to ${rec.finishedAt}${rec.healStartedAt !== undefined ? `; heal started ${rec.healStartedAt}` : ''}${rec.failedAt !== undefined ? `, failed ${rec.failedAt}` : ''}`,
  );
  const src = rec.source;
  if (src !== undefined)
    out.push(
      `Source: ${src.store} store, checked by ${src.checked === 'unverified' ? 'nothing (trust-unsigned)' : src.checked}${src.repository !== undefined ? `, repository ${src.repository}` : ''}${src.runId !== undefined ? `, run ${src.runId}` : ''}: ${src.ok ? 'accepted' : 'REFUSED'}; ${src.detail}`,
    );
  const d = rec.diagnoseAfter;
  if (d !== undefined) {
    const problems = d.findings.filter((f) => f.severity !== 'info');
    out.push(
      `Diagnose after: ${d.error ?? (d.healthy ? 'healthy' : 'UNHEALTHY')}${problems.length > 0 ? `; ${problems.map((f) => `${f.severity} ${f.id} (${f.subject})`).join(', ')}` : ''}`,
    );
  }
  return out;
}
