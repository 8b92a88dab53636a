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
