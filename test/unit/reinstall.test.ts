import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { Deps } from '../../src/docker/deps.js';
import { silentLogger } from '../../src/docker/deps.js';
import { defaultOptions } from '../../src/core/options.js';
import type { Finding } from '../../src/core/types.js';
import { Docker } from '../../src/docker/docker.js';
import {
  createArgs,
  daemonGc,
  editDaemonJson,
  qemuHandler,
  binfmtEnabled,
  reinstall,
  specFromInstance,
  withGcPolicy,
} from '../../src/phases/reinstall.js';
import { FakeRunner } from '../support/fake-runner.js';

// Recorded from buildx 0.13.1: `buildx create --name tb --driver docker-container --driver-opt
// image=local/busybox-amd64:1 --platform linux/amd64,linux/arm64 --buildkitd-config F --buildkitd-flags --debug`.
const INSTANCE =
  '{"Name":"tb","Driver":"docker-container","Nodes":[{"Name":"tb0","Endpoint":"unix:///work/main/test/env/.work-h5/docker/run/docker.sock","Platforms":[{"architecture":"amd64","os":"linux"},{"architecture":"arm64","os":"linux"}],"DriverOpts":{"image":"local/busybox-amd64:1"},"Flags":["--debug","--allow-insecure-entitlement=network.host"],"Files":{"buildkitd.toml":"Clt3b3JrZXJdCgogIFt3b3JrZXIub2NpXQogICAgZ2MgPSB0cnVlCg=="}}],"Dynamic":false}';
const SOCK = 'unix:///work/main/test/env/.work-h5/docker/run/docker.sock';

function deps(runner: FakeRunner, dir: string): Deps {
  const env = { HOME: dir, DOCKER_CONFIG: join(dir, '.docker'), DOCKER_HOST: SOCK };
  return { docker: new Docker(runner, { env }), env, log: silentLogger, now: () => new Date(0), version: 't' };
}

describe('builder definitions from instance files', () => {
  it('reads name, driver, options, platforms, flags and the buildkitd.toml; the endpoint follows DOCKER_HOST', () => {
    const spec = specFromInstance(INSTANCE, SOCK);
    expect(spec).toEqual({
      name: 'tb',
      driver: 'docker-container',
      driverOpts: { image: 'local/busybox-amd64:1' },
      platforms: ['linux/amd64', 'linux/arm64'],
      buildkitdFlags: '--debug',
      buildkitdConfigInline: '\n[worker]\n\n  [worker.oci]\n    gc = true\n',
      use: false,
    });
    expect(specFromInstance(INSTANCE, 'unix:///other.sock')?.endpoint).toBe(SOCK);
    expect(specFromInstance('garbage{', SOCK)).toBeUndefined();
  });
  it('createArgs: inputs → argv', () => {
    const spec = specFromInstance(INSTANCE, SOCK)!;
    expect(createArgs(spec, '/cfg/tb.toml')).toEqual([
      'buildx',
      'create',
      '--name',
      'tb',
      '--driver',
      'docker-container',
      '--driver-opt',
      'image=local/busybox-amd64:1',
      '--platform',
      'linux/amd64,linux/arm64',
      '--buildkitd-config',
      '/cfg/tb.toml',
      '--buildkitd-flags',
      '--debug',
    ]);
  });
  it('a node name of its own is kept (--node): its container and state volume are named after it', () => {
    const custom = INSTANCE.replace('"Name":"tb0"', '"Name":"tb-node"');
    const spec = specFromInstance(custom, SOCK)!;
    expect(spec.node).toBe('tb-node');
    expect(createArgs(spec).slice(-2)).toEqual(['--node', 'tb-node']);
    // buildx's default node name (<name>0) is left implicit.
    expect(specFromInstance(INSTANCE, SOCK)?.node).toBeUndefined();
    expect(createArgs(specFromInstance(INSTANCE, SOCK)!)).not.toContain('--node');
  });
});

