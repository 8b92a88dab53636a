import type { Docker } from './docker.js';
import type { PhaseName } from '../core/report.js';
import type { Deadline } from '../core/deadline.js';

/** Where messages go: the CLI prints to stderr, the action to the runner log. */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  debug(msg: string): void;
  /** A progress line when a phase starts. */
  phase?(phase: PhaseName, msg: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };

/** Everything the core needs from its host, built at one root (the action or the CLI). */
export interface Deps {
  docker: Docker;
  /** The environment docker sees (HOME, DOCKER_CONFIG, DOCKER_HOST...). */
  env: NodeJS.ProcessEnv;
  log: Logger;
  now: () => Date;
  /** Tool version for reports. */
  version: string;
  /**
   * The run's overall deadline, when the host set one (its runner is then a DeadlineRunner over
   * the same deadline). A heal without one makes its own from `options.deadlineMs`.
   */
  deadline?: Deadline;
}
