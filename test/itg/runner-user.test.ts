/**
 * The healer as a self-hosted runner runs it: a non-root user in the docker group (bkh-runner,
 * made by test/env/up.sh), `env -i` with a HOME of its own, no DOCKER_HOST, the test daemon as
 * the machine's default endpoint. The CLI bundle is started with node as that user.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { parseCommandFile } from '../support/command-file.js';
import type { Report } from '../../src/core/report.js';
import { asRunner, RUNNER_USER } from '../support/default-endpoint.js';

const CLI = resolve('dist/cli/index.js');
const NODE = process.env.BKH_NODE24 ?? process.execPath;
let home: string | undefined;

afterEach(() => {
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
  home = undefined;
});

function runnerHome(): string {
  const h = mkdtempSync(join(tmpdir(), 'bkh-runner-'));
  const uid = Number(execFileSync('id', ['-u', RUNNER_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', RUNNER_USER], { encoding: 'utf8' }).trim());
  chownSync(h, uid, gid);
  chmodSync(h, 0o700);
  return h;
}

function cli(h: string, args: string[]): { status: number | null; report: Report; out: string } {
  const r = asRunner([NODE, CLI, ...args, '--json'], h);
  const out = `${r.stdout}\n${r.stderr}`;
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON report from ${args.join(' ')} (exit ${String(r.status)}):\n${out}`);
  }
  return { status: r.status, report, out };
}

/**
 * An action bundle started as a runner starts it, as the runner user: node on the bundle, every
 * declared input as INPUT_* (its default unless given), the GITHUB_* command files and RUNNER_TEMP
 * in the runner's own directories, the workspace as working directory.
 */
