/**
 * Neighbours on a shared daemon: another job (its own DOCKER_CONFIG, the same DOCKER_HOST) runs a
 * long build on the default builder (`RUN sleep`) while a real `heal --mode reinstall` (the CLI
 * bundle) runs with a daemon-wide cache prune (asked for with --prune-cache default). The neighbour's build must succeed and its
 * output must be complete; the neighbour's buildx state must be untouched by the heal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry, sandbox, type Sandbox } from '../support/env.js';
import { realBuilderWithTokenBuild } from '../support/real-builder.js';
import { testDeps } from '../support/deps.js';
import * as faults from '../support/faults.js';
import type { Fault } from '../support/faults.js';
import { readReport, runCli, treeHashes } from '../support/fault-table.js';
import { defaultOptions, type Options } from '../../src/core/options.js';
import { heal } from '../../src/heal/heal.js';
import { succeeded } from '../../src/docker/runner.js';

let boxes: Sandbox[] = [];
let undo: Fault[] = [];
/** What `docker top` shows of the real image's buildkitd (buildx starts it so for a network=host builder). */
const BUILDKITD = 'buildkitd --config /etc/buildkit/buildkitd.toml --allow-insecure-entitlement=network.host';
afterEach(async () => {
  for (const f of undo) await f.undo().catch(() => undefined);
  undo = [];
  for (const b of boxes) b.cleanup();
  boxes = [];
});

function options(s: Sandbox, mode: Options['mode']): Options {
  const o = defaultOptions(s.env);
  o.mode = mode;
  o.failOn = 'warning';
  o.backup.store = 'local';
  o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')] };
  o.lockTimeoutMs = 120_000;
  o.validate.enabled = false;
  return o;
}

/** Id, state and process list of a container, to prove it was not touched. */
async function container(s: Sandbox, name: string): Promise<{ id: string; running: boolean; processes: string }> {
  const i = await s.docker.run(['container', 'inspect', '--format', '{{.Id}} {{.State.Running}}', name], {
    timeoutMs: 20_000,
  });
  const [id = '', running = ''] = i.stdout.trim().split(' ');
  const t = succeeded(i) ? await s.docker.top(name) : undefined;
  return {
    id: succeeded(i) ? id : 'gone',
    running: running === 'true',
    processes: (t?.parsed ?? []).map((p) => p.args).join('; '),
  };
}

async function volumeExists(s: Sandbox, name: string): Promise<boolean> {
  return succeeded(await s.docker.run(['volume', 'inspect', name], { timeoutMs: 20_000 }));
}

describe('a neighbour building on the shared daemon', () => {
  it('keeps building through a reinstall heal (daemon-wide prune under the lock): its build succeeds', async () => {
    const neighbour = sandbox('bkh-nb-');
    const healer = sandbox('bkh-nb-heal-');
    boxes = [neighbour, healer];
    const ctx = join(neighbour.dir, 'ctx');
    mkdirSync(ctx, { recursive: true });
    const token = `nb-${Date.now()}`;
    writeFileSync(join(ctx, 'Dockerfile'), `FROM local/busybox-amd64:1\nRUN sleep 25 && echo ${token} > /done\n`);
    const out = join(neighbour.dir, 'out');
    // The neighbour's build, started first; the heal starts once the RUN step is under way.
    let buildDoneAt = 0;
    const build = neighbour.docker
      .buildx(['build', '--no-cache', '--progress', 'plain', '--output', `type=local,dest=${out}`, ctx], {
        timeoutMs: 300_000,
      })
      .then((x) => {
        buildDoneAt = Date.now();
        return x;
      });
    await new Promise((r) => setTimeout(r, 6000));
    const neighbourState = treeHashes(join(neighbour.dockerConfig, 'buildx', 'instances'));
    const heal = await runCli(
      [
        'heal',
        '--mode',
        'reinstall',
        '--prune-cache',
        'default',
        '--no-validate',
        '--report-path',
        join(healer.dir, 'r.json'),
        '--daemon-json',
        join(healer.dir, 'daemon.json'),
      ],
      { env: healer.env },
    );
    const r = readReport(join(healer.dir, 'r.json'));
    const b = await build;
    expect(heal.code, heal.stderr).toBe(0);
    // The heal really pruned the daemon-wide cache while the build ran, named NOT backed up first.
    expect(
      r.actions.some((a) => a.action === 'cache.prune' && a.ok),
      JSON.stringify(r.actions),
    ).toBe(true);
    expect(
      r.notes.some((n) => n.includes('NOT backed up')),
      JSON.stringify(r.notes),
    ).toBe(true);
    // ...and the neighbour's build was still running when the clean phase (with the prune) ended.
    const clean = r.phases.find((p) => p.phase === 'clean');
    expect(buildDoneAt).toBeGreaterThan(Date.parse(clean?.finishedAt ?? 'x'));
    expect(b.exitCode, b.stderr).toBe(0);
    expect(readFileSync(join(out, 'done'), 'utf8').trim()).toBe(token);
    expect(treeHashes(join(neighbour.dockerConfig, 'buildx', 'instances'))).toEqual(neighbourState);
  }, 300_000);
});

