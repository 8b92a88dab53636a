/**
 * Orphans: `buildx_buildkit_*` leftovers no builder owns, and which of them must stay (in use,
 * another client's, or stopped too recently to be told from a builder stopped with `buildx stop`).
 */
import type { CommandResult } from '../../core/types.js';
import type { ContainerActivity, Facts, OrphanCandidate, StateFile } from '../../checks/types.js';
import type { Docker } from '../../docker/docker.js';
import { basename } from 'node:path';
import { listingEntries, ORPHAN } from './leftovers.js';
import { instanceJson } from './state-files.js';

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
export function unreadableInstanceNames(files: StateFile[]): string[] {
  return files.filter((f) => f.parseError !== undefined || f.readError !== undefined).map((f) => basename(f.path));
}

/** States of a leftover container that no build can be using: only these are ever removed. */
const STOPPED_STATES = new Set(['exited', 'created', 'dead', 'restarting']);

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
