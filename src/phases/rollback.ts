/**
 * Rollback: fetch a bundle, verify every checksum, put the files back, recreate the builders the
 * backup held that are gone, put the previous builder back in use (or `default`), prove a build
 * works, and say plainly what was restored and what was not.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../docker/deps.js';
import { InputError, errorMessage } from '../core/errors.js';
import { defaultOptions } from '../core/options.js';
import type { Action, RollbackRecord } from '../core/report.js';
import { diagnose } from './diagnose.js';
import { commandLine, succeeded } from '../docker/runner.js';
import type { Store } from '../stores/types.js';
import type { BundleBuilder, BundleFile, ReadBundle } from '../bundle/bundle.js';
import { extractToTemp } from '../bundle/bundle.js';
import { REDACTED } from '../bundle/redact.js';
import { allowedRoots, restoreBundle } from '../bundle/restore.js';
import { baselineSpec, runTestBuild } from '../tasks/testbuild.js';
import { builderFlags, refusalReason, refusedSettings } from '../bundle/builder-policy.js';

export interface RollbackOptions {
  store: Store;
  name?: string;
  latest?: boolean;
  /** GitHub store: fetch by artifact id. */
  artifactId?: string | number;
  /** Put cache data back (only into `allowedCachePaths`). */
  restoreCache?: boolean;
  /** Recreate docker-container builders the backup held that no longer exist (default true). */
  recreateBuilders?: boolean;
  /** Cache directories a restore may write into. */
  allowedCachePaths?: string[];
  /** daemon.json paths a restore may write (default: the options' defaults). */
  daemonJsonPaths?: string[];
  /** buildkitd.toml paths a restore may write. */
  buildkitdTomlPaths?: string[];
  /** Stream builder state back into stopped builder containers (`docker cp -`). */
  restoreBuilderState?: boolean;
  /** Run the test build at the end (default true). */
  testBuild?: boolean;
  dryRun?: boolean;
  /** Why this rollback runs (default: asked for by hand); recorded with its times in `record`. */
  why?: Pick<RollbackRecord, 'trigger' | 'reason' | 'failedChecks' | 'healStartedAt' | 'failedAt'>;
  /** Diagnose after the restore (default true, not in dry-run). */
  diagnoseAfter?: boolean;
  /** Builder settings beyond the defaults a recreated builder may use (`allow-builder-settings`). */
  allowBuilderSettings?: string[];
  /** The bundle was made by a heal in this same process: its builder settings are this host's own. */
  ownBundle?: boolean;
}

export interface RollbackResult {
  name: string;
  restored: { path: string; sha256: string }[];
  skipped: { path: string; reason: string }[];
  /** Builders of the backup that exist after the rollback. */
  builders: string[];
  currentBuilder?: string;
  buildOk: boolean;
  actions: Action[];
  error?: string;
  /** Why and when, and the diagnose after the restore. */
  record?: RollbackRecord;
}

/** restored: everything back and a build works; partial: some things skipped; failed: error or no working build. */
export function rollbackStatus(r: RollbackResult): 'restored' | 'partial' | 'failed' {
  if (r.error !== undefined || !r.buildOk) return 'failed';
  return r.skipped.length > 0 ? 'partial' : 'restored';
}

/** `docker buildx create` argv for a builder of the backup; masked option values are left out. */
export function createArgs(b: BundleBuilder, buildkitdConfig?: string): { args: string[]; dropped: string[] } {
  const args = ['create', '--name', b.name, '--driver', b.driver];
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(b.driverOptions).sort()) {
    if (v === REDACTED) dropped.push(k);
    else args.push('--driver-opt', `${k}=${v}`);
  }
  if (b.platforms.length > 0) args.push('--platform', b.platforms.join(','));
  if (buildkitdConfig !== undefined) args.push('--buildkitd-config', buildkitdConfig);
  const flags = builderFlags(b);
  if (flags.length > 0) args.push('--buildkitd-flags', flags.join(' '));
  return { args, dropped };
}

