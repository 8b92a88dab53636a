import type { Deps } from '../../src/docker/deps.js';
import { silentLogger } from '../../src/docker/deps.js';
import type { Docker } from '../../src/docker/docker.js';

/**
 * The Deps a test on the real daemon gives the core: the runner is the Docker's own, the log is
 * silent, the version `test`. `over` replaces any of them (a logger that keeps lines, a dry-run
 * runner...). A sandbox (test/support/env.ts) has the docker and env it needs.
 */
export function testDeps(s: { docker: Docker; env: NodeJS.ProcessEnv }, over: Partial<Deps> = {}): Deps {
  return {
    docker: s.docker,
    env: s.env,
    log: silentLogger,
    now: () => new Date(),
    version: 'test',
    ...over,
  };
}
