/**
 * The reinstall phase: put back what clean removed or what diagnose found missing.
 * - buildx at a pinned version (install-buildx.ts), or a broken user-level plugin moved aside
 *   when a working system plugin stands behind it;
 * - BuildKit enabled in daemon.json (other keys kept), and GC limits for the docker driver;
 *   the daemon is restarted ONLY through the user's `daemonRestartCommand`;
 * - QEMU binfmt handlers for the platforms asked for (`binfmtCommand` when missing);
 * - the builders declared, or those the instance files held before clean, and the builder in use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import type { Action } from '../core/report.js';
import type { Builder, Finding } from '../core/types.js';
import type { Deps } from '../docker/deps.js';
import type { BuilderSpec, Options } from '../core/options.js';
import type { StateFile } from '../checks/types.js';
import { errorMessage } from '../core/errors.js';
import { commandLine, succeeded } from '../docker/runner.js';
import { installBuildx, planInstall } from '../tasks/install-buildx.js';
import { SYSTEM_PLUGIN_DIRS } from '../docker/plugin.js';
import type { InstanceFile } from '../docker/parse/types.js';

export interface ReinstallInput {
  mode: 'repair' | 'reinstall';
  /** Diagnose findings (before clean): their repairs say what to put back. */
  findings: Finding[];
  /** Builders and instance files as diagnose saw them before clean. */
  builders: Builder[];
  instanceFiles: StateFile[];
  currentBuilder?: string;
  /** Builders the clean phase removed (recreated here when they were healthy definitions). */
  removed: string[];
  /** Builders the clean phase left alone (a build in progress, or a loop fixed since diagnose): never created over. */
  kept?: string[];
  options: Options;
}

export interface ReinstallResult {
  actions: Action[];
  notes: string[];
  ok: boolean;
}

// ---------------------------------------------------------------------------------------------
// Builder definitions

/** buildx adds this flag itself; passing it back would only repeat it. */
const IMPLICIT_FLAGS = new Set(['--allow-insecure-entitlement=network.host']);

/**
 * A builder spec from a buildx instance file (the only place that keeps driver options, flags,
 * platforms and the buildkitd.toml the builder was created with). Undefined when unreadable.
 */
export function specFromInstance(content: string, dockerHost?: string): BuilderSpec | undefined {
  let j: InstanceFile;
  try {
    j = JSON.parse(content) as InstanceFile;
  } catch {
    return undefined;
  }
  if (typeof j.Name !== 'string' || typeof j.Driver !== 'string') return undefined;
  const node = j.Nodes?.[0];
  const spec: BuilderSpec = {
    name: j.Name,
    driver: j.Driver as BuilderSpec['driver'],
    driverOpts: { ...(node?.DriverOpts ?? {}) },
    platforms: [],
    use: false,
  };
  for (const p of node?.Platforms ?? []) {
    if (typeof p === 'string') spec.platforms.push(p);
    else if (p.os && p.architecture) spec.platforms.push([p.os, p.architecture, p.variant].filter(Boolean).join('/'));
  }
  if (typeof node?.Name === 'string' && node.Name !== '' && node.Name !== `${j.Name}0`) spec.node = node.Name;
  const flags = (node?.Flags ?? []).filter((f) => !IMPLICIT_FLAGS.has(f));
  if (flags.length > 0) spec.buildkitdFlags = flags.join(' ');
  const toml = node?.Files?.['buildkitd.toml'];
  if (toml !== undefined) spec.buildkitdConfigInline = Buffer.from(toml, 'base64').toString('utf8');
  // The node endpoint is the daemon socket for docker-container builders on this daemon: leave it
  // implicit so the builder follows DOCKER_HOST, as buildx create did.
  if (node?.Endpoint && node.Endpoint !== dockerHost && node.Endpoint !== 'default') spec.endpoint = node.Endpoint;
  return spec;
}

