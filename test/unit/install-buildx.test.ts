import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../../src/docker/deps.js';
import { silentLogger } from '../../src/docker/deps.js';
import { InputError, SafetyError } from '../../src/core/errors.js';
import { Docker } from '../../src/docker/docker.js';
import {
  expandTemplate,
  findChecksum,
  installBuildx,
  planInstall,
  releaseArch,
  sha256,
} from '../../src/tasks/install-buildx.js';
import { FakeRunner } from '../support/fake-runner.js';
import { fileServer, type FileServer } from '../support/file-server.js';

// A stand-in binary: the real plugin is exercised in the integration test.
const BIN = Buffer.from('#!/bin/sh\necho "github.com/docker/buildx v9.9.9 abc"\n');
const NAME = `buildx-v9.9.9.linux-${releaseArch()}`;

let server: FileServer;
beforeAll(async () => {
  server = await fileServer({
    [`/v9.9.9/${NAME}`]: BIN,
    '/v9.9.9/checksums.txt': `${'0'.repeat(64)}  buildx-v9.9.9.darwin-arm64\n${sha256(BIN)} *${NAME}\n`,
    '/v9.9.9/bad-checksums.txt': `${'a'.repeat(64)}  ${NAME}\n`,
  });
});
afterAll(() => server.close());

function deps(
  configDir: string,
  runner = new FakeRunner().on('docker buildx version', { stdout: 'github.com/docker/buildx v9.9.9 abc\n' }),
): Deps {
  const env = { HOME: configDir, DOCKER_CONFIG: configDir };
  return { docker: new Docker(runner, { env }), env, log: silentLogger, now: () => new Date(0), version: 't' };
}

describe('checksums file and templates', () => {
  it('reads `<sha>  name` and `<sha> *name` lines', () => {
    expect(findChecksum(`${'b'.repeat(64)}  foo\n${'C'.repeat(64)} *bar\n`, 'bar')).toBe('c'.repeat(64));
    expect(findChecksum(`${'b'.repeat(64)}  foo\n`, 'bar')).toBeUndefined();
  });
  it('expands {version} {os} {arch}', () => {
    expect(expandTemplate('http://h/v{version}/buildx-v{version}.{os}-{arch}', '0.13.1', 'linux', 'arm64')).toBe(
      'http://h/v0.13.1/buildx-v0.13.1.linux-arm64',
    );
  });
  it('bad input is an InputError naming the input, before anything changes', () => {
    expect(() => planInstall({ platforms: [], buildxVersion: 'latest' }, '/x')).toThrow(InputError);
    expect(() => planInstall({ platforms: [], buildxVersion: '0.13.1', buildxSha256: 'abc' }, '/x')).toThrow(
      /buildx-sha256/,
    );
    expect(() =>
      planInstall({ platforms: [], buildxVersion: '0.13.1', buildxUrl: 'http://h/{version}' }, '/x'),
    ).toThrow(/every download is checked/);
    expect(planInstall({ platforms: [] }, '/x')).toBeUndefined();
  });
});

describe('installBuildx from a 127.0.0.1 server', () => {
  it('a good checksum from the checksums file installs atomically, mode 0755, and runs docker buildx version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-ib-'));
    const plan = planInstall(
      {
        platforms: [],
        buildxVersion: 'v9.9.9',
        buildxUrl: `${server.url}/v{version}/buildx-v{version}.{os}-{arch}`,
        buildxChecksumsUrl: `${server.url}/v{version}/checksums.txt`,
      },
      join(dir, 'cli-plugins'),
      'linux',
    );
    const d = deps(dir);
    const r = await installBuildx(d, plan!, { dryRun: false });
    expect(r.action.ok).toBe(true);
    expect(readFileSync(join(dir, 'cli-plugins', 'docker-buildx'))).toEqual(BIN);
    expect(statSync(join(dir, 'cli-plugins', 'docker-buildx')).mode & 0o777).toBe(0o755);
    expect(r.sha256).toBe(sha256(BIN));
    expect(r.installedVersion).toBe('v9.9.9');
  });

  it('a mismatch stops with both digests and installs nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-ib-'));
    const plan = planInstall(
      {
        platforms: [],
        buildxVersion: '9.9.9',
        buildxUrl: `${server.url}/v{version}/buildx-v{version}.{os}-{arch}`,
        buildxChecksumsUrl: `${server.url}/v{version}/bad-checksums.txt`,
      },
      join(dir, 'cli-plugins'),
      'linux',
    );
    const err = await installBuildx(deps(dir), plan!, { dryRun: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SafetyError);
    expect((err as Error).message).toContain('a'.repeat(64));
    expect((err as Error).message).toContain(sha256(BIN));
    expect(existsSync(join(dir, 'cli-plugins', 'docker-buildx'))).toBe(false);
  });

  it('buildx-sha256 is checked for a local file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-ib-'));
    const src = join(dir, 'plugin');
    writeFileSync(src, BIN);
    const bad = planInstall({ platforms: [], buildxFile: src, buildxSha256: 'f'.repeat(64) }, join(dir, 'p'));
    await expect(installBuildx(deps(dir), bad!, { dryRun: false })).rejects.toThrow(`expected ${'f'.repeat(64)}`);
    const good = planInstall(
      { platforms: [], buildxFile: src, buildxSha256: sha256(BIN).toUpperCase() },
      join(dir, 'p'),
    );
    await expect(installBuildx(deps(dir), good!, { dryRun: false })).resolves.toMatchObject({ action: { ok: true } });
  });

  it('dry-run downloads and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-ib-'));
    const before = server.requests.length;
    const plan = planInstall(
      {
        platforms: [],
        buildxVersion: '9.9.9',
        buildxUrl: `${server.url}/v{version}/buildx-v{version}.{os}-{arch}`,
        buildxSha256: sha256(BIN),
      },
      join(dir, 'p'),
      'linux',
    );
    const r = await installBuildx(deps(dir, new FakeRunner()), plan!, { dryRun: true });
    expect(r.action.dryRun).toBe(true);
    expect(server.requests.length).toBe(before);
    expect(existsSync(join(dir, 'p'))).toBe(false);
  });
});
