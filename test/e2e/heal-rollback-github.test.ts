/**
 * The heal and rollback bundles as a runner runs them, one after the other, against the real
 * daemon, the results-service stand-in over Azurite and the real @actions/artifact and
 * @actions/cache: a reinstall whose validation fails keeps its backup (artifact + cache), and the
 * rollback action, given the backup name the heal step put out, restores every file byte for byte
 * and the cache directory. Then: the artifact service down (the heal refuses to clean and changes
 * nothing), and a backup name that does not exist (the rollback lists what it can see).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandbox } from '../support/env.js';
import type { Sandbox } from '../support/env.js';
import { startResultsService } from '../support/results-service.js';
import type { ResultsService } from '../support/results-service.js';
import { runStep } from '../support/action-step.js';

/** Every regular file under `dir`, by path relative to it, with its bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

function hashes(m: Map<string, Buffer>): Record<string, string> {
  return Object.fromEntries(
    [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, createHash('sha256').update(v).digest('hex')]),
  );
}

interface World {
  sb: Sandbox;
  builder: string;
  context: string;
  cache: string;
}

/**
 * The test environment has a real BuildKit image, so a docker-container builder would boot: this one
 * names an image on a closed loopback port that no daemon has, so it never can, and the reinstall's
 * validation fails for sure. The rollback action must be allowed to recreate it with that image
 * (`allow-builder-settings`: a bundle's non-default image is refused otherwise).
 */
const NEVER_BOOTS = '127.0.0.1:1/bkh/never-boots:1';

async function setUp(): Promise<World> {
  const sb = sandbox('bkh-e2e-hr-');
  const id = randomBytes(3).toString('hex');
  const w: World = { sb, builder: `bkhe${id}`, context: `bkhctx${id}`, cache: join(sb.dir, 'workspace', 'bk-cache') };
  const d = sb.docker;
  const ok = (r: { exitCode: number | null; stderr: string }) => expect(r.exitCode, r.stderr).toBe(0);
  // A docker-container builder (instance file), a context (its docker-driver builder), the
  // container builder made current and the default of the context (buildx/current, buildx/defaults).
  ok(
    await d.buildx(
      ['create', '--name', w.builder, '--driver', 'docker-container', '--driver-opt', `image=${NEVER_BOOTS}`],
      {
        timeoutMs: 60_000,
        mutates: true,
      },
    ),
  );
  ok(
    await d.run(['context', 'create', w.context, '--docker', `host=${process.env.DOCKER_HOST ?? ''}`], {
      timeoutMs: 30_000,
      mutates: true,
    }),
  );
  ok(await d.buildx(['use', '--default', w.builder], { timeoutMs: 30_000, mutates: true }));
  // The builder in use is `default`: the docker-container builder cannot boot (NEVER_BOOTS), and
  // the rollback proves a build on the builder it puts back in use.
  ok(await d.buildx(['use', 'default'], { timeoutMs: 30_000, mutates: true }));
  mkdirSync(join(w.cache, 'sub'), { recursive: true });
  writeFileSync(join(w.cache, 'index.json'), JSON.stringify({ layers: 3, id }));
  writeFileSync(join(w.cache, 'sub', 'blob.bin'), randomBytes(50_000));
  writeFileSync(join(w.cache, 'sub', 'empty'), '');
  return w;
}

async function tearDown(w: World | undefined): Promise<void> {
  if (w === undefined) return;
  await w.sb.docker.buildx(['rm', '--force', w.builder], { timeoutMs: 60_000, mutates: true });
  await w.sb.docker.run(['context', 'rm', '--force', w.context], { timeoutMs: 30_000, mutates: true });
  w.sb.cleanup();
}

async function builderNames(w: World): Promise<string[]> {
  const ls = await w.sb.docker.ls(true);
  return (ls.parsed?.builders ?? []).map((b) => b.name).sort();
}

/** Inputs of a reinstall whose validation cannot pass (see the report on max-slowdown). */
function healInputs(w: World): Record<string, string> {
  return {
    mode: 'reinstall',
    'cache-paths': w.cache,
    // The strictest value the option table accepts (0-1000): no slowdown at all against the
    // baseline. Alone it cannot promise a failure (a fresh build may match the baseline); here the
    // recreated docker-container builder cannot boot (NEVER_BOOTS), so validation fails anyway.
    'max-slowdown': '0',
  };
}

