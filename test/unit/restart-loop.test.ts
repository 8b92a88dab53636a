/**
 * A real docker-container builder whose BuildKit cannot start restarts in a loop (buildx gives its
 * container restart policy `unless-stopped`). Everything here is output recorded on the real daemon
 * with the real BuildKit image by scripts/capture-real-builder-fixtures.sh.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Builder, CommandResult, Finding } from '../../src/core/types.js';
import type { Facts } from '../../src/checks/types.js';
import type { DiagnoseOptions } from '../../src/core/options.js';
import { recorded, type Recorded } from '../fixtures/load.js';
import { buildkitdExitCause, configRejected, stateBroken } from '../../src/docker/parse/buildkitd-log.js';
import { buildkitActivity, parseTop } from '../../src/docker/parse/top.js';
import { CHECKS } from '../../src/checks/index.js';
import { busyBuilders } from '../../src/checks/busy.js';
import { restartLoops } from '../../src/phases/diagnose/restart-loops.js';
import { runChecks } from '../../src/phases/diagnose.js';
import { activityOf, restarting } from '../../src/tasks/activity.js';
import { executeClean, planClean, rejectedDefinitions } from '../../src/phases/clean.js';
import { firstTarFile } from '../../src/tasks/container-file.js';
import * as tar from 'tar';
import { Docker } from '../../src/docker/docker.js';
import { silentLogger, type Deps } from '../../src/docker/deps.js';
import { FakeRunner } from '../support/fake-runner.js';

const D = 'docker/26.1.5+dfsg1';
const CONTAINER = 'buildx_buildkit_rl0';

function res(r: Recorded, argv: string[]): CommandResult {
  return { argv, exitCode: r.exit, signal: null, stdout: r.stdout, stderr: r.stderr, timedOut: false, durationMs: 5 };
}

const builder: Builder = {
  name: 'rl',
  driver: 'docker-container',
  current: false,
  status: 'error',
  error: 'Error response from daemon: Container 0123 is restarting, wait until the container is running',
  nodes: [{ name: 'rl0', endpoint: 'unix:///x.sock', status: 'error', platforms: [] }],
};

const listing = (state: string): CommandResult => ({
  argv: ['docker', 'ps', '-a', '--filter', 'name=buildx_buildkit_', '--format', '{{json .}}'],
  exitCode: 0,
  signal: null,
  stdout: `${JSON.stringify({ Names: CONTAINER, State: state, Status: 'Restarting (1) 3 seconds ago' })}\n`,
  stderr: '',
  timedOut: false,
  durationMs: 5,
});

/** A tar stream of one file, as `docker cp CONTAINER:FILE -` writes it. */
function tarOf(body: string): Buffer {
  const b = Buffer.from(body);
  const h = Buffer.alloc(512);
  new tar.Header({ path: 'buildkitd.toml', type: 'File', mode: 0o644, size: b.length, mtime: new Date(0) }).encode(
    h,
    0,
  );
  return Buffer.concat([h, b, Buffer.alloc((512 - (b.length % 512)) % 512), Buffer.alloc(1024)]);
}
/** The same as the runner hands it over (stdout decoded as UTF-8). */
const tarText = (body: string) => tarOf(body).toString('utf8');

function deps(runner: FakeRunner): Deps {
  const env = { HOME: '/nonexistent', DOCKER_CONFIG: '/nonexistent/.docker' };
  return { docker: new Docker(runner, { env }), env, log: silentLogger, now: () => new Date(0), version: 't' };
}

const OPTS: DiagnoseOptions = {
  minBuildxVersion: '0.10.0',
  cacheLimitBytes: 10e9,
  minFreeBytes: 2e9,
  daemonJsonPaths: [],
  buildkitdTomlPaths: [],
  baseline: false,
};

