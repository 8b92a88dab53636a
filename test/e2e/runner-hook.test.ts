import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readReportFile } from '../../src/report/merge.js';
import type { Sandbox } from '../support/env.js';
import { sandbox } from '../support/env.js';

// scripts/runner-hook.sh started the way the Actions runner starts ACTIONS_RUNNER_HOOK_JOB_STARTED:
// `bash -e <absolute path>`, non-interactive (no terminal, stdin closed), in the job's workspace,
// with the variables the runner sets and little else (a runner service has a bare environment).
// The CLI it runs is the real bundle, dist/cli/index.js, found beside the script as installed;
// the daemon is the test environment's real dockerd.

const root = join(import.meta.dirname, '../..');
const hook = join(root, 'scripts/runner-hook.sh');
// BKH_CLI tests another build of the bundle (as scripts/capture-reports.sh does); without it the
// hook finds dist/cli/index.js itself, as on an installed runner.
const cliBundle = process.env.BKH_CLI ?? join(root, 'dist/cli/index.js');
const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  t: string,
) => { name: string; metrics: { value: string; labels?: Record<string, string> }[] }[];

interface HookRun {
  status: number | null;
  out: string;
  report: string;
  metrics: string;
}

let boxes: Sandbox[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const b of boxes) b.cleanup();
  boxes = [];
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});

function box(): Sandbox {
  const b = sandbox('bkh-hook-');
  mkdirSync(b.dockerConfig, { recursive: true });
  boxes.push(b);
  return b;
}

