/** validate.timing: the healed builder is not slower than diagnose's baseline (or benchmark). */
import type { Baseline } from '../../core/report.js';
import type { BenchmarkSpec } from '../../core/options.js';
import type { Docker } from '../../docker/docker.js';
import { freshBaseline } from './build.js';
import type { BuilderState, Run, Verdict } from './run.js';

/**
 * Timing: the same build as diagnose's baseline (fresh token, so never a cache hit), on the same
 * builder. One slow run can be noise on a busy runner, so a second fresh run is made before failing
 * and the faster counts.
 */
export async function checkTiming(run: Run, states: BuilderState[]): Promise<Verdict> {
  const { baseline, maxSlowdownPercent } = run.opts;
  const id = 'validate.timing';
  if (baseline === undefined)
    return { id, ok: true, skipped: true, message: 'no diagnose baseline to compare with: passed without comparison' };
  if (!baseline.ok) {
    return {
      id,
      ok: true,
      skipped: true,
      builder: baseline.builder,
      message: `diagnose baseline build had failed (${baseline.error ?? 'no error text'}): nothing to compare with, passed`,
    };
  }
  const same = states.find((s) => s.name === baseline.builder && s.build !== undefined);
  const st = same ?? states.find((s) => s.build !== undefined);
  if (st?.build === undefined) {
    return {
      id,
      ok: false,
      builder: baseline.builder,
      message: `no successful test build on any builder to compare with the ${baseline.durationMs} ms baseline`,
    };
  }
  const note = same ? '' : ` (baseline builder ${baseline.builder} was not validated; compared on ${st.name})`;
  if (baseline.kind === 'benchmark' && run.opts.benchmark !== undefined) {
    // No allowance is fair only on the builder diagnose timed: another one is not compared.
    if (!same)
      return {
        id,
        ok: true,
        skipped: true,
        builder: baseline.builder,
        message: `the benchmark baseline builder ${baseline.builder} was not validated: the benchmark build is not compared on another builder`,
      };
    return benchmarkTiming(run, st.name, st.docker, baseline, run.opts.benchmark, note);
  }
  let best = st.build.bestMs;
  let runs = 1;
  if (!withinSlowdown(best, baseline.durationMs, maxSlowdownPercent)) {
    const again = await freshBaseline(run, st);
    if (again.result.ok) {
      runs = 2;
      best = Math.min(best, again.result.durationMs);
      st.build.bestMs = best;
    }
  }
  const v = judgeTiming(best, baseline.durationMs, maxSlowdownPercent);
  return {
    id,
    builder: st.name,
    ok: v.ok,
    rule: `test-build: at most ${maxSlowdownPercent}% slower, or less than ${SLOWDOWN_ALLOWANCE_MS} ms slower (the tiny test build's allowance; benchmark-context times the team's own build)`,
    message: `${v.message}${runs > 1 ? ' (best of 2 fresh builds)' : ''}${note}`,
  };
}

/**
 * The team's own build, measured as diagnose measured it (median of the same number of runs with
 * --no-cache): the slowdown rule applies with no allowance, since both sides are real builds of
 * the same size.
 */
async function benchmarkTiming(
  run: Run,
  builder: string,
  docker: Docker,
  baseline: Baseline,
  spec: BenchmarkSpec,
  note: string,
): Promise<Verdict> {
  const id = 'validate.timing';
  const { runBenchmark } = await import('../../tasks/benchmark.js');
  const r = await runBenchmark(docker, spec, builder, docker.timeouts.build);
  if (!r.ok) return { id, builder, ok: false, message: `${r.error ?? 'benchmark build failed'}${note}` };
  const max = run.opts.maxSlowdownPercent;
  const pct = slowdownPercent(r.medianMs, baseline.durationMs);
  const ok = pct <= max;
  const pctText = Number.isFinite(pct) ? `${pct >= 0 ? '+' : ''}${pct.toFixed(0)}%` : 'unmeasurable';
  return {
    id,
    builder,
    ok,
    rule: `benchmark: at most ${max}% slower, no allowance (median of ${r.runsMs.length} runs of the team's own build)`,
    message: `benchmark build (benchmark-context): median ${r.medianMs} ms of ${r.runsMs.length} runs vs ${baseline.durationMs} ms in diagnose (${pctText}), each after a warm-up run that is not measured${r.warmupMs !== undefined ? ` (${r.warmupMs} ms here)` : ''}; rule: at most ${max}% slower, no allowance (the team's own build)${ok ? '' : ': slower than allowed'}${r.note !== undefined ? `; ${r.note}` : ''}${note}`,
  };
}

export function slowdownPercent(durationMs: number, baselineMs: number): number {
  return baselineMs <= 0 ? Infinity : ((durationMs - baselineMs) / baselineMs) * 100;
}

/**
 * Builds of a second or two vary by more than half on a busy 2-core runner: a slowdown counts only
 * when it is also more than this many milliseconds. A negative limit (a drill that must fail) gets
 * no allowance.
 */
export const SLOWDOWN_ALLOWANCE_MS = 1500;

function withinSlowdown(durationMs: number, baselineMs: number, maxPercent: number): boolean {
  if (slowdownPercent(durationMs, baselineMs) <= maxPercent) return true;
  return maxPercent >= 0 && durationMs - baselineMs <= SLOWDOWN_ALLOWANCE_MS;
}

export function judgeTiming(
  durationMs: number,
  baselineMs: number,
  maxPercent: number,
): { ok: boolean; message: string } {
  const pct = slowdownPercent(durationMs, baselineMs);
  const pctText = Number.isFinite(pct) ? `${pct >= 0 ? '+' : ''}${pct.toFixed(0)}%` : 'unmeasurable';
  const ok = withinSlowdown(durationMs, baselineMs, maxPercent);
  return {
    ok,
    message: ok
      ? `test build took ${durationMs} ms vs ${baselineMs} ms in diagnose (${pctText}), within the allowed ${maxPercent}% slowdown${pct > maxPercent ? ` (less than ${SLOWDOWN_ALLOWANCE_MS} ms slower)` : ''}`
      : `test build took ${durationMs} ms vs ${baselineMs} ms in diagnose (${pctText}): slower than the allowed ${maxPercent}%`,
  };
}
