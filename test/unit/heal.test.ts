import { answeredFacts } from './answered.js';
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../../src/docker/deps.js';
import { silentLogger } from '../../src/docker/deps.js';
import { defaultOptions, type Options } from '../../src/core/options.js';
import type { BackupRef, PhaseName, ValidationCheck } from '../../src/core/report.js';
import type { Finding } from '../../src/core/types.js';
import type { Facts } from '../../src/checks/types.js';
import type { DiagnoseResult } from '../../src/phases/diagnose.js';
import { heal, selectRepairs, type HealPhases } from '../../src/heal/heal.js';
import { InputError } from '../../src/core/errors.js';
import { Docker } from '../../src/docker/docker.js';
import { DryRunRunner } from '../../src/docker/runner.js';
import { LOCK_IMAGE, LOCK_NAME } from '../../src/heal/lock.js';
import { journalPath, readJournal, writeJournal } from '../../src/heal/journal.js';
import { FakeRunner } from '../support/fake-runner.js';
import { offer, pending } from '../../src/docker/head-start.js';

const facts = (instanceFiles: Facts['instanceFiles'] = []): Facts => answeredFacts({ instanceFiles });
const result = (findings: Finding[], f = facts()): DiagnoseResult => ({
  facts: f,
  findings,
  builders: [{ name: 'default', driver: 'docker', current: true, status: 'running', nodes: [] }],
  currentBuilder: 'default',
  crashed: [],
  durationMs: 1,
});
const brokenFile = (path: string): Finding => ({
  id: 'state.invalid-instance',
  severity: 'error',
  subject: path,
  message: 'not JSON',
  evidence: [],
  repair: { action: 'state.remove-file', description: 'remove', target: path, automatic: true },
});

interface Log {
  diagnose: string[];
  backup: number;
  validate: string[][];
  rollback: number;
}

function phases(
  diagnoses: DiagnoseResult[],
  o: { verified?: boolean; validation?: ValidationCheck[]; log: Log },
): HealPhases {
  let i = 0;
  return {
    async diagnose(_d, opts, level) {
      o.log.diagnose.push(`${level}${opts.baseline ? '+baseline' : ''}`);
      const r = diagnoses[Math.min(i++, diagnoses.length - 1)];
      if (r === undefined) throw new Error('no diagnosis scripted');
      return r;
    },
    async backup(): Promise<BackupRef> {
      o.log.backup++;
      return {
        name: 'bk-1',
        store: 'local',
        location: '/tmp/bk-1.tar.gz',
        files: 3,
        bytes: 100,
        verified: o.verified ?? true,
      };
    },
    async validate(_d, _o, builders) {
      o.log.validate.push(builders);
      return o.validation ?? [{ id: 'validate.build', builder: 'default', ok: true, message: 'built' }];
    },
    async rollback() {
      o.log.rollback++;
      return { ok: true, detail: 'restored 3 file(s)' };
    },
  };
}

function setup(mode: Options['mode'], runner: FakeRunner | DryRunRunner = new FakeRunner()) {
  const dir = mkdtempSync(join(tmpdir(), 'bkh-heal-'));
  const env = { HOME: dir, DOCKER_CONFIG: join(dir, '.docker') };
  const deps: Deps = {
    docker: new Docker(runner, { env }),
    env,
    log: silentLogger,
    now: () => new Date('2026-01-01T00:00:00Z'),
    version: 't',
  };
  const options = defaultOptions(env);
  options.mode = mode;
  const log: Log = { diagnose: [], backup: 0, validate: [], rollback: 0 };
  return { dir, deps, options, log };
}

/** The lock commands on a free daemon. */
function lockFree(r: FakeRunner): FakeRunner {
  return r
    .on(`docker image inspect --format {{.Id}} ${LOCK_IMAGE}`, { stdout: 'sha256:abc' })
    .on('docker buildx rm --help', { stdout: 'Usage: docker buildx rm [OPTIONS]\n  -f, --force' })
    .on('docker rm --force lockid', { stdout: 'lockid' })
    .on(`docker create --name ${LOCK_NAME}`, { stdout: 'lockid\n' });
}

