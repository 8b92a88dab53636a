/**
 * Real faults, injected into a sandbox (test/support/env.ts) or the test daemon. Each returns a
 * Fault whose `undo` puts everything back; tests must call it (in `finally`/`afterEach`).
 * Reused by the diagnose and heal tests: they say which finding id they should raise, and which
 * options or docker CLI the diagnosis must use to see them.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  closeSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { DiagnoseOptions, Timeouts } from '../../src/core/options.js';
import { Docker } from '../../src/docker/docker.js';
import { ProcessRunner, succeeded } from '../../src/docker/runner.js';
import type { CommandResult } from '../../src/core/types.js';
import { sandbox, type Sandbox } from './env.js';

export interface Fault {
  /** The finding id a diagnosis should raise for it. */
  expect: string;
  /** What the finding's subject should be (a path, builder or container name). */
  subject?: string;
  /** Options to merge into DiagnoseOptions for the diagnosis to see the fault. */
  options?: Partial<DiagnoseOptions>;
  /** Diagnose with this docker (another CLI or environment) instead of the sandbox's. */
  docker?: Docker;
  env?: NodeJS.ProcessEnv;
  undo(): Promise<void>;
}

const PROBE = 20_000;

function must(r: CommandResult, what: string): CommandResult {
  if (!succeeded(r))
    throw new Error(`fault setup failed (${what}): ${r.argv.join(' ')}: exit ${String(r.exitCode)}\n${r.stderr}`);
  return r;
}

function buildxDir(sb: Sandbox): string {
  return sb.docker.paths.buildxDir;
}

function writeState(path: string, content: string | Buffer): () => Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return async () => rmSync(path, { force: true });
}

// ---- buildx state on disk ---------------------------------------------------

/** An instance file that is not JSON: every `buildx ls` fails with `invalid character 'g'`. */
export async function corruptInstance(sb: Sandbox, name = 'corrupt'): Promise<Fault> {
  const path = join(buildxDir(sb), 'instances', name);
  return { expect: 'state.invalid-instance', subject: path, undo: writeState(path, 'garbage{not json') };
}

/** A truncated (empty) instance file: `unexpected end of JSON input`. */
export async function emptyInstance(sb: Sandbox, name = 'empty'): Promise<Fault> {
  const path = join(buildxDir(sb), 'instances', name);
  return { expect: 'state.invalid-instance', subject: path, undo: writeState(path, '') };
}

/** A `current` file full of zero bytes, as a crash mid-write leaves it. */
export async function zeroCurrent(sb: Sandbox): Promise<Fault> {
  const path = join(buildxDir(sb), 'current');
  return { expect: 'state.invalid-current', subject: path, undo: writeState(path, Buffer.alloc(64)) };
}

/** A `current` file naming a builder that does not exist. */
export async function currentMissing(sb: Sandbox, name = 'ghost-builder'): Promise<Fault> {
  const path = join(buildxDir(sb), 'current');
  const key = sb.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  return {
    expect: 'state.current-missing',
    subject: path,
    undo: writeState(path, JSON.stringify({ Key: key, Name: name, Global: false })),
  };
}

// ---- builders ---------------------------------------------------------------

/** Docker Desktop's builder on a dead endpoint: a context whose socket nobody listens on. */
export async function deadContextBuilder(sb: Sandbox, name = 'desktop-linux'): Promise<Fault> {
  const sock = join(sb.dir, 'nonexistent.sock');
  must(
    await sb.docker.run(['context', 'create', name, '--docker', `host=unix://${sock}`], {
      timeoutMs: PROBE,
      mutates: true,
    }),
    'context create',
  );
  return {
    expect: 'builder.error',
    subject: name,
    undo: async () => {
      await sb.docker.run(['context', 'rm', '-f', name], { timeoutMs: PROBE, mutates: true });
    },
  };
}

/**
 * A docker-container builder that cannot bootstrap: its BuildKit image cannot be pulled (by
 * default an image on a closed loopback port, so nothing leaves the machine), so it stays
 * inactive. Diagnose sees it with `bootstrap: true`.
 */
