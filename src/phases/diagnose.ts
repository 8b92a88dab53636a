/**
 * The diagnose phase: gather facts once (cheap probes concurrently), then run every check of the
 * registry over them. A crashing check becomes a `check.crashed` finding; it never hides the others.
 */
import { readdir, readFile, stat, statfs } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { Builder, CommandResult, Finding } from '../core/types.js';
import type { Baseline } from '../core/report.js';
import type { Deps } from '../docker/deps.js';
import { errorMessage } from '../core/errors.js';
import type {
  Check,
  ClientFacts,
  ContainerActivity,
  Facts,
  OrphanCandidate,
  RestartLoop,
  StateFile,
} from '../checks/types.js';
import type { BenchmarkSpec, DiagnoseOptions } from '../core/options.js';
import { CHECKS } from '../checks/index.js';
import { DEFAULT_ORPHAN_MIN_AGE_MS } from '../checks/orphan.js';
import { compareVersions, daemonDown } from '../checks/util.js';
import { knownBuilderNames } from '../checks/state.js';
import { probeFindings } from '../checks/probe.js';
import { clientCause } from '../checks/client.js';
import type { Docker, Parsed } from '../docker/docker.js';
import type { BuildxVersion, DockerInfo, DockerVersion, InspectResult, LsResult } from '../docker/parse/types.js';
import { buildkitdExitCause, parseBuildxVersion, parseDockerInfo, stateBroken } from '../docker/parse/index.js';
import { containerActivity } from '../tasks/activity.js';
import { gatherClient } from '../tasks/client.js';
import { succeeded } from '../docker/runner.js';
import { EngineApi, localEngineSocket, runsRealProcesses } from '../docker/engine.js';
import { baselineSpec, removeOutput, runTestBuild } from '../tasks/testbuild.js';

export type DiagnoseLevel = 'quick' | 'full';

export interface DiagnoseResult {
  facts: Facts;
  findings: Finding[];
  builders: Builder[];
  currentBuilder?: string;
  baseline?: Baseline;
  /** Ids of checks that crashed (each also reported as a `check.crashed` finding). */
  crashed: string[];
  durationMs: number;
}

export async function diagnose(deps: Deps, opts: DiagnoseOptions, level: DiagnoseLevel): Promise<DiagnoseResult> {
  const started = Date.now();
  deps.log.phase?.('diagnose', `diagnose (${level})`);
  const facts = await gatherFacts(deps, opts, level);
  const { findings, crashed } = runChecks(CHECKS, facts, opts);
  // Probes that failed with no finding to explain them are a finding themselves: never a verdict
  // of healthy for want of evidence.
  findings.push(...probeFindings(facts, findings));
  for (const f of findings) deps.log.debug(`finding ${f.id} (${f.severity}) ${f.subject}: ${f.message}`);
  const out: DiagnoseResult = { facts, findings, builders: facts.builders, crashed, durationMs: Date.now() - started };
  if (facts.currentBuilder !== undefined) out.currentBuilder = facts.currentBuilder;
  if (facts.baseline !== undefined) out.baseline = facts.baseline;
  return out;
}

/** Runs each check, timed and wrapped: a crash is reported as data next to the other findings. */
export function runChecks(
  checks: readonly Check[],
  facts: Facts,
  options: DiagnoseOptions,
): { findings: Finding[]; crashed: string[] } {
  const findings: Finding[] = [];
  const crashed: string[] = [];
  for (const check of checks) {
    try {
      findings.push(...check.run({ facts, options }));
    } catch (e) {
      crashed.push(check.id);
      findings.push({
        id: 'check.crashed',
        severity: 'warning',
        subject: check.id,
        message: `Check ${check.id} (${check.title}) crashed: ${errorMessage(e)}`,
        evidence: [{ kind: 'note', text: e instanceof Error && e.stack ? e.stack : errorMessage(e) }],
      });
    }
  }
  return { findings, crashed };
}

/** buildx gained `ls --format json` in 0.13. */
const LS_JSON_SINCE = '0.13.0';

/** What the cheap first stage gathered: `buildx ls`, the files, and the leftovers' listings. */
interface Base {
  ls: Parsed<LsResult>;
  instanceFiles: StateFile[];
  currentFile: StateFile | undefined;
  contexts: string[];
  daemonJson: StateFile | undefined;
  userTomls: StateFile[];
  containers: CommandResult;
  volumes: CommandResult;
  /** `GET /info` through the Engine API, when that door was used. */
  apiInfo?: Parsed<DockerInfo>;
  /** The plugin's own `docker-cli-plugin-metadata` (quick level), for the report's version. */
  pluginVersion?: Parsed<BuildxVersion>;
  /** The Engine API door, when the daemon's socket is local. */
  engine?: EngineApi;
  client: ClientFacts;
}