describe('heal then rollback, as a runner runs the two actions (GitHub store)', () => {
  let svc: ResultsService;
  let w: World | undefined;
  beforeAll(async () => {
    const port = process.env.BKH_AZURITE_PORT;
    if (!port) throw new Error('BKH_AZURITE_PORT is not set: source the test environment');
    svc = await startResultsService({ azuritePort: port, repository: 'octo/heal' });
  });
  afterAll(async () => {
    await svc?.dispose();
  });
  beforeEach(async () => {
    await svc.restart();
    w = await setUp();
  });
  afterEach(async () => {
    await tearDown(w);
    w = undefined;
  });

  it('a failed reinstall keeps its backup; the rollback action puts every file and the cache back', async () => {
    const world = w!;
    const before = snapshot(world.sb.dockerConfig);
    const cacheBefore = hashes(snapshot(world.cache));
    expect([...before.keys()]).toEqual(expect.arrayContaining([`buildx/instances/${world.builder}`, 'buildx/current']));

    const heal = await runStep(world.sb, svc, 'heal', healInputs(world), 'heal');
    expect(heal.status, heal.stdout).toBe(1);
    expect(heal.outputs.status).toBe('failed');
    expect(heal.stdout).toMatch(/::error::heal failed: .*validation failed/);
    const name = heal.outputs['backup-name'] ?? '';
    // On a runner the name says which runner, run and attempt made it.
    expect(name).toMatch(/^buildkit-healer-e2e-runner-4242-1-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(heal.outputs['backup-artifact-id']).toMatch(/^\d+$/);
    expect(svc.artifacts.find((a) => a.name === name)?.id).toBe(Number(heal.outputs['backup-artifact-id']));
    expect(svc.caches.length).toBeGreaterThan(0);
    expect(heal.summary).toContain(name);
    expect(heal.summary).toMatch(/roll ?back/i);
    expect(heal.summary).toContain('backup-name');

    // The reinstall removed the builders (and may have made them again): lose them, the rest of
    // buildx's state and the cache.
    const actions = JSON.parse(heal.outputs.actions ?? '[]') as { action: string; target: string; ok: boolean }[];
    expect(actions.some((a) => a.target.includes(world.builder))).toBe(true);
    await world.sb.docker.buildx(['rm', '--force', world.builder], { timeoutMs: 60_000, mutates: true });
    expect(await builderNames(world)).not.toContain(world.builder);
    rmSync(join(world.sb.dockerConfig, 'buildx'), { recursive: true, force: true });
    rmSync(join(world.sb.dockerConfig, 'contexts'), { recursive: true, force: true });
    rmSync(world.cache, { recursive: true, force: true });

    const rb = await runStep(
      world.sb,
      svc,
      'rollback',
      { 'backup-name': name, 'restore-cache': 'true', 'allow-builder-settings': `image=${NEVER_BOOTS}` },
      'rollback',
    );
    expect(rb.status, `${rb.stdout}\n${rb.stderr}`).toBe(0);
    expect(rb.outputs.status).toBe('restored');
    const restored = JSON.parse(rb.outputs.restored ?? '[]') as string[];
    const rel = restored.map((p) => relative(world.sb.dockerConfig, p));
    expect(rel).toEqual(expect.arrayContaining([`buildx/instances/${world.builder}`, 'buildx/current']));
    // Every restored file is the original, byte for byte.
    // (The backup is taken after diagnose's baseline build, so it also holds the build records
    // buildx wrote for that build; those did not exist before the step.)
    for (const p of rel) {
      const orig = before.get(p);
      if (orig === undefined) expect(p).toMatch(/^buildx\/(\.buildNodeID|activity\/|refs\/)/);
      else expect(readFileSync(join(world.sb.dockerConfig, p)).equals(orig), p).toBe(true);
    }
    // Every file of DOCKER_CONFIG's buildx state from before is back.
    expect(rel.some((p) => p.startsWith('contexts/meta/'))).toBe(true);
    for (const p of [...before.keys()].filter(
      (k) =>
        k.startsWith('buildx/instances/') ||
        k === 'buildx/current' ||
        k.startsWith('buildx/defaults/') ||
        k.startsWith('contexts/'),
    )) {
      expect(rel, p).toContain(p);
    }
    expect(hashes(snapshot(world.cache))).toEqual(cacheBefore);
    expect(JSON.parse(rb.outputs.builders ?? '[]')).toEqual(expect.arrayContaining([world.builder, world.context]));
    expect(await builderNames(world)).toContain(world.builder);
    expect(rb.summary).toContain(name);
    for (const p of restored) expect(rb.summary).toContain(p);
    // The bundle's manifest names this repository: the summary says which source was checked and how.
    expect(rb.summary).toMatch(/Source: github store, checked by repository, repository octo\/heal, run \d+: accepted/);
  }, 900_000);

  it('with the artifact service down the heal refuses to clean and changes nothing', async () => {
    const world = w!;
    const before = hashes(snapshot(world.sb.dockerConfig));
    const buildersBefore = await builderNames(world);
    const cacheBefore = hashes(snapshot(world.cache));
    const requests = svc.requests.length;
    await svc.stop();
    const heal = await runStep(world.sb, svc, 'heal', healInputs(world), 'heal-down');
    await svc.restart();
    expect(heal.status, heal.stdout).toBe(1);
    expect(svc.requests.length).toBe(requests);
    // The error says why: the backup could not be stored, so nothing was cleaned.
    const errors = heal.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors.join('\n')).toMatch(/backup/i);
    expect(errors.join('\n')).toMatch(/ECONNREFUSED|connect|unreachable|refus/i);
    expect(heal.outputs['backup-artifact-id'] ?? '').toBe('');
    // Every file that was there is unchanged and none is gone. New files are only buildx's own
    // build records, written by diagnose's baseline build (a read-only test build).
    const after = hashes(snapshot(world.sb.dockerConfig));
    for (const [p, h] of Object.entries(before)) expect(after[p], p).toBe(h);
    const added = Object.keys(after).filter((p) => !(p in before));
    expect(added.filter((p) => !/^buildx\/(\.buildNodeID|activity\/|refs\/)/.test(p))).toEqual([]);
    expect(await builderNames(world)).toEqual(buildersBefore);
    expect(hashes(snapshot(world.cache))).toEqual(cacheBefore);
  }, 900_000);

  it('a backup name that does not exist: the rollback fails listing the backups it can see', async () => {
    const world = w!;
    const visible = svc.artifacts
      .filter((a) => a.runId === '4242' && a.finalized && a.name.startsWith('buildkit-'))
      .map((a) => a.name);
    const before = hashes(snapshot(world.sb.dockerConfig));
    const rb = await runStep(
      world.sb,
      svc,
      'rollback',
      { 'backup-name': 'buildkit-healer-nope-1' },
      'rollback-missing',
    );
    expect(rb.status).toBe(1);
    const errors = rb.stdout
      .split('\n')
      .filter((l) => l.startsWith('::error'))
      .join('\n');
    expect(errors).toContain('buildkit-healer-nope-1');
    for (const n of visible) expect(errors).toContain(n);
    expect(hashes(snapshot(world.sb.dockerConfig))).toEqual(before);
  }, 300_000);

  it('a later run rolls back by artifact id alone (no run id): found in the repository, files back', async () => {
    const world = w!;
    const before = snapshot(world.sb.dockerConfig);
    const heal = await runStep(world.sb, svc, 'heal', healInputs(world), 'heal-by-id');
    expect(heal.status, heal.stdout).toBe(1);
    const id = heal.outputs['backup-artifact-id'] ?? '';
    expect(id).toMatch(/^\d+$/);
    await world.sb.docker.buildx(['rm', '--force', world.builder], { timeoutMs: 60_000, mutates: true });
    rmSync(join(world.sb.dockerConfig, 'buildx'), { recursive: true, force: true });
    const requests = svc.requests.length;
    // Run 5555 holds no artifacts: only a lookup in the repository by id can find the backup.
    const rb = await runStep(
      world.sb,
      svc,
      'rollback',
      { 'artifact-id': id, 'restore-cache': 'false', 'allow-builder-settings': `image=${NEVER_BOOTS}` },
      'rollback-by-id',
      5555,
    );
    expect(rb.status, `${rb.stdout}\n${rb.stderr}`).toBe(0);
    expect(rb.outputs.status).toBe('restored');
    expect(rb.summary).toContain(heal.outputs['backup-name']);
    // A later run of the same repository: accepted for the repository, the run the backup was made in named.
    expect(rb.summary).toMatch(/Source: github store, checked by repository, repository octo\/heal, run \d+: accepted/);
    expect(rb.summary).not.toMatch(/run 5555: accepted/);
    const seen = svc.requests.slice(requests);
    expect(seen).toContainEqual(expect.stringContaining(`/repos/octo/heal/actions/artifacts/${id}/zip`));
    // No listing of run 5555's artifacts to resolve a name.
    expect(seen.filter((r) => /ListArtifacts|\/runs\/5555\//.test(r))).toEqual([]);
    const inst = `buildx/instances/${world.builder}`;
    expect(readFileSync(join(world.sb.dockerConfig, inst)).equals(before.get(inst)!)).toBe(true);
    expect(JSON.parse(rb.outputs.builders ?? '[]')).toContain(world.builder);
  }, 900_000);
});
