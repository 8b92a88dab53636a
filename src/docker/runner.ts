import { spawn } from 'node:child_process';
import type { ChildProcess, ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Deadline } from '../core/deadline.js';
import type { CommandResult } from '../core/types.js';
import { errorMessage } from '../core/errors.js';
import { offer, processKey, take } from './head-start.js';

/**
 * The one door to processes. Built on node's child_process rather than @actions/exec:
 * @actions/exec has no timeout option and ties the CLI to the Actions toolkit, while
 * child_process lets us kill the whole process group on timeout (a hung docker CLI can
 * leave a plugin child behind) and keep the complete stdout and stderr as evidence.
 */
export interface RunOptions {
  /** Required: no call can forget its timeout. */
  timeoutMs: number;
  /** Marks commands that change state, so a dry-run runner records instead of running them. */
  mutates?: boolean;
  /** Standard input to write. */
  input?: string | Buffer;
  /** Extra environment on top of the runner's. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Cap on captured output per stream (bytes); the rest is dropped and noted. Default 8 MiB. */
  maxOutputBytes?: number;
  /** Called with each chunk of stderr/stdout as it arrives (progress streaming). */
  onOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
}

export interface Runner {
  run(file: string, args: string[], opts: RunOptions): Promise<CommandResult>;
  /**
   * True when commands really run on this machine. Only then may diagnose also ask the daemon
   * through the Engine API door (src/docker/engine.ts): a scripted test runner never lets a test
   * reach a real daemon by another way.
   */
  readonly realProcesses?: boolean;
  /** True for a dry-run runner: changing commands and file changes are recorded, not made. */
  readonly dryRun?: boolean;
  /**
   * Records a file change a phase makes without a process (rm, write, mv, install), in a dry run
   * instead of making it; the dry-run runner lists it with the commands it did not run.
   */
  recordChange?(argv: string[]): void;
}

const DEFAULT_MAX_OUTPUT = 8 * 1024 * 1024;
/** After SIGTERM on timeout, how long before SIGKILL. */
const KILL_GRACE_MS = 2000;
/** A dropped head start's process: how long it may take to end by itself before its group is killed. */
const DROP_GRACE_MS = 1000;

export class ProcessRunner implements Runner {
  readonly realProcesses = true;
  constructor(private readonly baseEnv: NodeJS.ProcessEnv = process.env) {}

  run(file: string, args: string[], opts: RunOptions): Promise<CommandResult> {
    if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0) {
      throw new Error(`runner: a positive timeoutMs is required for ${file} ${args.join(' ')}`);
    }
    const env = mergeEnv(this.baseEnv, opts.env);
    // The same call an entry started ahead (src/docker/head-start.ts): its answer, asked once.
    const plain = opts.input === undefined && opts.cwd === undefined && opts.onOutput === undefined;
    const ahead =
      plain && opts.maxOutputBytes === undefined ? take(processKey(file, args, env, opts.timeoutMs)) : undefined;
    return ahead ?? this.spawnRun(file, args, opts, env).result;
  }

  /**
   * Starts a call now and offers its answer to the quick look (the entries' head start): the key
   * is the one run() computes for the same call, so only that very call takes it.
   */
  startAhead(file: string, args: string[], opts: Pick<RunOptions, 'timeoutMs' | 'env'>): void {
    const env = mergeEnv(this.baseEnv, opts.env);
    const r = this.spawnRun(file, args, opts, env);
    offer(processKey(file, args, env, opts.timeoutMs), r.result, r.stop);
  }

  private spawnRun(
    file: string,
    args: string[],
    opts: RunOptions,
    env: NodeJS.ProcessEnv,
  ): { result: Promise<CommandResult>; stop(): Promise<void> } {
    const started = Date.now();
    const argv = [file, ...args];
    const max = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    let stop: () => Promise<void> = async () => undefined;
    const result: Promise<CommandResult> = new Promise<CommandResult>((resolve) => {
      let child;
      try {
        child = spawn(file, args, {
          env,
          cwd: opts.cwd,
          stdio: ['pipe', 'pipe', 'pipe'],
          // Own process group, so a timeout kills the plugin children too.
          detached: process.platform !== 'win32',
        });
      } catch (e) {
        resolve(notStarted(argv, started, e));
        return;
      }
      const output = new Capture(max, opts.onOutput);
      output.listen(child);
      let timedOut = false;
      let spawnError: string | undefined;
      let settled = false;
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child, 'SIGTERM');
        setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
      }, opts.timeoutMs);
      // A dropped head start: nobody reads the answer. It may finish within the grace (a buildx
      // killed while it rewrites a state file could leave a temporary one); then its group goes.
      // Nothing once it has ended: its pid may be another process's by then.
      stop = async () => {
        if (settled) return;
        const grace = new Promise<'grace'>((res) => setTimeout(() => res('grace'), DROP_GRACE_MS).unref());
        if ((await Promise.race([result, grace])) !== 'grace' || settled) return;
        clearTimeout(timer);
        killGroup(child, 'SIGKILL');
        await result;
      };
      child.on('error', (e) => {
        spawnError = e.message;
      });
      child.stdin.on('error', () => {
        /* the process may exit before reading its input */
      });
      if (opts.input !== undefined) child.stdin.end(opts.input);
      else child.stdin.end();
      child.on('close', (code, signal) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        let stderr = output.stderr();
        if (timedOut) stderr += `\n[buildkit-healer: timed out after ${opts.timeoutMs} ms and was killed]`;
        const result: CommandResult = {
          argv,
          exitCode: code,
          signal,
          stdout: output.stdout(),
          stderr,
          timedOut,
          durationMs: Date.now() - started,
        };
        if (spawnError !== undefined) result.spawnError = spawnError;
        resolve(result);
      });
    });
    return { result, stop: () => stop() };
  }
}