interface Probes {
  dockerVersion: Parsed<DockerVersion>;
  info: Parsed<DockerInfo>;
  buildxVersion: Parsed<BuildxVersion>;
}

/**
 * Facts for the checks. Quick level (the `auto` step before every build): one `buildx ls --format
 * json` (daemon reachable, plugin present and >= 0.13, every builder's status), the state files
 * read with fs, and the leftovers listed through the Engine API where the daemon's socket is local
 * (the CLI otherwise). The CLI probes (`docker version`, `docker info`, `buildx version`) run only
 * when that first look shows anything amiss, so every fault is still diagnosed from their output;
 * the full level always runs them.
 */
export async function gatherFacts(deps: Deps, opts: DiagnoseOptions, level: DiagnoseLevel): Promise<Facts> {
  const { docker } = deps;
  // The full level needs the probes anyway: start them with the rest, not after it.
  const early = level === 'full' ? cliProbes(docker) : undefined;
  // Awaited below; if gathering the rest throws first, its failure must not go unhandled.
  early?.catch(() => undefined);
  const base = await gatherBase(docker, opts, level);
  let probes: Probes | undefined;
  if (early !== undefined) probes = await early;
  else if (needsProbes(base, opts)) probes = await cliProbes(docker);
  // The Engine API could not be asked (or did not answer): the CLI's own listing, as evidence.
  const apiFailed = (r: CommandResult) => r.argv[0] === 'GET' && !succeeded(r) && !r.timedOut;
  if (apiFailed(base.containers) || apiFailed(base.volumes)) {
    [base.containers, base.volumes] = await cliLeftovers(docker);
  }

  let ls: Parsed<LsResult> = base.ls;
  const bxv = probes?.buildxVersion.parsed?.semver;
  const oldBuildx = bxv !== null && bxv !== undefined && compareVersions(bxv, LS_JSON_SINCE) < 0;
  if (oldBuildx || /unknown flag: --format/.test(base.ls.result.stderr)) ls = await docker.ls(false);

  const facts: Facts = {
    ls,
    inspects: {},
    builders: (ls.parsed?.builders ?? []).map((b) => ({ ...b, nodes: b.nodes.map((n) => ({ ...n })) })),
    instanceFiles: base.instanceFiles,
    currentFile: base.currentFile,
    buildkitdTomls: [...base.userTomls, ...instanceTomls(base.instanceFiles)],
    containers: base.containers,
    volumes: base.volumes,
    orphans: [],
    contexts: base.contexts,
    client: base.client,
  };
  if (probes !== undefined) {
    facts.dockerVersion = probes.dockerVersion;
    facts.info = probes.info;
    facts.buildxVersion = probes.buildxVersion;
  } else {
    if (base.apiInfo?.parsed !== undefined) facts.info = base.apiInfo;
    // Only a version that was read: an unread one would look like a missing plugin to the checks.
    if (base.pluginVersion?.parsed?.semver) facts.buildxVersion = base.pluginVersion;
  }
  if (base.daemonJson) facts.daemonJson = base.daemonJson;
  const env = docker.env;
  if (env.DOCKER_BUILDKIT !== undefined) facts.dockerBuildkitEnv = env.DOCKER_BUILDKIT;
  if (env.DOCKER_HOST !== undefined && env.DOCKER_HOST !== '') facts.dockerHost = env.DOCKER_HOST;
  facts.currentBuilder = resolveCurrent(facts, env);
  // buildx 0.13's `ls --format json` has no current marker: the resolved one is the truth.
  if (facts.currentBuilder !== undefined) for (const b of facts.builders) b.current = b.name === facts.currentBuilder;
  facts.orphans = findOrphans(
    base.containers,
    base.volumes,
    knownNodeNames(facts),
    unreadableInstanceNames(base.instanceFiles),
  );
  // Process lists matter to a clean, which works from a full diagnose; the quick look needs them
  // only where idle leftovers are removable (a daemon this client has alone).
  const shared = opts.sharedDaemon !== false;
  const activity =
    level === 'full' || !shared ? await containerActivity(docker, base.engine, runningContainers(base.containers)) : {};
  for (const name of pausedContainers(base.containers))
    activity[name] = { state: 'unknown', processes: ['(paused)'], evidence: base.containers };
  if (Object.keys(activity).length > 0) facts.activity = activity;
  const loops = await restartLoops(docker, facts.builders, base.containers, activity);
  if (Object.keys(loops).length > 0) facts.restartLoops = loops;
  markInUse(facts.orphans, activity, shared, succeeded(base.containers));
  await leftoverAges(docker, facts.orphans);
  markRecent(facts.orphans, opts.orphanMinAgeMs ?? DEFAULT_ORPHAN_MIN_AGE_MS, Date.now());
  // The context in use is missing or dead: does the default endpoint a repair would switch to answer?
  const cause = clientCause(facts);
  if (
    facts.client !== undefined &&
    facts.client.inUse.source === 'config.json' &&
    cause !== undefined &&
    cause.id !== 'client.env-invalid'
  ) {
    facts.client.defaultEndpoint = await docker.run(
      ['--context', 'default', 'version', '--format', '{{.Server.Version}}'],
      { timeoutMs: docker.timeouts.probe },
    );
  }
  const disk = await diskFree(facts.info?.parsed?.dockerRootDir, facts.dockerHost);
  if (disk) facts.disk = disk;

  if (level === 'full' && !daemonDown(facts)) await gatherFull(deps, opts, facts);
  return facts;
}

