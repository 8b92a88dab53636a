/**
 * The `bootstrap` option (action input, `--bootstrap` flag) reaches the full diagnose: check runs
 * `docker buildx inspect --bootstrap` on inactive builders only when asked, and heal asks for it in
 * its full diagnoses, never in auto's quick look. Over recorded buildx 0.13.1 output of a
 * docker-container builder whose image cannot be pulled.
 */
import { answeredFacts } from './answered.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as core from '@actions/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recorded } from '../fixtures/load.js';
import { FakeRunner, type Scripted } from '../support/fake-runner.js';
import { main } from '../../src/cli/main.js';
import type { CliHost } from '../../src/cli/context.js';
import { healCommand } from '../../src/cli/commands/heal.js';
import { readHealInputs } from '../../src/action/inputs.js';
import { runMode } from '../../src/action/run-heal.js';
import { parseOptions } from '../../src/core/parse-options.js';
import { heal, type HealPhases } from '../../src/heal/heal.js';
import { silentLogger, type Deps } from '../../src/docker/deps.js';
import type { Report } from '../../src/core/report.js';
import type { Finding } from '../../src/core/types.js';
import type { DiagnoseOptions } from '../../src/core/options.js';
import { diagnose, type DiagnoseResult } from '../../src/phases/diagnose.js';
import { Docker } from '../../src/docker/docker.js';
import { DryRunRunner, type RunOptions } from '../../src/docker/runner.js';
import type { CommandResult } from '../../src/core/types.js';

const B = 'buildx/0.13.1';
const V = 'docker/28.2.2/healthy';
const NAME = 'bkh-nobootstrap';
const BOOTSTRAP = `docker buildx inspect --bootstrap ${NAME}`;

function rec(id: string): Scripted {
  const r = recorded(id);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exit ?? 0 };
}

/**
 * The full diagnose of a host with `default` and an inactive docker-container builder, every
 * command from recorded output. The baseline build (argv with a temp dir in it) fails at once:
 * these tests look at the builder findings only.
 */
class Host extends FakeRunner {
  constructor() {
    super();
    this.on('docker version --format {{json .}}', rec(`${V}/version`))
      .on('docker info --format {{json .}}', rec(`${V}/info`))
      .on('docker buildx version', rec(`${B}/healthy/version`))
      .on('docker buildx ls --format json', rec(`${B}/container-no-bootstrap/ls-json`))
      .on('docker ps -a --filter name=buildx_buildkit_ --format {{json .}}', { stdout: '' })
      .on('docker volume ls --filter name=buildx_buildkit_ --format {{json .}}', { stdout: '' })
      .on('docker buildx inspect default', rec(`${B}/healthy/inspect-default`))
      .on(`docker buildx inspect ${NAME}`, rec(`${B}/container-no-bootstrap/inspect-bkh-nobootstrap`))
      .on('docker buildx du --verbose', rec(`${B}/builds/du-verbose`))
      .on(BOOTSTRAP, rec(`${B}/container-no-bootstrap/inspect-bootstrap`));
  }
  override async run(file: string, args: string[], opts: RunOptions): Promise<CommandResult> {
    if (args[0] === 'buildx' && args[1] === 'build') {
      return {
        argv: [file, ...args],
        exitCode: 1,
        signal: null,
        stdout: '',
        stderr: 'ERROR: no builds in this test\n',
        timedOut: false,
        durationMs: 1,
      };
    }
    return super.run(file, args, opts);
  }
  commands(): string[] {
    return this.calls.map((c) => c.argv.join(' '));
  }
}