/** The runner's environment with a call's own on top; an undefined value removes the variable. */
function mergeEnv(base: NodeJS.ProcessEnv, extra: RunOptions['env']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** The result of a command that could not be started (spawn threw). */
function notStarted(argv: string[], started: number, e: unknown): CommandResult {
  return {
    argv,
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    timedOut: false,
    durationMs: Date.now() - started,
    spawnError: errorMessage(e),
  };
}

/** Kills the child's whole process group (its plugin children too); a gone process is fine. */
function killGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, sig);
    else child.kill(sig);
  } catch {
    /* already gone */
  }
}

/** A child's stdout and stderr, each kept up to `max` bytes (the rest dropped and noted), passed on as they come. */
class Capture {
  private readonly out: Buffer[] = [];
  private readonly err: Buffer[] = [];
  private outLen = 0;
  private errLen = 0;
  private truncated = false;

  constructor(
    private readonly max: number,
    private readonly onOutput: RunOptions['onOutput'],
  ) {}

  listen(child: ChildProcessWithoutNullStreams): void {
    child.stdout.on('data', (b: Buffer) => {
      this.onOutput?.('stdout', b.toString('utf8'));
      if (this.outLen < this.max) {
        this.out.push(b);
        this.outLen += b.length;
      } else this.truncated = true;
    });
    child.stderr.on('data', (b: Buffer) => {
      this.onOutput?.('stderr', b.toString('utf8'));
      if (this.errLen < this.max) {
        this.err.push(b);
        this.errLen += b.length;
      } else this.truncated = true;
    });
  }

  stdout(): string {
    return Buffer.concat(this.out).toString('utf8');
  }

  /** stderr, with a note when either stream was cut. */
  stderr(): string {
    const text = Buffer.concat(this.err).toString('utf8');
    return this.truncated ? `${text}\n[buildkit-healer: output beyond ${this.max} bytes was dropped]` : text;
  }
}

/**
 * Runs read-only commands for real and records mutating ones: `--dry-run` prints exactly
 * what would have changed.
 */
export class DryRunRunner implements Runner {
  readonly recorded: string[][] = [];
  readonly dryRun = true;
  constructor(private readonly inner: Runner) {}
  recordChange(argv: string[]): void {
    this.recorded.push(argv);
  }
  /** Read-only commands run for real: so may read-only Engine API requests. */
  get realProcesses(): boolean {
    return this.inner.realProcesses === true;
  }
  async run(file: string, args: string[], opts: RunOptions): Promise<CommandResult> {
    if (opts.mutates) {
      this.recorded.push([file, ...args]);
      return {
        argv: [file, ...args],
        exitCode: 0,
        signal: null,
        stdout: '',
        stderr: '',
        timedOut: false,
        durationMs: 0,
        dryRun: true,
      };
    }
    return this.inner.run(file, args, opts);
  }
}

/**
 * Caps every call at the time left before the run's deadline. After the deadline a call is not
 * started at all: it returns at once as timed out (the door never throws on a command's outcome).
 */
export class DeadlineRunner implements Runner {
  constructor(
    readonly inner: Runner,
    readonly deadline: Deadline,
  ) {}
  get realProcesses(): boolean {
    return this.inner.realProcesses === true;
  }
  async run(file: string, args: string[], opts: RunOptions): Promise<CommandResult> {
    const left = this.deadline.remaining();
    if (left <= 0) {
      return {
        argv: [file, ...args],
        exitCode: null,
        signal: null,
        stdout: '',
        timedOut: true,
        durationMs: 0,
        stderr: "not started: the run's deadline has passed",
      };
    }
    return this.inner.run(file, args, { ...opts, timeoutMs: Math.min(opts.timeoutMs, left) });
  }
}

/**
 * The hosts' runner chain: processes, capped by the run's deadline, then (dry run) recorded.
 * The DryRunRunner stays outermost: phases recognise it to record their file changes.
 */
export function hostRunner(real: Runner, deadline: Deadline, dryRun: boolean): Runner {
  const capped = new DeadlineRunner(real, deadline);
  return dryRun ? new DryRunRunner(capped) : capped;
}

/** True when the command ran to completion with exit 0 (callers still judge from parsed output). */
export function succeeded(r: CommandResult): boolean {
  return r.exitCode === 0 && !r.timedOut && r.spawnError === undefined;
}

/** Shell-quoted command line, for evidence and dry-run output. */
export function commandLine(argv: string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