describe("another client's builder containers on the shared daemon", () => {
  it.each(['auto', 'repair', 'reinstall'] as const)(
    'heal --mode %s leaves running leftovers (busy and idle) and their volumes alone, removes a stopped one',
    async (mode) => {
      const s = sandbox('bkh-nb-lo-');
      boxes = [s];
      // Another client's real builders (the real BuildKit image): one running a build's RUN step,
      // one idle. The stopped leftover stays a bare container (no BuildKit in it): what it runs
      // does not matter once it has stopped, only its age.
      undo = [];
      const busy = await faults.realLeftover(s, `bkhnbbusy${mode}`, 'busy', registry());
      undo.push(busy);
      const idle = await faults.realLeftover(s, `bkhnbidle${mode}`, 'idle', registry());
      undo.push(idle);
      const stopped = await faults.orphanContainer(s, `bkhnbdead${mode}`);
      undo.push(stopped);
      const before = { busy: await container(s, busy.container), idle: await container(s, idle.container) };
      expect(before.busy.running).toBe(true);
      expect(before.busy.processes.split('; ')).toEqual(expect.arrayContaining([BUILDKITD, 'sleep 3600']));
      expect(before.idle.running).toBe(true);
      expect(before.idle.processes.split('; ')).toContain(BUILDKITD);
      expect(before.idle.processes).not.toContain('sleep');

      const o = options(s, mode);
      // The stopped leftover was made seconds ago: orphan-min-age 0 lets it count as abandoned.
      o.diagnose.orphanMinAgeMs = 0;
      const r = await heal(testDeps(s), o);
      expect(r.error).toBeUndefined();
      expect(r.status).toBe('repaired');
      // Both running leftovers are reported as such, with what they run; neither gets a repair.
      const running = r.findings.filter((f) => f.id === 'orphan.running');
      expect(running.map((f) => [f.subject, f.severity, f.repair]).sort()).toEqual(
        [
          [busy.container, 'info', undefined],
          [idle.container, 'info', undefined],
        ].sort(),
      );
      expect(running.find((f) => f.subject === busy.container)?.message).toMatch(
        /build in progress: [^\n]*\bsleep 3600\b/,
      );
      expect(running.find((f) => f.subject === idle.container)?.message).toMatch(
        new RegExp(`running, idle: [^\\n]*${BUILDKITD.replace(/[.]/g, '\\.')}`),
      );
      // Nothing the heal ran named them or their volumes; the stopped leftover was removed.
      const touched = r.actions.map((a) => `${a.target} ${a.command ?? ''}`).join('\n');
      for (const n of [busy.container, busy.volume, idle.container, idle.volume]) expect(touched).not.toContain(n);
      expect(r.actions.filter((a) => a.action === 'orphan.remove').map((a) => [a.target, a.ok])).toEqual([
        [stopped.subject, true],
      ]);
      // The same containers: the idle one runs exactly what it ran; the busy one still runs its step
      // (the rest of its list, buildx's dial-stdio clients, is buildx's to vary).
      const after = await container(s, busy.container);
      expect([after.id, after.running]).toEqual([before.busy.id, before.busy.running]);
      expect(after.processes.split('; ')).toContain('sleep 3600');
      expect(await container(s, idle.container)).toEqual(before.idle);
      expect(await volumeExists(s, busy.volume)).toBe(true);
      expect(await volumeExists(s, idle.volume)).toBe(true);
      expect((await container(s, stopped.subject ?? '')).id).toBe('gone');
      // The findings after the heal still list them, as information: the host is healthy.
      expect((r.findingsAfter ?? []).filter((f) => f.severity !== 'info')).toEqual([]);
    },
    300_000,
  );

  // A real builder (the real BuildKit image) another client (its own HOME) built on and stopped with
  // `docker buildx stop`: its container exited, its `_state` volume (the whole build cache) mounted
  // in it. "This client does not know it" is no evidence that it is abandoned; its age is. A marker
  // file beside BuildKit's own state proves the volume's content is kept. `gone` drops the other
  // client's HOME, as a killed job leaves its builder: no instance file anywhere.
  async function stoppedNeighbour(
    s: Sandbox,
    builder: string,
    gone = false,
  ): Promise<{
    container: string;
    volume: string;
    token: string;
    build: () => Promise<{ cachedSteps: number; token: string }>;
  }> {
    const c = `buildx_buildkit_${builder}0`;
    const v = `${c}_state`;
    const theirs = sandbox('bkh-nb-theirs-');
    undo.push({
      expect: 'orphan.recent',
      subject: c,
      undo: async () => {
        await faults.removeRealBuilder(theirs, builder);
        theirs.cleanup();
      },
    });
    const { build } = await realBuilderWithTokenBuild(theirs, builder);
    const { token } = await build();
    expect(succeeded(await theirs.docker.buildx(['stop', builder], { timeoutMs: 120_000, mutates: true }))).toBe(true);
    expect(
      succeeded(
        await s.docker.run(['run', '--rm', '-v', `${v}:/v`, 'local/busybox-amd64:1', 'sh', '-c', 'echo cache > /v/x'], {
          timeoutMs: 60_000,
          mutates: true,
        }),
      ),
    ).toBe(true);
    for (let i = 0; i < 60; i++) {
      const st = await s.docker.run(['container', 'inspect', '--format', '{{.State.Status}}', c], {
        timeoutMs: 20_000,
      });
      if (st.stdout.trim() === 'exited') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (gone) rmSync(theirs.home, { recursive: true, force: true });
    return { container: c, volume: v, token, build };
  }

  it.each(['repair', 'reinstall'] as const)(
    'heal --mode %s keeps a stopped neighbour builder younger than orphan-min-age (the 24h default), container and volume',
    async (mode) => {
      const s = sandbox('bkh-nb-stop-');
      boxes = [s];
      undo = [];
      const nb = await stoppedNeighbour(s, `bkhnbstop${mode}`);
      const before = await container(s, nb.container);
      expect(before).toMatchObject({ running: false });
      const o = options(s, mode);
      expect(o.diagnose.orphanMinAgeMs).toBe(24 * 3600 * 1000);
      const r = await heal(testDeps(s), o);
      expect(r.error).toBeUndefined();
      const recent = r.findings.find((f) => f.subject === nb.container);
      expect(recent).toMatchObject({ id: 'orphan.recent', severity: 'info' });
      expect(recent?.repair).toBeUndefined();
      // The daemon's own record of when it stopped is the evidence.
      expect(JSON.stringify(recent?.evidence)).toContain('FinishedAt');
      expect(r.findings.filter((f) => f.subject === nb.volume && f.id === 'orphan.volume')).toEqual([]);
      const touched = r.actions.map((a) => `${a.target} ${a.command ?? ''}`).join('\n');
      expect(touched).not.toContain(nb.container);
      expect(touched).not.toContain(nb.volume);
      expect(await container(s, nb.container)).toEqual(before);
      expect(await volumeExists(s, nb.volume)).toBe(true);
      const cache = await s.docker.run(
        ['run', '--rm', '-v', `${nb.volume}:/v`, 'local/busybox-amd64:1', 'cat', '/v/x'],
        { timeoutMs: 60_000, mutates: true },
      );
      expect(cache.stdout.trim()).toBe('cache');
      expect((r.findingsAfter ?? []).filter((f) => f.severity !== 'info')).toEqual([]);
      // And its cache serves its next build: every step cached, the first build's token.
      const next = await nb.build();
      expect([next.cachedSteps, next.token]).toEqual([2, nb.token]);
    },
    300_000,
  );

  it('an old stopped leftover (orphan-min-age 0) is removed with its volume, the removal keeps its age as evidence', async () => {
    const s = sandbox('bkh-nb-old-');
    boxes = [s];
    undo = [];
    const nb = await stoppedNeighbour(s, 'bkhnbold', true);
    const o = options(s, 'repair');
    o.diagnose.orphanMinAgeMs = 0;
    const r = await heal(testDeps(s), o);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('repaired');
    const f = r.findings.find((x) => x.subject === nb.container);
    expect(f).toMatchObject({ id: 'orphan.container', severity: 'warning' });
    expect(f?.message).toMatch(/stopped at .*longer than orphan-min-age ago/);
    expect(JSON.stringify(f?.evidence)).toContain('FinishedAt');
    expect(
      r.actions
        .filter((a) => a.action === 'orphan.remove')
        .map((a) => [a.target, a.ok])
        .sort(),
    ).toEqual(
      [
        [nb.container, true],
        [nb.volume, true],
      ].sort(),
    );
    expect((await container(s, nb.container)).id).toBe('gone');
    expect(await volumeExists(s, nb.volume)).toBe(false);
  }, 300_000);

  it('shared-daemon false (this client alone on the daemon): an idle running leftover is removed with its volume, a busy one stays', async () => {
    const s = sandbox('bkh-nb-alone-');
    boxes = [s];
    undo = [];
    const busy = await faults.realLeftover(s, 'bkhnbalonebusy', 'busy', registry());
    undo.push(busy);
    const idle = await faults.realLeftover(s, 'bkhnbaloneidle', 'idle', registry());
    undo.push(idle);
    const before = await container(s, busy.container);
    const o = options(s, 'auto');
    o.diagnose.sharedDaemon = false;
    const r = await heal(testDeps(s), o);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('repaired');
    expect(r.findings.find((f) => f.subject === idle.container)).toMatchObject({
      id: 'orphan.container',
      severity: 'warning',
    });
    expect(r.findings.find((f) => f.subject === idle.container)?.message).toContain(
      '(running, idle, and this daemon is not shared)',
    );
    expect(r.findings.find((f) => f.subject === busy.container)).toMatchObject({
      id: 'orphan.running',
      severity: 'info',
    });
    expect(
      r.actions
        .filter((a) => a.action === 'orphan.remove')
        .map((a) => [a.target, a.ok])
        .sort(),
    ).toEqual(
      [
        [idle.container, true],
        [idle.volume, true],
      ].sort(),
    );
    expect((await container(s, idle.container)).id).toBe('gone');
    expect(await volumeExists(s, idle.volume)).toBe(false);
    const after = await container(s, busy.container);
    expect([after.id, after.running]).toEqual([before.id, before.running]);
    expect(after.processes.split('; ')).toContain('sleep 3600');
    expect(await volumeExists(s, busy.volume)).toBe(true);
  }, 300_000);

  it('a builder of this client with a build in progress is left alone (builder.keep) and reported', async () => {
    const s = sandbox('bkh-nb-busy-');
    boxes = [s];
    // The builder's definition is this client's; its real BuildKit runs a build's RUN step.
    const base = `${registry()}/bkh/busybox-nbmine:1`;
    expect(
      succeeded(await s.docker.run(['tag', 'local/busybox-amd64:1', base], { timeoutMs: 60_000, mutates: true })),
    ).toBe(true);
    const push = await s.docker.run(['push', '-q', base], { timeoutMs: 120_000, mutates: true });
    expect(push.exitCode, push.stderr).toBe(0);
    const mine = { container: 'buildx_buildkit_bkhnbmine0', volume: 'buildx_buildkit_bkhnbmine0_state' };
    undo = [
      {
        expect: '',
        undo: async () => {
          await faults.removeRealBuilder(s, 'bkhnbmine');
        },
      },
    ];
    await faults.realBuilder(s, 'bkhnbmine', registry());
    const ctx = join(s.dir, 'ctx');
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${base}\nRUN echo ${Date.now()}-${Math.random()} && sleep 3600\n`);
    const running = spawn('docker', ['buildx', 'build', '--builder', 'bkhnbmine', '--progress', 'plain', ctx], {
      env: s.env,
      stdio: 'ignore',
    });
    // Killed before the builder goes (undo runs in order).
    undo.unshift({ expect: '', undo: async () => void running.kill('SIGKILL') });
    const end = Date.now() + 120_000;
    while (!(await container(s, mine.container)).processes.split('; ').includes('sleep 3600')) {
      if (Date.now() > end) throw new Error('the RUN step never started');
      await new Promise((r) => setTimeout(r, 300));
    }
    const defs = treeHashes(join(s.dockerConfig, 'buildx', 'instances'));
    const before = await container(s, mine.container);

    const r = await heal(testDeps(s), options(s, 'reinstall'));
    expect(r.findings.find((f) => f.id === 'builder.busy')).toMatchObject({ severity: 'info', subject: 'bkhnbmine' });
    expect(r.findings.find((f) => f.id === 'builder.busy')?.message).toContain('sleep 3600');
    expect(r.actions.filter((a) => a.target === 'bkhnbmine').map((a) => [a.action, a.ok, a.detail])).toEqual([
      ['builder.keep', true, `leave builder bkhnbmine alone: a build is in progress in ${mine.container}`],
    ]);
    // The same container, still running the step (the rest of a real BuildKit's process list,
    // buildx's dial-stdio clients, is BuildKit's and buildx's to vary).
    const after = await container(s, mine.container);
    expect([after.id, after.running]).toEqual([before.id, before.running]);
    expect(after.processes.split('; ')).toContain('sleep 3600');
    expect(await volumeExists(s, mine.volume)).toBe(true);
    expect(treeHashes(join(s.dockerConfig, 'buildx', 'instances'))).toEqual(defs);
  }, 300_000);
});
