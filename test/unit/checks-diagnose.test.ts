import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recorded } from '../fixtures/load.js';
import { FakeRunner, type Scripted } from '../support/fake-runner.js';
import { Docker } from '../../src/docker/docker.js';
import type { RunOptions, Runner } from '../../src/docker/runner.js';
import type { CommandResult } from '../../src/core/types.js';
import { silentLogger, type Deps } from '../../src/docker/deps.js';
import { diagnose } from '../../src/phases/diagnose.js';
import { findOrphans, markInUse } from '../../src/phases/diagnose/orphans.js';
import { listingEntries, runningContainers } from '../../src/phases/diagnose/leftovers.js';
import { needsProbes } from '../../src/phases/diagnose/gather.js';
import { pluginDirs } from '../../src/docker/plugin.js';
import { localEngineSocket } from '../../src/docker/engine.js';
import { parseLsJson } from '../../src/docker/parse/index.js';
import type { DiagnoseOptions } from '../../src/core/options.js';

const B = 'buildx/0.13.1/healthy';
const V = 'docker/28.2.2/healthy';

function rec(id: string): Scripted {
  const r = recorded(id);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exit ?? 0 };
}

/**
 * Wraps the fake with a delay, counting how many commands run at once. With `gate`, each command
 * waits until that many are in flight (or 2 s passed): overlapping calls are then seen overlapping
 * however slow the machine is, and calls made one after another still count 1.
 */
class Concurrent implements Runner {
  inFlight = 0;
  maxInFlight = 0;
  gate = 0;
  constructor(
    readonly fake: FakeRunner,
    private readonly delayMs = 30,
  ) {}
  async run(file: string, args: string[], opts: RunOptions): Promise<CommandResult> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, this.delayMs));
    for (const until = Date.now() + 2000; this.inFlight < this.gate && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 5));
    }
    try {
      return await this.fake.run(file, args, opts);
    } finally {
      this.inFlight--;
    }
  }
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function setup(fake: FakeRunner): { deps: Deps; runner: Concurrent; opts: DiagnoseOptions } {
  dir = mkdtempSync(join(tmpdir(), 'bkh-diag-'));
  const env = { HOME: dir, DOCKER_CONFIG: join(dir, '.docker'), PATH: process.env.PATH };
  const runner = new Concurrent(fake);
  const docker = new Docker(runner, { env });
  const opts: DiagnoseOptions = {
    minBuildxVersion: '0.10.0',
    cacheLimitBytes: 10e9,
    minFreeBytes: 1,
    daemonJsonPaths: [join(dir, 'daemon.json')],
    buildkitdTomlPaths: [],
    baseline: false,
  };
  return { deps: { docker, env, log: silentLogger, now: () => new Date(), version: 't' }, runner, opts };
}

const PS = 'docker ps -a --filter name=buildx_buildkit_ --format {{json .}}';
const VOLS = 'docker volume ls --filter name=buildx_buildkit_ --format {{json .}}';

function healthyFake(): FakeRunner {
  return new FakeRunner()
    .on('docker version --format {{json .}}', rec(`${V}/version`))
    .on('docker info --format {{json .}}', rec(`${V}/info`))
    .on('docker buildx version', rec(`${B}/version`))
    .on('docker buildx ls --format json', rec(`${B}/ls-json`))
    .on(PS, { stdout: '' })
    .on(VOLS, { stdout: '' });
}

