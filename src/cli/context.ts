import type { Deps, Logger } from '../docker/deps.js';
import type { Options } from '../core/options.js';
import { Docker } from '../docker/docker.js';
import type { Runner } from '../docker/runner.js';
import { ProcessRunner, hostRunner } from '../docker/runner.js';
import { Deadline } from '../core/deadline.js';
import type { CommandIO } from './commands/report.js';
import type { HealPhases } from '../heal/heal.js';

/** What the CLI needs from the process: streams, environment, terminal facts. Tests hand in their own. */
export interface CliHost extends CommandIO {
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The process door; default a ProcessRunner over `env`. Tests may pass a FakeRunner. */
  runner?: Runner;
  now?: () => Date;
  version: string;
  /** The phases `heal` runs; default the real ones. Tests may pass their own. */
  healPhases?: HealPhases;
}

/** A command of the table: one file per command in src/cli/commands/. */
export interface Command {
  name: string;
  /** One line for `buildkit-healer help`. */
  summary: string;
  /** Full help text (`buildkit-healer help NAME`, `NAME --help`). */
  help: string;
  /** Returns the exit code: 0 ok, 1 unhealthy/failed, 2 bad usage. */
  run(args: string[], host: CliHost): Promise<number>;
}

/** Core deps for a run, built at the CLI's one root. */
export function cliDeps(host: CliHost, options: Options, log: Logger): Deps {
  const deadline = new Deadline(options.deadlineMs);
  const runner: Runner = hostRunner(host.runner ?? new ProcessRunner(host.env), deadline, options.dryRun);
  const docker = new Docker(runner, { env: host.env, timeouts: options.timeouts });
  return { docker, env: host.env, log, now: host.now ?? (() => new Date()), version: host.version, deadline };
}

/**
 * The CLI's one log format, on stderr: `==> <phase>` a line per phase, `warning: `/`error: ` always,
 * `debug: ` with --verbose. Other messages print with --verbose, or always where the command shows
 * them as its progress (`heal`: each validation check).
 */
export function cliLogger(io: CommandIO, verbose: boolean, infoAlways = false): Logger {
  const line = (s: string) => io.stderr(`${s}\n`);
  return {
    info: (m) => {
      if (verbose || infoAlways) line(m);
    },
    warn: (m) => line(`warning: ${m}`),
    error: (m) => line(`error: ${m}`),
    debug: (m) => {
      if (verbose) line(`debug: ${m}`);
    },
    phase: (_p, m) => line(`==> ${m}`),
  };
}

/** Colours on a TTY unless NO_COLOR is set; --color/--no-color decide when given. */
export function wantColor(host: CliHost, flag: string | undefined, isTTY: boolean): boolean {
  if (flag !== undefined) return flag === 'true';
  if (host.env.NO_COLOR !== undefined && host.env.NO_COLOR !== '') return false;
  if (host.env.FORCE_COLOR !== undefined && host.env.FORCE_COLOR !== '' && host.env.FORCE_COLOR !== '0') return true;
  return isTTY && host.env.TERM !== 'dumb';
}