describe("the cause, from the container's own log", () => {
  it('a buildkitd.toml it rejects: the parse error and what failed, no stack frame, no warning', () => {
    const log = recorded(`${D}/real-restarting/logs`);
    // buildkitd logs to stderr; `docker logs` keeps the streams apart.
    expect(log.stderr).toMatch(/failed to parse config/);
    const cause = buildkitdExitCause(`${log.stdout}\n${log.stderr}`);
    expect(cause).toMatch(/^\(\d+, \d+\): .*; failed to parse config$/);
    expect(cause).not.toMatch(/level=|runtime\.|main\.go/);
    expect(stateBroken(cause ?? '')).toBe(false);
  });

  it('a corrupt state database: names the database, so the state is not kept', () => {
    const log = recorded(`${D}/real-corrupt-db/logs`);
    const cause = buildkitdExitCause(`${log.stdout}\n${log.stderr}`);
    expect(cause).toBe('buildkitd: invalid database; failed to open database file /var/lib/buildkit/cache.db');
    expect(stateBroken(cause ?? '')).toBe(true);
  });

  it('a start still logging at the end (no error yet): the error of the start before it', () => {
    const log = recorded(`${D}/real-corrupt-db/logs`);
    const starting =
      `${log.stderr}2026/11/26 20:41:57 1 errors occurred detecting resource:\n\t* conflicting Schema URL\n` +
      'time="2026-11-26T20:42:20Z" level=info msg="auto snapshotter: using overlayfs"\n';
    expect(buildkitdExitCause(starting)).toBe(
      'buildkitd: invalid database; failed to open database file /var/lib/buildkit/cache.db',
    );
  });

  it('an error logged by logrus is the cause; a log with nothing but info says nothing', () => {
    expect(
      buildkitdExitCause('time="t" level=info msg="starting"\ntime="t" level=fatal msg="could not \\"x\\" y"\n'),
    ).toBe('could not "x" y');
    expect(buildkitdExitCause('time="t" level=info msg="starting"\n')).toBeUndefined();
    expect(buildkitdExitCause('')).toBeUndefined();
  });
});

