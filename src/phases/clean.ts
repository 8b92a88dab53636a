/**
 * The clean phase: remove what is broken (repair) or everything but `default` (reinstall).
 *
 * Two halves: `planClean` is pure (findings + builders + mode → exact steps), so the plan can be
 * tested as data and printed by `--dry-run`; `executeClean` runs the steps through the one runner
 * (mutating commands flagged `mutates: true`) and skips and records file removals in dry-run.
 * It refuses to start unless this run's backup was verified, or the user turned backup off.
 */
import { constants } from 'node:fs';
import { access, copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Action } from '../core/report.js';
import type { Builder, CommandResult, Finding, Repair } from '../core/types.js';
import type { Deps } from '../docker/deps.js';
import type { CleanOptions } from '../core/options.js';
import type { OrphanCandidate } from '../checks/types.js';
import { SafetyError, errorMessage } from '../core/errors.js';
import { asideName } from '../core/files.js';
import { commandLine, succeeded } from '../docker/runner.js';
import { activityOf, notRunning } from '../tasks/activity.js';
import { decodeConfigJson } from '../tasks/client.js';

export type CleanMode = 'repair' | 'reinstall';

/** One exact step of the clean plan. */
export type CleanStep =
  | {
      kind: 'docker';
      /** Stable action id (`builder.remove`, `orphan.remove`, `cache.prune`, `context.remove`...). */
      action: string;
      target: string;
      /** Arguments after `docker`. */
      args: string[];
      /** Which timeout class the step needs. */
      slow: boolean;
      /** After the step, state volumes that must be gone (buildx rm can abort a volume removal half-way). */
      volumesGone?: string[];
      /**
       * After the step, containers that must be gone: `buildx rm` skips a node it cannot load (a
       * container restarting in a loop) and leaves its container behind, looping.
       */
      containersGone?: string[];
      /** A failure is acceptable when the object is already gone (stderr matches). */
      okIfGone?: RegExp;
      /** The daemon refused because the object is in use now (stderr matches): left alone, not a failure. */
      keptIfInUse?: RegExp;
      /** Containers whose processes are read again right before the step: a build there keeps the builder. */
      recheck?: string[];
      /**
       * Containers diagnose saw restarting in a loop: their state is inspected again right before
       * the step (never their processes: a start of the loop looks like a build). When each runs
       * steadily now (fixed since diagnose, and a build may run there), the builder is kept.
       */
      loopRecheck?: string[];
      /**
       * `builder.forget`: when `buildx rm` cannot remove the builder (its driver is unknown to this
       * buildx), its instance file is moved out of the buildx store (never deleted), and a `current`
       * naming it is removed.
       */
      forget?: boolean;
      /** Why what this step removes is in no backup (the docker driver's cache): named in the plan and report first. */
      notBackedUp?: string;
      description: string;
    }
  | { kind: 'remove-file'; action: 'state.remove-file'; target: string; description: string }
  /** A file docker cannot parse (config.json): renamed to a dated name beside it, never deleted. */
  | { kind: 'move-aside'; action: 'client.config-aside'; target: string; description: string }
  /** A builder left alone because it builds right now: recorded, nothing run. */
  | { kind: 'keep'; action: 'builder.keep'; target: string; description: string };

export interface PlanInput {
  mode: CleanMode;
  findings: Finding[];
  builders: Builder[];
  orphans?: OrphanCandidate[];
  /** Builders backed by an instance file (lowercase names); others but `default` are context builders. */
  instanceNames?: string[];
  options: CleanOptions;
  /** Whether `buildx rm` accepts `--timeout` (newer plugins); see `rmAcceptsTimeout`. */
  rmTimeout?: boolean;
  /** Seconds passed as `buildx rm --timeout`. */
  rmTimeoutSeconds?: number;
  /** Builders with a build in progress (`busyBuilders`) → their busy containers: never removed. */
  busy?: Map<string, string[]>;
  /** Builders whose own definition BuildKit rejects (`rejectedDefinitions`): a reinstall keeps them. */
  rejected?: string[];
}

const ORPHAN_PREFIX = 'buildx_buildkit_';

