/**
 * `orphan.container`, `orphan.volume`: stopped `buildx_buildkit_*` leftovers with no builder.
 * `orphan.running`: a running one with no builder this client knows. On a shared daemon that is
 * most often another client's builder (another HOME or DOCKER_CONFIG, same socket): it is
 * reported, never removed, and neither is its state volume.
 */
import type { Finding } from '../core/types.js';
import type { Check, OrphanCandidate } from './types.js';
import { cmd, finding } from './util.js';

export const orphanCheck: Check = {
  id: 'orphan',
  title: 'No leftover builder containers or volumes',
  run({ facts }) {
    const out: Finding[] = [];
    for (const o of facts.orphans) {
      const isC = o.kind === 'container';
      const r = isC ? facts.containers : facts.volumes;
      if (o.inUse !== undefined) {
        if (isC) out.push(runningLeftover(o, facts.orphans, r !== undefined ? [cmd(r)] : []));
        continue;
      }
      // A running one here is idle on a daemon this client has alone (shared-daemon false).
      const idle = isC && o.state === 'running' && facts.activity?.[o.name]?.state === 'idle' ? ', idle, and this daemon is not shared' : '';
      out.push(finding(isC ? 'orphan.container' : 'orphan.volume', 'warning', o.name,
        `${isC ? 'Container' : 'Volume'} ${o.name}${o.state ? ` (${o.state}${idle})` : ''} belongs to builder ${o.builder}, which no longer exists.`,
        r ? [cmd(r)] : [], {
          repair: { action: 'orphan.remove', description: `Remove ${isC ? 'container' : 'volume'} ${o.name}`, target: o.name, automatic: true },
        }));
    }
    return out;
  },
};

function runningLeftover(o: OrphanCandidate, all: OrphanCandidate[], evidence: Finding['evidence']): Finding {
  const a = o.inUse?.activity;
  const volume = all.find((v) => v.kind === 'volume' && v.inUse?.by === o.name)?.name;
  const doing = a === undefined ? `${o.state ?? 'state unknown'}`
    : a.state === 'busy' ? `running, build in progress: ${a.processes.join('; ')}`
      : a.state === 'idle' ? `running, idle: ${a.processes.join('; ')}`
        : 'running, processes could not be read';
  if (a !== undefined) evidence.push(cmd(a.evidence));
  const rm = `docker rm -f ${o.name}${volume !== undefined ? ` && docker volume rm ${volume}` : ''}`;
  return finding('orphan.running', 'info', o.name,
    `Container ${o.name} (${doing}) belongs to builder ${o.builder}, which this client does not know: most likely another client's builder on this daemon (another HOME or DOCKER_CONFIG). Left alone${volume !== undefined ? `, with its volume ${volume}` : ''}.`,
    evidence, { advice: `When no client on this daemon uses builder ${o.builder}, remove it by hand: \`${rm}\`.` });
}
