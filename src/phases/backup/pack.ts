/** Packing a backup: the manifest and the collected files into one `.tar.gz`, within max-backup-size. */
import { SafetyError } from '../../core/errors.js';
import { hashFile, type Manifest } from '../../bundle/bundle.js';
import type { Collector } from './collect.js';

/** Writes the bundle to `bundlePath`; over `maxBytes` it is refused (nothing saved). */
export async function packBundle(
  c: Collector,
  name: string,
  bundlePath: string,
  maxBytes: number,
): Promise<{ manifest: Manifest; size: number }> {
  const { w, manifest: m } = c;
  const manifest: Manifest = { ...m, files: w.files };
  await w.pack(manifest, bundlePath);
  const st = await hashFile(bundlePath);
  if (st.size > maxBytes) {
    throw new SafetyError(
      `Backup ${name} is ${st.size} bytes, over the ${maxBytes}-byte limit (backup-max-bytes); nothing was saved`,
    );
  }
  return { manifest, size: st.size };
}