/** The first stage, all at once: `buildx ls`, files, leftovers (Engine API or CLI), the plugin's version. */
async function gatherBase(docker: Docker, opts: DiagnoseOptions, level: DiagnoseLevel): Promise<Base> {
  const paths = docker.paths;
  // `buildx ls` is the longest probe: it starts first, and every other one runs while it does.
  const lsRun = docker.ls(true);
  // Its failure is Promise.all's below, not an unhandled rejection while the config is read.
  lsRun.catch(() => undefined);
  const configJson = await readFile(paths.configJson, 'utf8').catch(() => undefined);
  // The API socket and the plugin directories are this machine's: looked at only when the runner
  // runs this machine's processes too (a scripted runner's tests stay scripted).
  const real = runsRealProcesses(docker.runner);
  const socket = real ? localEngineSocket(docker.env, configJson) : undefined;
  const engine = socket !== undefined ? new EngineApi(socket) : undefined;
  const [ls, instanceFiles, currentFile, contexts, daemonJson, userTomls, leftovers, apiInfo, pluginVersion, client] =
    await Promise.all([
      lsRun,
      readStateDir(paths.instancesDir),
      readStateFile(paths.currentFile, true),
      readContextNames(paths.contextsMetaDir),
      readFirstDaemonJson(opts.daemonJsonPaths),
      Promise.all(opts.buildkitdTomlPaths.map((p) => readTomlFile(p))),
      engine !== undefined ? apiLeftovers(engine, docker.timeouts.probe) : cliLeftovers(docker),
      engine !== undefined ? apiInfoOf(engine, docker.timeouts.probe) : undefined,
      level === 'quick' && real ? pluginMetadata(docker, configJson) : undefined,
      gatherClient(paths, docker.env),
    ]);
  const base: Base = {
    ls,
    instanceFiles,
    currentFile,
    contexts,
    daemonJson,
    userTomls,
    containers: leftovers[0],
    volumes: leftovers[1],
    client,
  };
  if (apiInfo !== undefined) base.apiInfo = apiInfo;
  if (pluginVersion !== undefined) base.pluginVersion = pluginVersion;
  if (engine !== undefined) base.engine = engine;
  return base;
}

function cliProbes(docker: Docker): Promise<Probes> {
  return Promise.all([docker.version(), docker.info(), docker.buildxVersion()]).then(
    ([dockerVersion, info, buildxVersion]) => ({ dockerVersion, info, buildxVersion }),
  );
}

const LEFTOVER_FILTER = 'name=buildx_buildkit_';

function cliLeftovers(docker: Docker): Promise<[CommandResult, CommandResult]> {
  const o = { timeoutMs: docker.timeouts.probe };
  return Promise.all([
    docker.run(['ps', '-a', '--filter', LEFTOVER_FILTER, '--format', '{{json .}}'], o),
    docker.run(['volume', 'ls', '--filter', LEFTOVER_FILTER, '--format', '{{json .}}'], o),
  ]);
}

/** The same two listings as `docker ps -a --filter` and `docker volume ls --filter`, from the API. */
function apiLeftovers(engine: EngineApi, timeoutMs: number): Promise<[CommandResult, CommandResult]> {
  const filters = encodeURIComponent(JSON.stringify({ name: ['buildx_buildkit_'] }));
  return Promise.all([
    engine.get(`/containers/json?all=1&filters=${filters}`, { timeoutMs }),
    engine.get(`/volumes?filters=${filters}`, { timeoutMs }),
  ]);
}

/** `GET /info`: the data root (for the disk check) and the daemon's version, for a few ms. */
async function apiInfoOf(engine: EngineApi, timeoutMs: number): Promise<Parsed<DockerInfo>> {
  const result = await engine.get('/info', { timeoutMs });
  if (!succeeded(result)) return { result, parseError: 'GET /info did not answer' };
  try {
    return { result, parsed: parseDockerInfo(result.stdout) };
  } catch (e) {
    return { result, parseError: errorMessage(e) };
  }
}

