/** What one validation run shares between its checks: its state, the check wrapper, small helpers. */
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../../docker/deps.js';
import type { Baseline, ValidationCheck } from '../../core/report.js';
import type { BenchmarkSpec, ValidateOptions } from '../../core/options.js';
import type { CommandResult } from '../../core/types.js';
import type { Docker } from '../../docker/docker.js';
import { errorMessage } from '../../core/errors.js';
import type { TestBuildResult, TestBuildSpec } from '../../tasks/testbuild.js';

/** Base images per architecture (`amd64`, `arm64`, ...) that can run `RUN` steps. */
export type BaseImages = Partial<Record<string, string>>;

export interface ValidateInput extends ValidateOptions {
  /** Builders to validate (names as `buildx ls` shows them). */
  builders: string[];
  /** The diagnose baseline build, to compare build time with. */
  baseline?: Baseline;
  /** The team's own build the baseline was measured with (`benchmark-context`): timed again the same way. */
  benchmark?: BenchmarkSpec;
}
/** What one validation run shares between its checks. */
export interface Run {
  deps: Deps;
  opts: ValidateInput;
  /** Unique marker of this run: in Dockerfiles, cache refs and build-record descriptions. */
  id: string;
  work: string;
  seq: number;
  /** When set, the platform builds' command results are kept here (check's evidence). */
  evidence?: CommandResult[];
}

/** Per-builder facts gathered along the way. */
export interface BuilderState {
  name: string;
  /** The docker door this builder is reached through (its own context for a context builder). */
  docker: Docker;
  bootstrapped: boolean;
  nativeArch: string;
  /** The last fresh baseline build (its spec is reused for the cached check). */
  build?: { spec: TestBuildSpec; result: TestBuildResult; bestMs: number };
}
export type Verdict = Omit<ValidationCheck, 'durationMs'>;

/** Runs a check, timing it; a crashing check is reported as failed with its error, not hidden. */
export async function timed(id: string, fn: () => Promise<Verdict>): Promise<ValidationCheck> {
  const started = Date.now();
  try {
    const v = await fn();
    return { ...v, durationMs: Date.now() - started };
  } catch (e) {
    return { id, ok: false, message: `check crashed: ${errorMessage(e)}`, durationMs: Date.now() - started };
  }
}
export function hostArch(): string {
  return process.arch === 'x64' ? 'amd64' : process.arch;
}

export async function outDir(run: Run): Promise<string> {
  run.seq += 1;
  const dir = join(run.work, `out-${run.seq}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Builder names become part of cache refs and markers: keep what a registry tag accepts. */
export function safeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]/g, '-')
    .slice(0, 40);
}

export function oneLine(s: string): string {
  return s
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' | ')
    .slice(0, 500);
}

export function lastLines(s: string, n: number): string {
  return s
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-n)
    .join(' | ');
}

/** Plain-text lines of a build's stderr (outside the rawjson objects), for a failing build's message. */
export function stderrTail(r: CommandResult): string {
  const plain = r.stderr.split('\n').filter((l) => /^(ERROR|error|WARNING)\b/.test(l.trim()));
  return plain.length > 0 ? `; stderr: ${plain.slice(-3).join(' | ')}` : '';
}
