import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Builder, Finding } from '../../src/core/types.js';
import type { Deps } from '../../src/docker/deps.js';
import { silentLogger } from '../../src/docker/deps.js';
import { SafetyError } from '../../src/core/errors.js';
import { Docker } from '../../src/docker/docker.js';
import { DryRunRunner } from '../../src/docker/runner.js';
import {
  executeClean,
  planClean,
  pruneArgs,
  rmArgs,
  stepCommand,
  unknownPruneTargets,
  unsavedWarnings,
} from '../../src/phases/clean.js';
import { FakeRunner } from '../support/fake-runner.js';
import { recorded } from '../fixtures/load.js';

const b = (name: string, driver: string, status: Builder['status'] = 'running', nodes = [`${name}0`]): Builder => ({
  name,
  driver,
  current: false,
  status,
  nodes: nodes.map((n) => ({ name: n, endpoint: 'unix:///x.sock', status, platforms: [] })),
});
const f = (id: string, action: string, target: string, automatic = true): Finding => ({
  id,
  severity: 'error',
  subject: target,
  message: id,
  evidence: [],
  repair: { action, description: action, target, automatic },
});

function deps(runner: FakeRunner | DryRunRunner): Deps {
  const env = { HOME: '/nonexistent', DOCKER_CONFIG: '/nonexistent/.docker' };
  return { docker: new Docker(runner, { env }), env, log: silentLogger, now: () => new Date(0), version: 't' };
}

