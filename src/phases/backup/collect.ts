/**
 * Collecting a backup: what goes into the bundle, each kind of file by its own rule (state files
 * with secret fields masked, contexts' metadata without TLS, config.json redacted, buildkitd.toml
 * and daemon.json as they are, command output as evidence, the cache directories), and the
 * manifest's versions and builders.
 */
import { constants } from 'node:fs';
import { access, readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Deps } from '../../docker/deps.js';
import { errorMessage } from '../../core/errors.js';
import type { BackupOptions } from '../../core/options.js';
import type { BackupRef } from '../../core/report.js';
import type { CommandResult } from '../../core/types.js';
import type { Facts } from '../../checks/types.js';
import type { DockerPaths } from '../../docker/paths.js';
import type { Store } from '../../stores/types.js';
import type { BundleBuilder, BundleCommand, BundleWriter, FileKind, Manifest, NewFile } from '../../bundle/bundle.js';
import { REDACTED, redactContextMeta, redactDockerConfig, redactStateJson } from '../../bundle/redact.js';
import { exists, listDir, modeOf, walk } from './files.js';
import type { InstanceFile } from '../../docker/parse/types.js';

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

function platformString(p: { os?: string; architecture?: string; variant?: string } | string): string {
  if (typeof p === 'string') return p;
  return [p.os, p.architecture, p.variant].filter((x) => x !== undefined && x !== '').join('/');
}

/** Builder definitions from the facts, completed by the instance files (what `create` was given). */
function bundleBuilders(facts: Facts, instances: Map<string, InstanceFile>): BundleBuilder[] {
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

export interface Collector {
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

/** buildx state files: instances (returned by builder name, for the manifest's builders), `current`, defaults, activity. */
export async function collectStateFiles(c: Collector, paths: DockerPaths): Promise<Map<string, InstanceFile>> {
  const m = c.manifest;
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
  return instances;
}

/** Contexts: metadata with TLS data and passwords dropped; TLS material never included. */
export async function collectContexts(c: Collector, paths: DockerPaths): Promise<void> {
  const { w, manifest: m } = c;
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
}

/** docker config.json, credentials redacted. */
export async function collectDockerConfig(c: Collector, paths: DockerPaths): Promise<void> {
  const { w, manifest: m } = c;
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
}

/** buildkitd.toml files in use, daemon.json. */
export async function collectConfigFiles(
  c: Collector,
  facts: Facts,
  extra: { daemonJsonPaths?: string[]; buildkitdTomlPaths?: string[] },
): Promise<void> {
  const { w } = c;
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
}

/** Command output, as evidence (never restored). */
export async function collectEvidence(deps: Deps, c: Collector, facts: Facts): Promise<void> {
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
}

/** The manifest's versions, builder in use and builder definitions. */
export function collectVersions(c: Collector, facts: Facts, instances: Map<string, InstanceFile>): void {
  const m = c.manifest;
  m.versions = {
    ...((facts.dockerVersion?.parsed?.server?.version ?? facts.dockerVersion?.parsed?.client?.version)
      ? { docker: facts.dockerVersion?.parsed?.server?.version ?? facts.dockerVersion?.parsed?.client?.version }
      : {}),
    ...(facts.buildxVersion?.parsed ? { buildx: facts.buildxVersion.parsed.raw } : {}),
  };
  const current = facts.builders.find((b) => b.current) ?? facts.builders.find((b) => b.name === facts.currentBuilder);
  const bk = current?.nodes.find((n) => n.buildkitVersion !== undefined)?.buildkitVersion;
  if (bk !== undefined) m.versions.buildkit = bk;
  const cur = facts.currentBuilder ?? current?.name;
  if (cur !== undefined) m.currentBuilder = cur;
  m.builders = bundleBuilders(facts, instances);
}

/** Cache data: inside the bundle, or beside it when the store keeps cache separately (returned). */
export async function collectCache(c: Collector, options: BackupOptions, storeKind: Store['kind']): Promise<string[]> {
  const { w, manifest: m } = c;
  let external: string[] = [];
  if (options.cachePaths.length > 0) {
    if (storeKind === 'github') {
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
  return external;
}
