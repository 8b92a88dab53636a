/**
 * Two clients on one daemon, each with a real docker-container builder (the real BuildKit image):
 * a heal of one client never touches the other's builder, running or stopped with `buildx stop`;
 * its container and its state volume stay, and its cache serves its next build (the first build's
 * fresh token comes back, every step cached).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import { realBuilderWithTokenBuild } from '../support/real-builder.js';
import { removeRealBuilder } from '../support/faults.js';
import { defaultOptions } from '../../src/core/options.js';
import { heal } from '../../src/heal/heal.js';
import { succeeded } from '../../src/docker/runner.js';

let cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

describe("another client's real builder during this client's reinstall", () => {
  it.each(['running', 'stopped'] as const)(
    'its builder %s: container and state volume untouched, its next build is fully cached with the same token',
    async (state) => {
      const mine = sandbox('bkh-rn-a-');
      const theirs = sandbox('bkh-rn-b-');
      const nb = `bkhrnb${state}`;
      const own = `bkhrna${state}`;
      cleanup.push(async () => {
        await removeRealBuilder(theirs, nb);
        theirs.cleanup();
      });
      cleanup.push(async () => {
        await removeRealBuilder(mine, own);
        mine.cleanup();
      });
      const neighbour = await realBuilderWithTokenBuild(theirs, nb);
      const first = await neighbour.build();
      if (state === 'stopped')
        expect(succeeded(await theirs.docker.buildx(['stop', nb], { timeoutMs: 120_000, mutates: true }))).toBe(true);
      const container = `buildx_buildkit_${nb}0`;
      const volume = `${container}_state`;
      const idOf = async () =>
        (
          await mine.docker.run(['container', 'inspect', '--format', '{{.Id}} {{.State.Running}}', container], {
            timeoutMs: 30_000,
          })
        ).stdout.trim();
      const before = await idOf();
      expect(before).toMatch(state === 'running' ? / true$/ : / false$/);
      // This client has a real builder of its own, which the reinstall removes and re-creates.
      await realBuilderWithTokenBuild(mine, own);

      const o = defaultOptions(mine.env);
      o.mode = 'reinstall';
      o.backup.store = 'local';
      o.backup.dir = join(mine.dir, 'backups');
      o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(mine.dir, 'daemon.json')] };
      o.validate.enabled = false;
      const r = await heal(testDeps(mine), o);
      expect(r.error).toBeUndefined();
      expect(r.status).toBe('repaired');
      expect(r.actions.map((a) => `${a.action} ${a.target} ${a.ok}`)).toContain(`builder.remove ${own} true`);
      const touched = r.actions.map((a) => `${a.target} ${a.command ?? ''}`).join('\n');
      expect(touched).not.toContain(container);
      expect(touched).not.toContain(volume);
      expect(await idOf()).toBe(before);
      const v = await mine.docker.run(['volume', 'inspect', volume], { timeoutMs: 30_000 });
      expect(succeeded(v)).toBe(true);

      const again = await neighbour.build();
      expect(again.token).toBe(first.token);
      expect(again.cachedSteps).toBe(again.totalSteps);
    },
    600_000,
  );
});