function runHook(b: Sandbox, extra: Record<string, string> = {}, timeoutMs = 300_000): HookRun {
  const runnerTemp = join(b.dir, 'runner/_work/_temp');
  const workspace = join(b.dir, 'runner/_work/app/app');
  mkdirSync(runnerTemp, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  const event = join(runnerTemp, '_github_workflow/event.json');
  mkdirSync(dirname(event), { recursive: true });
  writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main' }));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: b.home,
    DOCKER_CONFIG: b.dockerConfig,
    DOCKER_HOST: process.env.DOCKER_HOST ?? '',
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_NAME: 'test-runner-1',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: runnerTemp,
    RUNNER_WORKSPACE: dirname(workspace),
    GITHUB_WORKSPACE: workspace,
    GITHUB_JOB: 'build',
    GITHUB_RUN_ID: '4242',
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_ENV: join(runnerTemp, '_runner_file_commands/set_env'),
    GITHUB_PATH: join(runnerTemp, '_runner_file_commands/add_path'),
    ...(process.env.BKH_CLI ? { BUILDKIT_HEALER_CLI: process.env.BKH_CLI } : {}),
    ...extra,
  };
  const r = spawnSync('bash', ['-e', hook], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (r.error) throw r.error;
  return {
    status: r.status,
    out: `${r.stdout}${r.stderr}`,
    report: env.BUILDKIT_HEALER_REPORT ?? join(runnerTemp, 'buildkit-healer-report.json'),
    metrics: env.BUILDKIT_HEALER_METRICS ?? '',
  };
}

function metricValue(file: string, name: string, labels: Record<string, string>): number {
  const fam = parsePrometheus(readFileSync(file, 'utf8')).find((f) => f.name === name);
  const s = fam?.metrics.find((m) => JSON.stringify(m.labels ?? {}) === JSON.stringify(labels));
  if (!s) throw new Error(`no ${name}${JSON.stringify(labels)} in ${file}`);
  return Number(s.value);
}

/** A builder instance file that is not JSON: every `docker buildx ls` fails (a real fault). */
function corruptInstance(b: Sandbox): void {
  mkdirSync(join(b.dockerConfig, 'buildx/instances'), { recursive: true });
  writeFileSync(join(b.dockerConfig, 'buildx/instances/broken'), 'garbage{');
}

function cliHas(command: string): boolean {
  const r = spawnSync(process.execPath, [cliBundle, command, '--help'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0;
}

describe('scripts/runner-hook.sh as ACTIONS_RUNNER_HOOK_JOB_STARTED', () => {
  beforeAll(() => {
    expect(existsSync(cliBundle), 'dist/cli/index.js must be built (npm run build)').toBe(true);
  });

  it('check on a healthy daemon: exit 0, the JSON report and the metrics textfile', async () => {
    const b = box();
    const metrics = join(b.dir, 'textfile_collector/buildkit_healer.prom');
    const r = runHook(b, { BUILDKIT_HEALER_MODE: 'check', BUILDKIT_HEALER_METRICS: metrics });
    expect(r.out).toContain('buildkit-healer hook: running');
    // Installed layout: the hook found the bundle one folder above itself.
    if (!process.env.BKH_CLI) expect(r.out).toContain(` ${join(root, 'dist/cli/index.js')} check --json`);
    expect(r.status, r.out).toBe(0);
    const report = await readReportFile(r.report);
    expect(report.mode).toBe('check');
    expect(report.healthy).toBe(true);
    expect(report.builders.map((x) => x.name)).toContain('default');
    expect(metricValue(metrics, 'buildkit_healer_healthy', { mode: 'check' })).toBe(1);
    expect(metricValue(metrics, 'buildkit_healer_builder_healthy', { builder: 'default', driver: 'docker' })).toBe(1);
  });

  it('a broken runner fails the job with an ::error line; report-only warns and exits 0', async () => {
    const b = box();
    corruptInstance(b);
    const metrics = join(b.dir, 'm/buildkit_healer.prom');
    const failing = runHook(b, { BUILDKIT_HEALER_MODE: 'check', BUILDKIT_HEALER_METRICS: metrics });
    expect(failing.status, failing.out).not.toBe(0);
    expect(failing.out).toMatch(/^::error title=buildkit-healer::BuildKit on this runner is unhealthy/m);
    const report = await readReportFile(failing.report);
    expect(report.healthy).toBe(false);
    expect(report.findings.some((f) => f.severity === 'error')).toBe(true);
    expect(metricValue(metrics, 'buildkit_healer_healthy', { mode: 'check' })).toBe(0);

    const reportOnly = runHook(b, { BUILDKIT_HEALER_MODE: 'check', BUILDKIT_HEALER_REPORT_ONLY: 'true' });
    expect(reportOnly.status, reportOnly.out).toBe(0);
    expect(reportOnly.out).toMatch(
      /^::warning title=buildkit-healer::.*BUILDKIT_HEALER_REPORT_ONLY=true: the job runs anyway/m,
    );
    expect((await readReportFile(reportOnly.report)).healthy).toBe(false);
  });

  it('default mode auto heals the broken runner before the job', async () => {
    expect(cliHas('heal'), 'the CLI has a heal command').toBe(true);
    const b = box();
    corruptInstance(b);
    const r = runHook(b, { BUILDKIT_HEALER_ARGS: `--backup-dir ${join(b.dir, 'backups')}` });
    expect(r.status, r.out).toBe(0);
    const report = await readReportFile(r.report);
    expect(report.mode).toBe('auto');
    expect(report.status).toBe('repaired');
    expect(existsSync(join(b.dockerConfig, 'buildx/instances/broken'))).toBe(false);
  });

  it('a missing CLI: a clear failure, or a warning when report-only', () => {
    const b = box();
    const missing = runHook(b, { BUILDKIT_HEALER_CLI: '/nonexistent/buildkit-healer.js' });
    expect(missing.status).toBe(1);
    expect(missing.out).toContain('BUILDKIT_HEALER_CLI "/nonexistent/buildkit-healer.js" does not exist');
    const ro = runHook(b, {
      BUILDKIT_HEALER_CLI: '/nonexistent/buildkit-healer.js',
      BUILDKIT_HEALER_REPORT_ONLY: 'yes',
    });
    expect(ro.status).toBe(0);
    expect(ro.out).toMatch(/::warning .*does not exist/);
  });

  it.each([
    ['BUILDKIT_HEALER_REPORT_ONLY', 'maybe', /invalid BUILDKIT_HEALER_REPORT_ONLY "maybe": expected true or false/],
    [
      'BUILDKIT_HEALER_MODE',
      'bogus',
      /invalid BUILDKIT_HEALER_MODE "bogus": expected check, auto, repair or reinstall/,
    ],
    ['BUILDKIT_HEALER_TIMEOUT', '10s', /invalid BUILDKIT_HEALER_TIMEOUT "10s"/],
  ])('bad %s=%s stops before running anything', (name, value, message) => {
    const b = box();
    const r = runHook(b, { [name]: value });
    expect(r.status).toBe(2);
    expect(r.out).toMatch(message);
    expect(r.out).not.toContain('hook: running');
    expect(existsSync(r.report)).toBe(false);
  });

  it('a hung daemon: the run is stopped at BUILDKIT_HEALER_TIMEOUT (the job is not held)', async () => {
    const b = box();
    // A daemon socket that accepts connections and never answers.
    const sock = join(b.dir, 'hung.sock');
    const held: Socket[] = [];
    const server = createServer((c) => void held.push(c));
    servers.push(server);
    await new Promise<void>((r) => server.listen(sock, () => r()));
    const started = Date.now();
    const r = runHook(
      b,
      { BUILDKIT_HEALER_MODE: 'check', BUILDKIT_HEALER_TIMEOUT: '3', DOCKER_HOST: `unix://${sock}` },
      120_000,
    );
    for (const c of held) c.destroy();
    expect(r.status, r.out).toBe(124);
    expect(r.out).toContain('did not finish within 3s and was stopped');
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
