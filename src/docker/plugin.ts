import { readFileSync, statSync } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { basename, delimiter, isAbsolute, join } from 'node:path';
import type { CommandResult } from '../core/types.js';
import { errorMessage } from '../core/errors.js';
import type { LsResult } from './parse/types.js';
import { succeeded } from './runner.js';
import type { RunOptions } from './runner.js';
import type { DockerPaths } from './paths.js';
import { pickDockerEnv } from './env.js';

/**
 * How the docker CLI finds and starts a CLI plugin (docker/cli cli-plugins/manager, the same from
 * 20.10 to 29.x): `PluginRunCommand` walks `getPluginDirs` (config.json `cliPluginsExtraDirs`, then
 * `<config dir>/cli-plugins`, then the system directories), takes the first `docker-<name>` whose
 * `os.Stat` is not "does not exist", runs its `docker-cli-plugin-metadata` (valid: JSON,
 * `SchemaVersion` "0.1.0", a `Vendor`), then runs it with the CLI's own argv (`buildx ls ...`: no
 * global flags here) and environment plus `DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=<argv[0]>`.
 */
export const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
];

/** The environment variable by which a plugin knows the docker CLI started it (and how). */
export const REEXEC_ENV = 'DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND';

/** The CLI's plugin directories, in its order of preference. */
export function pluginDirs(userDir: string, configJson: string | undefined): string[] {
  let extra: string[] = [];
  try {
    const c = JSON.parse(configJson ?? '{}') as { cliPluginsExtraDirs?: unknown };
    if (Array.isArray(c.cliPluginsExtraDirs))
      extra = c.cliPluginsExtraDirs.filter((d): d is string => typeof d === 'string' && d !== '');
  } catch {
    /* the CLI reports an unreadable config.json itself */
  }
  return [...extra, userDir, ...SYSTEM_PLUGIN_DIRS];
}

/** A plugin resolved exactly as the CLI would, or why that could not be told for sure. */
export type PluginPick = { path: string } | { doubt: string };

/**
 * The CLI's pick among `dirs`: the first `docker-<name>` whose stat is not ENOENT. Anything the CLI
 * would treat differently from "a regular file, or nothing" (another stat error, a directory, a
 * name with entries the config lists that are not strings) is a doubt, never a guess.
 */
export function pickPlugin(dirs: string[], name: string): PluginPick {
  for (const d of dirs) {
    const path = join(d, `docker-${name}`);
    try {
      return statSync(path).isFile() ? { path } : { doubt: `${path} is not a regular file` };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { doubt: `${path}: ${errorMessage(e)}` };
    }
  }
  return { doubt: `no docker-${name} in ${dirs.join(', ')}` };
}

/** config.json as the CLI reads it: absent, or one JSON object whose plugin directories are all strings. */
export function configDoubt(configJson: string | undefined): string | undefined {
  if (configJson === undefined) return undefined;
  try {
    const c = JSON.parse(configJson) as unknown;
    if (c === null || typeof c !== 'object' || Array.isArray(c)) return 'config.json is not a JSON object';
    // Go matches JSON keys to fields case-insensitively: `CliPluginsExtraDirs` is read by the CLI.
    const odd = Object.keys(c).find((k) => k !== 'cliPluginsExtraDirs' && k.toLowerCase() === 'clipluginsextradirs');
    if (odd !== undefined) return `config.json names ${odd}, which the CLI reads as cliPluginsExtraDirs`;
    const extra = (c as { cliPluginsExtraDirs?: unknown }).cliPluginsExtraDirs;
    if (extra !== undefined && extra !== null) {
      if (!Array.isArray(extra) || extra.some((d) => typeof d !== 'string' || d === ''))
        return 'config.json cliPluginsExtraDirs is not a list of paths';
    }
    return undefined;
  } catch (e) {
    return `config.json does not parse: ${errorMessage(e)}`;
  }
}

/**
 * The environment the direct run cannot mirror for sure: directories newer CLIs may search, a
 * config directory the CLI would find with a user lookup (no HOME), a plugin socket of another CLI.
 */
