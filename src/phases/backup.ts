/**
 * The backup phase: before anything is removed, one verified bundle of everything needed to put
 * BuildKit back as it was: buildx state files, contexts' metadata, buildkitd.toml files in use,
 * daemon.json, docker config.json (redacted), `ls`/`inspect`/`du` output, versions, and on request
 * cache directories and docker-container builders' state. The bundle is read back and every
 * entry checked before the backup is reported verified.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, lstat, mkdtemp, open, readFile, readdir, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Deps } from '../docker/deps.js';
import { SafetyError, errorMessage } from '../core/errors.js';
import type { BackupOptions } from '../core/options.js';
import type { BackupRef } from '../core/report.js';
import type { CommandResult } from '../core/types.js';
import type { Facts } from '../checks/types.js';
import { succeeded } from '../docker/runner.js';
import { openStore } from '../stores/index.js';
import { checkBackupName } from '../stores/local.js';
import { backupName, compactTimestamp, sanitizeForArtifact, validateArtifactName } from '../stores/names.js';
import type { Store } from '../stores/types.js';
import type { BundleBuilder, BundleCommand, FileKind, GitHubOrigin, Manifest, NewFile } from '../bundle/bundle.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BundleWriter, GITHUB_REPO_RE, hashFile, readBundle } from '../bundle/bundle.js';
import { REDACTED, redactContextMeta, redactDockerConfig, redactStateJson } from '../bundle/redact.js';

export interface BackupExtra {
  /** A name the user gave; default `buildkit-backup-<host>-<time>-<rand>`. */
  name?: string;
  /** The store to save to; default `openStore(options.store, options, deps)`. */
  store?: Store;
  /** daemon.json candidates (the first existing one is backed up) when facts did not find one. */
  daemonJsonPaths?: string[];
  /** buildkitd.toml files to back up besides those the facts found. */
  buildkitdTomlPaths?: string[];
}

export interface BackupResult {
  ref: BackupRef;
  /** The verified bundle file (the stored copy for the local store). */
  bundlePath: string;
  manifest: Manifest;
}

/**
 * Off GitHub: `buildkit-backup-<host>-<YYYYMMDDTHHMMSSZ>-<rand>`. On a runner (GITHUB_RUN_ID set):
 * `backupName()`'s `buildkit-healer-<runner>-<run id>-<attempt>-<time>` so the artifact list shows
 * which job made it, plus `-<rand>` so two heals in one second of one job never collide.
 */
export function defaultBackupName(host: string, now: Date, env: NodeJS.ProcessEnv = {}): string {
  const rand = randomBytes(3).toString('hex');
  if ((env.GITHUB_RUN_ID ?? '').trim() !== '') {
    const parts = {
      host,
      now,
      runId: env.GITHUB_RUN_ID as string,
      ...(env.RUNNER_NAME ? { runner: env.RUNNER_NAME } : {}),
      ...(env.GITHUB_RUN_ATTEMPT ? { attempt: env.GITHUB_RUN_ATTEMPT } : {}),
    };
    return validateArtifactName(`${backupName(parts)}-${rand}`);
  }
  return `buildkit-backup-${sanitizeForArtifact(host)}-${compactTimestamp(now)}-${rand}`;
}

const SECRET_KV = /(\b[\w.-]*(?:token|password|passwd|secret)[\w.-]*\s*[=:]\s*)("[^"\n]*"|[^\s,\]]+)/gi;

/** Command output may print driver options (`env.*TOKEN*=...`): such values are masked. */
export function redactText(s: string): string {
  return s.replace(SECRET_KV, `$1${REDACTED}`);
}

/** Options of a builder for the manifest, secret values masked. */
function maskOptions(o: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) out[k] = /token|password|passwd|secret/i.test(k) ? REDACTED : v;
  return out;
}

interface InstanceNode {
  Name?: string;
  Endpoint?: string;
  Platforms?: { os?: string; architecture?: string; variant?: string }[] | null;
  DriverOpts?: Record<string, string> | null;
  Flags?: string[] | null;
}

