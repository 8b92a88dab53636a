/** validate.build and validate.cached: a fresh token build, then the same build again from cache. */
import { randomBytes } from '../../core/crypto.js';
import { join } from 'node:path';
import {
  type TestBuildResult,
  type TestBuildSpec,
  type Vertex,
  baselineSpec,
  isStep,
  runTestBuild,
} from '../../tasks/testbuild.js';
import { type BuilderState, type Run, type Verdict, outDir, readText, stderrTail } from './run.js';

export async function freshBaseline(
  run: Run,
  st: BuilderState,
): Promise<{ spec: TestBuildSpec; result: TestBuildResult; token: string }> {
  const token = `${run.id}-${randomBytes(8).toString('hex')}`;
  const spec: TestBuildSpec = { ...baselineSpec(token), builder: st.name, outputDir: await outDir(run) };
  const result = await runTestBuild(st.docker, spec, st.docker.timeouts.build);
  return { spec, result, token };
}

export async function checkBuild(run: Run, st: BuilderState): Promise<Verdict> {
  const { spec, result, token } = await freshBaseline(run, st);
  const v = await judgeTokenBuild(result, token);
  if (v.ok) st.build = { spec, result, bestMs: result.durationMs };
  return {
    id: 'validate.build',
    ok: v.ok,
    message: v.ok
      ? `test build (FROM scratch + COPY) built in ${result.durationMs} ms; output holds its token`
      : v.message,
  };
}

/** A token build passed when buildx says so and its output holds the token it was given. */
async function judgeTokenBuild(result: TestBuildResult, token: string): Promise<{ ok: boolean; message: string }> {
  if (!result.ok)
    return { ok: false, message: `test build failed: ${result.error ?? 'unknown error'}${stderrTail(result.result)}` };
  const got = await readText(join(result.outputDir, 'token.txt'));
  if (got === undefined)
    return {
      ok: false,
      message: `test build reported success but its output has no token.txt (in ${result.outputDir})`,
    };
  if (got.trim() !== token)
    return {
      ok: false,
      message: `test build output holds token ${JSON.stringify(got.trim())}, expected ${JSON.stringify(token)}`,
    };
  return { ok: true, message: 'ok' };
}
export async function checkCached(run: Run, st: BuilderState): Promise<Verdict> {
  const id = 'validate.cached';
  if (st.build === undefined) return { id, ok: false, skipped: true, message: 'not run: the first test build failed' };
  const spec: TestBuildSpec = { ...st.build.spec, outputDir: await outDir(run) };
  const second = await runTestBuild(st.docker, spec, st.docker.timeouts.build);
  return { id, ...judgeCached(second) };
}

/** Steps that must come from cache: Dockerfile steps except `FROM`, which resolves an image and runs nothing. */
export function runSteps(vertices: Vertex[]): Vertex[] {
  return vertices.filter((v) => isStep(v.name) && !/^\[[^\]]*\]\s+FROM\s/.test(v.name));
}

export function judgeCached(second: TestBuildResult): { ok: boolean; message: string } {
  if (!second.ok)
    return {
      ok: false,
      message: `second identical build failed: ${second.error ?? 'unknown error'}${stderrTail(second.result)}`,
    };
  const steps = runSteps(second.vertices);
  if (steps.length === 0)
    return {
      ok: false,
      message: 'second identical build showed no Dockerfile steps in its progress: cannot tell cached from not',
    };
  const missed = steps.filter((v) => !v.cached);
  if (missed.length > 0) {
    return {
      ok: false,
      message: `second identical build ran ${missed.length} of ${steps.length} steps again instead of using the cache: ${missed.map((v) => v.name).join('; ')}`,
    };
  }
  return { ok: true, message: `second identical build: all ${steps.length} steps cached (${second.durationMs} ms)` };
}
