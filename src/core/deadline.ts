/**
 * The overall deadline of a run (the `deadline` input, default 30 minutes). Nothing runs unbounded:
 * every docker call is capped at the time left (DeadlineRunner, in the docker door), and the heal's
 * phases and its wait for the lock are raced against it. When it passes, the heal stops where it
 * is: it keeps the backup, does not roll back (that would be another unbounded change), and the
 * report says where it stopped (`report.stopped`).
 */

export const DEFAULT_DEADLINE_MS = 30 * 60_000;
export const MIN_DEADLINE_S = 10;
export const MAX_DEADLINE_S = 24 * 3600;

/** Thrown when the deadline passed; `where` names the phase (or `lock`) it stopped. */
export class DeadlineError extends Error {
  constructor(
    readonly where: string,
    readonly deadlineMs: number,
  ) {
    super(`stopped during ${where}: the deadline of ${formatMs(deadlineMs)} passed`);
    this.name = 'DeadlineError';
  }
}

function formatMs(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 3600 === 0 && s >= 3600) return `${s / 3600}h`;
  if (s % 60 === 0 && s >= 60) return `${s / 60}m`;
  return `${s}s`;
}

export class Deadline {
  private end: number;
  constructor(
    readonly ms: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.end = clock() + ms;
  }

  /** Milliseconds left (0 when passed). */
  remaining(): number {
    return Math.max(0, this.end - this.clock());
  }

  expired(): boolean {
    return this.remaining() === 0;
  }

  /**
   * After the deadline, a short window to release the daemon-wide lock and say what happened:
   * without it the lock's own `docker rm` would be refused and the next run would wait for it.
   */
  grace(ms: number): void {
    this.end = Math.max(this.end, this.clock() + ms);
  }

  /** The step under way inside a raced part (e.g. the rollback's test build), named by a DeadlineError. */
  private step: string | undefined;

  /** Names the step under way (undefined: none); a DeadlineError then says `where (step)`. */
  mark(step: string | undefined): void {
    this.step = step;
  }

  private stopped(where: string): DeadlineError {
    return new DeadlineError(this.step === undefined ? where : `${where} (${this.step})`, this.ms);
  }

  /** `p`, or a DeadlineError naming `where` when the deadline passes first (also when already passed). */
  race<T>(p: Promise<T>, where: string): Promise<T> {
    const left = this.remaining();
    if (left === 0) {
      p.catch(() => undefined); // it runs on with every docker call refused; its outcome is not wanted
      return Promise.reject(this.stopped(where));
    }
    return new Promise<T>((resolve, reject) => {
      // A timer may fire a millisecond before the clock says the time is up: then it waits for
      // the rest, so a DeadlineError always comes with expired() true. (After a grace, it stops.)
      const end = this.end;
      const arm = (ms: number): NodeJS.Timeout =>
        setTimeout(() => {
          const rest = this.remaining();
          if (rest > 0 && this.end === end) {
            timer = arm(rest);
            return;
          }
          p.catch(() => undefined);
          reject(this.stopped(where));
        }, ms);
      let timer = arm(left);
      p.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }
}
