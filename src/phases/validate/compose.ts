/** validate.compose: `docker compose build` builds through BuildKit. */
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandResult } from '../../core/types.js';
import { type BuilderState, type Run, type Verdict, lastLines, oneLine } from './run.js';

export function parseComposeVersion(out: string): string | undefined {
  return /Docker Compose version\s+v?(\S+)/i.exec(out)?.[1];
}

/** BuildKit's plain progress numbers its steps (`#1 [internal] load build definition`); the classic builder prints `Step 1/2`. */
export function judgeComposeBuild(r: CommandResult): { ok: boolean; message: string } {
  const text = `${r.stdout}\n${r.stderr}`;
  const buildkit = /^#\d+ \[/m.test(text) || /\[\+\] Build/.test(text);
  const classic = /^Step \d+\/\d+ :/m.test(text);
  if (r.timedOut) return { ok: false, message: `docker compose build timed out after ${r.durationMs} ms` };
  if (r.exitCode !== 0)
    return { ok: false, message: `docker compose build failed (exit ${String(r.exitCode)}): ${lastLines(text, 3)}` };
  if (classic)
    return { ok: false, message: 'docker compose built with the classic builder (`Step n/m` output), not BuildKit' };
  if (!buildkit)
    return { ok: false, message: `docker compose build output shows no BuildKit progress: ${lastLines(text, 3)}` };
  return { ok: true, message: 'docker compose build went through BuildKit' };
}

export async function checkCompose(run: Run, states: BuilderState[]): Promise<Verdict> {
  const id = 'validate.compose';
  const docker = run.deps.docker;
  const v = await docker.run(['compose', 'version'], { timeoutMs: docker.timeouts.probe });
  const version = parseComposeVersion(`${v.stdout}\n${v.stderr}`);
  if (version === undefined) {
    return {
      id,
      ok: true,
      skipped: true,
      message: `skipped: docker compose is not installed (docker compose version: ${oneLine(v.stderr || v.stdout) || `exit ${String(v.exitCode)}`})`,
    };
  }
  // A compose build needs a working builder, as the other builds do: with none, it would only wait
  // for its build timeout on a daemon that does not answer.
  if (!states.some((s) => s.bootstrapped))
    return { id, ok: false, skipped: true, message: 'not run: no builder bootstrapped' };
  const dir = join(run.work, 'compose');
  await mkdir(dir, { recursive: true });
  const image = `bkh-validate-compose:${run.id}`;
  await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY token.txt /token.txt\n');
  await writeFile(join(dir, 'token.txt'), `${run.id}\n`);
  await writeFile(join(dir, 'compose.yaml'), `services:\n  validate:\n    build: .\n    image: ${image}\n`);
  const r = await docker.run(
    ['compose', '--project-directory', dir, '-f', join(dir, 'compose.yaml'), '-p', run.id, 'build'],
    {
      timeoutMs: docker.timeouts.build,
      mutates: true,
      env: { BUILDKIT_PROGRESS: 'plain' },
    },
  );
  await docker.run(['image', 'rm', '--force', image], { timeoutMs: docker.timeouts.slow, mutates: true });
  const j = judgeComposeBuild(r);
  return { id, ok: j.ok, message: `${j.message} (compose ${version})` };
}