export function envDoubt(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DOCKER_CLI_PLUGIN_EXTRA_DIRS !== undefined) return 'DOCKER_CLI_PLUGIN_EXTRA_DIRS is set';
  if ((env.DOCKER_CONFIG ?? '') === '' && (env.HOME ?? '') === '') return 'neither DOCKER_CONFIG nor HOME is set';
  return undefined;
}

/** config.json as read from disk: its text (undefined when there is none), or why it could not be read. */
export type ConfigRead = { text?: string; error?: string };

export function readConfigJson(paths: DockerPaths): ConfigRead {
  try {
    return { text: readFileSync(paths.configJson, 'utf8') };
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? {} : { error: errorMessage(e) };
  }
}

/**
 * The buildx plugin the docker CLI would run, picked as it picks it (config.json, read once by the
 * caller, taken as the CLI takes it), or why the quick look cannot run it directly (then it runs
 * `docker buildx ls`). `BKH_DIRECT_LS=0` always doubts.
 */
export function buildxPick(env: NodeJS.ProcessEnv, paths: DockerPaths, config: ConfigRead): PluginPick {
  if (env.BKH_DIRECT_LS === '0') return { doubt: 'BKH_DIRECT_LS=0' };
  const early = envDoubt(env) ?? (env.PATH === undefined ? 'PATH is not set' : undefined);
  if (early !== undefined) return { doubt: early };
  if (config.error !== undefined) return { doubt: `config.json: ${config.error}` };
  const bad = configDoubt(config.text);
  if (bad !== undefined) return { doubt: bad };
  return pickPlugin(pluginDirs(paths.cliPluginsDir, config.text), 'buildx');
}

/** A process call: what the runner gets. */
export interface Call {
  file: string;
  args: string[];
  opts: Pick<RunOptions, 'timeoutMs' | 'env'>;
}

/**
 * The quick look's three process calls, built in one place for Docker.quickLs and for the entries'
 * head start (src/docker/prestart.ts), so that both ask the very same question: the plugin's
 * `buildx ls --format json` with the CLI's argv and environment, its metadata check, and
 * `docker --version`.
 */
export function quickLookCalls(
  bin: string,
  env: NodeJS.ProcessEnv,
  paths: DockerPaths,
  plugin: string,
  probeMs: number,
): { ls: Call; metadata: Call; version: Call } {
  const otel = [env.OTEL_RESOURCE_ATTRIBUTES?.trim(), 'docker.cli.cobra.command_path=docker%20buildx'];
  const lsEnv = {
    ...pickDockerEnv(env),
    [REEXEC_ENV]: bin,
    OTEL_RESOURCE_ATTRIBUTES: otel.filter((a) => a !== undefined && a !== '').join(','),
    // The CLI makes a socket of its own for the plugin; never one a parent CLI made.
    DOCKER_CLI_PLUGIN_SOCKET: undefined,
  };
  return {
    ls: { file: plugin, args: ['buildx', 'ls', '--format', 'json'], opts: { timeoutMs: probeMs, env: lsEnv } },
    metadata: metadataCall(env, paths, plugin, probeMs),
    version: { file: bin, args: ['--version'], opts: { timeoutMs: probeMs, env: pickDockerEnv(env) } },
  };
}

/** A CLI plugin's own `docker-cli-plugin-metadata`, run the way the docker CLI runs it. */
export function metadataCall(env: NodeJS.ProcessEnv, paths: DockerPaths, plugin: string, probeMs: number): Call {
  return {
    file: plugin,
    args: ['docker-cli-plugin-metadata'],
    opts: { timeoutMs: probeMs, env: { ...pickDockerEnv(env), DOCKER_CONFIG: paths.configDir } },
  };
}

/** Docker CLI releases whose plugin discovery and start are the ones mirrored here. */
const CLI_MAJOR_MIN = 20;
const CLI_MAJOR_MAX = 29;

