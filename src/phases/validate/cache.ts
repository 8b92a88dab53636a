/** validate.cache-local and validate.cache-registry: a cache export / import round trip. */
import { randomBytes } from '../../core/crypto.js';
import { join } from 'node:path';
import type { Docker } from '../../docker/docker.js';
import type { DuRecord } from '../../docker/parse/types.js';
import { type TestBuildSpec, type Vertex, runTestBuild } from '../../tasks/testbuild.js';
import { runSteps } from './build.js';
import { baseFor } from './platform.js';
import { type BuilderState, type Run, type Verdict, oneLine, outDir, readText, safeName, stderrTail } from './run.js';

type CacheKind = 'local' | 'registry';

/**
 * Export a cache, drop exactly this build's records from the builder (a prune filtered by the ids
 * of records whose description carries this run's marker, never the user's cache), then build again
 * with only `--cache-from`. With a base image, a RUN step writes a fresh random token: the same token
 * after the import means the step was not run. Without one, the COPY step must come back `cached`
 * although its record was pruned.
 */
export async function checkCacheRoundTrip(run: Run, st: BuilderState, kind: CacheKind): Promise<Verdict> {
  const id = `validate.cache-${kind}`;
  const marker = `${run.id}-${kind}-${safeName(st.name)}`;
  // The default base image (pulled) serves the platform check only: the cache checks use one the
  // user named, and stay offline-safe otherwise.
  const base = run.opts.baseImageExplicit === false ? undefined : baseFor(run.opts.baseImage ?? {}, st.nativeArch);
  const spec: TestBuildSpec =
    base !== undefined && base !== ''
      ? {
          builder: st.name,
          dockerfile: `FROM ${base}\nRUN echo ${marker} > /marker.txt && cat /proc/sys/kernel/random/uuid > /token.txt\n`,
        }
      : {
          builder: st.name,
          dockerfile: `FROM scratch\nCOPY ${marker}.txt /token.txt\n`,
          files: { [`${marker}.txt`]: `${marker}-${randomBytes(8).toString('hex')}\n` },
        };
  let to: string;
  let from: string;
  if (kind === 'local') {
    const dir = join(run.work, `cache-${marker}`);
    to = `type=local,dest=${dir},mode=max`;
    from = `type=local,src=${dir}`;
  } else {
    const ref = `${run.opts.cacheRegistry ?? ''}/buildkit-healer/validate-cache:${marker}`;
    to = `type=registry,ref=${ref},mode=max`;
    from = `type=registry,ref=${ref}`;
  }
  const docker = st.docker;
  const exp = await runTestBuild(
    docker,
    { ...spec, cacheTo: [to], outputDir: await outDir(run) },
    docker.timeouts.build,
  );
  if (!exp.ok)
    return {
      id,
      ok: false,
      message: `build exporting the cache (--cache-to ${to}) failed: ${exp.error ?? 'unknown error'}${stderrTail(exp.result)}`,
    };
  const exported = (await readText(join(exp.outputDir, 'token.txt')))?.trim();
  if (exported === undefined || exported === '')
    return { id, ok: false, message: 'the exporting build left no token.txt in its output' };
  const pruned = await pruneMarked(docker, st.name, marker);
  if (!pruned.ok) return { id, ok: false, message: pruned.message };
  const imp = await runTestBuild(
    docker,
    { ...spec, cacheFrom: [from], outputDir: await outDir(run) },
    docker.timeouts.build,
  );
  if (!imp.ok)
    return {
      id,
      ok: false,
      message: `build importing the cache (--cache-from ${from}) failed: ${imp.error ?? 'unknown error'}${stderrTail(imp.result)}`,
    };
  const imported = (await readText(join(imp.outputDir, 'token.txt')))?.trim();
  const v = judgeRoundTrip({ runs: spec.dockerfile.includes('RUN '), exported, imported, vertices: imp.vertices });
  return { id, ok: v.ok, message: `${v.message} (${pruned.message}; --cache-to ${to})` };
}

export function judgeRoundTrip(x: {
  runs: boolean;
  exported: string;
  imported: string | undefined;
  vertices: Vertex[];
}): { ok: boolean; message: string } {
  const steps = runSteps(x.vertices);
  if (x.runs) {
    if (x.imported === undefined) return { ok: false, message: 'the importing build left no token.txt in its output' };
    if (x.imported === x.exported)
      return { ok: true, message: `cache hit: the imported build's output holds the exported token ${x.exported}` };
    return {
      ok: false,
      message: `cache miss: the RUN step ran again (token ${x.imported}, exported build had ${x.exported})`,
    };
  }
  if (steps.length === 0)
    return { ok: false, message: 'the importing build showed no Dockerfile steps: cannot tell hit from miss' };
  const missed = steps.filter((v) => !v.cached);
  if (missed.length > 0)
    return { ok: false, message: `cache miss after import: ${missed.map((v) => v.name).join('; ')} ran again` };
  return {
    ok: true,
    message: `cache hit: ${steps.length} step(s) came from the imported cache although their records were pruned`,
  };
}

/** Build records of this run, by the marker in their description (`buildx du --verbose`). */
export function markedRecords(records: DuRecord[], marker: string): DuRecord[] {
  return records.filter((r) => r.description?.includes(marker) === true);
}

async function pruneMarked(docker: Docker, builder: string, marker: string): Promise<{ ok: boolean; message: string }> {
  const before = await docker.du(builder);
  if (before.parsed === undefined)
    return {
      ok: false,
      message: `buildx du --builder ${builder} could not be read (${before.parseError ?? ''}): ${oneLine(before.result.stderr)}`,
    };
  const ours = markedRecords(before.parsed.records, marker);
  if (ours.length === 0)
    return {
      ok: false,
      message: `no build record on ${builder} carries this run's marker ${marker}: cannot drop the local copy to prove an import`,
    };
  for (const r of ours) {
    // `--filter id=` is the one prune filter buildx passes as a match (`id~=`); `--all` because
    // records that a just-finished build still shares are otherwise kept.
    await docker.buildx(['prune', '--all', '--force', '--builder', builder, '--filter', `id=${r.id}`], {
      timeoutMs: docker.timeouts.slow,
      mutates: true,
    });
  }
  const after = await docker.du(builder);
  const left = after.parsed === undefined ? undefined : markedRecords(after.parsed.records, marker);
  if (left === undefined)
    return { ok: false, message: `buildx du after the prune could not be read: ${oneLine(after.result.stderr)}` };
  if (left.length > 0)
    return {
      ok: false,
      message: `prune left ${left.length} of this run's records on ${builder}: ${left.map((r) => r.id).join(', ')}`,
    };
  return { ok: true, message: `${ours.length} record(s) of this run pruned first` };
}