/** `docker buildx create` argv for a spec; `configFile` is where an inline config was written. */
export function createArgs(spec: BuilderSpec, configFile?: string): string[] {
  const args = ['buildx', 'create', '--name', spec.name, '--driver', spec.driver];
  for (const [k, v] of Object.entries(spec.driverOpts).sort(([a], [b]) => a.localeCompare(b)))
    args.push('--driver-opt', `${k}=${v}`);
  if (spec.platforms.length > 0) args.push('--platform', spec.platforms.join(','));
  const cfg = configFile ?? spec.buildkitdConfigFile;
  if (cfg !== undefined) args.push('--buildkitd-config', cfg);
  if (spec.buildkitdFlags !== undefined) args.push('--buildkitd-flags', spec.buildkitdFlags);
  if (spec.node !== undefined) args.push('--node', spec.node);
  if (spec.endpoint !== undefined) args.push(spec.endpoint);
  return args;
}

// ---------------------------------------------------------------------------------------------
// GC configuration

/** GC settings the user asks for (`Options.reinstall.gcKeepStorage` / `gcKeepDuration`). */
export interface GcSettings {
  keepStorage?: string;
  keepDuration?: string;
}

function gcSettings(o: Options): GcSettings | undefined {
  const r = o.reinstall;
  if (r.gcKeepStorage === undefined && r.gcKeepDuration === undefined) return undefined;
  const out: GcSettings = {};
  if (r.gcKeepStorage !== undefined) out.keepStorage = r.gcKeepStorage;
  if (r.gcKeepDuration !== undefined) out.keepDuration = r.gcKeepDuration;
  return out;
}

/** daemon.json `builder.gc` for the docker driver's embedded BuildKit. */
export function daemonGc(gc: GcSettings): Record<string, unknown> {
  const policy: Record<string, unknown>[] = [];
  if (gc.keepDuration !== undefined) {
    const p: Record<string, unknown> = { filter: [`unused-for=${gc.keepDuration}`] };
    if (gc.keepStorage !== undefined) p.keepStorage = gc.keepStorage;
    policy.push(p);
  }
  if (gc.keepStorage !== undefined) policy.push({ keepStorage: gc.keepStorage, all: true });
  const out: Record<string, unknown> = { enabled: true, policy };
  if (gc.keepStorage !== undefined) out.defaultKeepStorage = gc.keepStorage;
  return out;
}

/** buildkitd.toml with GC on and the user's policy (existing settings kept). */
export function withGcPolicy(toml: string | undefined, gc: GcSettings): string {
  const doc = (toml !== undefined && toml.trim() !== '' ? parseToml(toml) : {}) as Record<string, unknown>;
  const worker = (doc.worker ??= {}) as Record<string, unknown>;
  const oci = (worker.oci ??= {}) as Record<string, unknown>;
  oci.gc = true;
  if (gc.keepStorage !== undefined) oci.gckeepstorage = gc.keepStorage;
  const policy: Record<string, unknown>[] = [];
  if (gc.keepDuration !== undefined) {
    const p: Record<string, unknown> = { keepDuration: gc.keepDuration };
    if (gc.keepStorage !== undefined) p.keepBytes = gc.keepStorage;
    policy.push(p);
  }
  if (gc.keepStorage !== undefined) policy.push({ all: true, keepBytes: gc.keepStorage });
  oci.gcpolicy = policy;
  return stringifyToml(doc) + '\n';
}

// ---------------------------------------------------------------------------------------------
// daemon.json

/** Sets `features.buildkit=true` (and `builder.gc` when asked) keeping every other key. */
export function editDaemonJson(
  content: string | undefined,
  opts: { enableBuildkit: boolean; gc?: GcSettings },
): { text: string; changed: boolean } {
  const doc = (content !== undefined && content.trim() !== '' ? JSON.parse(content) : {}) as Record<string, unknown>;
  const before = JSON.stringify(doc);
  if (opts.enableBuildkit) {
    const features = (typeof doc.features === 'object' && doc.features !== null ? doc.features : {}) as Record<
      string,
      unknown
    >;
    features.buildkit = true;
    doc.features = features;
  }
  if (opts.gc !== undefined) {
    const builder = (typeof doc.builder === 'object' && doc.builder !== null ? doc.builder : {}) as Record<
      string,
      unknown
    >;
    builder.gc = daemonGc(opts.gc);
    doc.builder = builder;
  }
  return { text: JSON.stringify(doc, null, 2) + '\n', changed: JSON.stringify(doc) !== before };
}

