import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliHost } from '../../src/cli/context.js';
import { parseRollbackArgs } from '../../src/cli/commands/rollback.js';
import { humanBytes } from '../../src/cli/commands/backups.js';
import { InputError } from '../../src/core/errors.js';
import { defaultBackupName } from '../../src/phases/backup.js';
import { BUNDLE_FORMAT, BundleWriter } from '../../src/bundle/bundle.js';
import type { BundleBuilder, Manifest } from '../../src/bundle/bundle.js';
import { recorded } from '../fixtures/load.js';
import { LocalStore, checkBackupName } from '../../src/stores/local.js';
import { defaultKeyFile } from '../../src/bundle/mac.js';
import { validateArtifactName } from '../../src/stores/names.js';
import { FakeRunner } from '../support/fake-runner.js';

function host(env: NodeJS.ProcessEnv): CliHost & { out: string; err: string; runner: FakeRunner } {
  const h = {
    out: '',
    err: '',
    cwd: '/tmp',
    env,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    version: '9.8.7',
    // Scripted with nothing: any docker call throws, so these tests prove none was made.
    runner: new FakeRunner(),
    stdout(t: string) {
      h.out += t;
    },
    stderr(t: string) {
      h.err += t;
    },
  };
  return h;
}

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bkh-rbcli-'));
  env = { HOME: join(dir, 'home') };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A file in the local store's layout with a given age. */
function put(name: string, bytes: number, secondsAgo: number): void {
  const p = join(dir, `${name}.tar.gz`);
  writeFileSync(p, Buffer.alloc(bytes, 1));
  const t = Date.now() / 1000 - secondsAgo;
  utimesSync(p, t, t);
}

describe('buildkit-healer backups', () => {
  it('lists the local store newest first, as text and JSON, ignoring files that are not backups', async () => {
    put('buildkit-backup-a-20261101T000000Z-aaaaaa', 10, 300);
    put('buildkit-backup-b-20261102T000000Z-bbbbbb', 5000, 10);
    put('buildkit-backup-c-20261103T000000Z-cccccc', 3 * 1024 * 1024, 100);
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const h = host(env);
    expect(await main(['backups', '--backup-dir', dir], h)).toBe(0);
    const lines = h.out.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+CREATED\s+SIZE$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([
      'buildkit-backup-b-20261102T000000Z-bbbbbb',
      'buildkit-backup-c-20261103T000000Z-cccccc',
      'buildkit-backup-a-20261101T000000Z-aaaaaa',
    ]);
    expect(lines[2]).toContain('3.0 MiB');
    const j = host(env);
    expect(await main(['backups', `--backup-dir=${dir}`, '--json'], j)).toBe(0);
    const list = JSON.parse(j.out) as { name: string; bytes: number; location: string }[];
    expect(list.map((b) => [b.name, b.bytes])).toEqual([
      ['buildkit-backup-b-20261102T000000Z-bbbbbb', 5000],
      ['buildkit-backup-c-20261103T000000Z-cccccc', 3 * 1024 * 1024],
      ['buildkit-backup-a-20261101T000000Z-aaaaaa', 10],
    ]);
    expect(list[0]?.location).toBe(join(dir, 'buildkit-backup-b-20261102T000000Z-bbbbbb.tar.gz'));
    expect(h.runner.calls).toEqual([]);
  });

  it('an empty or missing store is not an error; the default directory is under HOME', async () => {
    const h = host(env);
    expect(await main(['backups'], h)).toBe(0);
    expect(h.out).toBe(`No backups in ${join(dir, 'home', '.buildkit-healer', 'backups')}\n`);
    const j = host(env);
    expect(await main(['backups', '--json', '--backup-dir', '~/elsewhere'], j)).toBe(0);
    expect(JSON.parse(j.out)).toEqual([]);
  });

  it('--help, unknown options and arguments', async () => {
    const h = host(env);
    expect(await main(['backups', '--help'], h)).toBe(0);
    expect(h.out).toContain('Usage: buildkit-healer backups [--backup-dir DIR] [--json]');
    const u = host(env);
    expect(await main(['backups', '--frobnicate'], u)).toBe(2);
    expect(u.err).toContain('Invalid option "--frobnicate": expected one of --backup-dir, --json, --help/-h');
    const a = host(env);
    expect(await main(['backups', 'extra'], a)).toBe(2);
    expect(a.err).toContain('no arguments');
    const e = host(env);
    expect(await main(['backups', '--backup-dir', ''], e)).toBe(2);
    expect(e.err).toContain('--backup-dir');
  });
});