interface InstanceFile {
  Name?: string;
  Driver?: string;
  Nodes?: InstanceNode[];
}

function platformString(p: { os?: string; architecture?: string; variant?: string }): string {
  return [p.os, p.architecture, p.variant].filter((x) => x !== undefined && x !== '').join('/');
}

/** Builder definitions from the facts, completed by the instance files (what `create` was given). */
export function bundleBuilders(facts: Facts, instances: Map<string, InstanceFile>): BundleBuilder[] {
  return facts.builders.map((b) => {
    const inst = instances.get(b.name);
    const inspect = facts.inspects[b.name]?.parsed;
    const nodes = b.nodes.map((n, i) => {
      const inode = inst?.Nodes?.find((x) => x.Name === n.name) ?? inst?.Nodes?.[i];
      const inspected = inspect?.nodes.find((x) => x.name === n.name);
      const node: BundleBuilder['nodes'][number] = {
        name: n.name,
        endpoint: n.endpoint,
        platforms: inode?.Platforms ? inode.Platforms.map(platformString) : n.platforms,
        status: n.status,
        driverOptions: maskOptions(inode?.DriverOpts ?? inspected?.driverOptions ?? {}),
      };
      const flags = inode?.Flags ?? n.flags;
      if (flags && flags.length > 0) node.flags = flags;
      return node;
    });
    const first = inst?.Nodes?.[0];
    const out: BundleBuilder = {
      name: b.name,
      driver: b.driver,
      status: b.status,
      current: b.current,
      // Re-created with the platforms the user set, never every platform the node supports.
      platforms: first?.Platforms ? first.Platforms.map(platformString) : (b.nodes[0]?.userPlatforms ?? []),
      driverOptions: maskOptions(first?.DriverOpts ?? inspect?.nodes[0]?.driverOptions ?? {}),
      nodes,
    };
    if (b.dynamic !== undefined) out.dynamic = b.dynamic;
    else if (inst !== undefined) out.dynamic = true;
    return out;
  });
}

/** Regular files directly in `dir` (symlinks and specials reported, never followed). */
async function listDir(dir: string, omitted: Manifest['omitted']): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) {
    const p = join(dir, n);
    const st = await lstat(p).catch(() => undefined);
    if (st === undefined) continue;
    if (st.isFile()) out.push(p);
    else if (!st.isDirectory())
      omitted.push({ path: p, reason: st.isSymbolicLink() ? 'symlink, not followed' : 'not a regular file' });
  }
  return out;
}

/** Every file under `dir`, recursively; specials and symlinks reported and skipped. */
async function walk(dir: string, omitted: Manifest['omitted'], out: { path: string; mode: number }[]): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (e) {
    omitted.push({ path: dir, reason: `cannot read: ${errorMessage(e)}` });
    return;
  }
  for (const n of names) {
    const p = join(dir, n);
    const st = await lstat(p).catch(() => undefined);
    if (st === undefined) continue;
    if (st.isDirectory()) await walk(p, omitted, out);
    else if (st.isFile()) out.push({ path: p, mode: st.mode & 0o7777 });
    else
      omitted.push({
        path: p,
        reason: st.isSymbolicLink() ? 'symlink, not followed' : 'special file (device, socket or fifo), skipped',
      });
  }
}

async function modeOf(p: string): Promise<number> {
  return (await lstat(p)).mode & 0o7777;
}

async function exists(p: string): Promise<boolean> {
  const st = await lstat(p).catch(() => undefined);
  return st?.isFile() === true;
}

interface Collector {
  w: BundleWriter;
  manifest: Omit<Manifest, 'files'>;
  /** docker-container builders' state: what went into the bundle, or why not (for the report). */
  state: NonNullable<BackupRef['builderState']>;
}

