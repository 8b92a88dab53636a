/**
 * `docker.probe-failed` and the quick path's invariant: a verdict rests on probes that answered.
 *
 * `auto` may say healthy from its quick look only when every probe that look ran succeeded,
 * returned something and agrees with the others (`quickLookAnswered`). A probe that failed, timed
 * out or returned nothing sends it to the full diagnose; there, a failed probe that no error
 * finding explains is itself an error (`probeFindings`), so no verdict is ever "healthy" because
 * the evidence was missing.
 */
import type { CommandResult, Finding } from '../core/types.js';
import type { Parsed } from '../docker/docker.js';
import type { Facts } from './types.js';
import { cmd, finding } from './util.js';
import { commandLine, succeeded } from '../docker/runner.js';

/** One probe that did not answer as it must, with the reason. */
export interface ProbeFailure {
  probe: string;
  reason: string;
  result: CommandResult;
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}

function why(r: CommandResult): string {
  if (r.timedOut) return `did not answer within ${r.durationMs} ms`;
  if (r.spawnError !== undefined) return `could not be started (${r.spawnError})`;
  const err = firstLine(r.stderr);
  return `exited ${String(r.exitCode)}${err !== '' ? `: ${err}` : ''}`;
}

function parsedProbe<T>(
  name: string,
  p: Parsed<T> | undefined,
  out: ProbeFailure[],
  extra?: (v: T) => string | undefined,
): void {
  if (p === undefined) return;
  const r = p.result;
  if (!succeeded(r)) out.push({ probe: name, reason: why(r), result: r });
  else if (r.stdout.trim() === '') out.push({ probe: name, reason: 'returned nothing', result: r });
  else if (p.parsed === undefined)
    out.push({
      probe: name,
      reason: `returned output that could not be read (${p.parseError ?? 'no parse'})`,
      result: r,
    });
  else {
    const e = extra?.(p.parsed);
    if (e !== undefined) out.push({ probe: name, reason: e, result: r });
  }
}

/**
 * Every probe in the facts that failed, timed out, returned nothing or could not be read. A
 * probe that was not run is not listed (the quick look runs only some of them).
 */
export function probeFailures(facts: Facts): ProbeFailure[] {
  const out: ProbeFailure[] = [];
  parsedProbe('docker version', facts.dockerVersion, out, (v) =>
    v.serverError
      ? `the daemon did not answer: ${firstLine(v.serverError)}`
      : v.server === undefined
        ? 'no server version'
        : undefined,
  );
  parsedProbe('docker info', facts.info, out, (v) =>
    v.serverErrors.length > 0 ? `the daemon did not answer: ${firstLine(v.serverErrors.join('\n'))}` : undefined,
  );
  parsedProbe('docker buildx version', facts.buildxVersion, out);
  parsedProbe('docker buildx ls', facts.ls, out, (v) =>
    v.builders.length === 0 ? 'listed no builder (buildx always lists the one of the context in use)' : undefined,
  );
  for (const [name, r] of [
    ['container listing', facts.containers],
    ['volume listing', facts.volumes],
  ] as const) {
    if (r === undefined) continue;
    if (!succeeded(r)) out.push({ probe: name, reason: why(r), result: r });
    else if (r.stdout.trim() === '' && r.argv[0] === 'GET')
      out.push({ probe: name, reason: 'returned nothing', result: r });
  }
  return out;
}

/**
 * The quick look answered and agrees: `buildx ls --format json` succeeded with builders and an
 * empty stderr, every other probe it ran answered, and the builder in use is among the listed ones.
 * Only then may `auto` say healthy without the full diagnose.
 */
export function quickLookAnswered(facts: Facts): boolean {
  const ls = facts.ls;
  if (ls === undefined || ls.parsed === undefined || ls.parsed.format !== 'json') return false;
  if (ls.result.stderr.trim() !== '' || ls.parsed.errors.length > 0) return false;
  if (probeFailures(facts).length > 0) return false;
  // Facts that disagree: the builder in use (current file, BUILDX_BUILDER) is not one buildx listed.
  const cur = facts.currentBuilder;
  if (cur !== undefined && !facts.builders.some((b) => b.name.toLowerCase() === cur.toLowerCase())) return false;
  return true;
}

/**
 * `docker.probe-failed`: probes failed and no error finding explains them. Runs after the checks
 * (it needs their findings); pure.
 */
export function probeFindings(facts: Facts, findings: readonly Finding[]): Finding[] {
  if (findings.some((f) => f.severity === 'error')) return [];
  const failed = probeFailures(facts);
  if (failed.length === 0) return [];
  const list = failed.map((f) => `\`${commandLine(f.result.argv)}\` ${f.reason}`).join('; ');
  return [
    finding(
      'docker.probe-failed',
      'error',
      failed.map((f) => f.probe).join(', '),
      `Docker did not answer the healer's probes, and no known fault explains it: ${list}. Builds on this runner are not known to work.`,
      failed.map((f) => cmd(f.result)),
      {
        advice:
          'Run the failed command by hand and read its error; check the docker context in use (`docker context ls`), DOCKER_HOST and ~/.docker/config.json.',
      },
    ),
  ];
}
