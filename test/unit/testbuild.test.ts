import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineSpec, isStep, runTestBuild, summarizeBuild, testBuildArgs } from '../../src/tasks/testbuild.js';
import type { RunOptions } from '../../src/docker/runner.js';
import { recorded } from '../fixtures/load.js';
import type { CommandResult } from '../../src/core/types.js';

// Excerpt of a real `docker buildx build --progress=rawjson` stderr (buildx 0.13.1, second run,
// the COPY step cached): pretty-printed objects one after another, a vertex updated several times.
const CACHED_RUN = `{
  "vertexes": [
    {
      "digest": "sha256:aaa",
      "name": "[internal] load build definition from Dockerfile",
      "started": "2026-11-23T23:13:31.608816303Z"
    }
  ]
}
{
  "vertexes": [
    {
      "digest": "sha256:aaa",
      "name": "[internal] load build definition from Dockerfile",
      "started": "2026-11-23T23:13:31.608816303Z",
      "completed": "2026-11-23T23:13:31.609649304Z"
    }
  ]
}
{
  "statuses": [
    {
      "id": "transferring dockerfile: {weird}",
      "vertex": "sha256:aaa",
      "name": "transferring",
      "current": 29
    }
  ]
}
{
  "vertexes": [
    {
      "digest": "sha256:bbb",
      "inputs": ["sha256:aaa"],
      "name": "[1/1] COPY token.txt /token.txt",
      "started": "2026-11-23T23:13:31.7Z",
      "completed": "2026-11-23T23:13:31.7Z",
      "cached": true
    }
  ]
}
`;

function result(stderr: string, exitCode = 0): CommandResult {
  return {
    argv: ['docker', 'buildx', 'build'],
    exitCode,
    signal: null,
    stdout: '',
    stderr,
    timedOut: false,
    durationMs: 5,
  };
}

describe('testbuild', () => {
  it('builds argv from a spec', () => {
    const args = testBuildArgs(
      {
        builder: 'b1',
        dockerfile: '',
        platforms: ['linux/amd64', 'linux/arm64'],
        cacheFrom: ['type=local,src=/c'],
        cacheTo: ['type=local,dest=/c,mode=max'],
        noCache: true,
        buildArgs: { A: '1' },
      },
      '/ctx',
      '/out',
    );
    expect(args).toEqual([
      'build',
      '--progress=rawjson',
      '--builder',
      'b1',
      '--platform',
      'linux/amd64,linux/arm64',
      '--cache-from',
      'type=local,src=/c',
      '--cache-to',
      'type=local,dest=/c,mode=max',
      '--no-cache',
      '--build-arg',
      'A=1',
      '--output',
      'type=local,dest=/out',
      '--file',
      '/ctx/Dockerfile',
      '/ctx',
    ]);
  });

  it('baseline needs no base image and carries the token', () => {
    const s = baselineSpec('tok-123');
    expect(s.dockerfile).toMatch(/^FROM scratch\n/);
    expect(s.files?.['token.txt']).toBe('tok-123\n');
  });

  it('decodes a pretty-printed stream and merges vertices by digest', () => {
    const { vertices } = summarizeBuild(result(CACHED_RUN), 1, '/o');
    expect(vertices.map((v) => v.name)).toEqual([
      '[internal] load build definition from Dockerfile',
      '[1/1] COPY token.txt /token.txt',
    ]);
    expect(vertices[0]?.completed).toBe('2026-11-23T23:13:31.609649304Z');
    expect(vertices[1]?.cached).toBe(true);
  });

  it('counts steps and cached steps', () => {
    const r = summarizeBuild(result(CACHED_RUN), 5, '/out');
    expect(r).toMatchObject({ ok: true, totalSteps: 1, cachedSteps: 1 });
    expect(isStep('[base 2/3] RUN x')).toBe(true);
    expect(isStep('[linux/arm64 2/2] COPY a /b')).toBe(true);
    expect(isStep('[linux/arm64 1/2] FROM x')).toBe(false);
    expect(isStep('[internal] load build context')).toBe(false);
    expect(isStep('exporting to client directory')).toBe(false);
  });

  it('reports a vertex error and the ERROR line of a failed build', () => {
    const failed = `{"vertexes":[{"digest":"sha256:c","name":"[1/1] COPY nope /x","error":"failed to compute cache key: \\"/nope\\": not found"}]}\nERROR: failed to solve: failed to compute cache key\n`;
    const r = summarizeBuild(result(failed, 1), 5, '/out');
    expect(r.ok).toBe(false);
    expect(r.error).toContain('COPY nope');
    const r2 = summarizeBuild(result('ERROR: no builder "x" found\n', 1), 5, '/out');
    expect(r2).toMatchObject({ ok: false, error: 'ERROR: no builder "x" found', totalSteps: 0 });
  });

  it('a timed-out build is not ok', () => {
    const r = summarizeBuild(
      { ...result(CACHED_RUN, null as unknown as number), exitCode: null, timedOut: true },
      99,
      '/o',
    );
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/timed out/);
  });

  it('runs through the docker door with the timeout and writes the context', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bkh-t-'));
    const calls: { args: string[]; timeoutMs: number; token: string }[] = [];
    // Only `buildx` is used; the context dir is a fresh temp dir, so record it rather than script argv.
    const docker = {
      buildx: async (args: string[], opts: RunOptions): Promise<CommandResult> => {
        const ctx = args[args.length - 1] ?? '';
        calls.push({ args, timeoutMs: opts.timeoutMs, token: readFileSync(join(ctx, 'token.txt'), 'utf8') });
        return { ...result(CACHED_RUN), argv: ['docker', 'buildx', ...args] };
      },
    };
    const r = await runTestBuild(docker, { ...baselineSpec('abc'), outputDir: out }, 1234);
    expect(r).toMatchObject({ ok: true, outputDir: out, totalSteps: 1, cachedSteps: 1 });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.timeoutMs).toBe(1234);
    expect(calls[0]?.token).toBe('abc\n');
    expect(calls[0]?.args).toContain(`type=local,dest=${out}`);
    // The context dir is gone after the build; the caller's output dir is kept.
    const ctx = calls[0]?.args[calls[0].args.length - 1] ?? '';
    expect(existsSync(ctx)).toBe(false);
    expect(existsSync(out)).toBe(true);
  });
});

describe('testbuild over recorded buildx 0.13.1 builds', () => {
  const rec = (id: string): CommandResult => {
    const r = recorded(`buildx/0.13.1/builds/${id}`);
    return {
      argv: ['docker', 'buildx', 'build'],
      exitCode: r.exit,
      signal: null,
      stdout: r.stdout,
      stderr: r.stderr,
      timedOut: false,
      durationMs: 1,
    };
  };

  it('first build runs every step, the identical second one is fully cached', () => {
    const first = summarizeBuild(rec('build-rawjson-1'), 1, '/o');
    const second = summarizeBuild(rec('build-rawjson-2'), 1, '/o');
    // Four Dockerfile steps: FROM (not counted), COPY and two RUNs.
    expect(first).toMatchObject({ ok: true, totalSteps: 3, cachedSteps: 0 });
    expect(second.ok).toBe(true);
    expect(second.totalSteps).toBe(3);
    expect(second.cachedSteps).toBe(second.totalSteps);
  });

  it('a failing RUN step is named with its error', () => {
    const r = summarizeBuild(rec('build-rawjson-fail'), 1, '/o');
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/RUN exit 3.*exit code: 3/);
  });
});