async function addCommand(c: Collector, label: string, r: CommandResult): Promise<void> {
  const cmd: BundleCommand = { label, argv: r.argv, exitCode: r.exitCode };
  if (r.stdout !== '')
    cmd.stdoutEntry = (
      await c.w.addContent({ path: `cmd:${label}.stdout`, kind: 'command-output', mode: 0o644 }, redactText(r.stdout))
    ).entry;
  if (r.stderr !== '')
    cmd.stderrEntry = (
      await c.w.addContent({ path: `cmd:${label}.stderr`, kind: 'command-output', mode: 0o644 }, redactText(r.stderr))
    ).entry;
  c.manifest.commands.push(cmd);
}

/** A state file, JSON ones with secret fields masked. */
async function addState(c: Collector, path: string, kind: FileKind, json: boolean): Promise<string | undefined> {
  try {
    await access(path, constants.R_OK);
  } catch (e) {
    // A file this user cannot read (left root-owned by an earlier sudo) is listed, not a failed backup.
    c.manifest.omitted.push({
      path,
      reason: `unreadable for this user (${errorMessage(e)}); fix: sudo chown -R "$USER" ${dirname(path)}`,
    });
    return undefined;
  }
  const mode = await modeOf(path);
  if (!json) {
    await c.w.addCopy({ path, kind, mode }, path);
    return undefined;
  }
  const text = await readFile(path, 'utf8');
  const r = redactStateJson(text);
  const meta: NewFile = { path, kind, mode, redacted: r.fields };
  if (r.fields.length > 0) c.manifest.redactions.push({ path, fields: r.fields });
  // Unchanged files are stored from their bytes, so a restore is byte for byte.
  if (r.fields.length === 0) await c.w.addContent(meta, await readFile(path));
  else await c.w.addContent(meta, r.content);
  return text;
}

/** docker-container builders' `/var/lib/buildkit`, streamed out of the stopped container as a tar. */
async function addBuilderState(deps: Deps, c: Collector, facts: Facts, options: BackupOptions): Promise<void> {
  for (const b of facts.builders.filter((x) => x.driver === 'docker-container')) {
    for (const n of b.nodes) {
      const container = `buildx_buildkit_${n.name}`;
      const where = `container:${container}:/var/lib/buildkit`;
      const st = await deps.docker.run(['container', 'inspect', '--format', '{{json .State}}', container], {
        timeoutMs: deps.docker.timeouts.probe,
      });
      if (!succeeded(st)) {
        c.manifest.omitted.push({
          path: where,
          reason: `builder ${b.name} has no container (${st.stderr.trim() || 'not found'})`,
        });
        continue;
      }
      let running: boolean;
      try {
        running = (JSON.parse(st.stdout) as { Running?: boolean }).Running === true;
      } catch {
        c.manifest.omitted.push({ path: where, reason: `cannot read the state of ${container}` });
        continue;
      }
      if (running && (options.stopForState ?? []).includes(b.name)) {
        // The reinstall removes this builder next: stopped now so that its state can be copied.
        const stop = await deps.docker.buildx(['stop', b.name], {
          timeoutMs: deps.docker.timeouts.slow,
          mutates: true,
        });
        const again = await deps.docker.run(['container', 'inspect', '--format', '{{json .State}}', container], {
          timeoutMs: deps.docker.timeouts.probe,
        });
        running = !succeeded(stop) || !succeeded(again) || /"Running":true/.test(again.stdout);
      }
      if (running) {
        const reason = `builder ${b.name} is running: stop it (docker buildx stop ${b.name}) to back up its state`;
        c.manifest.omitted.push({ path: where, reason });
        c.state.push({ builder: b.name, container, skipped: reason });
        continue;
      }
      const { entry, stagePath } = c.w.reserve();
      // What is left of max-backup-size bounds the stream: a state over it never fills the disk.
      const left = Math.max(0, options.maxBytes - c.w.files.reduce((n, f) => n + f.size, 0));
      // The tar stream goes straight to a file, never unpacked on the host.
      const r = await deps.docker.copyOutToFile(`${container}:/var/lib/buildkit`, stagePath, {
        timeoutMs: deps.docker.timeouts.slow,
        maxBytes: left,
      });
      const size = (await lstat(stagePath).catch(() => undefined))?.size ?? 0;
      if (size > left) {
        await rm(stagePath, { force: true });
        const reason = `builder ${b.name}'s state is over the ${left} bytes left under max-backup-size (${options.maxBytes} bytes): not backed up, its build cache is not kept; raise max-backup-size or prune the builder`;
        c.manifest.omitted.push({ path: where, reason });
        c.state.push({ builder: b.name, container, skipped: reason });
        continue;
      }
      const ok = succeeded(r) && (await isTar(stagePath));
      if (!ok) {
        await rm(stagePath, { force: true });
        const reason = `docker cp failed: ${r.stderr.trim() || `exit ${String(r.exitCode)}`}`;
        c.manifest.omitted.push({ path: where, reason });
        c.state.push({ builder: b.name, container, skipped: reason });
        continue;
      }
      const f = await c.w.commit(
        { path: where, kind: 'builder-state', mode: 0o600, container, builder: b.name },
        entry,
        stagePath,
      );
      c.state.push({ builder: b.name, container, bytes: f.size });
    }
  }
}

