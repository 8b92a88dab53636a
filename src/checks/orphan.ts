/** `orphan.container`, `orphan.volume`: `buildx_buildkit_*` leftovers with no builder. */
import type { Finding } from '../core/types.js';
import type { Check } from './types.js';
import { cmd, finding } from './util.js';

export const orphanCheck: Check = {
  id: 'orphan',
  title: 'No leftover builder containers or volumes',
  run({ facts }) {
    const out: Finding[] = [];
    for (const o of facts.orphans) {
      const isC = o.kind === 'container';
      const r = isC ? facts.containers : facts.volumes;
      out.push(finding(isC ? 'orphan.container' : 'orphan.volume', 'warning', o.name,
        `${isC ? 'Container' : 'Volume'} ${o.name}${o.state ? ` (${o.state})` : ''} belongs to builder ${o.builder}, which no longer exists.`,
        r ? [cmd(r)] : [], {
          repair: { action: 'orphan.remove', description: `Remove ${isC ? 'container' : 'volume'} ${o.name}`, target: o.name, automatic: true },
        }));
    }
    return out;
  },
};