describe('buildkit-healer rollback', () => {
  it('parses its flags, defaults and names; refuses a name with --latest, none at all, two names', () => {
    const a = parseRollbackArgs(
      [
        '--latest',
        '--backup-dir',
        '~/b',
        '--restore-cache',
        '--cache-paths',
        '~/c1,/c2',
        '--cache-paths=/c3',
        '--no-recreate-builders',
        '--dry-run',
        '--json',
      ],
      env,
    );
    expect(a).toEqual({
      latest: true,
      backupDir: join(dir, 'home', 'b'),
      restoreCache: true,
      cachePaths: [join(dir, 'home', 'c1'), '/c2', '/c3'],
      recreateBuilders: false,
      allowBuilderSettings: [],
      trustUnsigned: false,
      dryRun: true,
      json: true,
      verbose: false,
      help: false,
    });
    const b = parseRollbackArgs(['buildkit-backup-x-1'], env);
    expect(b).toMatchObject({
      name: 'buildkit-backup-x-1',
      latest: false,
      restoreCache: false,
      cachePaths: [],
      recreateBuilders: true,
      dryRun: false,
      backupDir: join(dir, 'home', '.buildkit-healer', 'backups'),
    });
    expect(() => parseRollbackArgs(['n1', '--latest'], env)).toThrow(/either a backup name or --latest/);
    expect(() => parseRollbackArgs([], env)).toThrow(/a backup name .* or --latest/);
    expect(() => parseRollbackArgs(['a', 'b'], env)).toThrow(InputError);
    expect(() => parseRollbackArgs(['../etc'], env)).toThrow(/Invalid BACKUP "..\/etc"/);
    expect(() => parseRollbackArgs(['--restore-cache=maybe', 'x'], env)).toThrow(/--restore-cache/);
  });

  it('--help exits 0; bad usage exits 2 with the accepted values, before any docker call', async () => {
    const h = host(env);
    expect(await main(['rollback', '--help'], h)).toBe(0);
    expect(h.out).toContain('Usage: buildkit-healer rollback [--latest | BACKUP]');
    expect(h.out).toContain('--no-recreate-builders');
    const g = host(env);
    expect(await main(['help', 'rollback'], g)).toBe(0);
    expect(g.out).toBe(h.out);
    for (const args of [['--frobnicate'], [], ['x', '--latest'], ['a/b'], ['--backup-dir']]) {
      const u = host(env);
      expect(await main(['rollback', ...args], u), args.join(' ')).toBe(2);
      expect(u.err).toContain('Try: buildkit-healer rollback --help');
      expect(u.runner.calls).toEqual([]);
    }
    const u = host(env);
    await main(['rollback', '--frobnicate'], u);
    expect(u.err).toContain(
      'expected one of --latest, --backup-dir, --restore-cache, --cache-paths, --recreate-builders, --allow-builder-settings, --trust-unsigned, --dry-run, --json, --verbose/-v, --help/-h',
    );
  });

  it('a name the store does not hold: exit 1 listing the backups there; --latest on an empty store: exit 1', async () => {
    put('buildkit-backup-h-20261102T000000Z-bbbbbb', 100, 10);
    const h = host(env);
    expect(await main(['rollback', 'buildkit-backup-nope', '--backup-dir', dir], h)).toBe(1);
    expect(h.err).toContain('Backup "buildkit-backup-nope" not found');
    expect(h.err).toContain('buildkit-backup-h-20261102T000000Z-bbbbbb');
    expect(h.runner.calls).toEqual([]);
    const e = host(env);
    expect(await main(['rollback', '--latest', '--backup-dir', join(dir, 'empty')], e)).toBe(1);
    expect(e.err).toMatch(/No backups found in the local store/);
    expect(e.runner.calls).toEqual([]);
  });

  it('a corrupt newest backup: exit 1, nothing restored, no docker call before the bundle verified', async () => {
    put('buildkit-backup-h-20261102T000000Z-bbbbbb', 100, 10);
    const h = host(env);
    const code = await main(['rollback', '--latest', '--backup-dir', dir, '--json'], h);
    expect(code).toBe(1);
    const out = JSON.parse(h.out) as { status: string; error: string; restored: unknown[] };
    expect(out.status).toBe('failed');
    expect(out.error).toMatch(/^Nothing was restored: /);
    expect(out.restored).toEqual([]);
    expect(h.runner.calls).toEqual([]);
  });
});

describe('default backup names', () => {
  const now = new Date('2026-11-24T00:41:02.123Z');
  it('on a runner: runner, run id and attempt, valid as an artifact and a local name', () => {
    const n = defaultBackupName('ip-10-0-0-1', now, {
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '2',
      RUNNER_NAME: 'GitHub Actions 7',
    });
    expect(n).toMatch(/^buildkit-healer-GitHub-Actions-7-4242-2-20261124T004102Z-[0-9a-f]{6}$/);
    expect(validateArtifactName(n)).toBe(n);
    expect(checkBackupName(n)).toBe(n);
    // No runner name: the host stands in; no attempt: 1.
    expect(defaultBackupName('host.a', now, { GITHUB_RUN_ID: '9' })).toMatch(
      /^buildkit-healer-host.a-9-1-20261124T004102Z-[0-9a-f]{6}$/,
    );
  });
  it('off GitHub: host and time', () => {
    expect(defaultBackupName('my host', now, {})).toMatch(/^buildkit-backup-my-host-20261124T004102Z-[0-9a-f]{6}$/);
    expect(defaultBackupName('my host', now, { GITHUB_RUN_ID: ' ' })).toMatch(/^buildkit-backup-my-host-/);
  });
});