describe('planClean: findings + mode → exact steps', () => {
  const builders = [
    b('default', 'docker'),
    b('ci', 'docker-container'),
    b('broken', 'docker-container', 'error'),
    b('desktop-linux', 'docker', 'error', ['desktop-linux']),
  ];
  const instanceNames = ['ci', 'broken'];

  it('repair touches only what diagnose found broken, state files first and prune last', () => {
    const steps = planClean({
      mode: 'repair',
      builders,
      instanceNames,
      options: { pruneCache: true },
      orphans: [{ kind: 'volume', name: 'buildx_buildkit_gone0_state', builder: 'gone' }],
      findings: [
        f('cache.over-limit', 'cache.prune', 'build-cache'),
        f('orphan.volume', 'orphan.remove', 'buildx_buildkit_gone0_state'),
        f('orphan.container', 'orphan.remove', 'buildx_buildkit_gone0'),
        f('builder.error', 'builder.recreate', 'broken'),
        f('builder.error', 'builder.remove', 'desktop-linux'),
        f('state.invalid-instance', 'state.remove-file', '/h/.docker/buildx/instances/bad'),
        f('builder.error', 'builder.remove', 'in-use', false),
      ],
    });
    expect(steps.map((s) => stepCommand(s))).toEqual([
      'rm -f /h/.docker/buildx/instances/bad',
      'docker buildx rm --force broken',
      'docker context rm --force desktop-linux',
      'docker volume rm buildx_buildkit_gone0_state',
      'docker rm --volumes buildx_buildkit_gone0',
      'docker buildx prune --force',
    ]);
    const rm = steps.find((s) => s.kind === 'docker' && s.target === 'broken');
    expect(rm && rm.kind === 'docker' ? rm.volumesGone : undefined).toEqual(['buildx_buildkit_broken0_state']);
  });

  it('reinstall removes every builder but default (healthy contexts kept) and prunes no cache unless asked', () => {
    const steps = planClean({
      mode: 'reinstall',
      builders,
      instanceNames,
      findings: [],
      rmTimeout: true,
      options: { pruneCache: true, keepStorageBytes: 5_000_000_000, pruneUntil: '720h' },
    });
    expect(steps.map((s) => stepCommand(s))).toEqual([
      'docker buildx rm --force --timeout 120s ci',
      'docker buildx rm --force --timeout 120s broken',
      'docker context rm --force desktop-linux',
    ]);
    expect(unsavedWarnings(steps)).toEqual([]);
  });

  it('prune-cache default: the docker driver cache is pruned with the filters and named NOT backed up; a removed builder is not pruned', () => {
    const steps = planClean({
      mode: 'reinstall',
      builders,
      instanceNames,
      findings: [],
      rmTimeout: true,
      options: {
        pruneCache: true,
        pruneBuilders: ['default', 'ci', 'nosuch'],
        keepStorageBytes: 5_000_000_000,
        pruneUntil: '720h',
      },
    });
    expect(steps.map((s) => stepCommand(s))).toEqual([
      'docker buildx rm --force --timeout 120s ci',
      'docker buildx rm --force --timeout 120s broken',
      'docker context rm --force desktop-linux',
      'docker buildx prune --force --builder default --all --keep-storage 5000000000 --filter until=720h',
    ]);
    const w = unsavedWarnings(steps);
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('docker buildx prune --force --builder default --all');
    expect(w[0]).toContain('NOT backed up');
    expect(
      unknownPruneTargets({ builders, options: { pruneCache: true, pruneBuilders: ['default', 'nosuch'] } }),
    ).toEqual(['nosuch']);
  });

  it('reinstall leaves running leftovers (and the volumes they hold) and builders with a build in progress alone', () => {
    const orphans = [
      { kind: 'container' as const, name: 'buildx_buildkit_theirs0', builder: 'theirs', state: 'running', inUse: {} },
      {
        kind: 'volume' as const,
        name: 'buildx_buildkit_theirs0_state',
        builder: 'theirs',
        inUse: { by: 'buildx_buildkit_theirs0' },
      },
      { kind: 'container' as const, name: 'buildx_buildkit_dead0', builder: 'dead', state: 'exited' },
      { kind: 'volume' as const, name: 'buildx_buildkit_dead0_state', builder: 'dead' },
    ];
    const busy = new Map([['ci', ['buildx_buildkit_ci0']]]);
    const steps = planClean({
      mode: 'reinstall',
      builders,
      instanceNames,
      findings: [f('builder.error', 'builder.recreate', 'ci')],
      orphans,
      busy,
      options: { pruneCache: false },
    });
    expect(steps.map((s) => [s.action, s.target])).toEqual([
      ['builder.keep', 'ci'],
      ['builder.remove', 'broken'],
      ['context.remove', 'desktop-linux'],
      ['orphan.remove', 'buildx_buildkit_dead0'],
      ['orphan.remove', 'buildx_buildkit_dead0_state'],
    ]);
    expect(stepCommand(steps[0]!)).toBe('');
  });

  it('the same repair asked twice is one step; pruneCache=false drops the prune', () => {
    const steps = planClean({
      mode: 'repair',
      builders,
      instanceNames,
      options: { pruneCache: false },
      findings: [
        f('a', 'cache.prune', 'build-cache'),
        f('b', 'orphan.remove', 'x_state'),
        f('c', 'orphan.remove', 'x_state'),
      ],
    });
    expect(steps.map((s) => stepCommand(s))).toEqual(['docker volume rm x_state']);
  });

  it('an unparsable config.json is moved aside (a dated name), never removed; dry-run records the move and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-aside-'));
    const cfg = join(dir, 'config.json');
    writeFileSync(cfg, '{"auths": {');
    const steps = planClean({
      mode: 'repair',
      builders: [],
      options: { pruneCache: false },
      findings: [{ ...f('client.config-invalid', 'client.config-aside', cfg), severity: 'warning' }],
    });
    expect(steps.map((s) => `${s.kind} ${s.action} ${s.target}`)).toEqual([`move-aside client.config-aside ${cfg}`]);
    const dry = new DryRunRunner(new FakeRunner());
    const d = await executeClean(deps(dry), steps, { dryRun: true, backupVerified: false, backupEnabled: false });
    expect(d.actions).toMatchObject([{ action: 'client.config-aside', ok: true, dryRun: true }]);
    expect(existsSync(cfg)).toBe(true);
    const r = await executeClean(deps(new FakeRunner()), steps, {
      dryRun: false,
      backupVerified: true,
      backupEnabled: true,
    });
    expect(r.ok).toBe(true);
    expect(existsSync(cfg)).toBe(false);
    const moved = join(dir, 'config.json.broken-1970-01-01T00-00-00-000Z');
    expect(readFileSync(moved, 'utf8')).toBe('{"auths": {');
    expect(r.actions[0]?.command).toBe(`mv ${cfg} ${moved}`);
  });

  it('reinstall: a builder whose driver is unknown is forgotten once, never also removed with buildx rm', () => {
    const steps = planClean({
      mode: 'reinstall',
      builders: [b('default', 'docker'), b('cloud-b', 'cloud', 'error'), b('ci', 'docker-container')],
      instanceNames: ['cloud-b', 'ci'],
      options: { pruneCache: false },
      findings: [f('builder.unknown-driver', 'builder.forget', 'cloud-b')],
    });
    expect(steps.map((s) => `${s.action} ${s.target}`)).toEqual(['builder.forget cloud-b', 'builder.remove ci']);
  });

  it('argv builders', () => {
    expect(rmArgs('x', false)).toEqual(['buildx', 'rm', '--force', 'x']);
    expect(pruneArgs(undefined, { pruneCache: true, pruneUntil: '24h' }, false)).toEqual([
      'buildx',
      'prune',
      '--force',
      '--filter',
      'until=24h',
    ]);
  });
});

