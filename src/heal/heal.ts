/**
 * The heal orchestrator: diagnose → backup → clean → reinstall → validate, with the safety rules.
 *
 * - `auto`: a quick diagnose; a healthy runner returns at once (no lock, no backup, no test build,
 *   and neither the backup, the stores nor the validate modules are loaded). Otherwise a full
 *   diagnose and repair of only what fails.
 * - `repair`: full diagnose, every automatic repair. `reinstall`: the full clean reinstall.
 * - Changing phases run under the daemon-wide lock; a run that had to wait re-diagnoses.
 * - Nothing is cleaned before the backup is verified (unless backup is off); a failure after the
 *   backup keeps it and the report says how to roll back (`rollbackOnFailure` does it at once).
 * - `--dry-run` records every command and file change instead of making it.
 */
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { Deps } from '../docker/deps.js';
import type { DiagnoseOptions, Options } from '../core/options.js';
import { diagnoseOptionsOf } from '../core/options.js';
import type { Action, BackupRef, PhaseName, Report, RollbackRecord, ValidationCheck } from '../core/report.js';

/** Why a heal rolls back: recorded in the rollback's report. */
export type RollbackWhy = Pick<RollbackRecord, 'trigger' | 'reason' | 'failedChecks' | 'healStartedAt' | 'failedAt'>;
import { failingFindings, statusFor } from '../core/report.js';
import type { Finding } from '../core/types.js';
import { InputError, SafetyError, errorMessage } from '../core/errors.js';
import { newReport, versionsFrom, fillDiagnosis as fillFromDiagnosis } from './check.js';
import type { HeldLock } from './lock.js';
import { acquireLock, pidAlive } from './lock.js';
import type { JournalEntry } from './journal.js';
import { clearJournal, interruptedNote, journalPath, readJournal, writeJournal } from './journal.js';
import type { Facts } from '../checks/types.js';
import { busyBuilders } from '../checks/busy.js';
import { dropHeadStart } from '../docker/head-start.js';
import { quickLookAnswered } from '../checks/probe.js';
import type { DiagnoseResult } from '../phases/diagnose.js';
import { diagnose as realDiagnose } from '../phases/diagnose.js';
import type { CleanStep } from '../phases/clean.js';
import type { CacheUsage } from '../tasks/cache-policy.js';
import {
  executeClean,
  planClean,
  rejectedDefinitions,
  rmAcceptsTimeout,
  unknownPruneTargets,
  unsavedWarnings,
} from '../phases/clean.js';
import { reinstall as runReinstall } from '../phases/reinstall.js';
import { planInstall } from '../tasks/install-buildx.js';
import { Docker } from '../docker/docker.js';
import { DeadlineRunner, DryRunRunner } from '../docker/runner.js';
import { Deadline, DeadlineError } from '../core/deadline.js';

export type HealMode = 'auto' | 'repair' | 'reinstall';
export const HEAL_MODES: readonly HealMode[] = ['auto', 'repair', 'reinstall'];

/** The phases heal drives; tests replace them, hosts use `defaultPhases`. */
export interface HealPhases {
  diagnose(deps: Deps, opts: DiagnoseOptions, level: 'quick' | 'full'): Promise<DiagnoseResult>;
  backup(deps: Deps, options: Options, facts: Facts): Promise<BackupRef>;
  validate(deps: Deps, options: Options, builders: string[], baseline: Report['baseline']): Promise<ValidationCheck[]>;
  rollback(
    deps: Deps,
    options: Options,
    backup: BackupRef,
    why?: RollbackWhy,
  ): Promise<{ ok: boolean; detail: string; actions?: Action[]; record?: RollbackRecord }>;
}

/** The real phases. Backup, stores, validate and rollback are imported only when a heal needs them. */
export const defaultPhases: HealPhases = {
  diagnose: realDiagnose,
  async backup(deps, options, facts) {
    const { backup } = await import('../phases/backup.js');
    const r = await backup(deps, options.backup, facts, {
      daemonJsonPaths: options.diagnose.daemonJsonPaths,
      buildkitdTomlPaths: options.diagnose.buildkitdTomlPaths,
    });
    return r.ref;
  },
  async validate(deps, options, builders, baseline) {
    const { validate } = await import('../phases/validate.js');
    return validate(deps, {
      ...options.validate,
      builders,
      ...(baseline !== undefined ? { baseline } : {}),
      ...(options.diagnose.benchmark !== undefined ? { benchmark: options.diagnose.benchmark } : {}),
    });
  },
  async rollback(deps, options, backup, why) {
    const { rollback } = await import('../phases/rollback.js');
    const { openStore } = await import('../stores/index.js');
    const store = await openStore(backup.store === 'github' ? 'github' : 'local', options.backup, deps);
    const r = await rollback(deps, {
      store,
      name: backup.name,
      ...(backup.artifactId !== undefined ? { artifactId: backup.artifactId } : {}),
      daemonJsonPaths: options.diagnose.daemonJsonPaths,
      buildkitdTomlPaths: options.diagnose.buildkitdTomlPaths,
      allowedCachePaths: options.backup.cachePaths,
      // The state this heal backed up before its reinstall removed the builders goes back with them.
      restoreBuilderState: true,
      ...(why !== undefined ? { why } : {}),
      // The bundle this heal made minutes ago: its builders are this host's own.
      allowBuilderSettings: options.allowBuilderSettings,
      ownBundle: true,
    });
    const failed = r.actions.filter((a) => !a.ok);
    const ok = r.error === undefined && r.buildOk && failed.length === 0;
    const detail = [
      `restored ${r.restored.length} file(s)`,
      r.skipped.length > 0 ? `skipped ${r.skipped.map((x) => `${x.path} (${x.reason})`).join(', ')}` : '',
      r.buildOk ? 'a test build works' : 'the test build failed',
      r.error ?? '',
      ...failed.map((a) => `${a.action} ${a.target} failed: ${a.detail ?? ''}`),
    ]
      .filter(Boolean)
      .join('; ');
    return { ok, detail, actions: r.actions, ...(r.record !== undefined ? { record: r.record } : {}) };
  },
};