describe('daemon.json and GC', () => {
  it('turns BuildKit on and keeps every other key', () => {
    const r = editDaemonJson('{"features":{"buildkit":false,"containerd-snapshotter":true},"debug":true}', {
      enableBuildkit: true,
    });
    expect(r.changed).toBe(true);
    expect(JSON.parse(r.text)).toEqual({ features: { buildkit: true, 'containerd-snapshotter': true }, debug: true });
    expect(editDaemonJson(r.text, { enableBuildkit: true }).changed).toBe(false);
    expect(() => editDaemonJson('{bad', { enableBuildkit: true })).toThrow();
  });
  it('builder.gc for the docker driver; a GC policy in buildkitd.toml for container builders', () => {
    expect(daemonGc({ keepStorage: '10GB', keepDuration: '720h' })).toEqual({
      enabled: true,
      defaultKeepStorage: '10GB',
      policy: [
        { filter: ['unused-for=720h'], keepStorage: '10GB' },
        { keepStorage: '10GB', all: true },
      ],
    });
    const toml = parseToml(
      withGcPolicy('[worker.oci]\nmax-parallelism = 4\n', { keepStorage: '5GB', keepDuration: '48h' }),
    ) as { worker: { oci: Record<string, unknown> } };
    expect(toml.worker.oci).toEqual({
      'max-parallelism': 4,
      gc: true,
      gckeepstorage: '5GB',
      gcpolicy: [
        { keepDuration: '48h', keepBytes: '5GB' },
        { all: true, keepBytes: '5GB' },
      ],
    });
  });
});

describe('QEMU binfmt', () => {
  it('native platforms need no handler', () => {
    expect(qemuHandler('linux/arm64', 'x64')).toBe('qemu-aarch64');
    expect(qemuHandler('linux/amd64', 'x64')).toBeUndefined();
    expect(qemuHandler('linux/arm/v7', 'x64')).toBe('qemu-arm');
    expect(qemuHandler('linux/amd64', 'arm64')).toBe('qemu-x86_64');
  });
  it('reads the enabled line of binfmt_misc entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-binfmt-'));
    writeFileSync(join(dir, 'qemu-aarch64'), 'enabled\ninterpreter /usr/bin/qemu-aarch64\n');
    writeFileSync(join(dir, 'qemu-arm'), 'disabled\n');
    expect(binfmtEnabled(dir, 'qemu-aarch64')).toBe(true);
    expect(binfmtEnabled(dir, 'qemu-arm')).toBe(false);
    expect(binfmtEnabled(dir, 'qemu-s390x')).toBe(false);
  });
});

