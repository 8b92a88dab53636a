/**
 * `bootstrap` on the real daemon: a docker-container builder whose BuildKit image cannot be pulled
 * (an image on a closed loopback port; the daemon has no other network either) is only `inactive`
 * to a plain check, and `builder.cannot-bootstrap` with the inspect output as evidence when the
 * check is asked to bootstrap: as the CLI (`--bootstrap`) and as the action (`INPUT_BOOTSTRAP`).
 * A pull that hangs is stopped by our timeout and named as such.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import * as faults from '../support/faults.js';
import type { Fault } from '../support/faults.js';
import { main } from '../../src/cli/main.js';
import type { CliHost } from '../../src/cli/context.js';
import { runHeal, type ActionsCore } from '../../src/action/run-heal.js';
import { defaultOptions } from '../../src/core/options.js';
import type { Report } from '../../src/core/report.js';
import type { Finding } from '../../src/core/types.js';
import { diagnose } from '../../src/phases/diagnose.js';
import { Docker } from '../../src/docker/docker.js';
import { ProcessRunner } from '../../src/docker/runner.js';

let sb: Sandbox | undefined;
let fault: Fault | undefined;
let server: { close(): Promise<void> } | undefined;

afterEach(async () => {
  await fault?.undo();
  fault = undefined;
  await server?.close();
  server = undefined;
  sb?.cleanup();
  sb = undefined;
});

function cliHost(s: Sandbox): CliHost & { out: string; err: string } {
  const h = {
    out: '',
    err: '',
    cwd: s.dir,
    env: s.env,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    version: 'test',
    stdout(t: string) {
      h.out += t;
    },
    stderr(t: string) {
      h.err += t;
    },
  };
  return h;
}

/** @actions/core as the heal action host uses it, recording instead of printing. */
function actionsCore(inputs: Record<string, string>): ActionsCore & { failed: string[] } {
  const failed: string[] = [];
  const quiet = () => undefined;
  const c = {
    failed,
    getInput: (name: string) => (inputs[name] ?? '').trim(),
    setOutput: quiet,
    error: quiet,
    warning: quiet,
    notice: quiet,
    info: quiet,
    debug: quiet,
    setFailed: (m: string | Error) => {
      failed.push(String(m));
    },
  };
  return c as unknown as ActionsCore & { failed: string[] };
}

const ofBuilder = (findings: Finding[], name: string) =>
  findings.filter((f) => f.id.startsWith('builder.') && f.subject === name);