/** `buildkit-healer rollback NAME` and the rollback action's input, in one line. */
function rollbackInstructions(b: BackupRef): string {
  return `Roll back with \`buildkit-healer rollback ${b.name}\`${b.store !== 'local' ? '' : ` (backup in ${b.location})`}, or in a workflow with the rollback action: \`uses: <owner>/buildkit-healer/rollback@v1\` with \`backup-name: ${b.name}\`.`;
}

/** The findings a mode repairs: auto only what fails (and not `notInAuto`), repair and reinstall all automatic ones. */
export function selectRepairs(findings: Finding[], mode: HealMode, failOn: Options['failOn']): Finding[] {
  const pool = mode === 'auto' ? failingFindings(findings, failOn === 'never' ? 'error' : failOn) : findings;
  return pool.filter((f) => f.repair?.automatic === true && !(mode === 'auto' && f.repair.notInAuto === true));
}

/** Builders auto leaves in error on purpose (a `notInAuto` removal: a dead context no build uses). */
function keptByAuto(findings: Finding[], mode: HealMode): string[] {
  // A builder whose driver this buildx does not know cannot be validated in any mode.
  const unknown = findings.filter((f) => f.id === 'builder.unknown-driver').map((f) => f.subject);
  if (mode !== 'auto') return unknown;
  const dead = findings.filter(
    (f) =>
      f.id === 'builder.error' &&
      f.severity === 'warning' &&
      f.repair?.automatic === true &&
      f.repair.notInAuto === true,
  );
  return [...unknown, ...dead.map((f) => f.subject)];
}

/** A finding `auto` leaves on purpose (a `notInAuto` repair): it never makes auto's repairs roll back. */
function keptOnPurpose(f: Finding, mode: HealMode): boolean {
  return mode === 'auto' && f.repair?.automatic === true && f.repair.notInAuto === true;
}

/**
 * The quick path's one verdict: healthy only when every quick probe answered and agrees
 * (`quickLookAnswered`) and no finding fails or asks for a repair. A probe that failed, timed out
 * or returned nothing sends auto to the full diagnose, whatever the findings say.
 */
export function quickVerdictHealthy(
  d: Pick<DiagnoseResult, 'facts' | 'findings'>,
  failOn: Options['failOn'],
  bootstrap = false,
): boolean {
  if (!quickLookAnswered(d.facts)) return false;
  // With `bootstrap` on, an inactive builder is only judged by the full diagnose's bootstrap.
  if (
    bootstrap &&
    d.facts.builders.some((b) => b.status === 'inactive' || b.nodes.some((n) => n.status === 'inactive'))
  )
    return false;
  return selectRepairs(d.findings, 'auto', failOn).length === 0 && statusFor(d.findings, failOn) === 'healthy';
}

function key(f: Finding): string {
  return `${f.id} ${f.subject}`;
}

/** Max clean+reinstall rounds: repairing one thing can reveal another (an unreadable instance
 * file hides the builder whose container it leaves as an orphan). */
const MAX_ROUNDS = 3;

interface Ctx {
  deps: Deps;
  options: Options;
  mode: HealMode;
  phases: HealPhases;
  report: Report;
  journal: string;
  runId: string;
  backup?: BackupRef;
  /** The journal of an earlier heal that was killed, when there is one. */
  interrupted?: JournalEntry;
  lock?: HeldLock;
  deadline: Deadline;
}

/** After the deadline, how long releasing the lock may still take. */
const RELEASE_GRACE_MS = 15_000;

async function timed<T>(
  ctx: Ctx,
  phase: PhaseName,
  fn: () => Promise<T>,
  judge: (v: T) => boolean = () => true,
): Promise<T> {
  // diagnose announces itself (with its level); the other phases are announced here.
  if (phase !== 'diagnose') ctx.deps.log.phase?.(phase, phase);
  const started = Date.now();
  const startedAt = ctx.deps.now().toISOString();
  try {
    const v = await ctx.deadline.race(fn(), phase);
    ctx.report.phases.push({
      phase,
      durationMs: Date.now() - started,
      ok: judge(v),
      startedAt,
      finishedAt: ctx.deps.now().toISOString(),
    });
    return v;
  } catch (e) {
    ctx.report.phases.push({
      phase,
      durationMs: Date.now() - started,
      ok: false,
      error: errorMessage(e),
      startedAt,
      finishedAt: ctx.deps.now().toISOString(),
    });
    throw e;
  }
}

