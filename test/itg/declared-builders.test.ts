/**
 * Builders the `builders` input declares, on the real daemon with the real buildx, through the
 * bundled CLI as a user runs it: the heal's verdict (and its exit status) is what a fresh `check`
 * with the same `builders` says, and a declared builder that cannot start never takes the place of
 * the builder that was in use before the heal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { sandbox, type Sandbox } from '../support/env.js';
import type { Report } from '../../src/core/report.js';
import { succeeded } from '../../src/docker/runner.js';

const CLI = resolve('dist/cli/index.js');
const PREV = 'bkh-decl-prev';
let sb: Sandbox | undefined;
const builders: string[] = [];

afterEach(async () => {
  const s = sb;
  if (s === undefined) return;
  for (const b of builders.splice(0)) {
    await s.docker.buildx(['rm', '-f', b], { timeoutMs: 120_000, mutates: true });
    await s.docker.run(['rm', '-f', `buildx_buildkit_${b}0`], { timeoutMs: 60_000, mutates: true });
    await s.docker.run(['volume', 'rm', '-f', `buildx_buildkit_${b}0_state`], { timeoutMs: 60_000, mutates: true });
  }
  s.cleanup();
  sb = undefined;
});

function cli(s: Sandbox, args: string[]): { status: number | null; report: Report; stderr: string } {
  const extra = args[0] === 'heal' ? ['--backup-dir', join(s.dir, 'backups')] : [];
  const r = spawnSync(process.execPath, [CLI, ...args, '--json', ...extra], {
    env: s.env,
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 16 * 1024 ** 2,
  });
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON report from ${args.join(' ')} (exit ${String(r.status)}):\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, report, stderr: r.stderr };
}

const acts = (r: Report) => r.actions.map((a) => `${a.action} ${a.target} ${a.ok}`);
const seen = (r: Report) =>
  JSON.stringify({
    error: r.error,
    actions: r.actions.map((a) => [a.action, a.target, a.ok, a.detail]),
    findings: r.findings.map((f) => [f.id, f.subject]),
    notes: r.notes,
  });

/** A docker-container builder (the BuildKit image loaded in the test daemon), put in use: the builder in use before the heal. */
async function builderInUse(s: Sandbox, name: string): Promise<void> {
  builders.push(name);
  const c = await s.docker.buildx(['create', '--name', name, '--driver', 'docker-container', '--use'], {
    timeoutMs: 120_000,
    mutates: true,
  });
  expect(succeeded(c), c.stderr).toBe(true);
}

/** A tiny build on the builder in use (FROM scratch: nothing is pulled). */
async function buildInUse(s: Sandbox): Promise<{ ok: boolean; stderr: string }> {
  const ctx = join(s.dir, 'bctx');
  mkdirSync(ctx, { recursive: true });
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY x /x\n');
  writeFileSync(join(ctx, 'x'), 'hi\n');
  const r = await s.docker.buildx(['build', '--output', `type=local,dest=${join(s.dir, 'bout')}`, ctx], {
    timeoutMs: 300_000,
    mutates: true,
  });
  return { ok: succeeded(r), stderr: r.stderr };
}

describe('a declared builder with use: true that does not bootstrap', () => {
  it('reinstall creates it, its bootstrap fails: the builder in use before the heal stays in use (not default), the heal fails and says so, a build works there', async () => {
    const s = sandbox('bkh-decl-');
    sb = s;
    await builderInUse(s, PREV);
    builders.push('bkh-decl-noboot');
    // The reinstall removes every container builder and creates the declared ones: the one in use
    // before (declared too), and one whose BuildKit image is on a closed loopback port (created, it
    // cannot start).
    const declared = [
      `- name: ${PREV}\n  driver: docker-container`,
      '- name: bkh-decl-noboot\n  driver: docker-container\n  driver-opts:\n    image: 127.0.0.1:1/bkh/absent-buildkit:1\n  use: true',
    ].join('\n');
    const heal = cli(s, ['heal', '--mode', 'reinstall', '--validate=false', '--builders', declared]);
    expect(acts(heal.report), seen(heal.report)).toEqual(
      expect.arrayContaining([
        `builder.create ${PREV} true`,
        'builder.create bkh-decl-noboot true',
        'builder.bootstrap bkh-decl-noboot false',
        `builder.use ${PREV} true`,
      ]),
    );
    expect(acts(heal.report).filter((a) => a.startsWith('builder.use '))).toEqual([`builder.use ${PREV} true`]);
    expect(heal.report.notes).toContain(
      `builder bkh-decl-noboot did not bootstrap: not put in use; ${PREV}, the builder in use before the heal, is used instead`,
    );
    expect(heal.report.status).toBe('failed');
    expect(heal.status).toBe(1);
    expect(heal.report.error).toMatch(/builder\.bootstrap bkh-decl-noboot/);

    const after = cli(s, ['check']);
    expect(after.report.currentBuilder).toBe(PREV);
    const b = await buildInUse(s);
    expect(b.ok, b.stderr).toBe(true);
  }, 600_000);
});

describe('a declared builder that is not there (builder.declared-missing)', () => {
  it('check names it; auto creates it as declared (repaired); a fresh check with the same builders agrees', async () => {
    const s = sandbox('bkh-decl2-');
    sb = s;
    builders.push('bkh-decl-new');
    const declared = '- name: bkh-decl-new\n  driver: docker-container';
    const before = cli(s, ['check', '--builders', declared]);
    expect(before.report.findings.filter((f) => f.id === 'builder.declared-missing').map((f) => f.subject)).toEqual([
      'bkh-decl-new',
    ]);
    expect(before.status).toBe(1);

    const heal = cli(s, ['heal', '--mode', 'auto', '--validate=false', '--builders', declared]);
    expect(heal.report.status, seen(heal.report)).toBe('repaired');
    expect(heal.status).toBe(0);
    expect(acts(heal.report)).toContain('builder.create bkh-decl-new true');

    const after = cli(s, ['check', '--builders', declared]);
    expect(after.report.findings.map((f) => f.id)).not.toContain('builder.declared-missing');
    expect(after.report.builders.map((b) => b.name)).toContain('bkh-decl-new');
    expect([after.report.status, after.status]).toEqual(['healthy', 0]);
  }, 600_000);

  it('one that cannot be created (buildx refuses its driver option): the heal fails, its error names the builder and why; a fresh check agrees', async () => {
    const s = sandbox('bkh-decl3-');
    sb = s;
    builders.push('bkh-decl-bad');
    const declared = '- name: bkh-decl-bad\n  driver: docker-container\n  driver-opts:\n    bogus: "1"';
    const heal = cli(s, ['heal', '--mode', 'auto', '--validate=false', '--builders', declared]);
    expect(acts(heal.report), seen(heal.report)).toContain('builder.create bkh-decl-bad false');
    expect([heal.report.status, heal.status]).toEqual(['failed', 1]);
    expect(heal.report.error).toContain('declared builder(s) not there: bkh-decl-bad (create failed: ');
    expect(heal.report.error).toMatch(/invalid driver option bogus/);

    const after = cli(s, ['check', '--builders', declared]);
    expect(after.report.findings.filter((f) => f.id === 'builder.declared-missing').map((f) => f.subject)).toEqual([
      'bkh-decl-bad',
    ]);
    expect(after.status).toBe(1);
  }, 600_000);
});
