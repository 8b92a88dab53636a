// Authenticity of backups on the real daemon (issue 16 item 4): a local bundle is restored only
// when its MAC checks with this host's key; a GitHub bundle only when its manifest names the
// repository its artifact was taken from, and that is this repository or the one the user named.
// The GitHub part runs the real @actions/artifact against the results-service stand-in and Azurite.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/docker/deps.js';
import { silentLogger } from '../../src/docker/deps.js';
import { defaultOptions } from '../../src/core/options.js';
import type { BackupOptions } from '../../src/core/options.js';
import { Docker } from '../../src/docker/docker.js';
import { ProcessRunner, succeeded } from '../../src/docker/runner.js';
import { backup } from '../../src/phases/backup.js';
import { diagnose } from '../../src/phases/diagnose.js';
import { rollback, type RollbackOptions } from '../../src/phases/rollback.js';
import type { Manifest } from '../../src/bundle/bundle.js';
import { defaultKeyFile } from '../../src/bundle/mac.js';
import { LocalStore } from '../../src/stores/local.js';
import { openStore } from '../../src/stores/index.js';
import { sandbox, type Sandbox } from '../support/env.js';
import { treeHashes } from '../support/fault-table.js';
import { startResultsService, type ResultsService } from '../support/results-service.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** No test build, no diagnose, no builder recreated: these tests are about which bundles are read at all. */
const QUIET: Partial<RollbackOptions> = { testBuild: false, diagnoseAfter: false, recreateBuilders: false };

function depsFor(env: NodeJS.ProcessEnv): Deps {
  const runner = new ProcessRunner(env);
  return {
    docker: new Docker(runner, { env }),
    env,
    log: silentLogger,
    now: () => new Date(),
    version: '0.0.0-test',
  };
}

/** Rewrites a bundle: `edit` changes the unpacked tree (manifest.json, files/NNNN), then it is packed again. */
async function rewrite(bundle: string, work: string, edit: (dir: string) => void): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  await tar.x({ file: bundle, cwd: work });
  edit(work);
  const m = JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8')) as Manifest;
  await tar.c({ gzip: true, file: bundle, cwd: work, portable: true, noDirRecurse: true }, [
    'manifest.json',
    ...m.files.map((f) => f.entry),
  ]);
}

