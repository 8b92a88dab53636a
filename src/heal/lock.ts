/**
 * One healer per Docker daemon. Several runners on one host share a daemon but not a HOME, so the
 * lock lives in the daemon: a stopped container named `buildkit-healer-lock`. `docker create
 * --name` is atomic (a second create fails with `Conflict`), which `docker volume create` is not
 * (it is idempotent). Its labels say who holds it; a lock whose owner is gone, or that is older
 * than `staleMs`, is broken (by container id, so a fresh lock taken meanwhile is never removed).
 *
 * The container needs an image, and nothing may be pulled: a 0-byte image is imported from an
 * empty tar archive (1024 zero bytes) on first use. The container never starts.
 */
import { hostname } from 'node:os';
import type { Deps } from '../docker/deps.js';
import { succeeded } from '../docker/runner.js';

export const LOCK_NAME = 'buildkit-healer-lock';
export const LOCK_IMAGE = 'buildkit-healer/lock:1';
const LABEL = 'io.buildkit-healer.lock';

export interface LockOwner {
  pid: number;
  host: string;
  runId: string;
  startedAt: string;
}

export interface HeldLock {
  owner: LockOwner;
  containerId: string;
  /** How long we waited for another healer. */
  waitedMs: number;
  /** Whether another healer held the lock when we first asked (so the caller re-diagnoses). */
  waited: boolean;
  /** Stale locks broken on the way, with why. */
  broken: { owner?: LockOwner; reason: string }[];
  release(): Promise<void>;
}

export interface LockOptions {
  timeoutMs: number;
  runId: string;
  /** A lock older than this is stale whatever its owner (default 2 h). */
  staleMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Whether a process of this host is alive (tests replace it). */
  isAlive?: (pid: number) => boolean;
}

