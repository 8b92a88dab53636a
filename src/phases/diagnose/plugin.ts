/** The buildx plugin the CLI would run, and its version from the binary itself. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import type { Docker, Parsed } from '../../docker/docker.js';
import type { BuildxVersion } from '../../docker/parse/types.js';
import { parseBuildxVersion } from '../../docker/parse/index.js';
import { succeeded } from '../../docker/runner.js';

/**
 * The version of the plugin the CLI would run, from the plugin binary itself
 * (`docker-buildx docker-cli-plugin-metadata`: one small process where `docker buildx version`
 * starts two). Looked up in the CLI's own order: config.json `cliPluginsExtraDirs`, then
 * `<config dir>/cli-plugins`, then the system directories. Only for the report; the checks trust
 * it no further than `ls --format json` already proves.
 */
export async function pluginMetadata(
  docker: Docker,
  configJson: string | undefined,
): Promise<Parsed<BuildxVersion> | undefined> {
  if (docker.env.DOCKER_CLI_PLUGIN_EXTRA_DIRS !== undefined) return undefined; // newer CLIs search these too
  const plugin = await firstPlugin(pluginDirs(docker.paths.cliPluginsDir, configJson), 'docker-buildx');
  if (plugin === undefined) return undefined;
  const result = await docker.pluginMetadata(plugin);
  if (!succeeded(result)) return { result, parseError: 'docker-cli-plugin-metadata did not run' };
  try {
    const m = JSON.parse(result.stdout) as { Version?: unknown };
    if (typeof m.Version !== 'string' || m.Version === '') throw new Error('no Version in the plugin metadata');
    return { result, parsed: parseBuildxVersion(`docker-buildx ${m.Version}`) };
  } catch (e) {
    return { result, parseError: errorMessage(e) };
  }
}

const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
];

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

async function firstPlugin(dirs: string[], name: string): Promise<string | undefined> {
  const found = await Promise.all(
    dirs.map(async (d) => {
      const p = join(d, name);
      try {
        return (await stat(p)).isFile() ? p : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return found.find((p) => p !== undefined);
}