export async function unbootstrappableBuilder(
  sb: Sandbox,
  name = 'bkh-nopull',
  image = '127.0.0.1:1/bkh/absent-buildkit:1',
): Promise<Fault> {
  must(
    await sb.docker.buildx(
      ['create', '--name', name, '--driver', 'docker-container', '--driver-opt', `image=${image}`],
      { timeoutMs: PROBE, mutates: true },
    ),
    'buildx create',
  );
  return {
    expect: 'builder.cannot-bootstrap',
    subject: name,
    options: { bootstrap: true },
    undo: async () => {
      await sb.docker.buildx(['rm', '-f', name], { timeoutMs: 120_000, mutates: true });
      // A failed bootstrap may still leave its container and state volume behind.
      await sb.docker.run(['rm', '-f', `buildx_buildkit_${name}0`], { timeoutMs: PROBE, mutates: true });
      await sb.docker.run(['volume', 'rm', '-f', `buildx_buildkit_${name}0_state`], {
        timeoutMs: PROBE,
        mutates: true,
      });
    },
  };
}

// ---- orphans (on the daemon) -------------------------------------------------

/**
 * A stopped `buildx_buildkit_<builder>0` container with no builder (from a local image, no pull):
 * what a docker-container builder leaves when its instance file is gone and the daemon restarted.
 * A stand-in on purpose: a stopped container runs nothing, so what it would run does not matter,
 * only its name and age; the real stopped leftover (a real builder stopped, its HOME gone) is
 * test/itg/neighbour.test.ts's `stoppedNeighbour`.
 */
export async function orphanContainer(
  sb: Sandbox,
  builder = 'bkhorphan',
  image = 'local/busybox-amd64:1',
): Promise<Fault> {
  const name = `buildx_buildkit_${builder}0`;
  must(
    await sb.docker.run(['run', '--name', name, image, 'true'], { timeoutMs: 60_000, mutates: true }),
    'orphan container',
  );
  // `docker run` returns when the process exits; the daemon may still list the container as
  // running for a moment (seen on a loaded machine: diagnosed as orphan.running). Wait for exited.
  for (let i = 0; i < 60; i++) {
    const st = await sb.docker.run(['container', 'inspect', '--format', '{{.State.Status}}', name], {
      timeoutMs: 20_000,
    });
    if (st.stdout.trim() === 'exited') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    // Made seconds ago: orphan-min-age 0 makes it old enough to be removed (the 24h default keeps
    // a stopped builder no client of ours knows: orphan.recent, tested in neighbour.test.ts).
    expect: 'orphan.container',
    subject: name,
    options: { orphanMinAgeMs: 0 },
    undo: async () => {
      await sb.docker.run(['rm', '-f', name], { timeoutMs: 60_000, mutates: true });
    },
  };
}

/** A `buildx_buildkit_<builder>0_state` volume with no builder. */
export async function orphanVolume(sb: Sandbox, builder = 'bkhorphanvol'): Promise<Fault> {
  const name = `buildx_buildkit_${builder}0_state`;
  must(await sb.docker.run(['volume', 'create', name], { timeoutMs: PROBE, mutates: true }), 'orphan volume');
  return {
    // Made seconds ago: orphan-min-age 0 makes it old enough to be removed.
    expect: 'orphan.volume',
    subject: name,
    options: { orphanMinAgeMs: 0 },
    undo: async () => {
      await sb.docker.run(['volume', 'rm', '-f', name], { timeoutMs: PROBE, mutates: true });
    },
  };
}

// ---- configuration files ------------------------------------------------------

/** A buildkitd.toml that is not TOML, given to diagnose through `buildkitdTomlPaths`. */
export async function invalidBuildkitdToml(sb: Sandbox): Promise<Fault> {
  const path = join(sb.dir, 'buildkitd.toml');
  writeFileSync(path, '[worker.oci\nmax-parallelism = = 4\n');
  return {
    expect: 'config.invalid-buildkitd-toml',
    subject: path,
    options: { buildkitdTomlPaths: [path] },
    undo: async () => rmSync(path, { force: true }),
  };
}

/** A daemon.json that is not JSON, pointed at through `daemonJsonPaths` (the real one is untouched). */
export async function invalidDaemonJson(sb: Sandbox): Promise<Fault> {
  const path = join(sb.dir, 'daemon-invalid.json');
  writeFileSync(path, '{"features": {"buildkit": true,}\n');
  return {
    expect: 'config.invalid-daemon-json',
    subject: path,
    options: { daemonJsonPaths: [path] },
    undo: async () => rmSync(path, { force: true }),
  };
}