function skipped(ctx: Ctx, phase: PhaseName, why?: string): void {
  const p: Report['phases'][number] = { phase, durationMs: 0, ok: true, skipped: true };
  if (why !== undefined) p.error = why;
  ctx.report.phases.push(p);
}

async function journal(ctx: Ctx, phase: PhaseName): Promise<void> {
  if (ctx.options.dryRun) return;
  const now = ctx.deps.now().toISOString();
  const e: JournalEntry = {
    runId: ctx.runId,
    mode: ctx.mode,
    phase,
    pid: process.pid,
    host: hostname(),
    startedAt: ctx.report.startedAt,
    updatedAt: now,
  };
  // While an interrupted heal's backup is being restored, the journal keeps pointing at it.
  const b = ctx.backup ?? resumeRef(ctx);
  if (b !== undefined) {
    e.backupName = b.name;
    e.store = b.store;
  }
  try {
    await writeJournal(ctx.journal, e);
  } catch (err) {
    ctx.deps.log.warn(`cannot write the heal journal ${ctx.journal}: ${errorMessage(err)}`);
  }
}

function fillDiagnosis(report: Report, d: DiagnoseResult): void {
  fillFromDiagnosis(report, d, (id) => `check ${id} crashed during diagnose`);
}

/** Validates the heal options before anything changes; throws InputError naming the input. */
function checkHealOptions(options: Options, deps: Deps): HealMode {
  const mode = options.mode;
  if (!(HEAL_MODES as readonly string[]).includes(mode)) throw new InputError('mode', mode, HEAL_MODES.join(', '));
  if (!Number.isFinite(options.lockTimeoutMs) || options.lockTimeoutMs < 0)
    throw new InputError('lock-timeout', String(options.lockTimeoutMs), 'a number of milliseconds >= 0');
  planInstall(options.reinstall, deps.docker.paths.cliPluginsDir); // throws on bad buildx inputs
  return mode as HealMode;
}

/**
 * Deps whose every docker call is capped at the time left before `deadline`. A host that built
 * its own chain (ProcessRunner, DeadlineRunner, then DryRunRunner for a dry run) passes its
 * deadline in `deps.deadline` and is left as it is.
 */
function withDeadline(deps: Deps, deadline: Deadline): Deps {
  if (deps.deadline !== undefined) return deps;
  const runner = deps.docker.runner;
  if (runner instanceof DryRunRunner || runner instanceof DeadlineRunner) return { ...deps, deadline };
  const capped = new DeadlineRunner(runner, deadline);
  return {
    ...deps,
    deadline,
    docker: new Docker(capped, { bin: deps.docker.bin, env: deps.docker.env, timeouts: deps.docker.timeouts }),
  };
}

/** Deps whose mutating commands are recorded, not run. */
function dryRunDeps(deps: Deps): Deps {
  if (deps.docker.runner.dryRun === true) return deps;
  const dry = new DryRunRunner(deps.docker.runner);
  return {
    ...deps,
    docker: new Docker(dry, { bin: deps.docker.bin, env: deps.docker.env, timeouts: deps.docker.timeouts }),
  };
}

export async function heal(deps0: Deps, options: Options, phases: HealPhases = defaultPhases): Promise<Report> {
  const mode = checkHealOptions(options, deps0);
  const deadline = deps0.deadline ?? new Deadline(options.deadlineMs);
  const capped = withDeadline(deps0, deadline);
  const deps = options.dryRun ? dryRunDeps(capped) : capped;
  const report = newReport(deps, options);
  const ctx: Ctx = {
    deps,
    options,
    mode,
    phases,
    report,
    deadline,
    journal: journalPath(options.backup.dir),
    // Tells runs apart in the lock and the journal (not a secret): Math.random, so that a healthy
    // run never loads node:crypto (src/core/crypto.ts).
    runId: `${hostname()}-${process.pid}-${Math.floor(Math.random() * 0x1000000)
      .toString(16)
      .padStart(6, '0')}`,
  };
  try {
    await noteInterrupted(ctx);
    await run(ctx);
  } catch (e) {
    report.error = errorMessage(e);
    report.status = 'failed';
    if (e instanceof SafetyError) report.notes.push(e.message);
    if (e instanceof DeadlineError) {
      report.stopped = { reason: 'deadline', where: e.where, deadlineMs: e.deadlineMs };
      report.notes.push(
        `stopped by the deadline during ${e.where}: ${ctx.backup !== undefined ? `backup ${ctx.backup.name} is kept and ` : ''}no rollback was started`,
      );
      deps.log.error(e.message);
    }
  } finally {
    // Past the deadline, a short grace so the lock is released (the next run need not wait for it).
    if (deadline.expired()) deadline.grace(RELEASE_GRACE_MS);
    const lock = ctx.lock;
    if (lock !== undefined) {
      await lock.release().catch((e: unknown) => deps.log.warn(`cannot release the healer lock: ${errorMessage(e)}`));
    }
  }
  if (report.status === 'failed' && ctx.backup !== undefined) report.rollback ??= rollbackInstructions(ctx.backup);
  // The run ended (whatever its status, the report says how to roll back): only a killed heal
  // leaves its journal behind for the next run to see.
  if (!options.dryRun) await clearJournal(ctx.journal).catch(() => undefined);
  report.healthy = report.status === 'healthy' || report.status === 'repaired';
  report.finishedAt = deps.now().toISOString();
  return report;
}

