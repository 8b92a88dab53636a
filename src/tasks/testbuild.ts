import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { CommandResult } from '../core/types.js';
import type { Docker } from '../docker/docker.js';
import { succeeded } from '../docker/runner.js';
import { parseRawJsonProgress } from '../docker/parse/progress.js';
import type { ProgressVertex } from '../docker/parse/types.js';

/** A real build, small and self-contained, run through `docker buildx build`. */
export interface TestBuildSpec {
  builder?: string;
  /** Dockerfile content. */
  dockerfile: string;
  /** Extra context files: relative path -> content. */
  files?: Record<string, string>;
  platforms?: string[];
  /** `--output type=local,dest=DIR`; default a fresh temp dir. */
  outputDir?: string;
  cacheFrom?: string[];
  cacheTo?: string[];
  noCache?: boolean;
  buildArgs?: Record<string, string>;
}

/** One vertex of the build graph, merged over the rawjson stream (the shared progress parser's). */
export type Vertex = ProgressVertex;

export interface TestBuildResult {
  /** Exit 0, no vertex error and every step completed. */
  ok: boolean;
  durationMs: number;
  result: CommandResult;
  vertices: Vertex[];
  /** Dockerfile steps (`[n/m] ...`, `[stage n/m] ...`) that came from the builder's cache. */
  cachedSteps: number;
  /** Dockerfile steps that run something (`FROM` only resolves a base image and is not counted). */
  totalSteps: number;
  outputDir: string;
  error?: string;
}

/** The argv after `docker buildx` for a spec; pure, so it is tested as "spec -> argv". */
export function testBuildArgs(spec: TestBuildSpec, contextDir: string, outputDir: string): string[] {
  const args = ['build', '--progress=rawjson'];
  if (spec.builder !== undefined) args.push('--builder', spec.builder);
  if (spec.platforms && spec.platforms.length > 0) args.push('--platform', spec.platforms.join(','));
  for (const c of spec.cacheFrom ?? []) args.push('--cache-from', c);
  for (const c of spec.cacheTo ?? []) args.push('--cache-to', c);
  if (spec.noCache) args.push('--no-cache');
  for (const [k, v] of Object.entries(spec.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  args.push('--output', `type=local,dest=${outputDir}`);
  args.push('--file', join(contextDir, 'Dockerfile'));
  args.push(contextDir);
  return args;
}

/**
 * The tiny build timed by diagnose (baseline) and validate. `FROM scratch` + `COPY` needs no
 * image pull, so it works on any runner, online or not; the fresh token makes its output
 * tell a real run from a cache hit.
 */
export function baselineSpec(token: string): TestBuildSpec {
  return {
    dockerfile: 'FROM scratch\nCOPY token.txt /token.txt\n',
    files: { 'token.txt': `${token}\n` },
  };
}

/** Writes the context (Dockerfile + files) into `dir`, refusing paths that escape it. */
async function writeContext(dir: string, spec: TestBuildSpec): Promise<void> {
  await writeFile(join(dir, 'Dockerfile'), spec.dockerfile);
  for (const [rel, content] of Object.entries(spec.files ?? {})) {
    const target = resolve(dir, rel);
    if (!target.startsWith(resolve(dir) + sep)) throw new Error(`test build: context file escapes the context: ${rel}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

/**
 * Runs the build through the docker door with a timeout. Never throws for a failed build:
 * the result says what happened, with the whole command result as evidence.
 */
export async function runTestBuild(
  docker: Pick<Docker, 'buildx'>,
  spec: TestBuildSpec,
  timeoutMs: number,
): Promise<TestBuildResult> {
  const contextDir = await mkdtemp(join(tmpdir(), 'bkh-build-'));
  try {
    await writeContext(contextDir, spec);
    // A default output dir is the caller's to read and remove (see removeOutput).
    const outputDir = spec.outputDir ?? (await mkdtemp(join(tmpdir(), 'bkh-out-')));
    const started = Date.now();
    const result = await docker.buildx(testBuildArgs(spec, contextDir, outputDir), { timeoutMs });
    const durationMs = Date.now() - started;
    return summarizeBuild(result, durationMs, outputDir);
  } finally {
    await rm(contextDir, { recursive: true, force: true });
  }
}

/** Removes a build's output dir when runTestBuild made it (no `outputDir` in the spec). */
export async function removeOutput(spec: TestBuildSpec, r: TestBuildResult): Promise<void> {
  if (spec.outputDir === undefined) await rm(r.outputDir, { recursive: true, force: true });
}

/** Judges a finished build from its rawjson stream and exit; pure, for unit tests over recorded output. */
export function summarizeBuild(result: CommandResult, durationMs: number, outputDir: string): TestBuildResult {
  const progress = parseRawJsonProgress(result.stderr);
  const vertices = progress.vertices;
  const steps = vertices.filter((v) => isStep(v.name));
  const cachedSteps = steps.filter((v) => v.cached).length;
  const vertexError = vertices.find((v) => v.error !== undefined && v.error !== '');
  const incomplete = steps.filter((v) => !v.cached && v.completed === undefined);
  let error: string | undefined;
  if (result.timedOut) error = `test build timed out after ${durationMs} ms`;
  else if (result.spawnError !== undefined) error = `test build could not start: ${result.spawnError}`;
  else if (vertexError) error = `${vertexError.name}: ${vertexError.error ?? ''}`;
  else if (!succeeded(result)) {
    error =
      progress.errors[progress.errors.length - 1] ??
      lastLine(result.stderr) ??
      `docker buildx build exited ${String(result.exitCode)}`;
  } else if (incomplete.length > 0) error = `steps never completed: ${incomplete.map((v) => v.name).join(', ')}`;
  const out: TestBuildResult = {
    ok: error === undefined,
    durationMs,
    result,
    vertices,
    cachedSteps,
    totalSteps: steps.length,
    outputDir,
  };
  if (error !== undefined) out.error = error;
  return out;
}

/**
 * A Dockerfile step vertex that does work: `[2/3] RUN ...`, `[base 2/2] COPY ...`,
 * `[linux/arm64 2/2] ...`. `FROM` steps are left out: BuildKit resolves the base image again on
 * every build and does not flag it `cached`, so counting it would make no build "fully cached".
 */
export function isStep(name: string): boolean {
  const m = /^\[[^\]]*?\b\d+\/\d+\]\s*(\S*)/.exec(name);
  return m !== null && m[1]?.toUpperCase() !== 'FROM';
}

/** Last non-empty line of output that is not part of a JSON object (a plain `ERROR:` or CLI message). */
function lastLine(text: string): string | undefined {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^[{}[\]"]/.test(l));
  return lines[lines.length - 1];
}
