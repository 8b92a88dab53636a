/**
 * The fault suite: every fault injector of test/support/faults.ts through a real heal (auto), the
 * reliability scenarios (a heal killed mid-clean, two heals at once, a daemon that stops answering
 * mid-run and during validate, a docker command that hangs, seeded secrets), bad input to both
 * bundles, and hostile bundles through the rollback action bundle. Each gives a row
 * {scenario, expected, outcome, clearError, dataLost}; the table is printed at the end and any
 * unexpected row fails its test.
 *
 * dataLost counts files of the sandbox's DOCKER_CONFIG (and the restored roots) that were changed
 * or removed and whose earlier content is not in the verified backup (by path and SHA-256).
 * buildx's own run records (`buildx/activity`, `buildx/refs`), which every build rewrites, are
 * not counted. The real docker-container builder rows (the real BuildKit image) also count a state
 * volume (the builder's build cache) that is gone when it had to stay, and a healed one must build.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import * as tar from 'tar';
import { parse } from 'yaml';
import { registry, sandbox, type Sandbox } from '../support/env.js';
import { withDefaultEndpoint } from '../support/default-endpoint.js';
import { testDeps } from '../support/deps.js';
import * as faults from '../support/faults.js';
import type { Fault } from '../support/faults.js';
import { defaultOptions, type Options } from '../../src/core/options.js';
import { heal } from '../../src/heal/heal.js';
import type { Report } from '../../src/core/report.js';
import { Docker } from '../../src/docker/docker.js';
import { ProcessRunner, succeeded } from '../../src/docker/runner.js';
import { BUNDLE_FORMAT, readBundle, type BundleFile, type Manifest } from '../../src/bundle/bundle.js';
import { LOCK_NAME } from '../../src/heal/lock.js';
import { defaultKeyFile, keyIdOf, loadOrCreateKey, signFile } from '../../src/bundle/mac.js';
import { GitHubStore } from '../../src/stores/github.js';
import { silentLogger } from '../../src/docker/deps.js';
import { startResultsService } from '../support/results-service.js';
import {
  healBundle,
  isClearError,
  readReport,
  renderTable,
  root,
  rollbackBundle,
  rowOk,
  runCli,
  runNode,
  sha256,
  treeHashes,
  type Row,
} from '../support/fault-table.js';

const SYSTEM_BUILDX = '/usr/libexec/docker/cli-plugins/docker-buildx';
const rows: Row[] = [];

afterAll(() => {
  console.log(`\nfault suite\n${renderTable(rows)}\n`);
});

function record(r: Row): Row {
  rows.push(r);
  return r;
}

/** Runs a scenario; one that throws before giving its row still gets one (crashed). */
function guarded(scenario: string, expected: Row['expected'], fn: () => Promise<void>): () => Promise<void> {
  // By scenario, not by count: two scenarios run at the same time (a daemon that stops answering).
  const gaveRow = () => rows.some((r) => r.scenario === scenario);
  return async () => {
    try {
      await fn();
    } catch (e) {
      if (!gaveRow())
        record({
          scenario,
          expected,
          outcome: 'crashed',
          clearError: false,
          dataLost: 0,
          detail: String(e).slice(0, 600),
        });
      throw e;
    }
    if (!gaveRow())
      record({
        scenario,
        expected,
        outcome: 'crashed',
        clearError: false,
        dataLost: 0,
        detail: 'the scenario gave no row',
      });
  };
}

function expectRow(r: Row): void {
  expect(rowOk(r), `${r.scenario}: ${JSON.stringify(r)}`).toBe(true);
}

function options(s: Sandbox, fault?: Fault): Options {
  const o = defaultOptions(s.env);
  o.mode = 'auto';
  o.backup.store = 'local';
  o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')], ...(fault?.options ?? {}) };
  o.lockTimeoutMs = 120_000;
  // Validation has its own suites; here the point is the repair or the refusal.
  o.validate.enabled = false;
  return o;
}

/** buildx's run records, rewritten by every build, and plugin binaries (a broken one is what a
 * heal replaces, from a checked file; binaries are not user data and are not backed up). */
const VOLATILE = /\/buildx\/(activity|refs)\/|\/cli-plugins\//;

/**
 * Changed or removed files whose earlier content no verified backup of `backupDir` holds, and
 * that was not moved aside (the same bytes under another name in `dir`, as a heal moves a file it
 * cannot back up: an unparsable config.json, a root-owned file).
 */
async function lostFiles(before: Map<string, string>, backupDir: string, dir: string): Promise<string[]> {
  const after = new Map<string, string>();
  for (const p of before.keys()) if (existsSync(p)) after.set(p, sha256(readFileSync(p)));
  const present = new Set(treeHashes(dir).values());
  const kept = new Set<string>();
  if (existsSync(backupDir)) {
    for (const f of readdirSync(backupDir).filter((x) => x.endsWith('.tar.gz'))) {
      const b = await readBundle(join(backupDir, f));
      for (const m of b.manifest.files) kept.add(`${m.path} ${m.sha256}`);
    }
  }
  return [...before]
    .filter(([p, h]) => !VOLATILE.test(p) && after.get(p) !== h && !kept.has(`${p} ${h}`) && !present.has(h))
    .map(([p]) => p);
}

function outcomeOf(r: Report): Row['outcome'] {
  if (r.status === 'repaired' || r.status === 'healthy') return 'healed';
  return 'refused';
}

// ---- 1. every fault injector through heal (auto) -------------------------------------------

type FaultCase = {
  name: string;
  make: (s: Sandbox) => Promise<Fault>;
  expected: Row['expected'];
  failOn?: Options['failOn'];
  mode?: Options['mode'];
  tune?: (o: Options) => void;
  maxMs?: number;
  /**
   * The heal runs as a runner starts it: the CLI bundle, no DOCKER_HOST, the test daemon as the
   * machine's default endpoint (test/support/default-endpoint.ts), so that config.json's
   * currentContext decides the endpoint as on a runner.
   */
  defaultEndpoint?: true;
  /** A real builder's state volume (its build cache) that must still exist after the heal. */
  keepsVolume?: string;
  /** A real builder that must build a RUN step after a heal that says healed. */
  builds?: string;
  /** The repair action a heal that says healed must have done (ok), e.g. `cache.prune`. */
  needsAction?: string;
};

/**
 * `check` in a fresh process (the CLI bundle) with the heal's fail-on and daemon.json paths: what it
 * finds at or above fail-on when it disagrees with a heal that said repaired, else undefined.
 */
function freshCheckDisagrees(o: Options, env: NodeJS.ProcessEnv, defaultEndpoint: boolean): string | undefined {
  const args = ['check', '--json', '--fail-on', o.failOn, '--daemon-json', o.diagnose.daemonJsonPaths.join(',')];
  const argv = [process.execPath, resolve('dist/cli/index.js'), ...args];
  const r = defaultEndpoint
    ? withDefaultEndpoint(argv, env)
    : spawnSync(argv[0] ?? '', argv.slice(1), { env, encoding: 'utf8', timeout: 300_000 });
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    return `a fresh check gave no report (exit ${String(r.status)})`;
  }
  if (report.status === 'healthy') return undefined;
  return `a fresh check disagrees: ${report.findings.map((x) => `${x.severity} ${x.id} ${x.subject}`).join('; ')}`;
}