describe('executeClean', () => {
  it('refuses to start without a verified backup unless backup is off', async () => {
    const r = new FakeRunner();
    await expect(
      executeClean(deps(r), [], { dryRun: false, backupVerified: false, backupEnabled: true }),
    ).rejects.toBeInstanceOf(SafetyError);
    await expect(
      executeClean(deps(r), [], { dryRun: false, backupVerified: false, backupEnabled: false }),
    ).resolves.toMatchObject({ ok: true });
    expect(r.calls).toHaveLength(0);
  });

  it('runs mutating steps flagged mutates, checks the state volume is gone and removes a leftover', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-clean-'));
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'garbage');
    const r = new FakeRunner()
      .on('docker buildx rm --force broken', { stdout: 'broken removed' })
      .on('docker volume ls --quiet', { stdout: 'buildx_buildkit_broken0_state\nother\n' })
      .on('docker volume rm --force buildx_buildkit_broken0_state', { stdout: 'buildx_buildkit_broken0_state' })
      .on('docker top buildx_buildkit_broken0 -o pid,args', {
        exitCode: 1,
        stderr: 'Error response from daemon: container 0416defcffbe is not running',
      })
      .on('docker rm --volumes buildx_buildkit_gone0', {
        exitCode: 1,
        stderr: 'Error response from daemon: No such container: buildx_buildkit_gone0',
      });
    const plan = planClean({
      mode: 'repair',
      builders: [b('broken', 'docker-container', 'error')],
      instanceNames: ['broken'],
      options: { pruneCache: true },
      findings: [
        f('s', 'state.remove-file', bad),
        f('b', 'builder.recreate', 'broken'),
        f('o', 'orphan.remove', 'buildx_buildkit_gone0'),
      ],
    });
    const res = await executeClean(deps(r), plan, { dryRun: false, backupVerified: true, backupEnabled: true });
    expect(existsSync(bad)).toBe(false);
    expect(res.ok).toBe(true);
    expect(res.actions.map((a) => [a.action, a.target, a.ok])).toEqual([
      ['state.remove-file', bad, true],
      ['orphan.remove', 'buildx_buildkit_broken0_state', true],
      ['builder.remove', 'broken', true],
      ['orphan.remove', 'buildx_buildkit_gone0', true],
    ]);
    const mutating = r.calls.filter((c) => c.opts.mutates).map((c) => c.argv.join(' '));
    expect(mutating).toEqual([
      'docker buildx rm --force broken',
      'docker volume rm --force buildx_buildkit_broken0_state',
      'docker rm --volumes buildx_buildkit_gone0',
    ]);
  });

  it('a builder.keep step runs nothing and is recorded as left alone', async () => {
    const r = new FakeRunner();
    const plan = planClean({
      mode: 'repair',
      builders: [b('ci', 'docker-container', 'error')],
      instanceNames: ['ci'],
      busy: new Map([['ci', ['buildx_buildkit_ci0']]]),
      options: { pruneCache: false },
      findings: [f('b', 'builder.recreate', 'ci')],
    });
    const res = await executeClean(deps(r), plan, { dryRun: false, backupVerified: true, backupEnabled: true });
    expect(r.calls).toHaveLength(0);
    expect(res.actions).toEqual([
      {
        action: 'builder.keep',
        target: 'ci',
        ok: true,
        detail: 'leave builder ci alone: a build is in progress in buildx_buildkit_ci0',
      },
    ]);
  });

  it('a build that started on a builder since diagnose keeps it: its processes are read again right before buildx rm', async () => {
    const busy = recorded('docker/26.1.5+dfsg1/leftover-busy/top');
    const idle = recorded('docker/26.1.5+dfsg1/leftover-idle/top');
    const plan = planClean({
      mode: 'reinstall',
      builders: [b('ci', 'docker-container'), b('other', 'docker-container')],
      instanceNames: ['ci', 'other'],
      options: { pruneCache: false },
      findings: [],
    });
    expect(plan.map((s) => (s.kind === 'docker' ? s.recheck : undefined))).toEqual([
      ['buildx_buildkit_ci0'],
      ['buildx_buildkit_other0'],
    ]);
    const r = new FakeRunner()
      .on('docker top buildx_buildkit_ci0 -o pid,args', { stdout: busy.stdout })
      .on('docker top buildx_buildkit_other0 -o pid,args', { stdout: idle.stdout })
      .on('docker buildx rm --force other', {})
      .on('docker volume ls --quiet', { stdout: '' });
    const res = await executeClean(deps(r), plan, { dryRun: false, backupVerified: true, backupEnabled: true });
    expect(res.actions.map((a) => [a.action, a.target, a.ok])).toEqual([
      ['builder.keep', 'ci', true],
      ['builder.remove', 'other', true],
    ]);
    expect(res.actions[0]?.detail).toBe(
      'leave builder ci alone: a build is in progress in buildx_buildkit_ci0 (started since diagnose)',
    );
    expect(r.calls.filter((c) => c.opts.mutates).map((c) => c.argv.join(' '))).toEqual([
      'docker buildx rm --force other',
    ]);
  });

  // `docker container inspect --format {"state":{{json .State}},"restartCount":{{json .RestartCount}}}`
  // recorded on docker 26.1.5: a container running steadily, and one with a restart policy whose
  // process exits after a second (restarting; running in one of its starts; running in the next).
  const state = (c: string) => recorded(`docker/26.1.5+dfsg1/restart-loop-recheck/${c}`);
  it.each([
    ['runs steadily now (fixed since diagnose): kept, only inspected', ['state-steady', 'state-steady'], true],
    ['still restarting: removed', ['state-loop-restarting'], false],
    [
      'caught in one of its starts, restarting again after it: removed',
      ['state-loop-running', 'state-loop-restarting'],
      false,
    ],
    [
      'caught in one start, in the next one after it: removed',
      ['state-loop-running', 'state-loop-running-next'],
      false,
    ],
    ['gone: removed', ['state-gone'], false],
  ])(
    'a builder diagnose saw restarting in a loop is inspected again right before buildx rm: %s',
    async (_what, answers, kept) => {
      const plan = planClean({
        mode: 'repair',
        builders: [b('loop', 'docker-container')],
        instanceNames: ['loop'],
        options: { pruneCache: false },
        findings: [{ ...f('builder.restart-loop', 'builder.recreate', 'loop') }],
      });
      expect(plan.map((s) => (s.kind === 'docker' ? [s.loopRecheck, s.recheck] : undefined))).toEqual([
        [['buildx_buildkit_loop0'], undefined],
      ]);
      let n = 0;
      const r = new FakeRunner()
        .on(
          'docker container inspect --format {"state":{{json .State}},"restartCount":{{json .RestartCount}}} buildx_buildkit_loop0',
          () => {
            const x = state(answers[Math.min(n++, answers.length - 1)] ?? '');
            return { stdout: x.stdout, stderr: x.stderr, exitCode: x.exit ?? 0 };
          },
        )
        .on('docker buildx rm --force loop', {})
        .on('docker rm --force buildx_buildkit_loop0', {})
        .on('docker volume ls --quiet', { stdout: '' });
      const res = await executeClean(deps(r), plan, {
        dryRun: false,
        backupVerified: true,
        backupEnabled: true,
        steadyMs: 10,
      });
      expect(n).toBe(answers.length);
      if (kept) {
        expect(res.actions.map((a) => [a.action, a.target, a.ok])).toEqual([['builder.keep', 'loop', true]]);
        expect(res.actions[0]?.detail).toBe(
          'leave builder loop alone: its container buildx_buildkit_loop0, restarting in a loop when diagnosed, runs steadily now (running since 2026-11-27T05:41:13.836838339Z, restart count 0 unchanged over 0.01 s): fixed since diagnose, and a build may run there',
        );
        expect(r.calls.filter((c) => c.opts.mutates)).toEqual([]);
      } else {
        expect(res.actions.map((a) => [a.action, a.target, a.ok])).toEqual([['builder.remove', 'loop', true]]);
      }
    },
  );

  it('a stopped leftover that its owner started again since diagnose is refused by the daemon and left alone', async () => {
    const orphans = [
      { kind: 'container' as const, name: 'buildx_buildkit_back0', builder: 'back', state: 'exited' },
      { kind: 'volume' as const, name: 'buildx_buildkit_back0_state', builder: 'back' },
    ];
    const plan = planClean({
      mode: 'reinstall',
      builders: [],
      instanceNames: [],
      orphans,
      options: { pruneCache: false },
      findings: [],
    });
    expect(plan.map((s) => stepCommand(s))).toEqual([
      'docker rm --volumes buildx_buildkit_back0',
      'docker volume rm buildx_buildkit_back0_state',
    ]);
    // One that keeps restarting runs no build (its buildkitd exits at start): forced, or the daemon refuses.
    const loop = planClean({
      mode: 'reinstall',
      builders: [],
      instanceNames: [],
      orphans: [{ kind: 'container', name: 'buildx_buildkit_loop0', builder: 'loop', state: 'restarting' }],
      options: { pruneCache: false },
      findings: [],
    });
    expect(loop.map((s) => stepCommand(s))).toEqual(['docker rm --force --volumes buildx_buildkit_loop0']);
    const r = new FakeRunner()
      .on('docker rm --volumes buildx_buildkit_back0', {
        exitCode: 1,
        stderr:
          'Error response from daemon: cannot remove container "/buildx_buildkit_back0": container is running: stop the container before removing or force remove\n',
      })
      .on('docker volume rm buildx_buildkit_back0_state', {
        exitCode: 1,
        stderr: 'Error response from daemon: remove buildx_buildkit_back0_state: volume is in use - [a234095b4081]\n',
      });
    const res = await executeClean(deps(r), plan, { dryRun: false, backupVerified: true, backupEnabled: true });
    expect(res.ok).toBe(true);
    expect(res.actions.map((a) => [a.target, a.ok, a.detail])).toEqual([
      [
        'buildx_buildkit_back0',
        true,
        'left alone: in use now (Error response from daemon: cannot remove container "/buildx_buildkit_back0": container is running: stop the container before removing or force remove)',
      ],
      [
        'buildx_buildkit_back0_state',
        true,
        'left alone: in use now (Error response from daemon: remove buildx_buildkit_back0_state: volume is in use - [a234095b4081])',
      ],
    ]);
  });

  it('a failing step is recorded with its stderr and the rest still run', async () => {
    const r = new FakeRunner()
      .on('docker buildx rm --force a', { exitCode: 1, stderr: 'ERROR: permission denied' })
      .on('docker buildx prune --force', { stdout: 'Total: 0B' });
    const plan = planClean({
      mode: 'repair',
      builders: [b('a', 'remote')],
      instanceNames: ['a'],
      options: { pruneCache: true },
      findings: [f('x', 'builder.recreate', 'a'), f('y', 'cache.prune', 'build-cache')],
    });
    const res = await executeClean(deps(r), plan, { dryRun: false, backupVerified: true, backupEnabled: true });
    expect(res.ok).toBe(false);
    expect(res.actions[0]).toMatchObject({ ok: false, detail: 'ERROR: permission denied' });
    expect(res.actions[1]).toMatchObject({ action: 'cache.prune', ok: true });
  });

  it('dry-run records the commands and file removals and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-clean-'));
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'garbage');
    const dry = new DryRunRunner(
      new FakeRunner().on('docker top buildx_buildkit_x0 -o pid,args', {
        exitCode: 1,
        stderr: 'Error response from daemon: No such container: buildx_buildkit_x0',
      }),
    );
    const plan = planClean({
      mode: 'repair',
      builders: [b('x', 'docker-container', 'error')],
      instanceNames: ['x'],
      options: { pruneCache: true },
      findings: [f('s', 'state.remove-file', bad), f('b', 'builder.recreate', 'x')],
    });
    const res = await executeClean(deps(dry), plan, { dryRun: true, backupVerified: false, backupEnabled: false });
    expect(existsSync(bad)).toBe(true);
    expect(dry.recorded).toEqual([
      ['rm', '-f', bad],
      ['docker', 'buildx', 'rm', '--force', 'x'],
    ]);
    expect(res.actions.every((a) => a.dryRun === true)).toBe(true);
  });
});
