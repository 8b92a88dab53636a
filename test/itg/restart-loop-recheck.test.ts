/**
 * A real builder diagnose saw restarting in a loop that the user fixes before clean runs: clean
 * inspects its container again right before removing it (state and restart count, never its
 * processes) and keeps it when it runs steadily now, so a build that started there is not lost.
 * One that still loops is removed as before (real-builder-states.test.ts heals one).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry, sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import { injectRestartLoop, realBuilder, removeRealBuilder } from '../support/faults.js';
import { defaultOptions } from '../../src/core/options.js';
import { diagnose } from '../../src/phases/diagnose.js';
import { executeClean, planClean, rejectedDefinitions } from '../../src/phases/clean.js';
import { defaultPhases, heal } from '../../src/heal/heal.js';
import { busyBuilders } from '../../src/checks/busy.js';
import { succeeded } from '../../src/docker/runner.js';

const BUILDER = 'bkhrecheck';
const CONTAINER = `buildx_buildkit_${BUILDER}0`;
let sb: Sandbox | undefined;

afterEach(async () => {
  if (sb === undefined) return;
  await removeRealBuilder(sb, BUILDER);
  sb.cleanup();
  sb = undefined;
});

async function stateLine(s: Sandbox): Promise<string> {
  const r = await s.docker.run(
    ['inspect', '-f', '{{.State.Status}} {{.RestartCount}} {{.State.StartedAt}}', CONTAINER],
    {
      timeoutMs: 30_000,
    },
  );
  return r.stdout.trim();
}

async function clean(s: Sandbox) {
  const o = defaultOptions(s.env);
  o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')] };
  const deps = testDeps(s);
  const d = await diagnose(deps, o.diagnose, 'full');
  const loop = d.findings.find((f) => f.id === 'builder.restart-loop' && f.subject === BUILDER);
  expect(loop?.repair, JSON.stringify(d.findings.map((f) => [f.id, f.subject]))).toMatchObject({
    action: 'builder.recreate',
  });
  const instanceNames = d.facts.instanceFiles.map((f) => (f.path.split('/').pop() ?? '').toLowerCase());
  const plan = planClean({
    mode: 'repair',
    findings: d.findings.filter((f) => f.repair?.automatic === true),
    builders: d.builders,
    orphans: d.facts.orphans,
    instanceNames,
    options: o.clean,
    busy: busyBuilders(d.facts),
    rejected: rejectedDefinitions(d.findings, instanceNames),
  });
  return { deps, plan };
}

/** What the user does: the buildkitd.toml the builder was created with back in its container, and a restart. */
async function fixIt(s: Sandbox): Promise<void> {
  const good = join(s.dir, 'good-buildkitd.toml');
  writeFileSync(good, `[registry."${registry()}"]\n  http = true\n  insecure = true\n`);
  const cp = await s.docker.run(['cp', good, `${CONTAINER}:/etc/buildkit/buildkitd.toml`], {
    timeoutMs: 60_000,
    mutates: true,
  });
  expect(succeeded(cp), cp.stderr).toBe(true);
  const restart = await s.docker.run(['restart', '-t', '1', CONTAINER], { timeoutMs: 60_000, mutates: true });
  expect(succeeded(restart), restart.stderr).toBe(true);
  const boot = await s.docker.buildx(['inspect', '--bootstrap', BUILDER], { timeoutMs: 120_000 });
  expect(succeeded(boot), boot.stderr).toBe(true);
}

describe('a builder diagnose saw in a restart loop, rechecked right before clean removes it', () => {
  it('fixed since diagnose (a good buildkitd.toml, restarted): it runs steadily, so clean keeps it and says why; a build works there', async () => {
    const s = sandbox('bkh-recheck-');
    sb = s;
    await realBuilder(s, BUILDER, registry());
    await injectRestartLoop(s, BUILDER, 'config');
    const { deps, plan } = await clean(s);
    expect(plan.find((p) => p.target === BUILDER)?.action).toBe('builder.remove');

    // The user fixes it between diagnose and clean: the config it was created with, and a restart.
    await fixIt(s);
    const before = await stateLine(s);
    expect(before).toMatch(/^running /);

    const r = await executeClean(deps, plan, { dryRun: false, backupVerified: true, backupEnabled: true });
    const kept = r.actions.find((a) => a.target === BUILDER);
    expect([kept?.action, kept?.ok], JSON.stringify(r.actions)).toEqual(['builder.keep', true]);
    expect(kept?.detail).toMatch(
      new RegExp(
        `^leave builder ${BUILDER} alone: its container ${CONTAINER}, restarting in a loop when diagnosed, runs steadily now \\(running since .+, restart count \\d+ unchanged over 3 s\\)`,
      ),
    );
    // Only inspected: the same container, still running.
    expect(r.results.every((x) => x.argv.slice(1, 3).join(' ') === 'container inspect')).toBe(true);
    expect(await stateLine(s)).toBe(before);
    const ls = await s.docker.buildx(['inspect', BUILDER], { timeoutMs: 60_000 });
    expect(ls.stdout).toMatch(/Status:\s+running/);
    const ctx = join(s.dir, 'ctx');
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY x /x\n');
    writeFileSync(join(ctx, 'x'), 'hi\n');
    const b = await s.docker.buildx(
      ['build', '--builder', BUILDER, '--output', `type=local,dest=${join(s.dir, 'out')}`, ctx],
      { timeoutMs: 300_000, mutates: true },
    );
    expect(b.exitCode, b.stderr).toBe(0);
  }, 600_000);

  it('a heal in repair mode whose builder is fixed during its backup: kept, not recreated, the report says why, repaired', async () => {
    const s = sandbox('bkh-recheck2-');
    sb = s;
    await realBuilder(s, BUILDER, registry());
    await injectRestartLoop(s, BUILDER, 'config');
    const o = defaultOptions(s.env);
    o.mode = 'repair';
    o.backup.store = 'local';
    o.backup.dir = join(s.dir, 'backups');
    o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')] };
    o.validate.enabled = false;
    const h = await heal(testDeps(s), o, {
      ...defaultPhases,
      async backup(deps, options, facts) {
        const ref = await defaultPhases.backup(deps, options, facts);
        await fixIt(s);
        return ref;
      },
    });
    const seen = JSON.stringify({
      error: h.error,
      actions: h.actions.map((a) => [a.action, a.target, a.ok, a.detail]),
    });
    expect(h.findings.map((f) => `${f.id} ${f.subject}`)).toContain(`builder.restart-loop ${BUILDER}`);
    expect(
      h.actions.filter((a) => a.target === BUILDER).map((a) => `${a.action} ${a.ok}`),
      seen,
    ).toEqual(['builder.keep true']);
    expect(h.notes).toContain(
      `builder ${BUILDER}: kept by clean (a build is in progress there, or it runs again since diagnose), left as it is (not recreated)`,
    );
    expect(h.status, seen).toBe('repaired');
    expect((h.findingsAfter ?? []).filter((f) => f.subject === BUILDER && f.severity !== 'info')).toEqual([]);
  }, 600_000);
});