describe('a restarting container is not a build in progress', () => {
  it('the daemon refuses its process list through both doors with "is restarting"', () => {
    const cli = recorded(`${D}/real-restarting/top`);
    expect(cli.exit).toBe(1);
    expect(restarting(res(cli, ['docker', 'top', CONTAINER, '-o', 'pid,args']))).toBe(true);
    // The Engine API answers 409 with the same message (EngineApi: exit 1, the body on stderr).
    const api = recorded(`${D}/real-restarting/top-api`);
    expect(() => parseTop(api.stdout)).toThrow();
    expect(
      restarting({ ...res(api, ['GET']), exitCode: 1, stdout: '', stderr: `HTTP 409 Conflict\n${api.stdout}` }),
    ).toBe(true);
    // A container that is gone or stopped is something else.
    expect(restarting(res(recorded(`${D}/leftover-missing/top`), ['docker', 'top']))).toBe(false);
  });

  it('diagnose reads the log of our looping container; the finding is a broken builder with the cause, not builder.busy', async () => {
    const log = recorded(`${D}/real-restarting/logs`);
    const r = new FakeRunner()
      .on(`docker logs --tail 60 ${CONTAINER}`, { stdout: log.stdout, stderr: log.stderr })
      // The config it starts with: written into the container, not its definition's.
      .on(`docker cp ${CONTAINER}:/etc/buildkit/buildkitd.toml -`, { stdout: tarText('this is [ not toml\n') });
    const top = res(recorded(`${D}/real-restarting/top`), ['docker', 'top', CONTAINER, '-o', 'pid,args']);
    const activity = { [CONTAINER]: { state: 'restarting' as const, processes: [], evidence: top } };
    // Listed `running` for the moment of one start: the refused process list still tells.
    const loops = await restartLoops(deps(r).docker, [builder], listing('running'), activity);
    expect(Object.keys(loops)).toEqual([CONTAINER]);
    expect(loops[CONTAINER]).toMatchObject({ builder: 'rl', stateBroken: false });
    expect(loops[CONTAINER]?.cause).toMatch(/failed to parse config/);

    // Caught running (one start's short run, buildkitd idle): buildx's own "is restarting" tells.
    const idle = { [CONTAINER]: { state: 'idle' as const, processes: [], evidence: top } };
    expect(Object.keys(await restartLoops(deps(r).docker, [builder], listing('running'), idle))).toEqual([CONTAINER]);
    const fine: Builder = {
      ...builder,
      status: 'running',
      error: undefined,
      nodes: [{ ...builder.nodes[0]!, status: 'running' }],
    };
    delete fine.error;
    expect(await restartLoops(deps(r).docker, [fine], listing('running'), idle)).toEqual({});

    const facts: Facts = {
      inspects: {},
      builders: [builder],
      instanceFiles: [{ path: '/h/.docker/buildx/instances/rl', content: '{"Name":"rl","Nodes":[]}' }],
      buildkitdTomls: [],
      orphans: [],
      containers: listing('restarting'),
      activity,
      restartLoops: loops,
    };
    expect(busyBuilders(facts).size).toBe(0);
    const out = runChecks(CHECKS, facts, OPTS).findings;
    expect(out.map((f) => f.id)).not.toContain('builder.busy');
    // The loop's finding replaces builder.error (the same "is restarting" seen by buildx).
    expect(out.map((f) => f.id)).not.toContain('builder.error');
    const f = out.find((x) => x.id === 'builder.restart-loop') as Finding;
    expect(f).toMatchObject({ severity: 'error', subject: 'rl' });
    expect(f.message).toContain('failed to parse config');
    expect(f.repair).toMatchObject({ action: 'builder.recreate', target: 'rl', automatic: true, keepState: true });
    expect(
      f.evidence.some((e) => e.kind === 'command' && e.argv.join(' ') === `docker logs --tail 60 ${CONTAINER}`),
    ).toBe(true);

    // A corrupt state database: recreated without its state.
    const db = recorded(`${D}/real-corrupt-db/logs`);
    const r2 = new FakeRunner().on(`docker logs --tail 60 ${CONTAINER}`, { stdout: db.stdout, stderr: db.stderr });
    const loops2 = await restartLoops(deps(r2).docker, [builder], listing('restarting'), {});
    const f2 = runChecks(CHECKS, { ...facts, activity: {}, restartLoops: loops2 }, OPTS).findings.find(
      (x) => x.id === 'builder.restart-loop',
    ) as Finding;
    expect(f2.message).toContain('failed to open database file /var/lib/buildkit/cache.db');
    expect(f2.repair?.keepState).toBeUndefined();

    // Without an instance file (nothing to create it again from): advice only.
    const f3 = runChecks(CHECKS, { ...facts, instanceFiles: [] }, OPTS).findings.find(
      (x) => x.id === 'builder.restart-loop',
    ) as Finding;
    expect(f3.repair).toBeUndefined();
    expect(f3.advice).toContain('docker buildx rm rl');
  });

  it("its definition's own buildkitd.toml is what it loops on: no repair (it would loop again), the file named and shown, how to fix it; a reinstall keeps it", async () => {
    const toml = '[worker.oci]\n  enabled = false\n[worker.containerd]\n  enabled = false\n';
    const log = recorded(`${D}/real-restarting/logs`);
    const r = new FakeRunner()
      .on(`docker logs --tail 60 ${CONTAINER}`, { stdout: log.stdout, stderr: log.stderr })
      .on(`docker cp ${CONTAINER}:/etc/buildkit/buildkitd.toml -`, { stdout: tarText(toml) });
    const loops = await restartLoops(deps(r).docker, [builder], listing('restarting'), {});
    expect(loops[CONTAINER]?.config).toBe(toml);
    const instance = JSON.stringify({
      Name: 'rl',
      Driver: 'docker-container',
      Nodes: [{ Name: 'rl0', Files: { 'buildkitd.toml': Buffer.from(toml).toString('base64') } }],
    });
    const path = '/h/.docker/buildx/instances/rl';
    const facts: Facts = {
      inspects: {},
      builders: [builder],
      instanceFiles: [{ path, content: instance }],
      buildkitdTomls: [],
      orphans: [],
      containers: listing('restarting'),
      activity: {},
      restartLoops: loops,
    };
    const f = runChecks(CHECKS, facts, OPTS).findings.find((x) => x.id === 'builder.restart-loop') as Finding;
    expect(f.severity).toBe('error');
    expect(f.repair).toBeUndefined();
    expect(f.message).toContain('failed to parse config');
    expect(f.message).toContain(`BuildKit rejects the buildkitd.toml builder rl was created with`);
    expect(f.message).toContain(path);
    expect(f.evidence).toContainEqual({ kind: 'file', path, content: toml });
    expect(f.advice).toContain('docker buildx rm --keep-state rl');
    expect(f.advice).toContain('--buildkitd-config <fixed buildkitd.toml>');
    expect(rejectedDefinitions([f], ['rl'])).toEqual(['rl']);
    // The same buildkitd.toml with a cause that does not name the configuration (a flag it
    // rejects): the toml is not blamed, the builder is re-created keeping its cache.
    const flagLoop = { [CONTAINER]: { ...loops[CONTAINER]!, cause: 'flag provided but not defined: -debugaddr' } };
    const ff = runChecks(CHECKS, { ...facts, restartLoops: flagLoop }, OPTS).findings.find(
      (x) => x.id === 'builder.restart-loop',
    ) as Finding;
    expect(ff.repair).toMatchObject({ action: 'builder.recreate', automatic: true, keepState: true });
    expect(ff.message).not.toContain('BuildKit rejects the buildkitd.toml');
    expect(configRejected('no worker found, build-time default')).toBe(true);
    expect(configRejected('(3, 10): expected an equals; failed to parse config')).toBe(true);
    expect(configRejected('flag provided but not defined: -debugaddr')).toBe(false);
    // Another node name is given back to buildx create in the advice.
    const custom = instance.replace('"rl0"', '"rl-node"');
    const loopsCustom = { 'buildx_buildkit_rl-node': { ...loops[CONTAINER]!, container: 'buildx_buildkit_rl-node' } };
    const fc = runChecks(
      CHECKS,
      { ...facts, instanceFiles: [{ path, content: custom }], restartLoops: loopsCustom },
      OPTS,
    ).findings.find((x) => x.id === 'builder.restart-loop') as Finding;
    expect(fc.advice).toContain('--node rl-node');
    // A reinstall keeps it, saying why; other builders are removed as before.
    const other: Builder = {
      ...builder,
      name: 'ok',
      status: 'running',
      nodes: [{ ...builder.nodes[0]!, name: 'ok0' }],
    };
    const plan = planClean({
      mode: 'reinstall',
      findings: [],
      builders: [builder, other],
      instanceNames: ['rl', 'ok'],
      options: { pruneCache: false },
      rejected: ['rl'],
    });
    expect(plan.filter((p) => p.target === 'rl').map((p) => [p.kind, p.action])).toEqual([['keep', 'builder.keep']]);
    expect(plan.filter((p) => p.target === 'ok').map((p) => p.action)).toEqual(['builder.remove']);
  });

  it('firstTarFile reads the one file of a `docker cp ... -` stream; anything else is undefined', () => {
    expect(firstTarFile(tarOf('a = 1\n'))).toBe('a = 1\n');
    expect(firstTarFile(Buffer.alloc(100))).toBeUndefined();
    const dir = Buffer.from(tarOf('x'));
    dir[156] = '5'.charCodeAt(0);
    expect(firstTarFile(dir)).toBeUndefined();
    // Cut short: the size says more than there is.
    expect(firstTarFile(tarOf('0123456789').subarray(0, 515))).toBeUndefined();
  });

  it('clean removes it (keeping its state volume when the state is not the cause): the recheck does not take it for a build', async () => {
    const finding: Finding = {
      id: 'builder.restart-loop',
      severity: 'error',
      subject: 'rl',
      message: '',
      evidence: [],
      repair: { action: 'builder.recreate', description: '', target: 'rl', automatic: true, keepState: true },
    };
    const plan = planClean({
      mode: 'repair',
      builders: [builder],
      instanceNames: ['rl'],
      options: { pruneCache: false },
      findings: [finding],
    });
    const top = recorded(`${D}/real-restarting/top`);
    // Inspected again right before the removal: still restarting (recorded on docker 26.1.5).
    const looping = recorded('docker/26.1.5+dfsg1/restart-loop-recheck/state-loop-restarting');
    const inspect = `docker container inspect --format {"state":{{json .State}},"restartCount":{{json .RestartCount}}} ${CONTAINER}`;
    const r = new FakeRunner()
      .on(inspect, { stdout: looping.stdout })
      .on(`docker top ${CONTAINER} -o pid,args`, { stdout: top.stdout, stderr: top.stderr, exitCode: 1 })
      .on('docker buildx rm --force --keep-state rl', {})
      // buildx rm skips a node it cannot load (restarting): its container is removed after it.
      .on(`docker rm --force ${CONTAINER}`, {});
    const out = await executeClean(deps(r), plan, { dryRun: false, backupVerified: true, backupEnabled: true });
    expect(out.actions.map((a) => [a.action, a.target, a.ok])).toEqual([['builder.remove', 'rl', true]]);
    expect(r.calls.filter((c) => c.opts.mutates).map((c) => c.argv.join(' '))).toEqual([
      'docker buildx rm --force --keep-state rl',
      `docker rm --force ${CONTAINER}`,
    ]);
    // Its state volume is kept: no volume listing, no volume removal.
    expect(r.calls.some((c) => c.argv.includes('volume'))).toBe(false);
    // A container diagnose saw looping cannot be building: its process list is not read again (a
    // list caught during one of its short starts was once taken for a build).
    expect(r.calls.some((c) => c.argv[1] === 'top')).toBe(false);

    // Already gone (buildx removed it): fine. Still there after a forced removal: a failed step.
    const gone = new FakeRunner()
      .on(inspect, { stdout: looping.stdout })
      .on(`docker top ${CONTAINER} -o pid,args`, { stdout: top.stdout, stderr: top.stderr, exitCode: 1 })
      .on('docker buildx rm --force --keep-state rl', {})
      .on(`docker rm --force ${CONTAINER}`, {
        exitCode: 1,
        stderr: `Error response from daemon: No such container: ${CONTAINER}`,
      });
    const ok = await executeClean(deps(gone), plan, { dryRun: false, backupVerified: true, backupEnabled: true });
    expect(ok.actions.map((a) => a.ok)).toEqual([true]);
    const stuck = new FakeRunner()
      .on(inspect, { stdout: looping.stdout })
      .on(`docker top ${CONTAINER} -o pid,args`, { stdout: top.stdout, stderr: top.stderr, exitCode: 1 })
      .on('docker buildx rm --force --keep-state rl', {})
      .on(`docker rm --force ${CONTAINER}`, { exitCode: 1, stderr: 'Error response from daemon: permission denied' });
    const bad = await executeClean(deps(stuck), plan, { dryRun: false, backupVerified: true, backupEnabled: true });
    expect(bad.actions[0]).toMatchObject({ ok: false, detail: `containers still present after removal: ${CONTAINER}` });
  });
});

