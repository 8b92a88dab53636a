/**
 * Issue 11 item 3: a real docker-container builder's build cache survives a heal and a rollback.
 * A real builder (the real BuildKit image) builds a Dockerfile whose RUN step writes a fresh token;
 * `heal --mode reinstall` removes the builder with its `_state` volume (after backing the state up)
 * and makes it again, empty: the same build runs the step again with another token. A rollback with
 * cache restore streams the state back into the builder's volume before it boots, and the same
 * build is fully cached again: every step from the cache, counted from the rawjson progress, and the
 * token the one of the first build.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sandbox, type Sandbox } from '../support/env.js';
import { healSaw, realBuilderWithTokenBuild, untilIdle } from '../support/real-builder.js';
import { testDeps } from '../support/deps.js';
import { defaultOptions } from '../../src/core/options.js';
import { heal } from '../../src/heal/heal.js';
import { rollback, type RollbackResult } from '../../src/phases/rollback.js';
import { spawnSync } from 'node:child_process';
import { LocalStore } from '../../src/stores/local.js';
import { backup } from '../../src/phases/backup.js';
import { diagnose } from '../../src/phases/diagnose.js';
import { createHash } from 'node:crypto';
import * as tar from 'tar';

const BUILDER = 'bkhcache';
const CONTAINER = `buildx_buildkit_${BUILDER}0`;
const VOLUME = `${CONTAINER}_state`;
let sb: Sandbox | undefined;

afterEach(async () => {
  if (sb === undefined) return;
  await sb.docker.buildx(['rm', '-f', BUILDER], { timeoutMs: 120_000, mutates: true });
  await sb.docker.run(['rm', '-f', CONTAINER], { timeoutMs: 60_000, mutates: true });
  await sb.docker.run(['volume', 'rm', '-f', VOLUME], { timeoutMs: 60_000, mutates: true });
  sb.cleanup();
  sb = undefined;
});

describe("a real container builder's build cache through heal and rollback", () => {
  it('local store: heal --mode reinstall backs the state up and empties the builder; rollback --restore-cache (the bundled CLI) makes the build fully cached again', async () => {
    const s = sandbox('bkh-cache-');
    sb = s;
    const { build } = await realBuilderWithTokenBuild(s, BUILDER);
    const first = await build();
    // RUN and COPY: the RUN step ran (not cached) and made the token.
    expect(first.totalSteps).toBe(2);
    expect(first.cachedSteps).toBe(0);
    expect(first.token).toMatch(/^[0-9a-f-]{36}$/);
    const second = await build();
    expect([second.cachedSteps, second.token]).toEqual([2, first.token]);

    const dir = join(s.home, 'backups');
    const o = defaultOptions(s.env);
    o.mode = 'reinstall';
    o.backup.store = 'local';
    o.backup.dir = dir;
    o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')] };
    o.validate.enabled = false;
    // The heal must see the builder idle, as a runner's next job would (not its own build's clients).
    await untilIdle(s, CONTAINER);
    const h = await heal(testDeps(s), o);
    expect(h.error, healSaw(h)).toBeUndefined();
    const state = h.backup?.builderState?.find((x) => x.builder === BUILDER);
    // On failure, what the heal saw and did (a loaded host once left this builder out of the backup).
    const seen = JSON.stringify({
      builders: h.builders.map((b) => [b.name, b.driver, b.status, b.nodes.map((n) => [n.name, n.status])]),
      findings: h.findings.map((f) => [f.id, f.subject]),
      actions: h.actions.map((a) => [a.action, a.target, a.ok, a.detail]),
      backup: h.backup,
    });
    expect(state?.skipped, seen).toBeUndefined();
    expect(state?.bytes, seen).toBeGreaterThan(0);

    // The reinstall removed the builder with its cache: the step runs again, with another token.
    const emptied = await build();
    expect(emptied.cachedSteps, healSaw(h)).toBe(0);
    expect(emptied.token).not.toBe(first.token);

    // The bundled CLI, as a user runs it: --restore-cache covers the builder's state.
    const cli = spawnSync(
      process.execPath,
      [
        resolve('dist/cli/index.js'),
        'rollback',
        h.backup?.name ?? '',
        '--backup-dir',
        dir,
        '--restore-cache',
        '--allow-builder-settings',
        'network=host',
        '--json',
      ],
      { env: s.env, encoding: 'utf8', timeout: 600_000, maxBuffer: 16 * 1024 ** 2 },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const r = JSON.parse(cli.stdout) as RollbackResult & { status: string };
    expect(r.error).toBeUndefined();
    expect(r.actions).toContainEqual(
      expect.objectContaining({ action: 'builder-state.restore', target: CONTAINER, ok: true }),
    );
    expect(r.skipped.filter((x) => x.path.startsWith('container:'))).toEqual([]);

    const restored = await build();
    expect([restored.cachedSteps, restored.totalSteps, restored.token]).toEqual([2, 2, first.token]);
  }, 900_000);
});

describe("a heal's own rollback puts a real container builder's cache back", () => {
  it('heal --mode reinstall whose validation fails rolls back in the same run, the state included: the build is fully cached again', async () => {
    const s = sandbox('bkh-cache3-');
    sb = s;
    const { build } = await realBuilderWithTokenBuild(s, BUILDER);
    const first = await build();
    expect([first.totalSteps, first.cachedSteps]).toEqual([2, 0]);
    const o = defaultOptions(s.env);
    o.mode = 'reinstall';
    o.backup.store = 'local';
    o.backup.dir = join(s.home, 'backups');
    o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')] };
    // A validation that cannot pass (no build is faster than -100 % of the baseline): rollback-on-failure.
    o.validate.cache = false;
    o.validate.maxSlowdownPercent = -100;
    o.rollbackOnFailure = true;
    await untilIdle(s, CONTAINER);
    const h = await heal(testDeps(s), o);
    expect(h.status, healSaw(h)).toBe('failed');
    expect(h.rollbackRecord?.trigger).toBe('rollback-on-failure');
    const rb = h.actions.find((a) => a.action === 'rollback');
    expect(rb?.ok, rb?.detail).toBe(true);
    expect(h.actions, healSaw(h)).toContainEqual(
      expect.objectContaining({ action: 'builder-state.restore', target: CONTAINER, ok: true }),
    );
    const again = await build();
    expect([again.cachedSteps, again.totalSteps, again.token]).toEqual([2, 2, first.token]);
  }, 900_000);
});

/** A tar stream written header by header, so that a hostile entry name is possible. */
function rawTar(entries: { path: string; body: string }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body);
    const block = Buffer.alloc(512);
    new tar.Header({ path: e.path, type: 'File', mode: 0o644, size: body.length, mtime: new Date(0) }).encode(block, 0);
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

