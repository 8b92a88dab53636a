/**
 * A real docker-container builder created with a buildkitd.toml that buildx accepts and BuildKit
 * rejects at start (every worker turned off: buildkitd exits, finding no worker): its container
 * restarts in a loop, and created again from the same definition it would loop again. The heal
 * says so plainly instead of re-creating the loop: builder.restart-loop with the cause from the
 * container's own log, the definition's buildkitd.toml as evidence, no repair, advice that names
 * the file and how to create the builder again; repair and reinstall leave the builder (its
 * container and its state volume) alone and the heal fails with that finding left.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import { removeRealBuilder } from '../support/faults.js';
import { defaultOptions } from '../../src/core/options.js';
import { heal } from '../../src/heal/heal.js';
import { succeeded } from '../../src/docker/runner.js';

const BUILDER = 'bkhrejected';
const CONTAINER = `buildx_buildkit_${BUILDER}0`;
const VOLUME = `${CONTAINER}_state`;
const REJECTED = '[worker.oci]\n  enabled = false\n[worker.containerd]\n  enabled = false\n';
let sb: Sandbox | undefined;

afterEach(async () => {
  if (sb === undefined) return;
  await removeRealBuilder(sb, BUILDER);
  sb.cleanup();
  sb = undefined;
});

async function loopingBuilder(s: Sandbox): Promise<void> {
  const toml = join(s.dir, 'buildkitd.toml');
  writeFileSync(toml, REJECTED);
  const create = await s.docker.buildx(
    ['create', '--name', BUILDER, '--driver', 'docker-container', '--buildkitd-config', toml],
    { timeoutMs: 120_000, mutates: true },
  );
  expect(create.exitCode, create.stderr).toBe(0);
  // The first start fails (buildx gives up waiting); the restart policy keeps starting it.
  const boot = await s.docker.buildx(['inspect', '--bootstrap', BUILDER], { timeoutMs: 180_000, mutates: true });
  expect(succeeded(boot)).toBe(false);
  const end = Date.now() + 60_000;
  for (;;) {
    const st = await s.docker.run(['inspect', '-f', '{{.State.Status}}', CONTAINER], { timeoutMs: 20_000 });
    if (st.stdout.trim() === 'restarting') return;
    if (Date.now() > end) throw new Error(`${CONTAINER} never restarting`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('a real builder whose own buildkitd.toml BuildKit rejects', () => {
  it.each(['repair', 'reinstall'] as const)(
    'heal --mode %s says its definition loops, with the cause from its log, and does not re-create it',
    async (mode) => {
      const s = sandbox('bkh-rejected-');
      sb = s;
      await loopingBuilder(s);
      const idOf = async () =>
        (
          await s.docker.run(['container', 'inspect', '--format', '{{.Id}}', CONTAINER], { timeoutMs: 20_000 })
        ).stdout.trim();
      const before = await idOf();
      expect(before).not.toBe('');

      const o = defaultOptions(s.env);
      o.mode = mode;
      o.backup.store = 'local';
      o.backup.dir = join(s.home, 'backups');
      o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')] };
      o.validate.enabled = false;
      const h = await heal(testDeps(s), o);

      const f = h.findings.find((x) => x.id === 'builder.restart-loop' && x.subject === BUILDER);
      expect(f?.severity).toBe('error');
      // The cause, from the container's own log.
      expect(f?.message).toMatch(/no worker found/i);
      expect(f?.evidence.some((e) => e.kind === 'command' && e.argv.includes('logs'))).toBe(true);
      // The definition's buildkitd.toml is named and shown; no repair; how to fix it is said.
      const instance = join(s.dockerConfig, 'buildx', 'instances', BUILDER);
      expect(f?.message).toContain(`BuildKit rejects the buildkitd.toml builder ${BUILDER} was created with`);
      expect(f?.message).toContain(instance);
      expect(f?.evidence).toContainEqual({
        kind: 'file',
        path: instance,
        content: expect.stringContaining('enabled = false') as unknown as string,
      });
      expect(f?.repair).toBeUndefined();
      expect(f?.advice).toContain(`docker buildx rm --keep-state ${BUILDER}`);
      expect(f?.advice).toContain('--buildkitd-config <fixed buildkitd.toml>');

      // Not re-created: a failed heal with the finding left, the builder's container and volume kept.
      expect(h.status).toBe('failed');
      expect(h.error).toMatch(/builder\.restart-loop/);
      // The error itself says what to fix and how.
      expect(h.error).toContain(`no automatic repair for: builder.restart-loop (${BUILDER}): Fix that buildkitd.toml`);
      // (repair has nothing to run: the heal ends after diagnose, its findings are the ones left)
      expect((h.findingsAfter ?? h.findings).map((x) => [x.id, x.subject])).toContainEqual([
        'builder.restart-loop',
        BUILDER,
      ]);
      const mine = h.actions.filter((a) => a.target === BUILDER);
      expect(mine.filter((a) => a.action !== 'builder.keep')).toEqual([]);
      if (mode === 'reinstall') expect(mine.map((a) => [a.action, a.ok])).toEqual([['builder.keep', true]]);
      expect(await idOf()).toBe(before);
      const vol = await s.docker.run(['volume', 'inspect', VOLUME], { timeoutMs: 20_000 });
      expect(succeeded(vol)).toBe(true);
    },
    600_000,
  );
});