describe('the real process lists (idle, building, dial-stdio only, paused)', () => {
  it.each(['top', 'top-api'])('%s: idle is idle; a RUN step or a connected buildctl is busy', (cmd) => {
    const ps = (c: string) => parseTop(recorded(`${D}/real-${c}/${cmd}`).stdout);
    const idle = ps('idle');
    // The real image: docker-init, then buildkitd with the flags buildx gives it.
    expect(idle.map((p) => p.args.split(' ')[0])).toEqual(['/sbin/docker-init', 'buildkitd']);
    expect(buildkitActivity(idle)).toBe('idle');
    const building = ps('building');
    expect(building.map((p) => p.args)).toContain('sleep 60');
    expect(building.map((p) => p.args)).toContain('buildctl dial-stdio');
    expect(building.some((p) => p.args.startsWith('runc '))).toBe(true);
    expect(buildkitActivity(building)).toBe('busy');
    const client = ps('dial-stdio');
    expect(client.map((p) => p.args)).toContain('buildctl dial-stdio');
    expect(buildkitActivity(client)).toBe('busy');
    // A paused container still lists its processes (frozen): paused is told by the listing's state.
    expect(buildkitActivity(ps('paused'))).toBe('idle');
  });
});

/**
 * Runs `fn` on fake time: the activity check's pauses (up to 10 s) pass at once, in order.
 */