describe('diagnose over a scripted runner (recorded output)', () => {
  it('quick, healthy: one `buildx ls --format json` and the leftovers, no CLI probes', async () => {
    const { deps, runner, opts } = setup(healthyFake());
    runner.gate = 3;
    const d = await diagnose(deps, opts, 'quick');
    expect(d.findings).toEqual([]);
    const cmds = runner.fake.calls.map((c) => c.argv.join(' ')).sort();
    expect(cmds).toEqual([PS, 'docker buildx ls --format json', VOLS].sort());
    expect(runner.maxInFlight).toBe(3);
    for (const c of runner.fake.calls) expect(c.opts.timeoutMs).toBe(deps.docker.timeouts.probe);
    expect(d.builders.map((b) => [b.name, b.status])).toEqual([['default', 'running']]);
    expect(d.currentBuilder).toBe('default');
    // A scripted runner never opens the Engine API door nor runs the machine's plugin.
    expect(d.facts.info).toBeUndefined();
    expect(d.facts.buildxVersion).toBeUndefined();
  });

  it('quick: a minimum buildx version above 0.13 asks buildx itself', async () => {
    const { deps, runner, opts } = setup(healthyFake());
    const d = await diagnose(deps, { ...opts, minBuildxVersion: '0.20.0' }, 'quick');
    expect(runner.fake.calls.map((c) => c.argv.join(' '))).toContain('docker buildx version');
    expect(d.findings.map((f) => f.id)).toEqual(['buildx.too-old']);
  });

  it('quick with an unreachable daemon: the error in ls brings in the probes that name it', async () => {
    const fake = new FakeRunner()
      .on('docker version --format {{json .}}', rec('docker/28.2.2/daemon-unreachable/version'))
      .on('docker info --format {{json .}}', rec('docker/28.2.2/daemon-unreachable/info'))
      .on('docker buildx version', rec(`${B}/version`))
      .on('docker buildx ls --format json', rec('buildx/0.13.1/daemon-unreachable/ls-json'))
      .on(PS, {
        exitCode: 1,
        stderr: 'Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?\n',
      })
      .on(VOLS, {
        exitCode: 1,
        stderr: 'Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?\n',
      });
    const { deps, runner, opts } = setup(fake);
    const d = await diagnose(deps, opts, 'quick');
    expect(d.findings.map((f) => f.id)).toEqual(['daemon.unreachable']);
    expect(runner.fake.calls).toHaveLength(6);
  });

  it('full: adds inspect per builder and du, and reads state files', async () => {
    const fake = healthyFake()
      .on('docker buildx inspect default', rec(`${B}/inspect-default`))
      .on('docker buildx du --verbose', rec('buildx/0.13.1/builds/du-verbose'));
    const { deps, opts } = setup(fake);
    const inst = join(deps.docker.paths.instancesDir);
    mkdirSync(inst, { recursive: true });
    writeFileSync(join(inst, 'broken'), 'garbage');
    const d = await diagnose(deps, { ...opts, cacheLimitBytes: 1000 }, 'full');
    expect(d.facts.inspects.default?.parsed?.nodes[0]?.status).toBe('running');
    expect(d.findings.map((f) => f.id).sort()).toEqual(['cache.over-limit', 'state.invalid-instance']);
  });

  it('falls back to the table when `ls --format` is unknown (buildx < 0.13)', async () => {
    const fake = healthyFake()
      .on('docker buildx ls --format json', {
        exitCode: 1,
        stderr: "unknown flag: --format\nSee 'docker buildx ls --help'.\n",
      })
      .on('docker buildx ls', rec(`${B}/ls`));
    const { deps, opts } = setup(fake);
    const d = await diagnose(deps, opts, 'quick');
    expect(d.facts.ls?.parsed?.format).toBe('table');
    expect(d.builders.map((b) => b.name)).toEqual(['default']);
    expect(d.findings).toEqual([]);
  });

  it('full with an unreachable daemon skips inspect, du and the baseline', async () => {
    const fake = new FakeRunner()
      .on('docker version --format {{json .}}', rec('docker/28.2.2/daemon-unreachable/version'))
      .on('docker info --format {{json .}}', rec('docker/28.2.2/daemon-unreachable/info'))
      .on('docker buildx version', rec(`${B}/version`))
      .on('docker buildx ls --format json', rec('buildx/0.13.1/daemon-unreachable/ls-json'))
      .on(PS, {
        exitCode: 1,
        stderr: 'Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?\n',
      })
      .on(VOLS, {
        exitCode: 1,
        stderr: 'Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?\n',
      });
    const { deps, opts } = setup(fake);
    const d = await diagnose(deps, { ...opts, baseline: true }, 'full');
    expect(d.findings.map((f) => f.id)).toEqual(['daemon.unreachable']);
    expect(d.baseline).toBeUndefined();
  });
});

