/**
 * A second, read-only door to Docker: the Engine API over the daemon's local unix socket, with
 * node's http. A request here costs a few milliseconds where the same question through the docker
 * CLI starts a Go process (100-200 ms on a busy 2-core runner): it is what keeps a healthy
 * `heal --mode auto` close to one `docker buildx ls`.
 *
 * Used only when the CLI would talk to the same socket: DOCKER_HOST a `unix://` path (or unset and
 * no docker context in play), and only with a runner that really runs processes (a scripted test
 * runner never lets a test reach a real daemon through this door). Anything else falls back to the
 * CLI. Every request has a required timeout; results are `CommandResult`s so they are evidence
 * like any command's (argv `GET unix://SOCKET PATH`).
 */
import { request } from 'node:http';
import type { RequestOptions } from 'node:http';
import type { CommandResult } from '../core/types.js';
import type { Runner } from './runner.js';
import { engineKey, offer, take } from './head-start.js';
import { currentContextOf } from './parse/config-json.js';

export interface EngineGetOptions {
  /** Required: no request can forget its timeout. */
  timeoutMs: number;
  /** Cap on the body kept (bytes); default 8 MiB. */
  maxBytes?: number;
}

const DEFAULT_MAX = 8 * 1024 * 1024;

const LEFTOVER_FILTERS = encodeURIComponent(JSON.stringify({ name: ['buildx_buildkit_'] }));
/** Every container, running or not, whose name is a docker-container builder's (leftovers). */
export const LEFTOVER_CONTAINERS_PATH = `/containers/json?all=1&filters=${LEFTOVER_FILTERS}`;
/** Every volume whose name is a docker-container builder's state volume. */
export const LEFTOVER_VOLUMES_PATH = `/volumes?filters=${LEFTOVER_FILTERS}`;
export const INFO_PATH = '/info';
/** The build cache's records (the cache policy's usage): the daemon counts them, the slowest read. */
export const BUILD_CACHE_PATH = '/system/df?type=build-cache';
/** The quick look's reads, which the entries' head start asks first (src/docker/prestart.ts). */
export const QUICK_ENGINE_PATHS = [BUILD_CACHE_PATH, LEFTOVER_CONTAINERS_PATH, LEFTOVER_VOLUMES_PATH, INFO_PATH];
const DEFAULT_SOCKET = '/var/run/docker.sock';

export class EngineApi {
  constructor(readonly socketPath: string) {}

  /** `GET path` (e.g. `/containers/json?all=1`). Never throws: failures are in the result. */
  get(path: string, opts: EngineGetOptions): Promise<CommandResult> {
    if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0) {
      throw new Error(`engine: a positive timeoutMs is required for GET ${path}`);
    }
    // The same read an entry started ahead (src/docker/head-start.ts): its answer, asked once.
    const max = opts.maxBytes ?? DEFAULT_MAX;
    return (
      take(engineKey(this.socketPath, path, opts.timeoutMs, max)) ?? this.request(path, opts.timeoutMs, max).result
    );
  }

  /** Starts a read now and offers its answer to the quick look (the entries' head start). */
  startAhead(path: string, opts: EngineGetOptions): void {
    const max = opts.maxBytes ?? DEFAULT_MAX;
    const r = this.request(path, opts.timeoutMs, max);
    offer(engineKey(this.socketPath, path, opts.timeoutMs, max), r.result, r.stop, r.sent);
  }

  private request(
    path: string,
    timeoutMs: number,
    max: number,
  ): { result: Promise<CommandResult>; stop(): void; sent: Promise<void> } {
    const argv = ['GET', `unix://${this.socketPath}`, path];
    const started = Date.now();
    let stop: () => void = () => undefined;
    let written: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => (written = resolve));
    const result = new Promise<CommandResult>((resolve) => {
      let settled = false;
      let timedOut = false;
      const done = (exitCode: number | null, stdout: string, stderr: string) => {
        if (settled) return;
        settled = true;
        written();
        clearTimeout(timer);
        if (timedOut)
          stderr += `${stderr === '' ? '' : '\n'}[buildkit-healer: timed out after ${timeoutMs} ms and was aborted]`;
        resolve({ argv, exitCode, signal: null, stdout, stderr, timedOut, durationMs: Date.now() - started });
      };
      // The daemon ignores Host on a unix socket, but HTTP/1.1 requires one. `servername` is a TLS
      // name, meaningless here: given, the agent does not derive one from Host, which compiles
      // Node's IP address patterns (about 8 ms of CPU on the first request of a start).
      const options: RequestOptions & { servername: string } = {
        socketPath: this.socketPath,
        path,
        method: 'GET',
        headers: { Host: 'docker', Accept: 'application/json' },
        servername: '',
      };
      const req = request(options, (res) => {
        const chunks: Buffer[] = [];
        let len = 0;
        let truncated = false;
        res.on('data', (b: Buffer) => {
          if (len < max) {
            chunks.push(b);
            len += b.length;
          } else truncated = true;
        });
        res.on('error', (e) => done(null, '', e.message));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          const note = truncated ? `[buildkit-healer: body beyond ${max} bytes was dropped]` : '';
          if (status >= 200 && status < 300) done(0, body, note);
          else
            done(
              1,
              '',
              [`HTTP ${status} ${res.statusMessage ?? ''}`.trim(), body.trim(), note].filter(Boolean).join('\n'),
            );
        });
      });
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error('timeout'));
        done(null, '', '');
      }, timeoutMs);
      req.on('error', (e) => done(null, '', e.message));
      // The whole request is with the socket (src/docker/head-start.ts waits for it).
      req.on('finish', () => written());
      req.end();
      // A dropped head start: nobody reads the answer; the request is aborted.
      stop = () => {
        clearTimeout(timer);
        req.destroy(new Error('dropped'));
      };
    });
    return { result, stop: () => stop(), sent };
  }
}

/**
 * The unix socket the docker CLI would use, when that is certain without running it: DOCKER_HOST
 * `unix://PATH`, or no DOCKER_HOST, no DOCKER_CONTEXT and no `currentContext` in config.json (the
 * CLI's default socket). A context, a tcp or ssh host: undefined (the CLI knows best).
 */
export function localEngineSocket(env: NodeJS.ProcessEnv, configJson: string | undefined): string | undefined {
  const ctx = env.DOCKER_CONTEXT;
  if (ctx !== undefined && ctx !== '' && ctx !== 'default') return undefined;
  const host = env.DOCKER_HOST;
  if (host !== undefined && host !== '') {
    const m = /^unix:\/\/(\/.+)$/.exec(host);
    return m?.[1];
  }
  if (configJson !== undefined && configJson.trim() !== '') {
    try {
      const c = JSON.parse(configJson) as unknown;
      // Any key case counts (`CurrentContext`): the CLI's Go decoder matches keys so.
      const cur = typeof c === 'object' && c !== null ? currentContextOf(c as Record<string, unknown>) : undefined;
      if (cur !== undefined && cur !== 'default') return undefined;
    } catch {
      // The CLI itself refuses an unreadable config.json: let it say so.
      return undefined;
    }
  }
  return DEFAULT_SOCKET;
}

/** Whether the runner really runs processes on this machine (then the API door may be used too). */
export function runsRealProcesses(runner: Runner): boolean {
  return runner.realProcesses === true;
}