async function paced<T>(fn: () => Promise<T>): Promise<T> {
  vi.useFakeTimers();
  try {
    const p = fn();
    await vi.runAllTimersAsync();
    return await p;
  } finally {
    vi.useRealTimers();
  }
}

describe('a busy process list is asked for again (what it shows may be ending)', () => {
  const list = (c: string) => recorded(`${D}/real-${c}/top`).stdout;
  const fake = (answers: string[]) => {
    const runner = new FakeRunner();
    runner.on('docker top buildx_buildkit_b0 -o pid,args', () => ({ stdout: answers.shift() ?? list('dial-stdio') }));
    return { docker: new Docker(runner, { env: {} }), runner };
  };

  it('a `buildctl dial-stdio` that is gone a few lists later (a loaded host) is idle', async () => {
    const { docker, runner } = fake([list('dial-stdio'), list('dial-stdio'), list('dial-stdio'), list('idle')]);
    const a = await paced(() => activityOf(docker, undefined, 'buildx_buildkit_b0'));
    expect(a.state).toBe('idle');
    expect(runner.calls).toHaveLength(4);
  });

  it('one that stays is a client at work: busy, after every recheck', async () => {
    const { docker, runner } = fake([]);
    const a = await paced(() => activityOf(docker, undefined, 'buildx_buildkit_b0'));
    expect(a.state).toBe('busy');
    expect(a.processes).toContain('buildctl dial-stdio');
    // The first list and one after each of the eight pauses (10 s in all).
    expect(runner.calls).toHaveLength(9);
  });

  it('a build step that ends a few lists later (its runc and shell going after the client returned) is idle', async () => {
    const { docker, runner } = fake([list('building'), list('building'), list('idle')]);
    expect((await paced(() => activityOf(docker, undefined, 'buildx_buildkit_b0'))).state).toBe('idle');
    expect(runner.calls).toHaveLength(3);
  });

  it('a build step that stays is a build: busy, after every recheck', async () => {
    const { docker, runner } = fake(Array.from({ length: 9 }, () => list('building')));
    const a = await paced(() => activityOf(docker, undefined, 'buildx_buildkit_b0'));
    expect(a.state).toBe('busy');
    expect(a.processes).toContain('sleep 60');
    expect(runner.calls).toHaveLength(9);
  });

  it('the quick look (the pre-build step): a build step is busy at once; a list of clients alone is asked again (6 s at most)', async () => {
    const build = fake([list('building'), list('idle')]);
    expect((await paced(() => activityOf(build.docker, undefined, 'buildx_buildkit_b0', true))).state).toBe('busy');
    expect(build.runner.calls).toHaveLength(1);
    const clients = fake([list('dial-stdio'), list('dial-stdio'), list('idle')]);
    expect((await paced(() => activityOf(clients.docker, undefined, 'buildx_buildkit_b0', true))).state).toBe('idle');
    expect(clients.runner.calls).toHaveLength(3);
    const stays = fake([]);
    expect((await paced(() => activityOf(stays.docker, undefined, 'buildx_buildkit_b0', true))).state).toBe('busy');
    expect(stays.runner.calls).toHaveLength(7);
  });

  it('an idle list is idle at once, with no recheck', async () => {
    const { docker, runner } = fake([list('idle')]);
    expect((await paced(() => activityOf(docker, undefined, 'buildx_buildkit_b0'))).state).toBe('idle');
    expect(runner.calls).toHaveLength(1);
  });
});
