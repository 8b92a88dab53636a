import { afterEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, lstatSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import * as faults from '../support/faults.js';
import type { Fault } from '../support/faults.js';
import { fileServer, type FileServer } from '../support/file-server.js';
import { defaultOptions, type Options } from '../../src/core/options.js';
import type { Deps } from '../../src/docker/deps.js';
import { heal } from '../../src/heal/heal.js';
import { runCheck } from '../../src/heal/check.js';
import { diagnose } from '../../src/phases/diagnose.js';
import { Docker } from '../../src/docker/docker.js';
import { DryRunRunner, succeeded } from '../../src/docker/runner.js';
import { readBundle } from '../../src/bundle/bundle.js';
import { rollback } from '../../src/phases/rollback.js';
import { openStore } from '../../src/stores/index.js';
import { releaseArch, sha256 } from '../../src/tasks/install-buildx.js';
import { LOCK_NAME } from '../../src/heal/lock.js';
import { parseDu } from '../../src/docker/parse/du.js';

const SYSTEM_BUILDX = '/usr/libexec/docker/cli-plugins/docker-buildx';

let sb: Sandbox | undefined;
let undo: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const u of undo.reverse()) await u().catch(() => undefined);
  undo = [];
  sb?.cleanup();
  sb = undefined;
});

function options(s: Sandbox, mode: Options['mode'], fault?: Fault): Options {
  const o = defaultOptions(s.env);
  o.mode = mode;
  o.backup.store = 'local';
  // The sandbox's daemon.json only (absent unless a fault writes one): the host's is not ours.
  o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')], ...(fault?.options ?? {}) };
  o.lockTimeoutMs = 60_000;
  return o;
}

async function withFault(s: Sandbox, make: (s: Sandbox) => Promise<Fault>): Promise<Fault> {
  const f = await make(s);
  undo.push(() => f.undo());
  return f;
}

function problems(findings: { id: string; severity: string; subject: string; message: string }[]): string[] {
  return findings.filter((f) => f.severity !== 'info').map((f) => `${f.id} ${f.subject}: ${f.message}`);
}

