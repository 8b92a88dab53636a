/**
 * The healer as a self-hosted runner runs it: a non-root user in the docker group (bkh-runner,
 * made by test/env/up.sh), `env -i` with a HOME of its own, no DOCKER_HOST, the test daemon as
 * the machine's default endpoint. The CLI bundle is started with node as that user.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
});
