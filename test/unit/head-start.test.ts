import { createServer, type Server } from 'node:http';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dropHeadStart, headStartCounts, offer, pending, take, withHeadStart } from '../../src/docker/head-start.js';
import { ProcessRunner } from '../../src/docker/runner.js';
import { EngineApi } from '../../src/docker/engine.js';
import {
  actionQuickLook,
  buildxStateReady,
  cliQuickLook,
  prestartQuickLook,
  probeTimeoutOf,
} from '../../src/docker/prestart.js';
import { dockerPaths } from '../../src/docker/paths.js';
import type { CommandResult } from '../../src/core/types.js';

// The head start (src/docker/prestart.ts, src/docker/head-start.ts): an answer asked ahead is taken
// only by the very same call, once; what is not taken is dropped (its process killed, its request
// aborted). Real processes and a real HTTP server on a unix socket.
afterEach(async () => dropHeadStart());

const result = (stdout: string): CommandResult => ({
  argv: ['x'],
  exitCode: 0,
  signal: null,
  stdout,
  stderr: '',
  timedOut: false,
  durationMs: 1,
});

describe('the ledger', () => {
  it('gives an answer once, to its key only; a second offer of the same key is dropped', async () => {
    const before = headStartCounts();
    let dropped = 0;
    offer('k', Promise.resolve(result('a')), () => void dropped++);
    offer('k', Promise.resolve(result('b')), () => void dropped++);
    expect(dropped).toBe(1);
    expect(take('other')).toBeUndefined();
    expect((await take('k'))?.stdout).toBe('a');
    expect(take('k')).toBeUndefined();
    const after = headStartCounts();
    expect(after.offered - before.offered).toBe(1);
    expect(after.taken - before.taken).toBe(1);
  });

  it('drops what was not taken', async () => {
    let dropped = 0;
    offer('a', Promise.resolve(result('')), () => void dropped++);
    offer('b', Promise.resolve(result('')), () => void dropped++);
    expect(pending()).toBe(2);
    await dropHeadStart();
    expect(dropped).toBe(2);
    expect(pending()).toBe(0);
    expect(take('a')).toBeUndefined();
  });
});

