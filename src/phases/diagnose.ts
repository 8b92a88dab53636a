/**
 * The diagnose phase: gather facts once (cheap probes concurrently), then run every check of the
 * registry over them. A crashing check becomes a `check.crashed` finding; it never hides the others.
 */
import { readdir, readFile, statfs } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { Builder, CommandResult, Finding } from '../core/types.js';
import type { Baseline } from '../core/report.js';
import type { Deps } from '../core/deps.js';
import { errorMessage } from '../core/errors.js';
import type { Check, DiagnoseOptions, Facts, OrphanCandidate, StateFile } from '../checks/types.js';
import { CHECKS } from '../checks/index.js';
import { compareVersions, daemonDown } from '../checks/util.js';
import { knownBuilderNames } from '../checks/state.js';
import type { Docker, Parsed } from '../docker/docker.js';
import type { InspectResult, LsResult } from '../docker/parse/types.js';
import { baselineSpec, removeOutput, runTestBuild } from './testbuild.js';

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
  for (const f of findings) deps.log.debug(`finding ${f.id} (${f.severity}) ${f.subject}: ${f.message}`);
  const out: DiagnoseResult = { facts, findings, builders: facts.builders, crashed, durationMs: Date.now() - started };
  if (facts.currentBuilder !== undefined) out.currentBuilder = facts.currentBuilder;
  if (facts.baseline !== undefined) out.baseline = facts.baseline;
  return out;
}

/** Runs each check, timed and wrapped: a crash is reported as data next to the other findings. */
export function runChecks(checks: readonly Check[], facts: Facts, options: DiagnoseOptions): { findings: Finding[]; crashed: string[] } {
  const findings: Finding[] = [];
  const crashed: string[] = [];
  for (const check of checks) {
    try {
      findings.push(...check.run({ facts, options }));
    } catch (e) {
      crashed.push(check.id);
      findings.push({
        id: 'check.crashed', severity: 'warning', subject: check.id,
        message: `Check ${check.id} (${check.title}) crashed: ${errorMessage(e)}`,
        evidence: [{ kind: 'note', text: e instanceof Error && e.stack ? e.stack : errorMessage(e) }],
      });
    }
  }
  return { findings, crashed };
}

/** buildx gained `ls --format json` in 0.13. */
const LS_JSON_SINCE = '0.13.0';

export async function gatherFacts(deps: Deps, opts: DiagnoseOptions, level: DiagnoseLevel): Promise<Facts> {
  const { docker } = deps;
  const paths = docker.paths;
  // Cheap probes, all at once: a healthy quick run costs about one `buildx ls`.
  const [dockerVersion, info, buildxVersion, lsJson, instanceFiles, currentFile, contexts, containers, volumes, daemonJson, userTomls] =
    await Promise.all([
      docker.version(),
      docker.info(),
      docker.buildxVersion(),
      docker.ls(true),
      readStateDir(paths.instancesDir),
      readStateFile(paths.currentFile, true),
      readContextNames(paths.contextsMetaDir),
      docker.run(['ps', '-a', '--filter', 'name=buildx_buildkit_', '--format', '{{json .}}'], { timeoutMs: docker.timeouts.probe }),
      docker.run(['volume', 'ls', '--filter', 'name=buildx_buildkit_', '--format', '{{json .}}'], { timeoutMs: docker.timeouts.probe }),
      readFirstDaemonJson(opts.daemonJsonPaths),
      Promise.all(opts.buildkitdTomlPaths.map((p) => readTomlFile(p))),
    ]);

  let ls: Parsed<LsResult> = lsJson;
  const bxv = buildxVersion.parsed?.semver;
  const oldBuildx = bxv !== null && bxv !== undefined && compareVersions(bxv, LS_JSON_SINCE) < 0;
  if (oldBuildx || /unknown flag: --format/.test(lsJson.result.stderr)) ls = await docker.ls(false);

  const facts: Facts = {
    dockerVersion, info, buildxVersion, ls,
    inspects: {},
    builders: (ls.parsed?.builders ?? []).map((b) => ({ ...b, nodes: b.nodes.map((n) => ({ ...n })) })),
    instanceFiles,
    currentFile,
    buildkitdTomls: [...userTomls, ...instanceTomls(instanceFiles)],
    containers,
    volumes,
    orphans: [],
    contexts,
  };
  if (daemonJson) facts.daemonJson = daemonJson;
  const env = docker.env;
  if (env.DOCKER_BUILDKIT !== undefined) facts.dockerBuildkitEnv = env.DOCKER_BUILDKIT;
  if (env.DOCKER_HOST !== undefined && env.DOCKER_HOST !== '') facts.dockerHost = env.DOCKER_HOST;
  facts.currentBuilder = resolveCurrent(facts, env);
  facts.orphans = findOrphans(containers, volumes, knownNodeNames(facts), unreadableInstanceNames(instanceFiles));
  const disk = await diskFree(info.parsed?.dockerRootDir, facts.dockerHost);
  if (disk) facts.disk = disk;

  if (level === 'full' && !daemonDown(facts)) await gatherFull(deps, opts, facts);
  return facts;
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
      facts.bootstraps[b.name] = await docker.inspect(b.name, true);
    }
  }
  if (opts.baseline && facts.currentBuilder !== undefined) {
    const cur = facts.builders.find((b) => b.name === facts.currentBuilder);
    if (cur === undefined || cur.status !== 'error') await timeBaseline(docker, facts, facts.currentBuilder);
  }
}

async function timeBaseline(docker: Docker, facts: Facts, builder: string): Promise<void> {
  const token = `bkh-baseline-${randomBytes(8).toString('hex')}`;
  const spec = { ...baselineSpec(token), builder };
  const r = await runTestBuild(docker, spec, docker.timeouts.build);
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
      if (typeof v.Name === 'string' && v.Name !== '' && knownBuilderNames(facts).has(v.Name.toLowerCase())) return v.Name;
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
        const t: StateFile = { path: `${f.path}#${n.Name ?? ''}/${name}`, content: Buffer.from(b64, 'base64').toString('utf8') };
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
  const names = await Promise.all(dirs.map(async (d) => {
    try {
      const m = JSON.parse(await readFile(join(metaDir, d, 'meta.json'), 'utf8')) as { Name?: unknown };
      return typeof m.Name === 'string' ? m.Name : undefined;
    } catch {
      return undefined;
    }
  }));
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

function jsonLines(r: CommandResult): Record<string, unknown>[] {
  if (r.exitCode !== 0 || r.timedOut) return [];
  const out: Record<string, unknown>[] = [];
  for (const line of r.stdout.split('\n')) {
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
 * `buildx_buildkit_<node>` containers and `buildx_buildkit_<node>_state` volumes whose node no
 * builder has. The node of builder B is `B0`, `B1`...; the builder name is the node minus its index.
 */
export function findOrphans(containers: CommandResult, volumes: CommandResult, nodes: Set<string>, unreadable: string[]): OrphanCandidate[] {
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
  for (const c of jsonLines(containers)) {
    // `Names` may list several names separated by commas.
    for (const n of String(c.Names ?? '').split(',')) consider('container', n.trim(), typeof c.State === 'string' ? c.State : undefined);
  }
  for (const v of jsonLines(volumes)) consider('volume', String(v.Name ?? ''));
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
    return { path: rootDir, freeBytes, totalBytes, evidence: `statfs(${rootDir}): bsize=${s.bsize} blocks=${s.blocks} bavail=${s.bavail}` };
  } catch {
    // The daemon's root is not visible here (daemon in a VM or another namespace).
    return undefined;
  }
}
