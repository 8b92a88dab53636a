/**
 * Runs the action bundles as a GitHub runner does: `node dist/<heal|rollback>/index.js` as its own
 * process, every input of the action.yml as an INPUT_* variable (at its default unless given), the
 * runner's command files (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV, GITHUB_PATH,
 * GITHUB_STEP_SUMMARY) and the GitHub stores' variables of the results-service stand-in. Shared by
 * the e2e tests.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Sandbox } from './env.js';
import type { ResultsService } from './results-service.js';
import { parseCommandFile } from './command-file.js';

const root = join(import.meta.dirname, '..', '..');
const node24 = process.env.BKH_NODE24 ?? process.execPath;
/** The bundles under test (default the checkout's dist/; BKH_DIST for a private build). */
const dist = process.env.BKH_DIST ?? join(root, 'dist');
const TOKEN = 'ghs_e2e-not-a-real-token';

export interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Every input action.yml declares, at its default or empty, then the given ones (as a runner does). */
export function inputEnv(actionYml: string, inputs: Record<string, string>): Record<string, string> {
  const yml = parse(readFileSync(actionYml, 'utf8')) as { inputs: Record<string, { default?: string }> };
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(yml.inputs)) {
    // The runner substitutes expressions; this one stands for the job token.
    const def = spec.default === '${{ github.token }}' ? TOKEN : (spec.default ?? '');
    out[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = inputs[name] ?? def;
  }
  for (const k of Object.keys(inputs)) if (!(k in yml.inputs)) throw new Error(`${actionYml} has no input ${k}`);
  return out;
}

/** Starts a bundle as its own process; async, since the stand-in answers from this process's event loop. */
export function node(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(node24, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const t = setTimeout(() => p.kill('SIGKILL'), 480_000);
    p.on('error', reject);
    p.on('close', (status) => {
      clearTimeout(t);
      resolve({ status, stdout, stderr });
    });
  });
}

/** One step of a job: the heal or the rollback bundle with the given inputs, in the sandbox's HOME. */
export async function runStep(
  sb: Sandbox,
  svc: ResultsService,
  which: 'heal' | 'rollback',
  inputs: Record<string, string>,
  step: string,
  runId = 4242,
  /** More of the runner's environment (e.g. NODE_OPTIONS), on top of the rest. */
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<StepRun> {
  const files = join(sb.dir, `files-${step}`);
  mkdirSync(files, { recursive: true });
  mkdirSync(join(sb.dir, 'tool-cache'), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: sb.home,
    DOCKER_CONFIG: sb.dockerConfig,
    DOCKER_HOST: process.env.DOCKER_HOST,
    CI: 'true',
    // A runner always sets it: the job's tool cache (where the entries keep their caches).
    RUNNER_TOOL_CACHE: join(sb.dir, 'tool-cache'),
    ...svc.env(runId, {
      runner: 'e2e-runner',
      repository: 'octo/heal',
      runnerTemp: join(sb.dir, 'runner-temp'),
      workspace: join(sb.dir, 'workspace'),
    }),
    ...inputEnv(join(root, which === 'heal' ? 'action.yml' : 'rollback/action.yml'), inputs),
    ...extraEnv,
  };
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
    const p = join(files, f.toLowerCase());
    writeFileSync(p, '');
    env[f] = p;
  }
  const r = await node(join(dist, which, 'index.js'), env.GITHUB_WORKSPACE!, env);
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    outputs: parseCommandFile(readFileSync(env.GITHUB_OUTPUT!, 'utf8')),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'),
  };
}
