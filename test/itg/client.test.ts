/**
 * The Docker client layer on the real daemon, as a runner meets it: no DOCKER_HOST, the machine's
 * default endpoint is the test daemon (test/support/default-endpoint.ts), the CLI bundle runs as a
 * runner starts it. Each fault is injected the way it happens; `check` names the cause, `auto`
 * heals what it may, and a fresh `check` in a new process agrees.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { readBundle } from '../../src/bundle/bundle.js';
import { sandbox, type Sandbox } from '../support/env.js';
import * as faults from '../support/faults.js';
import type { Fault } from '../support/faults.js';
import type { Report } from '../../src/core/report.js';
import { withDefaultEndpoint } from '../support/default-endpoint.js';

const CLI = resolve('dist/cli/index.js');
let sb: Sandbox | undefined;
let fault: Fault | undefined;

afterEach(async () => {
  await fault?.undo();
  fault = undefined;
  sb?.cleanup();
  sb = undefined;
});

function cli(
  s: Sandbox,
  args: string[],
  env: NodeJS.ProcessEnv = s.env,
): { status: number | null; report: Report; stderr: string } {
  const extra = args[0] === 'heal' ? ['--backup-dir', join(s.dir, 'backups')] : [];
  const r = withDefaultEndpoint([process.execPath, CLI, ...args, '--json', ...extra], env);
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON report from ${args.join(' ')} (exit ${String(r.status)}):\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, report, stderr: r.stderr };
}

const ids = (r: Report) => r.findings.filter((f) => f.severity === 'error').map((f) => `${f.id} ${f.subject}`);

function build(s: Sandbox): { status: number | null; stderr: string } {
  const ctx = join(s.dir, 'ctx');
  return withDefaultEndpoint(
    [
      'sh',
      '-c',
      `mkdir -p '${ctx}' && printf 'FROM scratch\\nCOPY x /x\\n' > '${ctx}/Dockerfile' && echo hi > '${ctx}/x' && docker buildx build --output type=local,dest='${join(s.dir, 'out')}' '${ctx}'`,
    ],
    s.env,
  );
}

/** A builder `cloud-r` whose driver (`cloud`) this buildx does not know, put in use. */
function useCloudBuilder(s: Sandbox): void {
  mkdirSync(s.docker.paths.instancesDir, { recursive: true });
  writeFileSync(
    join(s.docker.paths.instancesDir, 'cloud-r'),
    JSON.stringify({
      Name: 'cloud-r',
      Driver: 'cloud',
      Nodes: [{ Name: 'cloud-r0', Endpoint: 'cloud://example/builder', Platforms: null, Flags: null, Files: null }],
      Dynamic: false,
    }),
  );
  expect(withDefaultEndpoint(['docker', 'buildx', 'use', 'cloud-r'], s.env).status).toBe(0);
}

