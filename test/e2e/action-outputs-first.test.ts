/**
 * Outputs first: the heal bundle, started as a runner starts it, repairs a broken runner (so it
 * makes a backup) with a metrics path that cannot be written. Under /proc Node's recursive mkdir
 * never returns; the step must still end, set every output (the backup name above all, so a
 * rollback condition can see it), follow the heal's status and warn naming the path.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sandbox } from '../helpers/env.js';
import type { Sandbox } from '../helpers/env.js';
import { parseCommandFile } from '../support/command-file.js';

const root = join(import.meta.dirname, '..', '..');
const node24 = process.env.BKH_NODE24 ?? process.execPath;

function runAction(sb: Sandbox, inputs: Record<string, string>) {
  const yml = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const runnerTemp = join(sb.dir, 'runner-temp');
  const workspace = join(sb.dir, 'workspace');
  const files = join(sb.dir, 'files');
  for (const d of [runnerTemp, workspace, files]) mkdirSync(d, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: sb.home, DOCKER_CONFIG: sb.dockerConfig, DOCKER_HOST: process.env.DOCKER_HOST,
    RUNNER_TEMP: runnerTemp, GITHUB_WORKSPACE: workspace, GITHUB_ACTIONS: 'true', CI: 'true',
  };
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
    const p = join(files, f.toLowerCase());
    writeFileSync(p, '');
    env[f] = p;
  }
  for (const [name, spec] of Object.entries(yml.inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  const r = spawnSync(node24, [join(root, 'dist', 'heal', 'index.js')], { cwd: workspace, env, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, outputs: parseCommandFile(readFileSync(env.GITHUB_OUTPUT!, 'utf8')) };
}

describe('heal action bundle: outputs first, the metrics file optional', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('bkh-e2e-of-');
  });
  afterEach(() => sb.cleanup());

  it('a repair with metrics-path under /proc ends, sets every output with the backup name, and warns naming the path', () => {
    const dir = join(sb.dockerConfig, 'buildx', 'instances');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'broken'), 'garbage\n'); // every `buildx ls` fails: a repair is needed
    const backups = join(sb.dir, 'backups');
    const metrics = '/proc/bkh-no-such-dir/metrics/buildkit_healer.prom';
    const r = runAction(sb, { mode: 'auto', 'backup-store': 'local', 'backup-dir': backups, 'metrics-path': metrics });
    expect(r.signal, `${r.stdout}\n${r.stderr}`).toBeNull();
    expect(r.outputs.status, r.stdout).toBe('repaired');
    expect(r.status, r.stdout).toBe(0);
    expect(r.outputs['backup-name']).not.toBe('');
    expect(readdirSync(backups).join(' ')).toContain(r.outputs['backup-name']);
    expect(r.outputs['report-path']).not.toBe('');
    expect(existsSync(r.outputs['report-path']!)).toBe(true);
    for (const o of ['healthy', 'findings', 'builders', 'actions']) expect(r.outputs[o], o).toBeDefined();
    const warning = r.stdout.split('\n').find((l) => l.startsWith('::warning') && l.includes(metrics));
    expect(warning, r.stdout).toBeDefined();
  });
});