/** `heal` through the CLI bundle with the test daemon as the default endpoint; its JSON report. */
function healAsRunner(o: Options, env: NodeJS.ProcessEnv): Report {
  const args = [
    'heal',
    '--mode',
    o.mode,
    '--fail-on',
    o.failOn,
    '--backup-dir',
    o.backup.dir,
    '--validate=false',
    '--json',
  ];
  const r = withDefaultEndpoint([process.execPath, resolve('dist/cli/index.js'), ...args], env);
  try {
    return JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON report from heal (exit ${String(r.status)}): ${r.stderr.slice(-600)}`);
  }
}

const FAULTS: FaultCase[] = [
  { name: 'fault: corrupt instance file', make: (s) => faults.corruptInstance(s), expected: 'healed' },
  { name: 'fault: empty instance file', make: (s) => faults.emptyInstance(s), expected: 'healed' },
  { name: 'fault: zero-byte current file', make: (s) => faults.zeroCurrent(s), expected: 'healed' },
  {
    name: 'fault: current names a missing builder',
    make: (s) => faults.currentMissing(s),
    expected: 'healed',
    failOn: 'warning',
  },
  {
    name: 'fault: dead desktop-linux context',
    make: (s) => faults.deadContextBuilder(s, 'bkhfs-desktop'),
    expected: 'healed',
  },
  // Only a full diagnose that bootstraps sees it (auto's quick look does not): repair mode.
  {
    name: 'fault: builder that cannot bootstrap (repair)',
    make: (s) => faults.unbootstrappableBuilder(s, 'bkhfs-nopull'),
    expected: 'refused',
    mode: 'repair',
  },
  {
    name: 'fault: orphan builder container',
    make: (s) => faults.orphanContainer(s, 'bkhfsorphan'),
    expected: 'healed',
    failOn: 'warning',
  },
  {
    name: 'fault: orphan state volume',
    make: (s) => faults.orphanVolume(s, 'bkhfsorphanvol'),
    expected: 'healed',
    failOn: 'warning',
  },
  { name: 'fault: invalid buildkitd.toml', make: (s) => faults.invalidBuildkitdToml(s), expected: 'refused' },
  { name: 'fault: invalid daemon.json', make: (s) => faults.invalidDaemonJson(s), expected: 'refused' },
  { name: 'fault: BuildKit off in daemon.json', make: (s) => faults.buildkitDisabled(s), expected: 'healed' },
  { name: 'fault: DOCKER_BUILDKIT=0', make: (s) => faults.buildkitDisabledEnv(s), expected: 'refused' },
  { name: 'fault: truncated buildx plugin', make: (s) => faults.truncatedBuildx(s), expected: 'healed' },
  {
    name: 'fault: no buildx plugin',
    make: (s) => faults.missingBuildx(s),
    expected: 'healed',
    tune: (o) => {
      o.reinstall.buildxFile = SYSTEM_BUILDX;
    },
  },
  { name: 'fault: daemon unreachable', make: (s) => faults.unreachableDaemon(s), expected: 'refused' },
  {
    name: 'fault: hung daemon (socket never answers)',
    make: (s) => faults.hungDaemon(s, 2000),
    expected: 'refused',
    maxMs: 60_000,
  },
  {
    name: 'fault: build cache over its limit',
    make: (s) => faults.cacheOverLimit(s),
    expected: 'healed',
    failOn: 'warning',
  },
  { name: 'fault: disk nearly full', make: () => faults.diskLow(), expected: 'refused', failOn: 'warning' },
  // The Docker client layer (issue 10). Causes the healer may not change: refused, naming the variable.
  {
    name: 'client: BUILDX_BUILDER names a missing builder',
    make: (s) => faults.buildxBuilderEnvMissing(s),
    expected: 'refused',
  },
  { name: 'client: DOCKER_BUILDKIT not a boolean', make: (s) => faults.dockerBuildkitGarbage(s), expected: 'refused' },
  {
    name: 'client: DOCKER_CONTEXT names a missing context',
    make: (s) => faults.dockerContextEnvMissing(s),
    expected: 'refused',
  },
  // currentContext naming a missing or dead context: the heal switches to the default endpoint, which
  // answers (the test daemon, as the machine's default endpoint); auto keeps the dead context.
  {
    name: 'client: currentContext names a missing context',
    make: (s) => faults.configContextMissing(s),
    expected: 'healed',
    defaultEndpoint: true,
  },
  {
    name: 'client: current context on a dead socket',
    make: (s) => faults.deadCurrentContext(s),
    expected: 'healed',
    defaultEndpoint: true,
  },
  // An unparsable config.json is a warning auto leaves; repair moves it aside (kept, dated name).
  {
    name: 'client: truncated config.json (repair)',
    make: (s) => faults.truncatedConfigJson(s),
    expected: 'healed',
    mode: 'repair',
  },
  {
    name: 'client: builder in use with a driver buildx does not know',
    make: (s) => faults.unknownDriverInUse(s),
    expected: 'healed',
  },
  // Real docker-container builders on the real BuildKit image (issue 11). Their state volume (the
  // build cache) counts as data: when it must survive, a heal that removed it lost data.
  {
    name: 'real builder: restart loop, buildkitd.toml rejected',
    make: (s) => faults.restartLoopBuilder(s, 'bkhfsloopcfg', registry(), 'config'),
    expected: 'healed',
    builds: 'bkhfsloopcfg',
    keepsVolume: 'buildx_buildkit_bkhfsloopcfg0_state',
  },
  // Its own definition is what BuildKit rejects: a reinstall would re-create the same loop, so the
  // heal refuses it (the finding left, the error says how to fix the file) and keeps its volume.
  {
    name: 'real builder: restart loop on the buildkitd.toml of its definition (reinstall)',
    make: (s) => faults.rejectedDefinitionBuilder(s, 'bkhfsdefcfg'),
    expected: 'refused',
    mode: 'reinstall',
    keepsVolume: 'buildx_buildkit_bkhfsdefcfg0_state',
  },
  // Its cache cannot be opened: recreated without it (not counted as lost: it was unreadable).
  {
    name: 'real builder: restart loop, corrupt state database',
    make: (s) => faults.restartLoopBuilder(s, 'bkhfsloopdb', registry(), 'database'),
    expected: 'healed',
    builds: 'bkhfsloopdb',
  },
  {
    name: 'real builder: container killed mid-build',
    make: (s) => faults.killedMidBuild(s, 'bkhfskilled', registry()),
    expected: 'healed',
    builds: 'bkhfskilled',
    keepsVolume: 'buildx_buildkit_bkhfskilled0_state',
  },
  {
    name: 'real builder: container deleted, instance file stays',
    make: (s) => faults.containerDeleted(s, 'bkhfsnoctr', registry()),
    expected: 'healed',
    builds: 'bkhfsnoctr',
    keepsVolume: 'buildx_buildkit_bkhfsnoctr0_state',
  },
  {
    name: 'real builder: state volume emptied under a stopped builder',
    make: (s) => faults.stateEmptied(s, 'bkhfsempty', registry()),
    expected: 'healed',
    builds: 'bkhfsempty',
  },
  {
    name: 'real builder: build cache in its state volume over the limit',
    make: (s) => faults.realCacheOverLimit(s, 'bkhfsgc', registry()),
    expected: 'healed',
    failOn: 'warning',
    // auto's cache policy keeps to the default builder's cache; a full diagnose measures the builder in use.
    mode: 'repair',
    needsAction: 'cache.prune',
    keepsVolume: 'buildx_buildkit_bkhfsgc0_state',
    builds: 'bkhfsgc',
  },
  // Two clients' builders on one daemon during a reinstall: the other client's running builder and
  // its state volume (its build cache) stay.
  {
    name: "real builder: another client's running builder during a reinstall",
    make: (s) => faults.neighbourRealBuilder(s, 'bkhfsnb', registry()),
    expected: 'healed',
    mode: 'reinstall',
    keepsVolume: 'buildx_buildkit_bkhfsnb0_state',
  },
  {
    name: 'real builder: its image missing, no pull possible (repair)',
    make: (s) => faults.imageMissing(s, 'bkhfsnoimg', registry()),
    expected: 'refused',
    mode: 'repair',
    keepsVolume: 'buildx_buildkit_bkhfsnoimg0_state',
  },
];

describe('every fault injector through heal (auto)', () => {
  for (const c of FAULTS) {
    it(
      c.name,
      guarded(c.name, c.expected, async () => {
        const s = sandbox('bkh-fs-');
        let f: Fault | undefined;
        const t0 = Date.now();
        let row: Row;
        try {
          f = await c.make(s);
          const o = options(s, f);
          if (c.failOn !== undefined) o.failOn = c.failOn;
          if (c.mode !== undefined) o.mode = c.mode;
          if (f.docker?.timeouts !== undefined) o.timeouts = { ...f.docker.timeouts };
          c.tune?.(o);
          const before = treeHashes(s.dockerConfig);
          let r: Report;
          try {
            r =
              c.defaultEndpoint === true
                ? healAsRunner(o, f.env ?? s.env)
                : await heal(testDeps({ docker: f.docker ?? s.docker, env: f.env ?? s.env }), o);
          } catch (e) {
            row = record({
              scenario: c.name,
              expected: c.expected,
              outcome: 'crashed',
              clearError: false,
              dataLost: 0,
              detail: String(e),
              ms: Date.now() - t0,
            });
            expectRow(row);
            return;
          }
          const lost = await lostFiles(before, o.backup.dir, s.dockerConfig);
          if (c.keepsVolume !== undefined) {
            const v = await s.docker.run(['volume', 'inspect', c.keepsVolume], { timeoutMs: 30_000 });
            if (!succeeded(v)) lost.push(`volume ${c.keepsVolume}`);
          }
          let outcome = outcomeOf(r);
          // A heal that says repaired must be agreed with by a fresh process's check.
          const disagree =
            r.status === 'repaired' ? freshCheckDisagrees(o, f.env ?? s.env, c.defaultEndpoint === true) : undefined;
          if (disagree !== undefined) outcome = 'failed';
          let notBuilt = '';
          if (
            c.needsAction !== undefined &&
            outcome === 'healed' &&
            !r.actions.some((a) => a.action === c.needsAction && a.ok)
          ) {
            outcome = 'failed';
            notBuilt = `; no ${c.needsAction} done`;
          }
          if (c.builds !== undefined && outcome === 'healed') {
            const ctx = join(s.dir, 'after-heal');
            mkdirSync(ctx, { recursive: true });
            // Its base image is in the registry whichever rows ran before (a fresh registry has none).
            const base = await faults.pushFaultBase(s, registry());
            writeFileSync(join(ctx, 'Dockerfile'), `FROM ${base}\nRUN echo ${Date.now()}\n`);
            const b = await s.docker.buildx(['build', '--builder', c.builds, ctx], {
              timeoutMs: 300_000,
              mutates: true,
            });
            if (!succeeded(b)) {
              outcome = 'failed';
              notBuilt = `; builder ${c.builds} does not build after the heal: ${b.stderr.slice(-400)}`;
            }
          }
          const clear = outcome === 'healed' ? r.actions.every((a) => a.ok) : isClearError(r.error);
          const ms = Date.now() - t0;
          row = record({
            scenario: c.name,
            expected: c.expected,
            outcome,
            clearError: clear && (c.maxMs === undefined || ms < c.maxMs),
            dataLost: lost.length,
            detail:
              `status ${r.status}; ${r.error ?? ''} ${disagree ?? ''} ${lost.join(', ')} ${c.maxMs !== undefined ? `(${ms} ms, limit ${c.maxMs})` : ''}${notBuilt}${c.builds !== undefined || c.keepsVolume !== undefined ? `; actions: ${r.actions.map((a) => `${a.action} ${a.target} ${a.ok ? 'ok' : 'FAILED'}${a.command !== undefined ? ` (${a.command})` : ''}`).join(', ')}; after: ${(r.findingsAfter ?? []).map((x) => x.message.slice(0, 300)).join(' | ')}` : ''}`.trim(),
            ms,
          });
        } finally {
          await f?.undo().catch(() => undefined);
          s.cleanup();
        }
        expectRow(row);
      }),
      300_000,
    );
  }
});

// ---- 2. reliability scenarios ---------------------------------------------------------------

describe('reliability scenarios', () => {
  it(
    'scenario: heal --mode reinstall SIGKILLed during clean; the next auto run restores its backup',
    guarded('scenario: SIGKILL mid-clean, next run restores', 'healed', async () => {
      const s = sandbox('bkh-fs-kill-');
      const t0 = Date.now();
      try {
        expect(
          succeeded(
            await s.docker.buildx(
              [
                'create',
                '--name',
                'bkhfskeep',
                '--driver',
                'docker-container',
                '--driver-opt',
                'image=127.0.0.1:1/bkh/keep:1',
              ],
              { timeoutMs: 60_000, mutates: true },
            ),
          ),
        ).toBe(true);
        const before = treeHashes(s.dockerConfig);
        const common = ['--daemon-json', join(s.dir, 'daemon.json'), '--lock-timeout', '120', '--no-validate'];
        const killed = await runCli(['heal', '--mode', 'reinstall', ...common], {
          env: s.env,
          killAt: { phase: 'clean', signal: 'SIGKILL' },
        });
        expect(killed.signal).toBe('SIGKILL');
        const next = await runCli(['heal', '--mode', 'auto', '--report-path', join(s.dir, 'next.json'), ...common], {
          env: s.env,
        });
        const r = readReport(join(s.dir, 'next.json'));
        // After the restore the definitions must be what they were before the killed run.
        const lost = [...before]
          .filter(([p, h]) => !VOLATILE.test(p) && (!existsSync(p) || sha256(readFileSync(p)) !== h))
          .map(([p]) => p);
        const restored =
          r.actions.some((a) => a.action === 'rollback' && a.ok) &&
          r.notes.some((n) => n.includes('was interrupted during clean'));
        expectRow(
          record({
            scenario: 'scenario: SIGKILL mid-clean, next run restores',
            expected: 'healed',
            outcome: next.code === 0 && restored ? 'healed' : 'failed',
            clearError: next.code === 0 || isClearError(r.error),
            dataLost: lost.length,
            detail: `${next.stderr} ${lost.join(', ')}`,
            ms: Date.now() - t0,
          }),
        );
      } finally {
        await s.docker.buildx(['rm', '-f', 'bkhfskeep'], { timeoutMs: 120_000, mutates: true });
        s.cleanup();
      }
    }),
    300_000,
  );

  it(
    'scenario: two heals at once are serialized by the lock',
    guarded('scenario: two heals at once (lock)', 'healed', async () => {
      const a = sandbox('bkh-fs-ca-');
      const b = sandbox('bkh-fs-cb-');
      const t0 = Date.now();
      try {
        for (const s of [a, b]) {
          mkdirSync(join(s.dockerConfig, 'buildx', 'instances'), { recursive: true });
          writeFileSync(join(s.dockerConfig, 'buildx', 'instances', 'broken'), 'garbage{');
        }
        const args = (s: Sandbox) => [
          'heal',
          '--mode',
          'auto',
          '--report-path',
          join(s.dir, 'r.json'),
          '--daemon-json',
          join(s.dir, 'daemon.json'),
          '--lock-timeout',
          '300',
          '--no-validate',
        ];
        const [pa, pb] = await Promise.all([runCli(args(a), { env: a.env }), runCli(args(b), { env: b.env })]);
        const ra = readReport(join(a.dir, 'r.json'));
        const rb = readReport(join(b.dir, 'r.json'));
        const span = (r: Report) => {
          const ps = r.phases.filter((p) => p.phase !== 'diagnose' && p.skipped !== true);
          return {
            from: Math.min(...ps.map((p) => Date.parse(p.startedAt ?? 'x'))),
            to: Math.max(...ps.map((p) => Date.parse(p.finishedAt ?? 'x'))),
          };
        };
        const sa = span(ra);
        const sb2 = span(rb);
        const disjoint = sa.to <= sb2.from || sb2.to <= sa.from;
        const waited = [ra, rb].filter((r) => r.notes.some((n) => n.startsWith('waited '))).length === 1;
        const ok = pa.code === 0 && pb.code === 0 && disjoint && waited;
        expectRow(
          record({
            scenario: 'scenario: two heals at once (lock)',
            expected: 'healed',
            outcome: ok ? 'healed' : 'failed',
            clearError: true,
            dataLost: 0,
            detail: JSON.stringify({ sa, sb2, disjoint, waited, ea: ra.error, eb: rb.error }),
            ms: Date.now() - t0,
          }),
        );
      } finally {
        a.cleanup();
        b.cleanup();
      }
    }),
    300_000,
  );

  it(
    'scenario: seeded secrets never reach a bundle, report or output',
    guarded('scenario: seeded secrets (CLI reinstall)', 'healed', async () => {
      const s = sandbox('bkh-fs-sec-');
      const t0 = Date.now();
      try {
        const seeds = [
          'fs-pass-91c0d2e3f4a5',
          Buffer.from('u:fs-pass-91c0d2e3f4a5').toString('base64'),
          'fs-idtok-1a2b3c4d5e6f7a8b',
          'fs-regtok-9f8e7d6c5b4a',
        ];
        mkdirSync(s.dockerConfig, { recursive: true });
        writeFileSync(
          join(s.dockerConfig, 'config.json'),
          JSON.stringify(
            {
              auths: {
                '127.0.0.1:5999': { auth: seeds[1], identitytoken: seeds[2] },
                '127.0.0.1:5998': { registrytoken: seeds[3] },
              },
              credsStore: 'bkhfsnone',
            },
            null,
            '\t',
          ) + '\n',
        );
        const backups = join(s.dir, 'backups');
        const p = await runCli(
          [
            'heal',
            '--mode',
            'reinstall',
            '--backup-dir',
            backups,
            '--report-path',
            join(s.dir, 'r.json'),
            '--daemon-json',
            join(s.dir, 'daemon.json'),
            '--no-validate',
            '--verbose',
          ],
          { env: s.env },
        );
        const texts = [
          p.stdout,
          p.stderr,
          readFileSync(join(s.dir, 'r.json'), 'latin1'),
          // Bundles unpacked; the rest (their .mac files) as they are.
          ...readdirSync(backups).map((f) =>
            (f.endsWith('.gz') ? gunzipSync(readFileSync(join(backups, f))) : readFileSync(join(backups, f))).toString(
              'latin1',
            ),
          ),
        ];
        const hitCount = seeds.filter((x) => texts.some((t) => t.includes(x))).length;
        expectRow(
          record({
            scenario: 'scenario: seeded secrets (CLI reinstall)',
            expected: 'healed',
            outcome: p.code === 0 ? 'healed' : 'failed',
            clearError: hitCount === 0,
            dataLost: hitCount,
            detail: `${hitCount} seeded value(s) found; exit ${String(p.code)} ${p.stderr}`,
            ms: Date.now() - t0,
          }),
        );
      } finally {
        s.cleanup();
      }
    }),
    300_000,
  );

  it(
    "scenario: another client's running builder containers (busy, idle) survive a reinstall heal",
    guarded('scenario: neighbour builder containers (reinstall)', 'healed', async () => {
      const s = sandbox('bkh-fs-nb-');
      const t0 = Date.now();
      const made: Awaited<ReturnType<typeof faults.realLeftover>>[] = [];
      try {
        made.push(
          await faults.realLeftover(s, 'bkhfsnbbusy', 'busy', registry()),
          await faults.realLeftover(s, 'bkhfsnbidle', 'idle', registry()),
        );
        const state = async () =>
          Promise.all(
            made.flatMap((m) => [
              s.docker
                .run(
                  ['container', 'inspect', '--format', '{{.Id}} {{.State.Running}} {{.State.StartedAt}}', m.container],
                  { timeoutMs: 20_000 },
                )
                .then((r) => r.stdout.trim()),
              s.docker
                .run(['volume', 'inspect', '--format', '{{.Name}}', m.volume], { timeoutMs: 20_000 })
                .then((r) => r.stdout.trim()),
            ]),
          );
        const before = await state();
        const o = options(s);
        o.mode = 'reinstall';
        const r = await heal(testDeps(s), o);
        const after = await state();
        // "Data" here is the neighbour's: each of its containers and volumes changed or gone counts.
        const lost = before.filter((x, i) => x === '' || after[i] !== x).length;
        const reported = r.findings.filter((f) => f.id === 'orphan.running').length;
        expectRow(
          record({
            scenario: 'scenario: neighbour builder containers (reinstall)',
            expected: 'healed',
            outcome: outcomeOf(r),
            clearError: reported === 2 && r.actions.every((a) => a.ok),
            dataLost: lost,
            detail: `status ${r.status}; ${reported} reported as orphan.running; ${r.error ?? ''}`,
            ms: Date.now() - t0,
          }),
        );
      } finally {
        for (const m of made) await m.undo().catch(() => undefined);
        s.cleanup();
      }
    }),
    300_000,
  );
});

// ---- 3. a daemon that stops answering (a private dockerd, SIGSTOPped) ----------------------

interface PrivateDaemon {
  dir: string;
  host: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

async function privateDaemon(): Promise<PrivateDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'bkh-fs-dockerd-'));
  const sock = join(dir, 'docker.sock');
  const proc = spawn(
    'dockerd',
    [
      '-H',
      `unix://${sock}`,
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      join(dir, 'docker.pid'),
      '--bridge',
      'none',
      '--iptables=false',
      '--ip6tables=false',
    ],
    { stdio: ['ignore', 'ignore', 'ignore'], detached: false },
  );
  const host = `unix://${sock}`;
  const env = { ...process.env, DOCKER_HOST: host };
  const d = new Docker(new ProcessRunner(env), { env });
  for (let i = 0; i < 120; i++) {
    if (succeeded(await d.run(['info', '--format', '{{.ID}}'], { timeoutMs: 5000 }))) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    dir,
    host,
    proc,
    stop: async () => {
      proc.kill('SIGCONT');
      proc.kill('SIGTERM');
      await new Promise<void>((r) => {
        if (proc.exitCode !== null) r();
        else {
          proc.once('exit', () => r());
          setTimeout(() => {
            proc.kill('SIGKILL');
            r();
          }, 20_000);
        }
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Each scenario has a daemon of its own, and spends most of its time waiting out timeouts on the
// frozen one: they run at the same time, the second starting once the first has frozen its
// daemon (so their busy parts, daemon start and the heal up to the freeze, never overlap).
describe.concurrent('a daemon that stops answering mid-run', () => {
  let firstFrozen = (): void => {};
  const frozen = new Promise<void>((r) => {
    firstFrozen = r;
  });
  for (const at of ['backup', 'validate'] as const) {
    it(
      `scenario: dockerd SIGSTOPped at ${at}`,
      ({ task }) =>
        guarded(`scenario: daemon frozen at ${at}`, 'refused', async () => {
          // (Not when the first is filtered out, e.g. by -t.)
          if (at === 'validate' && task.suite?.tasks[0]?.mode !== 'skip') await frozen;
          // (The first one lets the second start however it ends: here, at the freeze, or in finally.)
          const daemon = await privateDaemon().catch((e: unknown) => {
            if (at === 'backup') firstFrozen();
            throw e;
          });
          const s = sandbox('bkh-fs-stop-');
          s.env.DOCKER_HOST = daemon.host;
          const t0 = Date.now();
          try {
            mkdirSync(join(s.dockerConfig, 'buildx', 'instances'), { recursive: true });
            writeFileSync(join(s.dockerConfig, 'buildx', 'instances', 'broken'), 'garbage{');
            const before = treeHashes(s.dockerConfig);
            const backups = join(s.dir, 'backups');
            // The CLI's process is watched: when its stderr announces the phase, the daemon freezes.
            const p = runCli(
              [
                'heal',
                '--mode',
                'auto',
                '--timeout',
                '2',
                '--backup-dir',
                backups,
                '--report-path',
                join(s.dir, 'r.json'),
                '--daemon-json',
                join(s.dir, 'daemon.json'),
                '--lock-timeout',
                '10',
              ],
              {
                env: s.env,
                timeoutMs: 240_000,
                onPhase: {
                  phase: at,
                  run: () => {
                    daemon.proc.kill('SIGSTOP');
                    if (at === 'backup') firstFrozen();
                  },
                },
              },
            );
            const r0 = await p;
            const ms = Date.now() - t0;
            const r = existsSync(join(s.dir, 'r.json')) ? readReport(join(s.dir, 'r.json')) : undefined;
            const lost = await lostFiles(before, backups, s.dockerConfig);
            const backupKept = r?.backup === undefined || existsSync(join(backups, `${r.backup.name}.tar.gz`));
            const text = `${r?.error ?? ''} ${r0.stderr}`;
            const clear =
              r0.code === 1 &&
              r !== undefined &&
              isClearError(r.error) &&
              /timed out|did not answer|timeout|deadline exceeded/i.test(text) &&
              ms < 200_000 &&
              backupKept &&
              (at !== 'validate' || r.rollback !== undefined);
            expectRow(
              record({
                scenario: `scenario: daemon frozen at ${at}`,
                expected: 'refused',
                outcome: r0.code === 0 ? 'healed' : r === undefined ? 'crashed' : 'refused',
                clearError: clear,
                dataLost: lost.length,
                detail: `exit ${String(r0.code)} in ${ms} ms; backup kept ${String(backupKept)}; ${text.slice(0, 600)}`,
                ms,
              }),
            );
          } finally {
            if (at === 'backup') firstFrozen();
            await daemon.stop();
            s.cleanup();
          }
        })(),
      300_000,
    );
  }
});

// ---- 4. bad input: refused before anything changes -----------------------------------------

const BAD: [string, string[], RegExp][] = [
  ['unknown mode', ['--mode', 'fix-everything'], /mode.*auto, repair, reinstall/],
  ['malformed builders YAML', ['--mode', 'reinstall', '--builders', '- name: [unclosed'], /builders/],
  [
    'unknown driver',
    ['--mode', 'reinstall', '--builders', '- name: b1\n  driver: quantum'],
    /driver.*docker-container/,
  ],
  ['invalid platform', ['--mode', 'reinstall', '--platforms', 'linux/amd64,windows/sparc99!'], /platforms/],
  ['malformed keep-storage', ['--mode', 'repair', '--keep-storage', 'lots'], /keep-storage/],
  ['negative timeout', ['--timeout', '-5'], /timeout/],
  ['absurd lock-timeout', ['--lock-timeout', '99999999'], /lock-timeout/],
];

/**
 * For the bad-input scenarios: gives the sandbox a config.json, then counts what changed since:
 * files under HOME (added, removed or rewritten) and the daemon's container list (one if any).
 */
async function changeCounter(s: Sandbox): Promise<() => Promise<number>> {
  mkdirSync(s.dockerConfig, { recursive: true });
  writeFileSync(join(s.dockerConfig, 'config.json'), '{\n\t"auths": {}\n}\n');
  const before = treeHashes(s.home);
  const ps0 = await s.docker.run(['ps', '-aq'], { timeoutMs: 20_000 });
  return async () => {
    const ps1 = await s.docker.run(['ps', '-aq'], { timeoutMs: 20_000 });
    const after = treeHashes(s.home);
    return (
      [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k)).length +
      (ps0.stdout === ps1.stdout ? 0 : 1)
    );
  };
}

describe('bad input', () => {
  for (const [name, args, re] of BAD) {
    it(
      `bad input (CLI): ${name}`,
      guarded(`bad input: ${name}`, 'refused', async () => {
        const s = sandbox('bkh-fs-bad-');
        const t0 = Date.now();
        try {
          const changes = await changeCounter(s);
          const p = await runCli(['heal', ...args], { env: s.env });
          const changed = await changes();
          const clear = p.code === 2 && re.test(p.stderr) && /accepted|expected|one of|must be|valid/i.test(p.stderr);
          expectRow(
            record({
              scenario: `bad input: ${name}`,
              expected: 'refused',
              outcome: p.code === 0 ? 'healed' : 'refused',
              clearError: clear,
              dataLost: changed,
              detail: p.stderr.trim(),
              ms: Date.now() - t0,
            }),
          );
        } finally {
          s.cleanup();
        }
      }),
      60_000,
    );
  }
});

/** Starts an action bundle as a runner does: every declared input as INPUT_* (given or default). */
function actionEnv(s: Sandbox, yml: string, inputs: Record<string, string>): NodeJS.ProcessEnv {
  const spec = parse(readFileSync(join(root, yml), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const gh = join(s.dir, 'gh');
  mkdirSync(gh, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...s.env, RUNNER_TEMP: s.dir, GITHUB_WORKSPACE: s.dir, GITHUB_ACTIONS: 'true' };
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
    env[f] = join(gh, f.toLowerCase());
    writeFileSync(env[f], '');
  }
  for (const [n, d] of Object.entries(spec.inputs)) env[`INPUT_${n.toUpperCase()}`] = inputs[n] ?? d.default ?? '';
  return env;
}

const BAD_ACTION: [string, 'heal' | 'rollback', Record<string, string>, RegExp][] = [
  ['heal action: unknown mode', 'heal', { mode: 'sometimes' }, /mode.*check.*auto.*repair.*reinstall/],
  ['heal action: malformed builders YAML', 'heal', { mode: 'reinstall', builders: '- name: [oops' }, /builders/],
  [
    'heal action: unknown driver',
    'heal',
    { mode: 'reinstall', builders: '- name: b1\n  driver: quantum' },
    /driver.*docker-container/,
  ],
  ['heal action: malformed keep-storage', 'heal', { mode: 'repair', 'keep-storage': 'plenty' }, /keep-storage/],
  ['heal action: absurd timeout', 'heal', { timeout: '-3' }, /timeout/],
  [
    'rollback action: artifact name GitHub rejects',
    'rollback',
    { 'backup-name': 'bad:name/with*chars', 'backup-store': 'local' },
    /backup-name/,
  ],
  [
    'rollback action: backup that does not exist',
    'rollback',
    { 'backup-name': 'buildkit-backup-does-not-exist', 'backup-store': 'local' },
    /buildkit-backup-does-not-exist/,
  ],
];

describe('bad input to the action bundles', () => {
  for (const [name, which, inputs, re] of BAD_ACTION) {
    it(
      `bad input: ${name}`,
      guarded(`bad input: ${name}`, 'refused', async () => {
        const s = sandbox('bkh-fs-badact-');
        const t0 = Date.now();
        try {
          const changes = await changeCounter(s);
          const env = actionEnv(s, which === 'heal' ? 'action.yml' : 'rollback/action.yml', {
            'backup-dir': join(s.dir, 'backups'),
            ...inputs,
          });
          const p = await runNode(which === 'heal' ? healBundle : rollbackBundle, [], { env, timeoutMs: 120_000 });
          const changed = await changes();
          const msg = (p.stdout.match(/::error[^:]*::.*/g) ?? []).join(' ');
          const clear =
            p.code !== 0 &&
            re.test(msg) &&
            (which === 'rollback' || /accepted|expected|one of|must be|valid/i.test(msg));
          expectRow(
            record({
              scenario: `bad input: ${name}`,
              expected: 'refused',
              outcome: p.code === 0 ? 'healed' : 'refused',
              clearError: clear,
              dataLost: changed,
              detail: `exit ${String(p.code)} ${msg || p.stdout.slice(-400)} ${p.stderr.slice(-300)}`,
              ms: Date.now() - t0,
            }),
          );
        } finally {
          s.cleanup();
        }
      }),
      120_000,
    );
  }
});

// ---- 5. hostile bundles through the rollback action bundle ---------------------------------

function rawEntry(h: { path: string; type?: string; linkpath?: string }, body: Buffer = Buffer.alloc(0)): Buffer {
  const header = new tar.Header({
    path: h.path,
    type: (h.type ?? 'File') as tar.Header['type'],
    size: body.length,
    mode: 0o644,
    mtime: new Date(0),
    uid: 0,
    gid: 0,
    ...(h.linkpath !== undefined ? { linkpath: h.linkpath } : {}),
  });
  const block = Buffer.alloc(512);
  header.encode(block, 0);
  return Buffer.concat([block, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

function manifestEntry(
  name: string,
  files: BundleFile[],
  builders: Manifest['builders'] = [],
  github?: Manifest['github'],
): Buffer {
  const m: Manifest = {
    format: BUNDLE_FORMAT,
    version: 1,
    name,
    createdAt: new Date().toISOString(),
    host: { hostname: 'h', dockerHost: 'unix:///x.sock' },
    tool: { name: 'buildkit-healer', version: '0.0.0' },
    versions: {},
    builders,
    files,
    redactions: [],
    omitted: [],
    commands: [],
    ...(github !== undefined ? { github } : {}),
  };
  return rawEntry({ path: 'manifest.json' }, Buffer.from(JSON.stringify(m)));
}

type Hostile = [string, (target: string, name: string) => Buffer];
const HOSTILE: Hostile[] = [
  [
    'entry with ..',
    (t, n) => {
      const b = Buffer.from('{}');
      return gzipSync(
        Buffer.concat([
          manifestEntry(n, [
            { path: t, entry: 'files/0001', kind: 'instance', mode: 0o600, size: 2, sha256: sha256(b) },
          ]),
          rawEntry({ path: 'files/0001' }, b),
          rawEntry({ path: 'files/../../../../tmp/bkh-evil' }, b),
          Buffer.alloc(1024),
        ]),
      );
    },
  ],
  [
    'absolute manifest path outside the roots',
    (_t, n) => {
      const b = Buffer.from('owned');
      return gzipSync(
        Buffer.concat([
          manifestEntry(n, [
            {
              path: '/etc/bkh-evil',
              entry: 'files/0001',
              kind: 'instance',
              mode: 0o600,
              size: b.length,
              sha256: sha256(b),
            },
          ]),
          rawEntry({ path: 'files/0001' }, b),
          Buffer.alloc(1024),
        ]),
      );
    },
  ],
  [
    'symlink entry',
    (t, n) => {
      const b = Buffer.from('{}');
      return gzipSync(
        Buffer.concat([
          manifestEntry(n, [
            { path: t, entry: 'files/0001', kind: 'instance', mode: 0o600, size: 2, sha256: sha256(b) },
          ]),
          rawEntry({ path: 'files/0001', type: 'SymbolicLink', linkpath: '/etc/passwd' }),
          Buffer.alloc(1024),
        ]),
      );
    },
  ],
  [
    'checksum mismatch',
    (t, n) => {
      const b = Buffer.from('{"Name":"x"}');
      return gzipSync(
        Buffer.concat([
          manifestEntry(n, [
            {
              path: t,
              entry: 'files/0001',
              kind: 'instance',
              mode: 0o600,
              size: b.length,
              sha256: createHash('sha256').update('other').digest('hex'),
            },
          ]),
          rawEntry({ path: 'files/0001' }, b),
          Buffer.alloc(1024),
        ]),
      );
    },
  ],
  [
    'path with a trailing slash',
    (t, n) => {
      const b = Buffer.from('{}');
      return gzipSync(
        Buffer.concat([
          manifestEntry(n, [
            { path: `${t}/`, entry: 'files/0001', kind: 'instance', mode: 0o600, size: 2, sha256: sha256(b) },
          ]),
          rawEntry({ path: 'files/0001' }, b),
          Buffer.alloc(1024),
        ]),
      );
    },
  ],
  [
    'newline in a path (fakes report lines)',
    (t, n) => {
      const b = Buffer.from('{}');
      return gzipSync(
        Buffer.concat([
          manifestEntry(n, [
            {
              path: `${t}\nrestored: /etc/shadow`,
              entry: 'files/0001',
              kind: 'instance',
              mode: 0o600,
              size: 2,
              sha256: sha256(b),
            },
          ]),
          rawEntry({ path: 'files/0001' }, b),
          Buffer.alloc(1024),
        ]),
      );
    },
  ],
  [
    'truncated archive',
    (t, n) => {
      const b = Buffer.from('{}');
      return gzipSync(
        Buffer.concat([
          manifestEntry(n, [
            { path: t, entry: 'files/0001', kind: 'instance', mode: 0o600, size: 2, sha256: sha256(b) },
          ]),
          rawEntry({ path: 'files/0001' }, b),
          Buffer.alloc(1024),
        ]),
      ).subarray(0, 80);
    },
  ],
];

describe('hostile bundles through the rollback action', () => {
  const yml = parse(readFileSync(join(root, 'rollback', 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  for (const [name, make] of HOSTILE) {
    it(
      `hostile bundle: ${name}`,
      guarded(`hostile bundle: ${name}`, 'refused', async () => {
        const s = sandbox('bkh-fs-hostile-');
        const t0 = Date.now();
        try {
          const target = join(s.dockerConfig, 'buildx', 'instances', 'bkhvictim');
          mkdirSync(join(s.dockerConfig, 'buildx', 'instances'), { recursive: true });
          writeFileSync(target, '{"Name":"bkhvictim"}');
          const backups = join(s.dir, 'backups');
          mkdirSync(backups, { recursive: true });
          const bname = `buildkit-backup-hostile-${name.replace(/[^a-z]+/g, '-')}`;
          writeFileSync(join(backups, `${bname}.tar.gz`), make(target, bname));
          const before = treeHashes(s.home);
          const gh = join(s.dir, 'gh');
          mkdirSync(gh, { recursive: true });
          const env: NodeJS.ProcessEnv = { ...s.env, RUNNER_TEMP: join(s.dir), GITHUB_ACTIONS: 'true' };
          for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
            env[f] = join(gh, f.toLowerCase());
            writeFileSync(env[f], '');
          }
          // Crafted bundles carry no MAC: trust-unsigned waives the origin check so each row proves
          // its content check (they hold for a bundle a user chose to trust). The forged-MAC row
          // below proves the origin check itself.
          const inputs: Record<string, string> = {
            'backup-name': bname,
            'backup-store': 'local',
            'backup-dir': backups,
            'trust-unsigned': 'true',
          };
          for (const [n, spec] of Object.entries(yml.inputs))
            env[`INPUT_${n.toUpperCase()}`] = inputs[n] ?? spec.default ?? '';
          const p = await runNode(rollbackBundle, [], { env, timeoutMs: 120_000 });
          const after = treeHashes(s.home);
          // Pre-existing files changed or removed (the victim instance file above all), or anything
          // written where the bundle pointed.
          const escaped = existsSync('/etc/bkh-evil') || existsSync('/tmp/bkh-evil');
          const changed =
            [...before].filter(([k, h]) => !VOLATILE.test(k) && after.get(k) !== h).length + (escaped ? 1 : 0);
          const summary = readFileSync(env.GITHUB_STEP_SUMMARY ?? '', 'utf8');
          const msg = (p.stdout.match(/::(error|warning)::.*/g) ?? []).join(' ');
          // A file outside the roots is refused alone (the rest of a bundle may still restore): the
          // refusal must be named in the output or the summary.
          const refusedFile =
            /outside/.test(name) &&
            /\/etc\/bkh-evil/.test(p.stdout + summary) &&
            /outside|not allowed|refus|skipped/i.test(p.stdout + summary);
          const outcome: Row['outcome'] = escaped ? 'healed' : p.code !== 0 || refusedFile ? 'refused' : 'healed';
          const clear =
            refusedFile ||
            (p.code !== 0 &&
              isClearError(msg) &&
              /refus|nothing was restored|not|mismatch|truncated|corrupt|outside/i.test(msg));
          expectRow(
            record({
              scenario: `hostile bundle: ${name}`,
              expected: 'refused',
              outcome,
              clearError: clear,
              dataLost: changed,
              detail: `exit ${String(p.code)} ${msg || p.stdout.slice(-500)}`,
              ms: Date.now() - t0,
            }),
          );
        } finally {
          s.cleanup();
        }
      }),
      120_000,
    );
  }
});

describe('a hostile builder through the rollback action', () => {
  // A genuine-looking bundle whose builder asks for an image and an entitlement the user never allowed.
  it(
    'hostile bundle: privileged builder image and entitlement',
    guarded('hostile bundle: privileged builder image and entitlement', 'refused', async () => {
      const yml = parse(readFileSync(join(root, 'rollback', 'action.yml'), 'utf8')) as {
        inputs: Record<string, { default?: string }>;
      };
      const s = sandbox('bkh-fs-builder-');
      const t0 = Date.now();
      const bname = 'buildkit-backup-hostile-builder';
      const evil = `bkhevil${createHash('sha256').update(s.dir).digest('hex').slice(0, 6)}`;
      try {
        const backups = join(s.dir, 'backups');
        mkdirSync(backups, { recursive: true });
        const builders: Manifest['builders'] = [
          {
            name: evil,
            driver: 'docker-container',
            status: 'inactive',
            current: true,
            platforms: [],
            driverOptions: { image: '127.0.0.1:1/attacker/rootkit:1' },
            nodes: [
              {
                name: `${evil}0`,
                endpoint: '',
                platforms: [],
                status: 'inactive',
                driverOptions: {},
                flags: ['--allow-insecure-entitlement=security.insecure'],
              },
            ],
          },
        ];
        writeFileSync(
          join(backups, `${bname}.tar.gz`),
          gzipSync(Buffer.concat([manifestEntry(bname, [], builders), Buffer.alloc(1024)])),
        );
        const before = treeHashes(s.home);
        const gh = join(s.dir, 'gh');
        mkdirSync(gh, { recursive: true });
        const env: NodeJS.ProcessEnv = { ...s.env, RUNNER_TEMP: join(s.dir), GITHUB_ACTIONS: 'true' };
        for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
          env[f] = join(gh, f.toLowerCase());
          writeFileSync(env[f], '');
        }
        // No MAC on a crafted bundle: trust-unsigned, so the row proves the builder policy.
        const inputs: Record<string, string> = {
          'backup-name': bname,
          'backup-store': 'local',
          'backup-dir': backups,
          'trust-unsigned': 'true',
        };
        for (const [n, spec] of Object.entries(yml.inputs))
          env[`INPUT_${n.toUpperCase()}`] = inputs[n] ?? spec.default ?? '';
        const p = await runNode(rollbackBundle, [], { env, timeoutMs: 300_000 });
        const after = treeHashes(s.home);
        const changed = [...before].filter(([k, h]) => !VOLATILE.test(k) && after.get(k) !== h).length;
        const ls = await s.docker.buildx(['ls'], { timeoutMs: 60_000 });
        const created =
          (ls.stdout + ls.stderr).includes(evil) || existsSync(join(s.dockerConfig, 'buildx', 'instances', evil));
        const summary = readFileSync(env.GITHUB_STEP_SUMMARY ?? '', 'utf8');
        const msg = (p.stdout.match(/::(error|warning)[^:\n]*::.*/g) ?? []).join(' ');
        const named =
          /allow-builder-settings/.test(msg + summary) &&
          (msg + summary).includes('image=127.0.0.1:1/attacker/rootkit:1') &&
          (msg + summary).includes('--allow-insecure-entitlement=security.insecure');
        expectRow(
          record({
            scenario: 'hostile bundle: privileged builder image and entitlement',
            expected: 'refused',
            outcome: created ? 'healed' : 'refused',
            clearError: named && isClearError(msg),
            dataLost: changed,
            detail: `exit ${String(p.code)} ${msg || p.stdout.slice(-500)}`,
            ms: Date.now() - t0,
          }),
        );
      } finally {
        await s.docker.buildx(['rm', '-f', evil], { timeoutMs: 120_000, mutates: true });
        s.cleanup();
      }
    }),
    400_000,
  );
});

// ---- 6. bundles of unproven origin through the rollback action ---------------------------------

/** Runs the rollback action bundle in `s` with `inputs` (the rest at their defaults) and `extra` env. */
async function runRollbackAction(s: Sandbox, inputs: Record<string, string>, extra: NodeJS.ProcessEnv = {}) {
  const env = actionEnv(s, join('rollback', 'action.yml'), inputs);
  Object.assign(env, extra);
  const p = await runNode(rollbackBundle, [], { env, timeoutMs: 300_000 });
  const summary = readFileSync(env.GITHUB_STEP_SUMMARY ?? '', 'utf8');
  const msg = (p.stdout.match(/::(error|warning)[^:\n]*::.*/g) ?? []).join(' ');
  return { p, summary, msg };
}

/** A content-valid bundle (checksums right) that would overwrite the victim instance file. */
function validBundle(target: string, name: string, github?: Manifest['github']): Buffer {
  const b = Buffer.from('{"Name":"bkhvictim","Owned":true}');
  const files: BundleFile[] = [
    { path: target, entry: 'files/0001', kind: 'instance', mode: 0o600, size: b.length, sha256: sha256(b) },
  ];
  return gzipSync(
    Buffer.concat([manifestEntry(name, files, [], github), rawEntry({ path: 'files/0001' }, b), Buffer.alloc(1024)]),
  );
}

describe('bundles of unproven origin through the rollback action', () => {
  it(
    'hostile bundle: forged MAC',
    guarded('hostile bundle: forged MAC', 'refused', async () => {
      const s = sandbox('bkh-fs-mac-');
      const t0 = Date.now();
      try {
        const target = join(s.dockerConfig, 'buildx', 'instances', 'bkhvictim');
        mkdirSync(join(s.dockerConfig, 'buildx', 'instances'), { recursive: true });
        writeFileSync(target, '{"Name":"bkhvictim"}');
        // The host has a key; the attacker copies its public key id and makes up the MAC.
        const key = await loadOrCreateKey(defaultKeyFile(s.env));
        const backups = join(s.dir, 'backups');
        mkdirSync(backups, { recursive: true });
        const bname = 'buildkit-backup-hostile-forged-mac';
        writeFileSync(join(backups, `${bname}.tar.gz`), validBundle(target, bname));
        const forged = await signFile(Buffer.alloc(32, 0x41), join(backups, `${bname}.tar.gz`));
        writeFileSync(join(backups, `${bname}.tar.gz.mac`), JSON.stringify({ ...forged, keyId: keyIdOf(key) }));
        const before = treeHashes(s.home);
        const { p, summary, msg } = await runRollbackAction(s, {
          'backup-name': bname,
          'backup-store': 'local',
          'backup-dir': backups,
        });
        const after = treeHashes(s.home);
        const changed = [...before].filter(([k, h]) => !VOLATILE.test(k) && after.get(k) !== h).length;
        expectRow(
          record({
            scenario: 'hostile bundle: forged MAC',
            expected: 'refused',
            outcome: p.code !== 0 ? 'refused' : 'healed',
            clearError:
              isClearError(msg) &&
              /does not match its MAC/.test(msg) &&
              /trust-unsigned/.test(msg) &&
              /Source: local store, checked by hmac.*REFUSED/.test(summary),
            dataLost: changed,
            detail: `exit ${String(p.code)} ${msg || p.stdout.slice(-500)}`,
            ms: Date.now() - t0,
          }),
        );
      } finally {
        s.cleanup();
      }
    }),
    300_000,
  );

  it(
    'hostile bundle: foreign repository',
    guarded('hostile bundle: foreign repository', 'refused', async () => {
      const port = process.env.BKH_AZURITE_PORT;
      if (!port) throw new Error('BKH_AZURITE_PORT is not set: source the test environment');
      const s = sandbox('bkh-fs-repo-');
      const t0 = Date.now();
      const svc = await startResultsService({ azuritePort: port, repository: 'octo/heal' });
      const saved = { ...process.env };
      try {
        const target = join(s.dockerConfig, 'buildx', 'instances', 'bkhvictim');
        mkdirSync(join(s.dockerConfig, 'buildx', 'instances'), { recursive: true });
        writeFileSync(target, '{"Name":"bkhvictim"}');
        const ghEnv = svc.env(5151, { repository: 'octo/heal', runnerTemp: join(s.dir, 'temp'), workspace: s.dir });
        // A bundle made in another repository, uploaded into this repository's run.
        const bname = 'buildkit-backup-hostile-foreign-repo';
        const file = join(s.dir, `${bname}.tar.gz`);
        writeFileSync(file, validBundle(target, bname, { repository: 'evil/elsewhere', runId: '1' }));
        // The libraries read the runner's variables from process.env.
        Object.assign(process.env, ghEnv);
        const store = new GitHubStore({
          retentionDays: 1,
          compressionLevel: 6,
          maxBytes: 1024 ** 3,
          env: ghEnv,
          log: silentLogger,
        });
        const up = await store.save({ name: bname, bundlePath: file, cachePaths: [] });
        const before = treeHashes(s.home);
        const { p, summary, msg } = await runRollbackAction(
          s,
          { 'artifact-id': up.artifactId ?? '', 'backup-store': 'github', 'restore-cache': 'false' },
          ghEnv,
        );
        const after = treeHashes(s.home);
        const changed = [...before].filter(([k, h]) => !VOLATILE.test(k) && after.get(k) !== h).length;
        expectRow(
          record({
            scenario: 'hostile bundle: foreign repository',
            expected: 'refused',
            outcome: p.code !== 0 ? 'refused' : 'healed',
            clearError:
              isClearError(msg) &&
              /made in evil\/elsewhere .*taken from octo\/heal/.test(msg) &&
              /repository input/.test(msg) &&
              /Source: github store, checked by repository, repository octo\/heal.*REFUSED/.test(summary),
            dataLost: changed,
            detail: `exit ${String(p.code)} ${msg || p.stdout.slice(-500)}`,
            ms: Date.now() - t0,
          }),
        );
      } finally {
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
        await svc.dispose();
        s.cleanup();
      }
    }),
    300_000,
  );
});

describe('the table', () => {
  it('every scenario ended as expected: nothing lost, every error clear, no lock left', async () => {
    expect(rows.length).toBe(FAULTS.length + 4 + 2 + BAD.length + BAD_ACTION.length + HOSTILE.length + 1 + 2);
    expect(rows.filter((r) => !rowOk(r)).map((r) => r.scenario)).toEqual([]);
    const s = sandbox('bkh-fs-end-');
    try {
      expect(succeeded(await s.docker.run(['container', 'inspect', LOCK_NAME], { timeoutMs: 20_000 }))).toBe(false);
    } finally {
      s.cleanup();
    }
  });
});
