/** validate.switch: `buildx use` reaches each healthy builder, and the user's choice is put back. */
import { readFile, rm, writeFile } from 'node:fs/promises';
import type { CommandResult } from '../../core/types.js';
import type { Parsed } from '../../docker/docker.js';
import type { InspectResult } from '../../docker/parse/types.js';
import { type BuilderState, type Run, type Verdict, oneLine } from './run.js';

/**
 * `buildx use` each healthy builder and read back which one inspect reports as current; the
 * `current` file is then put back byte for byte (or removed if there was none), so the user's
 * choice survives exactly.
 */
export async function checkSwitch(run: Run, states: BuilderState[]): Promise<Verdict> {
  const id = 'validate.switch';
  const docker = run.deps.docker;
  const healthy = states.filter((s) => s.bootstrapped).map((s) => s.name);
  if (healthy.length === 0) return { id, ok: false, skipped: true, message: 'not run: no builder bootstrapped' };
  const currentFile = docker.paths.currentFile;
  const saved = await readFile(currentFile).catch(() => undefined);
  const before = await docker.inspect(undefined);
  const original = before.parsed?.name;
  const seen: string[] = [];
  const failed: string[] = [];
  try {
    for (const name of healthy) {
      const use = await docker.buildx(['use', name], { timeoutMs: docker.timeouts.probe, mutates: true });
      const now = await docker.inspect(undefined);
      const v = judgeSwitch(name, use, now);
      (v.ok ? seen : failed).push(v.message);
    }
  } finally {
    if (saved === undefined) await rm(currentFile, { force: true });
    else await writeFile(currentFile, saved);
  }
  const back = await docker.inspect(undefined);
  const restored = original === undefined || back.parsed?.name === original;
  if (!restored)
    failed.push(
      `the builder in use was ${original ?? '?'} before and is ${back.parsed?.name ?? '(unreadable)'} after putting it back`,
    );
  const tail = `; put back to ${original ?? 'the previous current file'}`;
  if (failed.length > 0)
    return {
      id,
      ok: false,
      message: `${failed.join('; ')}${seen.length ? `; worked: ${seen.join('; ')}` : ''}${tail}`,
    };
  return { id, ok: true, message: `${seen.join('; ')}${tail}` };
}

export function judgeSwitch(
  name: string,
  use: CommandResult,
  now: Parsed<InspectResult>,
): { ok: boolean; message: string } {
  const current = now.parsed?.name;
  if (current === name) return { ok: true, message: `use ${name} -> inspect shows ${name}` };
  // A builder of another docker context is chosen with `docker context use`, which would move every
  // docker command of the host to that daemon: buildx refuses, and that refusal is by design.
  const ctx = /run `docker context use (\S+)` to switch to context/.exec(use.stderr);
  if (ctx !== null)
    return {
      ok: true,
      message: `${name} is the builder of docker context ${ctx[1] ?? name}: buildx leaves it to \`docker context use\`, not switched`,
    };
  const err = oneLine(use.stderr);
  return {
    ok: false,
    message: `use ${name}: the builder in use is ${current ?? '(unreadable)'}${err ? `; buildx said: ${err}` : ''}`,
  };
}