/** BuildKit turned off in a daemon.json (`features.buildkit: false`). */
export async function buildkitDisabled(sb: Sandbox): Promise<Fault> {
  const path = join(sb.dir, 'daemon-nobuildkit.json');
  writeFileSync(path, JSON.stringify({ features: { buildkit: false } }, null, 2));
  return {
    expect: 'buildkit.disabled',
    subject: path,
    options: { daemonJsonPaths: [path] },
    undo: async () => rmSync(path, { force: true }),
  };
}

/** BuildKit turned off for `docker build` by the environment (DOCKER_BUILDKIT=0). */
export async function buildkitDisabledEnv(sb: Sandbox): Promise<Fault> {
  const env = { ...sb.env, DOCKER_BUILDKIT: '0' };
  const docker = new Docker(new ProcessRunner(env), { env });
  return { expect: 'buildkit.disabled', subject: 'DOCKER_BUILDKIT', docker, env, undo: async () => {} };
}

// ---- the buildx plugin ----------------------------------------------------------

/** Where the docker CLI finds buildx now (from `docker info`'s client plugins). */
async function buildxPluginPath(sb: Sandbox): Promise<string> {
  const r = must(
    await sb.docker.run(['info', '--format', '{{json .ClientInfo.Plugins}}'], { timeoutMs: PROBE }),
    'docker info',
  );
  const plugins = JSON.parse(r.stdout) as { Name?: string; Path?: string }[] | null;
  const p = (plugins ?? []).find((x) => x.Name === 'buildx')?.Path;
  if (!p) throw new Error('fault setup: no buildx plugin found to truncate');
  return p;
}

/**
 * A truncated buildx plugin in the sandbox's DOCKER_CONFIG/cli-plugins, which shadows the
 * system one: the CLI reports `exec format error` (the first KiB of a real binary) or an
 * empty file.
 */
export async function truncatedBuildx(sb: Sandbox, bytes = 1024): Promise<Fault> {
  const real = await buildxPluginPath(sb);
  const dir = sb.docker.paths.cliPluginsDir;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'docker-buildx');
  const buf = Buffer.alloc(bytes);
  const fd = openSync(real, 'r');
  const n = readSync(fd, buf, 0, bytes, 0);
  closeSync(fd);
  writeFileSync(path, buf.subarray(0, n));
  chmodSync(path, 0o755);
  return { expect: 'buildx.not-runnable', subject: path, undo: async () => rmSync(path, { force: true }) };
}

const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
];

/**
 * A docker CLI that has no buildx plugin: a wrapper that runs the real CLI in a private mount
 * namespace where every system plugin directory is an empty directory (needs root and unshare).
 */
export async function missingBuildx(sb: Sandbox, timeouts?: Partial<Timeouts>): Promise<Fault> {
  const dockerBin = execFileSync('sh', ['-c', 'command -v docker'], { env: sb.env, encoding: 'utf8' }).trim();
  const empty = join(sb.dir, 'no-plugins');
  mkdirSync(empty, { recursive: true });
  const mounts = SYSTEM_PLUGIN_DIRS.filter((d) => existsSync(d))
    .map((d) => `mount --bind '${empty}' '${d}'`)
    .join(' && ');
  const wrapper = join(sb.dir, 'docker-without-buildx');
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec unshare -m sh -c "${mounts || 'true'} && exec '${dockerBin}' \\"\\$@\\"" docker "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  const docker = new Docker(new ProcessRunner(sb.env), {
    env: sb.env,
    bin: wrapper,
    ...(timeouts ? { timeouts } : {}),
  });
  return { expect: 'buildx.missing', docker, env: sb.env, undo: async () => rmSync(wrapper, { force: true }) };
}

// ---- the daemon ---------------------------------------------------------------------

/** DOCKER_HOST pointing at a socket nobody listens on: a stopped daemon. */
export async function unreachableDaemon(sb: Sandbox): Promise<Fault> {
  const env = { ...sb.env, DOCKER_HOST: `unix://${join(sb.dir, 'dead.sock')}` };
  const docker = new Docker(new ProcessRunner(env), { env });
  return { expect: 'daemon.unreachable', subject: 'daemon', docker, env, undo: async () => {} };
}

