import type { CommandResult } from '../core/types.js';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../core/options.js';
import type { RunOptions, Runner } from './runner.js';
import { succeeded } from './runner.js';
import type { DockerPaths } from './paths.js';
import { dockerPaths } from './paths.js';
import * as parse from './parse/index.js';
import type { BuildxVersion, DockerInfo, DockerVersion, DuResult, InspectResult, LsResult } from './parse/types.js';
import { errorMessage } from '../core/errors.js';
import { pickDockerEnv } from './env.js';
import { beforeMetadataRun, recallMetadata, rememberMetadata } from './plugin-memo.js';
import {
  buildxPick,
  cliBinaryDoubt,
  cliVersionDoubt,
  lsDoubt,
  metadataCall,
  metadataDoubt,
  quickLookCalls,
  readConfigJson,
} from './plugin.js';
import type { Call } from './plugin.js';

/** A parsed command: the whole result is always kept as evidence, `parsed` only when it could be read. */
export interface Parsed<T> {
  result: CommandResult;
  parsed?: T;
  parseError?: string;
}

export interface DockerOptions {
  /** The docker CLI to run; default `docker` from PATH. */
  bin?: string;
  /** Environment the docker CLI sees (DOCKER_HOST, DOCKER_CONFIG...). Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  timeouts?: Partial<Timeouts>;
}

/** Parses a result's stdout with `fn`; a parser's error becomes `parseError` (the result is kept). */
export function attempt<T>(result: CommandResult, fn: (s: string) => T): Parsed<T> {
  try {
    return { result, parsed: fn(result.stdout) };
  } catch (e) {
    return { result, parseError: errorMessage(e) };
  }
}

/** The quick look's `buildx ls --format json`, and how it was run. */
export interface QuickLs {
  ls: Parsed<LsResult>;
  /** The buildx plugin's `docker-cli-plugin-metadata`, where the plugin the CLI would run was found. */
  metadata?: CommandResult;
  /** Why `docker buildx ls` ran rather than the plugin directly; unset when the plugin's answer is the one. */
  fallback?: string;
}

/**
 * The docker CLI and its buildx plugin, over the one runner. Read-only calls parse their
 * output; health is judged by callers from parsed output, never from the exit code alone.
 */
export class Docker {
  readonly bin: string;
  readonly env: NodeJS.ProcessEnv;
  readonly paths: DockerPaths;
  readonly timeouts: Timeouts;

  constructor(
    readonly runner: Runner,
    opts: DockerOptions = {},
  ) {
    this.bin = opts.bin ?? 'docker';
    this.env = opts.env ?? process.env;
    this.paths = dockerPaths(this.env);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  }

  /** Any docker command. `timeoutMs` is required. */
  run(args: string[], opts: RunOptions): Promise<CommandResult> {
    return this.runner.run(this.bin, args, { ...opts, env: { ...pickDockerEnv(this.env), ...opts.env } });
  }

  /** `docker buildx ARGS`. */
  buildx(args: string[], opts: RunOptions): Promise<CommandResult> {
    return this.run(['buildx', ...args], opts);
  }

  /**
   * `docker cp SOURCE -` into a file: the tar stream holds device and root-only files that must
   * never be unpacked on the host. `source` is `container:path`.
   */
  copyOutToFile(source: string, file: string, opts: RunOptions & { maxBytes?: number }): Promise<CommandResult> {
    const { maxBytes, ...rest } = opts;
    if (maxBytes === undefined) return this.redirected('exec "$0" cp "$1" - > "$2"', [source, file], rest);
    // At most maxBytes + 1 bytes reach the file (the caller sees it is over); docker's own exit
    // status comes back through a side file, as `sh` has no pipefail.
    return this.redirected(
      '{ "$0" cp "$1" -; echo "$?" >&3; } 3>"$2.rc" | head -c "$3" > "$2"; rc=$(cat "$2.rc"); rm -f "$2.rc"; exit "${rc:-1}"',
      [source, file, String(Math.max(0, Math.floor(maxBytes)) + 1)],
      rest,
    );
  }

  /** `docker cp - DEST` from a tar file: docker unpacks it inside the container. `dest` is `container:path`. */
  copyInFromFile(file: string, dest: string, opts: RunOptions): Promise<CommandResult> {
    return this.redirected('exec "$0" cp - "$1" < "$2"', [dest, file], { mutates: true, ...opts });
  }

  /** The quick look's metadata call, its file noted just before (src/docker/plugin-memo.ts). */
  private runMetadata(c: Call): Promise<CommandResult> {
    beforeMetadataRun(c.file);
    return this.runner.run(c.file, c.args, c.opts);
  }

  /** A CLI plugin's own `docker-cli-plugin-metadata`, run the way the docker CLI runs it (`plugin` is its path). */
  pluginMetadata(plugin: string): Promise<CommandResult> {
    const c = metadataCall(this.env, this.paths, plugin, this.timeouts.probe);
    return this.runner.run(c.file, c.args, c.opts);
  }

  /** A docker command whose stdin or stdout a shell redirects; same timeout and environment as run(). */
  private redirected(script: string, args: string[], opts: RunOptions): Promise<CommandResult> {
    return this.runner.run('sh', ['-c', script, this.bin, ...args], {
      ...opts,
      env: { ...pickDockerEnv(this.env), ...opts.env },
    });
  }

  async version(): Promise<Parsed<DockerVersion>> {
    const r = await this.run(['version', '--format', '{{json .}}'], { timeoutMs: this.timeouts.probe });
    return attempt(r, (s) => parse.parseDockerVersion(s, r.stderr));
  }

