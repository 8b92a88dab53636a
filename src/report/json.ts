/**
 * The versioned JSON report. `schema` and `version` lead so readers can check them first;
 * a version bump means an incompatible change (see README, "JSON report").
 */
import type { Report } from '../core/report.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
