/** The full level's facts: every builder inspected, `du --verbose`, bootstraps, the timed baseline. */
import { randomBytes } from '../../core/crypto.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Builder } from '../../core/types.js';
import type { Baseline } from '../../core/report.js';
import type { Deps } from '../../docker/deps.js';
import { errorMessage } from '../../core/errors.js';
import type { Facts } from '../../checks/types.js';
import type { BenchmarkSpec, DiagnoseOptions } from '../../core/options.js';
import type { Docker, Parsed } from '../../docker/docker.js';
import type { InspectResult } from '../../docker/parse/types.js';
import { baselineSpec, removeOutput, runTestBuild } from '../../tasks/testbuild.js';

/** Full level: inspect every builder, `du --verbose`, optional bootstrap, the timed baseline. */
export async function gatherFull(deps: Deps, opts: DiagnoseOptions, facts: Facts): Promise<void> {
  const { docker } = deps;
  const names = facts.builders.map((b) => b.name);
  const [inspects, du] = await Promise.all([
    Promise.all(names.map(async (n) => [n, await docker.inspect(n)] as const)),
    docker.du(),
  ]);
  for (const [n, p] of inspects) {
    facts.inspects[n] = p;
    mergeInspect(facts.builders, n, p);
  }
  facts.du = du;
  if (opts.bootstrap) {
    facts.bootstraps = {};
    // One at a time: a bootstrap may pull an image and start a container.
    for (const b of facts.builders.filter((x) => x.status === 'inactive')) {
      const p = await docker.inspect(b.name, true);
      // A dry-run runner only recorded it (it starts containers): nothing ran, nothing to judge.
      if (p.result.dryRun === true) continue;
      facts.bootstraps[b.name] = p;
    }
  }
  if (opts.baseline && facts.currentBuilder !== undefined) {
    const cur = facts.builders.find((b) => b.name === facts.currentBuilder);
    if (cur === undefined || cur.status !== 'error') {
      if (opts.benchmark !== undefined) await timeBenchmark(docker, facts, facts.currentBuilder, opts.benchmark);
      else await timeBaseline(docker, facts, facts.currentBuilder);
    }
  }
}

/** The team's own build as the baseline: the median of its runs (src/tasks/benchmark.ts). */
async function timeBenchmark(docker: Docker, facts: Facts, builder: string, spec: BenchmarkSpec): Promise<void> {
  const { runBenchmark } = await import('../../tasks/benchmark.js');
  const r = await runBenchmark(docker, spec, builder, docker.timeouts.build);
  facts.baseline = {
    builder,
    durationMs: r.ok ? r.medianMs : 0,
    ok: r.ok,
    kind: 'benchmark',
    runsMs: r.runsMs,
    ...(r.warmupMs !== undefined ? { warmupMs: r.warmupMs } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
  };
  if (r.evidence !== undefined) facts.baselineEvidence = r.evidence;
}

async function timeBaseline(docker: Docker, facts: Facts, builder: string): Promise<void> {
  const token = `bkh-baseline-${randomBytes(8).toString('hex')}`;
  const spec = { ...baselineSpec(token), builder };
  let r;
  try {
    r = await runTestBuild(docker, spec, docker.timeouts.build);
  } catch (e) {
    // A plugin too broken to print progress (truncated, wrong version) is a failed baseline,
    // found beside the buildx findings, never a crashed diagnose.
    facts.baseline = {
      builder,
      durationMs: 0,
      ok: false,
      error: `the test build could not be read: ${errorMessage(e)}`,
    };
    return;
  }
  const baseline: Baseline = { builder, durationMs: r.durationMs, ok: r.ok };
  if (r.ok) {
    // The output must hold the fresh token: a build that "succeeds" without it did not build.
    const got = await readFile(join(r.outputDir, 'token.txt'), 'utf8').catch(() => '');
    if (got.trim() !== token) {
      baseline.ok = false;
      baseline.error = `the build output does not hold the token written into the context (${r.outputDir}/token.txt)`;
    }
  } else if (r.error !== undefined) baseline.error = r.error;
  await removeOutput(spec, r);
  facts.baseline = baseline;
  facts.baselineEvidence = r.result;
}

/** Inspect knows more than ls (a builder-level `Error:` line, node errors): fold it in. */
export function mergeInspect(builders: Builder[], name: string, p: Parsed<InspectResult>): void {
  const b = builders.find((x) => x.name === name);
  const ins = p.parsed;
  if (!b || !ins) return;
  if (ins.error !== undefined && b.error === undefined) b.error = ins.error;
  for (const n of ins.nodes) {
    const bn = b.nodes.find((x) => x.name === n.name);
    if (bn === undefined) continue;
    if (n.error !== undefined && bn.error === undefined) bn.error = n.error;
    if (n.status === 'error') bn.status = 'error';
    if (bn.buildkitVersion === undefined && n.buildkitVersion !== undefined) bn.buildkitVersion = n.buildkitVersion;
  }
  if (b.error !== undefined || b.nodes.some((n) => n.status === 'error' || n.error !== undefined)) b.status = 'error';
}
