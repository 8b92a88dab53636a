/**
 * The busy/idle classifier and the restart loop on a REAL docker-container builder (the real
 * BuildKit image): what diagnose reads of its process list while it is idle, building a RUN step,
 * holding only a `buildctl dial-stdio` client, paused, and restarting in a loop because its
 * buildkitd cannot start; then a heal that recreates the looping builder and keeps its cache.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry, sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import { injectRestartLoop, realBuilder, removeRealBuilder } from '../support/faults.js';
import { defaultOptions } from '../../src/core/options.js';
import { gatherFacts } from '../../src/phases/diagnose/gather.js';
import { runChecks } from '../../src/phases/diagnose.js';
import { CHECKS } from '../../src/checks/index.js';
import { busyBuilders } from '../../src/checks/busy.js';
import { activityOf } from '../../src/tasks/activity.js';
import { EngineApi, localEngineSocket } from '../../src/docker/engine.js';
import { heal } from '../../src/heal/heal.js';
import { succeeded } from '../../src/docker/runner.js';

const BUILDER = 'bkhstates';
const CONTAINER = `buildx_buildkit_${BUILDER}0`;
let sb: Sandbox | undefined;
const children: { kill: () => void }[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) c.kill();
  if (sb === undefined) return;
  await sb.docker.run(['unpause', CONTAINER], { timeoutMs: 60_000, mutates: true });
  await removeRealBuilder(sb, BUILDER);
  sb.cleanup();
  sb = undefined;
});

function opts(s: Sandbox) {
  const o = defaultOptions(s.env);
  o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')], baseline: false };
  return o;
}

async function until(what: string, ok: () => Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function pushBase(s: Sandbox): Promise<string> {
  const base = `${registry()}/bkh/busybox-states:1`;
  const tag = await s.docker.run(['tag', 'local/busybox-amd64:1', base], { timeoutMs: 60_000, mutates: true });
  expect(succeeded(tag), tag.stderr).toBe(true);
  const push = await s.docker.run(['push', '-q', base], { timeoutMs: 120_000, mutates: true });
  expect(push.exitCode, push.stderr).toBe(0);
  return base;
}

describe('the classifier on a live real builder', () => {
  it('idle is idle; a RUN step and a lone dial-stdio are busy; paused is kept; through the Engine API and the CLI', async () => {
    const s = sandbox('bkh-states-');
    sb = s;
    const base = await pushBase(s);
    await realBuilder(s, BUILDER, registry());
    const sock = localEngineSocket(s.env, undefined);
    expect(sock, 'the test daemon is on a local socket').toBeDefined();
    const engine = new EngineApi(sock as string);
    const both = async () => [
      await activityOf(s.docker, engine, CONTAINER),
      await activityOf(s.docker, undefined, CONTAINER),
    ];

    // Idle: buildx's own exec (from --bootstrap) may still be closing: wait for it to go.
    await until('idle', async () => (await both()).every((a) => a.state === 'idle'));

    // Building: a RUN step that sleeps (a fresh token: never from the cache).
    const ctx = join(s.dir, 'ctx');
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${base}\nRUN echo ${Date.now()}-${Math.random()} && sleep 120\n`);
    const build = spawn('docker', ['buildx', 'build', '--builder', BUILDER, '--progress', 'plain', ctx], {
      env: s.env,
      stdio: 'ignore',
    });
    children.push({ kill: () => build.kill('SIGKILL') });
    await until('the RUN step', async () =>
      (await activityOf(s.docker, engine, CONTAINER)).processes.some((p) => p === 'sleep 120'),
    );
    for (const a of await both()) {
      expect(a.state).toBe('busy');
      expect(a.processes).toContain('sleep 120');
    }
    const facts = await gatherFacts(testDeps(s), opts(s).diagnose, 'full');
    expect([...busyBuilders(facts).keys()]).toEqual([BUILDER]);
    expect(runChecks(CHECKS, facts, opts(s).diagnose).findings.map((f) => f.id)).toContain('builder.busy');
    build.kill('SIGINT');
    await until('the build to end', async () => (await activityOf(s.docker, engine, CONTAINER)).state === 'idle');

    // Only a connected client, as buildx holds for every call: busy (a build may start on it).
    const client = spawn('docker', ['exec', '-i', CONTAINER, 'buildctl', 'dial-stdio'], {
      env: s.env,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    children.push({ kill: () => client.kill('SIGKILL') });
    await until('dial-stdio', async () =>
      (await activityOf(s.docker, engine, CONTAINER)).processes.includes('buildctl dial-stdio'),
    );
    for (const a of await both()) expect(a.state).toBe('busy');
    client.stdin?.end();
    client.kill('SIGKILL');
    await until('the client to go', async () => (await activityOf(s.docker, engine, CONTAINER)).state === 'idle');

    // Paused: its processes are frozen, not gone: diagnose keeps it as possibly busy.
    const pause = await s.docker.run(['pause', CONTAINER], { timeoutMs: 60_000, mutates: true });
    expect(succeeded(pause), pause.stderr).toBe(true);
    const paused = await gatherFacts(testDeps(s), opts(s).diagnose, 'full');
    expect(paused.activity?.[CONTAINER]?.state).toBe('unknown');
    expect([...busyBuilders(paused).keys()]).toEqual([BUILDER]);
    await s.docker.run(['unpause', CONTAINER], { timeoutMs: 60_000, mutates: true });
  }, 600_000);
});

describe('a real builder whose BuildKit cannot start restarts in a loop', () => {
  it('a buildkitd.toml it rejects: builder.restart-loop with the cause from its log, not builder.busy; repair recreates it and its cache survives', async () => {
    const s = sandbox('bkh-loop-');
    sb = s;
    const base = await pushBase(s);
    await realBuilder(s, BUILDER, registry());
    // A build whose RUN step's output proves whether it ran or came from the cache.
    const ctx = join(s.dir, 'ctx');
    mkdirSync(ctx);
    const token = `${Date.now()}-${Math.random()}`;
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${base}\nRUN echo ${token} > /token && cat /token\n`);
    const ran = new RegExp(`^#\\d+ [\\d.]+ ${token.replace(/\./g, '\\.')}$`, 'm');
    const build = () =>
      s.docker.buildx(['build', '--builder', BUILDER, '--progress', 'plain', ctx], {
        timeoutMs: 300_000,
        mutates: true,
      });
    const first = await build();
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toMatch(ran);
    // buildx gives its container a restart policy: that is what makes the loop.
    const policy = await s.docker.run(['inspect', '-f', '{{.HostConfig.RestartPolicy.Name}}', CONTAINER], {
      timeoutMs: 30_000,
    });
    expect(policy.stdout.trim()).toBe('unless-stopped');
    const fault = await injectRestartLoop(s, BUILDER, 'config');
    expect(fault.expect).toBe('builder.restart-loop');

    // The process list is refused while it restarts: read as restarting, never as busy.
    await until(
      'a refused process list',
      async () => (await activityOf(s.docker, undefined, CONTAINER)).state === 'restarting',
    );
    const facts = await gatherFacts(testDeps(s), opts(s).diagnose, 'full');
    expect(facts.restartLoops?.[CONTAINER]?.cause).toMatch(/failed to parse config/);
    expect(busyBuilders(facts).size).toBe(0);
    const findings = runChecks(CHECKS, facts, opts(s).diagnose).findings;
    expect(findings.map((f) => f.id)).not.toContain('builder.busy');
    const f = findings.find((x) => x.id === 'builder.restart-loop' && x.subject === BUILDER);
    expect(f?.message).toContain('failed to parse config');
    expect(f?.evidence.some((e) => e.kind === 'command' && e.argv.includes('logs'))).toBe(true);
    expect(f?.repair).toMatchObject({ action: 'builder.recreate', keepState: true });

    const o = opts(s);
    o.mode = 'repair';
    o.backup.store = 'local';
    o.validate.enabled = false;
    const h = await heal(testDeps(s), o);
    expect(
      h.error,
      JSON.stringify({
        a: h.actions.map((a) => [a.action, a.target, a.ok, a.command, a.detail]),
        after: (h.findingsAfter ?? []).map((x) => [x.id, x.subject, x.message]),
      }),
    ).toBeUndefined();
    expect(h.status).toBe('repaired');
    expect(h.actions.find((a) => a.action === 'builder.remove' && a.target === BUILDER)?.command).toContain(
      '--keep-state',
    );
    expect(h.actions.some((a) => a.action === 'backup.create' && a.ok)).toBe(true);
    expect((h.findingsAfter ?? []).filter((x) => x.subject === BUILDER && x.severity !== 'info')).toEqual([]);
    // The same state volume, under the re-created builder: the step comes from the cache.
    const again = await build();
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(ran);
    expect(again.stderr).toMatch(/^#\d+ CACHED$/m);
  }, 600_000);
});
