/**
 * The versioned JSON report. `schema` and `version` lead so readers can check them first;
 * a version bump means an incompatible change (see README, "JSON report").
 */
import type { Report } from '../core/report.js';
import { REPORT_SCHEMA, REPORT_VERSION } from '../core/report.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Reads a report back, refusing other documents and other schema versions with a clear error. */
export function parseReportJson(text: string, source = 'report'): Report {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const d = doc as Partial<Report> | null;
  if (d === null || typeof d !== 'object' || d.schema !== REPORT_SCHEMA) {
    throw new Error(`${source} is not a buildkit-healer report (schema must be ${REPORT_SCHEMA})`);
  }
  if (d.version !== REPORT_VERSION) {
    throw new Error(`${source} has report version ${String(d.version)}; this buildkit-healer reads version ${REPORT_VERSION}`);
  }
  return d as Report;
}