describe('client layer: context in use missing or dead, the default endpoint answers', () => {
  it.each([
    [
      'currentContext names a context never created',
      (s: Sandbox) => faults.configContextMissing(s),
      'client.context-missing',
    ],
    ["the current context's socket is gone", (s: Sandbox) => faults.deadCurrentContext(s), 'client.context-dead'],
  ] as const)(
    '%s: check names it, auto switches to default after the backup, a fresh check agrees, a build works',
    async (_n, inject, id) => {
      sb = sandbox('bkh-client-');
      fault = await inject(sb);
      const name = fault.subject ?? '';
      const before = readFileSync(sb.docker.paths.configJson);

      const check = cli(sb, ['check']);
      expect(check.status).toBe(1);
      expect(ids(check.report)).toContain(`${id} ${name}`);
      expect(ids(check.report).filter((x) => x.startsWith('daemon.unreachable'))).toEqual([]);
      const f = check.report.findings.find((x) => x.id === id);
      expect(f?.repair).toMatchObject({ action: 'context.use-default', automatic: true });
      expect(readFileSync(sb.docker.paths.configJson).equals(before)).toBe(true); // check changes nothing

      const heal = cli(sb, ['heal', '--mode', 'auto']);
      expect(heal.report.status, heal.report.error).toBe('repaired');
      expect(heal.status).toBe(0);
      expect(heal.report.actions.map((a) => `${a.action} ${a.ok}`)).toEqual(
        expect.arrayContaining(['backup.create true', 'context.use-default true']),
      );
      const backupAt = heal.report.actions.findIndex((a) => a.action === 'backup.create');
      expect(backupAt).toBeLessThan(heal.report.actions.findIndex((a) => a.action === 'context.use-default'));
      const cfg = JSON.parse(readFileSync(sb.docker.paths.configJson, 'utf8')) as { currentContext?: string };
      expect(cfg.currentContext ?? 'default').toBe('default');
      expect(heal.report.backup?.verified).toBe(true);
      expect(readdirSync(join(sb.dir, 'backups')).some((n) => n.startsWith(heal.report.backup?.name ?? '?'))).toBe(
        true,
      );

      const after = cli(sb, ['check']);
      expect(after.report.status).toBe('healthy');
      expect(after.status).toBe(0);
      expect(build(sb).status).toBe(0);

      // The backup holds the client configuration byte for byte, and a rollback writes it back.
      const bundle = await readBundle(join(sb.dir, 'backups', `${heal.report.backup?.name ?? '?'}.tar.gz`));
      const saved = bundle.manifest.files.find((x) => x.path === sb?.docker.paths.configJson);
      expect(saved?.sha256).toBe(createHash('sha256').update(before).digest('hex'));
      const rb = withDefaultEndpoint(
        [
          process.execPath,
          CLI,
          'rollback',
          heal.report.backup?.name ?? '?',
          '--backup-dir',
          join(sb.dir, 'backups'),
          '--json',
        ],
        sb.env,
      );
      expect(rb.status, rb.stderr).toBe(0);
      expect(rb.stdout).toContain(sb.docker.paths.configJson);
    },
  );

  it('a dead context: auto switches away and keeps it (reversible), repair then removes it, a fresh check agrees', async () => {
    sb = sandbox('bkh-client-');
    fault = await faults.deadCurrentContext(sb);
    const name = fault.subject ?? '';
    const contexts = () =>
      withDefaultEndpoint(['docker', 'context', 'ls', '--format', '{{.Name}}'], sb?.env ?? {}).stdout.split('\n');

    const auto = cli(sb, ['heal', '--mode', 'auto']);
    expect(auto.report.status, auto.report.error).toBe('repaired');
    expect(auto.report.actions.map((a) => a.action)).not.toContain('context.remove');
    expect(contexts()).toContain(name);
    const kept = cli(sb, ['check']);
    expect(kept.report.status).toBe('healthy');
    expect(
      kept.report.findings.filter((f) => f.id === 'builder.error').map((f) => `${f.severity} ${f.subject}`),
    ).toEqual([`warning ${name}`]);

    const repair = cli(sb, ['heal', '--mode', 'repair']);
    expect(repair.report.status, repair.report.error).toBe('repaired');
    expect(repair.report.actions.map((a) => `${a.action} ${a.target} ${a.ok}`)).toContain(
      `context.remove ${name} true`,
    );
    expect(contexts()).not.toContain(name);
    const after = cli(sb, ['check']);
    expect(after.report.status).toBe('healthy');
    expect(after.report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(build(sb).status).toBe(0);
  });
});

describe('client layer: fail-on warning with rollback-on-failure over a dead context auto keeps', () => {
  it('auto fails on the kept warning as asked, but never rolls back its working switch to default (no dead currentContext written back)', async () => {
    sb = sandbox('bkh-client-');
    fault = await faults.deadCurrentContext(sb);
    const name = fault.subject ?? '';

    const heal = cli(sb, ['heal', '--mode', 'auto', '--fail-on', 'warning', '--rollback-on-failure']);
    // The warning the user asked to fail on is left (auto keeps the dead context): the run fails, naming it.
    expect(heal.report.status).toBe('failed');
    expect(heal.status).not.toBe(0);
    expect(heal.report.error).toContain(`builder.error`);
    expect(heal.report.actions.map((a) => `${a.action} ${a.ok}`)).toContain('context.use-default true');
    expect(heal.report.actions.map((a) => a.action)).not.toContain('rollback');
    expect(heal.report.notes.some((n) => n.startsWith('no rollback (rollback-on-failure)'))).toBe(true);
    const cfg = JSON.parse(readFileSync(sb.docker.paths.configJson, 'utf8')) as { currentContext?: string };
    expect(cfg.currentContext ?? 'default').toBe('default');
    expect(
      withDefaultEndpoint(['docker', 'context', 'ls', '--format', '{{.Name}}'], sb.env).stdout.split('\n'),
    ).toContain(name);

    const after = cli(sb, ['check']);
    expect(ids(after.report)).toEqual([]);
    expect(build(sb).status).toBe(0);
  });
});

describe('client layer: an unparsable config.json', () => {
  it('check names what docker loses; auto leaves it; repair moves it aside (same bytes, dated name), a fresh check agrees, a build works', async () => {
    sb = sandbox('bkh-client-');
    fault = await faults.truncatedConfigJson(sb);
    const path = sb.docker.paths.configJson;
    const before = readFileSync(path);

    const check = cli(sb, ['check']);
    const f = check.report.findings.find((x) => x.id === 'client.config-invalid');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toMatch(/logins/);
    expect(f?.repair).toMatchObject({ action: 'client.config-aside', automatic: true, notInAuto: true });

    const auto = cli(sb, ['heal', '--mode', 'auto']);
    expect(auto.status).toBe(0);
    expect(auto.report.actions).toEqual([]);
    expect(readFileSync(path).equals(before)).toBe(true);

    const repair = cli(sb, ['heal', '--mode', 'repair']);
    expect(repair.report.status, repair.report.error).toBe('repaired');
    expect(repair.report.backup?.verified).toBe(true);
    const moved = repair.report.actions.find((a) => a.action === 'client.config-aside');
    expect(moved?.ok, JSON.stringify(repair.report.actions)).toBe(true);
    expect(existsSync(path)).toBe(false);
    const aside = readdirSync(sb.docker.paths.configDir).filter((n) => n.startsWith('config.json.broken-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(sb.docker.paths.configDir, aside[0] ?? '')).equals(before)).toBe(true);

    const after = cli(sb, ['check']);
    expect(after.report.findings.map((x) => x.id)).not.toContain('client.config-invalid');
    expect(after.report.status).toBe('healthy');
    expect(build(sb).status).toBe(0);
  });
});

describe('client layer: config.json with data after its first JSON value', () => {
  it('docker reads the first value and warns of nothing: check agrees (not unparsable), and honours its currentContext as docker does', async () => {
    sb = sandbox('bkh-client-');
    const path = sb.docker.paths.configJson;
    mkdirSync(join(path, '..'), { recursive: true });
    const dockerSays = () =>
      withDefaultEndpoint(['docker', 'context', 'ls', '--format', '{{.Name}} {{.Current}}'], sb?.env ?? {});

    // Settings, then a stray brace (a hand edit, a bad merge): docker runs with the settings, no warning.
    writeFileSync(path, '{"auths": {}}\n}\n');
    const d1 = dockerSays();
    expect(d1.stderr).not.toContain('Error parsing config file');
    const c1 = cli(sb, ['check']);
    expect(c1.report.findings.map((f) => f.id)).not.toContain('client.config-invalid');
    expect(c1.report.status).toBe('healthy');

    // Its currentContext counts: docker uses the context named (missing here), and check names it.
    writeFileSync(path, '{"currentContext": "ghost-context"} trailing\n');
    const d2 = dockerSays();
    expect(d2.stderr).not.toContain('Error parsing config file');
    expect(d2.stdout).toContain('ghost-context true');
    const c2 = cli(sb, ['check']);
    expect(c2.report.findings.map((f) => f.id)).not.toContain('client.config-invalid');
    expect(ids(c2.report)).toContain('client.context-missing ghost-context');

    // A first value that does not parse is still what docker warns about, and check reports it.
    writeFileSync(path, '{"auths": {');
    expect(dockerSays().stderr).toContain('Error parsing config file');
    const c3 = cli(sb, ['check']);
    expect(c3.report.findings.map((f) => f.id)).toContain('client.config-invalid');
  });
});

describe('client layer: causes the healer may not change', () => {
  it.each([
    ['BUILDX_BUILDER names a missing builder', { BUILDX_BUILDER: 'ghost-env-builder' }, 'BUILDX_BUILDER'],
    ['DOCKER_CONTEXT names a missing context', { DOCKER_CONTEXT: 'ghost-env-context' }, 'DOCKER_CONTEXT'],
    ['DOCKER_BUILDKIT is not a boolean', { DOCKER_BUILDKIT: 'yes please' }, 'DOCKER_BUILDKIT'],
  ] as const)('%s: check names the variable, auto fails naming it and changes nothing', async (_n, set, variable) => {
    sb = sandbox('bkh-client-');
    const env = { ...sb.env, ...set };
    const check = cli(sb, ['check'], env);
    expect(check.status).toBe(1);
    expect(ids(check.report)).toContain(`client.env-invalid ${variable}`);
    for (const f of check.report.findings) expect(f.advice ?? '', f.id).not.toMatch(/recreate/i);
    const heal = cli(sb, ['heal', '--mode', 'auto'], env);
    expect(heal.status).toBe(1);
    expect(heal.report.status).toBe('failed');
    expect(heal.report.error).toContain(variable);
    expect(heal.report.actions.filter((a) => a.action !== 'backup.create')).toEqual([]);
    // The same runner without the variable is healthy: the variable was the cause.
    expect(cli(sb, ['check']).status).toBe(0);
  });
});

describe('client layer: a builder whose driver this buildx does not know', () => {
  it('in use: check names builder.unknown-driver, auto forgets it (instance file moved aside, never re-created), a fresh check agrees, a build works', async () => {
    sb = sandbox('bkh-client-');
    const s = sb;
    const instance = join(s.docker.paths.instancesDir, 'cloud-b');
    mkdirSync(s.docker.paths.instancesDir, { recursive: true });
    // What a Docker Build Cloud builder leaves for the stock buildx: an instance file with driver `cloud`, in use.
    const content = JSON.stringify({
      Name: 'cloud-b',
      Driver: 'cloud',
      Nodes: [
        {
          Name: 'cloud-b0',
          Endpoint: 'cloud://example/builder',
          Platforms: null,
          DriverOpts: null,
          Flags: null,
          Files: null,
        },
      ],
      Dynamic: false,
    });
    writeFileSync(instance, content);
    const use = withDefaultEndpoint(['docker', 'buildx', 'use', 'cloud-b'], s.env);
    expect(use.status, use.stderr).toBe(0);

    const check = cli(s, ['check']);
    expect(ids(check.report)).toContain('builder.unknown-driver cloud-b');
    expect(ids(check.report).filter((x) => x.startsWith('builder.error'))).toEqual([]);

    const heal = cli(s, ['heal', '--mode', 'auto']);
    expect(heal.report.status, heal.report.error).toBe('repaired');
    expect(heal.report.actions.map((a) => `${a.action} ${a.target} ${a.ok}`)).toContain('builder.forget cloud-b true');
    expect(heal.report.actions.map((a) => a.action)).not.toContain('builder.create');
    expect(existsSync(instance)).toBe(false);
    const moved = readdirSync(join(s.docker.paths.configDir, 'buildkit-healer', 'removed-instances'));
    expect(moved).toHaveLength(1);
    expect(
      readFileSync(join(s.docker.paths.configDir, 'buildkit-healer', 'removed-instances', moved[0] ?? ''), 'utf8'),
    ).toBe(content);

    const after = cli(s, ['check']);
    expect(after.report.status).toBe('healthy');
    expect(build(s).status).toBe(0);
  });

  it('in use, reinstall: forgotten once, reported as skipped with the reason, never re-created or put back in use', async () => {
    sb = sandbox('bkh-client-');
    const s = sb;
    useCloudBuilder(s);

    const heal = cli(s, ['heal', '--mode', 'reinstall', '--validate=false']);
    expect(heal.report.status, heal.report.error).toBe('repaired');
    const acts = heal.report.actions.map((a) => `${a.action} ${a.target} ${a.ok}`);
    expect(acts).toContain('builder.forget cloud-r true');
    expect(acts.filter((a) => a.startsWith('builder.remove cloud-r'))).toEqual([]);
    expect(acts.filter((a) => a.startsWith('builder.create cloud-r'))).toEqual([]);
    expect(acts.filter((a) => a.startsWith('builder.use cloud-r'))).toEqual([]);
    const skip = heal.report.actions.find((a) => a.action === 'builder.skip' && a.target === 'cloud-r');
    expect(skip?.detail).toMatch(/driver "cloud" is unknown to this buildx/);

    const after = cli(s, ['check']);
    expect(after.report.status).toBe('healthy');
    expect(after.report.currentBuilder).not.toBe('cloud-r');
    expect(build(s).status).toBe(0);
  });

  it('in use and declared with use: true (builders), reinstall: skipped, so never put in use; the heal fails and says why (a fresh check with the same builders agrees), a build works', async () => {
    sb = sandbox('bkh-client-');
    const s = sb;
    useCloudBuilder(s);

    const declared = '- name: cloud-r\n  driver: docker-container\n  use: true';
    const heal = cli(s, ['heal', '--mode', 'reinstall', '--validate=false', '--builders', declared]);
    const acts = heal.report.actions.map((a) => `${a.action} ${a.target} ${a.ok}`);
    expect(acts).toContain('builder.skip cloud-r true');
    expect(acts.filter((a) => a.startsWith('builder.use '))).toEqual(['builder.use default true']);
    expect(heal.report.notes).toContain(
      'builder cloud-r is declared with use: true, but it was skipped (its driver is unknown to this buildx): not put in use; default is used instead',
    );
    // The declared builder is not there: the heal fails (exit 1) and its error says why.
    expect(acts.filter((a) => a.startsWith('builder.create cloud-r'))).toEqual([]);
    expect([heal.report.status, heal.status]).toEqual(['failed', 1]);
    expect(heal.report.error).toContain(
      'declared builder(s) not there: cloud-r (skipped: not re-created: its driver "cloud" is unknown to this buildx',
    );

    const after = cli(s, ['check', '--builders', declared]);
    expect(after.report.currentBuilder).toBe('default');
    expect(ids(after.report)).toEqual(['builder.declared-missing cloud-r']);
    expect(after.status).toBe(1);
    expect(build(s).status).toBe(0);
  });
});
