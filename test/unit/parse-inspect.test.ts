import semver from 'semver';
import { describe, expect, test } from 'vitest';
import { parseDriverOptions, parseInspect } from '../../src/docker/parse/inspect.js';
import { buildxVersions, recorded } from '../fixtures/load.js';

const versions = buildxVersions();
const DEAD = 'Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?';

describe.each(versions)('buildx %s', (version) => {
  const at = (kase: string, cmd: string) => {
    const r = recorded(`buildx/${version}/${kase}/${cmd}`);
    return parseInspect(r.stdout, r.stderr);
  };

  test('healthy default builder: docker driver, running node, BuildKit version, labels', () => {
    for (const cmd of ['inspect', 'inspect-default', 'inspect-bootstrap']) {
      const r = at('healthy', cmd);
      expect(r.name, cmd).toBe('default');
      expect(r.driver, cmd).toBe('docker');
      expect(r.error, cmd).toBeUndefined();
      expect(r.nodes, cmd).toHaveLength(1);
      const n = r.nodes[0];
      expect(n?.name).toBe('default');
      expect(n?.endpoint).toBe('default');
      expect(n?.status).toBe('running');
      expect(n?.buildkitVersion).toBe('v0.0.0+unknown');
      expect(n?.platforms).toEqual([
        'linux/amd64',
        'linux/amd64/v2',
        'linux/amd64/v3',
        'linux/amd64/v4',
        'linux/arm64',
      ]);
      expect(n?.labels['org.mobyproject.buildkit.worker.executor']).toBe('containerd');
      expect(n?.labels['org.mobyproject.buildkit.worker.snapshotter']).toBe('overlayfs');
      expect(n?.gcPolicy).toEqual([]);
    }
  });

  test('dead desktop-linux context: builder-level Error line, no nodes', () => {
    const r = at('dead-context', 'inspect-desktop-linux');
    expect(r.name).toBe('desktop-linux');
    expect(r.driver).toBe('');
    expect(r.error).toBe(DEAD);
    expect(r.nodes).toEqual([]);
  });

  test('two-node builder whose second node lost its daemon: node-level Error line', () => {
    const r = at('dead-node', 'inspect-bkh-multi');
    expect(r.name).toBe('bkh-multi');
    expect(r.error).toBeUndefined();
    expect(r.nodes.map((n) => [n.name, n.endpoint, n.status])).toEqual([
      ['bkh-multi0', expect.stringMatching(/^unix:\/\/\/.*docker\.sock$/), 'inactive'],
      ['bkh-multi1', 'bkh-gone', 'error'],
    ]);
    expect(r.nodes[0]?.flags).toEqual(['--debug', '--allow-insecure-entitlement=network.host']);
    expect(r.nodes[1]?.error).toMatch(
      /^Cannot connect to the Docker daemon at unix:\/\/\/.*\/docker\.sock\. Is the docker daemon running\?$/,
    );
  });

  test('unreachable daemon: the default builder carries the error', () => {
    const r = at('daemon-unreachable', 'inspect');
    expect(r.name).toBe('default');
    expect(r.error).toBe(DEAD);
  });

  test('docker-container builder that cannot bootstrap: inactive, driver options, flags, user platforms', () => {
    const r = at('container-no-bootstrap', 'inspect-bkh-nobootstrap');
    expect(r.name).toBe('bkh-nobootstrap');
    expect(r.driver).toBe('docker-container');
    expect(r.lastActivity).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC$/);
    const n = r.nodes[0];
    expect(n?.name).toBe('bkh-nobootstrap0');
    expect(n?.status).toBe('inactive');
    expect(n?.driverOptions.image).toMatch(/^127\.0\.0\.1:\d+\/bkh\/absent-buildkit:1$/);
    expect(n?.flags).toEqual(['--allow-insecure-entitlement=network.host']);
    expect(n?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
  });

  test('inspect --bootstrap that fails: stdout empty, the error from stderr', () => {
    const rec = recorded(`buildx/${version}/container-no-bootstrap/inspect-bootstrap`);
    expect(rec.exit).toBe(1);
    const r = parseInspect(rec.stdout, rec.stderr);
    expect(r.name).toBe('');
    expect(r.error).toMatch(
      /^Error response from daemon: failed to resolve reference ".*absent-buildkit:1": .*not found$/,
    );
  });

  test.each([
    ['instance-not-json', 'inspect-broken', "invalid character 'g' looking for beginning of value"],
    ['instance-empty', 'inspect-broken', 'unexpected end of JSON input'],
    ['current-nul', 'inspect', "invalid character '\\x00' looking for beginning of value"],
  ])('broken state %s: the ERROR line becomes the error', (kase, cmd, error) => {
    expect(at(kase, cmd)).toEqual({ name: '', driver: '', error, nodes: [] });
  });

  test('daemon with builder.gc: GC policy rules of the docker driver', () => {
    const r = at('daemon-gc-policy', 'inspect');
    const gc = r.nodes[0]?.gcPolicy;
    expect(gc).toHaveLength(3);
    // buildx 0.19 renamed `Keep Bytes` to `Reserved Space` (with Max Used / Min Free Space beside it).
    const field = semver.gte(version, '0.19.0') ? 'reservedSpace' : 'keepBytes';
    expect(gc?.[0]).toMatchObject({ all: false, filters: [], [field]: '512MiB' });
    expect(gc?.[0]?.keepDuration).toMatch(/^168h0m0(\.\d+)?s$/);
    expect(gc?.[1]).toMatchObject({ all: false, filters: ['type==source.local'], [field]: '2GiB' });
    expect(gc?.[2]).toMatchObject({ all: true, filters: [], [field]: '10GiB' });
    for (const rule of gc ?? [])
      expect(Object.keys(rule)).not.toContain(field === 'keepBytes' ? 'reservedSpace' : 'keepBytes');
  });
});

