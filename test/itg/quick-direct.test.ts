/**
 * The quick look's `buildx ls` run on the plugin directly (Docker.quickLs) against the real docker
 * CLI, buildx plugin and daemon: for each client setup that changes which plugin runs or how, the
 * quick verdict and its findings are the ones `docker buildx ls` gives (BKH_DIRECT_LS=0, the path
 * before), and the plugin ran directly only where nothing was in doubt.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import * as faults from '../support/faults.js';
import { diagnose, type DiagnoseResult } from '../../src/phases/diagnose.js';
import { quickVerdictHealthy } from '../../src/heal/heal.js';
import { defaultOptions, type DiagnoseOptions } from '../../src/core/options.js';
import { Docker } from '../../src/docker/docker.js';
import { ProcessRunner } from '../../src/docker/runner.js';

const REAL_PLUGIN = '/usr/libexec/docker/cli-plugins/docker-buildx';

let sb: Sandbox | undefined;
const undo: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const u of undo.splice(0)) await u();
  sb?.cleanup();
  sb = undefined;
});

function options(s: Sandbox): DiagnoseOptions {
  return { ...defaultOptions(s.env).diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')] };
}

interface Look {
  healthy: boolean;
  findings: string[];
  ls: string[];
  bin: string;
  d: DiagnoseResult;
}

async function look(s: Sandbox, env: NodeJS.ProcessEnv, docker?: Docker): Promise<Look> {
  const dk = docker ?? new Docker(new ProcessRunner(env), { env });
  const d = await diagnose(testDeps({ docker: dk, env }), options(s), 'quick');
  return {
    healthy: quickVerdictHealthy(d, 'error'),
    findings: d.findings.map((f) => `${f.severity} ${f.id} ${f.subject ?? ''}`).sort(),
    ls: d.facts.ls?.result.argv ?? [],
    bin: dk.bin,
    d,
  };
}

/** The quick look with the direct run, and with `docker buildx ls` only: the same verdict and findings. */
async function both(s: Sandbox, env: NodeJS.ProcessEnv, docker?: (e: NodeJS.ProcessEnv) => Docker) {
  const off = { ...env, BKH_DIRECT_LS: '0' };
  const direct = await look(s, env, docker?.(env));
  const before = await look(s, off, docker?.(off));
  expect(before.ls.slice(0, 3)).toEqual([before.bin, 'buildx', 'ls']);
  expect({ healthy: direct.healthy, findings: direct.findings }).toEqual({
    healthy: before.healthy,
    findings: before.findings,
  });
  console.log(
    `direct: ${direct.healthy ? 'healthy' : 'not healthy'} via ${direct.ls[0] ?? '-'} (${direct.d.durationMs} ms); before: ${before.d.durationMs} ms; findings ${direct.findings.join(', ') || '-'}`,
  );
  return { direct, before };
}

