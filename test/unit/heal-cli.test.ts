import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HealPhases } from '../../src/heal/heal.js';
import type { Finding } from '../../src/core/types.js';
import type { DiagnoseResult } from '../../src/phases/diagnose.js';
import { healCommand } from '../../src/cli/commands/heal.js';
import type { CliHost } from '../../src/cli/context.js';
import type { CommandIO } from '../../src/cli/commands/report.js';
import { FakeRunner } from '../support/fake-runner.js';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (t: string) => {
        out.stdout += t;
      },
      stderr: (t: string) => {
        out.stderr += t;
      },
      cwd: tmpdir(),
    },
  };
}

const diagnosis = (findings: Finding[]): DiagnoseResult => ({
  facts: { inspects: {}, builders: [], instanceFiles: [], buildkitdTomls: [], orphans: [] },
  findings,
  builders: [{ name: 'default', driver: 'docker', current: true, status: 'running', nodes: [] }],
  currentBuilder: 'default',
  crashed: [],
  durationMs: 1,
});

function phases(d: DiagnoseResult): HealPhases {
  const never = () => {
    throw new Error('not expected in this test');
  };
  return { diagnose: async () => d, backup: never, validate: never, rollback: never };
}

function host(d: DiagnoseResult, runner = new FakeRunner()) {
  const dir = mkdtempSync(join(tmpdir(), 'bkh-cli-'));
  const env = { HOME: dir, DOCKER_CONFIG: join(dir, '.docker') };
  const host = {
    env,
    runner,
    now: () => new Date(0),
    version: 't',
    stdoutIsTTY: false,
    stderrIsTTY: false,
    healPhases: phases(d),
  };
  return { dir, env, host };
}

/** The CLI host of one run: the test's streams over the host above. */
const cli = (i: CommandIO, h: Omit<CliHost, keyof CommandIO>): CliHost => ({ ...i, ...h });

describe('buildkit-healer heal (CLI command)', () => {
  it('bad usage exits 2 naming the flag and the accepted values, before anything runs', async () => {
    const h = host(diagnosis([]));
    const { out, io: i } = io();
    expect(await healCommand.run(['--mode', 'check'], cli(i, h.host))).toBe(2);
    expect(out.stderr).toMatch(/--mode "check".*auto, repair, reinstall/);
    expect(await healCommand.run(['--bogus'], cli(i, h.host))).toBe(2);
    expect(out.stderr).toMatch(/Invalid option "--bogus"/);
    expect(await healCommand.run(['--mode', 'auto', '--lock-timeout', 'soon'], cli(i, h.host))).toBe(2);
  });

  it('--help prints the modes and the options', async () => {
    const { out, io: i } = io();
    expect(await healCommand.run(['--help'], cli(i, host(diagnosis([])).host))).toBe(0);
    expect(out.stdout).toMatch(/--mode auto\|repair\|reinstall/);
    expect(out.stdout).toMatch(/--dry-run/);
  });

  it('a healthy host: exit 0, the text report, the JSON report written where asked', async () => {
    const h = host(diagnosis([]));
    const { out, io: i } = io();
    const reportPath = join(h.dir, 'r', 'report.json');
    expect(await healCommand.run(['--report-path', reportPath], cli(i, h.host))).toBe(0);
    expect(out.stdout).toMatch(/buildkit-healer auto: HEALTHY/);
    expect(JSON.parse(readFileSync(reportPath, 'utf8'))).toMatchObject({ mode: 'auto', status: 'healthy' });
  });

  it('--dry-run prints the exact commands it would run and changes nothing', async () => {
    const h = host(diagnosis([]));
    const bad = join(h.dir, 'bad-instance');
    writeFileSync(bad, 'garbage');
    const f: Finding = {
      id: 'state.invalid-instance',
      severity: 'error',
      subject: bad,
      message: 'x',
      evidence: [],
      repair: { action: 'state.remove-file', description: 'rm', target: bad, automatic: true },
    };
    const hh = host(diagnosis([f]));
    const { out, io: i } = io();
    const code = await healCommand.run(['--mode', 'repair', '--dry-run', '--json'], cli(i, hh.host));
    expect(code).toBe(1); // still broken: nothing was changed
    expect(existsSync(bad)).toBe(true);
    expect(out.stderr).toContain(`dry-run: would run\n  rm -f ${bad}`);
    const report = JSON.parse(out.stdout) as { dryRun: boolean; actions: { dryRun?: boolean }[] };
    expect(report.dryRun).toBe(true);
    expect(report.actions.every((a) => a.dryRun)).toBe(true);
  });
});