  async info(): Promise<Parsed<DockerInfo>> {
    const r = await this.run(['info', '--format', '{{json .}}'], { timeoutMs: this.timeouts.probe });
    return attempt(r, (s) => parse.parseDockerInfo(s, r.stderr));
  }

  async buildxVersion(): Promise<Parsed<BuildxVersion>> {
    const r = await this.buildx(['version'], { timeoutMs: this.timeouts.probe });
    if (!succeeded(r)) return { result: r, parseError: 'buildx version did not run' };
    return attempt(r, parse.parseBuildxVersion);
  }

  /**
   * `docker buildx ls`: JSON where the plugin supports it (0.13+), the table otherwise.
   * `jsonSupported` is decided by the caller from the buildx version.
   */
  async ls(jsonSupported: boolean): Promise<Parsed<LsResult>> {
    const args = jsonSupported ? ['ls', '--format', 'json'] : ['ls'];
    const r = await this.buildx(args, { timeoutMs: this.timeouts.probe });
    return attempt(r, (s) => (jsonSupported ? parse.parseLsJson(s, r.stderr) : parse.parseLsTable(s, r.stderr)));
  }

  /**
   * `buildx ls --format json` for the quick look, without the docker CLI's own start in front of it:
   * the buildx plugin the CLI would pick (src/docker/plugin.ts mirrors how the CLI finds and starts
   * it) runs directly, with the CLI's argv and environment, while `docker --version` (the CLI runs,
   * loads its config, resolves its context and aliases), the plugin's metadata check (its answer
   * remembered for that very binary where it was before: src/docker/plugin-memo.ts) and a look at
   * the binary `docker` names run beside it. Its answer counts only when all of that holds and it is
   * plainly healthy; any doubt (a fault, an environment or a CLI not mirrored) runs `docker buildx ls`
   * as before, so the verdict is the one the CLI's own run gives. `BKH_DIRECT_LS=0` always runs
   * `docker buildx ls`.
   */
  async quickLs(): Promise<QuickLs> {
    const p = buildxPick(this.env, this.paths, readConfigJson(this.paths));
    if ('doubt' in p) return { ls: await this.ls(true), fallback: p.doubt };
    const calls = quickLookCalls(this.bin, this.env, this.paths, p.path, this.timeouts.probe);
    // A hung daemon must not cost two probe timeouts in a row: when the direct run has not answered
    // by then, `docker buildx ls` starts beside it (its answer counts only if the direct one does not).
    let hedge: Promise<Parsed<LsResult>> | undefined;
    const timer = setTimeout(() => (hedge = this.ls(true)), hedgeDelayMs(this.timeouts.probe));
    // The longest first: each spawn takes a while on a busy machine.
    // The metadata answer of this very binary, when remembered (src/docker/plugin-memo.ts).
    const real = this.runner.realProcesses === true;
    const memo = real ? recallMetadata(this.env, p.path) : undefined;
    const [direct, metadata, v, b] = await Promise.all([
      this.runner.run(calls.ls.file, calls.ls.args, calls.ls.opts),
      memo ?? this.runMetadata(calls.metadata),
      this.runner.run(calls.version.file, calls.version.args, calls.version.opts),
      cliBinaryDoubt(this.bin, this.env),
    ]);
    clearTimeout(timer);
    const ls = attempt(direct, (s) => parse.parseLsJson(s, direct.stderr));
    const metaDoubt = metadataDoubt(metadata);
    if (real) rememberMetadata(this.env, p.path, metadata, metaDoubt === undefined);
    const doubt = cliVersionDoubt(v) ?? b ?? metaDoubt ?? lsDoubt(direct, ls.parsed);
    const started = hedge as Promise<Parsed<LsResult>> | undefined;
    if (doubt === undefined) {
      await started; // no docker child outlives the look
      return { ls, metadata };
    }
    return { ls: await (started ?? this.ls(true)), metadata, fallback: doubt };
  }

  async inspect(name: string | undefined, bootstrap = false): Promise<Parsed<InspectResult>> {
    const args = ['inspect'];
    if (bootstrap) args.push('--bootstrap');
    if (name !== undefined) args.push(name);
    const r = await this.buildx(args, {
      timeoutMs: bootstrap ? this.timeouts.slow : this.timeouts.probe,
      mutates: bootstrap,
    });
    return attempt(r, (s) => parse.parseInspect(s, r.stderr));
  }

  /** `docker top NAME -o pid,args`: the processes of a running container. */
  async top(name: string): Promise<Parsed<parse.TopProcess[]>> {
    const r = await this.run(['top', name, '-o', 'pid,args'], { timeoutMs: this.timeouts.probe });
    if (!succeeded(r)) return { result: r, parseError: `docker top ${name} did not run` };
    return attempt(r, parse.parseTop);
  }

  /** The last `tail` lines a container wrote (both streams: buildkitd logs to stderr). */
  async logs(name: string, tail: number): Promise<CommandResult> {
    return this.run(['logs', '--tail', String(tail), name], { timeoutMs: this.timeouts.probe });
  }

  async du(builder?: string): Promise<Parsed<DuResult>> {
    const args = ['du', '--verbose'];
    if (builder !== undefined) args.push('--builder', builder);
    const r = await this.buildx(args, { timeoutMs: this.timeouts.slow });
    return attempt(r, parse.parseDu);
  }
}

/** When the quick look's `docker buildx ls` starts beside a direct run that has not answered: 3 s, or half the probe timeout. */
export function hedgeDelayMs(probeMs: number): number {
  return Math.min(3000, Math.floor(probeMs / 2));
}
