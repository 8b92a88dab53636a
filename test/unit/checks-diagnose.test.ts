import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recorded } from '../fixtures/load.js';
import { FakeRunner, type Scripted } from '../helpers/fake-runner.js';
import { Docker } from '../../src/docker/docker.js';
import type { RunOptions, Runner } from '../../src/docker/runner.js';
import type { CommandResult } from '../../src/core/types.js';
import { silentLogger, type Deps } from '../../src/core/deps.js';
import { diagnose } from '../../src/phases/diagnose.js';
import type { DiagnoseOptions } from '../../src/checks/types.js';

const B = 'buildx/0.13.1/healthy';
const V = 'docker/28.2.2/healthy';

function rec(id: string): Scripted {
  const r = recorded(id);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exit ?? 0 };
}

/** Wraps the fake with a delay, counting how many commands run at once. */
class Concurrent implements Runner {
  inFlight = 0;
  maxInFlight = 0;
  constructor(readonly fake: FakeRunner, private readonly delayMs = 30) {}
  async run(file: string, args: string[], opts: RunOptions): Promise<CommandResult> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, this.delayMs));
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
    minBuildxVersion: '0.10.0', cacheLimitBytes: 10e9, minFreeBytes: 1, daemonJsonPaths: [join(dir, 'daemon.json')],
    buildkitdTomlPaths: [], baseline: false,
  };
  return { deps: { runner, docker, env, log: silentLogger, now: () => new Date(), version: 't' }, runner, opts };
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
  it('quick: only the cheap probes, all at once', async () => {
    const { deps, runner, opts } = setup(healthyFake());
    const d = await diagnose(deps, opts, 'quick');
    expect(d.findings).toEqual([]);
    const cmds = runner.fake.calls.map((c) => c.argv.join(' ')).sort();
    expect(cmds).toEqual([PS, 'docker buildx ls --format json', 'docker buildx version', 'docker info --format {{json .}}', 'docker version --format {{json .}}', VOLS].sort());
    expect(runner.maxInFlight).toBe(6);
    for (const c of runner.fake.calls) expect(c.opts.timeoutMs).toBe(deps.docker.timeouts.probe);
    expect(d.builders.map((b) => [b.name, b.status])).toEqual([['default', 'running']]);
    expect(d.currentBuilder).toBe('default');
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
      .on('docker buildx ls --format json', { exitCode: 1, stderr: 'unknown flag: --format\nSee \'docker buildx ls --help\'.\n' })
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
      .on(PS, { exitCode: 1, stderr: 'Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?\n' })
      .on(VOLS, { exitCode: 1, stderr: 'Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?\n' });
    const { deps, opts } = setup(fake);
    const d = await diagnose(deps, { ...opts, baseline: true }, 'full');
    expect(d.findings.map((f) => f.id)).toEqual(['daemon.unreachable']);
    expect(d.baseline).toBeUndefined();
  });
});
