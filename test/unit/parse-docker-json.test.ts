import { describe, expect, test } from 'vitest';
import { parseDockerInfo, parseDockerVersion } from '../../src/docker/parse/docker-json.js';
import { allRecorded, dirs, recorded } from '../fixtures/load.js';

const clients = dirs('docker');

describe('parseDockerVersion', () => {
  test('fixtures hold at least two docker clients', () => {
    expect(clients.length).toBeGreaterThanOrEqual(2);
  });

  test.each(clients)('healthy daemon, client %s', (client) => {
    const r = recorded(`docker/${client}/healthy/version`);
    const v = parseDockerVersion(r.stdout, r.stderr);
    expect(v.client?.version).toBe(client);
    expect(v.client?.os).toBe('linux');
    expect(v.server?.version).toBe('26.1.5+dfsg1');
    expect(v.server?.apiVersion).toBe('1.45');
    expect(v.server?.components.map((c) => c.name)).toEqual(['Engine', 'containerd', 'runc', 'docker-init']);
    expect(v.serverError).toBeUndefined();
  });

  test.each(clients)('unreachable daemon, client %s: Client kept, Server null, error from stderr', (client) => {
    const r = recorded(`docker/${client}/daemon-unreachable/version`);
    expect(r.exit).toBe(1);
    const v = parseDockerVersion(r.stdout, r.stderr);
    expect(v.client?.version).toBe(client);
    expect(v.server).toBeUndefined();
    expect(v.serverError).toBe(
      'Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?',
    );
  });

  test('not a version JSON at all: a clear Error', () => {
    expect(() => parseDockerVersion('')).toThrow(/docker version: empty output/);
    expect(() => parseDockerVersion('Client: Docker Engine')).toThrow(/not a JSON object/);
    expect(() => parseDockerVersion('{"Foo":1}')).toThrow(/neither Client nor Server/);
  });
});

describe('parseDockerInfo', () => {
  test.each(clients)('healthy daemon, client %s', (client) => {
    const r = recorded(`docker/${client}/healthy/info`);
    const i = parseDockerInfo(r.stdout, r.stderr);
    expect(i.serverVersion).toBe('26.1.5+dfsg1');
    expect(i.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(i.storageDriver).toBe('overlayfs');
    expect(i.containerdSnapshotter).toBe(true);
    expect(i.dockerRootDir).toMatch(/\/docker\/data$/);
    expect(i.osType).toBe('linux');
    expect(i.ncpu).toBeGreaterThan(0);
    expect(i.serverErrors).toEqual([]);
    const buildx = i.clientPlugins.find((p) => p.name === 'buildx');
    expect(buildx?.version).toBe('0.13.1+ds1');
    expect(buildx?.path).toBe('/usr/libexec/docker/cli-plugins/docker-buildx');
    expect(buildx?.err).toBeUndefined();
  });

  test.each(clients)('unreachable daemon, client %s: serverErrors from stderr', (client) => {
    const r = recorded(`docker/${client}/daemon-unreachable/info`);
    const i = parseDockerInfo(r.stdout, r.stderr);
    expect(i.serverVersion).toBeUndefined();
    expect(i.id).toBeUndefined();
    expect(i.containerdSnapshotter).toBeUndefined();
    expect(i.serverErrors).toEqual([
      'Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?',
    ]);
    expect(i.clientPlugins.map((p) => p.name)).toContain('buildx');
  });

  test.each(clients)('plugins the CLI cannot run carry their Err, client %s', (client) => {
    const r = recorded(`docker/${client}/broken-plugin/info`);
    const i = parseDockerInfo(r.stdout, r.stderr);
    const byName = new Map(i.clientPlugins.map((p) => [p.name, p]));
    expect(byName.get('broken')?.err).toBe('failed to fetch metadata: exit status 1');
    expect(byName.get('empty')?.err).toMatch(
      /^failed to fetch metadata: fork\/exec .*docker-empty: exec format error$/,
    );
    expect(byName.get('buildx')?.err).toBeUndefined();
  });

  test('ServerErrors of clients that report them in the JSON are read as they are', () => {
    // Older clients (before 23) put the daemon failure into the JSON; take one recorded object and
    // add the field the way those clients print it, to check the field is read.
    const r = recorded(`docker/${clients[0] ?? ''}/daemon-unreachable/info`);
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    o.ServerErrors = ['error during connect: this error'];
    const i = parseDockerInfo(JSON.stringify(o), '');
    expect(i.serverErrors).toEqual(['error during connect: this error']);
  });

  test('every recorded info parses', () => {
    const ids = allRecorded('docker', 'info');
    expect(ids.length).toBeGreaterThanOrEqual(6);
    for (const id of ids) {
      const r = recorded(id);
      expect(() => parseDockerInfo(r.stdout, r.stderr), id).not.toThrow();
    }
  });

  test('not an info JSON: a clear Error', () => {
    expect(() => parseDockerInfo('WARNING: bridge-nf-call-iptables is disabled')).toThrow(/not a JSON object/);
    expect(() => parseDockerInfo('[1,2]')).toThrow(/docker info/);
    expect(() => parseDockerInfo('{"A":1}')).toThrow(/none of ID/);
  });
});
