/**
 * The validate phase (heal item 5): proves, with real builds, that the healed BuildKit works.
 * Every check is judged from parsed output (rawjson progress, inspect, du, the build's own output
 * files), never from an exit code alone, and a failed check's message says what was seen.
 *
 * One module per check group in src/phases/validate/: bootstrap.ts, build.ts (build, cached),
 * timing.ts, platform.ts, cache.ts (export/import round trip), switch.ts, compose.ts; what a run
 * shares (its state, the timing wrapper, small helpers) in run.ts.
 */
import { randomBytes } from '../core/crypto.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../docker/deps.js';
import type { ValidationCheck } from '../core/report.js';
import { contextDocker, judgeBootstrap, needsOwnContext } from './validate/bootstrap.js';
import { checkBuild, checkCached } from './validate/build.js';
import { checkCacheRoundTrip } from './validate/cache.js';
import { checkCompose } from './validate/compose.js';
import { checkPlatforms } from './validate/platform.js';
import { type BuilderState, type Run, type ValidateInput, hostArch, timed } from './validate/run.js';
import { checkSwitch } from './validate/switch.js';
import { checkTiming } from './validate/timing.js';

export type { BaseImages, ValidateInput } from './validate/run.js';
export { platformCheck } from './validate/platform.js';

export const VALIDATE_CHECK_IDS = [
  'validate.bootstrap',
  'validate.build',
  'validate.timing',
  'validate.cached',
  'validate.platform',
  'validate.cache-local',
  'validate.cache-registry',
  'validate.switch',
  'validate.compose',
] as const;

export async function validate(deps: Deps, opts: ValidateInput): Promise<ValidationCheck[]> {
  if (!opts.enabled) return [];
  const run: Run = {
    deps,
    opts,
    id: `bkh-validate-${randomBytes(6).toString('hex')}`,
    work: await mkdtemp(join(tmpdir(), 'bkh-validate-')),
    seq: 0,
  };
  const checks: ValidationCheck[] = [];
  const push = (c: ValidationCheck): void => {
    checks.push(c);
    const line = `${c.id}${c.builder !== undefined ? ` [${c.builder}]` : ''}: ${c.ok ? (c.skipped ? 'skipped' : 'ok') : 'FAILED'}: ${c.message.replace(/^skipped: /, '')}`;
    if (c.ok) deps.log.info(line);
    else deps.log.error(line);
  };
  try {
    // Which context is current decides which docker-driver builders need their own context.
    const ctxShow = await deps.docker.run(['context', 'show'], { timeoutMs: deps.docker.timeouts.probe });
    const currentContext = ctxShow.exitCode === 0 && ctxShow.stdout.trim() !== '' ? ctxShow.stdout.trim() : undefined;
    const states: BuilderState[] = [];
    for (const name of opts.builders) {
      const st = await validateBuilder(run, name, currentContext, push);
      states.push(st);
    }
    push(await timed('validate.timing', () => checkTiming(run, states)));
    push(await timed('validate.switch', () => checkSwitch(run, states)));
    push(await timed('validate.compose', () => checkCompose(run, states)));
  } finally {
    await rm(run.work, { recursive: true, force: true });
  }
  return checks;
}

async function validateBuilder(
  run: Run,
  name: string,
  currentContext: string | undefined,
  push: (c: ValidationCheck) => void,
): Promise<BuilderState> {
  const { opts } = run;
  const st: BuilderState = { name, docker: run.deps.docker, bootstrapped: false, nativeArch: hostArch() };
  const boot = await timed('validate.bootstrap', async () => {
    const p = await run.deps.docker.inspect(name, true);
    const verdict = judgeBootstrap(name, p);
    st.bootstrapped = verdict.ok;
    const arch = p.parsed?.nodes[0]?.platforms[0]?.split('/')[1];
    if (arch !== undefined && arch !== '') st.nativeArch = arch;
    if (needsOwnContext(p.parsed, currentContext)) {
      st.docker = contextDocker(run.deps.docker, name);
      verdict.message += ` (builds through docker context ${name})`;
    }
    return { id: 'validate.bootstrap', ...verdict };
  });
  push({ ...boot, builder: name });
  const notRun = (id: string): ValidationCheck => ({
    id,
    builder: name,
    ok: false,
    skipped: true,
    message: `not run: builder ${name} did not bootstrap`,
  });
  if (!st.bootstrapped) {
    push(notRun('validate.build'));
    return st;
  }
  // A check that does not apply is still listed, as skipped, so the report says why it did not run.
  const skip = (id: string, why: string): ValidationCheck => ({
    id,
    builder: name,
    ok: true,
    skipped: true,
    message: `skipped: ${why}`,
  });
  push({ ...(await timed('validate.build', () => checkBuild(run, st))), builder: name });
  if (opts.cache) push({ ...(await timed('validate.cached', () => checkCached(run, st))), builder: name });
  else push(skip('validate.cached', 'cache checks are turned off'));
  if (opts.platforms.length > 0)
    push({ ...(await timed('validate.platform', () => checkPlatforms(run, st))), builder: name });
  else push(skip('validate.platform', 'no platforms requested'));
  if (opts.cache)
    push({ ...(await timed('validate.cache-local', () => checkCacheRoundTrip(run, st, 'local'))), builder: name });
  else push(skip('validate.cache-local', 'cache checks are turned off'));
  if (!opts.cache) push(skip('validate.cache-registry', 'cache checks are turned off'));
  else if (opts.cacheRegistry === undefined || opts.cacheRegistry === '')
    push(skip('validate.cache-registry', 'no cache registry given'));
  else
    push({
      ...(await timed('validate.cache-registry', () => checkCacheRoundTrip(run, st, 'registry'))),
      builder: name,
    });
  return st;
}
