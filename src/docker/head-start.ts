/**
 * The head start's ledger: questions an entry asked before its chunk loaded (src/docker/prestart.ts),
 * each under the key of the very call the quick look will make. The runner (ProcessRunner.run) and
 * the Engine API door (EngineApi.get) `take` an answer only for the same key: the same program,
 * arguments, whole environment and timeout, or the same socket, path and timeout. So each question
 * is asked once and judged exactly as before; what nobody took is dropped (a process let finish
 * within a grace, then its group killed; a request aborted) when the quick look ends, before an
 * interrupted heal is resumed, and when the entry ends. Kept on globalThis: the entry and its chunk are separate module graphs.
 */
import type { CommandResult } from '../core/types.js';

interface Offer {
  result: Promise<CommandResult>;
  /** Ends what nobody will read; resolves when it has ended. */
  drop(): void | Promise<void>;
  /** A read: resolves when its request is written (or it has ended). */
  sent?: Promise<void>;
}

interface Ledger {
  offers: Map<string, Offer>;
  counts: { offered: number; taken: number; dropped: number };
}

/** Where bench/trace-hook.mjs reads the counts (a Symbol.for key: no import needed). */
const COUNTS = Symbol.for('buildkit-healer.head-start.counts');
const LEDGER = Symbol.for('buildkit-healer.head-start.ledger');

const slots = globalThis as unknown as Record<symbol, unknown>;

/** The ledger, when anything was ever offered. */
function existing(): Ledger | undefined {
  return slots[LEDGER] as Ledger | undefined;
}

function ledger(): Ledger {
  let l = existing();
  if (l === undefined) {
    l = { offers: new Map(), counts: { offered: 0, taken: 0, dropped: 0 } };
    slots[LEDGER] = l;
    slots[COUNTS] = l.counts;
  }
  return l;
}

/** The key of a process call: program, arguments, the whole environment it gets, timeout. */
export function processKey(file: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): string {
  const e = Object.entries(env)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(['process', file, args, e, timeoutMs]);
}

/** The key of an Engine API read: socket, path, timeout, body cap. */
export function engineKey(socket: string, path: string, timeoutMs: number, maxBytes: number): string {
  return JSON.stringify(['engine', socket, path, timeoutMs, maxBytes]);
}

/** Offers an answer under `key` (a second offer of the same key drops the new one: one question, one answer). */
export function offer(
  key: string,
  result: Promise<CommandResult>,
  drop: () => void | Promise<void>,
  sent?: Promise<void>,
): void {
  const l = ledger();
  if (l.offers.has(key)) {
    void drop();
    return;
  }
  l.offers.set(key, sent === undefined ? { result, drop } : { result, drop, sent });
  l.counts.offered++;
}

/** The answer offered under `key`, once; undefined when none is (or none is left). */
export function take(key: string): Promise<CommandResult> | undefined {
  const l = existing();
  const o = l?.offers.get(key);
  if (l === undefined || o === undefined) return undefined;
  l.offers.delete(key);
  l.counts.taken++;
  return o.result;
}

/** How many answers are offered and not taken. */
export function pending(): number {
  return existing()?.offers.size ?? 0;
}

/**
 * Drops every answer not taken (later questions are asked anew) and resolves when each has ended:
 * a process is let finish within a grace and only then killed (a `buildx ls` rewrites buildx's
 * `current` early in its run: killed there it could leave a temporary file), a request is aborted.
 * Callers await it before anything that must not run beside those processes (a restore).
 */
export async function dropHeadStart(): Promise<void> {
  const l = existing();
  if (l === undefined) return;
  const drops = [...l.offers.values()];
  l.offers.clear();
  l.counts.dropped += drops.length;
  await Promise.all(drops.map(async (o) => o.drop()));
}

/** offered / taken / dropped so far (tests and the bench's trace). */
export function headStartCounts(): { offered: number; taken: number; dropped: number } {
  return { ...ledger().counts };
}

/** At most this long the chunk waits for the reads asked ahead to be written (on a local socket: a millisecond or two). */
const SEND_WAIT_MS = 25;

/**
 * An entry's run after its head start (prestartQuickLook, already called: everything it started is
 * offered): the chunk loads, the run runs, and however it ends, nothing asked ahead outlives it.
 *
 * The chunk loads only once the reads asked ahead are written (at most SEND_WAIT_MS): a read's
 * socket connects at once, but its request is written when the connect completes, in the event
 * loop (one turn or two, by Node version), and the chunk's compile and evaluation hold the main
 * thread for tens of milliseconds: the daemon would get the reads (the build cache's usage the
 * slowest of them) only after that.
 */
export async function withHeadStart<M, T>(load: () => Promise<M>, run: (m: M) => Promise<T>): Promise<T> {
  try {
    await readsSent();
    return await run(await load());
  } finally {
    await dropHeadStart();
  }
}

async function readsSent(): Promise<void> {
  const sending = [...(existing()?.offers.values() ?? [])].flatMap((o) => (o.sent === undefined ? [] : [o.sent]));
  if (sending.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(sending),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, SEND_WAIT_MS))),
  ]);
  clearTimeout(timer);
}
