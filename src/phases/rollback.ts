/**
 * Rollback: fetch a bundle, verify every checksum, put the files back, recreate the builders the
 * backup held that are gone, put the previous builder back in use (or `default`), prove a build
 * works, and say plainly what was restored and what was not.
 */
import { randomBytes } from '../core/crypto.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../docker/deps.js';
import { InputError, SafetyError, SourceError, errorMessage } from '../core/errors.js';
import { defaultOptions } from '../core/options.js';
import type { Action, RollbackRecord, SourceCheck } from '../core/report.js';
import { diagnose } from './diagnose.js';
import { commandLine, succeeded } from '../docker/runner.js';
import type { Store } from '../stores/types.js';
import type { BundleBuilder, BundleFile, Manifest, ReadBundle } from '../bundle/bundle.js';
import { extractToTemp, readBundle } from '../bundle/bundle.js';
import { REDACTED } from '../bundle/redact.js';
import { allowedRoots, restoreBundle } from '../bundle/restore.js';
import { baselineSpec, runTestBuild } from '../tasks/testbuild.js';
import { DEFAULT_BUILDKIT_IMAGE, builderFlags, refusalReason, refusedSettings } from '../bundle/builder-policy.js';
import { stateTarProblem } from '../bundle/state.js';
import { activityOf } from '../tasks/activity.js';
import type { CommandResult } from '../core/types.js';

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
  /** Accept a bundle whose origin cannot be proven (no or another MAC, no key here, no or another
   * repository in a GitHub bundle's manifest): `trust-unsigned`. Default: refuse. */
  trustUnsigned?: boolean;
  /** GitHub store: the repository the user named (`repository` input); a bundle is accepted from it
   * or from this repository (GITHUB_REPOSITORY) only. */
  repository?: string;
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
  /** Where the bundle came from and how that was checked (also in `record.source`). */
  source?: SourceCheck;
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
  // A node name of its own names the container and the state volume the builder's state goes back into.
  const node = b.nodes[0]?.name;
  if (node !== undefined && node !== '' && node !== `${b.name}0`) args.push('--node', node);
  return { args, dropped };
}

const sameRepo = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * A GitHub bundle is accepted only when its manifest names the repository its artifact was taken
 * from, and that is this repository (GITHUB_REPOSITORY) or the one the user named with
 * `repository`. Throws SourceError (nothing restored) unless trust-unsigned accepts it.
 */
export function checkGitHubOrigin(
  m: Manifest,
  origin: { repository?: string; runId?: string },
  env: NodeJS.ProcessEnv,
  opts: Pick<RollbackOptions, 'repository' | 'trustUnsigned'>,
): SourceCheck {
  const here = env.GITHUB_REPOSITORY?.trim() || undefined;
  const from = origin.repository;
  const rec = m.github;
  const base: SourceCheck = {
    store: 'github',
    checked: 'repository',
    ok: true,
    detail: '',
    ...(from !== undefined ? { repository: from } : {}),
    ...(rec?.runId !== undefined || origin.runId !== undefined ? { runId: rec?.runId ?? origin.runId } : {}),
    ...(rec?.workflow !== undefined ? { workflow: rec.workflow } : {}),
  };
  const hint =
    'name the repository it was made in with the repository input (and its run-id), or accept it knowingly with trust-unsigned';
  let problem: string | undefined;
  if (from === undefined)
    problem = `the repository the artifact was taken from is unknown (GITHUB_REPOSITORY is not set); ${hint}`;
  else if (!sameRepo(from, here) && !sameRepo(from, opts.repository))
    problem = `the artifact was taken from ${from}, which is neither this repository (${here ?? 'unknown'}) nor one named with the repository input; ${hint}`;
  else if (rec === undefined)
    problem = `the bundle's manifest records no repository (made before buildkit-healer recorded it, or not for the GitHub store); ${hint}`;
  else if (!sameRepo(rec.repository, from))
    problem = `the bundle's manifest says it was made in ${rec.repository} (run ${rec.runId}), but its artifact was taken from ${from}: a bundle carried over from another repository; ${hint}`;
  if (problem === undefined) {
    const run = rec?.runId !== undefined ? ` run ${rec.runId}` : '';
    const other = rec?.runId !== undefined && origin.runId !== undefined && rec.runId !== origin.runId;
    return {
      ...base,
      detail: `the manifest names ${from ?? ''}${run}${rec?.workflow !== undefined ? ` (workflow ${rec.workflow})` : ''}, the repository the artifact was taken from${sameRepo(from, here) ? ' (this repository)' : ' (named with the repository input)'}${other ? `; the artifact is in run ${origin.runId}` : ''}`,
    };
  }
  if (opts.trustUnsigned === true)
    return { ...base, checked: 'unverified', detail: `accepted with trust-unsigned: ${problem}` };
  throw new SourceError(`Bundle refused: ${problem}`, { ...base, ok: false, detail: problem });
}

