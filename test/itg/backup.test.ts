import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/docker/deps.js';
import { silentLogger } from '../../src/docker/deps.js';
import { defaultOptions } from '../../src/core/options.js';
import type { BackupOptions } from '../../src/core/options.js';
import { succeeded } from '../../src/docker/runner.js';
import { backup } from '../../src/phases/backup.js';
import { diagnose } from '../../src/phases/diagnose.js';
import { rollback } from '../../src/phases/rollback.js';
import { defaultKeyFile } from '../../src/bundle/mac.js';
import { LocalStore } from '../../src/stores/local.js';
import { sandbox, type Sandbox } from '../support/env.js';

/** Fake secrets seeded into the sandbox; none may appear anywhere in a bundle. */
const SECRETS = {
  auth: Buffer.from('robot:SEKRET-AUTH-PASSWORD-1').toString('base64'),
  authPlain: 'SEKRET-AUTH-PASSWORD-1',
  identity: 'SEKRET-IDENTITY-TOKEN-2',
  registry: 'SEKRET-REGISTRY-TOKEN-3',
  password: 'SEKRET-PASSWORD-4',
  header: 'SEKRET-HEADER-TOKEN-5',
};

let sb: Sandbox;
let deps: Deps;
let cacheDir: string;
let daemonJson: string;
let toml: string;
let tlsKeyLine: string;

async function docker(args: string[], timeoutMs = 60_000) {
  const r = await sb.docker.run(args, { timeoutMs, mutates: true });
  if (!succeeded(r)) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}

function backupOptions(): BackupOptions {
  return {
    ...defaultOptions(sb.env).backup,
    store: 'local',
    dir: join(sb.home, '.buildkit-healer', 'backups'),
    cachePaths: [cacheDir],
  };
}

/** Every regular file under a directory: path -> bytes. */
function snapshot(dir: string, out = new Map<string, { bytes: Buffer; mode: number }>()) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) snapshot(p, out);
    else if (e.isFile()) out.set(p, { bytes: readFileSync(p), mode: statSync(p).mode & 0o777 });
  }
  return out;
}

beforeAll(async () => {
  sb = sandbox('bkh-backup-');
  deps = {
    docker: sb.docker,
    env: sb.env,
    log: silentLogger,
    now: () => new Date(),
    version: '0.0.0-test',
  };
  mkdirSync(sb.dockerConfig, { recursive: true });
  writeFileSync(
    join(sb.dockerConfig, 'config.json'),
    JSON.stringify(
      {
        auths: {
          '127.0.0.1:5999': { auth: SECRETS.auth },
          'ghcr.io': { identitytoken: SECRETS.identity, registrytoken: SECRETS.registry, password: SECRETS.password },
        },
        credHelpers: { 'gcr.io': 'bkh-fake-helper' },
        credsStore: 'bkh-fake-store',
        HttpHeaders: { 'X-Api-Token': SECRETS.header, 'User-Agent': 'bkh' },
      },
      null,
      '\t',
    ),
  ); // as the docker CLI writes it: tabs, no final newline
  chmodSync(join(sb.dockerConfig, 'config.json'), 0o600);

  // A context with real TLS material (the CLI checks the PEM files).
  const pki = join(sb.dir, 'pki');
  mkdirSync(pki);
  const o = await deps.docker.runner.run(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(pki, 'key.pem'),
      '-out',
      join(pki, 'cert.pem'),
      '-subj',
      '/CN=bkh',
      '-days',
      '1',
    ],
    { timeoutMs: 60_000 },
  );
  expect(o.exitCode).toBe(0);
  tlsKeyLine = readFileSync(join(pki, 'key.pem'), 'utf8').split('\n')[5] ?? '';
  expect(tlsKeyLine.length).toBeGreaterThan(40);
  await docker([
    'context',
    'create',
    'bkh-tls',
    '--docker',
    `host=tcp://127.0.0.1:1,ca=${join(pki, 'cert.pem')},cert=${join(pki, 'cert.pem')},key=${join(pki, 'key.pem')}`,
  ]);
  // A docker-driver builder from a second, working context. (With DOCKER_HOST set, as here, a
  // context builder cannot be the one in use: buildx asks for `docker context use`, which
  // DOCKER_HOST overrides. `default` stays in use; a later test puts the container builder in use.)
  await docker(['context', 'create', 'bkh-ctx2', '--docker', `host=${sb.env.DOCKER_HOST ?? ''}`]);
  // A docker-container builder (stays inactive here: its image cannot be pulled) with a buildkitd.toml.
  toml = join(sb.dir, 'buildkitd.toml');
  writeFileSync(toml, '[worker.oci]\n  max-parallelism = 2\n');
  await docker([
    'buildx',
    'create',
    '--name',
    'bkh-dc',
    '--driver',
    'docker-container',
    '--driver-opt',
    'network=host',
    '--platform',
    'linux/amd64,linux/arm64',
    '--buildkitd-config',
    toml,
  ]);

  daemonJson = join(sb.home, '.config', 'docker', 'daemon.json');
  mkdirSync(join(sb.home, '.config', 'docker'), { recursive: true });
  writeFileSync(daemonJson, '{\n  "features": { "buildkit": true }\n}\n');
  chmodSync(daemonJson, 0o644);

  cacheDir = join(sb.dir, 'cache');
  mkdirSync(join(cacheDir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(cacheDir, 'index.json'), '{"schemaVersion":2}');
  writeFileSync(join(cacheDir, 'blobs', 'sha256', 'abc'), Buffer.alloc(100_000, 7));
  chmodSync(join(cacheDir, 'blobs', 'sha256', 'abc'), 0o444);
  const fifo = await deps.docker.runner.run('mkfifo', [join(cacheDir, 'a-fifo')], { timeoutMs: 5000 });
  expect(fifo.exitCode).toBe(0);
});

