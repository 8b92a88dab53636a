import { describe, expect, test } from 'vitest';
import { parseBuildxVersion } from '../../src/docker/parse/buildx-version.js';
import { buildxVersions, recorded } from '../fixtures/load.js';

describe('parseBuildxVersion', () => {
  test.each(buildxVersions())('recorded Debian build %s', (version) => {
    const r = recorded(`buildx/${version}/healthy/version`);
    const v = parseBuildxVersion(r.stdout);
    expect(v.name).toBe('github.com/docker/buildx');
    expect(v.raw).toBe(`${version}+ds1`);
    expect(v.semver).toBe(version);
    expect(v.revision).toMatch(new RegExp(`^${version.replace(/\./g, '\\.')}\\+ds1-\\d+$`));
  });

  // Lines as upstream release binaries print them (docker/buildx README and release notes).
  test.each([
    [
      'github.com/docker/buildx v0.13.1 788433953af10f2a698f5c07611dcf6f5f',
      'v0.13.1',
      '0.13.1',
      '788433953af10f2a698f5c07611dcf6f5f',
    ],
    ['github.com/docker/buildx v0.10.4 c513d34', 'v0.10.4', '0.10.4', 'c513d34'],
    ['github.com/docker/buildx v0.19.0-rc1 aac7a47', 'v0.19.0-rc1', '0.19.0', 'aac7a47'],
    ['github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3', '0.13.1+ds1', '0.13.1', '0.13.1+ds1-3'],
  ])('%s', (line, raw, semver, revision) => {
    expect(parseBuildxVersion(`${line}\n`)).toEqual({ name: 'github.com/docker/buildx', raw, semver, revision });
  });

  test('semver is coerced from the leading numbers, as the semver package does', () => {
    expect(parseBuildxVersion('github.com/docker/buildx v0.dev-1 abc').semver).toBe('0.0.0');
    expect(parseBuildxVersion('github.com/docker/buildx 1dev abc').semver).toBe('1.0.0');
  });

  test('not buildx output: a clear Error', () => {
    expect(() => parseBuildxVersion('')).toThrow(/buildx version: empty output/);
    expect(() => parseBuildxVersion("docker: 'buildx' is not a docker command.")).toThrow(/not a buildx version line/);
    expect(() => parseBuildxVersion('github.com/docker/buildx')).toThrow(/not a buildx version line/);
  });
});