describe('quick look: the plugin run directly gives the verdict `docker buildx ls` gives', () => {
  it('healthy: the plugin the CLI picks ran directly, and the report names its version', async () => {
    sb = sandbox('bkh-qd-');
    const { direct } = await both(sb, sb.env);
    expect(direct.healthy).toBe(true);
    expect(direct.ls).toEqual([REAL_PLUGIN, 'buildx', 'ls', '--format', 'json']);
    expect(direct.d.facts.buildxVersion?.result.argv).toEqual([REAL_PLUGIN, 'docker-cli-plugin-metadata']);
    expect(direct.d.facts.buildxVersion?.parsed?.semver).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a user plugin shadowing the system one: that one runs; a broken one: docker buildx ls decides', async () => {
    sb = sandbox('bkh-qd-');
    const user = join(sb.docker.paths.cliPluginsDir, 'docker-buildx');
    mkdirSync(sb.docker.paths.cliPluginsDir, { recursive: true });
    symlinkSync(REAL_PLUGIN, user);
    const ok = await both(sb, sb.env);
    expect(ok.direct.healthy).toBe(true);
    expect(ok.direct.ls[0]).toBe(user);
    rmSync(user); // the fault writes a file there: never through the link into the real plugin
    const f = await faults.truncatedBuildx(sb);
    undo.push(f.undo);
    const broken = await both(sb, sb.env);
    expect(broken.direct.healthy).toBe(false);
    expect(broken.direct.ls[0]).toBe('docker');
  });

  it('config.json cliPluginsExtraDirs: searched first, as the CLI does (a working and a broken plugin there)', async () => {
    sb = sandbox('bkh-qd-');
    const extra = join(sb.dir, 'extra-plugins');
    mkdirSync(extra, { recursive: true });
    mkdirSync(sb.dockerConfig, { recursive: true });
    writeFileSync(sb.docker.paths.configJson, JSON.stringify({ cliPluginsExtraDirs: [extra] }));
    symlinkSync(REAL_PLUGIN, join(extra, 'docker-buildx'));
    const ok = await both(sb, sb.env);
    expect(ok.direct.healthy).toBe(true);
    expect(ok.direct.ls[0]).toBe(join(extra, 'docker-buildx'));
    // A plugin there that prints bad metadata: the CLI would not run it, and nor does the direct path.
    const bad = join(sb.dir, 'extra-bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'docker-buildx'), '#!/bin/sh\necho "{\\"SchemaVersion\\":\\"9\\"}"\n');
    chmodSync(join(bad, 'docker-buildx'), 0o755);
    writeFileSync(sb.docker.paths.configJson, JSON.stringify({ cliPluginsExtraDirs: [bad, extra] }));
    const broken = await both(sb, sb.env);
    expect(broken.direct.healthy).toBe(false);
    expect(broken.direct.ls[0]).toBe('docker');
  });

  it('a config.json that does not parse: docker buildx ls decides', async () => {
    sb = sandbox('bkh-qd-');
    const f = await faults.truncatedConfigJson(sb);
    undo.push(f.undo);
    const r = await both(sb, sb.env);
    expect(r.direct.ls[0]).toBe('docker');
  });

  it('DOCKER_CONTEXT: beside DOCKER_HOST, alone, and naming a missing context: the same verdict', async () => {
    sb = sandbox('bkh-qd-');
    const ctx = await sb.docker.run(['context', 'create', 'bkh-qd', '--docker', `host=${sb.env.DOCKER_HOST ?? ''}`], {
      timeoutMs: 20_000,
    });
    expect(ctx.exitCode, ctx.stderr).toBe(0);
    // DOCKER_HOST wins over DOCKER_CONTEXT in the CLI (and so in the plugin, which resolves it the same way).
    const beside = await both(sb, { ...sb.env, DOCKER_CONTEXT: 'bkh-qd' });
    expect(beside.direct.healthy).toBe(true);
    expect(beside.direct.ls[0]).toBe(REAL_PLUGIN);
    expect(beside.direct.d.builders.map((b) => b.name)).toContain('bkh-qd');
    // Alone: the default context is then the machine's own socket, not the test daemon's.
    const alone: NodeJS.ProcessEnv = { ...sb.env, DOCKER_CONTEXT: 'bkh-qd' };
    delete alone.DOCKER_HOST;
    await both(sb, alone);
    const f = await faults.dockerContextEnvMissing(sb);
    const missing = await both(sb, f.env ?? sb.env);
    expect(missing.direct.healthy).toBe(false);
  });

  it('DOCKER_HOST on a socket nobody listens on: the same verdict', async () => {
    sb = sandbox('bkh-qd-');
    const env = { ...sb.env, DOCKER_HOST: `unix://${join(sb.dir, 'dead.sock')}` };
    const r = await both(sb, env);
    expect(r.direct.healthy).toBe(false);
    expect(r.direct.ls[0]).toBe('docker');
  });

  it('a docker that is a wrapper script (no buildx for it): not run directly, the same verdict', async () => {
    sb = sandbox('bkh-qd-');
    const f = await faults.missingBuildx(sb);
    undo.push(f.undo);
    const bin = f.docker?.bin ?? 'docker';
    const r = await both(sb, f.env ?? sb.env, (e) => new Docker(new ProcessRunner(e), { env: e, bin }));
    expect(r.direct.healthy).toBe(false);
    expect(r.direct.ls[0]).toBe(bin);
  });
});