async function noteInterrupted(ctx: Ctx): Promise<void> {
  const prev = await readJournal(ctx.journal);
  if (prev === undefined) return;
  if (prev.host === hostname() && prev.pid !== process.pid && pidAlive(prev.pid)) return; // still running
  ctx.interrupted = prev;
  ctx.report.notes.push(interruptedNote(prev));
  ctx.deps.log.warn(interruptedNote(prev));
}

/** Phases after which a killed heal may have left things half removed or half recreated. */
const CHANGING: readonly PhaseName[] = ['clean', 'reinstall', 'validate', 'rollback'];

/**
 * The backup an interrupted heal points to, when it was killed after changing something: its
 * clean or reinstall may be half done and its result was never validated, so this run restores
 * that backup first (the rollback plan's answer to an unproven reinstall), then heals as asked.
 */
function resumeRef(ctx: Ctx): BackupRef | undefined {
  const j = ctx.interrupted;
  if (j?.backupName === undefined || !CHANGING.includes(j.phase)) return undefined;
  const store = j.store ?? 'local';
  return {
    name: j.backupName,
    store,
    location: store === 'local' ? ctx.options.backup.dir : store,
    files: 0,
    bytes: 0,
    verified: true,
  };
}

/**
 * The lock lives on the daemon: when the context in use is missing or dead and the heal switches
 * to `default` (`context.use-default`), the lock is taken on the default endpoint it switches to.
 */
export function lockDeps(deps: Deps, findings: Finding[] | undefined): Deps {
  if (!(findings ?? []).some((f) => f.repair?.action === 'context.use-default' && f.repair.automatic)) return deps;
  const env = { ...deps.docker.env, DOCKER_CONTEXT: 'default' };
  return {
    ...deps,
    docker: new Docker(deps.docker.runner, { bin: deps.docker.bin, env, timeouts: deps.docker.timeouts }),
  };
}

/** Takes the daemon-wide lock once per run; notes stale locks broken on the way. */
async function takeLock(ctx: Ctx, findings?: Finding[]): Promise<HeldLock> {
  if (ctx.lock !== undefined) return ctx.lock;
  const timeoutMs = Math.min(ctx.options.lockTimeoutMs, ctx.deadline.remaining());
  const pending = acquireLock(lockDeps(ctx.deps, findings), { timeoutMs, runId: ctx.runId });
  // A lock taken after the deadline gave up waiting is released at once.
  const lock = await ctx.deadline.race(pending, 'lock').catch((e: unknown) => {
    if (e instanceof DeadlineError) void pending.then((l) => l.release()).catch(() => undefined);
    throw e;
  });
  ctx.lock = lock;
  for (const b of lock.broken)
    ctx.report.notes.push(
      `broke a stale healer lock${b.owner ? ` of pid ${b.owner.pid} on ${b.owner.host} (run ${b.owner.runId})` : ''}: ${b.reason}`,
    );
  return lock;
}

/**
 * After an interrupted heal: take the lock at once (the killed run's lock is broken and reported
 * now, even when this run finds nothing to change), and restore the backup it points to before
 * this run diagnoses.
 */
async function resumeInterrupted(ctx: Ctx): Promise<void> {
  if (ctx.interrupted === undefined) return;
  // The head start's answers (src/docker/prestart.ts) predate the lock wait and the restore: the
  // quick look after them asks anew.
  await dropHeadStart();
  if (ctx.options.dryRun) return;
  await takeLock(ctx);
  const ref = resumeRef(ctx);
  if (ref === undefined) return;
  ctx.deps.log.warn(
    `restoring backup ${ref.name} of the interrupted heal (run ${ctx.interrupted?.runId ?? '?'}, killed during ${ctx.interrupted?.phase ?? '?'})`,
  );
  await rollbackNow(ctx, ref, 'interrupted');
}

/** Step 3: the verified backup before anything is removed (none in dry-run or when turned off). */
async function backupFirst(ctx: Ctx, d: DiagnoseResult): Promise<void> {
  const { deps, options, report } = ctx;
  await journal(ctx, 'backup');
  if (options.dryRun) {
    skipped(ctx, 'backup', 'dry-run');
    report.notes.push('dry-run: no backup was made and nothing was changed; the actions list what would run');
  } else if (!options.backup.enabled) {
    skipped(ctx, 'backup', 'backup turned off');
    report.notes.push('backup is turned off: cleaning without one, as asked');
  } else {
    const backupOptions = withStateBackup(ctx, d);
    const ref = await timed(
      ctx,
      'backup',
      () => ctx.phases.backup(deps, backupOptions, d.facts),
      (r) => r.verified,
    );
    ctx.backup = ref;
    report.backup = ref;
    report.actions.push({
      action: 'backup.create',
      target: ref.name,
      ok: ref.verified,
      detail: `${ref.files} files, ${ref.bytes} bytes in ${ref.store} store at ${ref.location}`,
    });
    if (!ref.verified) throw new SafetyError(`backup ${ref.name} could not be verified: nothing was cleaned`);
  }
}

