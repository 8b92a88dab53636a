import { describe, expect, test } from 'vitest';
import { parseLsJson, parseLsTable } from '../../src/docker/parse/ls.js';
import type { LsResult } from '../../src/docker/parse/types.js';
import { buildxVersions, recorded } from '../fixtures/load.js';

const versions = buildxVersions();
const DEAD = 'Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?';

/** Both formats of one case, for versions that have `ls --format json`. */
function both(version: string, kase: string): [string, LsResult][] {
  const t = recorded(`buildx/${version}/${kase}/ls`);
  const j = recorded(`buildx/${version}/${kase}/ls-json`);
  return [
    ['table', parseLsTable(t.stdout, t.stderr)],
    ['json', parseLsJson(j.stdout, j.stderr)],
  ];
}

describe.each(versions)('buildx %s', (version) => {
  test('healthy: default builder, docker driver, running, one node', () => {
    for (const [format, r] of both(version, 'healthy')) {
      expect(r.format).toBe(format);
      expect(r.errors).toEqual([]);
      expect(r.builders.map((b) => b.name)).toEqual(['default']);
      const b = r.builders[0];
      expect(b?.driver).toBe('docker');
      expect(b?.status).toBe('running');
      expect(b?.nodes).toHaveLength(1);
      expect(b?.nodes[0]?.name).toBe('default');
      expect(b?.nodes[0]?.endpoint).toBe('default');
      expect(b?.nodes[0]?.status).toBe('running');
      expect(b?.nodes[0]?.buildkitVersion).toBe('v0.0.0+unknown');
      expect(b?.nodes[0]?.platforms).toContain('linux/amd64');
      expect(b?.nodes[0]?.platforms).toContain('linux/arm64');
    }
  });

  test('table marks the current builder with *', () => {
    const t = recorded(`buildx/${version}/healthy/ls`);
    expect(parseLsTable(t.stdout, t.stderr).builders[0]?.current).toBe(true);
  });

  test('json: builders printed twice are deduped by name', () => {
    const j = recorded(`buildx/${version}/container-no-bootstrap/ls-json`);
    const lines = j.stdout.split('\n').filter((l) => l.trim() !== '');
    const r = parseLsJson(j.stdout, j.stderr);
    expect(r.builders.map((b) => b.name).sort()).toEqual(['bkh-nobootstrap', 'default']);
    expect(lines.length).toBeGreaterThanOrEqual(r.builders.length);
  });

  test('dead desktop-linux context: that builder is in error with the daemon message', () => {
    for (const [format, r] of both(version, 'dead-context')) {
      const dl = r.builders.find((b) => b.name === 'desktop-linux');
      expect(dl?.status, format).toBe('error');
      expect(dl?.error, format).toBe(DEAD);
      expect(dl?.nodes, format).toEqual([]);
      expect(dl?.current, format).toBe(false);
      expect(r.builders.find((b) => b.name === 'default')?.status, format).toBe('running');
      expect(r.errors, format).toEqual(format === 'table' ? [`Cannot load builder desktop-linux: ${DEAD}`] : []);
    }
  });

  test('two-node builder whose second node lost its daemon: that node and the builder are in error', () => {
    for (const [format, r] of both(version, 'dead-node')) {
      const b = r.builders.find((x) => x.name === 'bkh-multi');
      expect(b?.status, format).toBe('error');
      expect(b?.error, format).toBeUndefined();
      expect(
        b?.nodes.map((n) => [n.name, n.status]),
        format,
      ).toEqual([
        ['bkh-multi0', 'inactive'],
        ['bkh-multi1', 'error'],
      ]);
      expect(b?.nodes[0]?.error, format).toBeUndefined();
      expect(b?.nodes[1]?.endpoint, format).toBe('bkh-gone');
      expect(b?.nodes[1]?.error, format).toMatch(
        /^Cannot connect to the Docker daemon at unix:\/\/\/.*\/docker\.sock\. Is the docker daemon running\?$/,
      );
      // The context itself is also listed as a builder, in error.
      expect(r.builders.find((x) => x.name === 'bkh-gone')?.status, format).toBe('error');
      expect(r.builders.find((x) => x.name === 'default')?.status, format).toBe('running');
      if (format === 'table') {
        expect(r.errors.map((e) => e.replace(/:.*$/, ''))).toEqual([
          'Failed to get status for bkh-multi (bkh-multi1)',
          'Cannot load builder bkh-gone',
        ]);
      }
    }
  });

  test('unreachable daemon: default is in error', () => {
    for (const [format, r] of both(version, 'daemon-unreachable')) {
      expect(
        r.builders.map((b) => [b.name, b.status, b.error]),
        format,
      ).toEqual([['default', 'error', DEAD]]);
    }
  });

  test('docker-container builder that cannot bootstrap: inactive node with its platforms and flags', () => {
    for (const [format, r] of both(version, 'container-no-bootstrap-after')) {
      const b = r.builders.find((x) => x.name === 'bkh-nobootstrap');
      expect(b?.driver, format).toBe('docker-container');
      expect(b?.status, format).toBe('inactive');
      expect(b?.current, format).toBe(false);
      expect(b?.nodes[0]?.name, format).toBe('bkh-nobootstrap0');
      expect(b?.nodes[0]?.endpoint, format).toMatch(/^unix:\/\/\/.*docker\.sock$/);
      expect(b?.nodes[0]?.platforms, format).toEqual(['linux/amd64', 'linux/arm64']);
      if (format === 'json') expect(b?.nodes[0]?.flags).toEqual(['--allow-insecure-entitlement=network.host']);
    }
  });

  test.each([
    ['instance-not-json', "ERROR: invalid character 'g' looking for beginning of value"],
    ['instance-empty', 'ERROR: unexpected end of JSON input'],
    ['current-empty', 'ERROR: unexpected end of JSON input'],
    ['current-nul', "ERROR: invalid character '\\x00' looking for beginning of value"],
  ])('broken state file %s: no builders, the ERROR line kept', (kase, error) => {
    for (const [format, r] of both(version, kase)) {
      expect(recorded(`buildx/${version}/${kase}/ls`).exit).toBe(1);
      expect(r.builders, format).toEqual([]);
      expect(r.errors, format).toEqual([error]);
    }
  });
});