describe('humanBytes', () => {
  it('picks the largest unit that keeps the number at least 1', () => {
    expect([humanBytes(0), humanBytes(1023), humanBytes(1024), humanBytes(1536), humanBytes(5 * 1024 ** 3)]).toEqual([
      '0 B',
      '1023 B',
      '1.0 KiB',
      '1.5 KiB',
      '5.0 GiB',
    ]);
  });
});

describe('buildkit-healer rollback on a real bundle (local store, scripted docker)', () => {
  const gone: BundleBuilder = {
    name: 'gone',
    driver: 'docker-container',
    status: 'inactive',
    current: false,
    platforms: [],
    driverOptions: {},
    nodes: [
      { name: 'gone0', endpoint: 'unix:///x.sock', platforms: [], status: 'inactive', driverOptions: {}, flags: [] },
    ],
  };
  async function makeStore(): Promise<{ store: string; cfg: string; cache: string }> {
    const cfg = join(dir, 'home', '.docker');
    const cache = join(dir, 'cache');
    const w = new BundleWriter(join(dir, 'stage'));
    await w.init();
    await w.addContent(
      { path: join(cfg, 'buildx', 'instances', 'gone'), kind: 'instance', mode: 0o644 },
      '{"Name":"gone"}',
    );
    await w.addContent({ path: join(cache, 'index.json'), kind: 'cache-data', mode: 0o644 }, '{"manifests":[]}');
    const m: Manifest = {
      format: BUNDLE_FORMAT,
      version: 1,
      name: 'bkp-cli',
      createdAt: '2026-01-01T00:00:00Z',
      host: { hostname: 'h', dockerHost: '' },
      tool: { name: 'buildkit-healer', version: '0' },
      versions: {},
      currentBuilder: 'default',
      builders: [gone],
      files: w.files,
      redactions: [],
      omitted: [],
      commands: [],
    };
    await w.pack(m, join(dir, 'b.tar.gz'));
    const store = join(dir, 'store');
    await new LocalStore(store, 10, { keyFile: defaultKeyFile(env) }).save({
      name: 'bkp-cli',
      bundlePath: join(dir, 'b.tar.gz'),
      cachePaths: [],
    });
    return { store, cfg, cache };
  }
  function runner(): FakeRunner {
    const ls = recorded('buildx/0.13.1/healthy/ls-json');
    return new FakeRunner()
      .on('docker buildx ls --format json', { stdout: ls.stdout, stderr: ls.stderr })
      .on('docker buildx create --name gone --driver docker-container', { stdout: 'gone\n' })
      .on('docker buildx use default', {});
  }

  it('--dry-run --json plans the files (cache data only into --cache-paths, with --restore-cache), writes nothing, changes nothing', async () => {
    const { store, cfg, cache } = await makeStore();
    const h = host({ ...env, DOCKER_CONFIG: cfg });
    h.runner = runner();
    expect(await main(['rollback', 'bkp-cli', '--backup-dir', store, '--dry-run', '--json'], h), h.err).toBe(0);
    const r = JSON.parse(h.out) as {
      status: string;
      name: string;
      actions: { action: string; target: string; dryRun?: boolean }[];
      skipped: { path: string; reason: string }[];
    };
    expect(r.status).toBe('dry-run');
    expect(r.name).toBe('bkp-cli');
    expect(r.actions.filter((a) => a.action === 'file.restore').map((a) => a.target)).toEqual([
      join(cfg, 'buildx', 'instances', 'gone'),
    ]);
    // Without --cache-paths no cache directory is a place a restore may write to.
    expect(r.skipped).toContainEqual({
      path: join(cache, 'index.json'),
      reason: `refused: ${join(cache, 'index.json')} is cache data outside the cache directories this environment restores to`,
    });
    expect(r.actions).toContainEqual(
      expect.objectContaining({ action: 'builder.recreate', target: 'gone', dryRun: true }),
    );
    expect(existsSync(join(cfg, 'buildx'))).toBe(false);
    expect(h.runner.calls.filter((c) => c.opts.mutates === true)).toEqual([]);

    const c = host({ ...env, DOCKER_CONFIG: cfg });
    c.runner = runner();
    expect(
      await main(
        ['rollback', '--latest', '--backup-dir', store, '--dry-run', '--restore-cache', '--cache-paths', cache],
        c,
      ),
      c.err,
    ).toBe(0);
    expect(c.out).toContain('rollback of bkp-cli: dry run');
    expect(c.out).toContain(`file.restore ${join(cache, 'index.json')}`);
    expect(c.out).toContain(`file.restore ${join(cfg, 'buildx', 'instances', 'gone')}`);
    expect(existsSync(cache)).toBe(false);
  });
});
