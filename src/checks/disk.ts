/** `disk.low`: free space on the Docker data root below the minimum. */
import type { Check } from './types.js';
import { cmd, finding, note } from './util.js';

export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? String(v) : v.toFixed(2)} ${units[i] ?? 'B'}`;
}

export const diskCheck: Check = {
  id: 'disk',
  title: 'Enough free disk for builds',
  run({ facts, options }) {
    const d = facts.disk;
    if (!d || d.freeBytes >= options.minFreeBytes) return [];
    const ev = typeof d.evidence === 'string' ? note(d.evidence) : cmd(d.evidence);
    return [
      finding(
        'disk.low',
        'warning',
        d.path,
        `Only ${formatBytes(d.freeBytes)} free of ${formatBytes(d.totalBytes)} on ${d.path} (minimum ${formatBytes(options.minFreeBytes)}).`,
        [ev],
        {
          repair: {
            action: 'cache.prune',
            description: 'Prune the build cache to free space',
            target: 'build-cache',
            automatic: true,
          },
          advice: 'If pruning the build cache is not enough, remove unused images and volumes or grow the disk.',
        },
      ),
    ];
  },
};