/**
 * Steps 4-5: clean and reinstall, in rounds while repairs reveal new repairable findings (at most
 * MAX_ROUNDS); returns the last diagnosis (the first one in dry-run).
 */
async function repairRounds(
  ctx: Ctx,
  d: DiagnoseResult,
  diagOpts: (baseline: boolean) => DiagnoseOptions,
): Promise<DiagnoseResult> {
  const { deps, options, mode, report } = ctx;
  const rmTimeout = options.dryRun ? false : await rmAcceptsTimeout(deps).catch(() => false);
  const done = new Set<string>();
  // Builders reinstall skipped on purpose (a driver unknown to this buildx): a later round does not
  // create a declared one over them; it stays builder.declared-missing and fails the heal.
  const skippedBuilders = new Set<string>();
  let current = d;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const todo = selectRepairs(current.findings, mode, options.failOn).filter(
      (f) =>
        !done.has(key(f)) && !(f.id === 'builder.declared-missing' && skippedBuilders.has(f.subject.toLowerCase())),
    );
    if (round > 1 && todo.length === 0) break;
    todo.forEach((f) => done.add(key(f)));
    const cleanMode = mode === 'reinstall' && round === 1 ? 'reinstall' : 'repair';
    const plan = planClean({
      mode: cleanMode,
      findings: todo,
      builders: current.builders,
      orphans: current.facts.orphans,
      instanceNames: current.facts.instanceFiles.map((f) => basenameLower(f.path)),
      options: { ...options.clean, pruneCache: options.clean.pruneCache },
      rmTimeout,
      busy: busyBuilders(current.facts),
      rejected: rejectedDefinitions(
        current.findings,
        current.facts.instanceFiles.map((f) => basenameLower(f.path)),
      ),
    });
    announceUnsaved(ctx, plan, current);
    await journal(ctx, 'clean');
    const cleaned = await timed(
      ctx,
      'clean',
      () =>
        executeClean(deps, plan, {
          dryRun: options.dryRun,
          backupVerified: ctx.backup?.verified === true,
          backupEnabled: options.backup.enabled && !options.dryRun,
        }),
      (r) => r.ok,
    );
    report.actions.push(...cleaned.actions);
    const removed = cleaned.actions.filter((a) => a.ok && a.action === 'builder.remove').map((a) => a.target);
    const kept = cleaned.actions.filter((a) => a.action === 'builder.keep').map((a) => a.target);
    await journal(ctx, 'reinstall');
    const re = await timed(
      ctx,
      'reinstall',
      () =>
        runReinstall(deps, {
          mode: cleanMode,
          findings: todo,
          builders: current.builders,
          instanceFiles: current.facts.instanceFiles,
          ...(current.currentBuilder !== undefined ? { currentBuilder: current.currentBuilder } : {}),
          removed,
          kept,
          options,
        }),
      (r) => r.ok,
    );
    report.actions.push(...re.actions);
    report.notes.push(...re.notes);
    for (const a of re.actions) if (a.action === 'builder.skip') skippedBuilders.add(a.target.toLowerCase());
    if (options.dryRun) break;
    // Re-diagnose: what is left, and whether the repair revealed more.
    current = await ctx.deadline.race(ctx.phases.diagnose(deps, diagOpts(false), 'full'), 'diagnose');
  }
  return current;
}

/** Step 6: validate the builders the heal leaves (a dead context auto keeps is not); true when all passed. */
async function validateHealed(ctx: Ctx, current: DiagnoseResult): Promise<boolean> {
  const { deps, options, mode, report } = ctx;
  let validationOk = true;
  if (options.validate.enabled) {
    await journal(ctx, 'validate');
    // A dead context no build uses, which auto keeps on purpose, is not validated: it cannot work.
    const kept = keptByAuto(current.findings, mode);
    for (const n of kept.filter(
      (x) => !current.findings.some((f) => f.id === 'builder.unknown-driver' && f.subject === x),
    ))
      report.notes.push(
        `builder ${n} not validated: its context is dead and no build uses it (kept by auto; \`heal --mode repair\` removes it)`,
      );
    const names = current.builders.map((b) => b.name).filter((n) => !kept.includes(n));
    const checks = await timed(
      ctx,
      'validate',
      () => ctx.phases.validate(deps, options, names, report.baseline),
      (c) => c.every((x) => x.ok),
    );
    report.validation = checks;
    validationOk = checks.every((c) => c.ok);
  } else skipped(ctx, 'validate', 'validation turned off');
  return validationOk;
}