/** The state volume of a docker-container builder node. */
export function stateVolume(nodeName: string): string {
  return `${ORPHAN_PREFIX}${nodeName}_state`;
}

/** `docker buildx rm` argv for one builder. */
export function rmArgs(name: string, rmTimeout: boolean, seconds = 120, keepState = false): string[] {
  const args = ['buildx', 'rm', '--force'];
  if (keepState) args.push('--keep-state');
  // Older buildx aborts a volume removal after 20 s; newer plugins take a longer --timeout.
  if (rmTimeout) args.push('--timeout', `${seconds}s`);
  args.push(name);
  return args;
}

/** `docker buildx prune` argv. `--all` only in reinstall: repair keeps internal/frontend images. */
export function pruneArgs(builder: string | undefined, opts: CleanOptions, all: boolean): string[] {
  const args = ['buildx', 'prune', '--force'];
  if (builder !== undefined) args.push('--builder', builder);
  if (all) args.push('--all');
  if (opts.keepStorageBytes !== undefined) args.push('--keep-storage', String(opts.keepStorageBytes));
  if (opts.pruneUntil !== undefined) args.push('--filter', `until=${opts.pruneUntil}`);
  return args;
}

function builderSteps(b: Builder, input: PlanInput, action: string, keepState = false, looping = false): CleanStep[] {
  if (b.name === 'default') return [];
  const busy = input.busy?.get(b.name);
  if (busy !== undefined) {
    return [
      {
        kind: 'keep',
        action: 'builder.keep',
        target: b.name,
        description: `leave builder ${b.name} alone: a build is in progress in ${busy.join(', ')}`,
      },
    ];
  }
  if (isContextBuilder(b, input)) {
    // A context builder (the docker driver on a context, like `desktop-linux`) is removed by
    // removing its context: `buildx rm` refuses it.
    return [
      {
        kind: 'docker',
        action: 'context.remove',
        target: b.name,
        args: ['context', 'rm', '--force', b.name],
        slow: false,
        okIfGone: /not found|does not exist/i,
        description: `remove the docker context behind builder ${b.name}`,
      },
    ];
  }
  const container = b.driver === 'docker-container';
  const keep = container && keepState;
  const volumes = container && !keep ? b.nodes.map((n) => stateVolume(n.name)) : [];
  const step: CleanStep = {
    kind: 'docker',
    action,
    target: b.name,
    args: rmArgs(b.name, input.rmTimeout ?? false, input.rmTimeoutSeconds, keep),
    slow: true,
    volumesGone: volumes,
    okIfGone: /no builder .* found|not found/i,
    description: keep ? `remove builder ${b.name}, keeping its state volume (build cache)` : `remove builder ${b.name}`,
  };
  // A build may start on it during the backup: its processes are read again right before.
  // Not a builder diagnose saw restarting in a loop: its buildkitd keeps exiting, so no build can
  // run there, and a process list caught during one of its short starts is not a build (a recheck
  // took one for a build in 2 of 10 real runs and left the loop as it was).
  if (container && !looping) step.recheck = b.nodes.map((n) => `${ORPHAN_PREFIX}${n.name}`);
  if (container && looping) {
    step.containersGone = b.nodes.map((n) => `${ORPHAN_PREFIX}${n.name}`);
    step.loopRecheck = step.containersGone;
  }
  return [step];
}

/** A builder with no instance file is the docker driver on a context (`ls` JSON says `Dynamic:false`
 * for every builder, so the instance files decide when diagnose read them). */
function isContextBuilder(b: Builder, input: PlanInput): boolean {
  if (input.instanceNames !== undefined) return !input.instanceNames.includes(b.name.toLowerCase());
  return b.dynamic === false;
}

/** The daemon's refusals for an object in use: a container that runs, a volume a container holds. */
const IN_USE = /container is running|cannot remove a running container|stop the container before|volume is in use/i;

/**
 * A stopped leftover is removed without `--force`: when its owner started it again since
 * diagnose (buildx starts a stopped builder on its next build), the daemon refuses and it stays.
 * Forced: an idle running one on a daemon this client has alone (`shared-daemon` false), and one
 * that keeps restarting (its buildkitd exits at start: no build can run there; the daemon refuses
 * to remove it otherwise).
 */