describe('json details', () => {
  test('the Current field of newer buildx is read', () => {
    const newest = versions.at(-1) ?? '';
    const r = parseLsJson(recorded(`buildx/${newest}/container-no-bootstrap/ls-json`).stdout);
    expect(r.builders.map((b) => [b.name, b.current])).toEqual([
      ['bkh-nobootstrap', false],
      ['default', true],
    ]);
  });

  test('a node Err makes the node and builder error', () => {
    const line = JSON.stringify({
      Name: 'b',
      Driver: 'docker-container',
      Nodes: [{ Name: 'b0', Endpoint: 'unix:///x.sock', Status: 'inactive', Err: 'boom' }],
    });
    const r = parseLsJson(line);
    expect(r.builders[0]?.status).toBe('error');
    expect(r.builders[0]?.nodes[0]).toMatchObject({ name: 'b0', status: 'error', error: 'boom' });
  });

  test('not JSON lines: a clear Error', () => {
    expect(() => parseLsJson('NAME/NODE DRIVER/ENDPOINT STATUS')).toThrow(/not JSON lines/);
    expect(() => parseLsJson('[1]')).toThrow(/not a builder object/);
  });
});

describe('table details', () => {
  // The layout of buildx 0.10-0.12 (before the `\_` tree), as docker/buildx's own docs show it.
  const old = [
    'NAME/NODE       DRIVER/ENDPOINT                   STATUS    BUILDKIT   PLATFORMS',
    'elated_tesla *  docker-container',
    '  elated_tesla0 unix:///var/run/docker.sock       running   v0.10.3    linux/amd64',
    '  elated_tesla1 ssh://ubuntu@1.2.3.4              running   v0.10.3    linux/arm64*, linux/arm/v7, linux/arm/v6',
    'default         docker',
    '  default       default                           running   20.10.21   linux/amd64, linux/386',
    '',
  ].join('\n');

  test('0.10-0.12 layout: `name *` current marker, indented nodes', () => {
    const r = parseLsTable(old, '');
    expect(r.builders.map((b) => [b.name, b.current, b.driver, b.status])).toEqual([
      ['elated_tesla', true, 'docker-container', 'running'],
      ['default', false, 'docker', 'running'],
    ]);
    expect(r.builders[0]?.nodes.map((n) => [n.name, n.endpoint, n.buildkitVersion])).toEqual([
      ['elated_tesla0', 'unix:///var/run/docker.sock', 'v0.10.3'],
      ['elated_tesla1', 'ssh://ubuntu@1.2.3.4', 'v0.10.3'],
    ]);
    expect(r.builders[0]?.nodes[1]?.platforms).toEqual(['linux/arm64', 'linux/arm/v7', 'linux/arm/v6']);
  });

  test('0.10-0.12 stderr: `Failed to get status for` marks the node', () => {
    const r = parseLsTable(old, '\nFailed to get status for elated_tesla (elated_tesla1): connection refused\n');
    expect(r.builders[0]?.status).toBe('error');
    expect(r.builders[0]?.nodes[1]).toMatchObject({ status: 'error', error: 'connection refused' });
    expect(r.errors).toEqual(['Failed to get status for elated_tesla (elated_tesla1): connection refused']);
  });

  test('not a table: a clear Error', () => {
    expect(() => parseLsTable('{"Name":"default"}')).toThrow(/no NAME\/NODE header/);
  });
});

describe('ls table: `*`-marked user platforms (buildx print layout)', () => {
  test('kept apart, and stripped from the platform list', () => {
    const table = [
      'NAME/NODE     DRIVER/ENDPOINT                STATUS    BUILDKIT   PLATFORMS',
      'multi*        docker-container                                    ',
      ' \\_ multi0    \\_ unix:///var/run/docker.sock   running   v0.13.2    linux/amd64*, linux/arm64*, linux/386',
      'default       docker                                              ',
      ' \\_ default   \\_ default                       running   v0.12.5    linux/amd64, linux/386',
      '',
    ].join('\n');
    const r = parseLsTable(table);
    const multi = r.builders.find((b) => b.name === 'multi')?.nodes[0];
    expect(multi?.platforms).toEqual(['linux/amd64', 'linux/arm64', 'linux/386']);
    expect(multi?.userPlatforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(r.builders.find((b) => b.name === 'default')?.nodes[0]?.userPlatforms).toBeUndefined();
  });
});
