import { hostname } from 'node:os';
import type { Deps } from '../docker/deps.js';
import type { Options } from '../core/options.js';
import { diagnoseOptionsOf } from '../core/options.js';
import type { Baseline, Report } from '../core/report.js';
import { REPORT_SCHEMA, REPORT_VERSION, statusFor } from '../core/report.js';
import type { Builder, Finding } from '../core/types.js';
import type { Facts } from '../checks/types.js';
import { diagnose, type DiagnoseResult } from '../phases/diagnose.js';
import { errorMessage } from '../core/errors.js';

/** An empty report for this run: the heal orchestrator fills in the same shape. */
export function newReport(deps: Deps, options: Options): Report {
  const now = deps.now().toISOString();
  return {
    schema: REPORT_SCHEMA,
    version: REPORT_VERSION,
    tool: { name: 'buildkit-healer', version: deps.version },
    mode: options.mode,
    dryRun: options.dryRun,
    startedAt: now,
    finishedAt: now,
    host: {
      hostname: hostname(),
      dockerHost: deps.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock',
      platform: `${process.platform}/${process.arch}`,
    },
    status: 'healthy',
    healthy: true,
    failOn: options.failOn,
    versions: {},
    builders: [],
    findings: [],
    actions: [],
    phases: [],
    notes: [],
  };
}

/** Versions as facts tell them: the daemon's, the plugin's, and BuildKit's of the builder in use. */
export function versionsFrom(facts: Facts, builders: Builder[], current?: string): Report['versions'] {
  const v: Report['versions'] = {};
  const dv = facts.dockerVersion?.parsed;
  const docker = dv?.server?.version ?? dv?.client?.version ?? facts.info?.parsed?.serverVersion;
  if (docker !== undefined) v.docker = docker;
  const bx = facts.buildxVersion?.parsed;
  if (bx !== undefined) v.buildx = bx.semver ?? bx.raw;
  const inUse = builders.find((b) => b.name === current) ?? builders.find((b) => b.current);
  const bk = inUse?.nodes.find((n) => n.buildkitVersion !== undefined)?.buildkitVersion;
  if (bk !== undefined) v.buildkit = bk;
  return v;
}

/** Build cache usage from `buildx du`, when it was read. */
export function cacheFrom(facts: Facts): Report['cache'] {
  const du = facts.du?.parsed;
  return du === undefined ? undefined : { totalBytes: du.totalBytes, reclaimableBytes: du.reclaimableBytes };
}

/** The client layer as read: the context in use, from where, its endpoint, the variables set. */
export function clientFrom(facts: Facts): Report['client'] {
  const c = facts.client;
  if (c === undefined) return undefined;
  const out: NonNullable<Report['client']> = {
    context: c.inUse.name,
    source: c.inUse.source,
    configJson: c.configJson.path,
    env: Object.keys(c.env).sort(),
  };
  const endpoint =
    c.inUse.source === 'DOCKER_HOST' ? c.env.DOCKER_HOST : c.contexts.find((x) => x.name === c.inUse.name)?.endpoint;
  if (endpoint !== undefined) out.endpoint = endpoint;
  return out;
}

/** Copies one diagnosis into the report (check and heal alike). */
export function fillDiagnosis(report: Report, d: DiagnoseResult, crashedNote: (id: string) => string): void {
  report.builders = d.builders;
  report.findings = d.findings;
  if (d.currentBuilder !== undefined) report.currentBuilder = d.currentBuilder;
  if (d.baseline !== undefined) report.baseline = d.baseline;
  report.versions = versionsFrom(d.facts, d.builders, d.currentBuilder);
  const cache = cacheFrom(d.facts);
  if (cache !== undefined) report.cache = cache;
  const client = clientFrom(d.facts);
  if (client !== undefined) report.client = client;
  for (const id of d.crashed) report.notes.push(crashedNote(id));
}

/**
 * `check --platforms`: the test build's RUN step on every requested platform, on the builder in
 * use; a platform that cannot run code (no or a broken binfmt handler) is `platform.cannot-run`.
 */
async function checkPlatforms(deps: Deps, options: Options, report: Report, builder: string): Promise<void> {
  const { platformCheck } = await import('../phases/validate.js');
  const r = await platformCheck(deps, options.validate, builder);
  if (r.ok) {
    report.notes.push(`platforms on ${builder}: ${r.message}`);
    return;
  }
  const f: Finding = {
    id: 'platform.cannot-run',
    severity: 'error',
    subject: builder,
    message: `the test build's RUN step did not run on every requested platform (${options.validate.platforms.join(', ')}): ${r.message}`,
    evidence: r.evidence.map((e) => ({ kind: 'command' as const, ...e })),
    advice:
      'Register the QEMU binfmt handlers for the missing platforms (binfmt-command, e.g. update-binfmts --enable qemu-aarch64, or docker run --privileged --rm tonistiigi/binfmt --install arm64), or check that base-image exists for every platform.',
  };
  report.findings.push(f);
}