function orphanStep(o: Pick<OrphanCandidate, 'name' | 'kind' | 'state'>): CleanStep {
  const { name } = o;
  if (o.kind === 'volume') {
    return {
      kind: 'docker',
      action: 'orphan.remove',
      target: name,
      args: ['volume', 'rm', name],
      slow: true,
      okIfGone: /no such volume/i,
      keptIfInUse: IN_USE,
      description: `remove orphan volume ${name}`,
    };
  }
  const args =
    o.state === 'running' || o.state === 'restarting'
      ? ['rm', '--force', '--volumes', name]
      : ['rm', '--volumes', name];
  return {
    kind: 'docker',
    action: 'orphan.remove',
    target: name,
    args,
    slow: true,
    okIfGone: /no such container/i,
    keptIfInUse: IN_USE,
    description: `remove orphan container ${name}`,
  };
}

function orphanOf(
  name: string,
  orphans: OrphanCandidate[] | undefined,
): Pick<OrphanCandidate, 'name' | 'kind' | 'state'> {
  const known = orphans?.find((o) => o.name === name);
  if (known) return known;
  return { name, kind: name.endsWith('_state') ? 'volume' : 'container' };
}

function stepsForRepair(r: Repair, f: Finding, input: PlanInput): CleanStep[] {
  const target = r.target ?? f.subject;
  switch (r.action) {
    case 'state.remove-file':
    case 'current.reset':
      return [
        { kind: 'remove-file', action: 'state.remove-file', target, description: r.description || `remove ${target}` },
      ];
    case 'builder.remove':
    case 'builder.recreate':
      return builderRepairSteps(r, f, input, target);
    case 'context.remove':
      return [
        {
          kind: 'docker',
          action: 'context.remove',
          target,
          args: ['context', 'rm', '--force', target],
          slow: false,
          okIfGone: /not found|does not exist/i,
          description: `remove the docker context ${target}`,
        },
      ];
    case 'builder.forget':
      return [
        {
          kind: 'docker',
          action: 'builder.forget',
          target,
          args: rmArgs(target, input.rmTimeout ?? false, input.rmTimeoutSeconds),
          slow: true,
          forget: true,
          okIfGone: /no builder .* found/i,
          description: `remove builder ${target} (its driver is unknown: its instance file is moved aside when buildx rm cannot remove it)`,
        },
      ];
    case 'context.use-default':
      // Rewrites only config.json's currentContext (backed up); the context stays.
      return [
        {
          kind: 'docker',
          action: 'context.use-default',
          target,
          args: ['context', 'use', 'default'],
          slow: false,
          description: `use the default docker context instead of ${target}`,
        },
      ];
    case 'client.config-aside':
      return [{ kind: 'move-aside', action: 'client.config-aside', target, description: r.description }];
    case 'orphan.remove':
      return [orphanStep(orphanOf(target, input.orphans))];
    case 'cache.prune':
      if (!input.options.pruneCache) return [];
      return [
        {
          kind: 'docker',
          action: 'cache.prune',
          target,
          args: pruneArgs(input.builders.some((b) => b.name === target) ? target : undefined, input.options, false),
          slow: true,
          description: `prune build cache of ${target}`,
        },
      ];
    default:
      return [];
  }
}

/** A builder removed (or removed to be re-created): the listed one, or one buildx could not list. */
function builderRepairSteps(r: Repair, f: Finding, input: PlanInput, target: string): CleanStep[] {
  const b: Builder = input.builders.find((x) => x.name === target) ?? {
    name: target,
    driver: 'unknown',
    current: false,
    status: 'unknown',
    nodes: [],
  };
  return builderSteps(
    b,
    input,
    // Both remove here: a builder to re-create is created again by reinstall.
    'builder.remove',
    r.action === 'builder.recreate' && r.keepState === true,
    f.id === 'builder.restart-loop',
  );
}

/**
 * The exact steps, in a safe order: unreadable state files first (while they exist every
 * `buildx` command fails), then builders, orphans, and the cache prune last.
 */
