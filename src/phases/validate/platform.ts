/** validate.platform: a build for each requested platform runs RUN steps there. */
import { randomBytes } from '../../core/crypto.js';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../../docker/deps.js';
import type { ValidateOptions } from '../../core/options.js';
import type { CommandResult } from '../../core/types.js';
import { type TestBuildResult, type TestBuildSpec, runTestBuild } from '../../tasks/testbuild.js';
import {
  type BaseImages,
  type BuilderState,
  type Run,
  type Verdict,
  hostArch,
  outDir,
  readText,
  stderrTail,
} from './run.js';

/** `uname -m` for a platform, or undefined when any non-empty answer is accepted. */
export function expectedMachine(platform: string): string[] | undefined {
  const [, arch, variant] = platform.split('/');
  switch (arch) {
    case 'amd64':
      return ['x86_64'];
    case 'arm64':
      return ['aarch64', 'arm64'];
    case 'arm':
      return variant === 'v6' ? ['armv6l', 'armv7l'] : ['armv7l', 'armv8l'];
    case '386':
      return ['i386', 'i686'];
    case 'ppc64le':
      return ['ppc64le'];
    case 's390x':
      return ['s390x'];
    case 'riscv64':
      return ['riscv64'];
    default:
      return undefined;
  }
}

/** The base image for an architecture: its own pair, else the one image for all (`*`). */
export function baseFor(base: BaseImages, arch: string): string | undefined {
  const b = base[arch] ?? base['*'];
  return b === undefined || b === '' ? undefined : b;
}

function archOf(platform: string): string {
  return platform.split('/')[1] ?? '';
}

/** A Dockerfile for the platform check: `RUN uname -m` when every arch has a base image, else scratch + COPY. */
export function platformDockerfile(
  platforms: string[],
  base: BaseImages,
  token = '',
): { dockerfile: string; runs: boolean } {
  const archs = [...new Set(platforms.map(archOf))];
  if (archs.every((a) => baseFor(base, a) !== undefined)) {
    const stages = archs.map((a) => `FROM ${baseFor(base, a) ?? ''} AS base-${a}`).join('\n');
    // The fresh token is in the RUN line itself: a new cache key, so the step runs on every
    // platform every time (a cached RUN would prove nothing about the emulator).
    return {
      dockerfile: `${stages}\nFROM base-\${TARGETARCH}\nARG TARGETPLATFORM\nRUN echo "$TARGETPLATFORM $(uname -m) ${token}" > /arch.txt\nCOPY token.txt /token.txt\n`,
      runs: true,
    };
  }
  return { dockerfile: 'FROM scratch\nARG TARGETPLATFORM\nCOPY token.txt /token.txt\n', runs: false };
}

/** buildx's refusal of a multi-platform build on a builder that cannot do it (docker driver, classic store). */
export function multiPlatformUnsupported(text: string): boolean {
  return /multiple platforms feature is currently not supported|multi-platform build is not supported/i.test(text);
}