class LockTimeoutError extends Error {
  constructor(
    readonly holder: LockOwner | undefined,
    waitedMs: number,
  ) {
    super(
      `another buildkit-healer holds the lock on this Docker daemon${holder ? ` (pid ${holder.pid} on ${holder.host}, run ${holder.runId}, since ${holder.startedAt})` : ''}; gave up after ${Math.round(waitedMs / 1000)} s`,
    );
    this.name = 'LockTimeoutError';
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerLabels(o: LockOwner): string[] {
  return [
    '--label',
    `${LABEL}=1`,
    '--label',
    `${LABEL}.pid=${o.pid}`,
    '--label',
    `${LABEL}.host=${o.host}`,
    '--label',
    `${LABEL}.run-id=${o.runId}`,
    '--label',
    `${LABEL}.started-at=${o.startedAt}`,
  ];
}

function ownerFromLabels(labels: Record<string, string> | null | undefined): LockOwner | undefined {
  if (!labels || labels[LABEL] === undefined) return undefined;
  const pid = Number(labels[`${LABEL}.pid`]);
  return {
    pid: Number.isFinite(pid) ? pid : -1,
    host: labels[`${LABEL}.host`] ?? '',
    runId: labels[`${LABEL}.run-id`] ?? '',
    startedAt: labels[`${LABEL}.started-at`] ?? '',
  };
}

/** Why a held lock may be broken, or undefined when its owner may still be working. */
function staleReason(
  o: LockOwner | undefined,
  now: Date,
  staleMs: number,
  host: string,
  isAlive: (pid: number) => boolean,
): string | undefined {
  if (o === undefined) return 'the lock container has no owner labels';
  const age = now.getTime() - Date.parse(o.startedAt);
  if (!Number.isFinite(age)) return `unreadable start time ${JSON.stringify(o.startedAt)}`;
  if (age > staleMs)
    return `held for ${Math.round(age / 60_000)} min, more than the ${Math.round(staleMs / 60_000)} min a heal may take`;
  if (o.host === host && !isAlive(o.pid)) return `its owner, pid ${o.pid} on ${o.host}, is gone`;
  return undefined;
}

async function ensureImage(deps: Deps): Promise<void> {
  const t = deps.docker.timeouts;
  const r = await deps.docker.run(['image', 'inspect', '--format', '{{.Id}}', LOCK_IMAGE], { timeoutMs: t.probe });
  if (succeeded(r)) return;
  // An empty tar archive: two 512-byte zero blocks.
  const imp = await deps.docker.run(['import', '-', LOCK_IMAGE], {
    timeoutMs: t.slow,
    input: Buffer.alloc(1024),
    mutates: true,
  });
  if (!succeeded(imp)) throw new Error(`cannot make the lock image ${LOCK_IMAGE}: ${imp.stderr.trim()}`);
}

async function inspectLock(deps: Deps): Promise<{ id: string; owner?: LockOwner } | undefined> {
  const r = await deps.docker.run(
    ['container', 'inspect', '--format', '{{json .Id}} {{json .Config.Labels}}', LOCK_NAME],
    { timeoutMs: deps.docker.timeouts.probe },
  );
  if (!succeeded(r)) return undefined;
  const m = /^"([0-9a-f]+)"\s+(.*)$/s.exec(r.stdout.trim());
  if (!m || m[1] === undefined) return undefined;
  let labels: Record<string, string> | null;
  try {
    labels = JSON.parse(m[2] ?? 'null') as Record<string, string> | null;
  } catch {
    labels = null;
  }
  const owner = ownerFromLabels(labels);
  return owner === undefined ? { id: m[1] } : { id: m[1], owner };
}

/** Takes the daemon-wide lock, waiting up to `timeoutMs`; breaks stale locks and says so. */
export async function acquireLock(deps: Deps, opts: LockOptions): Promise<HeldLock> {
  const t = deps.docker.timeouts;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((res) => setTimeout(res, ms)));
  const isAlive = opts.isAlive ?? pidAlive;
  const staleMs = opts.staleMs ?? 2 * 3600_000;
  const host = hostname();
  const started = Date.now();
  const broken: HeldLock['broken'] = [];
  let waited = false;
  let lastHolder: LockOwner | undefined;
  await ensureImage(deps);
  for (;;) {
    const owner: LockOwner = { pid: process.pid, host, runId: opts.runId, startedAt: deps.now().toISOString() };
    const args = [
      'create',
      '--name',
      LOCK_NAME,
      '--network',
      'none',
      ...ownerLabels(owner),
      LOCK_IMAGE,
      '/buildkit-healer-lock',
    ];
    const r = await deps.docker.run(args, { timeoutMs: t.probe, mutates: true });
    if (succeeded(r)) {
      const containerId = r.stdout.trim();
      return {
        owner,
        containerId,
        waitedMs: Date.now() - started,
        waited,
        broken,
        release: async () => {
          await deps.docker.run(['rm', '--force', containerId], { timeoutMs: t.probe, mutates: true });
        },
      };
    }
    if (!/conflict|already in use/i.test(r.stderr))
      throw new Error(
        `cannot take the healer lock: ${r.stderr.trim() || r.spawnError || `exit ${String(r.exitCode)}`}`,
      );
    const held = await inspectLock(deps);
    lastHolder = held?.owner;
    // Undefined: released between our create and inspect (or unreadable): try again after a pause.
    const why = held === undefined ? undefined : staleReason(held.owner, deps.now(), staleMs, host, isAlive);
    if (held !== undefined && why !== undefined) {
      deps.log.warn(`breaking a stale healer lock: ${why}`);
      const b: HeldLock['broken'][number] = { reason: why };
      if (held.owner !== undefined) b.owner = held.owner;
      broken.push(b);
      await deps.docker.run(['rm', '--force', held.id], { timeoutMs: t.probe, mutates: true });
      continue;
    }
    if (!waited)
      deps.log.info(
        `waiting for another healer (pid ${held?.owner?.pid ?? '?'} on ${held?.owner?.host ?? '?'}, run ${held?.owner?.runId ?? '?'})`,
      );
    waited = true;
    const waitedMs = Date.now() - started;
    if (waitedMs >= opts.timeoutMs) throw new LockTimeoutError(lastHolder, waitedMs);
    await sleep(Math.min(opts.pollMs ?? 2000, Math.max(1, opts.timeoutMs - waitedMs)));
  }
}