/**
 * A hung daemon: a socket that accepts connections and never answers. Probes must time out
 * (give short `timeouts.probe`), and the diagnosis must still end.
 */
export async function hungDaemon(sb: Sandbox, probeMs = 2000): Promise<Fault> {
  const path = join(sb.dir, 'hung.sock');
  const held: import('node:net').Socket[] = [];
  const server: Server = createServer((s) => {
    held.push(s);
    s.on('error', () => {});
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(path, () => res());
  });
  const env = { ...sb.env, DOCKER_HOST: `unix://${path}` };
  const docker = new Docker(new ProcessRunner(env), {
    env,
    timeouts: { probe: probeMs, slow: probeMs, build: probeMs },
  });
  return {
    expect: 'daemon.timeout',
    docker,
    env,
    undo: async () => {
      for (const s of held) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}

// ---- cache and disk ---------------------------------------------------------------

/** Build cache over a tiny limit: makes sure some cache exists, then sets the limit to 1 byte. */
export async function cacheOverLimit(sb: Sandbox): Promise<Fault> {
  const ctx = join(sb.dir, 'cache-ctx');
  mkdirSync(ctx, { recursive: true });
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM local/busybox-amd64:1\nRUN head -c 100000 /dev/urandom > /blob\n');
  must(
    await sb.docker.buildx(['build', '--output', `type=local,dest=${join(sb.dir, 'cache-out')}`, ctx], {
      timeoutMs: 300_000,
    }),
    'cache build',
  );
  return { expect: 'cache.over-limit', subject: 'build-cache', options: { cacheLimitBytes: 1 }, undo: async () => {} };
}

/** Disk "low": the minimum free space is set above any real disk. */
export async function diskLow(): Promise<Fault> {
  return { expect: 'disk.low', options: { minFreeBytes: Number.MAX_SAFE_INTEGER }, undo: async () => {} };
}

// ---- the Docker client layer (issue 10) ------------------------------------------------
// The docker CLI reads currentContext only when DOCKER_HOST is unset: these faults diagnose with
// the sandbox's environment minus DOCKER_HOST (so the default endpoint is the machine's own
// /var/run/docker.sock, whatever answers there), plus what each sets.

function clientDocker(sb: Sandbox, set: Record<string, string> = {}): { docker: Docker; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = { ...sb.env, ...set };
  delete env.DOCKER_HOST;
  return { docker: new Docker(new ProcessRunner(env), { env }), env };
}

function writeConfigJson(sb: Sandbox, content: string): () => Promise<void> {
  const path = sb.docker.paths.configJson;
  mkdirSync(join(path, '..'), { recursive: true });
  const before = existsSync(path) ? readFileSync(path) : undefined;
  writeFileSync(path, content);
  return async () => {
    if (before === undefined) rmSync(path, { force: true });
    else writeFileSync(path, before);
  };
}

/** `currentContext` in config.json naming a context that was never created: every docker command fails. */
export async function configContextMissing(sb: Sandbox, name = 'ghost-context'): Promise<Fault> {
  return {
    expect: 'client.context-missing',
    subject: name,
    ...clientDocker(sb),
    undo: writeConfigJson(sb, JSON.stringify({ currentContext: name })),
  };
}

/** A context created and made current, whose socket nobody listens on (Docker Desktop removed). */
export async function deadCurrentContext(sb: Sandbox, name = 'desktop-gone'): Promise<Fault> {
  const sock = join(sb.dir, 'gone.sock');
  must(
    await sb.docker.run(['context', 'create', name, '--docker', `host=unix://${sock}`], {
      timeoutMs: PROBE,
      mutates: true,
    }),
    'context create',
  );
  const undoConfig = writeConfigJson(sb, JSON.stringify({ currentContext: name }));
  return {
    expect: 'client.context-dead',
    subject: name,
    ...clientDocker(sb),
    undo: async () => {
      await undoConfig();
      await sb.docker.run(['context', 'rm', '-f', name], { timeoutMs: PROBE, mutates: true });
    },
  };
}

/** A truncated config.json: docker warns and runs without the user's contexts and logins. */
export async function truncatedConfigJson(sb: Sandbox): Promise<Fault> {
  return {
    expect: 'client.config-invalid',
    subject: sb.docker.paths.configJson,
    undo: writeConfigJson(sb, '{"auths": {"127.0.0.1:5000": {'),
  };
}

/** DOCKER_CONTEXT naming a context that does not exist. */
export async function dockerContextEnvMissing(sb: Sandbox, name = 'ghost-env-context'): Promise<Fault> {
  return {
    expect: 'client.env-invalid',
    subject: 'DOCKER_CONTEXT',
    ...clientDocker(sb, { DOCKER_CONTEXT: name }),
    undo: async () => {},
  };
}

/** BUILDX_BUILDER naming a builder that does not exist (a stale runner `.env`). */
export async function buildxBuilderEnvMissing(sb: Sandbox, name = 'ghost-env-builder'): Promise<Fault> {
  const env = { ...sb.env, BUILDX_BUILDER: name };
  return {
    expect: 'client.env-invalid',
    subject: 'BUILDX_BUILDER',
    docker: new Docker(new ProcessRunner(env), { env }),
    env,
    undo: async () => {},
  };
}

/** DOCKER_BUILDKIT set to something that is not a boolean: docker build refuses to start. */
export async function dockerBuildkitGarbage(sb: Sandbox): Promise<Fault> {
  const env = { ...sb.env, DOCKER_BUILDKIT: 'yes please' };
  return {
    expect: 'client.env-invalid',
    subject: 'DOCKER_BUILDKIT',
    docker: new Docker(new ProcessRunner(env), { env }),
    env,
    undo: async () => {},
  };
}

/**
 * A builder whose driver this buildx does not know, in use: what a Docker Build Cloud builder leaves
 * for the stock buildx (an instance file with driver `cloud`). `buildx rm` may refuse it.
 */
export async function unknownDriverInUse(sb: Sandbox, name = 'cloud-fs'): Promise<Fault> {
  const dir = sb.docker.paths.instancesDir;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, name),
    JSON.stringify({
      Name: name,
      Driver: 'cloud',
      Nodes: [{ Name: `${name}0`, Endpoint: 'cloud://example/builder', Platforms: null, Flags: null, Files: null }],
      Dynamic: false,
    }),
  );
  must(await sb.docker.buildx(['use', name], { timeoutMs: PROBE, mutates: true }), 'buildx use');
  return {
    expect: 'builder.unknown-driver',
    subject: name,
    undo: async () => {
      rmSync(join(dir, name), { force: true });
      await sb.docker.buildx(['use', 'default'], { timeoutMs: PROBE, mutates: true });
    },
  };
}