/**
 * True when the first look is not plainly healthy, so the CLI probes must tell what is wrong:
 * `ls` failed, timed out, printed to stderr or fell back to the table; a builder or node is in
 * error; the leftovers could not be listed; or the minimum buildx version is one a working
 * `ls --format json` (buildx >= 0.13) does not already prove.
 */
export function needsProbes(
  base: Pick<Base, 'ls' | 'containers' | 'volumes'>,
  opts: Pick<DiagnoseOptions, 'minBuildxVersion'>,
): boolean {
  const ls = base.ls;
  if (!succeeded(ls.result) || ls.parsed === undefined || ls.result.stderr.trim() !== '') return true;
  if (ls.parsed.format !== 'json') return true;
  if (
    ls.parsed.builders.some(
      (b) =>
        b.status === 'error' ||
        b.error !== undefined ||
        b.nodes.some((n) => n.status === 'error' || n.error !== undefined),
    )
  )
    return true;
  if (!succeeded(base.containers) || !succeeded(base.volumes)) return true;
  return compareVersions(opts.minBuildxVersion, LS_JSON_SINCE) > 0;
}

/**
 * The version of the plugin the CLI would run, from the plugin binary itself
 * (`docker-buildx docker-cli-plugin-metadata`: one small process where `docker buildx version`
 * starts two). Looked up in the CLI's own order: config.json `cliPluginsExtraDirs`, then
 * `<config dir>/cli-plugins`, then the system directories. Only for the report; the checks trust
 * it no further than `ls --format json` already proves.
 */
async function pluginMetadata(
  docker: Docker,
  configJson: string | undefined,
): Promise<Parsed<BuildxVersion> | undefined> {
  if (docker.env.DOCKER_CLI_PLUGIN_EXTRA_DIRS !== undefined) return undefined; // newer CLIs search these too
  const plugin = await firstPlugin(pluginDirs(docker.paths.cliPluginsDir, configJson), 'docker-buildx');
  if (plugin === undefined) return undefined;
  const result = await docker.pluginMetadata(plugin);
  if (!succeeded(result)) return { result, parseError: 'docker-cli-plugin-metadata did not run' };
  try {
    const m = JSON.parse(result.stdout) as { Version?: unknown };
    if (typeof m.Version !== 'string' || m.Version === '') throw new Error('no Version in the plugin metadata');
    return { result, parsed: parseBuildxVersion(`docker-buildx ${m.Version}`) };
  } catch (e) {
    return { result, parseError: errorMessage(e) };
  }
}

const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
];

export function pluginDirs(userDir: string, configJson: string | undefined): string[] {
  let extra: string[] = [];
  try {
    const c = JSON.parse(configJson ?? '{}') as { cliPluginsExtraDirs?: unknown };
    if (Array.isArray(c.cliPluginsExtraDirs))
      extra = c.cliPluginsExtraDirs.filter((d): d is string => typeof d === 'string' && d !== '');
  } catch {
    /* the CLI reports an unreadable config.json itself */
  }
  return [...extra, userDir, ...SYSTEM_PLUGIN_DIRS];
}

