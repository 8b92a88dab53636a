/** Verifying a backup: the bundle is read back and every entry checked before it is called verified. */
import { SafetyError } from '../../core/errors.js';
import { readBundle, type Manifest } from '../../bundle/bundle.js';

/** True when every entry reads back with its hash; a bundle that does not verify throws. */
export async function verifyBundle(
  name: string,
  bundlePath: string,
  manifest: Manifest,
  size: number,
  maxBytes: number,
): Promise<boolean> {
  // Read back and check every entry before calling it verified.
  const read = await readBundle(bundlePath, {
    limits: {
      maxArchiveBytes: Math.max(maxBytes, size),
      maxTotalBytes: Number.MAX_SAFE_INTEGER,
      maxEntryBytes: Number.MAX_SAFE_INTEGER,
    },
  });
  const verified =
    read.manifest.files.length === manifest.files.length &&
    manifest.files.every((f) => read.entries.get(f.entry)?.sha256 === f.sha256);
  if (!verified) throw new SafetyError(`Backup ${name} did not verify after it was written`);
  return verified;
}