/** The heal proper; the lock it takes stays in `ctx.lock` (released by the caller). */
async function run(ctx: Ctx): Promise<void> {
  const { options, mode, report } = ctx;
  await resumeInterrupted(ctx);
  // The baseline is a real build, only needed to judge validation: none in dry-run (a build
  // changes the cache and buildx's state files) or when validation is off.
  const diagOpts = (baseline: boolean): DiagnoseOptions => ({
    ...diagnoseOptionsOf(options),
    baseline: baseline && options.diagnose.baseline && options.validate.enabled && !options.dryRun,
  });

  // 1. diagnose: a healthy runner in auto mode stops here
  if (mode === 'auto' && (await quickLookHealthy(ctx, diagOpts))) return;
  let d = await fullDiagnose(ctx, diagOpts);
  fillDiagnosis(report, d);
  if (nothingToDo(ctx, d)) return;

  // 2. the lock: only changing phases run under it (already held when an interrupted heal was restored)
  if (!options.dryRun) {
    const heldBefore = ctx.lock !== undefined;
    const lock = await takeLock(ctx, d.findings);
    if (lock.waited && !heldBefore) {
      report.notes.push(
        `waited ${Math.round(lock.waitedMs / 1000)} s for another healer on this daemon, then diagnosed again`,
      );
      d = await fullDiagnose(ctx, diagOpts);
      fillDiagnosis(report, d);
      if (nothingToDo(ctx, d)) return;
    }
  }

  // 3. backup (verified) before anything is removed
  await backupFirst(ctx, d);

  // 4-5. clean and reinstall, in rounds while repairs reveal new repairable findings
  const current = await repairRounds(ctx, d, diagOpts);

  if (options.dryRun) {
    skipped(ctx, 'validate', 'dry-run');
    report.status = statusFor(report.findings, options.failOn) === 'healthy' ? 'healthy' : 'unhealthy';
    return;
  }
  report.buildersAfter = current.builders;
  report.findingsAfter = current.findings;
  report.versions = versionsFrom(current.facts, current.builders, current.currentBuilder);

  // 6. validate
  const validationOk = await validateHealed(ctx, current);

  // The cache policy is garbage collection the user asked for: a prune that failed is a warning in
  // the log and the report, never what fails (or rolls back) a repair.
  const failed: HealFailures = {
    actions: report.actions.filter((a) => !a.ok && a.action !== 'cache.policy'),
    left: failingFindings(current.findings, options.failOn),
    validationOk,
  };
  if (failed.actions.length === 0 && failed.left.length === 0 && validationOk) {
    report.status = 'repaired';
    return;
  }
  report.status = 'failed';
  report.error = `heal failed: ${failureReasons(report, failed).join('; ')}`;
  if (ctx.backup !== undefined) await afterFailure(ctx, ctx.backup, failed);
}

/**
 * Auto's quick look (it never bootstraps: it must stay cheap; `bootstrap` is for the full ones),
 * with the cache usage read beside it (one Engine API request when the socket is local) and the
 * cache policies applied. True when the host is healthy: the report is filled and the heal stops.
 */
async function quickLookHealthy(ctx: Ctx, diagOpts: (baseline: boolean) => DiagnoseOptions): Promise<boolean> {
  const { deps, options, report } = ctx;
  let d: DiagnoseResult;
  let usage: CacheUsage | undefined;
  try {
    [d, usage] = await Promise.all([
      timed(ctx, 'diagnose', () => ctx.phases.diagnose(deps, { ...diagOpts(false), bootstrap: false }, 'quick')),
      cacheUsage(ctx),
    ]);
  } finally {
    // What the entry asked ahead and the quick look did not take is not an answer to anything later.
    await dropHeadStart();
  }
  await applyCachePolicy(ctx, usage);
  await applyBuilderCachePolicy(ctx, d);
  if (!quickVerdictHealthy(d, options.failOn, options.diagnose.bootstrap === true)) return false;
  fillDiagnosis(report, d);
  report.status = 'healthy';
  return true;
}

/** What failed a heal: its failed actions, the findings left at or above fail-on, validation. */
interface HealFailures {
  actions: Action[];
  left: Finding[];
  validationOk: boolean;
}

/** One reason per kind of failure, for the report's error. */
function failureReasons(report: Report, failed: HealFailures): string[] {
  const { actions, left } = failed;
  const why: string[] = [];
  if (actions.length > 0)
    why.push(`${actions.length} action(s) failed: ${actions.map((a) => `${a.action} ${a.target}`).join(', ')}`);
  if (left.length > 0) why.push(`${left.length} finding(s) remain: ${[...new Set(left.map((f) => f.id))].join(', ')}`);
  const missing = left.filter((f) => f.id === 'builder.declared-missing');
  if (missing.length > 0)
    why.push(
      `declared builder(s) not there: ${missing.map((f) => `${f.subject} (${declaredWhy(report.actions, f.subject)})`).join(', ')}`,
    );
  // What no repair can fix is the user's to fix: said as the error, as when nothing was to do.
  const manual = left.filter((f) => f.repair === undefined && f.advice !== undefined);
  if (manual.length > 0)
    why.push(`no automatic repair for: ${manual.map((f) => `${f.id} (${f.subject}): ${f.advice ?? ''}`).join('; ')}`);
  if (!failed.validationOk)
    why.push(
      `validation failed: ${(report.validation ?? [])
        .filter((c) => !c.ok)
        .map((c) => `${c.id}${c.builder ? ` (${c.builder})` : ''}: ${c.message}`)
        .join('; ')}`,
    );
  return why;
}

