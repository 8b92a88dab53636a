/**
 * The quick look's `buildx ls` run on the plugin directly (src/docker/plugin.ts, Docker.quickLs):
 * the plugin the docker CLI would pick, picked the CLI's way, and every doubt falling back to
 * `docker buildx ls`. Command output is recorded from the real tools (scripts/capture-fixtures.sh).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recorded, type Recorded } from '../fixtures/load.js';
import type { CommandResult } from '../../src/core/types.js';
import { Docker, hedgeDelayMs } from '../../src/docker/docker.js';
import type { Runner } from '../../src/docker/runner.js';
import { parseLsJson } from '../../src/docker/parse/index.js';
import {
  REEXEC_ENV,
  SYSTEM_PLUGIN_DIRS,
  cliBinaryDoubt,
  cliVersionDoubt,
  configDoubt,
  envDoubt,
  lsDoubt,
  metadataDoubt,
  pickPlugin,
  pluginDirs,
} from '../../src/docker/plugin.js';
import { FakeRunner, type Scripted } from '../support/fake-runner.js';

const VERSION = recorded('docker/28.2.2/healthy/dash-version');
const METADATA = recorded('buildx/0.13.1/healthy/metadata');
const LS = recorded('buildx/0.13.1/healthy/ls-json-direct');
const LS_UNREACHABLE = recorded('buildx/0.13.1/daemon-unreachable/ls-json-direct');

const result = (rec: Pick<Recorded, 'stdout' | 'stderr' | 'exit'>, argv = ['x']): CommandResult => ({
  argv,
  exitCode: rec.exit,
  signal: null,
  stdout: rec.stdout,
  stderr: rec.stderr,
  timedOut: false,
  durationMs: 1,
});
const scripted = (rec: Recorded): Scripted => ({ stdout: rec.stdout, stderr: rec.stderr, exitCode: rec.exit });
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);

let dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'bkh-plugin-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('the docker CLI, as docker --version shows it', () => {
  it('the recorded CLI is one whose plugin start is mirrored', () => {
    expect(VERSION.stdout).toMatch(/^Docker version /);
    expect(cliVersionDoubt(result(VERSION))).toBeUndefined();
  });
  it.each([
    ['a CLI before plugins left experimental', 'Docker version 19.03.15, build 99e3ed8\n'],
    ['a CLI newer than the code mirrored', 'Docker version 30.0.0, build 1\n'],
    ['another program called docker', 'podman version 4.9.3\n'],
    ['nothing', ''],
  ])('%s is a doubt', (_name, stdout) => {
    expect(cliVersionDoubt(result({ ...VERSION, stdout }))).toBeDefined();
  });
  it('a warning on stderr (the CLI could not load its config) or a failed run is a doubt', () => {
    expect(cliVersionDoubt(result({ ...VERSION, stderr: 'WARNING: Error loading config file\n' }))).toBeDefined();
    expect(cliVersionDoubt(result({ ...VERSION, exit: 1 }))).toBeDefined();
  });
});

describe("the plugin's metadata, checked as the CLI checks it", () => {
  it('the recorded metadata is valid', () => {
    expect(metadataDoubt(result(METADATA))).toBeUndefined();
  });
  const meta = JSON.parse(METADATA.stdout) as Record<string, unknown>;
  it.each([
    ['another schema version', { ...meta, SchemaVersion: '0.2.0' }],
    ['no vendor', { ...meta, Vendor: '' }],
    ['no version', { ...meta, Version: undefined }],
  ])('%s is a doubt', (_name, m) => {
    expect(metadataDoubt(result({ ...METADATA, stdout: JSON.stringify(m) }))).toBeDefined();
  });
  it('output that is not JSON or a failed run is a doubt', () => {
    expect(metadataDoubt(result({ ...METADATA, stdout: 'exec format error' }))).toBeDefined();
    expect(metadataDoubt(result({ ...METADATA, exit: 126 }))).toBeDefined();
  });
});

describe('the direct ls counts only when plainly healthy', () => {
  it('the recorded healthy ls is; the one on an unreachable daemon (exit 0, an Err) is not', () => {
    expect(lsDoubt(result(LS), parseLsJson(LS.stdout, LS.stderr))).toBeUndefined();
    expect(LS_UNREACHABLE.exit).toBe(0);
    const bad = parseLsJson(LS_UNREACHABLE.stdout, LS_UNREACHABLE.stderr);
    expect(lsDoubt(result(LS_UNREACHABLE), bad)).toBeDefined();
  });
  it('stderr, a failure or no parse is a doubt', () => {
    const parsed = parseLsJson(LS.stdout, LS.stderr);
    expect(lsDoubt(result({ ...LS, stderr: 'WARNING: x\n' }), parsed)).toBeDefined();
    expect(lsDoubt(result({ ...LS, exit: 1 }), parsed)).toBeDefined();
    expect(lsDoubt(result(LS), undefined)).toBeDefined();
  });
});

describe('picking the plugin the CLI would pick', () => {
  it('the CLI order: config.json extra dirs, the user dir, the system dirs', () => {
    expect(pluginDirs('/u/cli-plugins', '{"cliPluginsExtraDirs":["/opt/p"]}')).toEqual([
      '/opt/p',
      '/u/cli-plugins',
      ...SYSTEM_PLUGIN_DIRS,
    ]);
  });
  it('the first that exists wins (a shadowing user plugin); a dangling symlink is passed over as the CLI does', async () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    symlinkSync(join(a, 'gone'), join(a, 'docker-buildx'));
    writeFileSync(join(b, 'docker-buildx'), ELF);
    writeFileSync(join(c, 'docker-buildx'), ELF);
    expect(await pickPlugin([join(a, 'none'), a, b, c], 'buildx')).toEqual({ path: join(b, 'docker-buildx') });
  });
  it('a directory where the plugin should be, or nothing anywhere, is a doubt', async () => {
    const [a, b] = [tmp(), tmp()];
    mkdirSync(join(a, 'docker-buildx'));
    writeFileSync(join(b, 'docker-buildx'), ELF);
    expect(await pickPlugin([a, b], 'buildx')).toHaveProperty('doubt');
    expect(await pickPlugin([tmp()], 'buildx')).toHaveProperty('doubt');
  });
  it('config.json: absent or an object is read; anything else is a doubt', () => {
    expect(configDoubt(undefined)).toBeUndefined();
    expect(configDoubt('{"auths":{}}')).toBeUndefined();
    expect(configDoubt('{"cliPluginsExtraDirs":["/opt/p"]}')).toBeUndefined();
    expect(configDoubt('{"auths":')).toBeDefined();
    expect(configDoubt('[]')).toBeDefined();
    expect(configDoubt('{"cliPluginsExtraDirs":["/opt/p", 3]}')).toBeDefined();
    // Go reads JSON keys case-insensitively: the CLI searches /opt/p, which pluginDirs would not.
    expect(configDoubt('{"CliPluginsExtraDirs":["/opt/p"]}')).toMatch(/CliPluginsExtraDirs/);
  });
  it('the environment: DOCKER_CLI_PLUGIN_EXTRA_DIRS or no config dir to find is a doubt', () => {
    expect(envDoubt({ HOME: '/h' })).toBeUndefined();
    expect(envDoubt({ DOCKER_CONFIG: '/c' })).toBeUndefined();
    expect(envDoubt({ HOME: '/h', DOCKER_CLI_PLUGIN_EXTRA_DIRS: '/x' })).toBeDefined();
    expect(envDoubt({ HOME: '' })).toBeDefined();
  });
});

describe('the docker binary on PATH', () => {
  function bin(dir: string, name: string, content: Buffer | string): string {
    const p = join(dir, name);
    writeFileSync(p, content);
    chmodSync(p, 0o755);
    return p;
  }
  it('a native program called docker passes; a wrapper script or another program under that name does not', async () => {
    const [native, script, other] = [tmp(), tmp(), tmp()];
    bin(native, 'docker', ELF);
    bin(script, 'docker', '#!/bin/sh\nexec /usr/bin/docker --context x "$@"\n');
    symlinkSync(bin(other, 'snap', ELF), join(other, 'docker'));
    expect(await cliBinaryDoubt('docker', { PATH: `${tmp()}:${native}` })).toBeUndefined();
    expect(await cliBinaryDoubt('docker', { PATH: script })).toMatch(/not a native program/);
    expect(await cliBinaryDoubt('docker', { PATH: other })).toMatch(/not a docker binary/);
    expect(await cliBinaryDoubt('docker', { PATH: tmp() })).toMatch(/not found/);
  });
  it('a relative PATH entry before it (the cwd decides) is a doubt', async () => {
    const native = tmp();
    bin(native, 'docker', ELF);
    expect(await cliBinaryDoubt('docker', { PATH: `bin:${native}` })).toMatch(/relative/);
    expect(await cliBinaryDoubt(join(native, 'docker'), { PATH: '' })).toBeUndefined();
  });
});

describe('Docker.quickLs', () => {
  /** A host: docker on PATH, the plugin in the user's cli-plugins, the recorded answers. */
  function host(over: Partial<Record<'version' | 'metadata' | 'ls', Scripted>> = {}) {
    const root = tmp();
    const binDir = join(root, 'bin');
    const config = join(root, '.docker');
    mkdirSync(binDir);
    mkdirSync(join(config, 'cli-plugins'), { recursive: true });
    writeFileSync(join(binDir, 'docker'), ELF);
    chmodSync(join(binDir, 'docker'), 0o755);
    const plugin = join(config, 'cli-plugins', 'docker-buildx');
    writeFileSync(plugin, ELF);
    const runner = new FakeRunner()
      .on('docker --version', over.version ?? scripted(VERSION))
      .on(`${plugin} docker-cli-plugin-metadata`, over.metadata ?? scripted(METADATA))
      .on(`${plugin} buildx ls --format json`, over.ls ?? scripted(LS))
      .on('docker buildx ls --format json', scripted(recorded('buildx/0.13.1/healthy/ls-json')));
    const env = { HOME: root, DOCKER_CONFIG: config, PATH: binDir, DOCKER_CLI_PLUGIN_SOCKET: '@parent' };
    return { runner, plugin, docker: new Docker(runner, { env }) };
  }

  it('healthy: the plugin runs directly, as the CLI runs it, beside docker --version and its metadata', async () => {
    const { runner, plugin, docker } = host();
    const q = await docker.quickLs();
    expect(q.fallback).toBeUndefined();
    expect(q.ls.result.argv).toEqual([plugin, 'buildx', 'ls', '--format', 'json']);
    expect(q.ls.parsed?.builders.map((b) => b.name)).toContain('default');
    expect(q.metadata?.argv).toEqual([plugin, 'docker-cli-plugin-metadata']);
    const run = runner.calls.find((c) => c.argv[1] === 'buildx');
    expect(run?.opts.env?.[REEXEC_ENV]).toBe('docker');
    expect(run?.opts.env?.DOCKER_CONFIG).toBe(docker.env.DOCKER_CONFIG);
    expect(run?.opts.env).toHaveProperty('DOCKER_CLI_PLUGIN_SOCKET', undefined);
    expect(runner.calls.map((c) => c.argv.join(' '))).not.toContain('docker buildx ls --format json');
  });

  it.each([
    ['the docker CLI cannot load its config', { version: { ...scripted(VERSION), stderr: 'WARNING: Error loading' } }],
    ['the docker CLI does not run', { version: { exitCode: null, spawnError: 'ENOENT' } }],
    ['the metadata is not valid', { metadata: { stdout: '{"SchemaVersion":"0.2.0"}' } }],
    ['the daemon is unreachable', { ls: scripted(LS_UNREACHABLE) }],
    ['the direct ls timed out', { ls: { timedOut: true, exitCode: null } }],
  ] as [string, Partial<Record<'version' | 'metadata' | 'ls', Scripted>>][])(
    '%s: docker buildx ls gives the answer',
    async (_name, over) => {
      const { runner, docker } = host(over);
      const q = await docker.quickLs();
      expect(q.fallback).toBeDefined();
      expect(q.ls.result.argv).toEqual(['docker', 'buildx', 'ls', '--format', 'json']);
      expect(runner.calls.map((c) => c.argv.join(' '))).toContain('docker buildx ls --format json');
    },
  );

  /** A runner whose direct `ls` answers only once `docker buildx ls` has started beside it. */
  function waitsForHedge(inner: FakeRunner, plugin: string, answer: Scripted): Runner {
    let hedged: () => void = () => {};
    const started = new Promise<void>((r) => (hedged = r));
    return {
      realProcesses: true,
      async run(file, args, opts) {
        const key = [file, ...args].join(' ');
        if (key === 'docker buildx ls --format json') hedged();
        if (key === `${plugin} buildx ls --format json`) {
          await started;
          inner.on(key, answer);
        }
        return inner.run(file, args, opts);
      },
    };
  }

  it.each([
    ['times out: the answer is docker buildx ls, started while it ran', { timedOut: true, exitCode: null }, true],
    ['answers healthy late: its answer counts, the docker child is waited for', scripted(LS), false],
  ] as [string, Scripted, boolean][])('a direct run that %s', async (_name, answer, fallback) => {
    const { runner, plugin } = host();
    const env = {
      HOME: '/nowhere',
      DOCKER_CONFIG: join(plugin, '..', '..'),
      PATH: join(plugin, '..', '..', '..', 'bin'),
    };
    const docker = new Docker(waitsForHedge(runner, plugin, answer), { env, timeouts: { probe: 40 } });
    expect(hedgeDelayMs(40)).toBe(20);
    expect(hedgeDelayMs(20_000)).toBe(3000);
    const q = await docker.quickLs();
    expect(q.fallback !== undefined).toBe(fallback);
    expect(q.ls.result.argv[0]).toBe(fallback ? 'docker' : plugin);
    const calls = runner.calls.map((c) => c.argv.join(' '));
    expect(calls.indexOf('docker buildx ls --format json')).toBeLessThan(
      calls.indexOf(`${plugin} buildx ls --format json`),
    );
  });

  it('a config.json that does not parse: docker buildx ls only, the plugin never started', async () => {
    const { runner, docker } = host();
    writeFileSync(docker.paths.configJson, '{"auths":');
    const q = await docker.quickLs();
    expect(q.fallback).toMatch(/config\.json/);
    expect(runner.calls.map((c) => c.argv.join(' '))).toEqual(['docker buildx ls --format json']);
  });
});