async function firstPlugin(dirs: string[], name: string): Promise<string | undefined> {
  const found = await Promise.all(
    dirs.map(async (d) => {
      const p = join(d, name);
      try {
        return (await stat(p)).isFile() ? p : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return found.find((p) => p !== undefined);
}

/** Full level: inspect every builder, `du --verbose`, optional bootstrap, the timed baseline. */
async function gatherFull(deps: Deps, opts: DiagnoseOptions, facts: Facts): Promise<void> {
  const { docker } = deps;
  const names = facts.builders.map((b) => b.name);
  const [inspects, du] = await Promise.all([
    Promise.all(names.map(async (n) => [n, await docker.inspect(n)] as const)),
    docker.du(),
  ]);
  for (const [n, p] of inspects) {
    facts.inspects[n] = p;
    mergeInspect(facts.builders, n, p);
  }
  facts.du = du;
  if (opts.bootstrap) {
    facts.bootstraps = {};
    // One at a time: a bootstrap may pull an image and start a container.
    for (const b of facts.builders.filter((x) => x.status === 'inactive')) {
      const p = await docker.inspect(b.name, true);
      // A dry-run runner only recorded it (it starts containers): nothing ran, nothing to judge.
      if (p.result.dryRun === true) continue;
      facts.bootstraps[b.name] = p;
    }
  }
  if (opts.baseline && facts.currentBuilder !== undefined) {
    const cur = facts.builders.find((b) => b.name === facts.currentBuilder);
    if (cur === undefined || cur.status !== 'error') {
      if (opts.benchmark !== undefined) await timeBenchmark(docker, facts, facts.currentBuilder, opts.benchmark);
      else await timeBaseline(docker, facts, facts.currentBuilder);
    }
  }
}

/** The team's own build as the baseline: the median of its runs (src/tasks/benchmark.ts). */
async function timeBenchmark(docker: Docker, facts: Facts, builder: string, spec: BenchmarkSpec): Promise<void> {
  const { runBenchmark } = await import('../tasks/benchmark.js');
  const r = await runBenchmark(docker, spec, builder, docker.timeouts.build);
  facts.baseline = {
    builder,
    durationMs: r.ok ? r.medianMs : 0,
    ok: r.ok,
    kind: 'benchmark',
    runsMs: r.runsMs,
    ...(r.warmupMs !== undefined ? { warmupMs: r.warmupMs } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
  };
  if (r.evidence !== undefined) facts.baselineEvidence = r.evidence;
}

async function timeBaseline(docker: Docker, facts: Facts, builder: string): Promise<void> {
  const token = `bkh-baseline-${randomBytes(8).toString('hex')}`;
  const spec = { ...baselineSpec(token), builder };
  let r;
  try {
    r = await runTestBuild(docker, spec, docker.timeouts.build);
  } catch (e) {
    // A plugin too broken to print progress (truncated, wrong version) is a failed baseline,
    // found beside the buildx findings, never a crashed diagnose.
    facts.baseline = {
      builder,
      durationMs: 0,
      ok: false,
      error: `the test build could not be read: ${errorMessage(e)}`,
    };
    return;
  }
  const baseline: Baseline = { builder, durationMs: r.durationMs, ok: r.ok };
  if (r.ok) {
    // The output must hold the fresh token: a build that "succeeds" without it did not build.
    const got = await readFile(join(r.outputDir, 'token.txt'), 'utf8').catch(() => '');
    if (got.trim() !== token) {
      baseline.ok = false;
      baseline.error = `the build output does not hold the token written into the context (${r.outputDir}/token.txt)`;
    }
  } else if (r.error !== undefined) baseline.error = r.error;
  await removeOutput(spec, r);
  facts.baseline = baseline;
  facts.baselineEvidence = r.result;
}

/** Inspect knows more than ls (a builder-level `Error:` line, node errors): fold it in. */
export function mergeInspect(builders: Builder[], name: string, p: Parsed<InspectResult>): void {
  const b = builders.find((x) => x.name === name);
  const ins = p.parsed;
  if (!b || !ins) return;
  if (ins.error !== undefined && b.error === undefined) b.error = ins.error;
  for (const n of ins.nodes) {
    const bn = b.nodes.find((x) => x.name === n.name);
    if (bn === undefined) continue;
    if (n.error !== undefined && bn.error === undefined) bn.error = n.error;
    if (n.status === 'error') bn.status = 'error';
    if (bn.buildkitVersion === undefined && n.buildkitVersion !== undefined) bn.buildkitVersion = n.buildkitVersion;
  }
  if (b.error !== undefined || b.nodes.some((n) => n.status === 'error' || n.error !== undefined)) b.status = 'error';
}

/** The builder in use: BUILDX_BUILDER, the `current` file, the ls marker, else the docker context's. */
export function resolveCurrent(facts: Facts, env: NodeJS.ProcessEnv): string | undefined {
  if (env.BUILDX_BUILDER) return env.BUILDX_BUILDER;
  const c = facts.currentFile;
  if (c?.content !== undefined && c.parseError === undefined) {
    try {
      const v = JSON.parse(c.content) as { Name?: unknown };
      // buildx quietly falls back to the context's builder when `current` names a missing one.
      if (typeof v.Name === 'string' && v.Name !== '' && knownBuilderNames(facts).has(v.Name.toLowerCase()))
        return v.Name;
    } catch {
      /* reported by state.invalid-current */
    }
  }
  const marked = facts.builders.find((b) => b.current);
  if (marked) return marked.name;
  return env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== '' ? env.DOCKER_CONTEXT : 'default';
}

// ---- state files -----------------------------------------------------------

async function readStateFile(path: string, json: boolean): Promise<StateFile | undefined> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { path, readError: errorMessage(e) };
  }
  const f: StateFile = { path, content };
  if (json) {
    try {
      JSON.parse(content);
    } catch (e) {
      f.parseError = content.length === 0 ? 'empty file' : errorMessage(e);
    }
  }
  return f;
}

async function readStateDir(dir: string): Promise<StateFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return [];
  }
  const files = await Promise.all(names.map((n) => readStateFile(join(dir, n), true)));
  return files.filter((f): f is StateFile => f !== undefined);
}

async function readFirstDaemonJson(paths: string[]): Promise<StateFile | undefined> {
  for (const p of paths) {
    const f = await readStateFile(p, true);
    if (f === undefined) continue;
    if (f.parseError === undefined && f.content !== undefined) {
      const v: unknown = JSON.parse(f.content);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) f.parseError = 'daemon.json must hold a JSON object';
    }
    return f;
  }
  return undefined;
}