export function planClean(input: PlanInput): CleanStep[] {
  const steps: CleanStep[] = [];
  for (const f of input.findings) {
    if (f.repair === undefined || !f.repair.automatic) continue;
    steps.push(...stepsForRepair(f.repair, f, input));
  }
  if (input.mode === 'reinstall') {
    // A builder whose driver this buildx does not know is forgotten (builder.forget), not removed.
    const forgotten = new Set(steps.filter((s) => s.action === 'builder.forget').map((s) => s.target));
    for (const b of input.builders) {
      // Context builders in good health are the user's contexts, not BuildKit state: kept.
      if (b.name === 'default' || (isContextBuilder(b, input) && b.status !== 'error')) continue;
      if (forgotten.has(b.name)) continue;
      if (rejectsOwnDefinition(b, input)) {
        steps.push({
          kind: 'keep',
          action: 'builder.keep',
          target: b.name,
          description: `leave builder ${b.name} alone: BuildKit rejects the buildkitd.toml of its definition, so created again it would loop again (fix the file and create it again: see builder.restart-loop)`,
        });
        continue;
      }
      steps.push(...builderSteps(b, input, 'builder.remove'));
    }
    // Running leftovers (another client's builders, most likely) and their volumes stay.
    for (const o of input.orphans ?? []) if (o.inUse === undefined) steps.push(orphanStep(o));
    steps.push(...reinstallPrunes(input, steps));
  }
  return order(dedupe(steps));
}

function rejectsOwnDefinition(b: Builder, input: PlanInput): boolean {
  return (input.rejected ?? []).includes(b.name);
}

/**
 * Builders in a restart loop with no repair although they have a definition: BuildKit rejects the
 * definition itself (builder.restart-loop), so created again they would loop again.
 */
export function rejectedDefinitions(findings: Finding[], instanceNames: string[]): string[] {
  return findings
    .filter(
      (f) =>
        f.id === 'builder.restart-loop' && f.repair === undefined && instanceNames.includes(f.subject.toLowerCase()),
    )
    .map((f) => f.subject);
}

/** Why the docker driver's cache is in no backup. */
export const NOT_BACKED_UP =
  "NOT backed up: the docker driver's build cache lives in the daemon (shared by every client on it) and cannot be exported wholesale";

/**
 * A reinstall prunes only the builders the user named (`prune-cache`); a container builder the
 * reinstall removes loses its cache with it (its state was backed up), so no prune is planned for it.
 */
function reinstallPrunes(input: PlanInput, planned: CleanStep[]): CleanStep[] {
  const out: CleanStep[] = [];
  const removed = new Set(planned.filter((s) => s.action === 'builder.remove').map((s) => s.target));
  for (const name of input.options.pruneBuilders ?? []) {
    // `default` (the daemon's embedded BuildKit) is there even while broken state hides it from `ls`.
    const b =
      input.builders.find((x) => x.name.toLowerCase() === name.toLowerCase()) ??
      (name === 'default' ? { name, driver: 'docker' } : undefined);
    if (b === undefined || removed.has(b.name)) continue;
    const docker = b.driver === 'docker' || b.name === 'default';
    const step: CleanStep = {
      kind: 'docker',
      action: 'cache.prune',
      target: b.name,
      args: pruneArgs(b.name, input.options, true),
      slow: true,
      description: `prune all build cache of ${b.name} (as prune-cache asks)${docker ? ` (${NOT_BACKED_UP})` : ''}`,
    };
    if (docker) step.notBackedUp = NOT_BACKED_UP;
    out.push(step);
  }
  return out;
}

/** Builders named in `prune-cache` that are not here: nothing to prune for them. */
export function unknownPruneTargets(input: Pick<PlanInput, 'builders' | 'options'>): string[] {
  return (input.options.pruneBuilders ?? []).filter(
    (n) => n !== 'default' && !input.builders.some((b) => b.name.toLowerCase() === n.toLowerCase()),
  );
}

/** Plan lines the report and log must show before anything runs: what goes without a backup. */
export function unsavedWarnings(plan: CleanStep[]): string[] {
  return plan.flatMap((s) =>
    s.kind === 'docker' && s.notBackedUp !== undefined
      ? [`${commandLine(['docker', ...s.args])}: the build cache of ${s.target} is ${s.notBackedUp}`]
      : [],
  );
}