describe('local store: the MAC', () => {
  let sb: Sandbox;
  let deps: Deps;
  let store: LocalStore;
  let dir: string;
  let name: string;
  let instance: string;
  let genuine: Buffer;
  const builder = 'bkhtrust';

  beforeAll(async () => {
    sb = sandbox('bkh-trust-');
    deps = depsFor(sb.env);
    // A builder's instance file (buildx create writes it; nothing boots).
    const r = await sb.docker.buildx(['create', '--name', builder, '--driver', 'docker-container'], {
      timeoutMs: 60_000,
      mutates: true,
    });
    expect(succeeded(r), r.stderr).toBe(true);
    instance = join(sb.dockerConfig, 'buildx', 'instances', builder);
    genuine = readFileSync(instance);
    dir = join(sb.home, '.buildkit-healer', 'backups');
    const options: BackupOptions = { ...defaultOptions(sb.env).backup, store: 'local', dir };
    const diag = await diagnose(
      deps,
      { ...defaultOptions(sb.env).diagnose, daemonJsonPaths: [], baseline: false },
      'quick',
    );
    const made = await backup(deps, options, diag.facts, {});
    name = made.ref.name;
    store = new LocalStore(dir, 10, { keyFile: defaultKeyFile(sb.env) });
  });
  afterAll(async () => {
    await sb?.docker.buildx(['rm', '--force', builder], { timeoutMs: 60_000, mutates: true });
    sb?.cleanup();
  });

  it('the backup made its key under the sandbox HOME (0600) and signed the bundle; a rollback checks the MAC and restores', async () => {
    const keyFile = join(sb.home, '.config', 'buildkit-healer', 'backup.key');
    expect(defaultKeyFile(sb.env)).toBe(keyFile);
    expect(existsSync(keyFile)).toBe(true);
    expect(existsSync(join(dir, `${name}.tar.gz.mac`))).toBe(true);
    writeFileSync(instance, '{"Name":"damaged"}');
    const r = await rollback(deps, { store, name, ...QUIET });
    expect(r.error).toBeUndefined();
    expect(r.source).toMatchObject({ store: 'local', checked: 'hmac', ok: true, keyFile });
    expect(r.record?.source).toEqual(r.source);
    expect(readFileSync(instance).equals(genuine)).toBe(true);
  });

  it('a bundle whose manifest was changed (checksums fixed up) is refused for its MAC and writes nothing; trust-unsigned takes it', async () => {
    const path = join(dir, `${name}.tar.gz`);
    const keep = join(sb.dir, 'genuine.tar.gz');
    copyFileSync(path, keep);
    const forged = Buffer.from('{"Name":"forged"}');
    await rewrite(path, join(sb.dir, 'x'), (w) => {
      const m = JSON.parse(readFileSync(join(w, 'manifest.json'), 'utf8')) as Manifest;
      const f = m.files.find((x) => x.path === instance);
      if (f === undefined) throw new Error('the backup holds no instance file');
      writeFileSync(join(w, f.entry), forged);
      f.sha256 = sha(forged);
      f.size = forged.length;
      writeFileSync(join(w, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
    });
    const before = treeHashes(sb.home);
    const r = await rollback(deps, { store, name, ...QUIET });
    expect(r.error).toMatch(
      /^Nothing was restored: Bundle refused: backup ".*" does not match its MAC.*trust-unsigned/,
    );
    expect(r.source).toMatchObject({ store: 'local', checked: 'hmac', ok: false });
    expect(r.restored).toEqual([]);
    expect(treeHashes(sb.home)).toEqual(before);

    // Knowingly accepted: its contents are still verified entry by entry, and it restores.
    const t = await rollback(deps, { store, name, trustUnsigned: true, ...QUIET });
    expect(t.error).toBeUndefined();
    expect(t.source).toMatchObject({
      checked: 'unverified',
      ok: true,
      detail: expect.stringMatching(/^accepted with trust-unsigned/),
    });
    expect(readFileSync(instance).equals(forged)).toBe(true);
    copyFileSync(keep, path);
    writeFileSync(instance, genuine);
  });

  it('a bundle signed with another key, a bundle without MAC, and no key on this host are refused, naming the cause and trust-unsigned', async () => {
    const path = join(dir, `${name}.tar.gz`);
    const mac = readFileSync(`${path}.mac`);
    // Another user's key signs the same bytes.
    const otherKey = join(sb.dir, 'other-user', 'backup.key');
    await new LocalStore(dir, 10, { keyFile: otherKey }).save({
      name,
      bundlePath: join(sb.dir, 'genuine.tar.gz'),
      cachePaths: [],
    });
    writeFileSync(instance, '{"Name":"damaged"}');
    // What a restore could write (the MAC files change under the store on purpose here).
    const before = treeHashes(sb.dockerConfig);
    const other = await rollback(deps, { store, name, ...QUIET });
    expect(other.error).toMatch(
      /signed with another key \(key id [0-9a-f]{16}; this host's key .* has id [0-9a-f]{16}\).*trust-unsigned/,
    );
    expect(treeHashes(sb.dockerConfig)).toEqual(before);

    rmSync(`${path}.mac`);
    const unsigned = await rollback(deps, { store, name, ...QUIET });
    expect(unsigned.error).toMatch(/has no MAC \(made before buildkit-healer signed local backups.*trust-unsigned/);
    expect(treeHashes(sb.dockerConfig)).toEqual(before);

    writeFileSync(`${path}.mac`, mac);
    const keyFile = defaultKeyFile(sb.env);
    renameSync(keyFile, `${keyFile}.away`);
    try {
      const nokey = await rollback(deps, { store, name, ...QUIET });
      expect(nokey.error).toMatch(/this host has no backup key \(.*backup\.key\) to check it with.*trust-unsigned/);
      expect(nokey.source).toMatchObject({ store: 'local', checked: 'hmac', ok: false });
      expect(treeHashes(sb.dockerConfig)).toEqual(before);
    } finally {
      renameSync(`${keyFile}.away`, keyFile);
    }
    // With its own MAC and key back, the same store restores again.
    const ok = await rollback(deps, { store, name, ...QUIET });
    expect(ok.error).toBeUndefined();
    expect(readFileSync(instance).equals(genuine)).toBe(true);
  });
});

describe('GitHub store: the repository', () => {
  let svc: ResultsService;
  let sb: Sandbox;
  let savedEnv: NodeJS.ProcessEnv;
  let artifactId: string;
  let bundleName: string;
  let instance: string;
  const builder = 'bkhtrustgh';

  beforeAll(async () => {
    const port = process.env.BKH_AZURITE_PORT;
    if (!port) throw new Error('BKH_AZURITE_PORT is not set: source the test environment');
    savedEnv = { ...process.env };
    svc = await startResultsService({ azuritePort: port, repository: 'octo/heal' });
    sb = sandbox('bkh-trustgh-');
    mkdirSync(join(sb.dir, 'temp'));
    mkdirSync(join(sb.dir, 'ws'));
    // The libraries read the runner's variables from process.env.
    Object.assign(
      process.env,
      svc.env(4242, { repository: 'octo/heal', runnerTemp: join(sb.dir, 'temp'), workspace: join(sb.dir, 'ws') }),
    );
    const env = { ...sb.env, ...process.env, HOME: sb.home, DOCKER_CONFIG: sb.dockerConfig, GITHUB_WORKFLOW: 'CI' };
    const deps = depsFor(env);
    const r = await deps.docker.buildx(['create', '--name', builder, '--driver', 'docker-container'], {
      timeoutMs: 60_000,
      mutates: true,
    });
    expect(succeeded(r), r.stderr).toBe(true);
    instance = join(sb.dockerConfig, 'buildx', 'instances', builder);
    const options = { ...defaultOptions(env).backup, store: 'github' as const };
    const diag = await diagnose(
      deps,
      { ...defaultOptions(env).diagnose, daemonJsonPaths: [], baseline: false },
      'quick',
    );
    const { ref, manifest } = await backup(deps, options, diag.facts, {});
    expect(manifest.github).toEqual({ repository: 'octo/heal', runId: '4242', runAttempt: '1', workflow: 'CI' });
    artifactId = ref.artifactId ?? '';
    bundleName = ref.name;
  });
  afterAll(async () => {
    await sb?.docker.buildx(['rm', '--force', builder], { timeoutMs: 60_000, mutates: true });
    await svc?.dispose();
    sb?.cleanup();
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
  });

  /** Rolls back by artifact id as a run of `here`; `named`: the repository input (and that run). */
  async function rollBackAs(here: string, named?: string, trustUnsigned = false) {
    const env = { ...sb.env, ...process.env, HOME: sb.home, DOCKER_CONFIG: sb.dockerConfig, GITHUB_REPOSITORY: here };
    const deps = depsFor(env);
    const extra = named !== undefined ? { source: { token: 't', runId: '4242', repository: named } } : {};
    const store = await openStore('github', defaultOptions(env).backup, deps, extra);
    return rollback(deps, {
      store,
      artifactId,
      ...(named !== undefined ? { repository: named } : {}),
      trustUnsigned,
      ...QUIET,
    });
  }

  it('from this repository: the manifest names it, the rollback says so and restores', async () => {
    writeFileSync(instance, '{"Name":"damaged"}');
    const r = await rollBackAs('octo/heal');
    expect(r.error).toBeUndefined();
    expect(r.name).toBe(bundleName);
    expect(r.source).toMatchObject({
      store: 'github',
      checked: 'repository',
      ok: true,
      repository: 'octo/heal',
      runId: '4242',
      workflow: 'CI',
    });
    expect(r.restored.map((x) => x.path)).toContain(instance);
  });

  it('a bundle whose manifest names another repository is refused in this one, and accepted when the repository input names it', async () => {
    writeFileSync(instance, '{"Name":"damaged"}');
    const before = treeHashes(sb.home);
    const r = await rollBackAs('octo/mine');
    expect(r.error).toMatch(
      /^Nothing was restored: Bundle refused: the bundle's manifest says it was made in octo\/heal \(run 4242\), but its artifact was taken from octo\/mine.*repository input/,
    );
    expect(r.source).toMatchObject({ store: 'github', checked: 'repository', ok: false, repository: 'octo/mine' });
    expect(r.restored).toEqual([]);
    expect(treeHashes(sb.home)).toEqual(before);

    // Named explicitly: taken from octo/heal's run, whose bundle names octo/heal.
    const named = await rollBackAs('octo/mine', 'octo/heal');
    expect(named.error).toBeUndefined();
    expect(named.source).toMatchObject({
      checked: 'repository',
      ok: true,
      repository: 'octo/heal',
      detail: expect.stringMatching(/named with the repository input/),
    });
    expect(named.restored.map((x) => x.path)).toContain(instance);

    // trust-unsigned takes it without the name, and says it proved nothing.
    const trusted = await rollBackAs('octo/mine', undefined, true);
    expect(trusted.error).toBeUndefined();
    expect(trusted.source).toMatchObject({ checked: 'unverified', ok: true });
  });
});