describe('builder state bounds and containment on a real container builder', () => {
  it('a state over what is left of max-backup-size is left out with the reason; a hostile state stream is refused and nothing is touched', async () => {
    const s = sandbox('bkh-cache2-');
    sb = s;
    const deps = testDeps(s);
    const { build } = await realBuilderWithTokenBuild(s, BUILDER);
    await build();
    const stop = await s.docker.buildx(['stop', BUILDER], { timeoutMs: 120_000, mutates: true });
    expect(stop.exitCode, stop.stderr).toBe(0);
    const diag = await diagnose(
      deps,
      { ...defaultOptions(s.env).diagnose, daemonJsonPaths: [], baseline: false },
      'quick',
    );
    const where = `container:${CONTAINER}:/var/lib/buildkit`;

    // Bounded: the rest of the bundle fits in 64 KiB, the state (a busybox snapshot and BuildKit's databases) does not.
    const small = await backup(
      deps,
      {
        ...defaultOptions(s.env).backup,
        store: 'local',
        dir: join(s.home, 'small'),
        builderState: true,
        maxBytes: 65_536,
      },
      diag.facts,
    );
    expect(small.manifest.files.some((f) => f.kind === 'builder-state')).toBe(false);
    expect(small.manifest.omitted).toContainEqual({
      path: where,
      reason: expect.stringMatching(
        /over the \d+ bytes left under max-backup-size \(65536 bytes\)/,
      ) as unknown as string,
    });
    expect(small.ref.builderState).toEqual([
      {
        builder: BUILDER,
        container: CONTAINER,
        skipped: expect.stringMatching(/max-backup-size/) as unknown as string,
      },
    ]);
    // The rest was saved, within the limit.
    expect(statSync(small.bundlePath).size).toBeLessThan(65_536);

    const full = await backup(
      deps,
      { ...defaultOptions(s.env).backup, store: 'local', dir: join(s.home, 'full'), builderState: true },
      diag.facts,
    );
    const state = full.manifest.files.find((f) => f.kind === 'builder-state');
    expect(state).toMatchObject({ path: where, container: CONTAINER, builder: BUILDER });
    expect(full.ref.builderState).toEqual([{ builder: BUILDER, container: CONTAINER, bytes: state?.size }]);

    // The same bundle with its state stream swapped for one that climbs out of buildkit/ (checksums made to agree).
    const unpacked = join(s.dir, 'unpacked');
    mkdirSync(unpacked);
    await tar.x({ file: full.bundlePath, cwd: unpacked });
    const evil = rawTar([
      { path: 'buildkit/cache.db', body: 'x' },
      { path: 'buildkit/../../../etc/bkh-evil', body: 'owned' },
    ]);
    writeFileSync(join(unpacked, state?.entry ?? ''), evil);
    const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as typeof full.manifest;
    const f = manifest.files.find((x) => x.kind === 'builder-state');
    if (f === undefined) throw new Error('no state in the manifest');
    f.size = evil.length;
    f.sha256 = createHash('sha256').update(evil).digest('hex');
    writeFileSync(join(unpacked, 'manifest.json'), JSON.stringify(manifest));
    const evilDir = join(s.home, 'evil');
    mkdirSync(evilDir);
    const entries = readdirSync(join(unpacked, 'files')).map((x) => `files/${x}`);
    await tar.c({ gzip: true, file: join(evilDir, `${manifest.name}.tar.gz`), cwd: unpacked, portable: true }, [
      'manifest.json',
      ...entries,
    ]);
    const inspect = () =>
      s.docker
        .run(['container', 'inspect', '--format', '{{.Id}}', CONTAINER], { timeoutMs: 30_000 })
        .then((r) => r.stdout.trim());
    const volumeOf = () =>
      s.docker
        .run(['volume', 'inspect', '--format', '{{.Name}}', VOLUME], { timeoutMs: 30_000 })
        .then((r) => r.stdout.trim());
    const before = [await inspect(), await volumeOf()];
    expect(before.every((x) => x !== '')).toBe(true);
    const r = await rollback(deps, {
      store: new LocalStore(evilDir),
      name: manifest.name,
      // A crafted bundle carries no MAC: trusted as unsigned, so that the state stream's own checks are what refuse it.
      trustUnsigned: true,
      restoreCache: true,
      restoreBuilderState: true,
      testBuild: false,
      daemonJsonPaths: [],
    });
    expect(r.skipped).toContainEqual({
      path: where,
      reason: expect.stringMatching(/refused, nothing unpacked: .*"\." or "\.\." component/) as unknown as string,
    });
    expect(r.restored.some((x) => x.path === where)).toBe(false);
    // The builder's container and volume are the same as before: nothing was removed for a refused stream.
    expect([await inspect(), await volumeOf()]).toEqual(before);
    // And the same build is still cached from the state the refused stream did not replace.
    const again = await build();
    expect(again.cachedSteps).toBe(2);
  }, 900_000);
});
