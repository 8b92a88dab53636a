/** The buildx plugin the CLI would run, and its version from the binary itself. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import type { Docker, Parsed, QuickLs } from '../../docker/docker.js';
import { pluginDirs } from '../../docker/plugin.js';
import type { BuildxVersion } from '../../docker/parse/types.js';
import { parseBuildxVersion } from '../../docker/parse/index.js';
import { succeeded } from '../../docker/runner.js';

/**
 * The version of the plugin the CLI would run, from the plugin binary itself
 * (`docker-buildx docker-cli-plugin-metadata`: one small process where `docker buildx version`
 * starts two; the quick look's answer, which may be the one remembered for that very binary). Looked up in the CLI's own order: config.json `cliPluginsExtraDirs`, then
 * `<config dir>/cli-plugins`, then the system directories. Only for the report; the checks trust
 * it no further than `ls --format json` already proves.
 */
export async function pluginMetadata(
  docker: Docker,
  configJson: string | undefined,
  quick: Promise<QuickLs>,
): Promise<Parsed<BuildxVersion> | undefined> {
  if (docker.env.DOCKER_CLI_PLUGIN_EXTRA_DIRS !== undefined) return undefined; // newer CLIs search these too
  // The direct `ls` checked the metadata of the plugin the CLI picks already: the same answer.
  let result = (await quick).metadata;
  if (result === undefined) {
    const plugin = await firstPlugin(pluginDirs(docker.paths.cliPluginsDir, configJson), 'docker-buildx');
    if (plugin === undefined) return undefined;
    result = await docker.pluginMetadata(plugin);
  }
  if (!succeeded(result)) return { result, parseError: 'docker-cli-plugin-metadata did not run' };
  try {
    const m = JSON.parse(result.stdout) as { Version?: unknown };
    if (typeof m.Version !== 'string' || m.Version === '') throw new Error('no Version in the plugin metadata');
    return { result, parsed: parseBuildxVersion(`docker-buildx ${m.Version}`) };
  } catch (e) {
    return { result, parseError: errorMessage(e) };
  }
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
