/**
 * Interrupted heals: a real `heal --mode reinstall` (the CLI bundle, its own process) is killed
 * with SIGTERM or SIGKILL as soon as its stderr announces backup, clean, reinstall or validate.
 * The next run (another mode each time) must see the journal and say so, break the dead run's
 * lock, restore the backup the journal points to when the killed run had started changing things,
 * and end healthy; the builder definitions the backup held (instance files and `current`) must
 * be back byte for byte as the bundle has them, and the journal and the lock must be gone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandbox, type Sandbox } from '../support/env.js';
import { readBundle, readEntry } from '../../src/bundle/bundle.js';
import { LOCK_NAME } from '../../src/heal/lock.js';
import { readJournal, journalPath } from '../../src/heal/journal.js';
import { succeeded } from '../../src/docker/runner.js';
import { readReport, runCli, sha256 } from '../support/fault-table.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  if (sb !== undefined) {
    await sb.docker.buildx(['rm', '-f', 'bkhkeep'], { timeoutMs: 120_000, mutates: true });
    await sb.docker.run(['rm', '-f', 'buildx_buildkit_bkhkeep0'], { timeoutMs: 30_000, mutates: true });
    await sb.docker.run(['volume', 'rm', '-f', 'buildx_buildkit_bkhkeep0_state'], { timeoutMs: 30_000, mutates: true });
    sb.cleanup();
  }
  sb = undefined;
});

const PHASES = ['backup', 'clean', 'reinstall', 'validate'] as const;
const SIGNALS = ['SIGTERM', 'SIGKILL'] as const;
const NEXT_MODES = ['auto', 'repair', 'reinstall'] as const;

function cases(): {
  phase: (typeof PHASES)[number];
  signal: (typeof SIGNALS)[number];
  next: (typeof NEXT_MODES)[number];
}[] {
  const out = [];
  let i = 0;
  for (const phase of PHASES)
    for (const signal of SIGNALS) out.push({ phase, signal, next: NEXT_MODES[i++ % NEXT_MODES.length] ?? 'auto' });
  return out;
}

async function lockExists(s: Sandbox): Promise<boolean> {
  return succeeded(await s.docker.run(['container', 'inspect', LOCK_NAME], { timeoutMs: 20_000 }));
}

describe('a heal killed mid-way', () => {
  for (const c of cases()) {
    it(`${c.signal} during ${c.phase}; the next run (${c.next}) finishes or restores, nothing lost`, async () => {
      const s = (sb = sandbox('bkh-kill-'));
      // A builder of this user's that reinstall removes and recreates (inactive: its image is on a
      // closed loopback port, so it never boots and the heal never pulls anything).
      expect(
        succeeded(
          await s.docker.buildx(
            [
              'create',
              '--name',
              'bkhkeep',
              '--driver',
              'docker-container',
              '--driver-opt',
              'image=127.0.0.1:1/bkh/keep:1',
            ],
            { timeoutMs: 60_000, mutates: true },
          ),
        ),
      ).toBe(true);
      const instance = join(s.dockerConfig, 'buildx', 'instances', 'bkhkeep');
      const before = readFileSync(instance);
      const common = ['--daemon-json', join(s.dir, 'daemon.json'), '--lock-timeout', '120'];

      const killed = await runCli(
        ['heal', '--mode', 'reinstall', '--report-path', join(s.dir, 'killed.json'), ...common],
        { env: s.env, killAt: { phase: c.phase, signal: c.signal } },
      );
      expect(killed.killedAt, killed.stderr).toBe(`==> ${c.phase}`);
      expect(killed.signal).toBe(c.signal);
      const journal = await readJournal(journalPath(join(s.home, '.buildkit-healer', 'backups')));
      expect(journal?.phase, `journal after the kill: ${JSON.stringify(journal)}`).toBe(c.phase);
      const lockLeft = await lockExists(s);

      // A reinstall validates every builder, and this one can never boot here: that would fail
      // whatever the kill did, so the follow-up reinstall skips validation.
      const nextArgs = c.next === 'reinstall' ? ['--no-validate'] : [];
      const next = await runCli(
        ['heal', '--mode', c.next, '--report-path', join(s.dir, 'next.json'), ...common, ...nextArgs],
        { env: s.env },
      );
      const r = readReport(join(s.dir, 'next.json'));
      const why = `next run exit ${String(next.code)}\n${next.stderr}\n${JSON.stringify({ notes: r.notes, error: r.error, actions: r.actions }, null, 2)}`;
      expect(next.code, why).toBe(0);
      expect(['healthy', 'repaired']).toContain(r.status);
      // It saw the journal and said so, with the phase the kill hit.
      expect(
        r.notes.some((n) => n.includes('interrupted during ' + c.phase)),
        why,
      ).toBe(true);
      expect(next.stderr).toContain('was interrupted during');
      // A lock left by the dead run was broken, and said so.
      if (lockLeft)
        expect(
          r.notes.some((n) => n.startsWith('broke a stale healer lock') && n.includes(`pid ${journal?.pid ?? -1}`)),
          why,
        ).toBe(true);
      expect(await lockExists(s)).toBe(false);
      expect(existsSync(journalPath(join(s.home, '.buildkit-healer', 'backups')))).toBe(false);

      if (journal?.backupName !== undefined && c.phase !== 'backup') {
        // The killed run had changed things: its backup is restored before anything else.
        expect(
          r.actions.some((a) => a.action === 'rollback' && a.target === journal.backupName && a.ok),
          why,
        ).toBe(true);
        expect(
          r.notes.some((n) => n.includes(`restored the interrupted heal's backup ${journal.backupName}`)),
          why,
        ).toBe(true);
        const bundle = await readBundle(join(s.home, '.buildkit-healer', 'backups', `${journal.backupName}.tar.gz`));
        const defs = bundle.manifest.files.filter((f) => f.kind === 'instance' || f.kind === 'current');
        expect(defs.some((f) => f.path === instance)).toBe(true);
        for (const f of defs) {
          // The builder definitions are back as the bundle holds them, byte for byte.
          expect(existsSync(f.path), `${f.path} lost`).toBe(true);
          expect(sha256(readFileSync(f.path)), f.path).toBe(f.sha256);
          expect(sha256(await readEntry(bundle, f.entry))).toBe(f.sha256);
        }
        // Every other backed-up state file (activity stamps buildx rewrites on use) still exists.
        for (const f of bundle.manifest.files.filter((x) => x.kind === 'activity'))
          expect(existsSync(f.path), `${f.path} lost`).toBe(true);
      } else {
        // Killed before anything changed: nothing to restore, the builder's definition untouched
        // unless this run's own mode rebuilt it (reinstall recreates it from the same spec).
        expect(r.actions.some((a) => a.action === 'rollback')).toBe(false);
        if (c.next !== 'reinstall') expect(readFileSync(instance).equals(before)).toBe(true);
      }
      // The user's builder is there and buildx reads it.
      const ls = await s.docker.buildx(['inspect', 'bkhkeep'], { timeoutMs: 30_000 });
      expect(ls.stdout, ls.stderr).toContain('bkhkeep');
    }, 240_000);
  }
});
