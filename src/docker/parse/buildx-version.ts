/** Parser for `docker buildx version`. */
import semver from 'semver';
import type { BuildxVersion } from './types.js';

/**
 * Upstream prints `github.com/docker/buildx v0.13.1 788433953af10f2a698f5c07611dcf6f5f`; Debian prints
 * `github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3` (the package version in place of the commit).
 */
export function parseBuildxVersion(stdout: string): BuildxVersion {
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !/^(WARNING|DEPRECATED)\b/i.test(l));
  if (line === undefined) throw new Error('buildx version: empty output');
  const fields = line.split(/\s+/);
  const [name, raw, revision] = fields;
  if (name === undefined || raw === undefined || !/\d/.test(raw) || !/buildx/i.test(name)) {
    throw new Error(`buildx version: not a buildx version line: ${JSON.stringify(line.slice(0, 120))}`);
  }
  const coerced = semver.coerce(raw);
  const result: BuildxVersion = { name, raw, semver: coerced ? coerced.version : null };
  if (revision !== undefined) result.revision = revision;
  return result;
}