async function resolveName(opts: RollbackOptions): Promise<string> {
  if (opts.name !== undefined && opts.name !== '' && opts.latest === true) {
    throw new InputError('backup-name', opts.name, 'either a backup name or --latest, not both');
  }
  if (opts.name !== undefined && opts.name !== '') return opts.name;
  // By artifact id: the store downloads that artifact and its name comes back with it; listing
  // (another run's artifacts, or a store that cannot list) is not needed and may not be allowed.
  if (opts.artifactId !== undefined && opts.artifactId !== '') return '';
  if (opts.latest !== true && opts.artifactId === undefined)
    throw new InputError('backup-name', '', 'a backup name, an artifact id, or --latest');
  // By artifact id alone: the store finds it, and its name comes back with it.
  if (opts.latest !== true) return '';
  const all = await opts.store.list();
  const first = all[0];
  if (first === undefined) throw new Error(`No backups found in the ${opts.store.kind} store`);
  return first.name;
}

/** Builder names buildx lists now (parsed; an unparsable listing counts as none). */
async function presentBuilders(deps: Deps): Promise<{ names: Set<string>; current?: string }> {
  const ls = await deps.docker.ls(true);
  const names = new Set((ls.parsed?.builders ?? []).map((b) => b.name));
  const current = ls.parsed?.builders.find((b) => b.current)?.name;
  return current === undefined ? { names } : { names, current };
}

export async function rollback(deps: Deps, opts: RollbackOptions): Promise<RollbackResult> {
  const startedAt = deps.now().toISOString();
  const step = (what: string | undefined): void => deps.deadline?.mark(what);
  try {
    return await rollbackSteps(deps, opts, startedAt, step);
  } finally {
    step(undefined);
  }
}

async function rollbackSteps(
  deps: Deps,
  opts: RollbackOptions,
  startedAt: string,
  step: (what: string | undefined) => void,
): Promise<RollbackResult> {
  const result = await restoreAll(deps, opts, step);
  const why = opts.why ?? {
    trigger: 'manual' as const,
    reason: 'asked for by hand (the rollback command or action)',
    failedChecks: [],
  };
  const record: RollbackRecord = { ...why, startedAt, finishedAt: startedAt };
  // Nothing restored (a bundle that did not verify): nothing changed, nothing to diagnose.
  const changed = result.restored.length > 0 || result.actions.length > 0;
  if (opts.diagnoseAfter !== false && opts.dryRun !== true && changed) {
    step('diagnose after');
    record.diagnoseAfter = await diagnoseAfter(deps, opts);
  }
  record.finishedAt = deps.now().toISOString();
  result.record = record;
  return result;
}

/** The state the rollback left, as a fresh check would see it (the test build already ran: no baseline). */
async function diagnoseAfter(deps: Deps, opts: RollbackOptions): Promise<NonNullable<RollbackRecord['diagnoseAfter']>> {
  try {
    const d = defaultOptions(deps.env).diagnose;
    const r = await diagnose(
      deps,
      {
        ...d,
        baseline: false,
        ...(opts.daemonJsonPaths !== undefined ? { daemonJsonPaths: opts.daemonJsonPaths } : {}),
        ...(opts.buildkitdTomlPaths !== undefined ? { buildkitdTomlPaths: opts.buildkitdTomlPaths } : {}),
      },
      'full',
    );
    const findings = r.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      subject: f.subject,
      message: f.message,
    }));
    return { healthy: !r.findings.some((f) => f.severity === 'error'), findings };
  } catch (e) {
    return { healthy: false, findings: [], error: `diagnose after the rollback crashed: ${errorMessage(e)}` };
  }
}

