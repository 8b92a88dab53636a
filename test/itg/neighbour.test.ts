/**
 * Neighbours on a shared daemon: another job (its own DOCKER_CONFIG, the same DOCKER_HOST) runs a
 * long build on the default builder (`RUN sleep`) while a real `heal --mode reinstall` (the CLI
 * bundle) runs with its daemon-wide cache prune. The neighbour's build must succeed and its
 * output must be complete; the neighbour's buildx state must be untouched by the heal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandbox, type Sandbox } from '../helpers/env.js';
import { readReport, runCli, treeHashes } from '../support/fault-table.js';

let boxes: Sandbox[] = [];
afterEach(() => {
  for (const b of boxes) b.cleanup();
  boxes = [];
});

describe('a neighbour building on the shared daemon', () => {
  it('keeps building through a reinstall heal (daemon-wide prune under the lock): its build succeeds', async () => {
    const neighbour = sandbox('bkh-nb-');
    const healer = sandbox('bkh-nb-heal-');
    boxes = [neighbour, healer];
    const ctx = join(neighbour.dir, 'ctx');
    mkdirSync(ctx, { recursive: true });
    const token = `nb-${Date.now()}`;
    writeFileSync(join(ctx, 'Dockerfile'), `FROM local/busybox-amd64:1\nRUN sleep 25 && echo ${token} > /done\n`);
    const out = join(neighbour.dir, 'out');
    // The neighbour's build, started first; the heal starts once the RUN step is under way.
    let buildDoneAt = 0;
    const build = neighbour.docker.buildx(['build', '--no-cache', '--progress', 'plain', '--output', `type=local,dest=${out}`, ctx], { timeoutMs: 300_000 })
      .then((x) => { buildDoneAt = Date.now(); return x; });
    await new Promise((r) => setTimeout(r, 6000));
    const neighbourState = treeHashes(join(neighbour.dockerConfig, 'buildx', 'instances'));
    const heal = await runCli(['heal', '--mode', 'reinstall', '--no-validate', '--report-path', join(healer.dir, 'r.json'), '--daemon-json', join(healer.dir, 'daemon.json')], { env: healer.env });
    const r = readReport(join(healer.dir, 'r.json'));
    const b = await build;
    expect(heal.code, heal.stderr).toBe(0);
    // The heal really pruned the daemon-wide cache while the build ran.
    expect(r.actions.some((a) => a.action === 'cache.prune' && a.ok), JSON.stringify(r.actions)).toBe(true);
    // ...and the neighbour's build was still running when the clean phase (with the prune) ended.
    const clean = r.phases.find((p) => p.phase === 'clean');
    expect(buildDoneAt).toBeGreaterThan(Date.parse(clean?.finishedAt ?? 'x'));
    expect(b.exitCode, b.stderr).toBe(0);
    expect(readFileSync(join(out, 'done'), 'utf8').trim()).toBe(token);
    expect(treeHashes(join(neighbour.dockerConfig, 'buildx', 'instances'))).toEqual(neighbourState);
  }, 300_000);
});
