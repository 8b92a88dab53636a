import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type Deps } from '../../src/docker/deps.js';
import { InputError } from '../../src/core/errors.js';
import { Docker } from '../../src/docker/docker.js';
import { DryRunRunner, type Runner } from '../../src/docker/runner.js';
import { BUNDLE_FORMAT, BundleWriter, type BundleBuilder, type Manifest } from '../../src/bundle/bundle.js';
import { createArgs, rollback } from '../../src/phases/rollback.js';
import { LocalStore } from '../../src/stores/local.js';
import { recorded } from '../fixtures/load.js';
import { FakeRunner } from '../support/fake-runner.js';

const gone: BundleBuilder = {
  name: 'gone',
  driver: 'docker-container',
  status: 'inactive',
  current: true,
  platforms: ['linux/amd64', 'linux/arm64'],
  driverOptions: { network: 'host', 'env.GITHUB_TOKEN': '<redacted>' },
  nodes: [
    {
      name: 'gone0',
      endpoint: 'unix:///x.sock',
      platforms: ['linux/amd64', 'linux/arm64'],
      status: 'inactive',
      driverOptions: { network: 'host' },
      flags: ['--allow-insecure-entitlement=network.host', '--debug'],
    },
  ],
};

describe('createArgs', () => {
  it('builds `buildx create` from a backed-up builder, leaving redacted options out', () => {
    expect(createArgs(gone, '/etc/buildkitd.toml')).toEqual({
      args: [
        'create',
        '--name',
        'gone',
        '--driver',
        'docker-container',
        '--driver-opt',
        'network=host',
        '--platform',
        'linux/amd64,linux/arm64',
        '--buildkitd-config',
        '/etc/buildkitd.toml',
        '--buildkitd-flags',
        '--debug',
      ],
      dropped: ['env.GITHUB_TOKEN'],
    });
    // A node name of its own goes back with --node (the state volume is named after it).
    const node = gone.nodes[0]!;
    expect(createArgs({ ...gone, nodes: [{ ...node, name: 'gone-node' }] }).args.slice(-2)).toEqual([
      '--node',
      'gone-node',
    ]);
    expect(createArgs({ ...gone, driverOptions: {}, platforms: [], nodes: [] }).args).toEqual([
      'create',
      '--name',
      'gone',
      '--driver',
      'docker-container',
    ]);
  });
});

let dir: string;
let env: NodeJS.ProcessEnv;
let store: LocalStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bkh-restore-'));
  env = { HOME: join(dir, 'home'), DOCKER_CONFIG: join(dir, 'home', '.docker'), PATH: process.env.PATH };
  // The host's key outside HOME: the tests below prove nothing is written under it.
  store = new LocalStore(join(dir, 'store'), 10, { keyFile: join(dir, 'keys', 'backup.key') });
  const w = new BundleWriter(join(dir, 'stage'));
  await w.init();
  await w.addContent(
    { path: join(dir, 'home', '.docker', 'buildx', 'instances', 'other'), kind: 'instance', mode: 0o644 },
    '{"Name":"other"}',
  );
  await w.addContent(
    { path: join(dir, 'home', '.docker', 'buildx', 'current'), kind: 'current', mode: 0o644 },
    '{"Key":"k","Name":"gone","Global":false}',
  );
  const m: Manifest = {
    format: BUNDLE_FORMAT,
    version: 1,
    name: 'bkp-1',
    createdAt: '2026-01-01T00:00:00Z',
    host: { hostname: 'h', dockerHost: '' },
    tool: { name: 'buildkit-healer', version: '0' },
    versions: {},
    currentBuilder: 'gone',
    builders: [gone],
    files: w.files,
    redactions: [],
    omitted: [],
    commands: [],
  };
  await w.pack(m, join(dir, 'b.tar.gz'));
  await store.save({ name: 'bkp-1', bundlePath: join(dir, 'b.tar.gz'), cachePaths: [] });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function depsWith(runner: Runner): Deps {
  return { docker: new Docker(runner, { env }), env, log: silentLogger, now: () => new Date(), version: '0' };
}

