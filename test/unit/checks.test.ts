import { describe, expect, it } from 'vitest';
import { recorded } from '../fixtures/load.js';
import { parseDockerInfo, parseDockerVersion } from '../../src/docker/parse/docker-json.js';
import { parseBuildxVersion } from '../../src/docker/parse/buildx-version.js';
import { parseLsJson } from '../../src/docker/parse/ls.js';
import { parseInspect } from '../../src/docker/parse/inspect.js';
import { parseDu } from '../../src/docker/parse/du.js';
import { mergeInspect } from '../../src/phases/diagnose/full.js';
import { formatBytes } from '../../src/checks/disk.js';
import type { Parsed } from '../../src/docker/docker.js';
import type { CommandResult, Finding } from '../../src/core/types.js';
import type { Check, Facts } from '../../src/checks/types.js';
import type { DiagnoseOptions } from '../../src/core/options.js';
import { CHECKS, FINDING_IDS } from '../../src/checks/index.js';
import { findOrphans, knownNodeNames, markInUse } from '../../src/phases/diagnose/orphans.js';
import { instanceTomls } from '../../src/phases/diagnose/state-files.js';
import { resolveCurrent } from '../../src/phases/diagnose/gather.js';
import { runChecks } from '../../src/phases/diagnose.js';
import { buildkitActivity, parseTop } from '../../src/docker/parse/top.js';
import { busyBuilders } from '../../src/checks/busy.js';

const OPTS: DiagnoseOptions = {
  minBuildxVersion: '0.10.0',
  cacheLimitBytes: 10e9,
  minFreeBytes: 2e9,
  daemonJsonPaths: [],
  buildkitdTomlPaths: [],
  baseline: true,
};

function result(id: string, argv: string[]): CommandResult {
  const r = recorded(id);
  return { argv, exitCode: r.exit, signal: null, stdout: r.stdout, stderr: r.stderr, timedOut: false, durationMs: 10 };
}

function parsed<T>(r: CommandResult, fn: (out: string, err: string) => T): Parsed<T> {
  try {
    return { result: r, parsed: fn(r.stdout, r.stderr) };
  } catch (e) {
    return { result: r, parseError: (e as Error).message };
  }
}

const V = 'docker/28.2.2';
const B = 'buildx/0.13.1';

/** Facts of a healthy host, every piece from real recorded output. */
function healthy(): Facts {
  const ls = parsed(result(`${B}/healthy/ls-json`, ['docker', 'buildx', 'ls', '--format', 'json']), parseLsJson);
  return {
    dockerVersion: parsed(result(`${V}/healthy/version`, ['docker', 'version']), parseDockerVersion),
    info: parsed(result(`${V}/healthy/info`, ['docker', 'info']), parseDockerInfo),
    buildxVersion: parsed(result(`${B}/healthy/version`, ['docker', 'buildx', 'version']), (s) =>
      parseBuildxVersion(s),
    ),
    ls,
    inspects: {},
    builders: ls.parsed?.builders ?? [],
    currentBuilder: 'default',
    instanceFiles: [],
    buildkitdTomls: [],
    orphans: [],
    disk: { path: '/var/lib/docker', freeBytes: 50e9, totalBytes: 100e9, evidence: 'statfs(/var/lib/docker)' },
  };
}

function run(facts: Facts, opts: Partial<DiagnoseOptions> = {}): Finding[] {
  return runChecks(CHECKS, facts, { ...OPTS, ...opts }).findings;
}

function only(findings: Finding[], id: string): Finding {
  const f = findings.filter((x) => x.id === id);
  expect(f, `${id} in ${findings.map((x) => x.id).join(',')}`).toHaveLength(1);
  return f[0] as Finding;
}

function failed(stderr: string, argv: string[]): CommandResult {
  return { argv, exitCode: 1, signal: null, stdout: '', stderr, timedOut: false, durationMs: 5 };
}