let dir: string | undefined;
afterEach(() => {
  vi.unstubAllEnvs();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function sandboxEnv(): NodeJS.ProcessEnv {
  dir = mkdtempSync(join(tmpdir(), 'bkh-bootopt-'));
  return { HOME: dir, DOCKER_CONFIG: join(dir, '.docker') };
}

function cliHost(runner: FakeRunner, env: NodeJS.ProcessEnv): CliHost & { out: string; err: string } {
  const h = {
    out: '',
    err: '',
    cwd: dir ?? tmpdir(),
    env,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    version: 't',
    runner,
    stdout(t: string) {
      h.out += t;
    },
    stderr(t: string) {
      h.err += t;
    },
  };
  return h;
}

const builderFindings = (findings: Finding[]) =>
  findings.filter((f) => f.id.startsWith('builder.')).map((f) => `${f.id} ${f.subject} ${f.severity}`);

/** Sets INPUT_* as a runner does and reads them back with @actions/core's own getInput. */
function actionInputs(inputs: Record<string, string>): ReturnType<typeof readHealInputs> {
  for (const [k, v] of Object.entries(inputs)) vi.stubEnv(`INPUT_${k.toUpperCase()}`, v);
  return readHealInputs((n) => core.getInput(n));
}

describe('check: the bootstrap option reaches the full diagnose', () => {
  it('CLI check without --bootstrap: the builder is listed inactive, never bootstrapped, no finding', async () => {
    const env = sandboxEnv();
    const runner = new Host();
    const h = cliHost(runner, env);
    await main(['check', '--json', '--daemon-json', join(dir ?? '', 'daemon.json')], h);
    const report = JSON.parse(h.out) as Report;
    expect(runner.commands()).not.toContain(BOOTSTRAP);
    expect(runner.commands()).toContain(`docker buildx inspect ${NAME}`);
    expect(report.builders?.find((b) => b.name === NAME)?.status).toBe('inactive');
    expect(builderFindings(report.findings)).toEqual([]);
  });

  it('CLI check --bootstrap: inspect --bootstrap runs (a changing command, slow timeout) and the failure is the finding', async () => {
    const env = sandboxEnv();
    const runner = new Host();
    const h = cliHost(runner, env);
    const code = await main(['check', '--bootstrap', '--json', '--daemon-json', join(dir ?? '', 'daemon.json')], h);
    expect(code).toBe(1);
    const report = JSON.parse(h.out) as Report;
    const call = runner.calls.find((c) => c.argv.join(' ') === BOOTSTRAP);
    expect(call?.opts).toMatchObject({ mutates: true, timeoutMs: 180_000 });
    // Only the inactive builder is bootstrapped: `default` is running.
    expect(runner.commands().filter((c) => c.includes('--bootstrap'))).toEqual([BOOTSTRAP]);
    expect(builderFindings(report.findings)).toEqual([`builder.cannot-bootstrap ${NAME} error`]);
    const f = report.findings.find((x) => x.id === 'builder.cannot-bootstrap');
    expect(f?.message).toMatch(
      /^Builder bkh-nobootstrap cannot bootstrap: Error response from daemon: failed to resolve reference .*absent-buildkit/,
    );
    expect(f?.evidence).toEqual([
      expect.objectContaining({ kind: 'command', argv: BOOTSTRAP.split(' '), exitCode: 1 }),
    ]);
  });

  it('action mode check with INPUT_BOOTSTRAP=true (and not with the default false)', async () => {
    const env = sandboxEnv();
    const deps = (runner: FakeRunner): Deps => ({
      docker: new Docker(runner, { env }),
      env,
      log: silentLogger,
      now: () => new Date(),
      version: 't',
    });
    const on = new Host();
    const daemonJson = join(dir ?? '', 'daemon.json');
    const withIt = await runMode(
      deps(on),
      parseOptions(actionInputs({ mode: 'check', bootstrap: 'true', 'daemon-json': daemonJson }), {
        source: 'input',
        env,
      }),
    );
    expect(on.commands()).toContain(BOOTSTRAP);
    expect(builderFindings(withIt.findings)).toEqual([`builder.cannot-bootstrap ${NAME} error`]);

    const off = new Host();
    const without = await runMode(
      deps(off),
      parseOptions(actionInputs({ mode: 'check', bootstrap: 'false', 'daemon-json': daemonJson }), {
        source: 'input',
        env,
      }),
    );
    expect(off.commands()).not.toContain(BOOTSTRAP);
    expect(builderFindings(without.findings)).toEqual([]);
  });

  it('a dry-run runner only records the bootstrap: nothing ran, so nothing is judged', async () => {
    const env = sandboxEnv();
    const fake = new Host();
    const dry = new DryRunRunner(fake);
    const deps: Deps = {
      docker: new Docker(dry, { env }),
      env,
      log: silentLogger,
      now: () => new Date(),
      version: 't',
    };
    const opts: DiagnoseOptions = {
      minBuildxVersion: '0.10.0',
      cacheLimitBytes: 10e9,
      minFreeBytes: 1,
      daemonJsonPaths: [],
      buildkitdTomlPaths: [],
      baseline: false,
      bootstrap: true,
    };
    const d = await diagnose(deps, opts, 'full');
    expect(dry.recorded.map((a) => a.join(' '))).toEqual([BOOTSTRAP]);
    expect(fake.commands()).not.toContain(BOOTSTRAP);
    expect(d.facts.bootstraps).toEqual({});
    expect(builderFindings(d.findings)).toEqual([]);
  });
});

// ---- heal: full diagnoses get it, the quick look does not ----------------------------------

interface Seen {
  level: string;
  bootstrap: boolean | undefined;
}

const nothing = (findings: Finding[] = []): DiagnoseResult => ({
  facts: answeredFacts(),
  findings,
  builders: [{ name: 'default', driver: 'docker', current: true, status: 'running', nodes: [] }],
  currentBuilder: 'default',
  crashed: [],
  durationMs: 1,
});

/** A finding with no automatic repair: the heal diagnoses, finds nothing it may change, and stops. */
const manual: Finding = {
  id: 'disk.low',
  severity: 'error',
  subject: '/var/lib/docker',
  message: 'low',
  evidence: [],
  advice: 'free space',
};

function recording(seen: Seen[], findings: Finding[] = []): HealPhases {
  const never = () => {
    throw new Error('not expected in this test');
  };
  return {
    async diagnose(_d, opts, level) {
      seen.push({ level, bootstrap: opts.bootstrap });
      return nothing(findings);
    },
    backup: never,
    validate: never,
    rollback: never,
  };
}

function healHost(seen: Seen[], findings: Finding[] = []) {
  const env = sandboxEnv();
  const runner = new FakeRunner();
  const makeDeps = (_o: unknown, log: Deps['log']): Deps => ({
    docker: new Docker(runner, { env }),
    env,
    log,
    now: () => new Date(0),
    version: 't',
  });
  const host: CliHost = {
    stdout: () => undefined,
    stderr: () => undefined,
    cwd: tmpdir(),
    env,
    runner,
    now: () => new Date(0),
    version: 't',
    stdoutIsTTY: false,
    stderrIsTTY: false,
    healPhases: recording(seen, findings),
  };
  return { env, makeDeps, host };
}

describe('heal: the bootstrap option reaches its full diagnoses only', () => {
  it.each(['repair', 'reinstall'])('CLI heal --mode %s --bootstrap: the full diagnose bootstraps', async (mode) => {
    const seen: Seen[] = [];
    const h = healHost(seen, [manual]);
    await healCommand.run(['--mode', mode, '--bootstrap'], h.host);
    expect(seen[0]).toEqual({ level: 'full', bootstrap: true });
  });

  it('CLI heal --mode repair without it: no bootstrap', async () => {
    const seen: Seen[] = [];
    await healCommand.run(['--mode', 'repair'], healHost(seen, [manual]).host);
    expect(seen).toEqual([{ level: 'full', bootstrap: false }]);
  });

  it('CLI heal --mode auto --bootstrap: the quick look never bootstraps; the full one after a finding does', async () => {
    const healthy: Seen[] = [];
    await healCommand.run(['--mode', 'auto', '--bootstrap'], healHost(healthy).host);
    expect(healthy).toEqual([{ level: 'quick', bootstrap: false }]);
    const broken: Seen[] = [];
    await healCommand.run(['--mode', 'auto', '--bootstrap'], healHost(broken, [manual]).host);
    expect(broken).toEqual([
      { level: 'quick', bootstrap: false },
      { level: 'full', bootstrap: true },
    ]);
  });

  it('action: INPUT_BOOTSTRAP=true in repair mode reaches the full diagnose', async () => {
    const seen: Seen[] = [];
    const h = healHost(seen, [manual]);
    const options = parseOptions(actionInputs({ mode: 'repair', bootstrap: 'true' }), { source: 'input', env: h.env });
    await heal(h.makeDeps(options, silentLogger), options, h.host.healPhases);
    expect(seen[0]).toEqual({ level: 'full', bootstrap: true });
    const off: Seen[] = [];
    const h2 = healHost(off, [manual]);
    const o2 = parseOptions(actionInputs({ mode: 'repair', bootstrap: '' }), { source: 'input', env: h2.env });
    await heal(h2.makeDeps(o2, silentLogger), o2, h2.host.healPhases);
    expect(off[0]).toEqual({ level: 'full', bootstrap: false });
  });
});
