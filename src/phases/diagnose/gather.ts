/**
 * Gathering the facts the checks read: the cheap first stage (`buildx ls`, the state files, the
 * leftovers' listings, the plugin's version, the client), the CLI probes when that first look is
 * not plainly healthy, then what follows from them (the builder in use, orphans, activity, restart
 * loops, the disk) and, at the full level, src/phases/diagnose/full.ts.
 */
import { readFile } from 'node:fs/promises';
import type { CommandResult } from '../../core/types.js';
import type { Deps } from '../../docker/deps.js';
import { errorMessage } from '../../core/errors.js';
import type { ClientFacts, Facts, StateFile } from '../../checks/types.js';
import type { DiagnoseOptions } from '../../core/options.js';
import { DEFAULT_ORPHAN_MIN_AGE_MS } from '../../checks/orphan.js';
import { compareVersions, daemonDown } from '../../checks/util.js';
import { knownBuilderNames } from '../../checks/state.js';
import { clientCause } from '../../checks/client.js';
import type { Docker, Parsed, QuickLs } from '../../docker/docker.js';
import type { BuildxVersion, DockerInfo, DockerVersion, LsResult } from '../../docker/parse/types.js';
import { parseDockerInfo } from '../../docker/parse/index.js';
import { containerActivity } from '../../tasks/activity.js';
import { gatherClient } from '../../tasks/client.js';
import { succeeded } from '../../docker/runner.js';
import { EngineApi, INFO_PATH, localEngineSocket, runsRealProcesses } from '../../docker/engine.js';
import { diskFree } from './disk.js';
import { gatherFull } from './full.js';
import { apiLeftovers, cliLeftovers, pausedContainers, runningContainers } from './leftovers.js';
import {
  findOrphans,
  knownNodeNames,
  leftoverAges,
  markInUse,
  markRecent,
  unreadableInstanceNames,
} from './orphans.js';
import { pluginMetadata } from './plugin.js';
import { restartLoops } from './restart-loops.js';
import {
  instanceTomls,
  readContextNames,
  readFirstDaemonJson,
  readStateDir,
  readStateFile,
  readTomlFile,
} from './state-files.js';

export type DiagnoseLevel = 'quick' | 'full';

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
    level === 'full' || !shared
      ? await containerActivity(docker, base.engine, runningContainers(base.containers), level !== 'full')
      : {};
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
  // The API socket and the plugin directories are this machine's: looked at only when the runner
  // runs this machine's processes too (a scripted runner's tests stay scripted).
  const real = runsRealProcesses(docker.runner);
  // `buildx ls` is the longest probe: it starts first, and every other one runs while it does.
  const lsRun: Promise<QuickLs> = level === 'quick' && real ? docker.quickLs() : docker.ls(true).then((ls) => ({ ls }));
  // Its failure is Promise.all's below, not an unhandled rejection while the config is read.
  lsRun.catch(() => undefined);
  const configJson = await readFile(paths.configJson, 'utf8').catch(() => undefined);
  const socket = real ? localEngineSocket(docker.env, configJson) : undefined;
  const engine = socket !== undefined ? new EngineApi(socket) : undefined;
  const [ls, instanceFiles, currentFile, contexts, daemonJson, userTomls, leftovers, apiInfo, pluginVersion, client] =
    await Promise.all([
      lsRun.then((q) => q.ls),
      readStateDir(paths.instancesDir),
      readStateFile(paths.currentFile, true),
      readContextNames(paths.contextsMetaDir),
      readFirstDaemonJson(opts.daemonJsonPaths),
      Promise.all(opts.buildkitdTomlPaths.map((p) => readTomlFile(p))),
      engine !== undefined ? apiLeftovers(engine, docker.timeouts.probe) : cliLeftovers(docker),
      engine !== undefined ? apiInfoOf(engine, docker.timeouts.probe) : undefined,
      level === 'quick' && real ? pluginMetadata(docker, configJson, lsRun) : undefined,
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

/** `GET /info`: the data root (for the disk check) and the daemon's version, for a few ms. */
async function apiInfoOf(engine: EngineApi, timeoutMs: number): Promise<Parsed<DockerInfo>> {
  const result = await engine.get(INFO_PATH, { timeoutMs });
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
