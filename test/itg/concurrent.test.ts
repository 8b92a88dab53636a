/**
 * Two heals at once on one daemon: two CLI processes (the bundle), each with its own HOME and
 * DOCKER_CONFIG, the same DOCKER_HOST. Both see a daemon-wide fault (a stopped orphan builder container)
 * and each has a fault of its own (an unreadable instance file). The lock serializes them: their
 * changing phases never overlap (the reports' phase timestamps), the second says it waited and
 * diagnosed again, and does only what was still needed (the orphan is removed once, by the first).
 * A lock left by a SIGKILLed heal is broken by the next one, which says whose it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sandbox, type Sandbox } from '../support/env.js';
import { LOCK_NAME } from '../../src/heal/lock.js';
import { succeeded } from '../../src/docker/runner.js';
import type { Report } from '../../src/core/report.js';
import { readReport, runCli } from '../support/fault-table.js';

const ORPHAN = 'buildx_buildkit_bkhconcorphan0';
let boxes: Sandbox[] = [];
afterEach(async () => {
  const s = boxes[0];
  if (s !== undefined) await s.docker.run(['rm', '-f', ORPHAN], { timeoutMs: 30_000, mutates: true });
  for (const b of boxes) b.cleanup();
  boxes = [];
});

const CHANGING = new Set(['backup', 'clean', 'reinstall', 'validate', 'rollback']);

/** From the first changing phase's start to the last one's end: the time the run held the lock. */
function changingSpan(r: Report): { from: number; to: number } | undefined {
  const ps = r.phases.filter((p) => CHANGING.has(p.phase) && p.skipped !== true);
  if (ps.length === 0) return undefined;
  for (const p of ps) expect(p.startedAt, `phase ${p.phase} has no timestamps`).toBeDefined();
  return {
    from: Math.min(...ps.map((p) => Date.parse(p.startedAt ?? ''))),
    to: Math.max(...ps.map((p) => Date.parse(p.finishedAt ?? ''))),
  };
}

function corruptInstance(s: Sandbox, name: string): string {
  const dir = join(s.dockerConfig, 'buildx', 'instances');
  mkdirSync(dir, { recursive: true });
  const p = join(dir, name);
  writeFileSync(p, 'garbage{not json');
  return p;
}

describe('concurrent heals on one daemon', () => {
  it('never run their changing phases at the same time; the second waits, re-diagnoses and does only what is left', async () => {
    const a = sandbox('bkh-conc-a-');
    const b = sandbox('bkh-conc-b-');
    boxes = [a, b];
    expect(
      succeeded(
        await a.docker.run(['run', '--name', ORPHAN, 'local/busybox-amd64:1', 'true'], {
          timeoutMs: 60_000,
          mutates: true,
        }),
      ),
    ).toBe(true);
    corruptInstance(a, 'broken-a');
    corruptInstance(b, 'broken-b');
    const args = (s: Sandbox) => [
      'heal',
      '--mode',
      'auto',
      '--report-path',
      join(s.dir, 'report.json'),
      '--daemon-json',
      join(s.dir, 'daemon.json'),
      '--lock-timeout',
      '300',
      '--fail-on',
      'warning',
      '--orphan-min-age',
      '0s',
      '--json',
    ];
    const [pa, pb] = await Promise.all([runCli(args(a), { env: a.env }), runCli(args(b), { env: b.env })]);
    const ra = readReport(join(a.dir, 'report.json'));
    const rb = readReport(join(b.dir, 'report.json'));
    const why = JSON.stringify(
      {
        a: { code: pa.code, err: pa.stderr, notes: ra.notes, phases: ra.phases, actions: ra.actions },
        b: { code: pb.code, err: pb.stderr, notes: rb.notes, phases: rb.phases, actions: rb.actions },
      },
      null,
      2,
    );
    expect(pa.code, why).toBe(0);
    expect(pb.code, why).toBe(0);
    expect(ra.status, why).toBe('repaired');
    expect(rb.status, why).toBe('repaired');

    // Exactly one of them waited for the other, said so, and diagnosed again.
    const waitedA = ra.notes.some((n) => /^waited \d+ s for another healer/.test(n));
    const waitedB = rb.notes.some((n) => /^waited \d+ s for another healer/.test(n));
    expect(waitedA !== waitedB, why).toBe(true);
    const [first, second, secondErr] = waitedA ? [rb, ra, pa.stderr] : [ra, rb, pb.stderr];
    expect(secondErr).toMatch(/waiting for another healer \(pid \d+/);
    expect(second.phases.filter((p) => p.phase === 'diagnose').length).toBeGreaterThanOrEqual(3); // quick, full, after the wait

    // Their changing phases never overlapped.
    const s1 = changingSpan(first);
    const s2 = changingSpan(second);
    expect(s1 && s2, why).toBeTruthy();
    if (s1 && s2)
      expect(s1.to <= s2.from || s2.to <= s1.from, `${JSON.stringify(s1)} vs ${JSON.stringify(s2)}`).toBe(true);

    // The daemon-wide orphan was removed once, by the first; the second only repaired its own file.
    const removesOrphan = (r: Report) =>
      r.actions.filter((x) => x.target === ORPHAN && x.ok && x.dryRun !== true).length;
    expect(removesOrphan(first), why).toBe(1);
    expect(removesOrphan(second), why).toBe(0);
    expect(
      second.actions.some((x) => x.target.includes('broken-') && x.ok),
      why,
    ).toBe(true);
    expect(succeeded(await a.docker.run(['container', 'inspect', ORPHAN], { timeoutMs: 20_000 }))).toBe(false);
    expect(succeeded(await a.docker.run(['container', 'inspect', LOCK_NAME], { timeoutMs: 20_000 }))).toBe(false);
  }, 300_000);

  it('a lock left by a SIGKILLed heal is broken by the next one and reported', async () => {
    const a = sandbox('bkh-conc-k-');
    const b = sandbox('bkh-conc-l-');
    boxes = [a, b];
    corruptInstance(a, 'broken-a');
    corruptInstance(b, 'broken-b');
    const killed = await runCli(['heal', '--mode', 'auto', '--daemon-json', join(a.dir, 'daemon.json')], {
      env: a.env,
      killAt: { phase: 'backup', signal: 'SIGKILL' },
    });
    expect(killed.signal).toBe('SIGKILL');
    const held = await a.docker.run(['container', 'inspect', '--format', '{{json .Config.Labels}}', LOCK_NAME], {
      timeoutMs: 20_000,
    });
    expect(succeeded(held), 'the killed run left its lock').toBe(true);
    const pid = (JSON.parse(held.stdout) as Record<string, string>)['io.buildkit-healer.lock.pid'];
    const next = await runCli(
      [
        'heal',
        '--mode',
        'auto',
        '--report-path',
        join(b.dir, 'report.json'),
        '--daemon-json',
        join(b.dir, 'daemon.json'),
        '--lock-timeout',
        '30',
      ],
      { env: b.env },
    );
    const r = readReport(join(b.dir, 'report.json'));
    expect(next.code, next.stderr).toBe(0);
    expect(
      r.notes.find((n) => n.startsWith('broke a stale healer lock')),
      JSON.stringify(r.notes),
    ).toContain(`pid ${pid ?? '?'}`);
    expect(r.notes.find((n) => n.startsWith('broke a stale healer lock'))).toContain('is gone');
    expect(next.stderr).toContain('breaking a stale healer lock');
    expect(succeeded(await a.docker.run(['container', 'inspect', LOCK_NAME], { timeoutMs: 20_000 }))).toBe(false);
  }, 300_000);
});