afterAll(async () => {
  // Only the sandbox's own builders and contexts were made; its files go with it.
  await sb.docker.buildx(['rm', '--force', 'bkh-dc'], { timeoutMs: 60_000, mutates: true });
  sb.cleanup();
});

describe('backup and rollback on the real daemon', () => {
  it('backs up, survives deleted and corrupted state, and restores every file byte for byte', async () => {
    const diag = await diagnose(
      deps,
      {
        ...defaultOptions(sb.env).diagnose,
        daemonJsonPaths: [daemonJson],
        buildkitdTomlPaths: [toml],
        baseline: false,
      },
      'full',
    );
    expect(diag.builders.map((b) => b.name).sort()).toEqual(
      expect.arrayContaining(['bkh-ctx2', 'bkh-dc', 'bkh-tls', 'default']),
    );

    const { ref, bundlePath, manifest } = await backup(deps, backupOptions(), diag.facts, {
      daemonJsonPaths: [daemonJson],
      buildkitdTomlPaths: [toml],
    });
    expect(ref.verified).toBe(true);
    expect(ref.store).toBe('local');
    expect(ref.name).toMatch(/^buildkit-backup-[A-Za-z0-9._-]+-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(bundlePath).toBe(join(backupOptions().dir, `${ref.name}.tar.gz`));
    expect(ref.files).toBe(manifest.files.length);

    // What went in: state, contexts, configs, command output, cache data.
    const kinds = new Set(manifest.files.map((f) => f.kind));
    for (const k of [
      'instance',
      'current',
      'activity',
      'context-meta',
      'buildkitd-toml',
      'daemon-json',
      'docker-config',
      'command-output',
      'cache-data',
    ] as const)
      expect(kinds).toContain(k);
    expect(manifest.currentBuilder).toBe('default');
    expect(manifest.versions.buildx).toMatch(/0\.13\.1/);
    const dc = manifest.builders.find((b) => b.name === 'bkh-dc');
    expect(dc).toMatchObject({
      driver: 'docker-container',
      platforms: ['linux/amd64', 'linux/arm64'],
      driverOptions: { network: 'host' },
    });
    expect(manifest.commands.map((c) => c.label)).toEqual(
      expect.arrayContaining(['buildx-ls', 'buildx-du', 'buildx-inspect-bkh-dc']),
    );
    // What stayed out: TLS material, the fifo; what was redacted: every credential.
    const tlsOmitted = manifest.omitted.filter((o) => o.path.includes('/contexts/tls/'));
    expect(tlsOmitted.map((o) => o.path.split('/').pop()).sort()).toEqual(['ca.pem', 'cert.pem', 'key.pem']);
    expect(manifest.omitted).toContainEqual({
      path: join(cacheDir, 'a-fifo'),
      reason: expect.stringMatching(/special file/) as unknown as string,
    });
    const cfg = manifest.files.find((f) => f.kind === 'docker-config');
    expect(cfg?.redacted?.sort()).toEqual([
      'HttpHeaders["X-Api-Token"]',
      'auths["127.0.0.1:5999"].auth',
      'auths["ghcr.io"].identitytoken',
      'auths["ghcr.io"].password',
      'auths["ghcr.io"].registrytoken',
    ]);

    // Scan EVERY byte of the bundle, decompressed, for the seeded secrets.
    const raw = gunzipSync(readFileSync(bundlePath));
    const text = raw.toString('latin1');
    for (const s of [...Object.values(SECRETS), tlsKeyLine, 'BEGIN PRIVATE KEY'])
      expect(text.includes(s), `bundle leaks ${s}`).toBe(false);
    expect(text).toContain('bkh-fake-store');
    expect(text).toContain('tcp://127.0.0.1:1');

    // Remember every restorable file as it is now.
    const restorable = manifest.files.filter((f) => !['command-output', 'builder-state'].includes(f.kind));
    const before = new Map(
      restorable.map((f) => [f.path, { bytes: readFileSync(f.path), mode: statSync(f.path).mode & 0o777 }]),
    );
    const cacheBefore = snapshot(cacheDir);

    // Break things: instance files gone, `current` zeroed, a context's meta gone, configs and cache damaged.
    const paths = sb.docker.paths;
    rmSync(paths.instancesDir, { recursive: true, force: true });
    writeFileSync(paths.currentFile, Buffer.alloc(64));
    const ctxMeta = manifest.files.find(
      (f) => f.kind === 'context-meta' && readFileSync(f.path, 'utf8').includes('"bkh-ctx2"'),
    );
    expect(ctxMeta).toBeDefined();
    rmSync(join(ctxMeta?.path ?? '', '..'), { recursive: true, force: true });
    rmSync(daemonJson);
    writeFileSync(toml, 'garbage = = =');
    rmSync(join(cacheDir, 'blobs'), { recursive: true, force: true });
    const ls = await sb.docker.buildx(['ls'], { timeoutMs: 30_000 });
    expect(ls.stdout + ls.stderr).not.toContain('bkh-dc');

    const result = await rollback(deps, {
      store: new LocalStore(backupOptions().dir, 10, { keyFile: defaultKeyFile(sb.env) }),
      latest: true,
      restoreCache: true,
      allowedCachePaths: [cacheDir],
      daemonJsonPaths: [daemonJson],
      buildkitdTomlPaths: [toml],
      allowBuilderSettings: ['network=host'],
    });
    expect(result.error).toBeUndefined();
    expect(result.name).toBe(ref.name);
    expect(result.buildOk).toBe(true);
    expect(result.currentBuilder).toBe('default');
    expect(result.builders.sort()).toEqual(expect.arrayContaining(['bkh-ctx2', 'bkh-dc', 'bkh-tls', 'default']));
    expect(result.skipped).toEqual([]);

    // Every backed-up file is back, byte for byte, with its mode.
    for (const [p, was] of before) {
      expect(readFileSync(p).equals(was.bytes), `${p} differs after rollback`).toBe(true);
      expect(statSync(p).mode & 0o777, `${p} mode`).toBe(was.mode);
    }
    expect(snapshot(cacheDir)).toEqual(cacheBefore);
    expect(result.restored.length).toBe(restorable.length);

    // buildx sees the builders again, with the previous one in use.
    const after = await sb.docker.ls(true);
    const names = (after.parsed?.builders ?? []).map((b) => b.name);
    expect(names).toEqual(expect.arrayContaining(['bkh-dc', 'bkh-ctx2']));
    expect((await sb.docker.inspect(undefined)).parsed?.name).toBe('default');
  });

  it('a lost config.json comes back with its settings but never a secret or a redaction marker', async () => {
    const diag = await diagnose(
      deps,
      { ...defaultOptions(sb.env).diagnose, daemonJsonPaths: [daemonJson], baseline: false },
      'quick',
    );
    const { ref } = await backup(deps, { ...backupOptions(), cachePaths: [] }, diag.facts, {
      name: 'bkh-config-case',
      daemonJsonPaths: [daemonJson],
    });
    rmSync(sb.docker.paths.configJson);
    const result = await rollback(deps, {
      store: new LocalStore(backupOptions().dir, 10, { keyFile: defaultKeyFile(sb.env) }),
      name: ref.name,
      daemonJsonPaths: [daemonJson],
      testBuild: false,
    });
    expect(result.error).toBeUndefined();
    const cfg = JSON.parse(readFileSync(sb.docker.paths.configJson, 'utf8')) as Record<string, unknown>;
    expect(cfg).toEqual({
      auths: { '127.0.0.1:5999': {}, 'ghcr.io': {} },
      credHelpers: { 'gcr.io': 'bkh-fake-helper' },
      credsStore: 'bkh-fake-store',
      HttpHeaders: { 'User-Agent': 'bkh' },
    });
  });

  it('puts the previous builder back in use', async () => {
    await docker(['buildx', 'use', 'bkh-dc']);
    const diag = await diagnose(
      deps,
      { ...defaultOptions(sb.env).diagnose, daemonJsonPaths: [daemonJson], baseline: false },
      'quick',
    );
    expect(diag.currentBuilder).toBe('bkh-dc');
    const { ref, manifest } = await backup(deps, { ...backupOptions(), cachePaths: [] }, diag.facts, {
      name: 'bkh-use-case',
    });
    expect(manifest.currentBuilder).toBe('bkh-dc');
    // A quick diagnose inspected nothing: backup inspects each builder, and runs du only on running ones
    // (du on the inactive container builder would try to boot it).
    const labels = manifest.commands.map((c) => c.label);
    expect(labels).toEqual(
      expect.arrayContaining(['buildx-ls', 'buildx-inspect-bkh-dc', 'buildx-inspect-default', 'buildx-du-default']),
    );
    expect(labels).not.toContain('buildx-du-bkh-dc');
    await docker(['buildx', 'use', 'default']);
    rmSync(sb.docker.paths.currentFile);
    // The container builder cannot bootstrap here (no image pull), so no test build on it.
    const result = await rollback(deps, {
      store: new LocalStore(backupOptions().dir, 10, { keyFile: defaultKeyFile(sb.env) }),
      name: ref.name,
      testBuild: false,
    });
    expect(result.error).toBeUndefined();
    expect(result.currentBuilder).toBe('bkh-dc');
    expect(result.actions).toContainEqual(
      expect.objectContaining({ action: 'builder.use', target: 'bkh-dc', ok: true }),
    );
    expect((await sb.docker.inspect(undefined)).parsed?.name).toBe('bkh-dc');
    await docker(['buildx', 'use', 'default']);
  });

  it('rollback of a missing name lists the backups it can see', async () => {
    await expect(
      rollback(deps, {
        store: new LocalStore(backupOptions().dir, 10, { keyFile: defaultKeyFile(sb.env) }),
        name: 'no-such-backup',
      }),
    ).rejects.toThrow(/Backup "no-such-backup" not found in .*; backups there: .*bkh-config-case/);
  });
});
