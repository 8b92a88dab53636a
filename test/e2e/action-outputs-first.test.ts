/**
 * Outputs first: the heal bundle, started as a runner starts it, repairs a broken runner (so it
 * makes a backup) with a metrics path that cannot be written. Under /proc Node's recursive mkdir
 * never returns; the step must still end, set every output (the backup name above all, so a
 * rollback condition can see it), follow the heal's status and warn naming the path.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sandbox } from '../support/env.js';
import type { Sandbox } from '../support/env.js';
import { parseCommandFile } from '../support/command-file.js';

const root = join(import.meta.dirname, '..', '..');
const node24 = process.env.BKH_NODE24 ?? process.execPath;

async function runAction(sb: Sandbox, inputs: Record<string, string>) {
  const yml = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
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
  for (const [name, spec] of Object.entries(yml.inputs))
    env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  // Asynchronous, so a loopback server in this process can keep accepting while the step runs.
  const child = spawn(node24, [join(root, 'dist', 'heal', 'index.js')], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 600_000);
  const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) =>
    child.on('close', (c, sig) => res([c, sig])),
  );
  clearTimeout(killer);
  return { status, signal, stdout, stderr, outputs: parseCommandFile(readFileSync(env.GITHUB_OUTPUT!, 'utf8')) };
}

describe('heal action bundle: outputs first, the metrics file optional', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('bkh-e2e-of-');
  });
  afterEach(() => sb.cleanup());

  it('a repair with metrics-path under /proc ends, sets every output with the backup name, and warns naming the path', async () => {
    const dir = join(sb.dockerConfig, 'buildx', 'instances');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'broken'), 'garbage\n'); // every `buildx ls` fails: a repair is needed
    const backups = join(sb.dir, 'backups');
    const metrics = '/proc/bkh-no-such-dir/metrics/buildkit_healer.prom';
    const r = await runAction(sb, {
      mode: 'auto',
      'backup-store': 'local',
      'backup-dir': backups,
      'metrics-path': metrics,
    });
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
  }, 660_000);

  describe('with a loopback cache registry that never answers a request', () => {
    let server: Server;
    const sockets: Socket[] = [];
    let port = 0;
    beforeEach(async () => {
      // A TLS hello gets a plain HTTP answer, so the client falls back to plain HTTP for this
      // loopback registry (as it does for any localhost registry); a plain request then hangs.
      server = createServer((s) => {
        sockets.push(s);
        s.once('data', (d: Buffer) => {
          if (d[0] === 0x16) s.end('HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
        });
        s.on('error', () => undefined);
      });
      await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
      port = (server.address() as { port: number }).port;
    });
    afterEach(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    });

    it('a deadline hit during the heal stops it, keeps the backup, does not roll back and says where it stopped', async () => {
      const dir = join(sb.dockerConfig, 'buildx', 'instances');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'broken'), 'garbage\n');
      const backups = join(sb.dir, 'backups');
      const r = await runAction(sb, {
        mode: 'auto',
        'backup-store': 'local',
        'backup-dir': backups,
        'cache-registry': `127.0.0.1:${port}`,
        deadline: '120s',
        'rollback-on-failure': 'true',
      });
      expect(r.signal, `${r.stdout}\n${r.stderr}`).toBeNull();
      expect(r.status, r.stdout).toBe(1);
      expect(r.outputs.status).toBe('failed');
      expect(r.outputs['backup-name']).not.toBe('');
      expect(readdirSync(backups).join(' ')).toContain(r.outputs['backup-name']);
      const report = JSON.parse(readFileSync(r.outputs['report-path']!, 'utf8')) as {
        stopped?: { reason: string; where: string };
        phases: { phase: string }[];
      };
      expect(report.stopped?.reason, r.stdout).toBe('deadline');
      expect(report.stopped?.where).not.toBe('');
      expect(report.phases.map((p) => p.phase)).not.toContain('rollback');
      expect(r.stdout).toContain(report.stopped!.where);
    }, 660_000);

    it('the CLI heal with --deadline stops the same way: exit 1, backup kept, no rollback, the report says where', async () => {
      const dir = join(sb.dockerConfig, 'buildx', 'instances');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'broken'), 'garbage\n');
      const backups = join(sb.dir, 'backups');
      const reportPath = join(sb.dir, 'report.json');
      const child = spawn(
        node24,
        [
          join(root, 'dist', 'cli', 'index.js'),
          'heal',
          '--mode',
          'auto',
          '--backup-store',
          'local',
          '--backup-dir',
          backups,
          '--cache-registry',
          `127.0.0.1:${port}`,
          '--rollback-on-failure',
          '--deadline',
          '120s',
          '--report-path',
          reportPath,
        ],
        {
          env: {
            PATH: process.env.PATH,
            HOME: sb.home,
            DOCKER_CONFIG: sb.dockerConfig,
            DOCKER_HOST: process.env.DOCKER_HOST,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const killer = setTimeout(() => child.kill('SIGKILL'), 600_000);
      const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) =>
        child.on('close', (c, sig) => res([c, sig])),
      );
      clearTimeout(killer);
      expect(signal, out).toBeNull();
      expect(status, out).toBe(1);
      const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
        status: string;
        stopped?: { reason: string; where: string };
        backup?: { name: string };
        phases: { phase: string }[];
      };
      expect(report.status).toBe('failed');
      expect(report.stopped?.reason, out).toBe('deadline');
      expect(report.stopped?.where).not.toBe('');
      expect(report.backup?.name).toBeDefined();
      expect(readdirSync(backups).join(' ')).toContain(report.backup!.name);
      expect(report.phases.map((p) => p.phase)).not.toContain('rollback');
      expect(out).toContain(report.stopped!.where);
    }, 660_000);
  });
});