/** A failed heal with a backup: how to roll back, and the rollback itself with rollback-on-failure. */
async function afterFailure(ctx: Ctx, backup: BackupRef, failed: HealFailures): Promise<void> {
  const { deps, options, mode, report } = ctx;
  const { actions, left, validationOk } = failed;
  report.rollback = rollbackInstructions(backup);
  // Only what the heal did or should have fixed rolls back: a finding auto keeps on purpose
  // (`notInAuto`: a dead context no build uses, a config.json docker runs without) fails the run
  // under fail-on, but a rollback would not remove it, only undo the repairs that worked (e.g.
  // write back a currentContext that points at a dead endpoint).
  const healFailed = actions.length > 0 || !validationOk || left.some((f) => !keptOnPurpose(f, mode));
  if (options.rollbackOnFailure && !healFailed) {
    const kept = left.map((f) => `${f.id} (${f.subject})`).join(', ');
    report.notes.push(
      `no rollback (rollback-on-failure): every repair worked and validation passed; what fails is only ${kept}, which auto leaves on purpose and a rollback would not remove (\`heal --mode repair\` does)`,
    );
    deps.log.warn(`no rollback: only ${kept} remain, which auto leaves on purpose`);
  }
  if (options.rollbackOnFailure && healFailed) {
    const failedChecks = [
      ...(report.validation ?? [])
        .filter((c) => !c.ok)
        .map((c) => `${c.id}${c.builder !== undefined ? ` (${c.builder})` : ''}: ${c.message}`),
      ...actions.map((a) => `${a.action} ${a.target}: ${a.detail ?? 'failed'}`),
      ...left.map((f) => `${f.id} (${f.subject}): ${f.message}`),
    ];
    await rollbackNow(ctx, backup, 'failure', {
      trigger: 'rollback-on-failure',
      reason: report.error ?? '',
      failedChecks,
      healStartedAt: report.startedAt,
      failedAt: deps.now().toISOString(),
    });
  }
}

/** Why a declared builder is not there after the repairs: its skip or its failed create. */
function declaredWhy(actions: Action[], name: string): string {
  const a = actions.findLast(
    (x) =>
      x.target.toLowerCase() === name.toLowerCase() &&
      (x.action === 'builder.skip' || (x.action === 'builder.create' && !x.ok)),
  );
  if (a === undefined) return 'not created';
  return `${a.action === 'builder.skip' ? 'skipped' : 'create failed'}: ${a.detail ?? ''}`;
}

async function cacheUsage(ctx: Ctx): Promise<CacheUsage | undefined> {
  try {
    const { readCacheUsage } = await import('../tasks/cache-policy.js');
    return await readCacheUsage(ctx.deps, ctx.options.cachePolicy, dirname(ctx.options.backup.dir));
  } catch (e) {
    ctx.report.notes.push(`cache usage could not be read: ${errorMessage(e)}`);
    return undefined;
  }
}

/** The seeds' cache policy (`cache-limit`, `cache-max-age`): reported always, enforced when on. */
async function applyCachePolicy(ctx: Ctx, usage: CacheUsage | undefined): Promise<void> {
  if (usage === undefined) return;
  const { enforceCachePolicy, policyReport } = await import('../tasks/cache-policy.js');
  const pr = policyReport(usage, ctx.options.cachePolicy, Date.now());
  ctx.report.cachePolicy = pr;
  if (!ctx.options.cachePolicy.enabled) return;
  const a = await enforceCachePolicy(ctx.deps, ctx.options.cachePolicy, usage, pr);
  if (a !== undefined) {
    ctx.report.actions.push(a);
    if (!a.ok) ctx.deps.log.warn(`cache policy: ${a.detail ?? ''}`);
    else ctx.deps.log.info(`cache policy: ${a.detail ?? ''}`);
  }
}

/**
 * The policy on the builder in use when it is a running docker-container builder (its cache is in
 * its own state volume): at most once per `cache-check-interval`, in auto, not in a dry run.
 */
async function applyBuilderCachePolicy(ctx: Ctx, d: DiagnoseResult): Promise<void> {
  const o = ctx.options;
  if (!o.cachePolicy.enabled || o.dryRun) return;
  // Only on a quick look that answered: a broken runner goes to the full diagnose first.
  if (!quickLookAnswered(d.facts)) return;
  const b = d.builders.find((x) => x.name === d.currentBuilder);
  if (b === undefined || b.driver !== 'docker-container' || b.status !== 'running') return;
  try {
    const { enforceBuilderCachePolicy } = await import('../tasks/cache-policy.js');
    const a = await enforceBuilderCachePolicy(ctx.deps, o.cachePolicy, b.name, dirname(o.backup.dir));
    if (a === undefined) return;
    ctx.report.actions.push(a);
    if (!a.ok) ctx.deps.log.warn(`cache policy: ${a.detail ?? ''}`);
    else ctx.deps.log.info(`cache policy: ${a.detail ?? ''}`);
  } catch (e) {
    ctx.report.notes.push(`the cache policy on builder ${b.name} could not run: ${errorMessage(e)}`);
  }
}

/**
 * Full diagnose with the baseline; when that crashes (a broken plugin can make the baseline build
 * fail in ways a parser did not expect), once more without it: a heal must still see what to fix.
 */
async function fullDiagnose(ctx: Ctx, diagOpts: (baseline: boolean) => DiagnoseOptions): Promise<DiagnoseResult> {
  try {
    return await timed(ctx, 'diagnose', () => ctx.phases.diagnose(ctx.deps, diagOpts(true), 'full'));
  } catch (e) {
    ctx.report.notes.push(`full diagnose crashed (${errorMessage(e)}); diagnosed again without the baseline build`);
    return timed(ctx, 'diagnose', () => ctx.phases.diagnose(ctx.deps, diagOpts(false), 'full'));
  }
}

