/**
 * The head start of a healthy `auto` run: before the entry loads its chunk (15-25 ms of module
 * compile and link), it starts the quick look's questions, so that the daemon and the buildx
 * plugin work while Node loads. The quick look then asks the very same questions and takes these
 * answers (src/docker/head-start.ts: same program, arguments, whole environment and timeout; same
 * socket, path and timeout); anything else is asked as before. Nothing is judged differently,
 * nothing is asked twice, and what is not taken is dropped.
 *
 * Started only where it is surely the quick look's question and changes nothing:
 *   - an `auto` run (the action's `mode` input, the CLI's `heal` with `--mode auto` or none), with
 *     the probe timeout its `timeout` input or `--timeout` gives (anything unreadable: no head start,
 *     the run's own parser reports it); the process calls only where the run's `deadline` leaves
 *     their timeout as it is (see below);
 *   - the plugin's `buildx ls` only where buildx's own files are there already (on a fresh HOME an
 *     `ls` creates them, and a run that stops on bad input must change nothing);
 *   - the plugin's metadata check only where its answer is not remembered for that very binary
 *     (src/docker/plugin-memo.ts: the quick look takes the remembered one);
 *   - the Engine API reads only where the CLI would use the local socket.
 * `BKH_PRESTART=0` turns it off.
 */
import { lstatSync } from 'node:fs';
import { DEFAULT_TIMEOUTS } from '../core/options.js';
import { DEFAULT_DEADLINE_MS, MAX_DEADLINE_S, MIN_DEADLINE_S } from '../core/deadline.js';
import { boundedSeconds } from '../core/duration.js';
import { EngineApi, QUICK_ENGINE_PATHS, localEngineSocket } from './engine.js';
import { dockerPaths } from './paths.js';
import type { DockerPaths } from './paths.js';
import { buildxPick, quickLookCalls, readConfigJson } from './plugin.js';
import { ProcessRunner } from './runner.js';
import { beforeMetadataRun, recallMetadata } from './plugin-memo.js';

/** The `timeout` value in seconds as the option parser reads it (a whole number, 1-3600), else undefined. */
export function probeTimeoutOf(value: string | undefined): number | undefined {
  const v = (value ?? '').trim();
  if (v === '') return DEFAULT_TIMEOUTS.probe;
  if (!/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 && n <= 3600 ? n * 1000 : undefined;
}

/**
 * What an entry asks ahead: the probe timeout, and whether the process calls may go too. The run
 * caps each call at the time its `deadline` leaves (default 30m): only where that stays well above
 * the probe timeout is the quick look's call the same question (a deadline that cannot be read:
 * none, the parser reports it).
 */
export interface QuickLookAhead {
  probeMs: number;
  processes: boolean;
}

function ahead(timeout: string | undefined, deadline: string | undefined): QuickLookAhead | undefined {
  const probeMs = probeTimeoutOf(timeout);
  if (probeMs === undefined) return undefined;
  const d = (deadline ?? '').trim();
  const deadlineS = d === '' ? DEFAULT_DEADLINE_MS / 1000 : boundedSeconds(d, MIN_DEADLINE_S, MAX_DEADLINE_S);
  const processes = deadlineS !== undefined && probeMs < deadlineS * 1000 - 60_000;
  return { probeMs, processes };
}

/** The action: mode `auto` (its default is `check`, which asks nothing ahead). */
export function actionQuickLook(env: NodeJS.ProcessEnv): QuickLookAhead | undefined {
  if ((env.INPUT_MODE ?? '').trim() !== 'auto') return undefined;
  return ahead(env.INPUT_TIMEOUT, env.INPUT_DEADLINE);
}

/**
 * The CLI: `heal` in mode auto (`--mode auto` or no --mode; the value as the parser takes it, not
 * trimmed), no help in any spelling.
 */
export function cliQuickLook(argv: readonly string[]): QuickLookAhead | undefined {
  if (argv[0] !== 'heal') return undefined;
  let mode = 'auto';
  let timeout: string | undefined;
  let deadline: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (name === '--help' || name === '-h') return undefined;
    if (name !== '--mode' && name !== '--timeout' && name !== '--deadline') continue;
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) return undefined;
    if (name === '--mode') mode = value;
    else if (name === '--timeout') timeout = value;
    else deadline = value;
  }
  if (mode !== 'auto') return undefined;
  return ahead(timeout, deadline);
}

/** True when buildx's own state files are all there (then its `ls` creates none). */
export function buildxStateReady(paths: DockerPaths): boolean {
  return [
    paths.instancesDir,
    paths.defaultsDir,
    paths.activityDir,
    paths.currentFile,
    `${paths.buildxDir}/.lock`,
  ].every((p) => {
    try {
      return lstatSync(p, { throwIfNoEntry: false }) !== undefined;
    } catch {
      return false; // not a directory on the way (ENOTDIR), no permission: not there for sure
    }
  });
}

/**
 * Starts the quick look's questions (see above) with `probeMs`, on `env` (the environment the run's
 * Docker door and runner get). Synchronous, and called before the entry loads its chunk: what it
 * needs to know first is a read of config.json and a few stat calls, and a spawn made here starts
 * at once, where one waiting on an asynchronous read would start only after the chunk compiled
 * (the main thread is busy with it). The `ls` goes first (the longest), then the reads (the build
 * cache's usage is the daemon's slowest answer), then the two short processes. Never throws: a head
 * start that cannot start is simply none.
 */
export function prestartQuickLook(env: NodeJS.ProcessEnv, look: QuickLookAhead | undefined): void {
  if (look === undefined || env.BKH_PRESTART === '0') return;
  const probeMs = look.probeMs;
  try {
    const paths = dockerPaths(env);
    const config = readConfigJson(paths);
    const pick = look.processes ? buildxPick(env, paths, config) : undefined;
    const runner = new ProcessRunner(env);
    const calls =
      pick !== undefined && 'path' in pick ? quickLookCalls('docker', env, paths, pick.path, probeMs) : undefined;
    if (calls !== undefined && buildxStateReady(paths)) runner.startAhead(calls.ls.file, calls.ls.args, calls.ls.opts);
    const socket = localEngineSocket(env, config.text);
    if (socket !== undefined) {
      const engine = new EngineApi(socket);
      for (const path of QUICK_ENGINE_PATHS) engine.startAhead(path, { timeoutMs: probeMs });
    }
    if (calls !== undefined) {
      runner.startAhead(calls.version.file, calls.version.args, calls.version.opts);
      // Not where the quick look will take a remembered answer (src/docker/plugin-memo.ts).
      if (recallMetadata(env, calls.metadata.file) === undefined) {
        beforeMetadataRun(calls.metadata.file);
        runner.startAhead(calls.metadata.file, calls.metadata.args, calls.metadata.opts);
      }
    }
  } catch {
    // No head start: the quick look asks everything itself.
  }
}
