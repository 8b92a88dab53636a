/** Free space of the daemon's data root. */
import { statfs } from 'node:fs/promises';
import type { Facts } from '../../checks/types.js';

/** Free space of the data root, when the daemon is on this machine (a unix socket or the default). */
export async function diskFree(rootDir: string | undefined, dockerHost: string | undefined): Promise<Facts['disk']> {
  if (rootDir === undefined || rootDir === '') return undefined;
  if (dockerHost !== undefined && !dockerHost.startsWith('unix://')) return undefined;
  try {
    const s = await statfs(rootDir);
    const freeBytes = s.bavail * s.bsize;
    const totalBytes = s.blocks * s.bsize;
    return {
      path: rootDir,
      freeBytes,
      totalBytes,
      evidence: `statfs(${rootDir}): bsize=${s.bsize} blocks=${s.blocks} bavail=${s.bavail}`,
    };
  } catch {
    // The daemon's root is not visible here (daemon in a VM or another namespace).
    return undefined;
  }
}
