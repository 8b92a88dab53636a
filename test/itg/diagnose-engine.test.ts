import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { sandbox, type Sandbox } from '../support/env.js';
import { EngineApi, localEngineSocket } from '../../src/docker/engine.js';

let sb: Sandbox | undefined;
afterEach(() => {
  sb?.cleanup();
  sb = undefined;
});

function socketOf(s: Sandbox): string {
  const path = localEngineSocket(s.env, undefined);
  if (path === undefined)
    throw new Error(`the test daemon must be on a unix socket (DOCKER_HOST=${s.env.DOCKER_HOST ?? ''})`);
  return path;
}

describe('the Engine API door on the real daemon', () => {
  it('lists what the CLI lists (volumes by name), and answers /info', async () => {
    sb = sandbox();
    const api = new EngineApi(socketOf(sb));
    const name = `bkh-engine-${process.pid}`;
    const mk = await sb.docker.run(['volume', 'create', name], { timeoutMs: 20_000 });
    expect(mk.exitCode, mk.stderr).toBe(0);
    try {
      const filters = encodeURIComponent(JSON.stringify({ name: [name] }));
      const r = await api.get(`/volumes?filters=${filters}`, { timeoutMs: 5000 });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.argv).toEqual(['GET', `unix://${socketOf(sb)}`, `/volumes?filters=${filters}`]);
      const body = JSON.parse(r.stdout) as { Volumes: { Name: string }[] };
      const cli = await sb.docker.run(['volume', 'ls', '--filter', `name=${name}`, '--format', '{{.Name}}'], {
        timeoutMs: 20_000,
      });
      expect(body.Volumes.map((v) => v.Name)).toEqual(cli.stdout.trim().split('\n'));
    } finally {
      await sb.docker.run(['volume', 'rm', name], { timeoutMs: 20_000, mutates: true });
    }
    const info = await api.get('/info', { timeoutMs: 5000 });
    expect(JSON.parse(info.stdout)).toHaveProperty('DockerRootDir');
  });

  it('an unknown path is a failed result with the status, never a throw', async () => {
    sb = sandbox();
    const r = await new EngineApi(socketOf(sb)).get('/no/such/endpoint', { timeoutMs: 5000 });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^HTTP 404/);
  });

  it('a socket nobody listens on, and one that never answers (timeout)', async () => {
    sb = sandbox();
    const dead = await new EngineApi(join(sb.dir, 'dead.sock')).get('/_ping', { timeoutMs: 5000 });
    expect(dead.exitCode).toBeNull();
    expect(dead.timedOut).toBe(false);
    expect(dead.stderr).toMatch(/ENOENT/);

    const path = join(sb.dir, 'hung.sock');
    const held: Socket[] = [];
    const server: Server = createServer((s) => {
      held.push(s);
      s.on('error', () => {});
    });
    await new Promise<void>((res) => server.listen(path, () => res()));
    try {
      const t0 = Date.now();
      const hung = await new EngineApi(path).get('/_ping', { timeoutMs: 300 });
      expect(hung.timedOut).toBe(true);
      expect(hung.stderr).toContain('timed out after 300 ms');
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      for (const s of held) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    }
    expect(() => new EngineApi(path).get('/_ping', { timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});