/** The local exporter splits by platform only for multi-platform builds: `linux/arm64` -> `linux_arm64/`. */
export function platformDir(platform: string): string {
  return platform.replace(/\//g, '_');
}

/**
 * `check --platforms`: the same RUN-on-every-platform build as `validate.platform`, on one builder,
 * with the build results kept as evidence.
 */
export async function platformCheck(
  deps: Deps,
  opts: Pick<ValidateOptions, 'platforms' | 'baseImage'>,
  builder: string,
): Promise<{ ok: boolean; message: string; evidence: CommandResult[]; durationMs: number }> {
  const started = Date.now();
  const run: Run = {
    deps,
    opts: {
      enabled: true,
      platforms: opts.platforms,
      maxSlowdownPercent: 50,
      cache: false,
      builders: [builder],
      ...(opts.baseImage !== undefined ? { baseImage: opts.baseImage } : {}),
    },
    id: `bkh-check-${randomBytes(6).toString('hex')}`,
    work: await mkdtemp(join(tmpdir(), 'bkh-check-')),
    seq: 0,
    evidence: [],
  };
  try {
    const st: BuilderState = { name: builder, docker: deps.docker, bootstrapped: true, nativeArch: hostArch() };
    const v = await checkPlatforms(run, st);
    return { ok: v.ok, message: v.message, evidence: run.evidence ?? [], durationMs: Date.now() - started };
  } finally {
    await rm(run.work, { recursive: true, force: true });
  }
}

export async function checkPlatforms(run: Run, st: BuilderState): Promise<Verdict> {
  const id = 'validate.platform';
  const platforms = run.opts.platforms;
  const base = run.opts.baseImage ?? {};
  const token = `${run.id}-${randomBytes(6).toString('hex')}`;
  const { dockerfile, runs } = platformDockerfile(platforms, base, token);
  const spec = (ps: string[], dir: string): TestBuildSpec => ({
    builder: st.name,
    dockerfile,
    files: { 'token.txt': `${token}\n` },
    platforms: ps,
    outputDir: dir,
  });
  const seen: string[] = [];
  const failures: string[] = [];
  const together = await runTestBuild(st.docker, spec(platforms, await outDir(run)), st.docker.timeouts.build);
  run.evidence?.push(together.result);
  let mode = platforms.length > 1 ? 'in one multi-platform build' : 'in one build';
  let outputs: { platform: string; dir: string; result: TestBuildResult }[] = [];
  if (together.ok) {
    outputs = platforms.map((p) => ({
      platform: p,
      dir: platforms.length > 1 ? join(together.outputDir, platformDir(p)) : together.outputDir,
      result: together,
    }));
  } else if (platforms.length > 1 && multiPlatformUnsupported(`${together.error ?? ''}\n${together.result.stderr}`)) {
    // The builder cannot export several platforms at once (docker driver without the containerd
    // image store): each platform still has to build, one at a time.
    mode = `one platform at a time (builder refused a multi-platform build: ${together.error ?? ''})`;
    for (const p of platforms) {
      const r = await runTestBuild(st.docker, spec([p], await outDir(run)), st.docker.timeouts.build);
      run.evidence?.push(r.result);
      outputs.push({ platform: p, dir: r.outputDir, result: r });
    }
  } else {
    return {
      id,
      ok: false,
      message: `build for ${platforms.join(', ')} failed: ${together.error ?? 'unknown error'}${stderrTail(together.result)}`,
    };
  }
  for (const o of outputs) {
    const v = await judgePlatformOutput(o.platform, o.dir, o.result, token, runs);
    (v.ok ? seen : failures).push(v.message);
  }
  const how = runs
    ? 'RUN uname -m'
    : 'FROM scratch + COPY (no base image for every platform: output directories checked, arch not proven by a RUN)';
  if (failures.length > 0)
    return {
      id,
      ok: false,
      message: `${failures.join('; ')}${seen.length ? `; passed: ${seen.join('; ')}` : ''} [${how}, ${mode}]`,
    };
  return { id, ok: true, message: `${seen.join('; ')} [${how}, ${mode}]` };
}

export async function judgePlatformOutput(
  platform: string,
  dir: string,
  result: TestBuildResult,
  token: string,
  runs: boolean,
): Promise<{ ok: boolean; message: string }> {
  if (!result.ok) return { ok: false, message: `${platform}: build failed: ${result.error ?? 'unknown error'}` };
  const tok = await readText(join(dir, 'token.txt'));
  if (tok === undefined) {
    const listing = await readdir(result.outputDir).catch(() => [] as string[]);
    return {
      ok: false,
      message: `${platform}: no output for this platform (expected ${dir}; output holds: ${listing.join(', ') || 'nothing'})`,
    };
  }
  if (tok.trim() !== token)
    return {
      ok: false,
      message: `${platform}: output token ${JSON.stringify(tok.trim())} is not this build's ${JSON.stringify(token)}`,
    };
  if (!runs) return { ok: true, message: `${platform}: built` };
  const arch = (await readText(join(dir, 'arch.txt')))?.trim();
  if (arch === undefined) return { ok: false, message: `${platform}: the RUN step left no arch.txt` };
  const [reported = '', machine = '', runToken = ''] = arch.split(/\s+/);
  const expected = expectedMachine(platform);
  if (reported !== platform)
    return { ok: false, message: `${platform}: the RUN step saw TARGETPLATFORM ${reported || '(empty)'}` };
  if (runToken !== token)
    return {
      ok: false,
      message: `${platform}: the RUN step printed token ${JSON.stringify(runToken)}, not this build's (the step did not run now)`,
    };
  if (machine === '' || (expected !== undefined && !expected.includes(machine))) {
    return {
      ok: false,
      message: `${platform}: uname -m printed ${JSON.stringify(machine)}, expected ${expected?.join(' or ') ?? 'a machine name'}`,
    };
  }
  return { ok: true, message: `${platform}: RUN printed ${platform} ${machine} and this build's token` };
}