async function readTomlFile(path: string): Promise<StateFile> {
  const f = (await readStateFile(path, false)) ?? { path, readError: 'file not found' };
  if (f.content !== undefined) checkToml(f);
  return f;
}

function checkToml(f: StateFile): void {
  try {
    parseToml(f.content ?? '');
  } catch (e) {
    f.parseError = errorMessage(e).split('\n')[0] ?? 'invalid TOML';
  }
}

/** An instance file already known to parse; anything but an object reads as empty. */
function instanceJson(content: string): Record<string, unknown> {
  const v: unknown = JSON.parse(content);
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** buildkitd.toml files builders carry: instance `Nodes[].Files` holds them base64-encoded. */
export function instanceTomls(instances: StateFile[]): StateFile[] {
  const out: StateFile[] = [];
  for (const f of instances) {
    if (f.parseError !== undefined || f.content === undefined) continue;
    const ng = instanceJson(f.content) as { Nodes?: { Name?: string; Files?: Record<string, string> | null }[] };
    for (const n of Array.isArray(ng.Nodes) ? ng.Nodes : []) {
      for (const [name, b64] of Object.entries(n.Files ?? {})) {
        if (!name.endsWith('.toml') || typeof b64 !== 'string') continue;
        const t: StateFile = {
          path: `${f.path}#${n.Name ?? ''}/${name}`,
          content: Buffer.from(b64, 'base64').toString('utf8'),
        };
        checkToml(t);
        out.push(t);
      }
    }
  }
  return out;
}

async function readContextNames(metaDir: string): Promise<string[]> {
  let dirs: string[];
  try {
    dirs = await readdir(metaDir);
  } catch {
    return [];
  }
  const names = await Promise.all(
    dirs.map(async (d) => {
      try {
        const m = JSON.parse(await readFile(join(metaDir, d, 'meta.json'), 'utf8')) as { Name?: unknown };
        return typeof m.Name === 'string' ? m.Name : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return names.filter((n): n is string => n !== undefined).sort();
}

// ---- orphans ---------------------------------------------------------------

const ORPHAN = /^buildx_buildkit_(.+?)(_state)?$/;

/** Node names that own containers: from instance files and from `ls`. */
export function knownNodeNames(facts: Facts): Set<string> {
  const s = new Set<string>();
  for (const f of facts.instanceFiles) {
    if (f.parseError !== undefined || f.content === undefined) continue;
    const ng = instanceJson(f.content) as { Nodes?: { Name?: unknown }[] };
    for (const n of Array.isArray(ng.Nodes) ? ng.Nodes : []) if (typeof n?.Name === 'string') s.add(n.Name);
  }
  for (const b of facts.builders) for (const n of b.nodes) if (n.name !== '') s.add(n.name);
  return s;
}

/** Builder names whose instance file is unreadable: their containers are not orphans, just unknown. */
function unreadableInstanceNames(files: StateFile[]): string[] {
  return files.filter((f) => f.parseError !== undefined || f.readError !== undefined).map((f) => basename(f.path));
}

/** The docker CLI's `--format '{{json .}}'`: one JSON object a line. */
function jsonLines(stdout: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of stdout.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === 'object' && v !== null) out.push(v as Record<string, unknown>);
    } catch {
      /* not a JSON line: ignore, the whole output stays as evidence */
    }
  }
  return out;
}

/**
 * Entries of a listing, from either door: the Engine API's one JSON document (`[...]` for
 * containers, `{"Volumes": [...]}` for volumes) or the CLI's JSON lines. Container names as the
 * CLI prints them (`a,b`); the API's `Names` carry a leading slash.
 */
export function listingEntries(r: CommandResult): { names: string[]; state?: string; status?: string }[] {
  if (r.exitCode !== 0 || r.timedOut) return [];
  let items: Record<string, unknown>[];
  let doc: unknown;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    doc = undefined;
  }
  if (Array.isArray(doc)) items = doc.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
  else if (typeof doc === 'object' && doc !== null && 'Volumes' in doc) {
    const v = (doc as { Volumes?: unknown }).Volumes;
    items = Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
  } else items = jsonLines(r.stdout);
  return items.map((c) => {
    const raw = Array.isArray(c.Names) ? c.Names.map(String) : String(c.Names ?? c.Name ?? '').split(',');
    const e: { names: string[]; state?: string; status?: string } = {
      names: raw.map((n) => n.trim().replace(/^\//, '')).filter((n) => n !== ''),
    };
    if (typeof c.Status === 'string' && c.Status !== '') e.status = c.Status;
    const state = typeof c.State === 'string' && c.State !== '' ? c.State : stateOfStatus(c.Status);
    if (state !== undefined) e.state = state;
    return e;
  });
}

/** Older CLIs print no `State`, only `Status` (`Up 2 hours (Paused)`, `Exited (0) 3 days ago`...). */
function stateOfStatus(status: unknown): string | undefined {
  if (typeof status !== 'string') return undefined;
  if (/^Up\b.*\(Paused\)/i.test(status)) return 'paused';
  if (/^Up\b/i.test(status)) return 'running';
  const m = /^(Exited|Created|Dead|Restarting|Removal In Progress)\b/i.exec(status);
  if (m?.[1] === undefined) return undefined;
  return m[1].toLowerCase() === 'removal in progress' ? 'removing' : m[1].toLowerCase();
}

/** States of a leftover container that no build can be using: only these are ever removed. */
const STOPPED_STATES = new Set(['exited', 'created', 'dead', 'restarting']);

/** Names of the listed `buildx_buildkit_*` containers in a state (running by default). */
export function runningContainers(containers: CommandResult, state = 'running'): string[] {
  const out: string[] = [];
  for (const c of listingEntries(containers)) {
    if (c.state !== state) continue;
    for (const n of c.names) if (ORPHAN.test(n)) out.push(n);
  }
  return out;
}

/** The daemon's answer about a container between two starts (`Container ID is restarting, wait ...`). */
const RESTARTING = /\bis restarting\b/i;

/** Lines of a looping container's log read for the cause: its last start's error and stack fit. */
const LOOP_LOG_LINES = 60;

/**
 * The BuildKit containers of this client's builders that restart in a loop (listed `restarting`,
 * or whose process list the daemon refused because it is restarting), each with the tail of its
 * own log, where buildkitd says why it exits.
 */
export async function restartLoops(
  docker: Docker,
  builders: Builder[],
  containers: CommandResult,
  activity: Record<string, ContainerActivity>,
): Promise<Record<string, RestartLoop>> {
  const listed = new Map<string, { state?: string; status?: string }>();
  for (const c of listingEntries(containers)) for (const n of c.names) listed.set(n, c);
  const out: Record<string, RestartLoop> = {};
  for (const b of builders) {
    for (const node of b.nodes) {
      const name = `buildx_buildkit_${node.name}`;
      const l = listed.get(name);
      // Listed or refused as restarting, or buildx itself was refused so (the listing may catch
      // the short run of one start).
      const said = [node.error, b.error].some((e) => e !== undefined && RESTARTING.test(e));
      if (l?.state !== 'restarting' && activity[name]?.state !== 'restarting' && !said) continue;
      const logs = await docker.logs(name, LOOP_LOG_LINES);
      const loop: RestartLoop = { builder: b.name, container: name, stateBroken: false, logs };
      if (l?.status !== undefined) loop.status = l.status;
      const cause = succeeded(logs) ? buildkitdExitCause(`${logs.stdout}\n${logs.stderr}`) : undefined;
      if (cause !== undefined) {
        loop.cause = cause;
        loop.stateBroken = stateBroken(cause);
      }
      out[name] = loop;
    }
  }
  return out;
}

function pausedContainers(containers: CommandResult): string[] {
  return runningContainers(containers, 'paused');
}

/**
 * Leftovers that must stay: a container that is not stopped (it runs a builder, most likely
 * another client's on this daemon, or is paused), and the state volume of such a container. On a
 * daemon that is not shared (`sharedDaemon` false) an idle running one is a leftover like a stopped
 * one; a busy one (a build in progress) always stays.
 */
export function markInUse(
  orphans: OrphanCandidate[],
  activity: Record<string, ContainerActivity>,
  sharedDaemon = true,
  containersListed = true,
): void {
  // Without the container listing no volume can be told free of a running container: all stay.
  if (!containersListed) {
    for (const o of orphans) if (o.kind === 'volume') o.inUse = {};
    return;
  }
  const held = new Map<string, string>();
  for (const o of orphans) {
    if (o.kind !== 'container' || (o.state !== undefined && STOPPED_STATES.has(o.state))) continue;
    const a = activity[o.name];
    if (!sharedDaemon && o.state === 'running' && a?.state === 'idle') continue;
    o.inUse = a !== undefined ? { activity: a } : {};
    held.set(`${o.name}_state`, o.name);
  }
  for (const o of orphans) {
    const by = o.kind === 'volume' ? held.get(o.name) : undefined;
    if (by !== undefined) o.inUse = { by };
  }
}

const NEVER = /^0001-01-01/;

/**
 * Reads when each removable leftover stopped (containers: State.FinishedAt, or Created for one that
 * never ran or restarts in a loop) or was made (a volume with no container: CreatedAt), with one
 * `docker inspect` per kind. What cannot be read stays without `since`: too young to remove.
 */
export async function leftoverAges(docker: Docker, orphans: OrphanCandidate[]): Promise<void> {
  const free = orphans.filter((o) => o.inUse === undefined && !(o.kind === 'container' && o.state === 'running'));
  const containers = free.filter((o) => o.kind === 'container');
  const volumes = free.filter(
    (o) => o.kind === 'volume' && !orphans.some((c) => c.kind === 'container' && `${c.name}_state` === o.name),
  );
  const o = { timeoutMs: docker.timeouts.probe };
  const read = async (list: OrphanCandidate[], args: string[]) => {
    if (list.length === 0) return;
    const r = await docker.run([...args, ...list.map((x) => x.name)], o);
    const seen = new Map<string, string>();
    for (const line of r.stdout.split('\n')) {
      const [name, finished, created, status] = line.trim().replace(/^\//, '').split('|');
      if (name === undefined || name === '') continue;
      const at =
        finished !== undefined && finished !== '' && !NEVER.test(finished) && status !== 'restarting'
          ? finished
          : created;
      if (at !== undefined && at !== '' && !NEVER.test(at)) seen.set(name, at);
    }
    for (const x of list) {
      x.sinceEvidence = r;
      const at = seen.get(x.name);
      if (at !== undefined) x.since = at;
    }
  };
  await Promise.all([
    read(containers, [
      'container',
      'inspect',
      '--format',
      '{{.Name}}|{{.State.FinishedAt}}|{{.Created}}|{{.State.Status}}',
    ]),
    read(volumes, ['volume', 'inspect', '--format', '{{.Name}}||{{.CreatedAt}}|']),
  ]);
  // A container's state volume is as old as the container.
  for (const v of orphans) {
    if (v.kind !== 'volume' || v.inUse !== undefined) continue;
    const c = orphans.find((x) => x.kind === 'container' && `${x.name}_state` === v.name);
    if (c === undefined) continue;
    if (c.since !== undefined) v.since = c.since;
    if (c.sinceEvidence !== undefined) v.sinceEvidence = c.sinceEvidence;
  }
}

/**
 * Stopped leftovers that stopped less than `minAgeMs` ago (or whose age could not be read) stay:
 * on a shared daemon that is most often another client's builder, stopped with `buildx stop`.
 * A container's volume stays with it.
 */
export function markRecent(orphans: OrphanCandidate[], minAgeMs: number, now: number): void {
  // A running one still free here is idle on a daemon this client has alone (shared-daemon false):
  // the age is about stopped builders, so it and its volume stay removable.
  const running = (o: OrphanCandidate) => o.kind === 'container' && o.state === 'running';
  for (const o of orphans) {
    if (o.inUse !== undefined || running(o)) continue;
    if (o.kind === 'volume' && orphans.some((c) => running(c) && c.inUse === undefined && `${c.name}_state` === o.name))
      continue;
    const t = o.since !== undefined ? Date.parse(o.since) : NaN;
    if (Number.isFinite(t) && now - t >= minAgeMs) continue;
    o.inUse = { recent: true };
  }
}

/**
 * `buildx_buildkit_<node>` containers and `buildx_buildkit_<node>_state` volumes whose node no
 * builder has. The node of builder B is `B0`, `B1`...; the builder name is the node minus its index.
 */
export function findOrphans(
  containers: CommandResult,
  volumes: CommandResult,
  nodes: Set<string>,
  unreadable: string[],
): OrphanCandidate[] {
  const out: OrphanCandidate[] = [];
  const consider = (kind: 'container' | 'volume', name: string, state?: string) => {
    const m = ORPHAN.exec(name);
    if (!m?.[1]) return;
    if (kind === 'container' && m[2] !== undefined) return;
    const node = m[1];
    if (nodes.has(node)) return;
    const builder = node.replace(/\d+$/, '');
    if (unreadable.some((u) => builder.toLowerCase() === u.toLowerCase())) return;
    const o: OrphanCandidate = { kind, name, builder };
    if (state !== undefined) o.state = state;
    out.push(o);
  };
  for (const c of listingEntries(containers)) for (const n of c.names) consider('container', n, c.state);
  for (const v of listingEntries(volumes)) for (const n of v.names) consider('volume', n);
  return out;
}

// ---- disk ------------------------------------------------------------------

/** Free space of the data root, when the daemon is on this machine (a unix socket or the default). */
async function diskFree(rootDir: string | undefined, dockerHost: string | undefined): Promise<Facts['disk']> {
  if (rootDir === undefined || rootDir === '') return undefined;
  if (dockerHost !== undefined && !dockerHost.startsWith('unix://')) return undefined;
  try {
    const s = await statfs(rootDir);
    const freeBytes = s.bavail * s.bsize;
    const totalBytes = s.blocks * s.bsize;
    return {
      path: rootDir,
      freeBytes,
      totalBytes,
      evidence: `statfs(${rootDir}): bsize=${s.bsize} blocks=${s.blocks} bavail=${s.bavail}`,
    };
  } catch {
    // The daemon's root is not visible here (daemon in a VM or another namespace).
    return undefined;
  }
}