describe('quick diagnose: the pure parts', () => {
  const ok = (stdout: string, argv = ['GET', 'unix:///s', '/x']): CommandResult => ({
    argv,
    exitCode: 0,
    signal: null,
    stdout,
    stderr: '',
    timedOut: false,
    durationMs: 1,
  });

  it('needsProbes: only a plainly healthy first look skips the CLI probes', () => {
    const lsOk = {
      result: ok(recorded(`${B}/ls-json`).stdout, ['docker', 'buildx', 'ls', '--format', 'json']),
      parsed: parseLsJson(recorded(`${B}/ls-json`).stdout),
    };
    const base = { ls: lsOk, containers: ok('[]'), volumes: ok('{"Volumes":[]}') };
    const min = { minBuildxVersion: '0.10.0' };
    expect(needsProbes(base, min)).toBe(false);
    expect(needsProbes(base, { minBuildxVersion: '0.13.1' })).toBe(true);
    expect(
      needsProbes({ ...base, ls: { ...lsOk, result: { ...lsOk.result, stderr: 'WARNING: something\n' } } }, min),
    ).toBe(true);
    expect(needsProbes({ ...base, ls: { ...lsOk, result: { ...lsOk.result, timedOut: true } } }, min)).toBe(true);
    expect(needsProbes({ ...base, containers: { ...ok(''), exitCode: null, stderr: 'connect ENOENT /s' } }, min)).toBe(
      true,
    );
    const dead = recorded('buildx/0.13.1/dead-context/ls-json');
    expect(
      needsProbes({ ...base, ls: { result: ok(dead.stdout), parsed: parseLsJson(dead.stdout, dead.stderr) } }, min),
    ).toBe(true);
  });

  it('listingEntries: the Engine API documents and the CLI JSON lines give the same names', () => {
    const api = ok(JSON.stringify([{ Id: 'x', Names: ['/buildx_buildkit_a0'], State: 'exited' }]));
    const cli = ok('{"ID":"x","Names":"buildx_buildkit_a0","State":"exited"}\n');
    expect(listingEntries(api)).toEqual([{ names: ['buildx_buildkit_a0'], state: 'exited' }]);
    expect(listingEntries(cli)).toEqual(listingEntries(api));
    const vapi = ok(JSON.stringify({ Volumes: [{ Name: 'buildx_buildkit_a0_state' }], Warnings: null }));
    const vcli = ok('{"Driver":"local","Name":"buildx_buildkit_a0_state"}\n');
    expect(listingEntries(vapi)).toEqual([{ names: ['buildx_buildkit_a0_state'] }]);
    expect(listingEntries(vcli)).toEqual(listingEntries(vapi));
    expect(listingEntries(ok(JSON.stringify({ Volumes: null })))).toEqual([]);
    expect(listingEntries({ ...api, exitCode: 1 })).toEqual([]);
    const orphans = findOrphans(api, vapi, new Set(), []);
    expect(orphans.map((o) => [o.kind, o.name, o.builder, o.state])).toEqual([
      ['container', 'buildx_buildkit_a0', 'a', 'exited'],
      ['volume', 'buildx_buildkit_a0_state', 'a', undefined],
    ]);
  });

  it('listingEntries: a CLI with no State gives it from Status; runningContainers lists the running ones', () => {
    const lines = [
      { Names: 'buildx_buildkit_up0', Status: 'Up 3 hours' },
      { Names: 'buildx_buildkit_paused0', Status: 'Up 2 minutes (Paused)' },
      { Names: 'buildx_buildkit_exited0', Status: 'Exited (137) 5 days ago' },
      { Names: 'buildx_buildkit_new0', Status: 'Created' },
      { Names: 'buildx_buildkit_loop0', Status: 'Restarting (1) 4 seconds ago' },
      { Names: 'buildx_buildkit_gone0', Status: 'Removal In Progress' },
      { Names: 'buildx_buildkit_odd0', Status: 'something new' },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n');
    expect(listingEntries(ok(lines)).map((e) => e.state)).toEqual([
      'running',
      'paused',
      'exited',
      'created',
      'restarting',
      'removing',
      undefined,
    ]);
    expect(runningContainers(ok(lines))).toEqual(['buildx_buildkit_up0']);
  });

  it('markInUse: only stopped leftovers stay removable; a running or paused one holds its volume', () => {
    const listing = ok(
      JSON.stringify([
        { Names: ['/buildx_buildkit_run0'], State: 'running' },
        { Names: ['/buildx_buildkit_paused0'], State: 'paused' },
        { Names: ['/buildx_buildkit_unknown0'] },
        { Names: ['/buildx_buildkit_dead0'], State: 'exited' },
        { Names: ['/buildx_buildkit_loop0'], State: 'restarting' },
      ]),
    );
    const vols = ok(
      JSON.stringify({
        Volumes: ['run0', 'paused0', 'dead0', 'lone0'].map((n) => ({ Name: `buildx_buildkit_${n}_state` })),
      }),
    );
    const orphans = findOrphans(listing, vols, new Set(), []);
    const evidence = ok('{"Titles":["PID","COMMAND"],"Processes":[["1","buildkitd"]]}');
    markInUse(orphans, { buildx_buildkit_run0: { state: 'idle', processes: ['buildkitd'], evidence } });
    expect(
      orphans.map((o) => [
        o.name,
        o.inUse === undefined ? 'remove' : (o.inUse.by ?? o.inUse.activity?.state ?? 'kept'),
      ]),
    ).toEqual([
      ['buildx_buildkit_run0', 'idle'],
      ['buildx_buildkit_paused0', 'kept'],
      ['buildx_buildkit_unknown0', 'kept'],
      ['buildx_buildkit_dead0', 'remove'],
      ['buildx_buildkit_loop0', 'remove'],
      ['buildx_buildkit_run0_state', 'buildx_buildkit_run0'],
      ['buildx_buildkit_paused0_state', 'buildx_buildkit_paused0'],
      ['buildx_buildkit_dead0_state', 'remove'],
      ['buildx_buildkit_lone0_state', 'remove'],
    ]);
    // A daemon this client has alone (shared-daemon false): the idle running one is a leftover too,
    // with its volume; a busy one, a paused one and one whose processes were not read still stay.
    const alone = findOrphans(listing, vols, new Set(), []);
    const run1 = ok(
      JSON.stringify([
        { Names: ['/buildx_buildkit_run0'], State: 'running' },
        { Names: ['/buildx_buildkit_busy0'], State: 'running' },
        { Names: ['/buildx_buildkit_unread0'], State: 'running' },
      ]),
    );
    const mixed = findOrphans(
      run1,
      ok(
        JSON.stringify({ Volumes: [{ Name: 'buildx_buildkit_run0_state' }, { Name: 'buildx_buildkit_busy0_state' }] }),
      ),
      new Set(),
      [],
    );
    markInUse(alone, { buildx_buildkit_run0: { state: 'idle', processes: ['buildkitd'], evidence } }, false);
    markInUse(
      mixed,
      {
        buildx_buildkit_run0: { state: 'idle', processes: ['buildkitd'], evidence },
        buildx_buildkit_busy0: { state: 'busy', processes: ['buildkitd', 'buildctl dial-stdio'], evidence },
      },
      false,
    );
    expect(alone.filter((o) => o.inUse === undefined).map((o) => o.name)).toEqual([
      'buildx_buildkit_run0',
      'buildx_buildkit_dead0',
      'buildx_buildkit_loop0',
      'buildx_buildkit_run0_state',
      'buildx_buildkit_dead0_state',
      'buildx_buildkit_lone0_state',
    ]);
    expect(mixed.filter((o) => o.inUse !== undefined).map((o) => o.name)).toEqual([
      'buildx_buildkit_busy0',
      'buildx_buildkit_unread0',
      'buildx_buildkit_busy0_state',
    ]);
    // The container listing failed: no volume can be told free of a running container, all stay.
    const blind = findOrphans({ ...listing, exitCode: 1, stdout: '' }, vols, new Set(), []);
    markInUse(blind, {}, true, false);
    expect(blind.map((o) => [o.kind, o.inUse !== undefined])).toEqual([
      ['volume', true],
      ['volume', true],
      ['volume', true],
      ['volume', true],
    ]);
  });

  it('localEngineSocket: only where the CLI would surely use that socket', () => {
    expect(localEngineSocket({ DOCKER_HOST: 'unix:///run/x.sock' }, undefined)).toBe('/run/x.sock');
    expect(localEngineSocket({}, undefined)).toBe('/var/run/docker.sock');
    expect(localEngineSocket({}, '{"auths":{}}')).toBe('/var/run/docker.sock');
    expect(localEngineSocket({}, '{"currentContext":"default"}')).toBe('/var/run/docker.sock');
    expect(localEngineSocket({}, '{"currentContext":"remote"}')).toBeUndefined();
    expect(localEngineSocket({}, 'not json')).toBeUndefined();
    expect(localEngineSocket({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }, undefined)).toBeUndefined();
    expect(localEngineSocket({ DOCKER_HOST: 'ssh://me@host' }, undefined)).toBeUndefined();
    expect(
      localEngineSocket({ DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'unix:///run/x.sock' }, undefined),
    ).toBeUndefined();
    expect(localEngineSocket({ DOCKER_CONTEXT: 'default', DOCKER_HOST: 'unix:///run/x.sock' }, undefined)).toBe(
      '/run/x.sock',
    );
  });

  it('pluginDirs: the CLI order (config extra dirs, the user dir, the system dirs)', () => {
    const dirs = pluginDirs('/h/.docker/cli-plugins', '{"cliPluginsExtraDirs":["/opt/p", 3]}');
    expect(dirs.slice(0, 2)).toEqual(['/opt/p', '/h/.docker/cli-plugins']);
    expect(dirs).toContain('/usr/libexec/docker/cli-plugins');
    expect(pluginDirs('/u', undefined)[0]).toBe('/u');
  });
});
