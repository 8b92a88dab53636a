/**
 * `builder.busy`: a builder of this client whose BuildKit container runs a build right now (its
 * process list shows build steps or a connected `buildctl dial-stdio` beside buildkitd). A heal
 * leaves such a builder alone: removing it would kill the build (often another job's, on a runner
 * host whose jobs share one HOME, or a neighbour using a builder of the same name).
 */
import type { Finding } from '../core/types.js';
import type { Check, Facts } from './types.js';
import { cmd, finding } from './util.js';

/**
 * Builder name → the containers of its nodes that run a build, or whose processes could not be
 * read (or that are paused): a build may be running there too, so they count as busy.
 */
export function busyBuilders(facts: Facts): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const b of facts.builders) {
    const busy = b.nodes
      .map((n) => `buildx_buildkit_${n.name}`)
      .filter((c) => {
        const a = facts.activity?.[c];
        // A restarting container runs nothing (its process exited): builder.restart-loop's.
        return a !== undefined && a.state !== 'idle' && a.state !== 'restarting';
      });
    if (busy.length > 0) out.set(b.name, busy);
  }
  return out;
}

export const busyCheck: Check = {
  id: 'busy',
  title: 'Builders with a build in progress',
  run({ facts }) {
    const out: Finding[] = [];
    for (const [name, containers] of busyBuilders(facts)) {
      const acts = containers.map((c) => facts.activity?.[c]).filter((a) => a !== undefined);
      const procs = acts.flatMap((a) => a.processes);
      const known = acts.every((a) => a.state === 'busy');
      const what = known
        ? `has a build in progress (${containers.join(', ')}: ${procs.join('; ')})`
        : `may have a build in progress: the processes of ${containers.join(', ')} could not be read${procs.length > 0 ? ` (${procs.join('; ')})` : ''}`;
      out.push(
        finding(
          'builder.busy',
          'info',
          name,
          `Builder ${name} ${what}. A heal does not remove or recreate it while it builds.`,
          acts.map((a) => cmd(a.evidence)),
          {
            advice: `Run the heal again when the build has finished, or stop the build first, to let it repair or recreate builder ${name}.`,
          },
        ),
      );
    }
    return out;
  },
};