/** A POSIX tar has `ustar` at offset 257 of its first header. */
async function isTar(p: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(p, 'r');
    const b = Buffer.alloc(512);
    const { bytesRead } = await fh.read(b, 0, 512, 0);
    return bytesRead === 512 && b.subarray(257, 262).toString('latin1') === 'ustar';
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}

/** The repository, run and workflow of a backup made on GitHub Actions (recorded in the manifest). */
export function gitHubOrigin(env: NodeJS.ProcessEnv): GitHubOrigin | undefined {
  const repository = env.GITHUB_REPOSITORY?.trim() ?? '';
  const runId = env.GITHUB_RUN_ID?.trim() ?? '';
  if (!GITHUB_REPO_RE.test(repository) || !/^[0-9]{1,20}$/.test(runId)) return undefined;
  const attempt = env.GITHUB_RUN_ATTEMPT?.trim() ?? '';
  // The workflow's name may hold anything; control characters would fake report lines.
  const workflow = (env.GITHUB_WORKFLOW_REF?.trim() || env.GITHUB_WORKFLOW?.trim() || '').replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/g,
    '',
  );
  return {
    repository,
    runId,
    ...(/^[0-9]{1,6}$/.test(attempt) ? { runAttempt: attempt } : {}),
    ...(workflow !== '' ? { workflow: workflow.slice(0, 1024) } : {}),
  };
}