/** FakeRunner keys name every value; the lock's create has labels with the pid and time: match by prefix. */
class PrefixRunner extends FakeRunner {
  override async run(file: string, args: string[], opts: Parameters<FakeRunner['run']>[2]) {
    if (args[0] === 'create') {
      const cut = args.slice(0, 3);
      return super.run(file, cut, opts);
    }
    return super.run(file, args, opts);
  }
}

const phaseNames = (ps: { phase: PhaseName; skipped?: boolean }[]) =>
  ps.map((p) => `${p.phase}${p.skipped ? '(skipped)' : ''}`);

describe('heal', () => {
  it('auto on a healthy runner: one quick diagnose, nothing else runs', async () => {
    const s = setup('auto');
    // The cache policy's usage, read by buildx du without the Engine API: its interval not yet over.
    mkdirSync(join(s.dir, '.buildkit-healer'), { recursive: true });
    writeFileSync(join(s.dir, '.buildkit-healer', 'cache-check.json'), JSON.stringify({ at: Date.now() }));
    const r = await heal(s.deps, s.options, phases([result([])], { log: s.log }));
    expect(r.status).toBe('healthy');
    expect(s.log).toEqual({ diagnose: ['quick'], backup: 0, validate: [], rollback: 0 });
    expect(phaseNames(r.phases)).toEqual(['diagnose']);
    expect((s.deps.docker.runner as FakeRunner).calls).toHaveLength(0);
  });

  it('auto whose quick probe failed goes to the full diagnose even with no finding, and fails on what that finds', async () => {
    const s = setup('auto');
    const f = facts();
    f.ls = {
      result: {
        argv: ['docker', 'buildx', 'ls', '--format', 'json'],
        exitCode: 1,
        signal: null,
        stdout: '',
        stderr: 'ERROR: no builder "ghost" found\n',
        timedOut: false,
        durationMs: 3,
      },
      parseError: 'no output',
    };
    const probeFailed: Finding = {
      id: 'docker.probe-failed',
      severity: 'error',
      subject: 'docker buildx ls',
      message: 'failed',
      evidence: [],
      advice: 'look',
    };
    const r = await heal(s.deps, s.options, phases([result([], f), result([probeFailed], f)], { log: s.log }));
    expect(s.log.diagnose).toEqual(['quick', 'full+baseline']);
    expect(r.status).toBe('failed');
    expect(r.healthy).toBe(false);
    expect(r.error).toContain('docker.probe-failed');
  });

  it('auto without the Engine API reads the cache usage with buildx du at most once per interval, and reports it against the policy', async () => {
    const s = setup('auto');
    const du = readFileSync(
      join(import.meta.dirname, '..', 'fixtures', 'buildx', '0.13.1', 'builds', 'du-verbose.stdout'),
      'utf8',
    );
    const runner = new FakeRunner().on('docker buildx du --verbose --builder default', { stdout: du });
    const deps: Deps = { ...s.deps, docker: new Docker(runner, { env: s.deps.env }) };
    const first = await heal(deps, s.options, phases([result([])], { log: s.log }));
    expect(first.status).toBe('healthy');
    expect(runner.calls.map((c) => c.argv.join(' '))).toEqual(['docker buildx du --verbose --builder default']);
    expect(first.cachePolicy).toMatchObject({ source: 'buildx du', limitBytes: 10e9, overLimit: false, enabled: true });
    expect(first.actions).toEqual([]);
    const second = await heal(deps, s.options, phases([result([])], { log: s.log }));
    expect(runner.calls).toHaveLength(1);
    expect(second.cachePolicy).toBeUndefined();
  });

  it('auto with a broken state file: full diagnose, lock, verified backup, clean, re-diagnose, validate → repaired', async () => {
    const runner = lockFree(new PrefixRunner());
    const s = setup('auto', runner);
    const bad = join(s.dir, 'instances-bad');
    writeFileSync(bad, 'garbage');
    const broken = result(
      [brokenFile(bad)],
      facts([{ path: bad, content: 'garbage', parseError: 'invalid character' }]),
    );
    const r = await heal(s.deps, s.options, phases([broken, broken, result([])], { log: s.log }));
    expect(r.status).toBe('repaired');
    expect(existsSync(bad)).toBe(false);
    expect(s.log.diagnose).toEqual(['quick', 'full+baseline', 'full']);
    expect(s.log.backup).toBe(1);
    expect(s.log.validate).toEqual([['default']]);
    expect(phaseNames(r.phases)).toEqual(['diagnose', 'diagnose', 'backup', 'clean', 'reinstall', 'validate']);
    expect(r.actions.map((a) => `${a.action} ${a.ok}`)).toEqual(['backup.create true', 'state.remove-file true']);
    expect(r.findingsAfter).toEqual([]);
    expect(runner.calls.map((c) => c.argv.slice(0, 3).join(' '))).toContain('docker rm --force');
    expect(await readJournal(journalPath(s.options.backup.dir))).toBeUndefined();
  });

  it('auto with a declared builder missing: every diagnose knows the declared names, the builder is created as declared → repaired', async () => {
    const runner = lockFree(new PrefixRunner())
      .on('docker buildx inspect ci', { exitCode: 1, stderr: 'ERROR: no builder "ci" found\n' })
      .on('docker buildx create --name ci --driver docker-container', { stdout: 'ci\n' })
      .on('docker buildx use default', {});
    const s = setup('auto', runner);
    s.options.reinstall.builders = [
      { name: 'ci', driver: 'docker-container', driverOpts: {}, platforms: [], use: false },
    ];
    const missing: Finding = {
      id: 'builder.declared-missing',
      severity: 'error',
      subject: 'ci',
      message: 'declared, not there',
      evidence: [],
      repair: { action: 'builder.create', target: 'ci', automatic: true, description: 'create it' },
    };
    const declared: (string[] | undefined)[] = [];
    const p = phases([result([missing]), result([missing]), result([])], { log: s.log });
    const inner = p.diagnose;
    p.diagnose = async (d, opts, level) => {
      declared.push(opts.declaredBuilders);
      return inner(d, opts, level);
    };
    const r = await heal(s.deps, s.options, p);
    expect(r.status, r.error).toBe('repaired');
    expect(declared).toEqual([['ci'], ['ci'], ['ci']]);
    expect(r.actions.map((a) => `${a.action} ${a.target} ${a.ok}`)).toEqual([
      'backup.create bk-1 true',
      'builder.create ci true',
      'builder.use default true',
    ]);
  });

  it('a declared builder reinstall skipped (its driver is unknown): never created in a later round; the heal fails and says why', async () => {
    const runner = lockFree(new PrefixRunner())
      .on('docker buildx rm --force cloud-r', {})
      .on('docker buildx use default', {});
    const s = setup('repair', runner);
    s.options.reinstall.builders = [
      { name: 'cloud-r', driver: 'docker-container', driverOpts: {}, platforms: [], use: true },
    ];
    const unknown: Finding = {
      id: 'builder.unknown-driver',
      severity: 'error',
      subject: 'cloud-r',
      message: 'driver "cloud" unknown',
      evidence: [],
      repair: { action: 'builder.forget', target: 'cloud-r', automatic: true, description: 'forget it' },
    };
    const missing: Finding = {
      id: 'builder.declared-missing',
      severity: 'error',
      subject: 'cloud-r',
      message: 'declared, not there',
      evidence: [],
      repair: { action: 'builder.create', target: 'cloud-r', automatic: true, description: 'create it' },
    };
    const r = await heal(s.deps, s.options, phases([result([unknown]), result([missing])], { log: s.log }));
    expect(r.status).toBe('failed');
    expect(runner.calls.map((c) => c.argv.join(' ')).filter((c) => /buildx (create|inspect)/.test(c))).toEqual([]);
    expect(r.actions.map((a) => `${a.action} ${a.target} ${a.ok}`)).toContain('builder.skip cloud-r true');
    expect(r.error).toContain('builder.declared-missing');
    expect(r.error).toContain('declared builder(s) not there: cloud-r (skipped: not re-created: its driver');
  });

  it('an unverified backup stops before anything is cleaned', async () => {
    const s = setup('repair', lockFree(new PrefixRunner()));
    const bad = join(s.dir, 'bad');
    writeFileSync(bad, 'x');
    const r = await heal(s.deps, s.options, phases([result([brokenFile(bad)])], { log: s.log, verified: false }));
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/could not be verified/);
    expect(existsSync(bad)).toBe(true);
    expect(r.rollback).toContain('buildkit-healer rollback bk-1');
  });

  it('failed validation keeps the backup, says how to roll back, and rolls back when asked', async () => {
    const s = setup(
      'reinstall',
      lockFree(new PrefixRunner()).on('docker buildx prune --force --builder default --all', { stdout: 'Total: 0B' }),
    );
    s.options.rollbackOnFailure = true;
    const r = await heal(
      s.deps,
      s.options,
      phases([result([])], {
        log: s.log,
        validation: [{ id: 'validate.timing', builder: 'default', ok: false, message: '300% slower' }],
      }),
    );
    expect(r.status).toBe('failed');
    expect(r.error).toContain('validate.timing');
    expect(r.backup?.name).toBe('bk-1');
    expect(r.rollback).toMatch(/buildkit-healer rollback bk-1.*backup-name: bk-1/);
    expect(s.log.rollback).toBe(1);
    expect(phaseNames(r.phases)).toEqual(['diagnose', 'backup', 'clean', 'reinstall', 'validate', 'rollback']);
    // The run ended: its journal is gone (only a killed heal leaves one).
    expect(await readJournal(journalPath(s.options.backup.dir))).toBeUndefined();
  });

  it('dry-run: no lock, no backup, the commands recorded, nothing changed', async () => {
    const dry = new DryRunRunner(new FakeRunner());
    const s = setup('repair', dry);
    s.options.dryRun = true;
    const bad = join(s.dir, 'bad');
    writeFileSync(bad, 'x');
    const orphan: Finding = {
      id: 'orphan.container',
      severity: 'warning',
      subject: 'buildx_buildkit_x0',
      message: 'orphan',
      evidence: [],
      repair: { action: 'orphan.remove', description: 'rm', target: 'buildx_buildkit_x0', automatic: true },
    };
    const r = await heal(s.deps, s.options, phases([result([brokenFile(bad), orphan])], { log: s.log }));
    expect(existsSync(bad)).toBe(true);
    expect(s.log.backup).toBe(0);
    expect(dry.recorded).toEqual([
      ['rm', '-f', bad],
      ['docker', 'rm', '--volumes', 'buildx_buildkit_x0'],
    ]);
    expect(r.status).toBe('unhealthy');
    expect(r.actions.every((a) => a.dryRun)).toBe(true);
    expect(phaseNames(r.phases)).toEqual(['diagnose', 'backup(skipped)', 'clean', 'reinstall', 'validate(skipped)']);
  });

  it('a finding with no automatic repair fails with its advice, changing nothing', async () => {
    const s = setup('auto');
    const f: Finding = {
      id: 'daemon.unreachable',
      severity: 'error',
      subject: 'daemon',
      message: 'down',
      evidence: [],
      advice: 'start dockerd',
    };
    const r = await heal(s.deps, s.options, phases([result([f])], { log: s.log }));
    expect(r.status).toBe('failed');
    expect(r.error).toContain('start dockerd');
    expect(s.log.backup).toBe(0);
  });

  it('an interrupted heal is reported by the next run', async () => {
    const s = setup('auto');
    await writeJournal(journalPath(s.options.backup.dir), {
      runId: 'old',
      mode: 'repair',
      phase: 'clean',
      backupName: 'bk-0',
      pid: 2 ** 22 + 7,
      host: 'elsewhere',
      startedAt: 'x',
      updatedAt: 'y',
    });
    const r = await heal(s.deps, s.options, phases([result([])], { log: s.log }));
    expect(r.notes.join('\n')).toMatch(/interrupted during clean.*rollback bk-0/);
    expect(await readJournal(journalPath(s.options.backup.dir))).toBeUndefined();
  });

  it('an interrupted heal drops what the entry asked ahead before it takes the lock, restores or looks (the answers predate all three)', async () => {
    const runner = new FakeRunner();
    const s = setup('auto', runner);
    await writeJournal(journalPath(s.options.backup.dir), {
      runId: 'old',
      mode: 'repair',
      phase: 'clean',
      backupName: 'bk-0',
      pid: 2 ** 22 + 7,
      host: 'elsewhere',
      startedAt: 'x',
      updatedAt: 'y',
    });
    const seen: string[] = [];
    offer(
      'an answer asked ahead',
      Promise.resolve({
        argv: ['x'],
        exitCode: 0,
        signal: null,
        stdout: '',
        stderr: '',
        timedOut: false,
        durationMs: 1,
      }),
      () =>
        void seen.push(
          `dropped after ${runner.calls.length} command(s), ${s.log.rollback} rollback(s), ${s.log.diagnose.length} look(s)`,
        ),
    );
    await heal(s.deps, s.options, phases([result([])], { log: s.log }));
    // The lock is the heal's first command: none had run.
    expect(runner.calls.length).toBeGreaterThan(0);
    expect(seen).toEqual(['dropped after 0 command(s), 0 rollback(s), 0 look(s)']);
    expect(pending()).toBe(0);
  });

  it('bad input is an InputError before anything runs', async () => {
    const s = setup('check');
    await expect(heal(s.deps, s.options, phases([], { log: s.log }))).rejects.toBeInstanceOf(InputError);
    s.options.mode = 'reinstall';
    s.options.reinstall.buildxSha256 = 'nope';
    s.options.reinstall.buildxFile = '/x';
    await expect(heal(s.deps, s.options, phases([], { log: s.log }))).rejects.toThrow(/buildx-sha256/);
    expect(s.log.diagnose).toEqual([]);
  });

  it('a healer that had to wait for the lock diagnoses again (and stops when the other one fixed it)', async () => {
    let creates = 0;
    const runner = lockFree(new PrefixRunner())
      .on(`docker create --name ${LOCK_NAME}`, () =>
        ++creates === 1
          ? {
              exitCode: 1,
              stderr:
                'Error response from daemon: Conflict. The container name "/buildkit-healer-lock" is already in use',
            }
          : { stdout: 'lockid\n' },
      )
      .on(`docker container inspect --format {{json .Id}} {{json .Config.Labels}} ${LOCK_NAME}`, {
        stdout: `"abc123" ${JSON.stringify({ 'io.buildkit-healer.lock': '1', 'io.buildkit-healer.lock.pid': String(process.pid), 'io.buildkit-healer.lock.host': hostname(), 'io.buildkit-healer.lock.run-id': 'other-run', 'io.buildkit-healer.lock.started-at': new Date().toISOString() })}`,
      });
    const s = setup('auto', runner);
    s.deps.now = () => new Date();
    const bad = join(s.dir, 'bad');
    writeFileSync(bad, 'x');
    const r = await heal(
      s.deps,
      s.options,
      phases([result([brokenFile(bad)]), result([brokenFile(bad)]), result([])], { log: s.log }),
    );
    expect(creates).toBe(2);
    expect(s.log.diagnose).toEqual(['quick', 'full+baseline', 'full+baseline']);
    expect(r.status).toBe('healthy');
    expect(r.notes.join('\n')).toMatch(/waited \d+ s for another healer/);
    expect(s.log.backup).toBe(0);
    expect(existsSync(bad)).toBe(true);
  });

  it('selectRepairs: auto takes only failing automatic repairs, repair takes all automatic ones', () => {
    const warn: Finding = {
      id: 'cache.over-limit',
      severity: 'warning',
      subject: 'build-cache',
      message: '',
      evidence: [],
      repair: { action: 'cache.prune', description: '', automatic: true },
    };
    const manual: Finding = {
      ...brokenFile('/x'),
      repair: { action: 'builder.remove', description: '', automatic: false },
    };
    expect(selectRepairs([warn, manual, brokenFile('/y')], 'auto', 'error').map((f) => f.subject)).toEqual(['/y']);
    expect(selectRepairs([warn, manual, brokenFile('/y')], 'repair', 'error').map((f) => f.subject)).toEqual([
      'build-cache',
      '/y',
    ]);
  });

  it('selectRepairs: a notInAuto repair (a dead context no build uses, an unparsable config.json) is left by auto, done by repair', () => {
    const dead: Finding = {
      id: 'builder.error',
      severity: 'error',
      subject: 'desktop-gone',
      message: '',
      evidence: [],
      repair: { action: 'builder.remove', description: '', target: 'desktop-gone', automatic: true, notInAuto: true },
    };
    expect(selectRepairs([dead, brokenFile('/y')], 'auto', 'warning').map((f) => f.subject)).toEqual(['/y']);
    expect(selectRepairs([dead, brokenFile('/y')], 'repair', 'error').map((f) => f.subject)).toEqual([
      'desktop-gone',
      '/y',
    ]);
    expect(selectRepairs([dead], 'reinstall', 'error').map((f) => f.subject)).toEqual(['desktop-gone']);
  });
});