describe('older and other layouts', () => {
  // Constructed inputs in the layout buildx 0.10-0.12 prints (`Flags:`, `Buildkit:`), and the
  // sections of newer releases (Features, Devices, split GC space fields) that the test daemon
  // cannot produce; references in test/fixtures/upstream/SOURCE.md.
  const old = [
    'Name:          builder2',
    'Driver:        docker-container',
    'Last Activity: 2023-01-16 09:45:23 +0000 UTC',
    '',
    'Nodes:',
    'Name:           builder20',
    'Endpoint:       unix:///var/run/docker.sock',
    'Driver Options: env.JAEGER_TRACE="localhost:6831" image="moby/buildkit:latest" network="host"',
    'Status:         running',
    'Flags:          --debug --allow-insecure-entitlement security.insecure',
    'Buildkit:       v0.11.0',
    'Platforms:      linux/amd64, linux/arm64, linux/arm/v7',
    '',
    'Name:           builder21',
    'Endpoint:       ssh://me@10.0.0.9',
    'Error:          dial tcp 10.0.0.9:22: connect: connection refused',
    '',
  ].join('\n');

  test('`Flags:`/`Buildkit:` and a second node whose Error line puts it in error', () => {
    const r = parseInspect(old);
    expect(r.name).toBe('builder2');
    expect(r.nodes.map((n) => [n.name, n.status, n.buildkitVersion, n.error])).toEqual([
      ['builder20', 'running', 'v0.11.0', undefined],
      ['builder21', 'error', undefined, 'dial tcp 10.0.0.9:22: connect: connection refused'],
    ]);
    expect(r.nodes[0]?.flags).toEqual(['--debug', '--allow-insecure-entitlement', 'security.insecure']);
    expect(r.nodes[0]?.driverOptions).toEqual({
      'env.JAEGER_TRACE': 'localhost:6831',
      image: 'moby/buildkit:latest',
      network: 'host',
    });
  });

  test('newer sections: split GC space fields, Features, Devices', () => {
    const text = [
      'Name:          b',
      'Driver:        docker-container',
      '',
      'Nodes:',
      'Name:                  b0',
      'Endpoint:              unix:///var/run/docker.sock',
      'Status:                running',
      'BuildKit version:      v0.20.0',
      'Platforms:             linux/amd64',
      'Features:',
      ' Automatically load images to the Docker Engine image store: true',
      ' Cache export:                                               true',
      ' Multi-platform build:                                       false',
      'GC Policy rule#0:',
      ' All:            false',
      ' Filters:        type==source.local,type==exec.cachemount',
      ' Keep Duration:  48h0m0s',
      ' Reserved Space: 1GiB',
      ' Max Used Space: 10GiB',
      ' Min Free Space: 20%',
      'Devices:',
      ' Name:                  nvidia.com/gpu=all',
      ' Automatically allowed: false',
      '',
    ].join('\n');
    const n = parseInspect(text).nodes[0];
    expect(n?.features).toEqual({
      'Automatically load images to the Docker Engine image store': true,
      'Cache export': true,
      'Multi-platform build': false,
    });
    expect(n?.gcPolicy).toEqual([
      {
        all: false,
        filters: ['type==source.local', 'type==exec.cachemount'],
        keepDuration: '48h0m0s',
        reservedSpace: '1GiB',
        maxUsedSpace: '10GiB',
        minFreeSpace: '20%',
      },
    ]);
    expect(n?.devices).toEqual(['nvidia.com/gpu=all']);
  });

  test('driver options keep Go-quoted escapes and bare values', () => {
    expect(parseDriverOptions('a="x \\"y\\"" b=plain c=""')).toEqual({ a: 'x "y"', b: 'plain', c: '' });
  });

  test('not inspect output: a clear Error', () => {
    expect(() => parseInspect('')).toThrow(/no Name: line/);
    expect(() => parseInspect('NAME/NODE DRIVER/ENDPOINT STATUS')).toThrow(/buildx inspect/);
  });
});