/**
 * The weekly check's trend: this run's benchmark median is appended to the history in the local
 * store (backup-dir), and compared with the newest one from a week ago or more; slower than
 * `max-slowdown` is `benchmark.slower` (a warning: the builder works, the build got slower).
 */
async function benchmarkTrend(deps: Deps, options: Options, report: Report, baseline: Baseline): Promise<void> {
  const spec = options.diagnose.benchmark;
  if (spec === undefined) return;
  const { appendHistory, benchmarkKey, readHistory, trendOf } = await import('../tasks/benchmark.js');
  const { readFile } = await import('node:fs/promises');
  const key = benchmarkKey(spec, await readFile(spec.dockerfile, 'utf8').catch(() => ''), baseline.builder);
  const dir = options.backup.dir;
  const now = deps.now();
  const history = await readHistory(dir, key);
  const trend = trendOf(history, now, baseline.durationMs);
  report.benchmark = {
    key,
    builder: baseline.builder,
    medianMs: baseline.durationMs,
    runsMs: baseline.runsMs ?? [],
    recent: trend.recent,
    ...(trend.lastWeek !== undefined ? { lastWeek: trend.lastWeek } : {}),
  };
  try {
    await appendHistory(dir, {
      at: now.toISOString(),
      key,
      builder: baseline.builder,
      medianMs: baseline.durationMs,
      runs: baseline.runsMs?.length ?? 0,
    });
  } catch (e) {
    report.notes.push(`the benchmark history in ${dir} could not be written: ${errorMessage(e)}`);
  }
  const lw = trend.lastWeek;
  if (lw !== undefined && lw.slowdownPercent > options.validate.maxSlowdownPercent)
    report.findings.push({
      id: 'benchmark.slower',
      severity: 'warning',
      subject: baseline.builder,
      message: `The benchmark build takes ${baseline.durationMs} ms (median of ${baseline.runsMs?.length ?? 0}) on ${baseline.builder}, ${lw.slowdownPercent}% slower than ${lw.medianMs} ms on ${lw.at.slice(0, 10)}: more than the allowed ${options.validate.maxSlowdownPercent}%.`,
      evidence: [
        {
          kind: 'note',
          text: `history ${dir}/benchmark-history.jsonl (key ${key}): ${trend.recent.map((r) => `${r.at.slice(0, 10)} ${r.medianMs} ms`).join(', ')}`,
        },
      ],
      advice:
        'Compare with what changed since (base images, the Dockerfile, buildx or BuildKit versions, the cache, the runner disk); a heal in repair mode with validation proves whether the builder is the cause.',
    });
}

/**
 * Check mode: diagnose at the full level and report. Changes nothing. The status is decided by
 * `failOn` from the parsed findings, never from an exit code.
 */
export async function runCheck(deps: Deps, options: Options): Promise<Report> {
  const report = newReport(deps, { ...options, mode: 'check' });
  const started = Date.now();
  let ok = true;
  let error: string | undefined;
  try {
    const d = await diagnose(deps, diagnoseOptionsOf(options), 'full');
    fillDiagnosis(report, d, (id) => `check ${id} crashed (see the check.crashed finding)`);
    const { readCacheUsage, policyReport } = await import('../tasks/cache-policy.js');
    // The full diagnose read `buildx du` already: no second call when the Engine API cannot be asked.
    const usage =
      d.facts.du !== undefined
        ? await readCacheUsage(deps, options.cachePolicy, undefined, d.facts.du)
        : await readCacheUsage(deps, options.cachePolicy);
    if (usage !== undefined) report.cachePolicy = policyReport(usage, options.cachePolicy, Date.now());
    if (options.validate.platforms.length > 0)
      await checkPlatforms(deps, options, report, d.currentBuilder ?? 'default');
    if (options.diagnose.benchmark !== undefined && d.baseline?.kind === 'benchmark' && d.baseline.ok)
      await benchmarkTrend(deps, options, report, d.baseline);
  } catch (e) {
    // A bug in diagnose must not look like a healthy machine.
    ok = false;
    error = errorMessage(e);
    report.error = `diagnose crashed: ${error}`;
  }
  report.phases.push({
    phase: 'diagnose',
    durationMs: Date.now() - started,
    ok,
    ...(error !== undefined ? { error } : {}),
  });
  report.status = report.error !== undefined ? 'unhealthy' : statusFor(report.findings, options.failOn);
  report.healthy = report.status === 'healthy';
  report.finishedAt = deps.now().toISOString();
  return report;
}