/** Scripted from recorded buildx 0.13.1 output: only `default` exists. */
function scripted(): FakeRunner {
  const ls = recorded('buildx/0.13.1/healthy/ls-json');
  const inspect = recorded('buildx/0.13.1/healthy/inspect');
  return new FakeRunner()
    .on('docker buildx inspect', { stdout: inspect.stdout, stderr: inspect.stderr })
    .on('docker buildx ls --format json', { stdout: ls.stdout, stderr: ls.stderr })
    .on(
      'docker buildx create --name gone --driver docker-container --driver-opt network=host --platform linux/amd64,linux/arm64 --buildkitd-flags --debug',
      { stdout: 'gone\n' },
    )
    .on('docker buildx use gone', { exitCode: 1, stderr: 'ERROR: failed to find instance "gone"' })
    .on('docker buildx use default', {});
}

describe('rollback (fake runner)', () => {
  it('restores files, recreates the missing builder, falls back to default when it cannot be used', async () => {
    const runner = scripted();
    const r = await rollback(depsWith(runner), {
      store,
      latest: true,
      testBuild: false,
      allowBuilderSettings: ['network=host', '--debug'],
    });
    expect(r.error).toBeUndefined();
    expect(r.name).toBe('bkp-1');
    expect(r.restored.map((x) => x.path).sort()).toEqual([
      join(dir, 'home', '.docker', 'buildx', 'current'),
      join(dir, 'home', '.docker', 'buildx', 'instances', 'other'),
    ]);
    expect(readFileSync(join(dir, 'home', '.docker', 'buildx', 'instances', 'other'), 'utf8')).toBe('{"Name":"other"}');
    const recreate = r.actions.find((a) => a.action === 'builder.recreate');
    expect(recreate).toMatchObject({
      target: 'gone',
      ok: true,
      detail: 'driver options left out (redacted in the backup): env.GITHUB_TOKEN',
    });
    expect(r.currentBuilder).toBe('default');
    expect(r.skipped).toContainEqual({
      path: 'builder:gone',
      reason: expect.stringMatching(/could not be put back in use .*using default/) as unknown as string,
    });
    expect(runner.calls.filter((c) => c.opts.mutates).map((c) => c.argv.slice(1, 3).join(' '))).toEqual([
      'buildx create',
      'buildx use',
      'buildx use',
    ]);
  });

  it('dry run writes no file and runs no changing command', async () => {
    const fake = scripted();
    const runner = new DryRunRunner(fake);
    const r = await rollback(depsWith(runner), {
      store,
      name: 'bkp-1',
      dryRun: true,
      allowBuilderSettings: ['network', '--debug'],
    });
    expect(existsSync(join(dir, 'home', '.docker', 'buildx'))).toBe(false);
    expect(r.restored).toEqual([]);
    expect(r.actions.filter((a) => a.action === 'file.restore').every((a) => a.dryRun === true)).toBe(true);
    expect(runner.recorded.map((a) => a.slice(1, 3).join(' '))).toEqual(['buildx create', 'buildx use']);
    expect(fake.calls.every((c) => c.opts.mutates !== true)).toBe(true);
  });

  it('bad input is refused before anything changes', async () => {
    const runner = new FakeRunner();
    await expect(rollback(depsWith(runner), { store })).rejects.toBeInstanceOf(InputError);
    await expect(rollback(depsWith(runner), { store, name: 'bkp-1', latest: true })).rejects.toThrow(
      /either a backup name or --latest/,
    );
    await expect(
      rollback(depsWith(runner), { store: new LocalStore(join(dir, 'empty')), latest: true }),
    ).rejects.toThrow(/No backups found in the local store/);
    expect(runner.calls).toEqual([]);
  });

  it('a corrupt bundle restores nothing and says so', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'store', 'bkp-1.tar.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]));
    const runner = new FakeRunner();
    // Its MAC no longer matches; with trust-unsigned the content checks still refuse it.
    const refused = await rollback(depsWith(runner), { store, name: 'bkp-1' });
    expect(refused.error).toMatch(/^Nothing was restored: Bundle refused: backup "bkp-1" does not match its MAC/);
    const r = await rollback(depsWith(runner), { store, name: 'bkp-1', trustUnsigned: true });
    expect(r.error).toMatch(/^Nothing was restored: Bundle refused: archive is corrupt or truncated/);
    expect(existsSync(join(dir, 'home'))).toBe(false);
    expect(runner.calls).toEqual([]);
  });

  it('a builder asking for an image or entitlement the user did not allow is not created, and the reason lists them', async () => {
    const evil: BundleBuilder = {
      ...gone,
      name: 'evil',
      driverOptions: { image: 'attacker/rootkit:latest', 'cgroup-parent': '/', 'env.X': '1' },
      nodes: [{ ...gone.nodes[0]!, name: 'evil0', flags: ['--allow-insecure-entitlement=security.insecure'] }],
    };
    const w = new BundleWriter(join(dir, 'stage-evil'));
    await w.init();
    await w.addContent(
      { path: join(dir, 'home', '.docker', 'buildx', 'current'), kind: 'current', mode: 0o644 },
      '{"Key":"k","Name":"evil","Global":false}',
    );
    const m: Manifest = {
      format: BUNDLE_FORMAT,
      version: 1,
      name: 'bkp-evil',
      createdAt: '2026-01-01T00:00:00Z',
      host: { hostname: 'h', dockerHost: '' },
      tool: { name: 'buildkit-healer', version: '0' },
      versions: {},
      currentBuilder: 'evil',
      builders: [evil],
      files: w.files,
      redactions: [],
      omitted: [],
      commands: [],
    };
    await w.pack(m, join(dir, 'evil.tar.gz'));
    await store.save({ name: 'bkp-evil', bundlePath: join(dir, 'evil.tar.gz'), cachePaths: [] });
    const runner = scripted().on('docker buildx use evil', {
      exitCode: 1,
      stderr: 'ERROR: failed to find instance "evil"',
    });
    // Only part of it allowed: still refused, naming what is left.
    const r = await rollback(depsWith(runner), {
      store,
      name: 'bkp-evil',
      testBuild: false,
      allowBuilderSettings: ['env.*'],
    });
    expect(runner.calls.some((c) => c.argv.includes('create'))).toBe(false);
    const reason = r.skipped.find((s) => s.path === 'builder:evil')?.reason ?? '';
    expect(reason).toContain('allow-builder-settings');
    for (const s of [
      'image=attacker/rootkit:latest',
      'cgroup-parent=/',
      '--allow-insecure-entitlement=security.insecure',
    ])
      expect(reason).toContain(s);
    expect(reason).not.toContain('env.X');
    // Everything named: created with exactly those settings.
    const runner2 = scripted()
      .on('docker buildx use evil', { exitCode: 1, stderr: 'ERROR: failed to find instance "evil"' })
      .on(
        'docker buildx create --name evil --driver docker-container --driver-opt cgroup-parent=/ --driver-opt env.X=1 --driver-opt image=attacker/rootkit:latest --platform linux/amd64,linux/arm64 --buildkitd-flags --allow-insecure-entitlement=security.insecure',
        { stdout: 'evil\n' },
      );
    const r2 = await rollback(depsWith(runner2), {
      store,
      name: 'bkp-evil',
      testBuild: false,
      allowBuilderSettings: [
        'image=attacker/rootkit:latest',
        'cgroup-parent',
        'env.*',
        '--allow-insecure-entitlement=security.insecure',
      ],
    });
    expect(r2.actions).toContainEqual(
      expect.objectContaining({ action: 'builder.recreate', target: 'evil', ok: true }),
    );
  });
});
