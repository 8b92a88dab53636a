/**
 * The diagnose phase: gather facts once (cheap probes concurrently), then run every check of the
 * registry over them. A crashing check becomes a `check.crashed` finding; it never hides the others.
 *
 * Its parts live in src/phases/diagnose/: gathering (gather.ts, full.ts), the state files
 * (state-files.ts), the leftovers' listings (leftovers.ts), orphans (orphans.ts), restart loops
 * (restart-loops.ts), the plugin's version (plugin.ts) and the disk (disk.ts).
 */
import type { Builder, Finding } from '../core/types.js';
import type { Baseline } from '../core/report.js';
import type { Deps } from '../docker/deps.js';
import { errorMessage } from '../core/errors.js';
import type { Check, Facts } from '../checks/types.js';
import type { DiagnoseOptions } from '../core/options.js';
import { CHECKS } from '../checks/index.js';
import { probeFindings } from '../checks/probe.js';
import { gatherFacts, type DiagnoseLevel } from './diagnose/gather.js';

export interface DiagnoseResult {
  facts: Facts;
  findings: Finding[];
  builders: Builder[];
  currentBuilder?: string;
  baseline?: Baseline;
  /** Ids of checks that crashed (each also reported as a `check.crashed` finding). */
  crashed: string[];
  durationMs: number;
}

export async function diagnose(deps: Deps, opts: DiagnoseOptions, level: DiagnoseLevel): Promise<DiagnoseResult> {
  const started = Date.now();
  deps.log.phase?.('diagnose', `diagnose (${level})`);
  const facts = await gatherFacts(deps, opts, level);
  const { findings, crashed } = runChecks(CHECKS, facts, opts);
  // Probes that failed with no finding to explain them are a finding themselves: never a verdict
  // of healthy for want of evidence.
  findings.push(...probeFindings(facts, findings));
  for (const f of findings) deps.log.debug(`finding ${f.id} (${f.severity}) ${f.subject}: ${f.message}`);
  const out: DiagnoseResult = { facts, findings, builders: facts.builders, crashed, durationMs: Date.now() - started };
  if (facts.currentBuilder !== undefined) out.currentBuilder = facts.currentBuilder;
  if (facts.baseline !== undefined) out.baseline = facts.baseline;
  return out;
}

/** Runs each check, timed and wrapped: a crash is reported as data next to the other findings. */
export function runChecks(
  checks: readonly Check[],
  facts: Facts,
  options: DiagnoseOptions,
): { findings: Finding[]; crashed: string[] } {
  const findings: Finding[] = [];
  const crashed: string[] = [];
  for (const check of checks) {
    try {
      findings.push(...check.run({ facts, options }));
    } catch (e) {
      crashed.push(check.id);
      findings.push({
        id: 'check.crashed',
        severity: 'warning',
        subject: check.id,
        message: `Check ${check.id} (${check.title}) crashed: ${errorMessage(e)}`,
        evidence: [{ kind: 'note', text: e instanceof Error && e.stack ? e.stack : errorMessage(e) }],
      });
    }
  }
  return { findings, crashed };
}