function action(
  h: string,
  which: 'heal' | 'rollback',
  inputs: Record<string, string>,
): { status: number | null; outputs: Record<string, string>; out: string } {
  const yml = parse(readFileSync(which === 'heal' ? 'action.yml' : 'rollback/action.yml', 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const gh = mkdtempSync(join(h, `gh-${which}-`));
  const env: Record<string, string> = { GITHUB_ACTIONS: 'true', CI: 'true', RUNNER_TEMP: join(gh, 'temp') };
  mkdirSync(join(gh, 'temp'));
  mkdirSync(join(gh, 'workspace'));
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
    env[f] = join(gh, f.toLowerCase());
    writeFileSync(env[f], '');
  }
  env.GITHUB_WORKSPACE = join(gh, 'workspace');
  for (const [name, spec] of Object.entries(yml.inputs))
    env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  execFileSync('chown', ['-R', `${RUNNER_USER}:docker`, gh]);
  const bundle = resolve('dist', which, 'index.js');
  const r = asRunner(['sh', '-c', 'cd "$0" && exec "$@"', join(gh, 'workspace'), NODE, bundle], h, env);
  return {
    status: r.status,
    outputs: parseCommandFile(readFileSync(env.GITHUB_OUTPUT ?? '', 'utf8')),
    out: `${r.stdout}\n${r.stderr}`,
  };
}

const errors = (r: Report) => r.findings.filter((f) => f.severity === 'error').map((f) => f.id);

describe('as the runner user (non-root, docker group)', () => {
  it('a healthy runner: check and heal --mode auto are healthy', () => {
    home = runnerHome();
    const who = asRunner(['id', '-u'], home);
    expect(who.stdout.trim()).not.toBe('0');
    const c = cli(home, ['check']);
    expect(errors(c.report)).toEqual([]);
    expect(c.status).toBe(0);
    const h = cli(home, ['heal', '--mode', 'auto']);
    expect(h.report.healthy, h.out).toBe(true);
    expect(h.status).toBe(0);
  });

  it('a root-owned mode-600 current: named with the chown fix, the heal moves it aside and repairs, a fresh check agrees and a build works', () => {
    home = runnerHome();
    // The runner's buildx store exists (as the runner made it), then an earlier `sudo docker buildx ...` left `current` root-owned.
    expect(asRunner(['docker', 'buildx', 'ls'], home).status).toBe(0);
    const buildx = join(home, '.docker', 'buildx');
    const current = join(buildx, 'current');
    writeFileSync(current, '{"Key":"unix:///var/run/docker.sock","Name":"default","Global":false}');
    chownSync(current, 0, 0);
    chmodSync(current, 0o600);
    expect(asRunner(['docker', 'buildx', 'ls'], home).status).not.toBe(0);

    const c = cli(home, ['check']);
    const denied = c.report.findings.find((f) => f.id === 'client.permission-denied');
    expect(denied, c.out).toBeDefined();
    expect(JSON.stringify(denied)).toContain('sudo chown -R \\"$USER\\"');

    const h = cli(home, ['heal', '--mode', 'auto', '--backup-dir', join(home, 'backups')]);
    expect(h.out).not.toMatch(/^(Error: )?EACCES/m);
    const backup = h.report.actions.find((a) => a.action === 'backup.create');
    expect(backup?.ok, h.out).toBe(true);
    const moved = h.report.actions.find((a) => a.action === 'state.remove-file' && a.target === current);
    // The directory is the runner's: the file is moved aside (never deleted), still root-owned,
    // under a dated name neither docker nor buildx reads, so the heal ends repaired.
    expect(moved?.ok, h.out).toBe(true);
    expect(readdirSync(buildx).some((n) => n.startsWith('current.unreadable-'))).toBe(true);
    expect(asRunner(['docker', 'buildx', 'ls'], home).status).toBe(0);
    expect(h.report.status, h.out).toBe('repaired');
    expect(h.status).toBe(0);
    // A fresh process agrees, and a real build works.
    const again = cli(home, ['check']);
    expect(errors(again.report), again.out).toEqual([]);
    expect(again.report.healthy).toBe(true);
    const ctx = join(home, 'ctx');
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY Dockerfile /\n');
    const b = asRunner(['timeout', '300', 'docker', 'buildx', 'build', '--output', 'type=cacheonly', ctx], home);
    expect(b.status, b.stderr).toBe(0);
  });

  it('the heal action and the rollback action as the runner user: a root-owned current is moved aside, the outputs hold the backup, the rollback action restores it', () => {
    home = runnerHome();
    expect(asRunner(['docker', 'buildx', 'ls'], home).status).toBe(0);
    const buildx = join(home, '.docker', 'buildx');
    const current = join(buildx, 'current');
    writeFileSync(current, '{"Key":"unix:///var/run/docker.sock","Name":"default","Global":false}');
    chownSync(current, 0, 0);
    chmodSync(current, 0o600);
    const backups = join(home, 'backups');

    const h = action(home, 'heal', { mode: 'auto', 'backup-store': 'local', 'backup-dir': backups, validate: 'false' });
    expect(h.outputs.status, h.out).toBe('repaired');
    expect(h.status, h.out).toBe(0);
    expect(h.outputs.healthy).toBe('true');
    expect(h.outputs['backup-name']).toMatch(/^buildkit-backup-/);
    expect(readdirSync(buildx).some((n) => n.startsWith('current.unreadable-'))).toBe(true);
    const report = JSON.parse(readFileSync(h.outputs['report-path'] ?? '', 'utf8')) as Report;
    expect(report.actions.map((a) => `${a.action} ${a.ok}`)).toContain('state.remove-file true');

    const r = action(home, 'rollback', {
      'backup-name': h.outputs['backup-name'] ?? '',
      'backup-store': 'local',
      'backup-dir': backups,
    });
    expect(r.status, r.out).toBe(0);
    expect(r.outputs.status, r.out).toBe('restored');
    const again = cli(home, ['check']);
    expect(errors(again.report), again.out).toEqual([]);
  });

  it('currentContext naming a context never created: check names it, auto switches to default, a fresh check agrees, a build works', () => {
    home = runnerHome();
    const cfgDir = join(home, '.docker');
    mkdirSync(cfgDir);
    const cfg = join(cfgDir, 'config.json');
    writeFileSync(cfg, JSON.stringify({ currentContext: 'ghost-runner-context' }));
    execFileSync('chown', ['-R', `${RUNNER_USER}:docker`, cfgDir]);
    expect(asRunner(['docker', 'buildx', 'ls'], home).status).not.toBe(0);

    const c = cli(home, ['check']);
    expect(errors(c.report)).toContain('client.context-missing');
    const h = cli(home, ['heal', '--mode', 'auto', '--backup-dir', join(home, 'backups')]);
    expect(h.report.status, h.out).toBe('repaired');
    expect(h.status).toBe(0);
    expect(h.report.actions.map((a) => `${a.action} ${a.ok}`)).toContain('context.use-default true');
    const again = cli(home, ['check']);
    expect(errors(again.report), again.out).toEqual([]);
    const ctx = join(home, 'ctx2');
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY Dockerfile /\n');
    execFileSync('chown', ['-R', `${RUNNER_USER}:docker`, ctx]);
    const b = asRunner(['timeout', '300', 'docker', 'buildx', 'build', '--output', 'type=cacheonly', ctx], home);
    expect(b.status, b.stderr).toBe(0);
  });
});
