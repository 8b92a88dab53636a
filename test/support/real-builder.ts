/**
 * A real docker-container builder (the real BuildKit image) that reaches the test registry, and a
 * build whose RUN step writes a fresh token: `build()` returns the build judged from its rawjson
 * progress (steps, cached steps) and the token it exported.
 */
import { expect } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry, type Sandbox } from './env.js';
import { succeeded } from '../../src/docker/runner.js';
import { summarizeBuild, testBuildArgs, type TestBuildResult } from '../../src/tasks/testbuild.js';
import { activityOf } from '../../src/tasks/activity.js';
import { EngineApi, localEngineSocket } from '../../src/docker/engine.js';
import type { ContainerActivity } from '../../src/checks/types.js';
import type { Report } from '../../src/core/report.js';

export async function realBuilderWithTokenBuild(
  s: Sandbox,
  builder: string,
  /** A node name of its own (`buildx create --node`): its container is `buildx_buildkit_<node>`. */
  node?: string,
): Promise<{ build: () => Promise<TestBuildResult & { token: string }> }> {
  const r = registry();
  const base = `${r}/bkh/busybox-${builder}:1`;
  expect(
    succeeded(await s.docker.run(['tag', 'local/busybox-amd64:1', base], { timeoutMs: 60_000, mutates: true })),
  ).toBe(true);
  const push = await s.docker.run(['push', '-q', base], { timeoutMs: 120_000, mutates: true });
  expect(push.exitCode, push.stderr).toBe(0);
  const toml = join(s.dir, 'buildkitd.toml');
  writeFileSync(toml, `[registry."${r}"]\n  http = true\n  insecure = true\n`);
  const create = await s.docker.buildx(
    [
      'create',
      '--name',
      builder,
      '--driver',
      'docker-container',
      '--driver-opt',
      'network=host',
      '--buildkitd-config',
      toml,
      ...(node !== undefined ? ['--node', node] : []),
      '--bootstrap',
    ],
    { timeoutMs: 300_000, mutates: true },
  );
  expect(create.exitCode, create.stderr).toBe(0);
  const ctx = join(s.dir, 'ctx');
  mkdirSync(ctx);
  const dockerfile = `FROM ${base} AS make\nRUN cat /proc/sys/kernel/random/uuid > /token\nFROM scratch\nCOPY --from=make /token /token\n`;
  writeFileSync(join(ctx, 'Dockerfile'), dockerfile);
  let n = 0;
  const build = async () => {
    n += 1;
    const out = join(s.dir, `out${n}`);
    const t0 = Date.now();
    const res = await s.docker.buildx(testBuildArgs({ builder: builder, dockerfile }, ctx, out), {
      timeoutMs: 300_000,
      mutates: true,
    });
    const b = summarizeBuild(res, Date.now() - t0, out);
    expect(b.error, res.stderr.slice(-2000)).toBeUndefined();
    const token = readFileSync(join(out, 'token'), 'utf8').trim();
    rmSync(out, { recursive: true, force: true });
    return { ...b, token };
  };
  return { build };
}

/**
 * Waits (at most `ms`) until the heal's own activity check sees `container` idle: the classifier
 * diagnose runs (src/tasks/activity.ts), over the Engine API where diagnose would use it. Right
 * after a build, buildx's clients (`buildctl dial-stdio`) can stay for seconds on a loaded host, and
 * a heal that sees them keeps the builder as busy. On timeout it fails with the processes it saw.
 */
export async function untilIdle(s: Sandbox, container: string, ms = 30_000): Promise<void> {
  const config = (() => {
    try {
      return readFileSync(s.docker.paths.configJson, 'utf8');
    } catch {
      return undefined;
    }
  })();
  const socket = localEngineSocket(s.docker.env, config);
  const engine = socket !== undefined ? new EngineApi(socket) : undefined;
  const end = Date.now() + ms;
  let last: ContainerActivity | undefined;
  while (Date.now() < end) {
    last = await activityOf(s.docker, engine, container);
    if (last.state === 'idle') return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `${container} not idle after ${ms / 1000} s: ${last?.state ?? 'not read'}; processes: ${(last?.processes ?? []).join(' | ')}; ${last?.evidence.stderr.trim() ?? ''}`,
  );
}

/** What a heal saw of builders in use (kept as busy, and why), for assertion messages. */
export function healSaw(h: Pick<Report, 'actions' | 'findings'>): string {
  return JSON.stringify({
    kept: h.actions.filter((a) => a.action === 'builder.keep').map((a) => [a.target, a.detail]),
    busy: h.findings.filter((f) => f.id === 'builder.busy').map((f) => [f.subject, f.message]),
  });
}
