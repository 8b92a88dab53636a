/** `cache.over-limit`: build cache larger than the configured limit (from `buildx du`). */
import type { Check } from './types.js';
import { cmd, finding } from './util.js';
import { formatBytes } from './disk.js';

export const cacheCheck: Check = {
  id: 'cache',
  title: 'Build cache within its limit',
  run({ facts, options }) {
    const du = facts.du?.parsed;
    if (!du || !facts.du) return [];
    if (du.totalBytes <= options.cacheLimitBytes) return [];
    return [
      finding(
        'cache.over-limit',
        'warning',
        'build-cache',
        `Build cache uses ${formatBytes(du.totalBytes)}, over the limit of ${formatBytes(options.cacheLimitBytes)} (${formatBytes(du.reclaimableBytes)} reclaimable).`,
        [cmd(facts.du.result)],
        {
          repair: {
            action: 'cache.prune',
            description: 'Prune the build cache down to the limit',
            target: 'build-cache',
            automatic: true,
          },
        },
      ),
    ];
  },
};
