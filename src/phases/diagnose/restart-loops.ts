/** BuildKit containers that restart in a loop, with the tail of their own log. */
import type { Builder, CommandResult } from '../../core/types.js';
import type { ContainerActivity, RestartLoop } from '../../checks/types.js';
import type { Docker } from '../../docker/docker.js';
import { buildkitdExitCause, stateBroken } from '../../docker/parse/index.js';
import { succeeded } from '../../docker/runner.js';
import { readContainerFile } from '../../tasks/container-file.js';
import { listingEntries } from './leftovers.js';

/** The daemon's answer about a container between two starts (`Container ID is restarting, wait ...`). */
const RESTARTING = /\bis restarting\b/i;

/** Lines of a looping container's log read for the cause: its last start's error and stack fit. */
const LOOP_LOG_LINES = 60;
/** Where buildx puts a docker-container builder's buildkitd.toml. */
const BUILDKITD_TOML = '/etc/buildkit/buildkitd.toml';

/**
 * The BuildKit containers of this client's builders that restart in a loop (listed `restarting`,
 * or whose process list the daemon refused because it is restarting), each with the tail of its
 * own log, where buildkitd says why it exits.
 */
export async function restartLoops(
  docker: Docker,
  builders: Builder[],
  containers: CommandResult,
  activity: Record<string, ContainerActivity>,
): Promise<Record<string, RestartLoop>> {
  const listed = new Map<string, { state?: string; status?: string }>();
  for (const c of listingEntries(containers)) for (const n of c.names) listed.set(n, c);
  const out: Record<string, RestartLoop> = {};
  for (const b of builders) {
    for (const node of b.nodes) {
      const name = `buildx_buildkit_${node.name}`;
      const l = listed.get(name);
      // Listed or refused as restarting, or buildx itself was refused so (the listing may catch
      // the short run of one start).
      const said = [node.error, b.error].some((e) => e !== undefined && RESTARTING.test(e));
      if (l?.state !== 'restarting' && activity[name]?.state !== 'restarting' && !said) continue;
      const logs = await docker.logs(name, LOOP_LOG_LINES);
      const loop: RestartLoop = { builder: b.name, container: name, stateBroken: false, logs };
      if (l?.status !== undefined) loop.status = l.status;
      const cause = succeeded(logs) ? buildkitdExitCause(`${logs.stdout}\n${logs.stderr}`) : undefined;
      if (cause !== undefined) {
        loop.cause = cause;
        loop.stateBroken = stateBroken(cause);
      }
      // What it starts with, to tell a config written into the container from its definition's.
      const config = loop.stateBroken ? undefined : await readContainerFile(docker, name, BUILDKITD_TOML);
      if (config !== undefined) loop.config = config;
      out[name] = loop;
    }
  }
  return out;
}
