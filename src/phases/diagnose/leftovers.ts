/**
 * The leftovers' listings (`buildx_buildkit_*` containers and volumes) from either door, the
 * Engine API or the CLI, and the entries read out of them.
 */
import type { CommandResult } from '../../core/types.js';
import type { Docker } from '../../docker/docker.js';
import type { EngineApi } from '../../docker/engine.js';
import { LEFTOVER_CONTAINERS_PATH, LEFTOVER_VOLUMES_PATH } from '../../docker/engine.js';

/** A BuildKit node's container (`buildx_buildkit_<node>`) or its state volume (`..._state`). */
export const ORPHAN = /^buildx_buildkit_(.+?)(_state)?$/;

const LEFTOVER_FILTER = 'name=buildx_buildkit_';

export function cliLeftovers(docker: Docker): Promise<[CommandResult, CommandResult]> {
  const o = { timeoutMs: docker.timeouts.probe };
  return Promise.all([
    docker.run(['ps', '-a', '--filter', LEFTOVER_FILTER, '--format', '{{json .}}'], o),
    docker.run(['volume', 'ls', '--filter', LEFTOVER_FILTER, '--format', '{{json .}}'], o),
  ]);
}

/** The same two listings as `docker ps -a --filter` and `docker volume ls --filter`, from the API. */
export function apiLeftovers(engine: EngineApi, timeoutMs: number): Promise<[CommandResult, CommandResult]> {
  return Promise.all([
    engine.get(LEFTOVER_CONTAINERS_PATH, { timeoutMs }),
    engine.get(LEFTOVER_VOLUMES_PATH, { timeoutMs }),
  ]);
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

/** Names of the listed `buildx_buildkit_*` containers in a state (running by default). */
export function runningContainers(containers: CommandResult, state = 'running'): string[] {
  const out: string[] = [];
  for (const c of listingEntries(containers)) {
    if (c.state !== state) continue;
    for (const n of c.names) if (ORPHAN.test(n)) out.push(n);
  }
  return out;
}

export function pausedContainers(containers: CommandResult): string[] {
  return runningContainers(containers, 'paused');
}