// ---- real docker-container builders (the real BuildKit image) ------------------

/** A real docker-container builder (network=host, the test registry in its buildkitd.toml), booted. */
export async function realBuilder(sb: Sandbox, name: string, registryHost: string): Promise<void> {
  const toml = join(sb.dir, `${name}-buildkitd.toml`);
  writeFileSync(toml, `[registry."${registryHost}"]\n  http = true\n  insecure = true\n`);
  must(
    await sb.docker.buildx(
      [
        'create',
        '--name',
        name,
        '--driver',
        'docker-container',
        '--driver-opt',
        'network=host',
        '--buildkitd-config',
        toml,
        '--bootstrap',
      ],
      { timeoutMs: 300_000, mutates: true },
    ),
    'buildx create --bootstrap',
  );
}

/** Removes a real builder, its container and its state volume (undo of the faults below). */
export async function removeRealBuilder(sb: Sandbox, name: string): Promise<void> {
  await sb.docker.buildx(['rm', '-f', name], { timeoutMs: 120_000, mutates: true });
  await sb.docker.run(['rm', '-f', `buildx_buildkit_${name}0`], { timeoutMs: 60_000, mutates: true });
  await sb.docker.run(['volume', 'rm', '-f', `buildx_buildkit_${name}0_state`], { timeoutMs: 60_000, mutates: true });
}

/** Waits until the daemon lists the container as restarting (the buildx restart policy at work). */
async function untilRestarting(sb: Sandbox, container: string): Promise<void> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const r = await sb.docker.run(['inspect', '-f', '{{.State.Status}}', container], { timeoutMs: PROBE });
    if (r.stdout.trim() === 'restarting') return;
    await new Promise((res) => setTimeout(res, 300));
  }
  throw new Error(`fault setup failed: ${container} never restarting`);
}