describe('ProcessRunner', () => {
  const env = { ...process.env, BKH_T: 'one' };
  const script = ['-c', 'echo "$BKH_T $$"'];

  it('the very same call takes the answer started ahead: it ran once', async () => {
    const runner = new ProcessRunner(env);
    runner.startAhead('sh', script, { timeoutMs: 5000, env: { X: '1' } });
    const before = headStartCounts().taken;
    const first = await runner.run('sh', script, { timeoutMs: 5000, env: { X: '1' } });
    expect(headStartCounts().taken).toBe(before + 1);
    // A second run is a new process: another pid.
    const second = await runner.run('sh', script, { timeoutMs: 5000, env: { X: '1' } });
    expect(first.stdout).toMatch(/^one \d+\n$/);
    expect(second.stdout).not.toBe(first.stdout);
  });

  it('another environment, timeout or an input is another question', async () => {
    const runner = new ProcessRunner(env);
    const other = new ProcessRunner({ ...env, BKH_T: 'two' });
    runner.startAhead('sh', script, { timeoutMs: 5000 });
    const before = headStartCounts().taken;
    expect((await other.run('sh', script, { timeoutMs: 5000 })).stdout).toMatch(/^two /);
    await runner.run('sh', script, { timeoutMs: 4000 });
    await runner.run('sh', script, { timeoutMs: 5000, input: 'x' });
    await runner.run('sh', script, { timeoutMs: 5000, env: { BKH_T: undefined, Y: '' } });
    expect(headStartCounts().taken).toBe(before);
    expect(pending()).toBe(1);
  });

  it('a dropped call is killed, its whole group', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-hs-'));
    try {
      const runner = new ProcessRunner(env);
      // The shell's child writes its pid; the drop must kill it too (the group).
      runner.startAhead('sh', ['-c', `sleep 30 & echo $! > ${dir}/pid; wait`], { timeoutMs: 60_000 });
      let pid = '';
      for (let i = 0; i < 100 && pid === ''; i++) {
        await new Promise((res) => setTimeout(res, 20));
        try {
          pid = (await import('node:fs')).readFileSync(`${dir}/pid`, 'utf8').trim();
        } catch {
          /* not yet */
        }
      }
      expect(pid).toMatch(/^\d+$/);
      // Past its grace the dropped call's group is killed; the drop resolves once it has ended.
      await dropHeadStart();
      let alive = true;
      for (let i = 0; i < 100 && alive; i++) {
        await new Promise((res) => setTimeout(res, 20));
        try {
          process.kill(Number(pid), 0);
        } catch {
          alive = false;
        }
      }
      expect(alive).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a dropped call that ends within the grace is let finish, not killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-hs-'));
    try {
      const runner = new ProcessRunner(env);
      runner.startAhead('sh', ['-c', `sleep 0.3; echo done > ${dir}/done`], { timeoutMs: 60_000 });
      await dropHeadStart();
      expect(readFileSync(join(dir, 'done'), 'utf8')).toBe('done\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('EngineApi', () => {
  let server: Server | undefined;
  let dir = '';
  afterEach(async () => {
    await new Promise((res) => (server ? server.close(res) : res(undefined)));
    server = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function serve(handler: (path: string, res: import('node:http').ServerResponse) => void): Promise<string> {
    dir = mkdtempSync(join(tmpdir(), 'bkh-hs-api-'));
    const socket = join(dir, 'docker.sock');
    server = createServer((req, res) => handler(req.url ?? '', res));
    await new Promise<void>((res) => server!.listen(socket, res));
    return socket;
  }

  it('the same read takes the answer started ahead: the daemon is asked once', async () => {
    const hits: string[] = [];
    const socket = await serve((path, res) => {
      hits.push(path);
      res.end(`{"n":${hits.length}}`);
    });
    const api = new EngineApi(socket);
    api.startAhead('/info', { timeoutMs: 5000 });
    const r = await api.get('/info', { timeoutMs: 5000 });
    expect(r.stdout).toBe('{"n":1}');
    expect((await api.get('/info', { timeoutMs: 4000 })).stdout).toBe('{"n":2}');
    expect(hits).toEqual(['/info', '/info']);
  });

  it('a dropped read is aborted', async () => {
    let closed = false;
    const socket = await serve((_path, res) => {
      res.on('close', () => (closed = true));
      // Never answers.
    });
    new EngineApi(socket).startAhead('/system/df?type=build-cache', { timeoutMs: 60_000 });
    for (let i = 0; i < 100 && pending() === 0; i++) await new Promise((res) => setTimeout(res, 10));
    await new Promise((res) => setTimeout(res, 100));
    dropHeadStart();
    for (let i = 0; i < 100 && !closed; i++) await new Promise((res) => setTimeout(res, 20));
    expect(closed).toBe(true);
  });
});

describe('when an entry asks ahead', () => {
  it('the action: only mode auto, with the timeout input read as the parser reads it; no processes where the deadline is near the probe timeout', () => {
    const on = (probeMs: number) => ({ probeMs, processes: true });
    expect(actionQuickLook({ INPUT_MODE: 'auto', INPUT_TIMEOUT: '20' })).toEqual(on(20_000));
    expect(actionQuickLook({ INPUT_MODE: ' auto\n', INPUT_TIMEOUT: '' })).toEqual(on(20_000));
    expect(actionQuickLook({ INPUT_MODE: 'auto', INPUT_TIMEOUT: '5', INPUT_DEADLINE: '' })).toEqual(on(5000));
    // A deadline caps each call's timeout at the time left: near the probe timeout the quick look's
    // call would be another question.
    expect(actionQuickLook({ INPUT_MODE: 'auto', INPUT_DEADLINE: '30m' })).toEqual(on(20_000));
    expect(actionQuickLook({ INPUT_MODE: 'auto', INPUT_DEADLINE: '10m', INPUT_TIMEOUT: '600' })).toEqual({
      probeMs: 600_000,
      processes: false,
    });
    expect(actionQuickLook({ INPUT_MODE: 'auto', INPUT_DEADLINE: '1m' })).toEqual({
      probeMs: 20_000,
      processes: false,
    });
    expect(actionQuickLook({ INPUT_MODE: 'auto', INPUT_DEADLINE: 'soon' })).toEqual({
      probeMs: 20_000,
      processes: false,
    });
    expect(actionQuickLook({ INPUT_MODE: 'auto', INPUT_TIMEOUT: '1800' })).toEqual({
      probeMs: 1_800_000,
      processes: false,
    });
    expect(actionQuickLook({ INPUT_MODE: '', INPUT_TIMEOUT: '20' })).toBeUndefined();
    expect(actionQuickLook({ INPUT_MODE: 'check' })).toBeUndefined();
    expect(actionQuickLook({ INPUT_MODE: 'auto', INPUT_TIMEOUT: '-5' })).toBeUndefined();
    expect(actionQuickLook({ INPUT_MODE: 'auto', INPUT_TIMEOUT: '3601' })).toBeUndefined();
  });

  it('the CLI: heal in mode auto (or no mode) as its parser reads it, not help in any spelling, --timeout in both spellings', () => {
    const on = (probeMs: number) => ({ probeMs, processes: true });
    expect(cliQuickLook(['heal'])).toEqual(on(20_000));
    expect(cliQuickLook(['heal', '--mode', 'auto', '--timeout', '7'])).toEqual(on(7000));
    expect(cliQuickLook(['heal', '--mode=auto', '--timeout=9', '--json'])).toEqual(on(9000));
    expect(cliQuickLook(['heal', '--deadline', '60s'])).toEqual({ probeMs: 20_000, processes: false });
    expect(cliQuickLook(['heal', '--deadline', '5m'])).toEqual(on(20_000));
    expect(cliQuickLook(['heal', '--deadline='])).toEqual(on(20_000));
    expect(cliQuickLook(['heal', '--mode', 'repair'])).toBeUndefined();
    // The heal command refuses a mode with spaces: no head start for it.
    expect(cliQuickLook(['heal', '--mode', ' auto '])).toBeUndefined();
    expect(cliQuickLook(['heal', '--help'])).toBeUndefined();
    expect(cliQuickLook(['heal', '--help=true'])).toBeUndefined();
    expect(cliQuickLook(['heal', '-h'])).toBeUndefined();
    expect(cliQuickLook(['heal', '--timeout', '-5'])).toBeUndefined();
    expect(cliQuickLook(['heal', '--timeout'])).toBeUndefined();
    expect(cliQuickLook(['check'])).toBeUndefined();
    expect(probeTimeoutOf('1.5')).toBeUndefined();
  });

  it("buildx's ls is asked ahead only where its own files are all there", async () => {
    const home = mkdtempSync(join(tmpdir(), 'bkh-hs-home-'));
    try {
      const paths = dockerPaths({ HOME: home });
      expect(await buildxStateReady(paths)).toBe(false);
      for (const d of [paths.instancesDir, paths.defaultsDir, paths.activityDir]) mkdirSync(d, { recursive: true });
      writeFileSync(paths.currentFile, '{}');
      expect(await buildxStateReady(paths)).toBe(false);
      writeFileSync(join(paths.buildxDir, '.lock'), '');
      expect(await buildxStateReady(paths)).toBe(true);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('the reads asked ahead reach the daemon before the chunk loads (while it holds the main thread)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-hs-turn-'));
    const sock = join(dir, 'docker.sock');
    const seen = join(dir, 'seen');
    // The daemon in another process: this one's loop is held by the load below.
    const server = spawn(
      process.execPath,
      [
        '-e',
        `const [sock, seen] = process.argv.slice(1);
         require('node:net').createServer((c) => c.on('data', (b) => {
           require('node:fs').appendFileSync(seen, b.toString('latin1'));
           c.end('HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\n{}');
         })).listen(sock, () => console.log('ready'));`,
        sock,
        seen,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.once('data', () => resolve());
        server.once('exit', (code) => reject(new Error(`the test daemon exited (${code})`)));
      });
      prestartQuickLook(
        { HOME: dir, PATH: process.env.PATH, DOCKER_HOST: `unix://${sock}` },
        { probeMs: 5000, processes: false },
      );
      let atLoad = '';
      await withHeadStart(
        async () => {
          // A chunk's compile and evaluation: the main thread busy (here up to 3 s, until the
          // daemon has the build cache read).
          const until = Date.now() + 3000;
          const nap = new Int32Array(new SharedArrayBuffer(4));
          while (Date.now() < until && !(existsSync(seen) && readFileSync(seen, 'latin1').includes('GET /info ')))
            Atomics.wait(nap, 0, 0, 20);
          atLoad = existsSync(seen) ? readFileSync(seen, 'latin1') : '';
          return undefined;
        },
        async () => undefined,
      );
      for (const path of ['/system/df?type=build-cache', '/info'])
        expect(atLoad, 'the requests the daemon had while the chunk loaded').toContain(`GET ${path} HTTP/1.1`);
    } finally {
      server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a path under buildx's directory that cannot be looked at (ENOTDIR) keeps only the ls from being asked ahead", async () => {
    const home = mkdtempSync(join(tmpdir(), 'bkh-hs-home-'));
    try {
      const paths = dockerPaths({ HOME: home });
      mkdirSync(paths.configDir, { recursive: true });
      // ~/.docker/buildx is a file: every path under it is ENOTDIR, which lstat throws even with
      // throwIfNoEntry off.
      writeFileSync(paths.buildxDir, 'not a directory');
      expect(buildxStateReady(paths)).toBe(false);
      // The rest is still asked ahead: the four reads (a socket nobody listens on) and the two
      // short processes (a plugin of this test's own, which exits at once).
      const plugins = join(paths.configDir, 'cli-plugins');
      mkdirSync(plugins);
      writeFileSync(join(plugins, 'docker-buildx'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      const before = headStartCounts().offered;
      prestartQuickLook(
        { HOME: home, PATH: process.env.PATH, DOCKER_HOST: `unix://${join(home, 'nobody.sock')}` },
        { probeMs: 5000, processes: true },
      );
      expect(headStartCounts().offered - before).toBe(6);
      await dropHeadStart();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