function expectCannotBootstrap(report: Report, name: string): void {
  const hits = ofBuilder(report.findings, name);
  expect(hits.map((f) => `${f.id} ${f.severity}`)).toEqual(['builder.cannot-bootstrap error']);
  const f = hits[0];
  expect(f?.message).toMatch(
    new RegExp(
      `^Builder ${name} cannot bootstrap: .*failed to resolve reference "127\\.0\\.0\\.1:1/bkh/absent-buildkit:1"`,
    ),
  );
  // The evidence is the whole `inspect --bootstrap` result, as it ran on the daemon.
  const ev = f?.evidence[0];
  expect(ev?.kind).toBe('command');
  if (ev?.kind !== 'command') return;
  expect(ev.argv).toEqual(['docker', 'buildx', 'inspect', '--bootstrap', name]);
  expect(ev.exitCode).toBe(1);
  expect(ev.timedOut).toBe(false);
  expect(ev.stderr).toMatch(/#1 pulling image 127\.0\.0\.1:1\/bkh\/absent-buildkit:1/);
  expect(ev.stderr).toMatch(/ERROR: .*connect: connection refused/);
  expect(f?.repair).toMatchObject({ action: 'builder.recreate', target: name });
  console.log(`${name}: inspect --bootstrap failed in ${ev.durationMs} ms`);
}

describe('check --bootstrap on the real daemon', () => {
  it('CLI: without --bootstrap the builder is only inactive; with it, builder.cannot-bootstrap (error) with the inspect output', async () => {
    sb = sandbox('bkh-boot-');
    fault = await faults.unbootstrappableBuilder(sb, 'bkh-boot-cli');
    const daemonJson = join(sb.dir, 'daemon.json');

    const plain = cliHost(sb);
    const code0 = await main(['check', '--json', '--daemon-json', daemonJson], plain);
    const r0 = JSON.parse(plain.out) as Report;
    expect(r0.builders?.find((b) => b.name === 'bkh-boot-cli')?.status).toBe('inactive');
    expect(ofBuilder(r0.findings, 'bkh-boot-cli')).toEqual([]);
    expect(r0.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(code0).toBe(0);

    const boot = cliHost(sb);
    const code1 = await main(['check', '--bootstrap', '--json', '--daemon-json', daemonJson], boot);
    const r1 = JSON.parse(boot.out) as Report;
    expect(code1).toBe(1);
    expect(r1.status).toBe('unhealthy');
    expectCannotBootstrap(r1, 'bkh-boot-cli');
    // The attempt started nothing that stays: the pull failed before a container was made.
    expect(r1.builders?.find((b) => b.name === 'bkh-boot-cli')?.status).toBe('inactive');
  });

  it('action (mode check): INPUT_BOOTSTRAP=true reports it and fails the step; false does not', async () => {
    sb = sandbox('bkh-boot-');
    fault = await faults.unbootstrappableBuilder(sb, 'bkh-boot-act');
    const env: NodeJS.ProcessEnv = { ...sb.env, RUNNER_TEMP: sb.dir };
    delete env.GITHUB_STEP_SUMMARY;
    delete env.GITHUB_OUTPUT;
    const inputs = { mode: 'check', 'daemon-json': join(sb.dir, 'daemon.json') };

    const off = actionsCore({ ...inputs, bootstrap: 'false' });
    const r0 = await runHeal(off, env);
    expect(ofBuilder(r0.findings, 'bkh-boot-act')).toEqual([]);
    expect(off.failed).toEqual([]);

    const on = actionsCore({ ...inputs, bootstrap: 'true' });
    const r1 = await runHeal(on, env);
    expectCannotBootstrap(r1, 'bkh-boot-act');
    expect(on.failed.join('\n')).toMatch(/builder\.cannot-bootstrap/);
  });

  it('a pull that hangs: our timeout stops the bootstrap and the finding says so', async () => {
    // A "registry" on loopback that accepts connections and never says a word: the daemon's pull
    // waits for a TLS handshake (its own limit is 10 s). Our slow-call timeout, 3 s here, comes first.
    const held: Socket[] = [];
    const srv: Server = createServer((c) => {
      held.push(c);
      c.on('error', () => undefined);
    });
    await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
    server = {
      close: () =>
        new Promise<void>((res) => {
          for (const c of held) c.destroy();
          srv.close(() => res());
        }),
    };
    const port = (srv.address() as { port: number }).port;
    sb = sandbox('bkh-boot-');
    const image = `127.0.0.1:${port}/bkh/hang:1`;
    fault = await faults.unbootstrappableBuilder(sb, 'bkh-boot-hang', image);
    const docker = new Docker(new ProcessRunner(sb.env), {
      env: sb.env,
      timeouts: { probe: 20_000, slow: 3000, build: 600_000 },
    });
    const deps = testDeps({ docker, env: sb.env });
    const opts = {
      ...defaultOptions(sb.env).diagnose,
      daemonJsonPaths: [join(sb.dir, 'daemon.json')],
      baseline: false,
      bootstrap: true,
    };

    const d = await diagnose(deps, opts, 'full');
    const hits = ofBuilder(d.findings, 'bkh-boot-hang');
    expect(hits.map((f) => f.id)).toEqual(['builder.cannot-bootstrap']);
    expect(hits[0]?.message).toMatch(
      /^Builder bkh-boot-hang cannot bootstrap: timed out after \d+ s and was stopped \(last step: pulling image 127\.0\.0\.1:\d+\/bkh\/hang:1\)$/,
    );
    const ev = hits[0]?.evidence[0];
    expect(ev?.kind === 'command' && ev.timedOut).toBe(true);
    expect(ev?.kind === 'command' ? ev.stderr : '').toContain(
      '[buildkit-healer: timed out after 3000 ms and was killed]',
    );
    console.log(`hung pull: bootstrap stopped after ${ev?.kind === 'command' ? ev.durationMs : -1} ms`);
  });
});