describe('user-set platforms and device annotations (buildx print layout, commands/inspect.go)', () => {
  // buildx prints through a tabwriter: node fields at column 0, device fields one tab deep
  // (`\tName:\t...`), device annotations two deep (`\t\tKEY:\tVALUE`); `*` marks platforms the
  // user set with `buildx create --platform`.
  const text = [
    'Name:          gpu',
    'Driver:        docker-container',
    'Last Activity: 2025-03-01 10:00:00 +0000 UTC',
    '',
    'Nodes:',
    'Name:                  gpu0',
    'Endpoint:              unix:///var/run/docker.sock',
    'Status:                running',
    'BuildKit version:      v0.20.0',
    'Platforms:             linux/amd64*, linux/arm64*, linux/amd64/v2, linux/386',
    'Devices:',
    ' Name:                  nvidia.com/gpu=all',
    ' Automatically allowed: false',
    ' Annotations:',
    '  Name:                 Tesla T4',
    '  org.example.vendor:   nvidia',
    ' Name:                  vendor.com/fpga=0',
    ' On-Demand:             true',
    '',
  ].join('\n');

  test('`*`-marked platforms are kept apart from every platform the node supports', () => {
    const n = parseInspect(text).nodes[0];
    expect(n?.platforms).toEqual(['linux/amd64', 'linux/arm64', 'linux/amd64/v2', 'linux/386']);
    expect(n?.userPlatforms).toEqual(['linux/amd64', 'linux/arm64']);
  });

  test('an annotation keyed `Name` does not start a device', () => {
    expect(parseInspect(text).nodes[0]?.devices).toEqual(['nvidia.com/gpu=all', 'vendor.com/fpga=0']);
  });

  test('no `*`: no userPlatforms', () => {
    expect(parseInspect(text.replace(/\*/g, '')).nodes[0]?.userPlatforms).toBeUndefined();
  });
});