/**
 * A reinstall removes every docker-container builder but busy ones, and their cache with them:
 * their state is backed up first (the backup may stop them: a running container's state is not copied).
 */
function withStateBackup(ctx: Ctx, d: DiagnoseResult): Options {
  if (ctx.mode !== 'reinstall') return ctx.options;
  const busy = busyBuilders(d.facts);
  // A builder whose definition BuildKit rejects stays (and loops): stopped, its loop would hide.
  const rejected = rejectedDefinitions(
    d.findings,
    d.facts.instanceFiles.map((f) => basenameLower(f.path)),
  );
  const names = d.builders
    .filter((b) => b.driver === 'docker-container' && !busy.has(b.name) && !rejected.includes(b.name))
    .map((b) => b.name);
  if (names.length === 0) return ctx.options;
  if (!ctx.options.backup.builderState)
    ctx.report.notes.push(
      `the state (build cache) of ${names.join(', ')} is backed up before the reinstall removes ${names.length > 1 ? 'them' : 'it'}`,
    );
  return { ...ctx.options, backup: { ...ctx.options.backup, builderState: true, stopForState: names } };
}

/** What the plan removes without a backup is in the report and the log before anything runs. */
function announceUnsaved(ctx: Ctx, plan: CleanStep[], d: DiagnoseResult): void {
  for (const w of unsavedWarnings(plan)) {
    ctx.report.notes.push(w);
    ctx.deps.log.warn(w);
  }
  if (ctx.mode !== 'reinstall') return;
  for (const n of unknownPruneTargets({ builders: d.builders, options: ctx.options.clean })) {
    ctx.report.notes.push(`prune-cache names ${n}, which is no builder here: nothing pruned for it`);
  }
}

function basenameLower(p: string): string {
  return (p.split('/').pop() ?? p).toLowerCase();
}

/** True (with the report filled) when there is nothing this mode may change. */
function nothingToDo(ctx: Ctx, d: DiagnoseResult): boolean {
  const { mode, options, report } = ctx;
  if (mode === 'reinstall') return false;
  const repairs = selectRepairs(d.findings, mode, options.failOn);
  if (repairs.length > 0) return false;
  const failing = failingFindings(d.findings, options.failOn);
  if (failing.length === 0) {
    report.status = 'healthy';
    return true;
  }
  report.status = 'failed';
  report.error = `no automatic repair for: ${failing.map((f) => `${f.id} (${f.subject})${f.advice ? `: ${f.advice}` : ''}`).join('; ')}`;
  return true;
}

async function rollbackNow(
  ctx: Ctx,
  b: BackupRef,
  why: 'failure' | 'interrupted' = 'failure',
  record?: RollbackWhy,
): Promise<void> {
  // Past the deadline no rollback starts: it would be another change that cannot finish in time.
  if (ctx.deadline.expired()) throw new DeadlineError('rollback', ctx.deadline.ms);
  await journal(ctx, 'rollback');
  const because: RollbackWhy = record ?? {
    trigger: 'interrupted',
    reason: `the previous heal (run ${ctx.interrupted?.runId ?? '?'}) was killed during ${ctx.interrupted?.phase ?? '?'}`,
    failedChecks: [],
    ...(ctx.interrupted?.startedAt !== undefined ? { healStartedAt: ctx.interrupted.startedAt } : {}),
  };
  try {
    const r = await timed(
      ctx,
      'rollback',
      () => ctx.phases.rollback(ctx.deps, ctx.options, b, because),
      (x) => x.ok,
    );
    if (r.record !== undefined) ctx.report.rollbackRecord = r.record;
    const a: Action = { action: 'rollback', target: b.name, ok: r.ok };
    if (r.detail !== '') a.detail = r.detail;
    ctx.report.actions.push(
      ...(r.actions ?? []).map((x) => ({ ...x, detail: `rollback: ${x.detail ?? ''}`.trim() })),
      a,
    );
    const how = why === 'interrupted' ? "restored the interrupted heal's backup" : 'rolled back to backup';
    const reason =
      why === 'interrupted'
        ? 'before diagnosing, because the previous heal was killed mid-way'
        : 'in this run (rollback-on-failure)';
    ctx.report.notes.push(r.ok ? `${how} ${b.name} ${reason}` : `the rollback to ${b.name} failed: ${r.detail}`);
    // A restore is byte for byte: when it put back a client setting that points at a dead or
    // missing context (the heal had moved off it), docker fails again, and the report says so.
    for (const f of (r.record?.diagnoseAfter?.findings ?? []).filter(
      (x) => x.severity === 'error' && /^client\.(context-dead|context-missing)$/.test(x.id),
    )) {
      const w = `the rollback restored a client setting that points at ${f.id === 'client.context-dead' ? 'a dead' : 'a missing'} context (${f.subject}): docker commands fail again; \`docker context use default\` or a heal in auto mode moves off it`;
      ctx.report.notes.push(w);
      ctx.deps.log.warn(w);
    }
  } catch (e) {
    ctx.report.actions.push({ action: 'rollback', target: b.name, ok: false, detail: errorMessage(e) });
    ctx.report.notes.push(`the rollback to ${b.name} failed: ${errorMessage(e)}`);
  }
}
