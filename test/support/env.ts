import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Docker } from '../../src/docker/docker.js';
import { ProcessRunner } from '../../src/docker/runner.js';

/**
 * A sandbox for one test on the real daemon: its own HOME and DOCKER_CONFIG (so buildx state,
 * contexts and backups never touch anyone else's), DOCKER_HOST from the test environment.
 */
export interface Sandbox {
  dir: string;
  home: string;
  dockerConfig: string;
  env: NodeJS.ProcessEnv;
  docker: Docker;
  cleanup(): void;
}

export function sandbox(prefix = 'bkh-'): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const home = join(dir, 'home');
  const dockerConfig = join(home, '.docker');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, DOCKER_CONFIG: dockerConfig };
  delete env.BUILDX_CONFIG;
  // The backup key goes under the sandbox's HOME (~/.config), never into a shared config dir.
  delete env.XDG_CONFIG_HOME;
  delete env.BUILDX_BUILDER;
  // This sandbox's own caches between starts (the plugin metadata memo, the compile cache).
  env.XDG_CACHE_HOME = join(dir, 'cache');
  mkdirSync(env.XDG_CACHE_HOME);
  delete env.RUNNER_TOOL_CACHE;
  const docker = new Docker(new ProcessRunner(env), { env });
  // A docker child a heal stopped at its deadline may still be writing its last file (buildx's
  // activity and refs) while the directory goes: retried instead of failing on ENOTEMPTY.
  const cleanup = () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 });
  return { dir, home, dockerConfig, env, docker, cleanup };
}

/** Registry host:port of the test environment. */
export function registry(): string {
  const r = process.env.BKH_REGISTRY;
  if (!r) throw new Error('BKH_REGISTRY is not set: source the test environment');
  return r;
}