async function restoreAll(
  deps: Deps,
  opts: RollbackOptions,
  step: (what: string | undefined) => void,
): Promise<RollbackResult> {
  step('fetching the backup');
  const name = await resolveName(opts);
  const dry = opts.dryRun === true;
  const result: RollbackResult = { name, restored: [], skipped: [], builders: [], buildOk: false, actions: [] };
  const work = await mkdtemp(join(deps.env.RUNNER_TEMP ?? tmpdir(), 'bkh-rollback-'));
  try {
    const fetchOpts = {
      restoreCache: opts.restoreCache === true,
      ...(opts.artifactId !== undefined ? { artifactId: opts.artifactId } : {}),
    };
    const fetched = await opts.store.fetch(name, work, fetchOpts);
    result.name = fetched.backup.name;
    for (const c of fetched.cacheRestored ?? []) {
      result.actions.push({
        action: 'cache.restore',
        target: c.paths.join(','),
        ok: c.matchedKey !== undefined,
        detail: c.warning ?? c.matchedKey ?? 'no cache entry matched',
      });
    }
    step('restoring files');
    const defaults = defaultOptions(deps.env);
    const roots = allowedRoots(deps.docker.paths, {
      daemonJsonPaths: opts.daemonJsonPaths ?? defaults.diagnose.daemonJsonPaths,
      buildkitdTomlPaths: opts.buildkitdTomlPaths ?? [],
      cachePaths: opts.allowedCachePaths ?? [],
    });
    let restored;
    try {
      restored = await restoreBundle(fetched.bundlePath, {
        allowedRoots: roots,
        restoreCache: opts.restoreCache === true,
        dryRun: dry,
      });
    } catch (e) {
      result.error = `Nothing was restored: ${errorMessage(e)}`;
      return result;
    }
    const bundle = restored.bundle;
    result.restored = restored.restored;
    result.skipped = restored.skipped;
    for (const r of restored.restored)
      result.actions.push({ action: 'file.restore', target: r.path, ok: true, detail: `sha256 ${r.sha256}` });
    for (const p of restored.planned)
      result.actions.push({
        action: 'file.restore',
        target: p.path,
        ok: true,
        dryRun: true,
        detail: `sha256 ${p.sha256}`,
      });

    step('recreating builders');
    await recreate(deps, opts, bundle, result);
    if (opts.restoreBuilderState === true) await restoreState(deps, bundle, result, work, dry);
    await useBuilder(deps, bundle.manifest.currentBuilder, result, dry);

    const present = await presentBuilders(deps);
    result.builders = bundle.manifest.builders.map((b) => b.name).filter((n) => present.names.has(n));
    if (!dry) {
      // The builder really in use, as buildx resolves it (`ls --format json` of 0.13 has no marker).
      const inUse = await deps.docker.inspect(undefined);
      result.currentBuilder = inUse.parsed?.name ?? present.current ?? result.currentBuilder;
    }

    if (opts.testBuild !== false && !dry) {
      step('test build');
      const token = randomBytes(8).toString('hex');
      const spec = {
        ...baselineSpec(token),
        ...(result.currentBuilder !== undefined ? { builder: result.currentBuilder } : {}),
      };
      const b = await runTestBuild(deps.docker, spec, deps.docker.timeouts.build);
      result.buildOk = b.ok;
      result.actions.push({
        action: 'build.test',
        target: result.currentBuilder ?? 'default',
        ok: b.ok,
        command: commandLine(b.result.argv),
        ...(b.error !== undefined ? { detail: b.error } : {}),
      });
      await rm(b.outputDir, { recursive: true, force: true });
      if (!b.ok)
        result.error = `Files were restored, but a test build on ${result.currentBuilder ?? 'the builder in use'} failed: ${b.error ?? b.result.stderr.trim().split('\n').slice(-3).join(' ')}`;
    }
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function recreate(deps: Deps, opts: RollbackOptions, bundle: ReadBundle, result: RollbackResult): Promise<void> {
  const dry = opts.dryRun === true;
  const present = await presentBuilders(deps);
  for (const b of bundle.manifest.builders) {
    if (present.names.has(b.name)) continue;
    if (b.driver === 'docker') {
      result.skipped.push({
        path: `builder:${b.name}`,
        reason: `docker driver builder comes from the docker context ${b.name}, whose metadata was not restored`,
      });
      continue;
    }
    if (b.driver !== 'docker-container') {
      result.skipped.push({ path: `builder:${b.name}`, reason: `driver ${b.driver} is not recreated automatically` });
      continue;
    }
    if (opts.recreateBuilders === false) {
      result.skipped.push({ path: `builder:${b.name}`, reason: 'recreate-builders is off' });
      continue;
    }
    const refused = opts.ownBundle === true ? [] : refusedSettings(b, opts.allowBuilderSettings ?? []);
    if (refused.length > 0) {
      result.skipped.push({ path: `builder:${b.name}`, reason: refusalReason(refused) });
      continue;
    }
    const toml = bundle.manifest.files.find((f) => f.kind === 'buildkitd-toml' && f.path === b.buildkitdConfig);
    const { args, dropped } = createArgs(
      b,
      toml !== undefined && result.restored.some((r) => r.path === toml.path) ? toml.path : undefined,
    );
    const r = await deps.docker.buildx(args, { timeoutMs: deps.docker.timeouts.slow, mutates: true });
    const ok = succeeded(r);
    result.actions.push({
      action: 'builder.recreate',
      target: b.name,
      ok,
      command: commandLine(r.argv),
      ...(dry ? { dryRun: true } : {}),
      ...(!ok
        ? { detail: r.stderr.trim() }
        : dropped.length > 0
          ? { detail: `driver options left out (redacted in the backup): ${dropped.join(', ')}` }
          : {}),
    });
    if (!ok)
      result.skipped.push({ path: `builder:${b.name}`, reason: `docker buildx create failed: ${r.stderr.trim()}` });
  }
}

/** Streams each builder-state tar back into its stopped builder container. */
async function restoreState(
  deps: Deps,
  bundle: ReadBundle,
  result: RollbackResult,
  work: string,
  dry: boolean,
): Promise<void> {
  const states = bundle.manifest.files.filter(
    (f): f is BundleFile & { container: string } => f.kind === 'builder-state' && f.container !== undefined,
  );
  if (states.length === 0) return;
  const temps = dry
    ? new Map<string, string>()
    : await extractToTemp(bundle, new Map(states.map((f) => [f.entry, join(work, `state-${f.entry.slice(6)}`)])));
  for (const f of states) {
    const st = await deps.docker.run(['container', 'inspect', '--format', '{{json .State.Running}}', f.container], {
      timeoutMs: deps.docker.timeouts.probe,
    });
    if (!succeeded(st)) {
      result.skipped.push({
        path: f.path,
        reason: `container ${f.container} does not exist: bootstrap builder ${f.builder ?? ''} once, stop it, then roll back with builder state`,
      });
      continue;
    }
    if (st.stdout.trim() === 'true') {
      result.skipped.push({
        path: f.path,
        reason: `container ${f.container} is running: stop it (docker buildx stop ${f.builder ?? ''}) first`,
      });
      continue;
    }
    const tmp = temps.get(f.entry);
    if (dry || tmp === undefined) {
      result.actions.push({
        action: 'builder-state.restore',
        target: f.container,
        ok: true,
        dryRun: true,
        command: `docker cp - ${f.container}:/var/lib < ${f.entry}`,
      });
      continue;
    }
    // The tar stream holds device and root-only files: docker unpacks it inside the container.
    const r = await deps.docker.copyInFromFile(tmp, `${f.container}:/var/lib`, {
      timeoutMs: deps.docker.timeouts.slow,
      mutates: true,
    });
    const ok = succeeded(r);
    result.actions.push({
      action: 'builder-state.restore',
      target: f.container,
      ok,
      command: `docker cp - ${f.container}:/var/lib`,
      ...(!ok ? { detail: r.stderr.trim() } : {}),
    });
    if (ok) result.restored.push({ path: f.path, sha256: f.sha256 });
    else result.skipped.push({ path: f.path, reason: `docker cp failed: ${r.stderr.trim()}` });
  }
}

/** `docker buildx use` the builder of the backup; `default` when it cannot be used. */
async function useBuilder(deps: Deps, want: string | undefined, result: RollbackResult, dry: boolean): Promise<void> {
  const target = want ?? 'default';
  const r = await deps.docker.buildx(['use', target], { timeoutMs: deps.docker.timeouts.probe, mutates: true });
  if (succeeded(r)) {
    result.actions.push({
      action: 'builder.use',
      target,
      ok: true,
      command: commandLine(r.argv),
      ...(dry ? { dryRun: true } : {}),
    });
    result.currentBuilder = target;
    return;
  }
  result.actions.push({
    action: 'builder.use',
    target,
    ok: false,
    command: commandLine(r.argv),
    detail: r.stderr.trim(),
  });
  // buildx 0.13 refuses `use` for a context's docker-driver builder and asks for `docker context use`.
  if (/docker context use/.test(r.stderr)) {
    const c = await deps.docker.run(['context', 'use', target], {
      timeoutMs: deps.docker.timeouts.probe,
      mutates: true,
    });
    result.actions.push({
      action: 'context.use',
      target,
      ok: succeeded(c),
      command: commandLine(c.argv),
      ...(dry ? { dryRun: true } : {}),
      ...(succeeded(c) ? {} : { detail: c.stderr.trim() }),
    });
    if (succeeded(c)) {
      result.currentBuilder = target;
      return;
    }
  }
  const d = await deps.docker.buildx(['use', 'default'], { timeoutMs: deps.docker.timeouts.probe, mutates: true });
  result.actions.push({
    action: 'builder.use',
    target: 'default',
    ok: succeeded(d),
    command: commandLine(d.argv),
    ...(succeeded(d) ? {} : { detail: d.stderr.trim() }),
  });
  result.currentBuilder = 'default';
  result.skipped.push({
    path: `builder:${target}`,
    reason: `could not be put back in use (${r.stderr.trim()}); using default`,
  });
}
