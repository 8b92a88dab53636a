/** validate.bootstrap: the builder starts and every node runs clean. */
import { type Parsed, Docker } from '../../docker/docker.js';
import type { InspectResult } from '../../docker/parse/types.js';
import { oneLine } from './run.js';

/** A builder bootstrapped when inspect parsed, shows no builder error, and every node runs clean. */
export function judgeBootstrap(name: string, p: Parsed<InspectResult>): { ok: boolean; message: string } {
  const r = p.result;
  if (r.timedOut)
    return { ok: false, message: `buildx inspect --bootstrap ${name} timed out after ${r.durationMs} ms` };
  if (r.spawnError !== undefined)
    return { ok: false, message: `buildx inspect --bootstrap ${name} could not start: ${r.spawnError}` };
  const i = p.parsed;
  if (i === undefined) {
    return {
      ok: false,
      message: `buildx inspect --bootstrap ${name} gave no readable output (${p.parseError ?? 'no parse'}); exit ${String(r.exitCode)}; stderr: ${oneLine(r.stderr)}`,
    };
  }
  if (i.error !== undefined && i.error !== '') return { ok: false, message: `builder ${name} is in error: ${i.error}` };
  if (i.nodes.length === 0)
    return { ok: false, message: `builder ${name} has no nodes after bootstrap; stderr: ${oneLine(r.stderr)}` };
  const bad = i.nodes.filter((n) => n.status !== 'running' || (n.error !== undefined && n.error !== ''));
  if (bad.length > 0) {
    return {
      ok: false,
      message: `builder ${name}: ${bad.map((n) => `node ${n.name} is ${n.status}${n.error ? `: ${n.error}` : ''}`).join('; ')}`,
    };
  }
  return {
    ok: true,
    message: `builder ${name} (${i.driver}) running: ${i.nodes.map((n) => `${n.name} ${n.buildkitVersion ?? '?'} [${n.platforms.join(', ')}]`).join('; ')}`,
  };
}

/**
 * A docker-driver builder is the builder of a docker context. buildx builds on it only from that
 * context (`ERROR: use \`docker --context=NAME buildx\``), so a builder of any context but the
 * current one is validated through its own context.
 */
export function needsOwnContext(i: InspectResult | undefined, currentContext: string | undefined): boolean {
  return i !== undefined && i.driver === 'docker' && currentContext !== undefined && i.name !== currentContext;
}

/** The same door, pointed at another context: DOCKER_HOST would override DOCKER_CONTEXT, so it goes. */
export function contextDocker(docker: Docker, context: string): Docker {
  return new Docker(docker.runner, {
    bin: docker.bin,
    timeouts: docker.timeouts,
    env: { ...docker.env, DOCKER_CONTEXT: context, DOCKER_HOST: undefined },
  });
}
