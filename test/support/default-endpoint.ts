/**
 * Runs a command where the machine's default Docker endpoint (`/var/run/docker.sock`, i.e.
 * `/run/docker.sock`) is the test daemon: in a private mount namespace (`unshare -m`, root) with a
 * tmpfs over /run holding a symlink to the test daemon's socket. Nothing on the host changes, and
 * DOCKER_HOST is not set, so the docker CLI resolves contexts as it does on a runner.
 */
import { spawnSync } from 'node:child_process';

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The test daemon's socket path (from the test environment's DOCKER_HOST). */
export function testSocket(): string {
  const h = process.env.DOCKER_HOST ?? '';
  if (!h.startsWith('unix://'))
    throw new Error('DOCKER_HOST of the test environment is not a unix socket: source the test environment');
  return h.slice('unix://'.length);
}

/** `env` without DOCKER_HOST; the command runs with the test daemon as the default endpoint. */
export function withDefaultEndpoint(argv: string[], env: NodeJS.ProcessEnv, timeoutMs = 300_000): Ran {
  const e = { ...env };
  delete e.DOCKER_HOST;
  const script = 'mount -t tmpfs tmpfs /run && ln -s "$0" /run/docker.sock && exec "$@"';
  const r = spawnSync('unshare', ['-m', 'sh', '-c', script, testSocket(), ...argv], {
    env: e,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The non-root runner user the test environment creates (test/env/up.sh), in the docker group. */
export const RUNNER_USER = 'bkh-runner';

/**
 * Runs `argv` as the runner user (`setpriv`, its groups: docker), with the test daemon as the
 * default endpoint and `env -i`: only HOME (its own), PATH and the variables in `env`.
 */
export function asRunner(argv: string[], home: string, env: Record<string, string> = {}, timeoutMs = 300_000): Ran {
  const vars = { HOME: home, PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', USER: RUNNER_USER, ...env };
  const inner = [
    'setpriv',
    `--reuid=${RUNNER_USER}`,
    `--regid=docker`,
    '--init-groups',
    'env',
    '-i',
    ...Object.entries(vars).map(([k, v]) => `${k}=${v}`),
    ...argv,
  ];
  return withDefaultEndpoint(inner, { PATH: vars.PATH }, timeoutMs);
}
