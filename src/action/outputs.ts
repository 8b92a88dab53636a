import type { Report } from '../core/report.js';

/** The heal action's outputs, in action.yml's order. All values are strings, as step outputs are. */
export const HEAL_OUTPUTS = [
  { name: 'healthy', description: "'true' when nothing at or above fail-on remains." },
  { name: 'status', description: 'healthy, unhealthy, repaired or failed.' },
  { name: 'findings', description: 'JSON array of the findings left: [{"id","severity","subject"}].' },
  {
    name: 'builders',
    description: 'JSON array of the builders: [{"name","driver","status","current"}] (after the heal when one ran).',
  },
  { name: 'report-path', description: 'Path of the JSON report.' },
  { name: 'actions', description: 'JSON array of what the heal did: [{"action","target","ok"}].' },
  { name: 'backup-name', description: 'Name of the backup made before anything was changed (empty when none).' },
  { name: 'backup-artifact-id', description: 'Artifact id of the backup in the github store (empty otherwise).' },
] as const;

export type HealOutputName = (typeof HEAL_OUTPUTS)[number]['name'];

/** Pure: the output values for a report. Findings and builders are those left after a heal. */
export function healOutputs(report: Report, reportPath: string): Record<HealOutputName, string> {
  const findings = report.findingsAfter ?? report.findings;
  const builders = report.buildersAfter ?? report.builders;
  return {
    healthy: String(report.healthy),
    status: report.status,
    findings: JSON.stringify(findings.map((f) => ({ id: f.id, severity: f.severity, subject: f.subject }))),
    builders: JSON.stringify(
      builders.map((b) => ({ name: b.name, driver: b.driver, status: b.status, current: b.current })),
    ),
    'report-path': reportPath,
    actions: JSON.stringify(
      report.actions.map((a) => ({
        action: a.action,
        target: a.target,
        ok: a.ok,
        ...(a.dryRun ? { dryRun: true } : {}),
      })),
    ),
    'backup-name': report.backup?.name ?? '',
    'backup-artifact-id': report.backup?.artifactId ?? '',
  };
}