/** Every file under a directory with its SHA-256 (symlinks by target). */
function treeHash(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else out[p] = st.isSymbolicLink() ? 'link' : createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function daemonObjects(s: Sandbox): Promise<string> {
  const c = await s.docker.run(['ps', '--all', '--format', '{{.Names}} {{.Status}}'], { timeoutMs: 20_000 });
  const v = await s.docker.run(['volume', 'ls', '--quiet'], { timeoutMs: 20_000 });
  // Status has times in it ("Up 3 seconds"): compare names and the first word of the state.
  const ps = c.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ').slice(0, 2).join(' '))
    .sort();
  return JSON.stringify({ ps, volumes: v.stdout.split('\n').filter(Boolean).sort() });
}

describe('heal --mode auto on the real daemon: every repairable fault', () => {
  type Case = [string, (s: Sandbox) => Promise<Fault>, Options['failOn']];
  const cases: Case[] = [
    ['corrupt instance file', (s) => faults.corruptInstance(s), 'error'],
    ['empty instance file', (s) => faults.emptyInstance(s), 'error'],
    ['zero-byte current file', (s) => faults.zeroCurrent(s), 'error'],
    ['current names a missing builder (warning)', (s) => faults.currentMissing(s), 'warning'],
    ['orphan builder container (warning)', (s) => faults.orphanContainer(s), 'warning'],
    ['orphan state volume (warning)', (s) => faults.orphanVolume(s), 'warning'],
    ['BuildKit disabled in daemon.json', (s) => faults.buildkitDisabled(s), 'error'],
    ['truncated buildx plugin shadowing the system one', (s) => faults.truncatedBuildx(s), 'error'],
  ];
  it.each(cases)('%s: auto repairs it and a following check is healthy', async (_name, make, failOn) => {
    sb = sandbox();
    const f = await withFault(sb, make);
    const o = options(sb, 'auto', f);
    o.failOn = failOn;
    // Validation has its own tests below; here the point is the repair and the re-check.
    o.validate.enabled = false;
    const before = await diagnose(testDeps(sb), o.diagnose, 'quick');
    expect(before.findings.map((x) => x.id)).toContain(f.expect);

    const r = await heal(testDeps(sb), o);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('repaired');
    expect(r.backup?.verified).toBe(true);
    expect(r.actions.filter((a) => !a.ok)).toEqual([]);
    expect(r.phases.map((p) => p.phase)).toEqual(['diagnose', 'diagnose', 'backup', 'clean', 'reinstall', 'validate']);
    expect(problems(r.findingsAfter ?? []).filter((p) => p.startsWith(f.expect))).toEqual([]);
    if (f.expect === 'buildkit.disabled') {
      // No restart command given: the file is fixed, other keys kept, and the report says a restart is needed.
      expect(JSON.parse(readFileSync(f.subject!, 'utf8'))).toEqual({ features: { buildkit: true } });
      expect(r.notes.join('\n')).toMatch(/must be restarted/);
    }

    const after = await runCheck(testDeps(sb), o);
    expect(problems(after.findings)).toEqual([]);
    expect(after.status).toBe('healthy');
    // The lock is released.
    const lock = await sb.docker.run(['container', 'inspect', LOCK_NAME], { timeoutMs: 20_000 });
    expect(succeeded(lock)).toBe(false);
  });

  it('a dead context no build uses: auto keeps it (a warning, healthy), repair removes it and a following check agrees', async () => {
    sb = sandbox();
    const f = await withFault(sb, (s) => faults.deadContextBuilder(s));
    const o = options(sb, 'auto', f);
    o.validate.enabled = false;
    const auto = await heal(testDeps(sb), o);
    expect(auto.status).toBe('healthy');
    expect(auto.findings.filter((x) => x.id === 'builder.error').map((x) => `${x.severity} ${x.subject}`)).toEqual([
      `warning ${f.subject ?? ''}`,
    ]);
    expect(auto.actions).toEqual([]);
    const ls = await sb.docker.run(['context', 'ls', '--format', '{{.Name}}'], { timeoutMs: 20_000 });
    expect(ls.stdout.split('\n')).toContain(f.subject);

    const r = await heal(testDeps(sb), { ...o, mode: 'repair' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('repaired');
    expect(r.backup?.verified).toBe(true);
    expect(r.actions.map((a) => `${a.action} ${a.target} ${a.ok}`)).toContain(`context.remove ${f.subject ?? ''} true`);
    const after = await runCheck(testDeps(sb), o);
    expect(problems(after.findings)).toEqual([]);
    expect(after.findings.filter((x) => x.id === 'builder.error')).toEqual([]);
  });

  it('two faults, one hiding the other: the second repair round finds and fixes what the first revealed', async () => {
    sb = sandbox();
    await withFault(sb, (s) => faults.deadContextBuilder(s, 'bkh-hidden'));
    await withFault(sb, (s) => faults.corruptInstance(s));
    // repair: a dead context no build uses is removed by repair, kept by auto.
    const o = options(sb, 'repair');
    o.validate.enabled = false;
    const r = await heal(testDeps(sb), o);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('repaired');
    // While the corrupt file exists `buildx ls` lists nothing: the dead context shows up only after.
    expect(r.findings.map((f) => f.id)).not.toContain('builder.error');
    expect(r.actions.map((a) => `${a.action} ${a.ok}`)).toEqual([
      'backup.create true',
      'state.remove-file true',
      'context.remove true',
    ]);
    expect(r.phases.map((p) => p.phase)).toEqual([
      'diagnose',
      'backup',
      'clean',
      'reinstall',
      'clean',
      'reinstall',
      'validate',
    ]);
    expect((await runCheck(testDeps(sb), o)).status).toBe('healthy');
  });

  it('no buildx plugin at all (a docker CLI without one): a local plugin file with its SHA-256 is installed', async () => {
    sb = sandbox();
    const s = sb;
    const f = await withFault(s, (x) => faults.missingBuildx(x));
    const docker = f.docker!;
    const d: Deps = testDeps({ docker, env: f.env ?? s.env });
    const o = options(s, 'auto', f);
    o.validate.enabled = false;
    o.reinstall.buildxFile = SYSTEM_BUILDX;
    o.reinstall.buildxSha256 = sha256(readFileSync(SYSTEM_BUILDX));
    const before = await diagnose(d, o.diagnose, 'quick');
    expect(before.findings.map((x) => x.id)).toContain('buildx.missing');
    const r = await heal(d, o);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('repaired');
    expect(r.actions.find((a) => a.action === 'buildx.install')?.detail).toMatch(
      /verified; docker buildx version: github.com\/docker\/buildx/,
    );
    const v = await docker.buildx(['version'], { timeoutMs: 20_000 });
    expect(v.stdout).toMatch(/github.com\/docker\/buildx/);
    expect((await runCheck(d, o)).status).toBe('healthy');
  });

  it('build cache over its limit (warning): repair prunes it', async () => {
    sb = sandbox();
    const f = await withFault(sb, (s) => faults.cacheOverLimit(s));
    const o = options(sb, 'repair', f);
    o.validate.enabled = false;
    o.diagnose.baseline = false;
    const r = await heal(testDeps(sb), o);
    const prune = r.actions.find((a) => a.action === 'cache.prune');
    expect(prune?.ok).toBe(true);
    expect(prune?.command).toBe('docker buildx prune --force');
    console.log(
      `cache over limit: status ${r.status}; after: ${JSON.stringify(r.findingsAfter?.map((x) => [x.id, x.message]))}`,
    );
    expect(r.status).toBe('repaired');
  });

  it('a healthy runner: auto returns at once with nothing done, nothing backed up', async () => {
    sb = sandbox();
    const r = await heal(testDeps(sb), options(sb, 'auto'));
    expect(r.status).toBe('healthy');
    expect(r.phases.map((p) => p.phase)).toEqual(['diagnose']);
    expect(r.backup).toBeUndefined();
    expect(r.actions).toEqual([]);
    expect(existsSync(join(sb.home, '.buildkit-healer'))).toBe(false);
  });

  it('faults with no automatic repair: the heal fails with the advice and changes nothing', async () => {
    sb = sandbox();
    const f = await withFault(sb, (s) => faults.invalidBuildkitdToml(s));
    const o = options(sb, 'auto', f);
    const r = await heal(testDeps(sb), o);
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/config.invalid-buildkitd-toml.*Fix the TOML syntax/);
    expect(r.backup).toBeUndefined();
    expect(r.actions).toEqual([]);
  });

  it('a docker-container builder whose image cannot be pulled: recreated, still failing, backup kept with the rollback command', async () => {
    sb = sandbox();
    const f = await withFault(sb, (s) => faults.unbootstrappableBuilder(s));
    // Only a full diagnose that bootstraps sees it: repair mode (auto's quick look does not).
    const o = options(sb, 'repair', f);
    o.validate.enabled = false;
    const r = await heal(testDeps(sb), o);
    expect(r.actions.map((a) => `${a.action} ${a.target}`)).toEqual(
      expect.arrayContaining([`builder.remove ${f.subject!}`, `builder.create ${f.subject!}`]),
    );
    expect(r.status).toBe('failed');
    expect(r.findingsAfter?.map((x) => x.id)).toContain('builder.cannot-bootstrap');
    expect(r.rollback).toContain(`buildkit-healer rollback ${r.backup?.name ?? '?'}`);
  });
});

describe('heal --mode reinstall on the real daemon', () => {
  it('on a healthy runner it ends healthy with the same builders, validated', async () => {
    sb = sandbox();
    const s = sb;
    // A second builder besides default: a context on the same daemon (docker driver).
    expect(
      succeeded(
        await s.docker.run(['context', 'create', 'bkh-ctx', '--docker', `host=${s.env.DOCKER_HOST ?? ''}`], {
          timeoutMs: 20_000,
          mutates: true,
        }),
      ),
    ).toBe(true);
    // The daemon's (default builder's) cache: a record that only this build made.
    const ctx = join(s.dir, 'keep-ctx');
    mkdirSync(ctx, { recursive: true });
    writeFileSync(
      join(ctx, 'Dockerfile'),
      `FROM local/busybox-amd64:1\nRUN echo ${randomBytes(8).toString('hex')} > /token\n`,
    );
    expect(
      succeeded(
        await s.docker.buildx(
          ['build', '--builder', 'default', '--output', `type=local,dest=${join(s.dir, 'keep-out')}`, ctx],
          { timeoutMs: 300_000, mutates: true },
        ),
      ),
    ).toBe(true);
    const ids = async () =>
      new Set(
        parseDu(
          (await s.docker.buildx(['du', '--verbose', '--builder', 'default'], { timeoutMs: 60_000 })).stdout,
        ).records.map((x) => x.id),
      );
    const before = await ids();
    expect(before.size).toBeGreaterThan(0);
    const o = options(s, 'reinstall');
    o.validate.cache = false;
    const r = await heal(testDeps(s), o);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('repaired');
    expect(r.phases.map((p) => p.phase)).toEqual(['diagnose', 'backup', 'clean', 'reinstall', 'validate']);
    // Default inputs: no cache pruned, the daemon's records (every client's) all still there.
    expect(r.actions.map((a) => a.action)).not.toContain('cache.prune');
    const kept = await ids();
    expect([...before].filter((id) => !kept.has(id))).toEqual([]);
    const names = (bs: { name: string; status: string }[] | undefined) =>
      (bs ?? []).map((b) => `${b.name} ${b.status}`).sort();
    expect(names(r.buildersAfter)).toEqual(names(r.builders));
    expect(r.validation?.filter((c) => !c.ok)).toEqual([]);
    expect(r.validation?.length).toBeGreaterThan(0);
    const after = await runCheck(testDeps(s), o);
    expect(after.status).toBe('healthy');
  });

  it('a validation made to fail leaves the backup, and rollback restores every backed-up file byte for byte', async () => {
    sb = sandbox();
    const s = sb;
    // State worth restoring: a docker-container builder (instance file) and the builder in use.
    const ok = await s.docker.buildx(
      [
        'create',
        '--name',
        'bkhkeep',
        '--driver',
        'docker-container',
        '--driver-opt',
        'image=local/busybox-amd64:1',
        '--platform',
        'linux/amd64',
      ],
      { timeoutMs: 60_000, mutates: true },
    );
    expect(succeeded(ok)).toBe(true);
    undo.push(async () => {
      await s.docker.buildx(['rm', '-f', 'bkhkeep'], { timeoutMs: 120_000, mutates: true });
      await s.docker.run(['rm', '-f', 'buildx_buildkit_bkhkeep0'], { timeoutMs: 60_000, mutates: true });
      await s.docker.run(['volume', 'rm', '-f', 'buildx_buildkit_bkhkeep0_state'], {
        timeoutMs: 60_000,
        mutates: true,
      });
    });
    const o = options(s, 'reinstall');
    o.validate.cache = false;
    // No build can be more than 100% faster than the baseline: the timing check must fail.
    o.validate.maxSlowdownPercent = -100;
    const r = await heal(testDeps(s), o);
    expect(r.status).toBe('failed');
    expect(r.validation?.find((c) => c.id === 'validate.timing' && !c.ok)).toBeDefined();
    expect(r.backup?.verified).toBe(true);
    const name = r.backup!.name;
    expect(r.rollback).toContain(`buildkit-healer rollback ${name}`);
    expect(r.actions.map((a) => `${a.action} ${a.target}`)).toEqual(
      expect.arrayContaining(['builder.remove bkhkeep', 'builder.create bkhkeep']),
    );

    const store = await openStore('local', o.backup, testDeps(s));
    const list = await store.list();
    expect(list.map((b) => b.name)).toContain(name);
    const fetched = await store.fetch(name, join(s.dir, 'fetch'));
    const bundle = await readBundle(fetched.bundlePath);
    const files = bundle.manifest.files.filter(
      (f) => f.path.startsWith('/') && (f.redacted ?? []).length === 0 && f.kind !== 'builder-state',
    );
    expect(files.map((f) => f.path)).toContain(join(s.dockerConfig, 'buildx', 'instances', 'bkhkeep'));
    // Damage what the backup holds, then roll back.
    for (const f of files) if (existsSync(f.path)) writeFileSync(f.path, 'damaged');
    const rb = await rollback(testDeps(s), {
      store,
      name,
      daemonJsonPaths: o.diagnose.daemonJsonPaths,
      testBuild: false,
    });
    expect(rb.error).toBeUndefined();
    for (const f of files) {
      expect(existsSync(f.path), f.path).toBe(true);
      expect(sha256(readFileSync(f.path)), f.path).toBe(f.sha256);
    }
  });
});

describe('rollback-on-failure on the real daemon', () => {
  it('a failed validation rolls back in the same run and says so', async () => {
    sb = sandbox();
    const s = sb;
    expect(
      succeeded(
        await s.docker.run(['context', 'create', 'bkh-ctx2', '--docker', `host=${s.env.DOCKER_HOST ?? ''}`], {
          timeoutMs: 20_000,
          mutates: true,
        }),
      ),
    ).toBe(true);
    const o = options(s, 'reinstall');
    o.validate.cache = false;
    o.validate.maxSlowdownPercent = -100;
    o.rollbackOnFailure = true;
    const r = await heal(testDeps(s), o);
    expect(r.status).toBe('failed');
    expect(r.phases.map((p) => p.phase)).toEqual(['diagnose', 'backup', 'clean', 'reinstall', 'validate', 'rollback']);
    const rb = r.actions.find((a) => a.action === 'rollback');
    expect(rb?.target).toBe(r.backup?.name);
    expect(rb?.ok, rb?.detail).toBe(true);
    expect(r.notes.join('\n')).toContain(`rolled back to backup ${r.backup?.name ?? '?'} in this run`);
    expect(r.rollback).toContain('buildkit-healer rollback');
    // Why and when (the plan's "record rollback reason and time"), and a diagnose after the restore.
    const rec = r.rollbackRecord;
    expect(rec?.trigger).toBe('rollback-on-failure');
    expect(rec?.failedChecks.some((c) => c.startsWith('validate.timing'))).toBe(true);
    expect(rec?.healStartedAt).toBe(r.startedAt);
    const t = (x: string | undefined) => Date.parse(x ?? '');
    expect(t(rec?.healStartedAt)).toBeLessThanOrEqual(t(rec?.failedAt));
    expect(t(rec?.failedAt)).toBeLessThanOrEqual(t(rec?.startedAt));
    expect(t(rec?.startedAt)).toBeLessThanOrEqual(t(rec?.finishedAt));
    expect(rec?.diagnoseAfter?.error).toBeUndefined();
    expect(rec?.diagnoseAfter?.healthy).toBe(true);
    // The heal's own backup, checked by its MAC with the key under the sandbox's HOME.
    expect(rec?.source).toMatchObject({
      store: 'local',
      checked: 'hmac',
      ok: true,
      keyFile: join(s.home, '.config', 'buildkit-healer', 'backup.key'),
    });
  });

  it('the rollback command on its own records why (manual) and when, and diagnoses after the restore', async () => {
    sb = sandbox();
    const s = sb;
    const o = options(s, 'reinstall');
    o.validate.enabled = false;
    const healed = await heal(testDeps(s), o);
    expect(healed.backup?.name).toBeDefined();
    const store = await openStore('local', o.backup, testDeps(s));
    const r = await rollback(testDeps(s), {
      store,
      name: healed.backup?.name ?? '',
      daemonJsonPaths: o.diagnose.daemonJsonPaths,
    });
    expect(r.error).toBeUndefined();
    expect(r.record).toMatchObject({ trigger: 'manual', failedChecks: [] });
    expect(Date.parse(r.record?.startedAt ?? '')).toBeLessThanOrEqual(Date.parse(r.record?.finishedAt ?? ''));
    expect(r.record?.diagnoseAfter?.healthy).toBe(true);
    expect(Array.isArray(r.record?.diagnoseAfter?.findings)).toBe(true);
  });
});

describe('heal --dry-run on the real daemon', () => {
  it('prints the exact commands and file removals and changes nothing', async () => {
    sb = sandbox();
    const s = sb;
    await withFault(s, (x) => faults.corruptInstance(x));
    await withFault(s, (x) => faults.orphanContainer(x, 'bkhdry'));
    await withFault(s, (x) => faults.orphanVolume(x, 'bkhdryvol'));
    // (No dead context here: while the corrupt instance file exists `buildx ls` lists no builder,
    // so only the real heal's second round sees it; a dry-run does not re-diagnose.)
    const o = options(s, 'reinstall');
    o.dryRun = true;
    // The leftovers were made seconds ago: orphan-min-age 0 makes them removable.
    o.diagnose.orphanMinAgeMs = 0;
    o.clean.pruneBuilders = ['default'];
    const dry = new DryRunRunner(s.docker.runner);
    const d: Deps = { ...testDeps(s), docker: new Docker(dry, { env: s.env }) };
    // Any buildx command, even `ls`, writes buildx's own bookkeeping (`.lock`, `current`): a
    // read-only diagnose first, so the snapshot holds them and only the heal's changes would show.
    await diagnose(d, o.diagnose, 'quick');
    const tree = treeHash(s.home);
    const objects = await daemonObjects(s);
    const r = await heal(d, o);
    expect(treeHash(s.home)).toEqual(tree);
    expect(await daemonObjects(s)).toEqual(objects);
    expect(r.dryRun).toBe(true);
    expect(r.backup).toBeUndefined();
    const recorded = dry.recorded.map((a) => a.join(' '));
    expect(recorded).toEqual(
      expect.arrayContaining([
        `rm -f ${join(s.dockerConfig, 'buildx', 'instances', 'corrupt')}`,
        // Stopped leftovers go without --force: one restarted meanwhile is refused by the daemon.
        'docker rm --volumes buildx_buildkit_bkhdry0',
        'docker volume rm buildx_buildkit_bkhdryvol0_state',
        'docker buildx prune --force --builder default --all',
      ]),
    );
    expect(r.actions.length).toBeGreaterThanOrEqual(4);
    expect(r.actions.every((a) => a.dryRun === true)).toBe(true);
    // What prune-cache asks for and cannot be saved is named before anything would run.
    expect(
      r.notes.some(
        (n) => n.includes('docker buildx prune --force --builder default --all') && n.includes('NOT backed up'),
      ),
    ).toBe(true);
    expect(r.actions.find((a) => a.action === 'cache.prune')?.detail).toContain('NOT backed up');
  });
});

describe('buildx install from a 127.0.0.1 server', () => {
  let server: FileServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(): Promise<{ url: string; digest: string }> {
    const bin = readFileSync(SYSTEM_BUILDX);
    const name = `buildx-v0.13.1.linux-${releaseArch()}`;
    server = await fileServer({ [`/v0.13.1/${name}`]: bin, '/v0.13.1/checksums.txt': `${sha256(bin)}  ${name}\n` });
    return { url: `${server.url}/v{version}/buildx-v{version}.{os}-{arch}`, digest: sha256(bin) };
  }

  it('a checksum mismatch stops the heal with both digests and installs nothing', async () => {
    sb = sandbox();
    const { url, digest } = await serve();
    const o = options(sb, 'reinstall');
    o.validate.enabled = false;
    Object.assign(o.reinstall, { buildxVersion: '0.13.1', buildxUrl: url, buildxSha256: 'e'.repeat(64) });
    const r = await heal(testDeps(sb), o);
    expect(r.status).toBe('failed');
    const a = r.actions.find((x) => x.action === 'buildx.install');
    expect(a?.ok).toBe(false);
    expect(a?.detail).toContain('e'.repeat(64));
    expect(a?.detail).toContain(digest);
    expect(existsSync(join(sb.dockerConfig, 'cli-plugins', 'docker-buildx'))).toBe(false);
    expect(r.rollback).toContain('buildkit-healer rollback');
  });

  it('a good checksum (from the checksums file) installs a plugin that docker buildx version runs, and heals a truncated one', async () => {
    sb = sandbox();
    const { url, digest } = await serve();
    const f = await withFault(sb, (s) => faults.truncatedBuildx(s));
    const o = options(sb, 'auto', f);
    o.validate.enabled = false;
    Object.assign(o.reinstall, {
      buildxVersion: 'v0.13.1',
      buildxUrl: url,
      buildxChecksumsUrl: `${server!.url}/v{version}/checksums.txt`,
    });
    const r = await heal(testDeps(sb), o);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('repaired');
    const dest = join(sb.dockerConfig, 'cli-plugins', 'docker-buildx');
    expect(sha256(readFileSync(dest))).toBe(digest);
    expect(lstatSync(dest).mode & 0o777).toBe(0o755);
    const v = await sb.docker.buildx(['version'], { timeoutMs: 20_000 });
    expect(v.stdout).toMatch(/github.com\/docker\/buildx .*0\.13\.1/);
  });
});

describe('the lock is one per daemon', () => {
  it('a second healer waits, a stale lock is broken and said so', async () => {
    sb = sandbox();
    const s = sb;
    const { acquireLock } = await import('../../src/heal/lock.js');
    const first = await acquireLock(testDeps(s), { timeoutMs: 1000, runId: 'first' });
    undo.push(() => first.release());
    const t0 = Date.now();
    await expect(acquireLock(testDeps(s), { timeoutMs: 1500, runId: 'second', pollMs: 200 })).rejects.toThrow(
      /another buildkit-healer holds the lock.*run first/,
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
    // The first owner "dies": its pid is reported gone, so the lock is stale and broken.
    const third = await acquireLock(testDeps(s), { timeoutMs: 1500, runId: 'third', isAlive: () => false });
    undo.push(() => third.release());
    expect(third.broken[0]?.reason).toMatch(/is gone/);
    expect(third.broken[0]?.owner?.runId).toBe('first');
    await third.release();
    const gone = await s.docker.run(['container', 'inspect', LOCK_NAME], { timeoutMs: 20_000 });
    expect(succeeded(gone)).toBe(false);
  });
});