describe('reinstall phase with a fake runner', () => {
  const recreate = (name: string): Finding => ({
    id: 'builder.error',
    severity: 'error',
    subject: name,
    message: '',
    evidence: [],
    repair: { action: 'builder.recreate', description: '', target: name, automatic: true },
  });

  it('recreates a removed builder from its instance file, puts the builder in use back, runs binfmtCommand for a missing platform', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-re-'));
    const binfmt = join(dir, 'binfmt');
    mkdirSync(binfmt);
    const cfg = join(dir, '.docker', 'buildkit-healer', 'buildkitd', 'tb.toml');
    const r = new FakeRunner()
      .on(
        `docker buildx create --name tb --driver docker-container --driver-opt image=local/busybox-amd64:1 --platform linux/amd64,linux/arm64 --buildkitd-config ${cfg} --buildkitd-flags --debug`,
        { stdout: 'tb\n' },
      )
      .on('docker buildx inspect --bootstrap tb', { stdout: 'Name: tb\nDriver: docker-container\n' })
      .on('docker buildx use tb', {})
      .on(`sh -c echo enabled > ${binfmt}/qemu-s390x`, () => {
        writeFileSync(join(binfmt, 'qemu-s390x'), 'enabled\n');
        return {};
      });
    const o = defaultOptions({ HOME: dir });
    o.reinstall.platforms = ['linux/s390x'];
    o.reinstall.binfmtCommand = `echo enabled > ${binfmt}/qemu-s390x`;
    const res = await reinstall(
      deps(r, dir),
      {
        mode: 'repair',
        findings: [recreate('tb')],
        builders: [],
        instanceFiles: [{ path: '/x/instances/tb', content: INSTANCE }],
        currentBuilder: 'tb',
        removed: ['tb'],
        options: o,
      },
      { binfmtDir: binfmt },
    );
    expect(res.actions.map((a) => `${a.action} ${a.target} ${a.ok}`)).toEqual([
      'binfmt.install linux/s390x true',
      'builder.create tb true',
      'builder.bootstrap tb true',
      'builder.use tb true',
    ]);
    expect(readFileSync(cfg, 'utf8')).toContain('gc = true');
    expect(res.ok).toBe(true);
  });

  it('a declared builder with use: true is never put in use when it was skipped (unknown driver), not created, or did not bootstrap', async () => {
    const unknown: Finding = {
      id: 'builder.unknown-driver',
      severity: 'error',
      subject: 'cloud-r',
      message: '',
      evidence: [],
    };
    const declare = (name: string) => ({
      name,
      driver: 'docker-container' as const,
      driverOpts: {},
      platforms: [],
      use: true,
    });
    const run = async (r: FakeRunner, name: string, findings: Finding[]) => {
      const dir = mkdtempSync(join(tmpdir(), 'bkh-re-'));
      const o = defaultOptions({ HOME: dir });
      o.reinstall.builders = [declare(name)];
      return reinstall(
        deps(r, dir),
        { mode: 'reinstall', findings, builders: [], instanceFiles: [], currentBuilder: name, removed: [], options: o },
        { binfmtDir: dir },
      );
    };
    const acts = (x: { actions: { action: string; target?: string; ok: boolean }[] }) =>
      x.actions.map((a) => `${a.action} ${a.target ?? ''} ${a.ok}`);

    // buildx forgot it (its old driver is unknown): skipped, and default is used.
    const skipped = await run(new FakeRunner().on('docker buildx use default', {}), 'cloud-r', [unknown]);
    expect(acts(skipped)).toEqual(['builder.skip cloud-r true', 'builder.use default true']);
    expect(skipped.notes).toContain(
      'builder cloud-r is declared with use: true, but it was skipped (its driver is unknown to this buildx): not put in use; default is used instead',
    );

    // Its create failed: not used.
    const failed = await run(
      new FakeRunner()
        .on('docker buildx create --name ci --driver docker-container', { exitCode: 1, stderr: 'ERROR: boom\n' })
        .on('docker buildx use default', {}),
      'ci',
      [],
    );
    expect(acts(failed)).toEqual(['builder.create ci false', 'builder.use default true']);

    // Created, but its bootstrap failed (e.g. an image that cannot be pulled): not used.
    const noBoot = await run(
      new FakeRunner()
        .on('docker buildx create --name ci --driver docker-container', { stdout: 'ci\n' })
        .on('docker buildx inspect --bootstrap ci', { exitCode: 1, stderr: 'ERROR: pull access denied\n' })
        .on('docker buildx use default', {}),
      'ci',
      [],
    );
    expect(acts(noBoot)).toEqual(['builder.create ci true', 'builder.bootstrap ci false', 'builder.use default true']);
    expect(noBoot.actions.find((a) => a.action === 'builder.bootstrap')?.detail).toBe(
      'ERROR: pull access denied: not put in use',
    );
  });

  it('a declared builder that does not bootstrap: the builder in use before the heal is put back in use (not default), and the failure is reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-re-'));
    const o = defaultOptions({ HOME: dir });
    o.reinstall.builders = [{ name: 'ci', driver: 'docker-container', driverOpts: {}, platforms: [], use: true }];
    const r = new FakeRunner()
      .on('docker buildx inspect ci', { exitCode: 1, stderr: 'ERROR: no builder "ci" found\n' })
      .on('docker buildx create --name ci --driver docker-container', { stdout: 'ci\n' })
      .on('docker buildx inspect --bootstrap ci', { exitCode: 1, stderr: 'ERROR: pull access denied\n' })
      .on('docker buildx use mine', {});
    const res = await reinstall(
      deps(r, dir),
      {
        mode: 'repair',
        findings: [],
        builders: [],
        instanceFiles: [],
        currentBuilder: 'mine',
        removed: [],
        options: o,
      },
      { binfmtDir: dir },
    );
    expect(res.actions.map((a) => `${a.action} ${a.target} ${a.ok}`)).toEqual([
      'builder.create ci true',
      'builder.bootstrap ci false',
      'builder.use mine true',
    ]);
    expect(res.ok).toBe(false);
    expect(res.notes).toContain(
      'builder ci did not bootstrap: not put in use; mine, the builder in use before the heal, is used instead',
    );
  });

  it('a builder that clean kept (a build in progress) is not created over, and the note says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-re-'));
    const r = new FakeRunner().on('docker buildx use tb', {});
    const o = defaultOptions({ HOME: dir });
    const res = await reinstall(
      deps(r, dir),
      {
        mode: 'repair',
        findings: [recreate('tb')],
        builders: [],
        instanceFiles: [{ path: '/x/instances/tb', content: INSTANCE }],
        currentBuilder: 'tb',
        removed: [],
        kept: ['tb'],
        options: o,
      },
      { binfmtDir: dir },
    );
    expect(r.calls.map((c) => c.argv.join(' ')).filter((c) => c.includes('create'))).toEqual([]);
    expect(res.notes).toContain(
      'builder tb: kept by clean (a build is in progress there, or it runs again since diagnose), left as it is (not recreated)',
    );
  });

  it('BuildKit disabled: daemon.json fixed, no restart command → a note, never a guessed restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-re-'));
    const dj = join(dir, 'daemon.json');
    writeFileSync(dj, '{"features":{"buildkit":false},"log-level":"warn"}');
    const o = defaultOptions({ HOME: dir });
    o.diagnose.daemonJsonPaths = [dj];
    const f: Finding = {
      id: 'buildkit.disabled',
      severity: 'error',
      subject: dj,
      message: '',
      evidence: [],
      repair: { action: 'daemon.enable-buildkit', description: '', target: dj, automatic: true },
    };
    const res = await reinstall(deps(new FakeRunner(), dir), {
      mode: 'repair',
      findings: [f],
      builders: [],
      instanceFiles: [],
      removed: [],
      options: o,
    });
    expect(JSON.parse(readFileSync(dj, 'utf8'))).toEqual({ features: { buildkit: true }, 'log-level': 'warn' });
    expect(res.notes.join('\n')).toMatch(/must be restarted.*never guessed/);
    expect(res.actions.map((a) => a.action)).toEqual(['daemon.enable-buildkit']);
  });

  it('with daemonRestartCommand the daemon is restarted through it and waited for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-re-'));
    const dj = join(dir, 'daemon.json');
    const o = defaultOptions({ HOME: dir });
    o.diagnose.daemonJsonPaths = [dj];
    o.reinstall.daemonRestartCommand = 'systemctl restart docker';
    o.reinstall.gcKeepStorage = '10GB';
    const r = new FakeRunner()
      .on('sh -c systemctl restart docker', {})
      .on('docker info --format {{.ServerVersion}}', { stdout: '26.1.5\n' });
    const res = await reinstall(deps(r, dir), {
      mode: 'reinstall',
      findings: [],
      builders: [],
      instanceFiles: [],
      removed: [],
      options: o,
    });
    expect(JSON.parse(readFileSync(dj, 'utf8'))).toMatchObject({
      builder: { gc: { enabled: true, defaultKeepStorage: '10GB' } },
    });
    expect(res.actions.map((a) => `${a.action} ${a.ok}`)).toEqual(['daemon.gc true', 'daemon.restart true']);
    expect(r.calls.find((c) => c.argv[0] === 'sh')?.opts.mutates).toBe(true);
  });
});
