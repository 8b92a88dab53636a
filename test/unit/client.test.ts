/**
 * The Docker client layer: the gatherer (src/tasks/client.ts) over real files in a temp dir, and
 * the checks (src/checks/client.ts) over facts: one test per finding, and a healthy case.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientFacts, Facts } from '../../src/checks/types.js';
import type { DiagnoseOptions } from '../../src/core/options.js';
import type { CommandResult, Finding } from '../../src/core/types.js';
import { clientCheck, chownFix } from '../../src/checks/client.js';
import { decodeConfigJson } from '../../src/tasks/client.js';
import { runChecks } from '../../src/phases/diagnose.js';
import { CHECKS } from '../../src/checks/index.js';
import { contextInUse, gatherClient } from '../../src/tasks/client.js';
import { dockerPaths, contextDirName } from '../../src/docker/paths.js';
import { answeredFacts, okResult } from './answered.js';
import { executeClean, planClean, type PlanInput } from '../../src/phases/clean.js';
import { FakeRunner } from '../support/fake-runner.js';
import { DryRunRunner } from '../../src/docker/runner.js';
import { silentLogger } from '../../src/docker/deps.js';
import { lockDeps } from '../../src/heal/heal.js';
import { clientFrom, newReport } from '../../src/heal/check.js';
import { renderText } from '../../src/report/text.js';
import { defaultOptions } from '../../src/core/options.js';
import { testDeps } from '../support/deps.js';
import { Docker } from '../../src/docker/docker.js';
import { localEngineSocket } from '../../src/docker/engine.js';
import type { Deps } from '../../src/docker/deps.js';

const OPTS: DiagnoseOptions = {
  minBuildxVersion: '0.10.0',
  cacheLimitBytes: 10e9,
  minFreeBytes: 1,
  daemonJsonPaths: [],
  buildkitdTomlPaths: [],
  baseline: true,
};

function client(extra: Partial<ClientFacts> = {}): ClientFacts {
  return {
    configJson: { path: '/home/runner/.docker/config.json', exists: true },
    contexts: [],
    inUse: { name: 'default', source: 'default' },
    env: {},
    envDirs: {},
    unreadable: [],
    ...extra,
  };
}

function facts(c: ClientFacts, extra: Partial<Facts> = {}): Facts {
  return answeredFacts({ client: c, ...extra });
}

const ids = (fs: Finding[]) => fs.map((f) => `${f.id} ${f.severity} ${f.subject}`);
const run = (f: Facts) => clientCheck.run({ facts: f, options: OPTS });
const all = (f: Facts) => runChecks(CHECKS, f, OPTS).findings;

const failed = (argv: string[], stderr: string): CommandResult => ({ ...okResult(argv, ''), exitCode: 1, stderr });
const DEAD =
  'Cannot connect to the Docker daemon at unix:///home/runner/.docker/run/docker.sock. Is the docker daemon running?';

describe('client checks', () => {
  it('healthy: nothing', () => {
    expect(run(facts(client()))).toEqual([]);
  });

  it('client.context-missing: currentContext names a context never created; no daemon.unreachable, no recreate advice', () => {
    const f = facts(
      client({
        configJson: { path: '/h/.docker/config.json', exists: true, currentContext: 'ghost' },
        inUse: { name: 'ghost', source: 'config.json' },
      }),
    );
    f.dockerVersion = { result: failed(['docker', 'version'], 'context "ghost": context not found'), parseError: 'x' };
    f.baseline = { builder: 'default', ok: false, durationMs: 5, error: 'context not found' } as Facts['baseline'];
    const out = all(f);
    expect(ids(out)).toContain('client.context-missing error ghost');
    expect(out.find((x) => x.id === 'client.context-missing')?.advice).toContain('docker context use default');
    expect(out.map((x) => x.id)).not.toContain('daemon.unreachable');
    expect(out.find((x) => x.id === 'baseline.failed')?.advice).not.toMatch(/recreate/i);
  });

  it('client.context-dead: the context in use exists, its endpoint does not answer', () => {
    const c = client({
      contexts: [{ path: '/m/meta.json', name: 'desktop-linux', endpoint: 'unix:///gone.sock' }],
      inUse: { name: 'desktop-linux', source: 'config.json' },
    });
    const f = facts(c);
    f.info = { result: failed(['docker', 'info'], DEAD), parseError: 'x' };
    f.dockerVersion = { result: failed(['docker', 'version'], DEAD), parseError: 'x' };
    const out = all(f);
    expect(ids(out)).toContain('client.context-dead error desktop-linux');
    expect(out.find((x) => x.id === 'client.context-dead')?.message).toContain('unix:///gone.sock');
    expect(out.map((x) => x.id)).not.toContain('daemon.unreachable');
  });

  it('the report says which context is in use, from where, and its endpoint (clientFrom, and the text line)', () => {
    const c = client({
      contexts: [{ path: '/m/meta.json', name: 'desktop-linux', endpoint: 'unix:///gone.sock' }],
      inUse: { name: 'desktop-linux', source: 'config.json' },
      env: { BUILDX_BUILDER: 'x', DOCKER_BUILDKIT: '1' },
    });
    expect(clientFrom(facts(c))).toEqual({
      context: 'desktop-linux',
      source: 'config.json',
      endpoint: 'unix:///gone.sock',
      configJson: '/home/runner/.docker/config.json',
      env: ['BUILDX_BUILDER', 'DOCKER_BUILDKIT'],
    });
    const viaHost = client({
      inUse: { name: 'default', source: 'DOCKER_HOST' },
      env: { DOCKER_HOST: 'tcp://127.0.0.1:1' },
    });
    expect(clientFrom(facts(viaHost))?.endpoint).toBe('tcp://127.0.0.1:1');
    const env = { HOME: '/home/runner', DOCKER_CONFIG: '/home/runner/.docker' };
    const r = newReport(testDeps({ docker: new Docker(new FakeRunner(), { env }), env }), {
      ...defaultOptions(env),
      mode: 'check',
    });
    r.client = clientFrom(facts(c));
    expect(renderText(r)).toContain(
      'docker context desktop-linux (from currentContext in /home/runner/.docker/config.json) at unix:///gone.sock',
    );
    r.client = clientFrom(facts(client()));
    expect(renderText(r)).not.toContain('docker context');
  });

  it('a live context in use raises nothing', () => {
    const c = client({
      contexts: [{ path: '/m/meta.json', name: 'live', endpoint: 'unix:///ok.sock' }],
      inUse: { name: 'live', source: 'config.json' },
    });
    expect(run(facts(c))).toEqual([]);
  });

  it('client.context-invalid: a meta.json that cannot be read', () => {
    const c = client({ contexts: [{ path: '/m/abc/meta.json', error: 'Unexpected end of JSON input' }] });
    expect(ids(run(facts(c)))).toEqual(['client.context-invalid warning /m/abc/meta.json']);
  });

  it('client.config-invalid: an unparsable config.json says what docker loses', () => {
    const c = client({
      configJson: {
        path: '/h/.docker/config.json',
        exists: true,
        parseError: 'Unexpected end of JSON input',
        size: 30,
      },
    });
    const out = run(facts(c));
    expect(ids(out)).toEqual(['client.config-invalid warning /h/.docker/config.json']);
    expect(out[0]?.message).toMatch(/auths/);
  });

  it('client.env-invalid DOCKER_CONTEXT: a context that does not exist; the variable is the cause', () => {
    const c = client({ env: { DOCKER_CONTEXT: 'nope' }, inUse: { name: 'nope', source: 'DOCKER_CONTEXT' } });
    const f = facts(c);
    f.dockerVersion = { result: failed(['docker', 'version'], DEAD), parseError: 'x' };
    const out = all(f);
    expect(ids(out)).toContain('client.env-invalid error DOCKER_CONTEXT');
    expect(out.find((x) => x.subject === 'DOCKER_CONTEXT')?.advice).toMatch(/does not change the environment/);
    expect(out.map((x) => x.id)).not.toContain('daemon.unreachable');
  });

  it('client.env-invalid DOCKER_CONTEXT is ignored when DOCKER_HOST is set (DOCKER_HOST wins)', () => {
    const env = { DOCKER_CONTEXT: 'nope', DOCKER_HOST: 'unix:///x.sock' };
    expect(run(facts(client({ env, inUse: contextInUse(env, undefined) })))).toEqual([]);
  });

  it('client.env-invalid BUILDX_BUILDER: a builder that does not exist; baseline advice names the variable', () => {
    const f = facts(client({ env: { BUILDX_BUILDER: 'ghost' } }));
    f.baseline = { builder: 'ghost', ok: false, durationMs: 5, error: 'no builder "ghost" found' } as Facts['baseline'];
    const out = all(f);
    expect(ids(out)).toContain('client.env-invalid error BUILDX_BUILDER');
    expect(out.find((x) => x.id === 'baseline.failed')?.advice).toContain('BUILDX_BUILDER');
    expect(out.find((x) => x.id === 'baseline.failed')?.advice).not.toMatch(/recreate/i);
    expect(run(facts(client({ env: { BUILDX_BUILDER: 'default' } })))).toEqual([]);
  });

  it.each(['1', '0', 'true', 'False', 't', 'F'])('DOCKER_BUILDKIT=%s is a boolean: nothing', (v) => {
    expect(run(facts(client({ env: { DOCKER_BUILDKIT: v } })))).toEqual([]);
  });

  it.each(['yes', ' 1', 'on', ''])('client.env-invalid DOCKER_BUILDKIT=%j; buildx.missing defers to it', (v) => {
    const f = facts(client({ env: { DOCKER_BUILDKIT: v } }));
    f.buildxVersion = {
      result: failed(['docker', 'buildx', 'version'], 'DOCKER_BUILDKIT environment variable expects boolean value'),
      parseError: 'x',
    };
    const out = all(f);
    expect(ids(out)).toContain('client.env-invalid error DOCKER_BUILDKIT');
    expect(out.map((x) => x.id)).not.toContain('buildx.missing');
  });

  it('client.env-invalid DOCKER_CONFIG: a path docker cannot use', () => {
    const c = client({
      env: { DOCKER_CONFIG: '/etc/passwd' },
      envDirs: { DOCKER_CONFIG: { path: '/etc/passwd', problem: 'exists and is not a directory' } },
    });
    expect(ids(run(facts(c)))).toEqual(['client.env-invalid error DOCKER_CONFIG']);
  });

  it('client.permission-denied: lists the files and gives the exact chown', () => {
    const c = client({
      unreadable: [
        { path: '/home/runner/.docker/buildx/current', readable: false, directory: false, uid: 0, mode: 0o600 },
      ],
    });
    const out = run(facts(c));
    expect(ids(out)).toEqual(['client.permission-denied error /home/runner/.docker']);
    expect(out[0]?.advice).toContain('sudo chown -R "$USER" /home/runner/.docker');
    expect(out[0]?.evidence[0]).toMatchObject({
      kind: 'note',
      text: expect.stringContaining('/home/runner/.docker/buildx/current (file, owner uid 0, mode 0600, unreadable)'),
    });
    expect(chownFix(["/tmp/it's here"])).toBe(`sudo chown -R "$USER" '/tmp/it'\\''s here'`);
  });

  it('builder.unknown-driver instead of builder.error (recreate would fail), error when in use', () => {
    const f = answeredFacts({ client: client() });
    f.builders.push({
      name: 'cloud-b',
      driver: 'cloud',
      current: true,
      status: 'error',
      error: 'failed to find driver "cloud"',
      nodes: [],
    });
    f.currentBuilder = 'cloud-b';
    const out = all(f);
    expect(ids(out)).toContain('builder.unknown-driver error cloud-b');
    expect(out.map((x) => x.id)).not.toContain('builder.error');
    f.currentBuilder = 'default';
    expect(ids(run(f))).toEqual(['builder.unknown-driver warning cloud-b']);
  });
});

describe('gatherClient on real files', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads config.json, contexts, the context in use and the variables', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bkh-client-'));
    const env = { HOME: dir, DOCKER_CONFIG: join(dir, '.docker'), BUILDX_BUILDER: 'b1', DOCKER_BUILDKIT: '1' };
    const p = dockerPaths(env);
    mkdirSync(join(p.contextsMetaDir, contextDirName('live')), { recursive: true });
    writeFileSync(
      join(p.contextsMetaDir, contextDirName('live'), 'meta.json'),
      JSON.stringify({ Name: 'live', Endpoints: { docker: { Host: 'unix:///ok.sock' } } }),
    );
    mkdirSync(join(p.contextsMetaDir, 'broken'), { recursive: true });
    writeFileSync(join(p.contextsMetaDir, 'broken', 'meta.json'), '{"Name":');
    mkdirSync(join(p.contextsMetaDir, 'empty-dir'), { recursive: true });
    writeFileSync(p.configJson, JSON.stringify({ currentContext: 'live', auths: {} }));
    const c = await gatherClient(p, env);
    expect(c.configJson).toEqual({ path: p.configJson, exists: true, currentContext: 'live' });
    expect(c.inUse).toEqual({ name: 'live', source: 'config.json' });
    expect(c.contexts.map((x) => [x.name, x.endpoint, x.error === undefined])).toEqual([
      [undefined, undefined, false],
      ['live', 'unix:///ok.sock', true],
    ]);
    expect(c.env).toEqual({ DOCKER_CONFIG: join(dir, '.docker'), BUILDX_BUILDER: 'b1', DOCKER_BUILDKIT: '1' });
    expect(c.envDirs).toEqual({});
  });

  it('a truncated config.json: parseError; a DOCKER_CONFIG that is a file: envDirs', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bkh-client-'));
    const env = { HOME: dir, DOCKER_CONFIG: join(dir, '.docker') };
    mkdirSync(env.DOCKER_CONFIG);
    writeFileSync(join(env.DOCKER_CONFIG, 'config.json'), '{"auths": {');
    const c = await gatherClient(dockerPaths(env), env);
    expect(c.configJson.parseError).toBeDefined();
    const f = join(dir, 'file');
    writeFileSync(f, 'x');
    const c2 = await gatherClient(dockerPaths({ HOME: dir, DOCKER_CONFIG: f }), { DOCKER_CONFIG: f });
    expect(c2.envDirs.DOCKER_CONFIG?.problem).toBe('exists and is not a directory');
  });

  // What `docker context show` printed for each config.json (no DOCKER_HOST, no DOCKER_CONTEXT),
  // recorded with docker 28.2.2 and 26.1.5 on the test machine: Go's decoder matches the key in any
  // case, the last match wins, and a null leaves what an earlier one set.
  it.each([
    ['{"CurrentContext":"ghost-ctx"}', 'ghost-ctx'],
    ['{"CURRENTCONTEXT":"ghost4"}', 'ghost4'],
    ['{"currentContext":"a","CurrentContext":"ghost2"}', 'ghost2'],
    ['{"currentContext":"ghost3","CurrentContext":null}', 'ghost3'],
    ['{"currentcontext":""}', 'default'],
    ['{"currentContext":"live"}', 'live'],
  ])(
    'the context in use from %s is the one docker uses (%s), for the client facts and the API door',
    async (text, shown) => {
      dir = mkdtempSync(join(tmpdir(), 'bkh-client-'));
      const env = { HOME: dir, DOCKER_CONFIG: join(dir, '.docker') };
      mkdirSync(env.DOCKER_CONFIG);
      writeFileSync(join(env.DOCKER_CONFIG, 'config.json'), text);
      const c = await gatherClient(dockerPaths(env), env);
      expect(c.inUse.name).toBe(shown);
      expect(c.configJson.currentContext).toBe(shown === 'default' ? undefined : shown);
      // The Engine API socket is used only where the CLI would surely use the default one.
      expect(localEngineSocket({}, text)).toBe(shown === 'default' ? '/var/run/docker.sock' : undefined);
    },
  );
});

describe('context.use-default: the repair for a missing or dead context in use', () => {
  const ghost = (defaultEndpoint?: CommandResult) => {
    const c = client({
      configJson: { path: '/h/.docker/config.json', exists: true, currentContext: 'ghost' },
      inUse: { name: 'ghost', source: 'config.json' },
    });
    if (defaultEndpoint !== undefined) c.defaultEndpoint = defaultEndpoint;
    return facts(c);
  };
  const V = ['docker', '--context', 'default', 'version', '--format', '{{.Server.Version}}'];

  it('automatic when the default endpoint answers, and planned as `docker context use default` before anything else', () => {
    const out = run(ghost(okResult(V, '26.1.5\n')));
    expect(out[0]?.repair).toMatchObject({ action: 'context.use-default', target: 'ghost', automatic: true });
    expect(out[0]?.message).toContain('The default endpoint answers (server 26.1.5)');
    const plan = planClean({
      mode: 'repair',
      findings: [
        ...out,
        {
          id: 'state.invalid-current',
          severity: 'error',
          subject: '/c',
          message: '',
          evidence: [],
          repair: { action: 'state.remove-file', description: '', target: '/c', automatic: true },
        },
      ],
      builders: [],
      options: { pruneCache: false } as PlanInput['options'],
    });
    expect(
      plan.map((s) => (s.kind === 'docker' ? `${s.action} ${s.args.join(' ')}` : `${s.action} ${s.target}`)),
    ).toEqual(['context.use-default context use default', 'state.remove-file /c']);
  });

  it('advice only when the default endpoint does not answer, or was not probed', () => {
    expect(run(ghost(failed(V, DEAD)))[0]?.repair?.automatic).toBe(false);
    expect(run(ghost())[0]?.repair?.automatic).toBe(false);
  });

  it('the lock is taken on the default endpoint the heal switches to', () => {
    const runner = { run: async () => okResult([], '') };
    const deps = { docker: new Docker(runner, { env: { HOME: '/h' } }) } as unknown as Deps;
    const out = run(ghost(okResult(V, '26.1.5\n')));
    expect(lockDeps(deps, out).docker.env.DOCKER_CONTEXT).toBe('default');
    expect(lockDeps(deps, []).docker).toBe(deps.docker);
  });
});

describe('builder.forget: a builder whose driver this buildx does not know', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const forget: Finding = {
    id: 'builder.unknown-driver',
    severity: 'error',
    subject: 'cloud-b',
    message: '',
    evidence: [],
    repair: { action: 'builder.forget', target: 'cloud-b', automatic: true, description: '' },
  };

  it('buildx rm fails on the unknown driver: the instance file is moved aside (content kept) and a current naming it removed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bkh-forget-'));
    const env = { HOME: dir, DOCKER_CONFIG: join(dir, '.docker') };
    const p = dockerPaths(env);
    mkdirSync(p.instancesDir, { recursive: true });
    writeFileSync(join(p.instancesDir, 'cloud-b'), '{"Name":"cloud-b","Driver":"cloud"}');
    writeFileSync(p.currentFile, '{"Key":"k","Name":"cloud-b","Global":false}');
    const runner = new FakeRunner().on('docker buildx rm --force cloud-b', {
      exitCode: 1,
      stderr: 'failed to remove cloud-b: failed to find driver "cloud"\nERROR: failed to remove one or more builders\n',
    });
    const deps: Deps = {
      docker: new Docker(runner, { env }),
      env,
      log: silentLogger,
      now: () => new Date(0),
      version: 't',
    };
    const plan = planClean({
      mode: 'repair',
      findings: [forget],
      builders: [],
      options: { pruneCache: false } as PlanInput['options'],
    });
    const r = await executeClean(deps, plan, { dryRun: false, backupVerified: true, backupEnabled: true });
    expect(r.actions.map((a) => `${a.action} ${a.target} ${a.ok}`)).toEqual(['builder.forget cloud-b true']);
    expect(existsSync(join(p.instancesDir, 'cloud-b'))).toBe(false);
    expect(existsSync(p.currentFile)).toBe(false);
    const moved = readdirSync(join(p.configDir, 'buildkit-healer', 'removed-instances'));
    expect(
      moved.map((m) => readFileSync(join(p.configDir, 'buildkit-healer', 'removed-instances', m), 'utf8')),
    ).toEqual(['{"Name":"cloud-b","Driver":"cloud"}']);
  });

  it('dry-run moves nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bkh-forget-'));
    const env = { HOME: dir, DOCKER_CONFIG: join(dir, '.docker') };
    const p = dockerPaths(env);
    mkdirSync(p.instancesDir, { recursive: true });
    writeFileSync(join(p.instancesDir, 'cloud-b'), '{}');
    const dry = new DryRunRunner(new FakeRunner());
    const deps: Deps = {
      docker: new Docker(dry, { env }),
      env,
      log: silentLogger,
      now: () => new Date(0),
      version: 't',
    };
    const plan = planClean({
      mode: 'repair',
      findings: [forget],
      builders: [],
      options: { pruneCache: false } as PlanInput['options'],
    });
    await executeClean(deps, plan, { dryRun: true, backupVerified: false, backupEnabled: false });
    expect(existsSync(join(p.instancesDir, 'cloud-b'))).toBe(true);
  });
});

describe('config.json read as the docker CLI reads it (the first JSON value; recorded on docker 28.2.2)', () => {
  // What `docker context ls` did with each content on the test daemon: `ok` no warning (and the
  // currentContext honoured), `warns` "WARNING: Error parsing config file".
  const recorded: [string, 'ok' | 'warns', string | undefined][] = [
    ['{"currentContext":"nope"} trailing garbage', 'ok', 'nope'],
    ['{"currentContext":"nope"}}', 'ok', 'nope'],
    ['  {"currentContext":"nope"}[', 'ok', 'nope'],
    ['{"currentContext":"nope"}{"x":1}', 'ok', 'nope'],
    ['{"a":"}{\\"","currentContext":"nope"} x', 'ok', 'nope'],
    ['null junk', 'ok', undefined],
    ['', 'ok', undefined],
    ['"str"', 'warns', undefined],
    ['5', 'warns', undefined],
    ['[1]', 'warns', undefined],
    ['{"currentContext":"nope"', 'warns', undefined],
    // A byte order mark or a no-break space before the value: Go's decoder takes neither for space.
    ['\uFEFF{"currentContext":"nope"}', 'warns', undefined],
    ['\u00A0{"currentContext":"nope"}', 'warns', undefined],
  ];
  it.each(recorded)('%j: docker %s', (text, docker, current) => {
    const d = decodeConfigJson(text);
    expect(d.error === undefined ? 'ok' : 'warns').toBe(docker);
    expect(d.value?.currentContext).toBe(current);
  });
});
