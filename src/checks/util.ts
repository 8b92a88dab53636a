/** Small pure helpers shared by the checks: evidence, command outcomes, daemon reachability. */
import type { CommandResult, Evidence, Finding, Repair, Severity } from '../core/types.js';
import type { Facts, StateFile } from './types.js';

export function cmd(r: CommandResult): Evidence {
  return { kind: 'command', ...r };
}

export function file(f: StateFile): Evidence {
  const e: Evidence = { kind: 'file', path: f.path, content: f.content ?? '' };
  const err = f.readError ?? f.parseError;
  if (err !== undefined) e.error = err;
  return e;
}

export function note(text: string): Evidence {
  return { kind: 'note', text };
}

export function finding(
  id: string,
  severity: Severity,
  subject: string,
  message: string,
  evidence: Evidence[],
  fix?: { repair?: Repair; advice?: string },
): Finding {
  const f: Finding = { id, severity, subject, message, evidence };
  if (fix?.repair) f.repair = fix.repair;
  if (fix?.advice !== undefined) f.advice = fix.advice;
  return f;
}

const UNREACHABLE =
  /Cannot connect to the Docker daemon|connection refused|error during connect|dial unix .*: connect:|no such host|Is the docker daemon running/i;

/** The daemon's own answer to `docker info`/`docker version` says it cannot be reached. */
export function unreachableReason(facts: Facts): string | undefined {
  const info = facts.info;
  if (info?.parsed && info.parsed.serverErrors.length > 0) return info.parsed.serverErrors.join('\n');
  const sv = facts.dockerVersion?.parsed?.serverError;
  if (sv !== undefined && sv !== '') return sv;
  for (const p of [info, facts.dockerVersion]) {
    if (p === undefined || p.result.timedOut) continue;
    const text = `${p.result.stderr}\n${p.parseError ?? ''}`;
    const m = text.split('\n').find((l) => UNREACHABLE.test(l));
    if (p.result.exitCode !== 0 && m !== undefined) return m.trim();
  }
  return undefined;
}

/** True when the daemon answered no probe: builder-level checks would only echo that. */
export function daemonDown(facts: Facts): boolean {
  if (unreachableReason(facts) !== undefined) return true;
  return facts.info?.result.timedOut === true && facts.dockerVersion?.result.timedOut === true;
}

/** Every command result gathered, for checks that look across all of them (timeouts). */
export function allResults(facts: Facts): CommandResult[] {
  const out: CommandResult[] = [];
  const push = (r: CommandResult | undefined) => {
    if (r) out.push(r);
  };
  push(facts.dockerVersion?.result);
  push(facts.info?.result);
  push(facts.buildxVersion?.result);
  push(facts.ls?.result);
  push(facts.du?.result);
  push(facts.containers);
  push(facts.volumes);
  for (const p of Object.values(facts.inspects)) push(p.result);
  for (const p of Object.values(facts.bootstraps ?? {})) push(p.result);
  if (facts.disk && typeof facts.disk.evidence !== 'string') push(facts.disk.evidence);
  return out;
}

/** Minimal semver compare for `x.y.z` (pre-release and build parts ignored); -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  const pa =
    a
      .replace(/^v/, '')
      .split(/[+-]/)[0]
      ?.split('.')
      .map((x) => Number.parseInt(x, 10) || 0) ?? [];
  const pb =
    b
      .replace(/^v/, '')
      .split(/[+-]/)[0]
      ?.split('.')
      .map((x) => Number.parseInt(x, 10) || 0) ?? [];
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
