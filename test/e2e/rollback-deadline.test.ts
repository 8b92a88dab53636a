/**
 * The rollback action's deadline, started as a runner starts it (the bundled dist file with node,
 * INPUT_* and GITHUB_* files): a backup whose builder in use is a docker-container builder with its
 * BuildKit image on a loopback registry that never answers, so the rollback's test build (which
 * bootstraps that builder and pulls the image) hangs. The deadline stops the step cleanly: it
 * ends on its own, fails with where it stopped, sets its outputs and keeps the backup.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sandbox, type Sandbox } from '../support/env.js';
import { parseCommandFile } from '../support/command-file.js';

const root = join(import.meta.dirname, '..', '..');
const node24 = process.env.BKH_NODE24 ?? process.execPath;

async function runNode(script: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const child = spawn(node24, [script, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 300_000);
  const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) =>
    child.on('close', (c, sig) => res([c, sig])),
  );
  clearTimeout(killer);
  return { status, signal, stdout, stderr };
}

describe('rollback action bundle: the deadline', () => {
  let sb: Sandbox;
  let server: Server;
  const sockets: Socket[] = [];
  let port = 0;
  beforeEach(async () => {
    sb = sandbox('bkh-e2e-rbd-');
    // A TLS hello gets a plain HTTP answer, so the daemon falls back to plain HTTP for this
    // loopback registry; the plain request then never gets an answer.
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
    spawnSync('docker', ['rm', '-f', '-v', 'buildx_buildkit_hang0'], { env: sb.env, timeout: 30_000 });
    for (const s of sockets) s.destroy();
    await new Promise<void>((res) => server.close(() => res()));
    sb.cleanup();
  });

  it('a deadline hit during the rollback ends the step, names where it stopped, sets the outputs and keeps the backup', async () => {
    const image = `127.0.0.1:${port}/moby/buildkit:never`;
    const env = {
      PATH: process.env.PATH,
      HOME: sb.home,
      DOCKER_CONFIG: sb.dockerConfig,
      DOCKER_HOST: process.env.DOCKER_HOST,
    };
    const create = spawnSync(
      'docker',
      ['buildx', 'create', '--name', 'hang', '--driver', 'docker-container', '--driver-opt', `image=${image}`, '--use'],
      { env, encoding: 'utf8', timeout: 60_000 },
    );
    expect(create.status, create.stderr).toBe(0);
    // A broken instance file: the heal repairs (removes it) after a backup that holds `hang` in use.
    writeFileSync(join(sb.dockerConfig, 'buildx', 'instances', 'broken'), 'garbage\n');
    const backups = join(sb.dir, 'backups');
    const heal = await runNode(
      join(root, 'dist', 'cli', 'index.js'),
      ['heal', '--mode', 'repair', '--backup-store', 'local', '--backup-dir', backups, '--no-validate', '--json'],
      env,
      sb.dir,
    );
    expect(heal.signal, heal.stderr).toBeNull();
    const healReport = JSON.parse(heal.stdout) as { backup?: { name: string } };
    const name = healReport.backup?.name;
    expect(name, heal.stderr).toBeDefined();
    const bundlesBefore = readdirSync(backups).sort();
    expect(bundlesBefore.join(' ')).toContain(name);

    // The rollback action as GitHub starts it.
    const yml = parse(readFileSync(join(root, 'rollback', 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
    };
    const inputs: Record<string, string> = {
      'backup-name': name!,
      'backup-store': 'local',
      'backup-dir': backups,
      'allow-builder-settings': 'image',
      'github-token': '',
      deadline: '20s',
    };
    const files = join(sb.dir, 'files');
    const runnerTemp = join(sb.dir, 'runner-temp');
    for (const d of [files, runnerTemp]) mkdirSync(d, { recursive: true });
    const actionEnv: NodeJS.ProcessEnv = { ...env, RUNNER_TEMP: runnerTemp, GITHUB_ACTIONS: 'true', CI: 'true' };
    for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
      const p = join(files, f.toLowerCase());
      writeFileSync(p, '');
      actionEnv[f] = p;
    }
    for (const [n, spec] of Object.entries(yml.inputs))
      actionEnv[`INPUT_${n.toUpperCase()}`] = inputs[n] ?? spec.default ?? '';
    const started = Date.now();
    const r = await runNode(join(root, 'dist', 'rollback', 'index.js'), [], actionEnv, sb.dir);
    const took = Date.now() - started;
    const all = `${r.stdout}\n${r.stderr}`;
    expect(r.signal, all).toBeNull();
    expect(r.status, all).toBe(1);
    // Ends on its own soon after the deadline (not held by the hanging pull).
    expect(took, all).toBeLessThan(120_000);
    const error = r.stdout.split('\n').find((l) => l.startsWith('::error'));
    // Where it stopped: the rollback's test build, which bootstraps the builder and hangs pulling.
    expect(error, all).toContain('stopped during rollback (test build): the deadline of 20s passed');
    expect(error, all).toContain('the backup is kept');
    const summary = readFileSync(actionEnv.GITHUB_STEP_SUMMARY!, 'utf8');
    expect(summary).toContain('rollback (test build)');
    expect(summary).toContain(name);
    const outputs = parseCommandFile(readFileSync(actionEnv.GITHUB_OUTPUT!, 'utf8'));
    expect(outputs.status).toBe('failed');
    expect(outputs.restored).toBeDefined();
    expect(outputs.builders).toBeDefined();
    // The backup is kept, unchanged, for another try.
    expect(readdirSync(backups).sort()).toEqual(bundlesBefore);
  }, 400_000);
});
