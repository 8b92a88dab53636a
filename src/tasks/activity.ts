/**
 * What a running BuildKit container is doing, from its process list: through the Engine API where
 * the daemon's socket is local (the CLI's `docker top` when the API cannot answer), a few at a
 * time. Diagnose reads it for every running `buildx_buildkit_*` container; clean reads it again
 * right before it removes a builder, since a build may have started during the backup.
 */
import type { CommandResult } from '../core/types.js';
import type { ContainerActivity } from '../checks/types.js';
import { attempt, type Docker, type Parsed } from '../docker/docker.js';
import type { EngineApi } from '../docker/engine.js';
import { buildkitActivity, parseTop, programName } from '../docker/parse/index.js';
import type { TopProcess } from '../docker/parse/index.js';
import { succeeded } from '../docker/runner.js';

/** At most this many process lists are asked for at once. */
const AT_ONCE = 4;
/**
 * What a busy list shows may be ending: buildx's own `ls`/`inspect` and every build exec `buildctl
 * dial-stdio` into running nodes, and a build's last step (its runc and shell) goes only after the
 * build's client has returned; on a loaded host either can take seconds (seen after the heal's own
 * baseline build, and after a test's build under two test shards' load). A busy list is asked for
 * again after each of these pauses (10 s in all) before it counts as busy; a real build stays for
 * its whole length, so a busy builder is still kept, only later. The quick look (the pre-build
 * step, `quick`) waits so only on a list of buildx's clients alone (6 s at most): a build running
 * beside it is busy at once there, not 10 s later.
 */
const RECHECK_MS = [300, 600, 800, 800, 1500, 2000, 2000, 2000];
const QUICK_RECHECK_MS = RECHECK_MS.slice(0, 6);

export async function containerActivity(
  docker: Docker,
  engine: EngineApi | undefined,
  names: string[],
  quick = false,
): Promise<Record<string, ContainerActivity>> {
  const out: Record<string, ContainerActivity> = {};
  const queue = [...names];
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift())
      out[name] = await activityOf(docker, engine, name, quick);
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, names.length) }, worker));
  return out;
}

export async function activityOf(
  docker: Docker,
  engine: EngineApi | undefined,
  name: string,
  quick = false,
): Promise<ContainerActivity> {
  let p = await top(docker, engine, name);
  for (const ms of quick ? QUICK_RECHECK_MS : RECHECK_MS) {
    if (p.parsed === undefined || buildkitActivity(p.parsed) !== 'busy') break;
    if (quick && !onlyClients(p.parsed)) break;
    await new Promise((r) => setTimeout(r, ms));
    const again = await top(docker, engine, name);
    if (again.parsed === undefined) break;
    p = again;
  }
  if (p.parsed === undefined)
    return { state: restarting(p.result) ? 'restarting' : 'unknown', processes: [], evidence: p.result };
  return { state: buildkitActivity(p.parsed), processes: p.parsed.map((x) => x.args), evidence: p.result };
}

/** The daemon refused the process list because the container is restarting: its process exited. */
export function restarting(r: CommandResult): boolean {
  return !succeeded(r) && !r.timedOut && /\bis restarting\b/i.test(`${r.stderr}\n${r.stdout}`);
}

/** The container is gone or stopped: nothing can be building in it. */
export function notRunning(r: CommandResult): boolean {
  return !succeeded(r) && !r.timedOut && /is not running|no such container/i.test(`${r.stderr}\n${r.stdout}`);
}

async function top(docker: Docker, engine: EngineApi | undefined, name: string): Promise<Parsed<TopProcess[]>> {
  if (engine !== undefined) {
    const psArgs = encodeURIComponent('-o pid,args');
    const result = await engine.get(`/containers/${encodeURIComponent(name)}/top?ps_args=${psArgs}`, {
      timeoutMs: docker.timeouts.probe,
    });
    if (succeeded(result)) return attempt(result, parseTop);
    // A daemon that does not answer in time will not answer the CLI either.
    if (result.timedOut) return { result, parseError: 'top timed out' };
  }
  return docker.top(name);
}

/** Besides buildkitd only connected clients (`buildctl dial-stdio`), no build step. */
function onlyClients(ps: TopProcess[]): boolean {
  const extra = ps.filter((p) => buildkitActivity([p]) === 'busy');
  return extra.length > 0 && extra.every((p) => programName(p.args) === 'buildctl' && /\bdial-stdio\b/.test(p.args));
}