function daemonJsonPath(input: ReinstallInput): string | undefined {
  const f = input.findings.find((x) => x.repair?.action === 'daemon.enable-buildkit');
  const target = f?.repair?.target;
  if (target !== undefined && target.endsWith('.json')) return target;
  const paths = input.options.diagnose.daemonJsonPaths;
  return paths.find((p) => existsSync(p)) ?? paths[0];
}

/** Writes a file atomically; dry-run records it instead. */
async function writeAtomic(deps: Deps, path: string, text: string, dryRun: boolean): Promise<void> {
  if (dryRun) {
    deps.docker.runner.recordChange?.(['write', path]);
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

// ---------------------------------------------------------------------------------------------
// QEMU binfmt

const QEMU_NAMES: Record<string, string> = {
  arm64: 'aarch64',
  'arm/v8': 'aarch64',
  arm: 'arm',
  'arm/v7': 'arm',
  'arm/v6': 'arm',
  amd64: 'x86_64',
  '386': 'i386',
  ppc64le: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  mips64le: 'mips64el',
  mips64: 'mips64',
  loong64: 'loongarch64',
};
const NATIVE: Record<string, string[]> = {
  x64: ['amd64', '386'],
  arm64: ['arm64', 'arm/v8', 'arm', 'arm/v7', 'arm/v6'],
};

/** The binfmt_misc entry a platform needs, or undefined when the host runs it natively. */
export function qemuHandler(platform: string, hostArch = process.arch): string | undefined {
  const arch = platform.replace(/^linux\//, '');
  if ((NATIVE[hostArch] ?? []).includes(arch)) return undefined;
  const name = QEMU_NAMES[arch] ?? QEMU_NAMES[arch.split('/')[0] ?? ''];
  return name === undefined ? undefined : `qemu-${name}`;
}

export function binfmtEnabled(dir: string, handler: string): boolean {
  try {
    const p = join(dir, handler);
    if (!existsSync(p)) return false;
    // The entry's first line says `enabled` or `disabled`.
    return /^enabled/m.test(readFileSync(p, 'utf8'));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The phase

async function runShell(deps: Deps, command: string, timeoutMs: number) {
  return deps.docker.runner.run('sh', ['-c', command], { timeoutMs, mutates: true });
}

export interface ReinstallContext {
  /** binfmt_misc directory; tests may point elsewhere. */
  binfmtDir?: string;
  /** System plugin directories that may stand behind a broken user-level plugin. */
  systemPluginDirs?: string[];
}

export async function reinstall(
  deps: Deps,
  input: ReinstallInput,
  ctx: ReinstallContext = {},
): Promise<ReinstallResult> {
  const actions: Action[] = [];
  const notes: string[] = [];
  const o = input.options;
  const dryRun = o.dryRun;
  const wants = (id: string) => input.findings.some((f) => f.repair?.action === id && f.repair.automatic);

  // 1. buildx plugin
  const plan = planInstall(o.reinstall, deps.docker.paths.cliPluginsDir);
  if (plan !== undefined && (input.mode === 'reinstall' || wants('buildx.reinstall'))) {
    try {
      const r = await installBuildx(deps, plan, { dryRun });
      actions.push(r.action);
    } catch (e) {
      actions.push({ action: 'buildx.install', target: plan.dest, ok: false, detail: errorMessage(e) });
      return { actions, notes, ok: false };
    }
  } else if (wants('buildx.reinstall')) {
    actions.push(await restoreSystemPlugin(deps, dryRun, ctx.systemPluginDirs ?? SYSTEM_PLUGIN_DIRS, notes));
  }

  // 2. daemon.json: BuildKit on, GC for the docker driver; restart only through the user's command
  const gc = gcSettings(o);
  const enable = wants('daemon.enable-buildkit');
  if (enable || gc !== undefined) {
    const path = daemonJsonPath(input);
    if (path === undefined) {
      notes.push('daemon.json: no path to write (diagnose.daemonJsonPaths is empty)');
    } else {
      const a = await editDaemon(deps, path, enable, gc, dryRun, notes);
      actions.push(a);
      if (a.ok && a.detail !== 'unchanged') actions.push(...(await restartDaemon(deps, o, dryRun, notes)));
    }
  }

  // 3. QEMU binfmt for the platforms asked for
  const platforms = [...new Set([...o.reinstall.platforms, ...o.validate.platforms])];
  actions.push(
    ...(await ensureBinfmt(
      deps,
      platforms,
      o.reinstall.binfmtCommand,
      ctx.binfmtDir ?? '/proc/sys/fs/binfmt_misc',
      dryRun,
      notes,
    )),
  );

  // 4. builders and the one in use
  actions.push(...(await ensureBuilders(deps, input, gc, notes)));

  return { actions, notes, ok: actions.every((a) => a.ok) };
}

async function restoreSystemPlugin(
  deps: Deps,
  dryRun: boolean,
  systemDirs: string[],
  notes: string[],
): Promise<Action> {
  const user = join(deps.docker.paths.cliPluginsDir, 'docker-buildx');
  const system = systemDirs.map((d) => join(d, 'docker-buildx')).find((p) => existsSync(p));
  if (!existsSync(user) || system === undefined) {
    notes.push(
      'buildx is missing or broken: set buildx-version (with buildx-sha256 or a checksums URL) or buildx-file to reinstall it',
    );
    return {
      action: 'buildx.reinstall',
      target: user,
      ok: false,
      detail: 'no pinned version or local file given, and no system plugin to fall back to',
    };
  }
  // A broken plugin in the user's directory shadows the system one; moving it aside (the backup
  // holds it) lets the working system plugin serve again.
  // Not `docker-*`: the CLI would list such a file as an invalid plugin.
  const aside = join(deps.docker.paths.cliPluginsDir, `.docker-buildx.broken-${Date.now()}`);
  const command = commandLine(['mv', user, aside]);
  if (dryRun) {
    deps.docker.runner.recordChange?.(['mv', user, aside]);
    return { action: 'buildx.reinstall', target: user, ok: true, dryRun: true, command };
  }
  await rename(user, aside);
  const v = await deps.docker.buildx(['version'], { timeoutMs: deps.docker.timeouts.probe });
  const ok = succeeded(v) && /buildx/.test(v.stdout);
  return {
    action: 'buildx.reinstall',
    target: user,
    ok,
    command,
    detail: ok
      ? `moved aside; ${system} answers: ${v.stdout.trim()}`
      : `moved aside, but docker buildx version still fails: ${v.stderr.trim()}`,
  };
}

async function editDaemon(
  deps: Deps,
  path: string,
  enable: boolean,
  gc: GcSettings | undefined,
  dryRun: boolean,
  notes: string[],
): Promise<Action> {
  let content: string | undefined;
  try {
    content = existsSync(path) ? await readFile(path, 'utf8') : undefined;
  } catch (e) {
    return { action: 'daemon.enable-buildkit', target: path, ok: false, detail: `cannot read: ${errorMessage(e)}` };
  }
  let edited;
  try {
    edited = editDaemonJson(content, gc === undefined ? { enableBuildkit: enable } : { enableBuildkit: enable, gc });
  } catch (e) {
    // An invalid daemon.json is its own finding; never overwrite what we cannot read.
    notes.push(`${path} is not valid JSON; left untouched`);
    return {
      action: enable ? 'daemon.enable-buildkit' : 'daemon.gc',
      target: path,
      ok: false,
      detail: errorMessage(e),
    };
  }
  const action = enable ? 'daemon.enable-buildkit' : 'daemon.gc';
  if (!edited.changed) return { action, target: path, ok: true, detail: 'unchanged' };
  try {
    await writeAtomic(deps, path, edited.text, dryRun);
  } catch (e) {
    return { action, target: path, ok: false, detail: errorMessage(e) };
  }
  const a: Action = {
    action,
    target: path,
    ok: true,
    command: `write ${path}`,
    detail: [enable ? 'features.buildkit=true' : '', gc ? 'builder.gc set' : ''].filter(Boolean).join('; '),
  };
  if (dryRun) a.dryRun = true;
  return a;
}

async function restartDaemon(deps: Deps, o: Options, dryRun: boolean, notes: string[]): Promise<Action[]> {
  const cmd = o.reinstall.daemonRestartCommand;
  if (cmd === undefined || cmd.trim() === '') {
    notes.push(
      'daemon.json changed: the Docker daemon must be restarted for it to take effect (no daemon-restart-command given; a restart is never guessed)',
    );
    return [];
  }
  const r = await runShell(deps, cmd, deps.docker.timeouts.slow);
  const a: Action = {
    action: 'daemon.restart',
    target: 'daemon',
    ok: succeeded(r),
    command: commandLine(['sh', '-c', cmd]),
  };
  if (r.dryRun) {
    a.dryRun = true;
    return [a];
  }
  if (!a.ok) {
    a.detail = r.stderr.trim() || `exit ${String(r.exitCode)}`;
    return [a];
  }
  // Wait for the daemon to answer again.
  const deadline = Date.now() + deps.docker.timeouts.slow;
  for (;;) {
    const info = await deps.docker.run(['info', '--format', '{{.ServerVersion}}'], {
      timeoutMs: deps.docker.timeouts.probe,
    });
    if (succeeded(info) && info.stdout.trim() !== '') break;
    if (Date.now() > deadline) {
      a.ok = false;
      a.detail = 'the daemon did not answer after the restart';
      break;
    }
    await new Promise((res) => setTimeout(res, 500));
  }
  return [a];
}

async function ensureBinfmt(
  deps: Deps,
  platforms: string[],
  command: string | undefined,
  dir: string,
  dryRun: boolean,
  notes: string[],
): Promise<Action[]> {
  const missing = platforms
    .map((p) => ({ p, h: qemuHandler(p) }))
    .filter((x): x is { p: string; h: string } => x.h !== undefined && !binfmtEnabled(dir, x.h));
  if (missing.length === 0) return [];
  const list = missing.map((m) => m.p).join(', ');
  if (command === undefined || command.trim() === '') {
    notes.push(`QEMU binfmt handlers missing for ${list}: give binfmt-command to install them`);
    return [{ action: 'binfmt.install', target: list, ok: false, detail: 'missing, and no binfmt-command given' }];
  }
  const r = await runShell(deps, command, deps.docker.timeouts.slow);
  const a: Action = {
    action: 'binfmt.install',
    target: list,
    ok: succeeded(r),
    command: commandLine(['sh', '-c', command]),
  };
  if (r.dryRun || dryRun) {
    a.dryRun = true;
    return [a];
  }
  const still = missing.filter((m) => !binfmtEnabled(dir, m.h));
  if (still.length > 0) {
    a.ok = false;
    a.detail = `still missing after the command: ${still.map((m) => m.h).join(', ')}`;
  }
  return [a];
}

async function ensureBuilders(
  deps: Deps,
  input: ReinstallInput,
  gc: GcSettings | undefined,
  notes: string[],
): Promise<Action[]> {
  const actions: Action[] = [];
  const { specs, fromInstances, recreate } = builderSpecs(deps, input, notes);
  const unknownDrivers = skipUnknownDrivers(input, fromInstances, notes, actions);
  const created = await createBuilders(deps, input, { specs, recreate, unknownDrivers }, gc, notes, actions);
  const use = builderToUse(input, specs, created, unknownDrivers, notes);
  let target = use.target;
  // A builder created in this run is bootstrapped before it is put in use: one that cannot start is never used.
  const fresh = created.get(target);
  if (fresh?.ok === true && fresh.dryRun !== true) {
    const b = await deps.docker.inspect(target, true);
    const a: Action = { action: 'builder.bootstrap', target, ok: succeeded(b.result) };
    if (!a.ok) {
      // The builder in use before the heal stays in use (when it is still there and not this one).
      const back = use.fallback !== target ? use.fallback : 'default';
      a.detail = `${b.result.stderr.trim().split('\n').filter(Boolean).at(-1) ?? 'bootstrap failed'}: not put in use`;
      notes.push(
        `builder ${target} did not bootstrap: not put in use; ${back}${back === use.previous ? ', the builder in use before the heal,' : ''} is used instead`,
      );
      target = back;
    }
    actions.push(a);
  }
  if (use.declared || input.removed.includes(use.previous ?? '') || specs.length > 0)
    actions.push(await useBuilder(deps, target));
  return actions;
}

/**
 * The builders to create: the declared ones, else (reinstall) every removed one, else (repair) the
 * ones a finding says to re-create, each from its instance file.
 */
function builderSpecs(
  deps: Deps,
  input: ReinstallInput,
  notes: string[],
): { specs: BuilderSpec[]; fromInstances: Map<string, BuilderSpec>; recreate: Set<string> } {
  const o = input.options;
  const dockerHost = deps.env.DOCKER_HOST;
  const fromInstances = new Map<string, BuilderSpec>();
  for (const f of input.instanceFiles) {
    const s = f.content !== undefined ? specFromInstance(f.content, dockerHost) : undefined;
    if (s !== undefined) fromInstances.set(s.name, s);
  }
  const recreate = new Set(
    input.findings
      .filter((f) => f.repair?.action === 'builder.recreate' && f.repair.automatic)
      .map((f) => f.repair?.target ?? f.subject),
  );
  let specs: BuilderSpec[];
  if (o.reinstall.builders !== undefined) specs = o.reinstall.builders;
  else if (input.mode === 'reinstall')
    specs = input.removed.map((n) => fromInstances.get(n)).filter((s): s is BuilderSpec => s !== undefined);
  else specs = [...recreate].map((n) => fromInstances.get(n)).filter((s): s is BuilderSpec => s !== undefined);
  for (const n of recreate)
    if (!fromInstances.has(n) && !specs.some((s) => s.name === n))
      notes.push(`builder ${n}: no readable definition to recreate it from`);
  return { specs, fromInstances, recreate };
}

/** Builders whose driver this buildx does not know: forgotten by clean, never re-created. Returns their names, lower case. */
function skipUnknownDrivers(
  input: ReinstallInput,
  fromInstances: Map<string, BuilderSpec>,
  notes: string[],
  actions: Action[],
): Set<string> {
  const unknown = input.findings.filter((f) => f.id === 'builder.unknown-driver');
  for (const f of unknown) {
    const driver = fromInstances.get(f.subject)?.driver;
    const detail = `not re-created: its driver${driver !== undefined ? ` "${driver}"` : ''} is unknown to this buildx (its instance file is kept in the backup and under buildkit-healer/removed-instances when buildx rm could not remove it)`;
    notes.push(`builder ${f.subject}: ${detail}`);
    actions.push({ action: 'builder.skip', target: f.subject, ok: true, detail });
  }
  return new Set(unknown.map((f) => f.subject.toLowerCase()));
}

/**
 * Creates each builder to create, except `default`, a skipped one, one with a build in progress
 * and (repair) one that exists and was not removed. Returns what each created builder came to.
 */
async function createBuilders(
  deps: Deps,
  input: ReinstallInput,
  plan: { specs: BuilderSpec[]; recreate: Set<string>; unknownDrivers: Set<string> },
  gc: GcSettings | undefined,
  notes: string[],
  actions: Action[],
): Promise<Map<string, Action>> {
  // Only a builder that was (re)created and bootstrapped now, or that exists and was left alone, may be put in use.
  const created = new Map<string, Action>();
  for (const spec of plan.specs) {
    if (spec.name === 'default' || plan.unknownDrivers.has(spec.name.toLowerCase())) continue;
    if (input.kept?.includes(spec.name)) {
      notes.push(
        `builder ${spec.name}: kept by clean (a build is in progress there, or it runs again since diagnose), left as it is (not recreated)`,
      );
      continue;
    }
    // In repair mode a declared builder that exists and was not removed is left alone.
    if (
      input.mode === 'repair' &&
      !input.removed.includes(spec.name) &&
      !plan.recreate.has(spec.name) &&
      (await builderExists(deps, spec))
    )
      continue;
    const a = await createBuilder(deps, spec, gc, input.options.dryRun);
    actions.push(a);
    created.set(spec.name, a);
  }
  return created;
}

/** The builder in use: the declared one, else the one in use before (when it exists again), else default. */
function builderToUse(
  input: ReinstallInput,
  specs: BuilderSpec[],
  created: Map<string, Action>,
  unknownDrivers: Set<string>,
  notes: string[],
): { target: string; declared: boolean; previous: string | undefined; fallback: string } {
  const declaredSpec = specs.find((s) => s.use);
  // A forgotten builder (unknown driver) is never put back in use.
  const previous =
    input.currentBuilder !== undefined && unknownDrivers.has(input.currentBuilder.toLowerCase())
      ? undefined
      : input.currentBuilder;
  const usable = (name: string): boolean => {
    if (unknownDrivers.has(name.toLowerCase())) return false;
    const a = created.get(name);
    return a === undefined ? !input.removed.includes(name) || input.kept?.includes(name) === true : a.ok;
  };
  const fallback =
    previous !== undefined &&
    (previous === 'default' ||
      (specs.some((s) => s.name === previous) ? usable(previous) : !input.removed.includes(previous)))
      ? previous
      : 'default';
  let declared = declaredSpec?.name;
  if (declared !== undefined && declared !== 'default' && !usable(declared)) {
    const why = unknownDrivers.has(declared.toLowerCase())
      ? 'it was skipped (its driver is unknown to this buildx)'
      : 'it was not created';
    notes.push(
      `builder ${declared} is declared with use: true, but ${why}: not put in use; ${fallback} is used instead`,
    );
    declared = undefined;
  }
  return { target: declared ?? fallback, declared: declaredSpec !== undefined, previous, fallback };
}

async function useBuilder(deps: Deps, target: string): Promise<Action> {
  const args = ['buildx', 'use', target];
  const r = await deps.docker.run(args, { timeoutMs: deps.docker.timeouts.probe, mutates: true });
  const a: Action = {
    action: 'builder.use',
    target,
    ok: succeeded(r),
    command: commandLine([deps.docker.bin, ...args]),
  };
  if (r.dryRun) a.dryRun = true;
  if (!a.ok) a.detail = r.stderr.trim();
  return a;
}

async function builderExists(deps: Deps, spec: BuilderSpec): Promise<boolean> {
  const args = spec.driver === 'docker' ? ['context', 'inspect', spec.name] : ['buildx', 'inspect', spec.name];
  const r = await deps.docker.run(args, { timeoutMs: deps.docker.timeouts.probe });
  return succeeded(r);
}

async function createBuilder(
  deps: Deps,
  spec: BuilderSpec,
  gc: GcSettings | undefined,
  dryRun: boolean,
): Promise<Action> {
  if (spec.driver === 'docker') {
    // Docker-driver builders are contexts: create the context unless it is there.
    if (await builderExists(deps, spec))
      return { action: 'builder.create', target: spec.name, ok: true, detail: 'context exists' };
    if (spec.endpoint === undefined)
      return {
        action: 'builder.create',
        target: spec.name,
        ok: false,
        detail: 'a docker-driver builder needs an endpoint (its context host)',
      };
    const args = ['context', 'create', spec.name, '--docker', `host=${spec.endpoint}`];
    return runCreate(deps, spec.name, args);
  }
  let configFile: string | undefined;
  let config = spec.buildkitdConfigInline;
  if (gc !== undefined)
    config = withGcPolicy(
      config ??
        (spec.buildkitdConfigFile !== undefined && existsSync(spec.buildkitdConfigFile)
          ? await readFile(spec.buildkitdConfigFile, 'utf8')
          : undefined),
      gc,
    );
  if (config !== undefined) {
    // buildx copies the file into the instance at create time; we keep our copy beside the state.
    configFile = join(deps.docker.paths.configDir, 'buildkit-healer', 'buildkitd', `${spec.name}.toml`);
    await writeAtomic(deps, configFile, config, dryRun);
  }
  return runCreate(deps, spec.name, createArgs(spec, configFile));
}

async function runCreate(deps: Deps, name: string, args: string[]): Promise<Action> {
  const r = await deps.docker.run(args, { timeoutMs: deps.docker.timeouts.slow, mutates: true });
  const a: Action = {
    action: 'builder.create',
    target: name,
    ok: succeeded(r),
    command: commandLine([deps.docker.bin, ...args]),
  };
  if (r.dryRun) a.dryRun = true;
  if (!a.ok) a.detail = r.stderr.trim() || r.spawnError || `exit ${String(r.exitCode)}`;
  return a;
}