describe('checks over facts from recorded output', () => {
  it('healthy: no findings at all', () => {
    const facts = healthy();
    expect(facts.builders.map((b) => b.name)).toEqual(['default']);
    expect(run(facts)).toEqual([]);
  });

  it('builder.declared-missing: a declared builder buildx ls does not list (any case) is an error whose repair creates it; default and listed ones are not; none with the daemon down', () => {
    const facts = healthy();
    const out = run(facts, { declaredBuilders: ['ci-builder', 'default', 'DEFAULT'] });
    const f = only(out, 'builder.declared-missing');
    expect([f.severity, f.subject]).toEqual(['error', 'ci-builder']);
    expect(f.repair).toMatchObject({ action: 'builder.create', target: 'ci-builder', automatic: true });
    expect(f.evidence[0]).toMatchObject({ kind: 'command' });
    // The only findings of a healthy host with a declared builder missing.
    expect(out.map((x) => x.id)).toEqual(['builder.declared-missing']);
    expect(run(healthy(), { declaredBuilders: ['Default'] })).toEqual([]);
    const down = healthy();
    down.info = parsed(result(`${V}/daemon-unreachable/info`, ['docker', 'info']), parseDockerInfo);
    down.dockerVersion = parsed(result(`${V}/daemon-unreachable/version`, ['docker', 'version']), parseDockerVersion);
    down.ls = parsed(result(`${B}/daemon-unreachable/ls-json`, ['docker', 'buildx', 'ls']), parseLsJson);
    down.builders = down.ls.parsed?.builders ?? [];
    expect(
      run(down, { declaredBuilders: ['ci-builder'] })
        .map((x) => x.id)
        .filter((id) => id.startsWith('builder.')),
    ).toEqual([]);
  });

  it('every registered finding id has the <area>.<problem> shape', () => {
    for (const id of FINDING_IDS) expect(id).toMatch(/^[a-z]+\.[a-z]+(-[a-z]+)*$/);
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(CHECKS.length);
  });

  it('daemon.unreachable, and builder errors are not repeated for it', () => {
    const f = healthy();
    f.info = parsed(result(`${V}/daemon-unreachable/info`, ['docker', 'info']), parseDockerInfo);
    f.dockerVersion = parsed(result(`${V}/daemon-unreachable/version`, ['docker', 'version']), parseDockerVersion);
    f.ls = parsed(result(`${B}/daemon-unreachable/ls-json`, ['docker', 'buildx', 'ls']), parseLsJson);
    f.builders = f.ls.parsed?.builders ?? [];
    f.disk = undefined;
    const out = run(f);
    const d = only(out, 'daemon.unreachable');
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/Cannot connect to the Docker daemon/);
    expect(d.evidence[0]).toMatchObject({ kind: 'command', argv: ['docker', 'info'] });
    expect(out.filter((x) => x.id === 'builder.error')).toEqual([]);
  });

  it('daemon.timeout names the command that hung', () => {
    const f = healthy();
    f.ls = {
      result: {
        ...failed('', ['docker', 'buildx', 'ls', '--format', 'json']),
        exitCode: null,
        signal: 'SIGTERM',
        timedOut: true,
        durationMs: 20000,
      },
    };
    const d = only(run(f), 'daemon.timeout');
    expect(d.subject).toBe('docker buildx ls --format json');
    expect(d.evidence[0]).toMatchObject({ kind: 'command', timedOut: true });
  });

  it('buildkit.disabled from daemon.json, repaired automatically', () => {
    const f = healthy();
    f.daemonJson = { path: '/etc/docker/daemon.json', content: '{"features":{"buildkit":false}}' };
    const d = only(run(f), 'buildkit.disabled');
    expect(d.repair).toMatchObject({
      action: 'daemon.enable-buildkit',
      automatic: true,
      target: '/etc/docker/daemon.json',
    });
    expect(d.evidence[0]).toMatchObject({ kind: 'file', path: '/etc/docker/daemon.json' });
  });

  it('buildkit.disabled from DOCKER_BUILDKIT=0, as advice', () => {
    const f = healthy();
    f.dockerBuildkitEnv = '0';
    const d = only(run(f), 'buildkit.disabled');
    expect(d.repair).toBeUndefined();
    expect(d.advice).toMatch(/DOCKER_BUILDKIT/);
    f.dockerBuildkitEnv = '1';
    expect(run(f)).toEqual([]);
  });

  it('buildx.missing: buildx does not run and the CLI lists no plugin', () => {
    const f = healthy();
    // As the docker 28.2.2 CLI says with no plugin in any plugin directory.
    f.buildxVersion = {
      result: failed("docker: unknown command: docker buildx\n\nRun 'docker --help' for more information\n", [
        'docker',
        'buildx',
        'version',
      ]),
      parseError: 'buildx version did not run',
    };
    if (f.info?.parsed) f.info.parsed.clientPlugins = [];
    const d = only(run(f), 'buildx.missing');
    expect(d.repair).toMatchObject({ action: 'buildx.reinstall', automatic: true });
    expect(d.evidence[0]).toMatchObject({ kind: 'command', argv: ['docker', 'buildx', 'version'] });
  });

  it('buildx.not-runnable: the CLI found the plugin and says why it cannot run', () => {
    const f = healthy();
    // As `docker info` (28.2.2) lists a truncated docker-buildx in DOCKER_CONFIG/cli-plugins.
    if (f.info?.parsed) {
      f.info.parsed.clientPlugins = [
        {
          name: 'buildx',
          path: '/h/.docker/cli-plugins/docker-buildx',
          err: 'failed to fetch metadata: fork/exec /h/.docker/cli-plugins/docker-buildx: exec format error',
        },
      ];
    }
    f.buildxVersion = {
      result: failed('docker: unknown command: docker buildx\n', ['docker', 'buildx', 'version']),
      parseError: 'buildx version did not run',
    };
    const d = only(run(f), 'buildx.not-runnable');
    expect(d.message).toMatch(/exec format error|fork\/exec|failed to fetch metadata/);
    expect(d.repair?.action).toBe('buildx.reinstall');
  });

  it('buildx.too-old against the minimum version', () => {
    const d = only(run(healthy(), { minBuildxVersion: '0.14.0' }), 'buildx.too-old');
    expect(d.message).toContain('0.13.1');
    expect(run(healthy(), { minBuildxVersion: '0.13.1' })).toEqual([]);
  });

  it('builder.error for a dead desktop-linux context builder', () => {
    const f = healthy();
    f.ls = parsed(result(`${B}/dead-context/ls-json`, ['docker', 'buildx', 'ls']), parseLsJson);
    f.builders = f.ls.parsed?.builders ?? [];
    const d = only(run(f), 'builder.error');
    expect(d.subject).toBe('desktop-linux');
    expect(d.message).toContain('unix:///nonexistent.sock');
    expect(d.repair).toMatchObject({ action: 'builder.remove', automatic: true, notInAuto: true });
    // Not in use, no build goes there: a warning that auto leaves and repair removes.
    expect(d.severity).toBe('warning');
    // In use, every build fails, and it is not removed behind the user's back.
    f.currentBuilder = 'desktop-linux';
    expect(only(run(f), 'builder.error').severity).toBe('error');
    expect(only(run(f), 'builder.error').repair?.automatic).toBe(false);
  });

  it('builder.error for a created builder is repaired by recreating it', () => {
    const f = healthy();
    f.builders = [
      ...f.builders,
      {
        name: 'mybuilder',
        driver: 'docker-container',
        current: false,
        status: 'error',
        error: 'failed to connect',
        nodes: [],
      },
    ];
    f.instanceFiles = [{ path: '/h/.docker/buildx/instances/mybuilder', content: '{"Name":"mybuilder","Nodes":[]}' }];
    expect(only(run(f), 'builder.error').repair).toMatchObject({ action: 'builder.recreate', target: 'mybuilder' });
  });

  it('builder.cannot-bootstrap from a real failed bootstrap', () => {
    const f = healthy();
    f.bootstraps = {
      'bkh-nobootstrap': parsed(
        result(`${B}/container-no-bootstrap/inspect-bootstrap`, ['docker', 'buildx', 'inspect', '--bootstrap']),
        parseInspect,
      ),
    };
    const d = only(run(f), 'builder.cannot-bootstrap');
    expect(d.message).toMatch(/cannot bootstrap: .*failed to resolve reference/);
    expect(d.repair?.action).toBe('builder.recreate');
  });

  it('builder.cannot-bootstrap for a bootstrap stopped at its timeout names the timeout and the last step', () => {
    const f = healthy();
    // What the runner keeps of a bootstrap killed while its pull hung.
    const r: CommandResult = {
      argv: ['docker', 'buildx', 'inspect', '--bootstrap', 'bkh-hang'],
      exitCode: null,
      signal: 'SIGTERM',
      stdout: '',
      // buildx 0.13.1's last words on SIGTERM, as recorded on the test daemon.
      stderr:
        '#1 [internal] booting buildkit\n#1 pulling image 127.0.0.1:5999/bkh/hang:1\n#1 pulling image 127.0.0.1:5999/bkh/hang:1 2.7s done\n' +
        '#1 ERROR: error during connect: Post "http://%2Fvar%2Frun%2Fdocker.sock/v1.45/images/create?fromImage=127.0.0.1%3A5999%2Fbkh%2Fhang&tag=1": got 1 SIGTERM/SIGINTs, forcing shutdown\n' +
        '\n[buildkit-healer: timed out after 3000 ms and was killed]',
      timedOut: true,
      durationMs: 3012,
    };
    f.bootstraps = { 'bkh-hang': parsed(r, parseInspect) };
    const d = only(run(f), 'builder.cannot-bootstrap');
    expect(d.message).toBe(
      'Builder bkh-hang cannot bootstrap: timed out after 3 s and was stopped (last step: pulling image 127.0.0.1:5999/bkh/hang:1)',
    );
    expect(d.severity).toBe('error');
    expect(d.evidence).toEqual([{ kind: 'command', ...r }]);
    // Seen on a loaded machine: the kill lands while buildx marks the step CANCELED.
    const canceled: CommandResult = {
      ...r,
      stderr:
        '#1 [internal] booting buildkit\n#1 pulling image 127.0.0.1:5999/bkh/hang:1\n#1 CANCELED\n#1 ERROR: context canceled\n',
    };
    f.bootstraps = { 'bkh-hang': parsed(canceled, parseInspect) };
    expect(only(run(f), 'builder.cannot-bootstrap').message).toBe(
      'Builder bkh-hang cannot bootstrap: timed out after 3 s and was stopped (last step: pulling image 127.0.0.1:5999/bkh/hang:1)',
    );
  });

  it('builder.cannot-bootstrap from a bootstrap that could not start names the spawn error', () => {
    const f = healthy();
    const r: CommandResult = {
      argv: ['docker', 'buildx', 'inspect', '--bootstrap', 'b'],
      exitCode: null,
      signal: null,
      stdout: '',
      stderr: '',
      timedOut: false,
      durationMs: 1,
      spawnError: 'spawn docker ENOENT',
    };
    f.bootstraps = { b: parsed(r, parseInspect) };
    expect(only(run(f), 'builder.cannot-bootstrap').message).toBe('Builder b cannot bootstrap: spawn docker ENOENT');
  });

  it('inspect folds a dead node into the builder (builder.error from inspect only)', () => {
    const f = healthy();
    const ins = parsed(
      result(`${B}/dead-context/inspect-desktop-linux`, ['docker', 'buildx', 'inspect', 'desktop-linux']),
      parseInspect,
    );
    f.builders = [
      ...f.builders,
      { name: 'desktop-linux', driver: 'docker', current: false, status: 'running', nodes: [] },
    ];
    f.inspects['desktop-linux'] = ins;
    mergeInspect(f.builders, 'desktop-linux', ins);
    const d = only(run(f), 'builder.error');
    expect(d.message).toContain('nonexistent.sock');
    expect(d.evidence.map((e) => (e.kind === 'command' ? e.argv.join(' ') : e.kind))).toContain(
      'docker buildx inspect desktop-linux',
    );
  });

  it('state.invalid-instance, with the broken ls as evidence', () => {
    const f = healthy();
    f.ls = parsed(result(`${B}/instance-not-json/ls-json`, ['docker', 'buildx', 'ls']), parseLsJson);
    f.builders = [];
    f.instanceFiles = [
      { path: '/h/.docker/buildx/instances/broken', content: 'garbage', parseError: "Unexpected token 'g'" },
    ];
    const d = only(run(f), 'state.invalid-instance');
    expect(d.repair).toMatchObject({
      action: 'state.remove-file',
      target: '/h/.docker/buildx/instances/broken',
      automatic: true,
    });
    expect(d.evidence.map((e) => e.kind)).toEqual(['file', 'command']);
    expect(JSON.stringify(d.evidence[1])).toContain("invalid character 'g'");
  });

  it('state.invalid-current for a current file of zero bytes', () => {
    const f = healthy();
    f.ls = parsed(result(`${B}/current-nul/ls-json`, ['docker', 'buildx', 'ls']), parseLsJson);
    f.builders = [];
    f.currentFile = { path: '/h/.docker/buildx/current', content: '\0'.repeat(16), parseError: 'Unexpected token' };
    const d = only(run(f), 'state.invalid-current');
    expect(d.repair?.action).toBe('state.remove-file');
  });

  it('state.current-missing when current names no builder; a context name is fine', () => {
    const f = healthy();
    f.currentFile = {
      path: '/h/.docker/buildx/current',
      content: '{"Key":"unix:///x.sock","Name":"ghost","Global":false}',
    };
    const d = only(run(f), 'state.current-missing');
    expect(d.message).toContain('ghost');
    f.contexts = ['ghost'];
    expect(run(f)).toEqual([]);
  });

  it('orphan.container and orphan.volume from real ps/volume output', () => {
    // Recorded from docker 28.2.2 on the test daemon: one leftover container and two state volumes.
    const ps =
      '{"Command":"\\"sleep 3600\\"","CreatedAt":"2026-11-23 23:18:52 +0000 UTC","ID":"23f6d23654ec","Image":"local/busybox-amd64:1","Labels":"","LocalVolumes":"0","Mounts":"","Names":"buildx_buildkit_zz0","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"2 seconds ago","Size":"4.1kB (virtual 2.03MB)","State":"running","Status":"Up Less than a second"}\n';
    const vols =
      '{"Availability":"N/A","Driver":"local","Group":"N/A","Labels":"","Links":"N/A","Mountpoint":"/d/volumes/buildx_buildkit_dc10_state/_data","Name":"buildx_buildkit_dc10_state","Scope":"local","Size":"N/A","Status":"N/A"}\n{"Availability":"N/A","Driver":"local","Group":"N/A","Labels":"","Links":"N/A","Mountpoint":"/d/volumes/buildx_buildkit_zz0_state/_data","Name":"buildx_buildkit_zz0_state","Scope":"local","Size":"N/A","Status":"N/A"}\n';
    const f = healthy();
    f.containers = { ...failed('', ['docker', 'ps']), exitCode: 0, stdout: ps };
    f.volumes = { ...failed('', ['docker', 'volume', 'ls']), exitCode: 0, stdout: vols };
    // Builder dc1 exists (node dc10): its volume is not an orphan.
    f.instanceFiles = [
      {
        path: '/h/.docker/buildx/instances/dc1',
        content: '{"Name":"dc1","Driver":"docker-container","Nodes":[{"Name":"dc10"}]}',
      },
    ];
    f.orphans = findOrphans(f.containers, f.volumes, knownNodeNames(f), []);
    expect(f.orphans).toEqual([
      { kind: 'container', name: 'buildx_buildkit_zz0', builder: 'zz', state: 'running' },
      { kind: 'volume', name: 'buildx_buildkit_zz0_state', builder: 'zz' },
    ]);
    // Running: another client's builder, most likely. Reported, never repaired, its volume held.
    const busy = recorded('docker/26.1.5+dfsg1/leftover-busy/top-api');
    const evidence = {
      ...failed('', ['GET', 'unix:///x.sock', '/containers/buildx_buildkit_zz0/top']),
      exitCode: 0,
      stdout: busy.stdout,
    };
    f.activity = {
      buildx_buildkit_zz0: { state: 'busy', processes: parseTop(busy.stdout).map((p) => p.args), evidence },
    };
    markInUse(f.orphans, f.activity);
    expect(f.orphans.map((o) => o.inUse?.by ?? o.inUse?.activity?.state)).toEqual(['busy', 'buildx_buildkit_zz0']);
    const running = run(f);
    expect(running.filter((x) => x.id.startsWith('orphan.')).map((x) => x.id)).toEqual(['orphan.running']);
    const r = only(running, 'orphan.running');
    expect(r.severity).toBe('info');
    expect(r.repair).toBeUndefined();
    expect(r.message).toContain('build in progress: /bin/sh /bin/buildkitd; sleep 600');
    expect(r.message).toContain('with its volume buildx_buildkit_zz0_state');
    expect(r.advice).toContain('docker rm -f buildx_buildkit_zz0 && docker volume rm buildx_buildkit_zz0_state');
    expect(r.evidence.map((e) => (e.kind === 'command' ? e.argv[0] : e.kind))).toEqual(['docker', 'GET']);
    // Stopped: a leftover no build can use. Both are repaired.
    f.containers = {
      ...f.containers,
      stdout: ps.replace(
        '"State":"running","Status":"Up Less than a second"',
        '"State":"exited","Status":"Exited (137) 2 seconds ago"',
      ),
    };
    f.orphans = findOrphans(f.containers, f.volumes, knownNodeNames(f), []);
    markInUse(f.orphans, {});
    const out = run(f);
    expect(only(out, 'orphan.container').repair).toMatchObject({
      action: 'orphan.remove',
      target: 'buildx_buildkit_zz0',
    });
    expect(only(out, 'orphan.volume').evidence[0]).toMatchObject({ kind: 'command', argv: ['docker', 'volume', 'ls'] });
    expect(out.some((x) => x.id === 'orphan.running')).toBe(false);
    // While builder zz's instance file is unreadable, its containers are unknown, not orphans.
    expect(findOrphans(f.containers, f.volumes, knownNodeNames(f), ['zz'])).toEqual([]);
  });

  it('builder.busy: a builder of ours whose container shows a build beside buildkitd', () => {
    const f = healthy();
    f.builders = [
      ...f.builders,
      {
        name: 'dc1',
        driver: 'docker-container',
        current: false,
        status: 'running',
        nodes: [{ name: 'dc10', endpoint: 'unix:///x.sock', status: 'running', platforms: [] }],
      },
    ];
    const idle = recorded('docker/26.1.5+dfsg1/leftover-idle/top');
    const busy = recorded('docker/26.1.5+dfsg1/leftover-busy/top');
    const ev = (out: string) => ({
      ...failed('', ['docker', 'top', 'buildx_buildkit_dc10', '-o', 'pid,args']),
      exitCode: 0,
      stdout: out,
    });
    f.activity = {
      buildx_buildkit_dc10: {
        state: buildkitActivity(parseTop(idle.stdout)),
        processes: [],
        evidence: ev(idle.stdout),
      },
    };
    expect(run(f).some((x) => x.id === 'builder.busy')).toBe(false);
    f.activity = {
      buildx_buildkit_dc10: {
        state: buildkitActivity(parseTop(busy.stdout)),
        processes: parseTop(busy.stdout).map((p) => p.args),
        evidence: ev(busy.stdout),
      },
    };
    const b = only(run(f), 'builder.busy');
    expect(b).toMatchObject({ severity: 'info', subject: 'dc1' });
    expect(b.message).toContain('buildx_buildkit_dc10: /bin/sh /bin/buildkitd; sleep 600');
    expect(b.evidence[0]).toMatchObject({
      kind: 'command',
      argv: ['docker', 'top', 'buildx_buildkit_dc10', '-o', 'pid,args'],
    });
    expect([...busyBuilders(f).entries()]).toEqual([['dc1', ['buildx_buildkit_dc10']]]);
    // Processes that could not be read (a daemon without ps, a timeout, a paused container): kept too.
    f.activity = {
      buildx_buildkit_dc10: {
        state: 'unknown',
        processes: [],
        evidence: {
          ...ev(''),
          exitCode: 1,
          stderr: 'Error response from daemon: ps: executable file not found in $PATH',
        },
      },
    };
    expect(only(run(f), 'builder.busy').message).toContain(
      'may have a build in progress: the processes of buildx_buildkit_dc10 could not be read',
    );
    expect([...busyBuilders(f).keys()]).toEqual(['dc1']);
  });

  it('config.invalid-buildkitd-toml, also inside a builder definition', () => {
    const bad = Buffer.from('[worker.oci\nmax-parallelism = = 4\n').toString('base64');
    const good = Buffer.from('[worker.oci]\nmax-parallelism = 4\n').toString('base64');
    const tomls = instanceTomls([
      {
        path: '/i/b1',
        content: JSON.stringify({ Name: 'b1', Nodes: [{ Name: 'b10', Files: { 'buildkitd.toml': bad } }] }),
      },
      {
        path: '/i/b2',
        content: JSON.stringify({ Name: 'b2', Nodes: [{ Name: 'b20', Files: { 'buildkitd.toml': good } }] }),
      },
      { path: '/i/b3', content: 'null' },
    ]);
    expect(tomls.map((t) => [t.path, t.parseError !== undefined])).toEqual([
      ['/i/b1#b10/buildkitd.toml', true],
      ['/i/b2#b20/buildkitd.toml', false],
    ]);
    const f = healthy();
    f.buildkitdTomls = tomls;
    const d = only(run(f), 'config.invalid-buildkitd-toml');
    expect(d.subject).toBe('/i/b1#b10/buildkitd.toml');
    expect(d.evidence[0]).toMatchObject({ kind: 'file', content: '[worker.oci\nmax-parallelism = = 4\n' });
  });

  it('config.invalid-daemon-json', () => {
    const f = healthy();
    f.daemonJson = { path: '/etc/docker/daemon.json', content: '{"features": {,}', parseError: 'Unexpected token' };
    const out = run(f);
    expect(only(out, 'config.invalid-daemon-json').advice).toBeDefined();
    expect(out.filter((x) => x.id === 'buildkit.disabled')).toEqual([]);
  });

  it('cache.over-limit', () => {
    const f = healthy();
    f.du = parsed(result(`${B}/builds/du-verbose`, ['docker', 'buildx', 'du', '--verbose']), (s) => parseDu(s));
    const total = f.du.parsed?.totalBytes ?? 0;
    expect(total).toBeGreaterThan(0);
    const d = only(run(f, { cacheLimitBytes: total - 1 }), 'cache.over-limit');
    expect(d.repair).toMatchObject({ action: 'cache.prune', automatic: true });
    expect(d.message).toContain(`uses ${formatBytes(total)}, over the limit of ${formatBytes(total - 1)}`);
    expect(JSON.stringify(d.evidence[0])).toContain('Reclaimable');
    expect(run(f, { cacheLimitBytes: total })).toEqual([]);
  });

  it('disk.low', () => {
    const d = only(run(healthy(), { minFreeBytes: 60e9 }), 'disk.low');
    expect(d.subject).toBe('/var/lib/docker');
    expect(d.evidence[0]).toMatchObject({ kind: 'note' });
  });

  it('baseline.failed with the build as evidence', () => {
    const f = healthy();
    f.baseline = { builder: 'default', durationMs: 800, ok: false, error: 'process did not complete' };
    f.baselineEvidence = result(`${B}/builds/build-rawjson-fail`, ['docker', 'buildx', 'build']);
    const d = only(run(f), 'baseline.failed');
    expect(JSON.stringify(d.evidence[0])).toContain('exit code: 3');
    f.baseline.ok = true;
    expect(run(f)).toEqual([]);
  });

  it('a crashing check is reported as check.crashed and hides nothing else', () => {
    const boom: Check = {
      id: 'boom',
      title: 'explodes',
      run: () => {
        throw new TypeError('kaboom');
      },
    };
    const f = healthy();
    f.dockerBuildkitEnv = '0';
    const { findings, crashed } = runChecks([boom, ...CHECKS], f, OPTS);
    expect(crashed).toEqual(['boom']);
    expect(findings.map((x) => x.id)).toEqual(['check.crashed', 'buildkit.disabled']);
    expect(findings[0]).toMatchObject({ severity: 'warning', subject: 'boom' });
    expect(findings[0]?.message).toContain('kaboom');
  });

  it('the builder in use: BUILDX_BUILDER, then the current file, then the context', () => {
    const f = healthy();
    expect(resolveCurrent(f, {})).toBe('default');
    f.currentFile = { path: '/c', content: '{"Key":"k","Name":"b1","Global":false}' };
    // b1 does not exist: buildx falls back to the context's builder, so do we.
    expect(resolveCurrent(f, {})).toBe('default');
    f.instanceFiles = [{ path: '/h/.docker/buildx/instances/b1', content: '{"Name":"b1","Nodes":[]}' }];
    expect(resolveCurrent(f, {})).toBe('b1');
    expect(resolveCurrent(f, { BUILDX_BUILDER: 'b2' })).toBe('b2');
    f.currentFile = { path: '/c', content: '{"Key":"k","Name":"","Global":false}' };
    expect(resolveCurrent(f, { DOCKER_CONTEXT: 'ctx' })).toBe('ctx');
  });
});