/** `docker --version` of a CLI whose plugin start is the one mirrored here, or why not. */
export function cliVersionDoubt(r: CommandResult): string | undefined {
  if (!succeeded(r)) return 'docker --version did not run';
  if (r.stderr.trim() !== '') return 'docker --version wrote to stderr';
  const m = /^Docker version (\d+)\.(\d+)\.\d+/.exec(r.stdout.trim());
  if (m === null) return 'docker --version is not a Docker CLI';
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < CLI_MAJOR_MIN || (major === CLI_MAJOR_MIN && minor < 10) || major > CLI_MAJOR_MAX)
    return `docker CLI ${major}.${minor}: plugin start not mirrored`;
  return undefined;
}

/** The CLI's own metadata check (`newPlugin`), stricter in one way: stderr must be empty too. */
export function metadataDoubt(r: CommandResult): string | undefined {
  if (!succeeded(r)) return 'docker-cli-plugin-metadata did not run';
  if (r.stderr.trim() !== '') return 'docker-cli-plugin-metadata wrote to stderr';
  try {
    const m = JSON.parse(r.stdout) as { SchemaVersion?: unknown; Vendor?: unknown; Version?: unknown };
    if (m.SchemaVersion !== '0.1.0') return 'plugin SchemaVersion is not 0.1.0';
    if (typeof m.Vendor !== 'string' || m.Vendor === '') return 'plugin metadata has no Vendor';
    if (typeof m.Version !== 'string' || m.Version === '') return 'plugin metadata has no Version';
    return undefined;
  } catch (e) {
    return `plugin metadata does not parse: ${errorMessage(e)}`;
  }
}

/** A `buildx ls --format json` that is plainly healthy: ran, quiet on stderr, every builder and node fine. */
export function lsDoubt(r: CommandResult, parsed: LsResult | undefined): string | undefined {
  if (!succeeded(r)) return 'buildx ls did not succeed';
  if (r.stderr.trim() !== '') return 'buildx ls wrote to stderr';
  if (parsed === undefined || parsed.format !== 'json') return 'buildx ls did not print JSON';
  if (parsed.errors.length > 0) return 'buildx ls reported errors';
  const bad = parsed.builders.some(
    (b) =>
      b.status === 'error' ||
      b.error !== undefined ||
      b.nodes.some((n) => n.status === 'error' || n.error !== undefined),
  );
  return bad ? 'a builder or node is in error' : undefined;
}

/**
 * The docker binary `bin` names, found on PATH the way a spawn finds it: it must be a native
 * program called `docker` (an ELF file). A wrapper script may add flags or change the environment,
 * and a `docker` that is really another program (snap, podman) may start plugins its own way.
 */
export async function cliBinaryDoubt(bin: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const found = await whichFile(bin, env.PATH ?? '');
  if (found === undefined) return `${bin} not found on PATH`;
  if (found === RELATIVE) return 'PATH has a relative entry';
  try {
    const real = await realpath(found);
    if (basename(real) !== 'docker') return `${found} is ${real}, not a docker binary`;
    const fh = await open(real, 'r');
    try {
      const head = Buffer.alloc(4);
      await fh.read(head, 0, 4, 0);
      if (!head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return `${real} is not a native program`;
    } finally {
      await fh.close();
    }
    return undefined;
  } catch (e) {
    return `${found}: ${errorMessage(e)}`;
  }
}

const RELATIVE = '';

/** The file a spawn of `bin` runs; RELATIVE where a relative PATH entry (or bin) makes that depend on the cwd. */
async function whichFile(bin: string, path: string): Promise<string | undefined> {
  if (bin.includes('/')) return isAbsolute(bin) ? bin : RELATIVE;
  for (const d of path.split(delimiter)) {
    if (!isAbsolute(d)) return RELATIVE;
    const c = join(d, bin);
    try {
      const s = await stat(c);
      if (s.isFile() && (s.mode & 0o111) !== 0) return c;
    } catch {
      /* next */
    }
  }
  return undefined;
}