const RANK: Record<string, number> = {
  'context.use-default': -1,
  'state.remove-file': 0,
  'client.config-aside': 0,
  'builder.forget': 1,
  'builder.keep': 1,
  'builder.remove': 1,
  'context.remove': 1,
  'orphan.remove': 2,
  'cache.prune': 3,
};

function order(steps: CleanStep[]): CleanStep[] {
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (RANK[a.s.action] ?? 9) - (RANK[b.s.action] ?? 9) || a.i - b.i)
    .map((x) => x.s);
}

function dedupe(steps: CleanStep[]): CleanStep[] {
  const seen = new Set<string>();
  return steps.filter((s) => {
    const key = s.kind === 'docker' ? `${s.action} ${s.args.join(' ')}` : `${s.kind} ${s.target}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Exact command line of a step, as dry-run prints it. */
export function stepCommand(s: CleanStep, dockerBin = 'docker'): string {
  if (s.kind === 'keep') return '';
  if (s.kind === 'move-aside') return commandLine(['mv', s.target, `${s.target}.broken-<time>`]);
  return s.kind === 'docker' ? commandLine([dockerBin, ...s.args]) : commandLine(['rm', '-f', s.target]);
}

/**
 * Moves a builder's instance file out of the buildx store (to `<config dir>/buildkit-healer/
 * removed-instances/`, never deleted: the backup holds it too) and removes a `current` that names
 * it, so buildx falls back to the context's builder.
 */
async function forgetInstance(deps: Deps, name: string): Promise<{ ok: boolean; detail: string }> {
  const p = deps.docker.paths;
  const src = join(p.instancesDir, name.toLowerCase());
  const dir = join(p.configDir, 'buildkit-healer', 'removed-instances');
  const dest = join(dir, `${name.toLowerCase()}-${deps.now().toISOString().replace(/[:.]/g, '-')}`);
  try {
    await mkdir(dir, { recursive: true });
    try {
      await rename(src, dest);
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && e.code === 'EXDEV')) throw e;
      await copyFile(src, dest);
      await rm(src);
    }
    let cur = '';
    try {
      const v = JSON.parse(await readFile(p.currentFile, 'utf8')) as { Name?: unknown };
      if (typeof v.Name === 'string' && v.Name.toLowerCase() === name.toLowerCase()) {
        await rm(p.currentFile);
        cur = `; removed ${p.currentFile}, which named it`;
      }
    } catch {
      /* no current file, or one that names another builder */
    }
    return { ok: true, detail: `buildx rm could not remove it; moved ${src} to ${dest}${cur}` };
  } catch (e) {
    return { ok: false, detail: `buildx rm could not remove it, and moving ${src} aside failed: ${errorMessage(e)}` };
  }
}

/** Whether this buildx plugin's `rm` takes `--timeout` (read-only probe of its help). */
export async function rmAcceptsTimeout(deps: Deps): Promise<boolean> {
  const r = await deps.docker.buildx(['rm', '--help'], { timeoutMs: deps.docker.timeouts.probe });
  return /--timeout\b/.test(r.stdout + r.stderr);
}

export interface CleanResult {
  plan: CleanStep[];
  actions: Action[];
  /** Whole results of the commands run, as evidence. */
  results: CommandResult[];
  ok: boolean;
}

export interface ExecuteOptions {
  dryRun: boolean;
  /** True when this run's backup was written and verified. */
  backupVerified: boolean;
  /** `Options.backup.enabled`: false only when the user turned backup off explicitly. */
  backupEnabled: boolean;
  /** How long a container that was looping must run unchanged to count as steady (ms; tests shorten it). */
  steadyMs?: number;
}

/** Refuses any clean that would run without a verified backup (unless backup is off). */
export function assertMayClean(o: Pick<ExecuteOptions, 'backupVerified' | 'backupEnabled'>): void {
  if (o.backupEnabled && !o.backupVerified) {
    throw new SafetyError(
      'clean refused: the backup of this run was not verified (turn backup off explicitly to clean without one)',
    );
  }
}

/** Runs the plan step by step; a failing step is recorded and the rest still run. */
export async function executeClean(deps: Deps, plan: CleanStep[], o: ExecuteOptions): Promise<CleanResult> {
  assertMayClean(o);
  const actions: Action[] = [];
  const results: CommandResult[] = [];
  for (const step of plan) {
    if (step.kind === 'keep') {
      deps.log.warn(`clean: ${step.description}`);
      actions.push({ action: step.action, target: step.target, ok: true, detail: step.description });
      continue;
    }
    const command = stepCommand(step, deps.docker.bin);
    if (step.kind === 'remove-file') {
      actions.push(await removeFile(deps, step.target, command, o.dryRun));
      continue;
    }
    if (step.kind === 'move-aside') {
      actions.push(await moveAside(deps, step, o.dryRun));
      continue;
    }
    if (step.recheck !== undefined && step.recheck.length > 0) {
      const busy = await buildingNow(deps, step.recheck, results);
      if (busy.length > 0) {
        const detail = `leave builder ${step.target} alone: a build is in progress in ${busy.join(', ')} (started since diagnose)`;
        deps.log.warn(`clean: ${detail}`);
        actions.push({ action: 'builder.keep', target: step.target, ok: true, detail });
        continue;
      }
    }
    if (step.loopRecheck !== undefined && step.loopRecheck.length > 0) {
      const steady = await runningSteadily(deps, step.loopRecheck, results, o.steadyMs ?? STEADY_MS);
      if (steady !== undefined) {
        const detail = `leave builder ${step.target} alone: its container ${step.loopRecheck.join(', ')}, restarting in a loop when diagnosed, runs steadily now (${steady}): fixed since diagnose, and a build may run there`;
        deps.log.warn(`clean: ${detail}`);
        actions.push({ action: 'builder.keep', target: step.target, ok: true, detail });
        continue;
      }
    }
    const timeoutMs = step.slow ? deps.docker.timeouts.slow : deps.docker.timeouts.probe;
    const r = await deps.docker.run(step.args, { timeoutMs, mutates: true });
    results.push(r);
    if (!succeeded(r) && !r.timedOut && step.keptIfInUse?.test(r.stderr)) {
      const detail = `left alone: in use now (${r.stderr.trim().split('\n')[0] ?? ''})`;
      deps.log.warn(`clean: ${step.target} ${detail}`);
      actions.push({ action: step.action, target: step.target, ok: true, command, detail });
      continue;
    }
    let ok = succeeded(r) || (step.okIfGone !== undefined && step.okIfGone.test(r.stderr));
    let detail = ok ? undefined : failureText(r);
    if (!ok && step.forget === true && !r.timedOut && !r.dryRun && !o.dryRun) {
      const moved = await forgetInstance(deps, step.target);
      ok = moved.ok;
      detail = moved.detail;
    }
    if (ok && !r.dryRun && step.containersGone && step.containersGone.length > 0) {
      const left = await removeContainers(deps, step.containersGone, results);
      if (left.length > 0) {
        ok = false;
        detail = `containers still present after removal: ${left.join(', ')}`;
      }
    }
    if (ok && !r.dryRun && step.volumesGone && step.volumesGone.length > 0) {
      const left = await leftoverVolumes(deps, step.volumesGone, results);
      if (left.length > 0) {
        ok = await removeVolumes(deps, left, results, actions);
        if (!ok) detail = `state volumes still present after removal: ${left.join(', ')}`;
      }
    }
    const a: Action = { action: step.action, target: step.target, ok, command };
    if (r.dryRun) a.dryRun = true;
    if (detail !== undefined) a.detail = detail;
    if (step.notBackedUp !== undefined) a.detail = [step.notBackedUp, a.detail].filter(Boolean).join('; ');
    actions.push(a);
    if (!ok) deps.log.warn(`clean: ${command} failed: ${detail ?? ''}`);
  }
  return { plan, actions, results, ok: actions.every((a) => a.ok) };
}

async function removeFile(deps: Deps, path: string, command: string, dryRun: boolean): Promise<Action> {
  if (dryRun) {
    // File removals are not runner calls: the runner records them with the commands it did not run.
    deps.docker.runner.recordChange?.(['rm', '-f', path]);
    return { action: 'state.remove-file', target: path, ok: true, dryRun: true, command };
  }
  try {
    // A file this user cannot read was not backed up: it is moved aside, never deleted.
    const aside = await moveAsideIfUnreadable(deps, path);
    if (aside !== undefined)
      return {
        action: 'state.remove-file',
        target: path,
        ok: true,
        command: `mv ${path} ${aside}`,
        detail: `unreadable for this user (not in the backup): moved to ${aside}; its owner can remove it (sudo chown -R "$USER" ${deps.docker.paths.configDir})`,
      };
    await rm(path, { force: true });
    return { action: 'state.remove-file', target: path, ok: true, command };
  } catch (e) {
    return { action: 'state.remove-file', target: path, ok: false, command, detail: errorMessage(e) };
  }
}

/** Renames a file docker cannot parse to a dated name beside it (a rename: same owner, same bytes). */
async function moveAside(
  deps: Deps,
  step: { action: 'client.config-aside'; target: string },
  dryRun: boolean,
): Promise<Action> {
  const dest = asideName(step.target, 'broken', deps.now());
  const command = commandLine(['mv', step.target, dest]);
  if (dryRun) {
    deps.docker.runner.recordChange?.(['mv', step.target, dest]);
    return { action: step.action, target: step.target, ok: true, dryRun: true, command };
  }
  try {
    // Read again right before: a file fixed (or rewritten by `docker login`) since diagnose stays.
    const now = await readFile(step.target, 'utf8').catch(() => undefined);
    if (now !== undefined && decodeConfigJson(now).error === undefined)
      return {
        action: step.action,
        target: step.target,
        ok: true,
        command,
        detail: `${step.target} parses now: left as it is`,
      };
    await rename(step.target, dest);
    return {
      action: step.action,
      target: step.target,
      ok: true,
      command,
      detail: `moved to ${dest} (kept byte for byte; it is not in the backup, which cannot redact a file that is not JSON); docker now runs without it: log in to registries again`,
    };
  } catch (e) {
    return { action: step.action, target: step.target, ok: false, command, detail: errorMessage(e) };
  }
}

/** Of these containers, the ones that run something besides buildkitd now (or cannot be read). */
async function buildingNow(deps: Deps, containers: string[], results: CommandResult[]): Promise<string[]> {
  const out: string[] = [];
  for (const c of containers) {
    const a = await activityOf(deps.docker, undefined, c);
    results.push(a.evidence);
    // Restarting: its process exited and the daemon starts it again; nothing builds there.
    if (a.state === 'idle' || a.state === 'restarting' || (a.state === 'unknown' && notRunning(a.evidence))) continue;
    out.push(c);
  }
  return out;
}

/** A looping buildkitd exits within a second of its start: running this long unchanged is steady. */
const STEADY_MS = 3000;

interface ContainerState {
  status: string;
  restarting: boolean;
  startedAt: string;
  restartCount: number;
}

/** `docker container inspect` of its state and restart count; undefined when it cannot be read. */
async function stateOf(deps: Deps, name: string, results: CommandResult[]): Promise<ContainerState | undefined> {
  const format = '{"state":{{json .State}},"restartCount":{{json .RestartCount}}}';
  const r = await deps.docker.run(['container', 'inspect', '--format', format, name], {
    timeoutMs: deps.docker.timeouts.probe,
  });
  results.push(r);
  if (!succeeded(r)) return undefined;
  return parseContainerState(r.stdout);
}

/** The state line of `stateOf`'s format; undefined when it is not that. */
export function parseContainerState(stdout: string): ContainerState | undefined {
  try {
    const j = JSON.parse(stdout.trim()) as {
      state?: { Status?: unknown; Restarting?: unknown; StartedAt?: unknown };
      restartCount?: unknown;
    };
    const st = j.state;
    if (typeof st?.Status !== 'string' || typeof j.restartCount !== 'number') return undefined;
    return {
      status: st.Status,
      restarting: st.Restarting === true,
      startedAt: typeof st.StartedAt === 'string' ? st.StartedAt : '',
      restartCount: j.restartCount,
    };
  } catch {
    return undefined;
  }
}

const runningNow = (x: ContainerState | undefined): x is ContainerState =>
  x !== undefined && x.status === 'running' && !x.restarting;

/**
 * Whether each of these containers (seen restarting in a loop by diagnose) runs steadily now:
 * running, not restarting, and still the same start with the same restart count `steadyMs` later.
 * Returns what was seen when all are steady, else undefined (one still loops, or cannot be read).
 */
async function runningSteadily(
  deps: Deps,
  containers: string[],
  results: CommandResult[],
  steadyMs: number,
): Promise<string | undefined> {
  const first: ContainerState[] = [];
  for (const c of containers) {
    const st = await stateOf(deps, c, results);
    if (!runningNow(st)) return undefined;
    first.push(st);
  }
  await new Promise((res) => setTimeout(res, steadyMs));
  const seen: string[] = [];
  for (const [i, c] of containers.entries()) {
    const st = await stateOf(deps, c, results);
    const before = first[i];
    if (!runningNow(st) || before === undefined) return undefined;
    if (st.restartCount !== before.restartCount || st.startedAt !== before.startedAt) return undefined;
    seen.push(`running since ${st.startedAt}, restart count ${st.restartCount} unchanged over ${steadyMs / 1000} s`);
  }
  return seen.join('; ');
}

/** `docker rm --force` each (its named state volume stays); the names that are still there. */
async function removeContainers(deps: Deps, names: string[], results: CommandResult[]): Promise<string[]> {
  const left: string[] = [];
  for (const n of names) {
    const r = await deps.docker.run(['rm', '--force', n], { timeoutMs: deps.docker.timeouts.slow, mutates: true });
    results.push(r);
    if (!succeeded(r) && !/no such container/i.test(r.stderr)) left.push(n);
  }
  return left;
}

async function leftoverVolumes(deps: Deps, names: string[], results: CommandResult[]): Promise<string[]> {
  const r = await deps.docker.run(['volume', 'ls', '--quiet'], { timeoutMs: deps.docker.timeouts.probe });
  results.push(r);
  const present = new Set(
    r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return names.filter((n) => present.has(n));
}

async function removeVolumes(
  deps: Deps,
  names: string[],
  results: CommandResult[],
  actions: Action[],
): Promise<boolean> {
  let ok = true;
  for (const n of names) {
    const args = ['volume', 'rm', '--force', n];
    const r = await deps.docker.run(args, { timeoutMs: deps.docker.timeouts.slow, mutates: true });
    results.push(r);
    const done = succeeded(r);
    ok &&= done;
    const a: Action = {
      action: 'orphan.remove',
      target: n,
      ok: done,
      command: commandLine([deps.docker.bin, ...args]),
    };
    if (!done) a.detail = failureText(r);
    actions.push(a);
  }
  return ok;
}

function failureText(r: CommandResult): string {
  if (r.spawnError) return r.spawnError;
  if (r.timedOut) return `timed out after ${r.durationMs} ms`;
  const err = r.stderr.trim();
  return err !== '' ? err : `exit code ${String(r.exitCode)}`;
}

/**
 * Moves `path` aside when this user cannot read it (left root-owned by an earlier sudo): a rename
 * in the directory the user owns. An instance file leaves `instances/` (buildx reads every entry
 * there) for a dated sibling directory; other files get a dated name beside them. Undefined when
 * the file is readable or gone.
 */
async function moveAsideIfUnreadable(deps: Deps, path: string): Promise<string | undefined> {
  try {
    await access(path, constants.R_OK);
    return undefined;
  } catch (e) {
    if (!(e instanceof Error && 'code' in e && (e.code === 'EACCES' || e.code === 'EPERM'))) return undefined;
  }
  const dir = dirname(path);
  let dest: string;
  if (resolve(dir) === resolve(deps.docker.paths.instancesDir)) {
    const aside = asideName(dir, 'unreadable', deps.now());
    await mkdir(aside, { recursive: true });
    dest = join(aside, basename(path));
  } else {
    dest = asideName(path, 'unreadable', deps.now());
  }
  await rename(path, dest);
  return dest;
}