/**
 * A real container builder whose buildkitd cannot start, so its container restarts in a loop
 * (buildx creates it with restart policy `unless-stopped`): `config`, a buildkitd.toml it rejects
 * written into the container (its definition stays good: re-created, it starts); `database`, a
 * corrupt `cache.db` in its state volume.
 */
export async function restartLoopBuilder(
  sb: Sandbox,
  name: string,
  registryHost: string,
  cause: 'config' | 'database',
): Promise<Fault> {
  await realBuilder(sb, name, registryHost);
  return injectRestartLoop(sb, name, cause);
}

/** The same on an existing real builder (its cache already built). */
export async function injectRestartLoop(sb: Sandbox, name: string, cause: 'config' | 'database'): Promise<Fault> {
  const container = `buildx_buildkit_${name}0`;
  const junk = join(sb.dir, `${name}-junk`);
  if (cause === 'config') {
    writeFileSync(junk, 'this is [ not toml\n');
    must(
      await sb.docker.run(['cp', junk, `${container}:/etc/buildkit/buildkitd.toml`], {
        timeoutMs: PROBE,
        mutates: true,
      }),
      'docker cp',
    );
    must(await sb.docker.run(['restart', '-t', '5', container], { timeoutMs: 60_000, mutates: true }), 'restart');
  } else {
    must(await sb.docker.run(['stop', '-t', '5', container], { timeoutMs: 60_000, mutates: true }), 'stop');
    writeFileSync(junk, Buffer.alloc(32768, 0x5a));
    must(
      await sb.docker.run(['cp', junk, `${container}:/var/lib/buildkit/cache.db`], { timeoutMs: PROBE, mutates: true }),
      'docker cp',
    );
    must(await sb.docker.run(['start', container], { timeoutMs: 60_000, mutates: true }), 'start');
  }
  await untilRestarting(sb, container);
  return { expect: 'builder.restart-loop', subject: name, undo: () => removeRealBuilder(sb, name) };
}

/** A RUN step on a real builder, so its state volume holds a build cache. */
/** The real builders' base image in the test registry (tag and push; both idempotent): its name. */
export async function pushFaultBase(sb: Sandbox, registryHost: string): Promise<string> {
  const base = `${registryHost}/bkh/busybox-fault:1`;
  must(await sb.docker.run(['tag', 'local/busybox-amd64:1', base], { timeoutMs: PROBE, mutates: true }), 'tag');
  must(await sb.docker.run(['push', '-q', base], { timeoutMs: 120_000, mutates: true }), 'push');
  return base;
}

async function seedCache(sb: Sandbox, name: string, registryHost: string): Promise<void> {
  const base = await pushFaultBase(sb, registryHost);
  const ctx = join(sb.dir, `${name}-ctx`);
  mkdirSync(ctx, { recursive: true });
  writeFileSync(join(ctx, 'Dockerfile'), `FROM ${base}\nRUN echo ${Date.now()} > /token\n`);
  must(await sb.docker.buildx(['build', '--builder', name, ctx], { timeoutMs: 300_000, mutates: true }), 'build');
}

/** A real builder whose container is deleted (`docker rm -f`) while its instance file stays. */
export async function containerDeleted(sb: Sandbox, name: string, registryHost: string): Promise<Fault> {
  await realBuilder(sb, name, registryHost);
  await seedCache(sb, name, registryHost);
  must(
    await sb.docker.run(['rm', '-f', `buildx_buildkit_${name}0`], { timeoutMs: 60_000, mutates: true }),
    'docker rm',
  );
  return { expect: '', subject: name, undo: () => removeRealBuilder(sb, name) };
}