/** A store that proved nothing: accepted only with trust-unsigned. */
function unproven(opts: RollbackOptions): SourceCheck {
  const store = opts.store.kind === 'github' ? 'github' : 'local';
  const why = `the ${opts.store.kind} store did not prove where the bundle came from`;
  return opts.trustUnsigned === true
    ? { store, checked: 'unverified', ok: true, detail: `accepted with trust-unsigned: ${why}` }
    : {
        store,
        checked: 'unverified',
        ok: false,
        detail: `${why}; accept it knowingly with trust-unsigned (CLI: --trust-unsigned)`,
      };
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
  const record: RollbackRecord = {
    ...why,
    startedAt,
    finishedAt: startedAt,
    ...(result.source !== undefined ? { source: result.source } : {}),
  };
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
    const fetched = await fetchAccepted(deps, opts, name, work, result);
    if (fetched === undefined) return result;
    step('restoring files');
    const bundle = await restoreFiles(deps, opts, fetched.bundlePath, result);
    if (bundle === undefined) return result;

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
      await testBuildAfter(deps, result);
    }
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The bundle fetched into `work`, once its origin is accepted (the local store's MAC, or the GitHub
 * artifact's repository and run against the manifest); the cache entries put back are actions.
 * Undefined when it was refused: `result.error` says why, nothing was written.
 */
async function fetchAccepted(
  deps: Deps,
  opts: RollbackOptions,
  name: string,
  work: string,
  result: RollbackResult,
): Promise<{ bundlePath: string } | undefined> {
  let gitHubCheck: SourceCheck | undefined;
  const fetchOpts = {
    restoreCache: opts.restoreCache === true,
    trustUnsigned: opts.trustUnsigned === true,
    ...(opts.artifactId !== undefined ? { artifactId: opts.artifactId } : {}),
    // GitHub: the manifest is checked against where the artifact came from before cache data goes back.
    verify: async (bundlePath: string, origin: { repository?: string; runId?: string }) => {
      const { manifest } = await readBundle(bundlePath);
      gitHubCheck = checkGitHubOrigin(manifest, origin, deps.env, opts);
    },
  };
  let fetched;
  try {
    fetched = await opts.store.fetch(name, work, fetchOpts);
  } catch (e) {
    // A bundle refused for its origin or content: reported, nothing written.
    if (!(e instanceof SafetyError)) throw e;
    if (e instanceof SourceError) result.source = e.source;
    result.error = `Nothing was restored: ${errorMessage(e)}`;
    return undefined;
  }
  result.name = fetched.backup.name;
  result.source = fetched.source ?? gitHubCheck ?? unproven(opts);
  if (!result.source.ok) {
    result.error = `Nothing was restored: Bundle refused: ${result.source.detail}`;
    return undefined;
  }
  for (const c of fetched.cacheRestored ?? []) {
    result.actions.push({
      action: 'cache.restore',
      target: c.paths.join(','),
      ok: c.matchedKey !== undefined,
      detail: c.warning ?? c.matchedKey ?? 'no cache entry matched',
    });
  }
  return fetched;
}

/** The bundle's files written back where the containment rule allows (planned in a dry run); undefined when refused. */
async function restoreFiles(
  deps: Deps,
  opts: RollbackOptions,
  bundlePath: string,
  result: RollbackResult,
): Promise<ReadBundle | undefined> {
  const defaults = defaultOptions(deps.env);
  const roots = allowedRoots(deps.docker.paths, {
    daemonJsonPaths: opts.daemonJsonPaths ?? defaults.diagnose.daemonJsonPaths,
    buildkitdTomlPaths: opts.buildkitdTomlPaths ?? [],
    cachePaths: opts.allowedCachePaths ?? [],
  });
  let restored;
  try {
    restored = await restoreBundle(bundlePath, {
      allowedRoots: roots,
      restoreCache: opts.restoreCache === true,
      dryRun: opts.dryRun === true,
    });
  } catch (e) {
    result.error = `Nothing was restored: ${errorMessage(e)}`;
    return undefined;
  }
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
  return restored.bundle;
}

/** A tiny real build on the builder in use after the rollback; a failure is the result's error. */
async function testBuildAfter(deps: Deps, result: RollbackResult): Promise<void> {
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

/**
 * Streams each builder-state tar back into its builder's `_state` volume before the builder boots.
 * The volume is made anew from the backup (a merge into a state BuildKit wrote since would mix two
 * snapshot trees that share ids): the stopped builder container, if any, is removed (buildx makes
 * it again when the builder boots), its volume too, and a helper container that is created and never
 * started (on the builder's own image, which must be local: nothing is pulled) holds the new volume
 * while `docker cp -` unpacks the stream into it, inside docker: device and root-only files are never
 * unpacked on the host. Every entry of the stream is checked first (src/bundle/state.ts).
 */
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
  const present = await presentBuilders(deps);
  for (const f of states) await restoreOneState(deps, f, { bundle, result, dry, temps, present });
}

/** One builder-state entry of the bundle back into its builder's `_state` volume, or skipped with the reason. */
async function restoreOneState(
  deps: Deps,
  f: BundleFile & { container: string },
  ctx: {
    bundle: ReadBundle;
    result: RollbackResult;
    dry: boolean;
    temps: Map<string, string>;
    present: Awaited<ReturnType<typeof presentBuilders>>;
  },
): Promise<void> {
  const { result, dry } = ctx;
  // Skipped with the reason; a docker command that failed is a failed action too.
  const skip = (reason: string, failed = false) => {
    result.skipped.push({ path: f.path, reason });
    if (failed)
      result.actions.push({ action: 'builder-state.restore', target: f.container, ok: false, detail: reason });
  };
  const target = await stateTarget(f, ctx);
  if (typeof target === 'string') {
    skip(target);
    return;
  }
  const { b, tmp } = target;
  const volume = `${f.container}_state`;
  const found = await stoppedForRestore(deps, f, b, dry);
  if ('reason' in found) {
    skip(found.reason, found.failed);
    return;
  }
  const container = found.container;
  const image = container?.image || b.driverOptions.image || DEFAULT_BUILDKIT_IMAGE;
  const helper = `bkh-state-restore-${randomBytes(4).toString('hex')}`;
  const steps = [
    ...(container?.running === true ? [`docker buildx stop ${b.name}`] : []),
    ...(container !== undefined ? [`docker rm ${f.container}`] : []),
    `docker volume rm ${volume}`,
    `docker container create --name ${helper} -v ${volume}:/var/lib/buildkit ${image}`,
    `docker cp - ${helper}:/var/lib`,
    `docker rm ${helper}`,
  ].join(' && ');
  if (dry || tmp === undefined) {
    result.actions.push({
      action: 'builder-state.restore',
      target: f.container,
      ok: true,
      dryRun: true,
      command: steps,
    });
    return;
  }
  const failed = await replaceStateVolume(deps, { f, b, tmp, image, helper, volume, container });
  if (failed !== undefined) {
    skip(failed.reason, failed.failed);
    return;
  }
  result.actions.push({
    action: 'builder-state.restore',
    target: f.container,
    ok: true,
    command: steps,
    detail: `${f.size} bytes into volume ${volume}; builder ${b.name} boots on it`,
  });
  result.restored.push({ path: f.path, sha256: f.sha256 });
}

/**
 * The builder a state entry belongs to (a docker-container builder of the backup that exists now)
 * and its extracted tar (checked, except in a dry run), or why it is skipped.
 */
async function stateTarget(
  f: BundleFile & { container: string },
  ctx: {
    bundle: ReadBundle;
    dry: boolean;
    temps: Map<string, string>;
    present: Awaited<ReturnType<typeof presentBuilders>>;
  },
): Promise<string | { b: BundleBuilder; tmp: string | undefined }> {
  const b = ctx.bundle.manifest.builders.find((x) => x.name === f.builder);
  if (
    b === undefined ||
    b.driver !== 'docker-container' ||
    !b.nodes.some((n) => `buildx_buildkit_${n.name}` === f.container)
  )
    return `container ${f.container} is not a node of a docker-container builder of this backup`;
  if (!ctx.present.names.has(b.name))
    return `builder ${b.name} does not exist (not recreated): its state has nowhere to go`;
  const tmp = ctx.temps.get(f.entry);
  if (!ctx.dry) {
    const problem = tmp === undefined ? 'the entry was not extracted' : await stateTarProblem(tmp);
    if (problem !== undefined) return `refused, nothing unpacked: ${problem}`;
  }
  return { b, tmp };
}

/**
 * The builder's container as it is (undefined when there is none), stopped first when it runs
 * and is idle (not in a dry run): a build in it is never cut. Or why the state is skipped.
 */
async function stoppedForRestore(
  deps: Deps,
  f: BundleFile & { container: string },
  b: BundleBuilder,
  dry: boolean,
): Promise<{ container: { running: boolean; image: string } | undefined } | { reason: string; failed?: boolean }> {
  const probe = { timeoutMs: deps.docker.timeouts.probe };
  const slow = { timeoutMs: deps.docker.timeouts.slow, mutates: true };
  const st = await deps.docker.run(['container', 'inspect', '--format', '{{json .}}', f.container], probe);
  let container: { running: boolean; image: string } | undefined;
  if (succeeded(st)) {
    try {
      const doc = JSON.parse(st.stdout) as { State?: { Running?: boolean }; Config?: { Image?: string } };
      container = { running: doc.State?.Running === true, image: doc.Config?.Image ?? '' };
    } catch {
      return { reason: `cannot read the state of container ${f.container}` };
    }
  }
  if (container?.running === true && !dry) {
    // A running builder is stopped for the restore only when idle: a build in it is never cut.
    const activity = await activityOf(deps.docker, undefined, f.container);
    if (activity.state !== 'idle')
      return {
        reason: `container ${f.container} is running and ${activity.state === 'busy' ? `busy (${activity.processes.join('; ')})` : 'its activity could not be read'}: stop it (docker buildx stop ${b.name}) and roll back again`,
      };
    const stop = await deps.docker.buildx(['stop', b.name], slow);
    if (!succeeded(stop)) return { reason: `docker buildx stop ${b.name} failed: ${stop.stderr.trim()}`, failed: true };
  }
  return { container };
}

/**
 * The state volume made anew from the backup's tar: the builder's image must be local, the stopped
 * container and the old volume go, and a helper container (created, never started) holds the new
 * volume while `docker cp -` unpacks the stream into it. Returns why it did not, or undefined.
 */
async function replaceStateVolume(
  deps: Deps,
  x: {
    f: BundleFile & { container: string };
    b: BundleBuilder;
    tmp: string;
    image: string;
    helper: string;
    volume: string;
    container: { running: boolean; image: string } | undefined;
  },
): Promise<{ reason: string; failed: boolean } | undefined> {
  const { f, b, tmp, image, helper, volume, container } = x;
  const probe = { timeoutMs: deps.docker.timeouts.probe };
  const slow = { timeoutMs: deps.docker.timeouts.slow, mutates: true };
  const img = await deps.docker.run(['image', 'inspect', '--format', '{{.Id}}', image], probe);
  if (!succeeded(img)) {
    return {
      reason: `image ${image} of builder ${b.name} is not on this host (nothing is pulled): load it, then roll back again`,
      failed: false,
    };
  }
  if (container !== undefined) {
    const rmc = await deps.docker.run(['rm', f.container], slow);
    if (!succeeded(rmc)) {
      return { reason: `docker rm ${f.container} failed: ${rmc.stderr.trim()}`, failed: true };
    }
  }
  const vol = await deps.docker.run(['volume', 'rm', volume], slow);
  if (!succeeded(vol) && !/no such volume/i.test(vol.stderr)) {
    return { reason: `docker volume rm ${volume} failed: ${vol.stderr.trim()}`, failed: true };
  }
  let r: CommandResult | undefined;
  const create = await deps.docker.run(
    [
      'container',
      'create',
      '--name',
      helper,
      '--label',
      'buildkit-healer.state-restore=1',
      '--pull',
      'never',
      '--network',
      'none',
      '-v',
      `${volume}:/var/lib/buildkit`,
      image,
      'never-started',
    ],
    slow,
  );
  try {
    if (succeeded(create)) r = await deps.docker.copyInFromFile(tmp, `${helper}:/var/lib`, slow);
  } finally {
    await deps.docker.run(['rm', '-f', helper], slow);
  }
  const failure = !succeeded(create)
    ? `docker container create failed: ${create.stderr.trim()}`
    : r !== undefined && !succeeded(r)
      ? `docker cp failed: ${r.stderr.trim()}`
      : undefined;
  return failure !== undefined ? { reason: failure, failed: true } : undefined;
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
