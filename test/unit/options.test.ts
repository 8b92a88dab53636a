import { describe, expect, it } from 'vitest';
import { OPTION_SPECS, loadOptions, parseOptions } from '../../src/core/parse-options.js';
import { parseDurationSeconds } from '../../src/core/duration.js';
import { parseBuildersYaml } from '../../src/core/builders-yaml.js';
import { defaultOptions } from '../../src/core/options.js';
import { InputError } from '../../src/core/errors.js';

const env = { HOME: '/home/runner' };
// The builders parser handed in, as loadOptions does when `builders` is given (see the loadOptions tests).
const asInput = (raw: Record<string, string | undefined>) =>
  parseOptions(raw, { source: 'input', env, parseBuilders: parseBuildersYaml });
const asFlag = (raw: Record<string, string | undefined>) =>
  parseOptions(raw, { source: 'flag', env, parseBuilders: parseBuildersYaml });

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

/** Every declared input, as a runner sets them: each its action.yml default. */
function declaredDefaults(): Record<string, string> {
  return Object.fromEntries(OPTION_SPECS.map((s) => [s.name, s.default]));
}

describe('parseOptions', () => {
  it('gives the built-in defaults for empty inputs and for the declared defaults', () => {
    const empty = Object.fromEntries(OPTION_SPECS.map((s) => [s.name, '']));
    expect(asInput(empty)).toEqual(defaultOptions(env));
    expect(asInput(declaredDefaults())).toEqual(defaultOptions(env));
    expect(asInput({})).toEqual(defaultOptions(env));
  });

  it('reads every option into its place', () => {
    const o = asInput({
      mode: 'Repair',
      'fail-on': 'warning',
      'dry-run': 'yes',
      backup: 'false',
      'backup-store': 'local',
      'backup-dir': '~/bk',
      'backup-keep': '3',
      'cache-paths': '/a/cache\n~/b, /c',
      'backup-builder-state': '1',
      'retention-days': '90',
      'compression-level': '0',
      'max-backup-size': '512MiB',
      'keep-storage': '10GB',
      'prune-until': '30d',
      'buildx-version': 'v0.13.1',
      'buildx-url': 'https://example.invalid/v{version}/buildx-{os}-{arch}',
      'buildx-sha256': 'A'.repeat(64),
      'buildx-checksums-url': 'file:///tmp/checksums.txt',
      builders: '- {name: ci, driver: docker-container, use: true}',
      'gc-keep-storage': '10GB',
      'gc-keep-duration': '7d',
      'daemon-restart-command': 'systemctl restart docker',
      'binfmt-command': 'update-binfmts --enable',
      platforms: 'linux/amd64\nlinux/arm64',
      validate: 'no',
      'max-slowdown': '25%',
      'cache-registry': '127.0.0.1:5000',
      'rollback-on-failure': 'on',
      'lock-timeout': '0',
      timeout: '900',
      'min-buildx-version': '0.12.0',
      'cache-limit': '1GB',
      'min-free-disk': '500MB',
      'daemon-json': '/etc/docker/daemon.json',
      'buildkitd-config': '/etc/buildkit/buildkitd.toml',
      bootstrap: 'Yes',
      'shared-daemon': 'off',
      'report-path': '/tmp/r.json',
      'metrics-path': '/tmp/m.prom',
    });
    expect(o.mode).toBe('repair');
    expect(o.failOn).toBe('warning');
    expect(o.dryRun).toBe(true);
    expect(o.backup).toEqual({
      enabled: false,
      store: 'local',
      dir: '/home/runner/bk',
      keep: 3,
      cachePaths: ['/a/cache', '/home/runner/b', '/c'],
      builderState: true,
      retentionDays: 90,
      compressionLevel: 0,
      maxBytes: 512 * 1024 ** 2,
    });
    expect(o.clean).toEqual({ pruneCache: true, keepStorageBytes: 10e9, pruneUntil: '720h' });
    expect(o.reinstall).toEqual({
      buildxVersion: '0.13.1',
      buildxUrl: 'https://example.invalid/v{version}/buildx-{os}-{arch}',
      buildxSha256: 'a'.repeat(64),
      buildxChecksumsUrl: 'file:///tmp/checksums.txt',
      builders: [{ name: 'ci', driver: 'docker-container', driverOpts: {}, platforms: [], use: true }],
      daemonRestartCommand: 'systemctl restart docker',
      binfmtCommand: 'update-binfmts --enable',
      platforms: ['linux/amd64', 'linux/arm64'],
      gcKeepStorage: '10GB',
      gcKeepDuration: '168h',
    });
    expect(o.validate).toEqual({
      enabled: false,
      platforms: ['linux/amd64', 'linux/arm64'],
      maxSlowdownPercent: 25,
      cacheRegistry: '127.0.0.1:5000',
      cache: true,
      baseImage: { '*': 'busybox:1.36' },
      baseImageExplicit: false,
    });
    expect(o.rollbackOnFailure).toBe(true);
    expect(o.lockTimeoutMs).toBe(0);
    expect(o.timeouts).toEqual({ probe: 900_000, slow: 900_000, build: 900_000 });
    expect(o.diagnose).toMatchObject({
      minBuildxVersion: '0.12.0',
      cacheLimitBytes: 1e9,
      minFreeBytes: 5e8,
      daemonJsonPaths: ['/etc/docker/daemon.json'],
      buildkitdTomlPaths: ['/etc/buildkit/buildkitd.toml'],
      bootstrap: true,
      sharedDaemon: false,
    });
    expect(o.reportPath).toBe('/tmp/r.json');
    expect(o.metricsPath).toBe('/tmp/m.prom');
  });

  it("parses 'false' as false (the setup-buildx keep-state bug)", () => {
    expect(asInput({ backup: 'false' }).backup.enabled).toBe(false);
    expect(asInput({ 'dry-run': 'false' }).dryRun).toBe(false);
    expect(asInput({ 'dry-run': 'False' }).dryRun).toBe(false);
  });

  it.each([
    ['mode', 'bogus', /Invalid mode "bogus": expected one of check, auto, repair, reinstall/],
    ['mode', 'rollback', /expected one of check, auto, repair, reinstall/],
    ['fail-on', 'info', /expected one of error, warning, never/],
    ['dry-run', 'maybe', /true or false/],
    ['bootstrap', 'always', /true or false/],
    ['shared-daemon', 'sometimes', /Invalid shared-daemon "sometimes": expected true or false/],
    ['backup-store', 's3', /auto, local, github/],
    ['backup-keep', '0', /whole number from 1/],
    ['retention-days', '91', /from 1 to 90/],
    ['retention-days', '7.5', /from 1 to 90/],
    ['compression-level', '10', /from 0 to 9/],
    ['max-backup-size', 'big', /a size/],
    ['keep-storage', '-1GB', /a size/],
    ['prune-until', '30 days', /a duration/],
    ['prune-until', '0h', /greater than zero/],
    ['buildx-version', 'latest', /MAJOR\.MINOR\.PATCH/],
    ['buildx-url', 'ftp://x/y', /http\(s\):\/\/ or file:\/\//],
    ['buildx-url', 'https://x/{ver}', /placeholders/],
    ['buildx-sha256', 'abc', /64 hex digits/],
    ['platforms', 'linux', /os\/arch/],
    ['max-slowdown', '1001', /percentage from 0 to 1000/],
    ['cache-registry', 'http://127.0.0.1:5000', /host:port/],
    ['lock-timeout', '86401', /from 0 to 86400/],
    ['timeout', '0', /from 1 to 3600/],
    ['min-buildx-version', '0.x', /MAJOR\.MINOR\.PATCH/],
    ['cache-limit', '10 parsecs', /a size/],
    ['gc-keep-storage', 'lots', /a size/],
    ['gc-keep-duration', 'forever', /a duration/],
    ['builders', '- {name: a, driver: nope}', /builders\[0\]\.driver/],
  ])('rejects %s=%j naming the input and the accepted values', (name, value, re) => {
    const e = inputError(() => asInput({ [name]: value }));
    expect(e.input.startsWith(name.split('.')[0] ?? name)).toBe(true);
    expect(e.message).toMatch(re);
    expect(e.value).toBe(value);
  });

  it('base-image: busybox:1.36 by default for the platform check only; one image, ARCH=IMAGE pairs or none; a bad value names the input', () => {
    expect(asInput({}).validate).toMatchObject({ baseImage: { '*': 'busybox:1.36' }, baseImageExplicit: false });
    expect(asInput({ 'base-image': 'busybox:1.36' }).validate.baseImageExplicit).toBe(false);
    expect(
      asInput({ 'base-image': 'amd64=local/busybox-amd64:1, arm64=local/busybox-arm64:1' }).validate,
    ).toMatchObject({
      baseImage: { amd64: 'local/busybox-amd64:1', arm64: 'local/busybox-arm64:1' },
      baseImageExplicit: true,
    });
    expect(asInput({ 'base-image': 'none' }).validate.baseImage).toEqual({});
    expect(asInput({ 'base-image': 'alpine:3' }).validate.baseImage).toEqual({ '*': 'alpine:3' });
    const e = inputError(() => asFlag({ 'base-image': 'amd64=' }));
    expect(e.input).toBe('--base-image');
    expect(e.message).toContain('ARCH=IMAGE');
  });

  it('prune-cache: empty by default (a reinstall prunes nothing); builder names; a bad name names the input', () => {
    expect(asInput({}).clean.pruneBuilders).toBeUndefined();
    expect(asInput({ 'prune-cache': 'default, ci' }).clean.pruneBuilders).toEqual(['default', 'ci']);
    expect(inputError(() => asInput({ 'prune-cache': 'bad name!' })).input).toBe('prune-cache');
  });

  it('shared-daemon: on by default (a daemon may have other clients); false only when said', () => {
    expect(defaultOptions(env).diagnose.sharedDaemon).toBe(true);
    expect(asInput({ 'shared-daemon': '' }).diagnose.sharedDaemon).toBe(true);
    expect(asInput({ 'shared-daemon': 'false' }).diagnose.sharedDaemon).toBe(false);
    expect(asFlag({ 'shared-daemon': 'no' }).diagnose.sharedDaemon).toBe(false);
  });

  it('bootstrap: off by default, a boolean like the others, and a bad value is a clear error', () => {
    expect(defaultOptions(env).diagnose.bootstrap).toBe(false);
    expect(asInput({ bootstrap: '' }).diagnose.bootstrap).toBe(false);
    for (const v of ['true', 'TRUE', 'yes', 'on', '1'])
      expect(asInput({ bootstrap: v }).diagnose.bootstrap, v).toBe(true);
    for (const v of ['false', 'False', 'no', 'off', '0'])
      expect(asFlag({ bootstrap: v }).diagnose.bootstrap, v).toBe(false);
    expect(inputError(() => asInput({ bootstrap: 'maybe' })).message).toBe(
      'Invalid bootstrap "maybe": expected true or false (also yes/no, on/off, 1/0)',
    );
    expect(inputError(() => asFlag({ bootstrap: 'sometimes' })).message).toBe(
      'Invalid --bootstrap "sometimes": expected true or false (also yes/no, on/off, 1/0)',
    );
    const spec = OPTION_SPECS.find((x) => x.name === 'bootstrap');
    expect(spec).toMatchObject({ default: 'false', boolean: true });
    expect(spec?.actionOnly).toBeUndefined();
  });

  it('names CLI flags with their dashes', () => {
    const e = inputError(() => asFlag({ 'fail-on': 'sometimes' }));
    expect(e.input).toBe('--fail-on');
    expect(e.message).toBe('Invalid --fail-on "sometimes": expected one of error, warning, never');
  });

  it('rejects an unknown option naming the known ones', () => {
    const e = inputError(() => asFlag({ 'fail-onn': 'error' }));
    expect(e.input).toBe('--fail-onn');
    expect(e.accepted).toContain('--fail-on');
  });

  it('refuses buildx-file together with buildx-url', () => {
    expect(() => asInput({ 'buildx-file': '/tmp/b', 'buildx-url': 'https://x/{version}' })).toThrow(/not both/);
  });

  it('keeps slow and build timeouts at least at their defaults', () => {
    expect(asInput({ timeout: '5' }).timeouts).toEqual({ probe: 5000, slow: 180_000, build: 600_000 });
  });
});

describe('benchmark-build-args', () => {
  const ctxDir = process.cwd(); // has no Dockerfile of its own: use a test fixture directory
  const args = (v: string) =>
    parseOptions(
      { 'benchmark-context': ctxDir, 'benchmark-dockerfile': 'package.json', 'benchmark-build-args': v },
      { source: 'input', env },
    ).diagnose.benchmark?.buildArgs;

  it('one KEY=VALUE per line, the value whole: commas and = signs kept (as build-push-action build-args)', () => {
    expect(args('LIST=a,b,c\nURL=https://x/?q=1,2\n\nEMPTY=')).toEqual({
      LIST: 'a,b,c',
      URL: 'https://x/?q=1,2',
      EMPTY: '',
    });
  });

  it('one line: comma separated pairs still work, and a comma not followed by KEY= stays in the value', () => {
    expect(args('A=1,B=2')).toEqual({ A: '1', B: '2' });
    expect(args('A=x,y, B=z')).toEqual({ A: 'x,y', B: 'z' });
  });

  it('bad input names the input and what is accepted', () => {
    expect(() => args('A=1\nnot a pair')).toThrow(InputError);
    expect(() => args('A=1\nnot a pair')).toThrow(
      /benchmark-build-args.*KEY=VALUE build arguments.*one per line \(a value may hold commas\)/s,
    );
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['720h', 720 * 3600],
    ['30d', 30 * 86_400],
    ['1h30m', 5400],
    ['90m', 5400],
    ['2w', 14 * 86_400],
    ['1.5h', 5400],
    ['500ms', 0.5],
    ['1500000\u00b5s', 1.5],
    ['1500000us', 1.5],
  ])('%s', (text, secs) => expect(parseDurationSeconds(text)).toBeCloseTo(secs));
  it.each(['', 'h', '10', '10x', '1h 30m'])('rejects %j', (text) => expect(() => parseDurationSeconds(text)).toThrow());
});

describe("loadOptions (the hosts' parser: ajv and yaml only when builders is given)", () => {
  it('parses builders with the YAML parser it loads, and rejects bad builders naming the input', async () => {
    const o = await loadOptions(
      { mode: 'reinstall', builders: '- {name: ci, driver: docker-container}' },
      { source: 'input', env },
    );
    expect(o.reinstall.builders).toEqual([
      { name: 'ci', driver: 'docker-container', driverOpts: {}, platforms: [], use: false },
    ]);
    await expect(loadOptions({ builders: '- {name: a, driver: nope}' }, { source: 'flag', env })).rejects.toThrow(
      InputError,
    );
  });

  it('gives what parseOptions gives without builders', async () => {
    const raw = { mode: 'auto', 'fail-on': 'warning', platforms: 'linux/amd64' };
    expect(await loadOptions(raw, { source: 'input', env })).toEqual(parseOptions(raw, { source: 'input', env }));
  });

  it('parseOptions without the builders parser is a bug when builders is given, not a silent default', () => {
    expect(() => parseOptions({ builders: '- {name: a, driver: docker}' }, { source: 'input', env })).toThrow(
      /parseBuilders/,
    );
    expect(parseOptions({ builders: '' }, { source: 'input', env }).reinstall.builders).toEqual(
      defaultOptions(env).reinstall.builders,
    );
  });
});