/** A stopped real builder whose state volume was emptied (its cache and databases gone). */
export async function stateEmptied(sb: Sandbox, name: string, registryHost: string): Promise<Fault> {
  await realBuilder(sb, name, registryHost);
  await seedCache(sb, name, registryHost);
  must(await sb.docker.buildx(['stop', name], { timeoutMs: 120_000, mutates: true }), 'buildx stop');
  must(
    await sb.docker.run(
      [
        'run',
        '--rm',
        '--network',
        'none',
        '-v',
        `buildx_buildkit_${name}0_state:/v`,
        'local/busybox-amd64:1',
        'sh',
        '-c',
        'rm -rf /v/* /v/.[!.]*; true',
      ],
      { timeoutMs: 60_000, mutates: true },
    ),
    'empty the state volume',
  );
  return { expect: '', subject: name, undo: () => removeRealBuilder(sb, name) };
}

/** A real builder whose container is killed (`docker kill`) while a RUN step runs. */
export async function killedMidBuild(sb: Sandbox, name: string, registryHost: string): Promise<Fault> {
  await realBuilder(sb, name, registryHost);
  await seedCache(sb, name, registryHost);
  const ctx = join(sb.dir, `${name}-long`);
  mkdirSync(ctx, { recursive: true });
  writeFileSync(
    join(ctx, 'Dockerfile'),
    `FROM ${registryHost}/bkh/busybox-fault:1\nRUN echo ${Date.now()}-long && sleep 120\n`,
  );
  const container = `buildx_buildkit_${name}0`;
  const build = sb.docker.buildx(['build', '--builder', name, ctx], { timeoutMs: 300_000, mutates: true });
  const end = Date.now() + 90_000;
  for (;;) {
    const top = await sb.docker.run(['top', container, '-o', 'pid,args'], { timeoutMs: PROBE });
    if (/sleep 120/.test(top.stdout)) break;
    if (Date.now() > end) throw new Error('fault setup failed: the RUN step never started');
    await new Promise((r) => setTimeout(r, 300));
  }
  must(await sb.docker.run(['kill', container], { timeoutMs: 60_000, mutates: true }), 'docker kill');
  const b = await build;
  if (succeeded(b)) throw new Error('fault setup failed: the build survived the kill');
  return { expect: '', subject: name, undo: () => removeRealBuilder(sb, name) };
}

/**
 * A real builder that needs an image that is gone (removed; it cannot be pulled: its registry is a
 * closed loopback port): stopped and its container removed, so the next start needs the image.
 */
export async function imageMissing(sb: Sandbox, name: string, registryHost: string): Promise<Fault> {
  const image = `127.0.0.1:1/bkh/buildkit-gone:${name}`;
  must(
    await sb.docker.run(['tag', 'moby/buildkit:buildx-stable-1', image], { timeoutMs: PROBE, mutates: true }),
    'tag',
  );
  const toml = join(sb.dir, `${name}-buildkitd.toml`);
  writeFileSync(toml, `[registry."${registryHost}"]\n  http = true\n  insecure = true\n`);
  must(
    await sb.docker.buildx(
      [
        'create',
        '--name',
        name,
        '--driver',
        'docker-container',
        '--driver-opt',
        `network=host,image=${image}`,
        '--buildkitd-config',
        toml,
        '--bootstrap',
      ],
      { timeoutMs: 300_000, mutates: true },
    ),
    'buildx create --bootstrap',
  );
  await seedCache(sb, name, registryHost);
  must(await sb.docker.buildx(['stop', name], { timeoutMs: 120_000, mutates: true }), 'buildx stop');
  must(await sb.docker.run(['rm', `buildx_buildkit_${name}0`], { timeoutMs: 60_000, mutates: true }), 'docker rm');
  must(await sb.docker.run(['image', 'rm', image], { timeoutMs: 60_000, mutates: true }), 'image rm');
  return {
    expect: 'builder.cannot-bootstrap',
    subject: name,
    options: { bootstrap: true },
    undo: async () => {
      await removeRealBuilder(sb, name);
      await sb.docker.run(['image', 'rm', image], { timeoutMs: 60_000, mutates: true });
    },
  };
}

/** A real builder in use whose state volume holds more build cache than the limit (1 byte). */
export async function realCacheOverLimit(sb: Sandbox, name: string, registryHost: string): Promise<Fault> {
  await realBuilder(sb, name, registryHost);
  await seedCache(sb, name, registryHost);
  must(await sb.docker.buildx(['use', name], { timeoutMs: PROBE, mutates: true }), 'buildx use');
  return {
    expect: 'cache.over-limit',
    subject: 'build-cache',
    options: { cacheLimitBytes: 1 },
    undo: () => removeRealBuilder(sb, name),
  };
}