export async function backup(
  deps: Deps,
  options: BackupOptions,
  facts: Facts,
  extra: BackupExtra = {},
): Promise<BackupResult> {
  const now = deps.now();
  const host = hostname();
  const name =
    extra.name !== undefined
      ? checkBackupName(validateArtifactName(extra.name))
      : defaultBackupName(host, now, deps.env);
  const store = extra.store ?? (await openStore(options.store, options, deps));
  const paths = deps.docker.paths;
  const work = await mkdtemp(join(deps.env.RUNNER_TEMP ?? tmpdir(), 'bkh-backup-'));
  const w = new BundleWriter(join(work, 'stage'));
  await w.init();
  const c: Collector = {
    w,
    state: [],
    manifest: {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      name,
      createdAt: now.toISOString(),
      host: { hostname: host, dockerHost: deps.env.DOCKER_HOST ?? facts.dockerHost ?? '' },
      tool: { name: 'buildkit-healer', version: deps.version },
      versions: {},
      builders: [],
      redactions: [],
      omitted: [],
      commands: [],
    },
  };
  const m = c.manifest;
  const origin = store.kind === 'github' ? gitHubOrigin(deps.env) : undefined;
  if (origin !== undefined) m.github = origin;
  try {
    // buildx state files.
    const instances = new Map<string, InstanceFile>();
    for (const p of await listDir(paths.instancesDir, m.omitted)) {
      const text = await addState(c, p, 'instance', true);
      try {
        const doc = JSON.parse(text ?? '') as InstanceFile;
        if (typeof doc.Name === 'string') instances.set(doc.Name, doc);
      } catch {
        /* a broken instance file is kept as evidence; diagnose reports it */
      }
    }
    if (await exists(paths.currentFile)) await addState(c, paths.currentFile, 'current', false);
    for (const p of await listDir(paths.defaultsDir, m.omitted)) await addState(c, p, 'defaults', true);
    for (const p of await listDir(paths.activityDir, m.omitted)) await addState(c, p, 'activity', false);

    // Contexts: metadata with TLS data and passwords dropped; TLS material never included.
    let ctxDirs: string[] = [];
    try {
      ctxDirs = (await readdir(paths.contextsMetaDir)).sort();
    } catch {
      /* no contexts */
    }
    for (const d of ctxDirs) {
      const files: { path: string; mode: number }[] = [];
      await walk(join(paths.contextsMetaDir, d), m.omitted, files);
      for (const f of files) {
        if (!f.path.endsWith('/meta.json')) {
          m.omitted.push({ path: f.path, reason: 'not a context meta.json' });
          continue;
        }
        try {
          const r = redactContextMeta(await readFile(f.path, 'utf8'));
          if (r.fields.length > 0) m.redactions.push({ path: f.path, fields: r.fields });
          await w.addContent(
            { path: f.path, kind: 'context-meta', mode: f.mode, redacted: r.fields },
            r.fields.length > 0 ? r.content : await readFile(f.path),
          );
        } catch (e) {
          m.omitted.push({ path: f.path, reason: `not JSON, cannot be redacted safely: ${errorMessage(e)}` });
        }
      }
    }
    const tls: { path: string; mode: number }[] = [];
    const tlsOmitted: Manifest['omitted'] = [];
    await walk(paths.contextsTlsDir, tlsOmitted, tls);
    for (const t of tls) m.omitted.push({ path: t.path, reason: 'context TLS material is never backed up' });

    // docker config.json, credentials redacted.
    if (await exists(paths.configJson)) {
      try {
        const r = redactDockerConfig(await readFile(paths.configJson, 'utf8'));
        if (r.fields.length > 0) m.redactions.push({ path: paths.configJson, fields: r.fields });
        await w.addContent(
          { path: paths.configJson, kind: 'docker-config', mode: await modeOf(paths.configJson), redacted: r.fields },
          r.content,
        );
      } catch (e) {
        const denied = /EACCES|EPERM/.test(errorMessage(e));
        m.omitted.push({
          path: paths.configJson,
          reason: denied
            ? `unreadable for this user (${errorMessage(e)}); fix: sudo chown -R "$USER" ${dirname(paths.configJson)}`
            : `not JSON, cannot be redacted safely: ${errorMessage(e)}`,
        });
      }
    }

    // buildkitd.toml files in use, daemon.json.
    const tomls = new Set([...facts.buildkitdTomls.map((t) => t.path), ...(extra.buildkitdTomlPaths ?? [])]);
    for (const p of tomls)
      if (await exists(p)) await w.addCopy({ path: p, kind: 'buildkitd-toml', mode: await modeOf(p) }, p);
    const daemonCandidates = [
      ...(facts.daemonJson?.content !== undefined ? [facts.daemonJson.path] : []),
      ...(extra.daemonJsonPaths ?? []),
    ];
    for (const p of daemonCandidates) {
      if (await exists(p)) {
        await w.addCopy({ path: p, kind: 'daemon-json', mode: await modeOf(p) }, p);
        break;
      }
    }

    // Command output, as evidence (never restored).
    const ls = facts.ls ?? (await deps.docker.ls(true));
    await addCommand(c, 'buildx-ls', ls.result);
    // A quick diagnose inspected nothing: inspect without --bootstrap is read-only and cheap.
    for (const b of facts.builders) {
      const r = facts.inspects[b.name] ?? (await deps.docker.inspect(b.name));
      await addCommand(c, `buildx-inspect-${b.name}`, r.result);
    }
    if (facts.du !== undefined) await addCommand(c, 'buildx-du', facts.du.result);
    else {
      // `du` on a builder that is not running would boot it (and pull its image): running ones only.
      for (const b of facts.builders.filter((x) => x.status === 'running'))
        await addCommand(c, `buildx-du-${b.name}`, (await deps.docker.du(b.name)).result);
    }

    m.versions = {
      ...((facts.dockerVersion?.parsed?.server?.version ?? facts.dockerVersion?.parsed?.client?.version)
        ? { docker: facts.dockerVersion?.parsed?.server?.version ?? facts.dockerVersion?.parsed?.client?.version }
        : {}),
      ...(facts.buildxVersion?.parsed ? { buildx: facts.buildxVersion.parsed.raw } : {}),
    };
    const current =
      facts.builders.find((b) => b.current) ?? facts.builders.find((b) => b.name === facts.currentBuilder);
    const bk = current?.nodes.find((n) => n.buildkitVersion !== undefined)?.buildkitVersion;
    if (bk !== undefined) m.versions.buildkit = bk;
    const cur = facts.currentBuilder ?? current?.name;
    if (cur !== undefined) m.currentBuilder = cur;
    m.builders = bundleBuilders(facts, instances);

    // Cache data: inside the bundle, or beside it when the store keeps cache separately.
    let external: string[] = [];
    if (options.cachePaths.length > 0) {
      if (store.kind === 'github') {
        external = options.cachePaths;
        m.externalCache = external;
      } else {
        for (const dir of options.cachePaths) {
          const files: { path: string; mode: number }[] = [];
          await walk(dir, m.omitted, files);
          for (const f of files) await w.addCopy({ path: f.path, kind: 'cache-data', mode: f.mode }, f.path);
        }
      }
    }
    if (options.builderState) await addBuilderState(deps, c, facts, options);

    const manifest: Manifest = { ...m, files: w.files };
    const bundlePath = join(work, `${name}.tar.gz`);
    await w.pack(manifest, bundlePath);
    const st = await hashFile(bundlePath);
    if (st.size > options.maxBytes) {
      throw new SafetyError(
        `Backup ${name} is ${st.size} bytes, over the ${options.maxBytes}-byte limit (backup-max-bytes); nothing was saved`,
      );
    }
    // Read back and check every entry before calling it verified.
    const read = await readBundle(bundlePath, {
      limits: {
        maxArchiveBytes: Math.max(options.maxBytes, st.size),
        maxTotalBytes: Number.MAX_SAFE_INTEGER,
        maxEntryBytes: Number.MAX_SAFE_INTEGER,
      },
    });
    const verified =
      read.manifest.files.length === manifest.files.length &&
      manifest.files.every((f) => read.entries.get(f.entry)?.sha256 === f.sha256);
    if (!verified) throw new SafetyError(`Backup ${name} did not verify after it was written`);
    await rm(w.stageDir, { recursive: true, force: true });

    const saved = await store.save({ name, bundlePath, cachePaths: external });
    for (const warning of saved.warnings ?? []) deps.log.warn(warning);
    const ref: BackupRef = {
      name,
      store: store.kind,
      location: saved.location,
      files: manifest.files.length,
      bytes: st.size,
      verified,
      ...(saved.artifactId !== undefined ? { artifactId: saved.artifactId } : {}),
      ...(saved.cacheKeys !== undefined ? { cacheKeys: saved.cacheKeys } : {}),
      ...(c.state.length > 0 ? { builderState: c.state } : {}),
    };
    if (store.kind === 'local') {
      await rm(work, { recursive: true, force: true });
      return { ref, bundlePath: saved.location, manifest };
    }
    return { ref, bundlePath, manifest };
  } catch (e) {
    await rm(work, { recursive: true, force: true });
    throw e;
  }
}
