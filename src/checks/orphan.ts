/**
 * `orphan.container`, `orphan.volume`: stopped `buildx_buildkit_*` leftovers with no builder.
 * `orphan.running`: a running one with no builder this client knows. On a shared daemon that is
 * most often another client's builder (another HOME or DOCKER_CONFIG, same socket): it is
 * reported, never removed, and neither is its state volume.
 * `orphan.recent`: a stopped one that stopped less than `orphan-min-age` ago (or whose age could
 * not be read): not removed either, since "this client does not know it" is no evidence that it
 * is abandoned (another client may have stopped its builder with `buildx stop`). Its age is.
 */
import type { CommandResult, Finding } from '../core/types.js';
import type { Check, OrphanCandidate } from './types.js';
import { cmd, finding } from './util.js';

/** `orphan-min-age` when none is given: a day. */
export const DEFAULT_ORPHAN_MIN_AGE_MS = 24 * 3600 * 1000;

export const orphanCheck: Check = {
  id: 'orphan',
  title: 'No leftover builder containers or volumes',
  run({ facts, options }) {
    const out: Finding[] = [];
    for (const o of facts.orphans) {
      const isC = o.kind === 'container';
      const r = isC ? facts.containers : facts.volumes;
      if (o.inUse?.recent === true) {
        if (isC || !facts.orphans.some((c) => c.kind === 'container' && `${c.name}_state` === o.name))
          out.push(recentLeftover(o, facts.orphans, options.orphanMinAgeMs, r));
        continue;
      }
      if (o.inUse !== undefined) {
        if (isC) out.push(runningLeftover(o, facts.orphans, r !== undefined ? [cmd(r)] : []));
        continue;
      }
      // A running one here is idle on a daemon this client has alone (shared-daemon false).
      const idle =
        isC && o.state === 'running' && facts.activity?.[o.name]?.state === 'idle'
          ? ', idle, and this daemon is not shared'
          : '';
      const age =
        o.since !== undefined
          ? ` It ${isC ? 'stopped' : 'was created'} at ${o.since}, longer than orphan-min-age ago.`
          : '';
      out.push(
        finding(
          isC ? 'orphan.container' : 'orphan.volume',
          'warning',
          o.name,
          `${isC ? 'Container' : 'Volume'} ${o.name}${o.state ? ` (${o.state}${idle})` : ''} belongs to builder ${o.builder}, which no longer exists.${age}`,
          [...(r ? [cmd(r)] : []), ...(o.sinceEvidence !== undefined ? [cmd(o.sinceEvidence)] : [])],
          {
            repair: {
              action: 'orphan.remove',
              description: `Remove ${isC ? 'container' : 'volume'} ${o.name}`,
              target: o.name,
              automatic: true,
            },
          },
        ),
      );
    }
    return out;
  },
};

function runningLeftover(o: OrphanCandidate, all: OrphanCandidate[], evidence: Finding['evidence']): Finding {
  const a = o.inUse?.activity;
  const volume = all.find((v) => v.kind === 'volume' && v.inUse?.by === o.name)?.name;
  const doing =
    a === undefined
      ? `${o.state ?? 'state unknown'}`
      : a.state === 'busy'
        ? `running, build in progress: ${a.processes.join('; ')}`
        : a.state === 'idle'
          ? `running, idle: ${a.processes.join('; ')}`
          : 'running, processes could not be read';
  if (a !== undefined) evidence.push(cmd(a.evidence));
  const rm = `docker rm -f ${o.name}${volume !== undefined ? ` && docker volume rm ${volume}` : ''}`;
  return finding(
    'orphan.running',
    'info',
    o.name,
    `Container ${o.name} (${doing}) belongs to builder ${o.builder}, which this client does not know: most likely another client's builder on this daemon (another HOME or DOCKER_CONFIG). Left alone${volume !== undefined ? `, with its volume ${volume}` : ''}.`,
    evidence,
    { advice: `When no client on this daemon uses builder ${o.builder}, remove it by hand: \`${rm}\`.` },
  );
}

function recentLeftover(
  o: OrphanCandidate,
  all: OrphanCandidate[],
  minAgeMs: number | undefined,
  listing: CommandResult | undefined,
): Finding {
  const isC = o.kind === 'container';
  const volume = isC
    ? all.find((v) => v.kind === 'volume' && v.inUse?.recent === true && v.name === `${o.name}_state`)?.name
    : undefined;
  const hours = Math.round(((minAgeMs ?? DEFAULT_ORPHAN_MIN_AGE_MS) / 3600_000) * 100) / 100;
  const when =
    o.since !== undefined
      ? `${isC ? 'stopped' : 'was created'} at ${o.since}, less than orphan-min-age (${hours}h) ago`
      : 'its age could not be read from the daemon';
  const evidence = [
    ...(listing !== undefined ? [cmd(listing)] : []),
    ...(o.sinceEvidence !== undefined ? [cmd(o.sinceEvidence)] : []),
  ];
  return finding(
    'orphan.recent',
    'info',
    o.name,
    `${isC ? 'Container' : 'Volume'} ${o.name}${o.state ? ` (${o.state})` : ''} belongs to builder ${o.builder}, which this client does not know; it ${when}. It may be another client's builder on this daemon (stopped with docker buildx stop), so it is left alone${volume !== undefined ? `, with its volume ${volume}` : ''}.`,
    evidence,
    {
      advice: `It is removed as a leftover once it is older than orphan-min-age; when no client on this daemon uses builder ${o.builder}, remove it by hand: \`${isC ? `docker rm ${o.name}${volume !== undefined ? ` && docker volume rm ${volume}` : ''}` : `docker volume rm ${o.name}`}\`.`,
    },
  );
}