/**
 * Another client's real builder on the same daemon (its own HOME, so this client has no instance
 * file for it), booted and running, with its build cache in its state volume: a heal of this
 * client, a reinstall included, must leave its container and volume alone.
 */
export async function neighbourRealBuilder(sb: Sandbox, name: string, registryHost: string): Promise<Fault> {
  void sb;
  const other = sandbox('bkh-fs-nb-');
  await realBuilder(other, name, registryHost);
  return {
    expect: 'orphan.running',
    subject: `buildx_buildkit_${name}0`,
    undo: async () => {
      await removeRealBuilder(other, name);
      other.cleanup();
    },
  };
}

/**
 * A running leftover: a RUNNING real builder of another client on the same
 * daemon (its own HOME: no builder of `sb` knows it), its `buildx_buildkit_<builder>0` container
 * and `_state` volume. `busy` has a build's RUN step running in it (`sleep 3600`, beside
 * BuildKit's own processes and buildx's `buildctl dial-stdio`); `idle` runs its buildkitd alone.
 */
export async function realLeftover(
  sb: Sandbox,
  builder: string,
  activity: 'busy' | 'idle',
  registryHost: string,
): Promise<Fault & { container: string; volume: string }> {
  void sb;
  const other = sandbox('bkh-leftover-');
  const container = `buildx_buildkit_${builder}0`;
  const volume = `${container}_state`;
  let client: ChildProcess | undefined;
  const undo = async () => {
    client?.kill('SIGKILL');
    await removeRealBuilder(other, builder);
    other.cleanup();
  };
  const processes = async () => (await other.docker.top(container)).parsed?.map((p) => p.args) ?? ([] as string[]);
  const until = async (what: string, ok: (ps: string[]) => boolean) => {
    const end = Date.now() + 90_000;
    while (!ok(await processes())) {
      if (Date.now() > end) throw new Error(`fault setup failed: ${container} never ${what}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  try {
    await realBuilder(other, builder, registryHost);
    if (activity === 'busy') {
      const base = await pushFaultBase(other, registryHost);
      const ctx = join(other.dir, 'ctx');
      mkdirSync(ctx, { recursive: true });
      writeFileSync(join(ctx, 'Dockerfile'), `FROM ${base}\nRUN echo ${Date.now()}-${builder} && sleep 3600\n`);
      client = spawn('docker', ['buildx', 'build', '--builder', builder, '--progress', 'plain', ctx], {
        env: other.env,
        stdio: 'ignore',
      });
      await until('ran the RUN step', (ps) => ps.includes('sleep 3600'));
    } else {
      // buildx's own exec from --bootstrap may still be closing: wait for buildkitd alone (under
      // the container's init).
      await until(
        'went idle',
        (ps) => ps.length > 0 && ps.every((p) => /^(\/sbin\/docker-init -- )?buildkitd\b/.test(p)),
      );
    }
  } catch (e) {
    await undo();
    throw e;
  }
  return { expect: 'orphan.running', subject: container, container, volume, undo };
}

/**
 * A real builder created with a buildkitd.toml buildx accepts and BuildKit rejects at start (every
 * worker turned off: buildkitd finds no worker and exits): its container restarts in a loop, and
 * its own definition carries the config, so created again it would loop again.
 */
export async function rejectedDefinitionBuilder(sb: Sandbox, name: string): Promise<Fault> {
  const toml = join(sb.dir, `${name}-rejected.toml`);
  writeFileSync(toml, '[worker.oci]\n  enabled = false\n[worker.containerd]\n  enabled = false\n');
  must(
    await sb.docker.buildx(['create', '--name', name, '--driver', 'docker-container', '--buildkitd-config', toml], {
      timeoutMs: 120_000,
      mutates: true,
    }),
    'buildx create',
  );
  // The first start fails (buildx gives up waiting); the restart policy keeps starting it.
  await sb.docker.buildx(['inspect', '--bootstrap', name], { timeoutMs: 180_000, mutates: true });
  await untilRestarting(sb, `buildx_buildkit_${name}0`);
  return { expect: 'builder.restart-loop', subject: name, undo: () => removeRealBuilder(sb, name) };
}
