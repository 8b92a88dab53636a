/**
 * The committed bundles started exactly as a runner starts them: `node dist/heal/index.js` on
 * Node 24 with every declared input as INPUT_* (empty ones too), the GITHUB_* files, RUNNER_TEMP
 * and the workspace as working directory, against the real daemon of the test environment.
 * The CLI bundle is started the same way (`check --json`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sandbox } from '../support/env.js';
import type { Sandbox } from '../support/env.js';
import type { Report } from '../../src/core/report.js';
import { parseCommandFile } from '../support/command-file.js';

const root = join(import.meta.dirname, '..', '..');
const node24 = process.env.BKH_NODE24 ?? process.execPath;

interface ActionYml {
  inputs: Record<string, { default?: string }>;
}

interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
}

function runAction(sb: Sandbox, inputs: Record<string, string> = {}): StepRun {
  const yml = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionYml;
  const runnerTemp = join(sb.dir, 'runner-temp');
  const workspace = join(sb.dir, 'workspace');
  const files = join(sb.dir, 'files');
  for (const d of [runnerTemp, workspace, files]) mkdirSync(d, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: sb.home,
    DOCKER_CONFIG: sb.dockerConfig,
    DOCKER_HOST: process.env.DOCKER_HOST,
    RUNNER_TEMP: runnerTemp,
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
  };
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
    const p = join(files, f.toLowerCase());
    writeFileSync(p, '');
    env[f] = p;
  }
  // Every declared input is set: its default, or the empty string; hyphens stay.
  for (const [name, spec] of Object.entries(yml.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  }
  const r = spawnSync(node24, [join(root, 'dist', 'heal', 'index.js')], {
    cwd: workspace,
    env,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    outputs: parseCommandFile(readFileSync(env.GITHUB_OUTPUT!, 'utf8')),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'),
    runnerTemp,
  };
}

function corruptInstance(sb: Sandbox): string {
  const dir = join(sb.dockerConfig, 'buildx', 'instances');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'broken');
  // Not JSON: every `docker buildx ls` fails with "invalid character 'g' ..." (test-environment.md).
  writeFileSync(file, 'garbage\n');
  return file;
}

describe('heal action bundle, mode check', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('bkh-e2e-');
  });
  afterEach(() => sb.cleanup());

  it('reports a healthy daemon: outputs, JSON report and a job summary with the builders table', () => {
    const r = runAction(sb);
    expect(r.stdout).not.toContain('::error::');
    expect(r.status).toBe(0);
    expect(r.outputs.healthy).toBe('true');
    expect(r.outputs.status).toBe('healthy');
    const builders = JSON.parse(r.outputs.builders ?? '[]') as { name: string; driver: string; status: string }[];
    expect(builders).toContainEqual(expect.objectContaining({ name: 'default', driver: 'docker', status: 'running' }));
    const findings = JSON.parse(r.outputs.findings ?? 'null') as { id: string; severity: string }[];
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.outputs['report-path']).toBe(join(r.runnerTemp, 'buildkit-healer-report.json'));
    const report = JSON.parse(readFileSync(r.outputs['report-path']!, 'utf8')) as Report;
    expect(report.schema).toBe('buildkit-healer/report');
    expect(report.mode).toBe('check');
    expect(report.versions.buildx).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.outputs['backup-name']).toBe('');
    expect(r.summary).toContain('BuildKit healer: healthy');
    expect(r.summary).toContain('| Builder | Driver | Status | In use |');
    expect(r.summary).toMatch(/<code>default<\/code> \| docker \| 🟢 running/);
  });

  it('fails on a corrupt instance file, naming the finding in outputs, summary and annotations', () => {
    const file = corruptInstance(sb);
    try {
      const r = runAction(sb);
      expect(r.status).toBe(1);
      expect(r.outputs.healthy).toBe('false');
      expect(r.outputs.status).toBe('unhealthy');
      const findings = JSON.parse(r.outputs.findings ?? '[]') as { id: string; severity: string; subject: string }[];
      expect(findings).toContainEqual({ id: 'state.invalid-instance', severity: 'error', subject: file });
      expect(r.summary).toContain('<code>state.invalid-instance</code>');
      expect(r.summary).toContain('BuildKit healer: unhealthy');
      // The annotation and the failure reason on stdout, as the runner reads workflow commands.
      expect(r.stdout).toMatch(/::error title=buildkit-healer state\.invalid-instance/);
      expect(r.stdout).toMatch(/::error::unhealthy: 1 finding\(s\) at or above error: state\.invalid-instance/);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('fails on bad input naming it, before anything runs', () => {
    const r = runAction(sb, { mode: 'bogus' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error::Invalid mode "bogus": expected one of check, auto, repair, reinstall');
    // Nothing ran: no outputs, no summary, no report.
    expect(r.outputs).toEqual({});
    expect(r.summary).toBe('');
    expect(() => readFileSync(join(r.runnerTemp, 'buildkit-healer-report.json'))).toThrow();
  });

  it("parses 'false' as false: fail-on never keeps a broken machine's step green", () => {
    const file = corruptInstance(sb);
    try {
      const r = runAction(sb, { 'fail-on': 'never', 'dry-run': 'false' });
      expect(r.status).toBe(0);
      expect(r.outputs.status).toBe('healthy');
      expect(JSON.parse(r.outputs.findings ?? '[]')).toContainEqual(
        expect.objectContaining({ id: 'state.invalid-instance' }),
      );
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe('CLI bundle', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('bkh-e2e-cli-');
  });
  afterEach(() => sb.cleanup());

  const cli = (args: string[]) =>
    spawnSync(node24, [join(root, 'dist', 'cli', 'index.js'), ...args], {
      cwd: sb.dir,
      env: sb.env,
      encoding: 'utf8',
      timeout: 300_000,
    });

  it('check --json prints the report of a healthy daemon, progress on stderr', () => {
    const r = cli(['check', '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.status).toBe('healthy');
    expect(report.builders.map((b) => b.name)).toContain('default');
    expect(r.stderr).toContain('==> diagnose');
  });

  it('check exits 1 with the finding on a corrupt instance file, and prints a table without colours when piped', () => {
    const file = corruptInstance(sb);
    try {
      const json = cli(['check', '--json']);
      expect(json.status).toBe(1);
      const report = JSON.parse(json.stdout) as Report;
      expect(report.findings.map((f) => f.id)).toContain('state.invalid-instance');
      const text = cli(['check']);
      expect(text.status).toBe(1);
      expect(text.stdout).toContain('ERROR   state.invalid-instance');
      expect(text.stdout).not.toMatch(/\u001b\[/);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('bad flags exit 2 naming the flag and the accepted values', () => {
    const r = cli(['check', '--fail-on', 'sometimes']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Invalid --fail-on "sometimes": expected one of error, warning, never');
    const u = cli(['chekc']);
    expect(u.status).toBe(2);
    expect(u.stderr).toContain('unknown command "chekc"');
  });
});
