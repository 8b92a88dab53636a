import semver from 'semver';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from './errors.js';
import type { Options } from './options.js';
import { DEFAULT_BASE_IMAGE, defaultOptions } from './options.js';
import type { BuilderSpec } from './options.js';
import { parseBoolValue, validatePlatform } from './option-values.js';
import { parseSize } from './size.js';
import { MAX_DEADLINE_S, MIN_DEADLINE_S } from './deadline.js';
import { boundedSeconds, boundedSecondsAccepted, parseDurationSeconds } from './duration.js';
import { parseAllowBuilderSettings } from './option-values.js';

/**
 * One description per option, shared by the action (action.yml is checked against it by a test),
 * the CLI (flags of the same names, help text) and the README. `default` is what action.yml
 * declares; an empty value always means "the built-in default".
 */
export interface OptionSpec {
  name: string;
  description: string;
  /** The default action.yml declares ('' when the built-in default depends on the machine). */
  default: string;
  /** Boolean options: a CLI flag given alone means true. */
  boolean?: boolean;
  /** Options that make sense only in the action (not offered as CLI flags). */
  actionOnly?: boolean;
}

export const OPTION_SPECS: readonly OptionSpec[] = [
  {
    name: 'mode',
    default: 'check',
    description:
      'What to do: check (diagnose and report), auto (repair only what is broken), repair (fix everything diagnose finds), reinstall (clean reinstallation of buildx and the builders).',
  },
  {
    name: 'fail-on',
    default: 'error',
    description: 'Fail when a finding at or above this severity remains: error, warning or never.',
  },
  {
    name: 'dry-run',
    default: 'false',
    boolean: true,
    description: 'Print the exact commands a heal would run and change nothing.',
  },
  {
    name: 'backup',
    default: 'true',
    boolean: true,
    description:
      'Back up builders, state and configuration before anything is removed (false turns the safety net off).',
  },
  {
    name: 'backup-store',
    default: 'auto',
    description: 'Where backups go: auto (github in Actions, local elsewhere), local or github.',
  },
  {
    name: 'backup-dir',
    default: '',
    description: 'Directory of the local backup store (default ~/.buildkit-healer/backups).',
  },
  { name: 'backup-keep', default: '10', description: 'Local store: how many newest backups to keep (1 or more).' },
  {
    name: 'cache-paths',
    default: '',
    description: 'Local cache directories to back up as cache data (newline or comma separated).',
  },
  {
    name: 'backup-builder-state',
    default: 'false',
    boolean: true,
    description:
      "Also stream docker-container builders' state (their build cache, /var/lib/buildkit) out of stopped builders into the backup; a reinstall does it for the builders it removes whatever this says. Bounded by max-backup-size (a state that does not fit is left out and reported); a rollback with restore-cache puts it back.",
  },
  { name: 'retention-days', default: '7', description: 'Retention of the backup artifact in days (1-90).' },
  { name: 'compression-level', default: '6', description: 'Zip compression level of the backup artifact (0-9).' },
  {
    name: 'max-backup-size',
    default: '2GB',
    description: 'Refuse a backup bundle larger than this (size, e.g. 2GB, 512MiB).',
  },
  {
    name: 'keep-storage',
    default: '',
    description: 'When pruning build cache, keep this much (size, e.g. 10GB); empty: no size filter.',
  },
  {
    name: 'prune-until',
    default: '',
    description:
      'When pruning build cache, remove only entries older than this (duration: 720h, 30d, 90m); empty: no age filter.',
  },
  {
    name: 'prune-cache',
    default: '',
    description:
      "On reinstall, the builders whose whole build cache is pruned (newline or comma separated, e.g. default); empty: none. The docker driver's cache (the default builder, context builders) is the daemon's, shared by every client, and cannot be backed up: the plan and the report name it NOT backed up before it is removed. A docker-container builder's cache goes with the builder a reinstall removes, and its state is backed up first.",
  },
  {
    name: 'buildx-version',
    default: '',
    description: 'buildx version to install on reinstall (semver, e.g. 0.13.1 or v0.13.1).',
  },
  {
    name: 'buildx-url',
    default: '',
    description: 'Download URL template of the buildx binary: {version} (no leading v), {os}, {arch}.',
  },
  { name: 'buildx-file', default: '', description: 'A local buildx binary to install instead of downloading one.' },
  { name: 'buildx-sha256', default: '', description: 'Expected SHA-256 of the buildx binary (64 hex digits).' },
  {
    name: 'buildx-checksums-url',
    default: '',
    description: "URL template of the release's checksums file, to check the binary against.",
  },
  {
    name: 'builders',
    default: '',
    description:
      'Builders to (re)create, as a YAML list: name, driver (docker|docker-container|remote|kubernetes), driver-opts, platforms, buildkitd-config, buildkitd-config-inline, endpoint, buildkitd-flags, use. Empty: those the backup held.',
  },
  {
    name: 'gc-keep-storage',
    default: '',
    description:
      'On reinstall, the build cache size garbage collection keeps (size, e.g. 10GB): builder.gc in daemon.json for the docker driver, the GC policy in buildkitd.toml for container builders. Empty: GC settings left as they are.',
  },
  {
    name: 'gc-keep-duration',
    default: '',
    description:
      'On reinstall, how long garbage collection keeps unused build cache (duration, e.g. 720h or 30d). Empty: left as it is.',
  },
  {
    name: 'daemon-restart-command',
    default: '',
    description:
      'Command that restarts the Docker daemon (e.g. sudo systemctl restart docker); the daemon is never restarted without it.',
  },
  {
    name: 'binfmt-command',
    default: '',
    description: 'Command that installs QEMU binfmt handlers for missing platforms.',
  },
  {
    name: 'platforms',
    default: '',
    description:
      'Platforms that must build, as os/arch[/variant] (newline or comma separated), e.g. linux/amd64,linux/arm64.',
  },
  {
    name: 'base-image',
    default: 'busybox:1.36',
    description:
      "Base image of the test build's RUN step, which prints the platform, uname -m and a fresh token on every requested platform (validate.platform, check --platforms): one multi-arch image, or ARCH=IMAGE pairs (newline or comma separated, e.g. amd64=local/busybox-amd64:1,arm64=local/busybox-arm64:1), or none (FROM scratch + COPY: the arch is not proven). It needs a shell, echo and uname; it is pulled when missing (offline runners name an image they have, or none). Any other base-image also serves the cache checks; the default does not (they stay FROM scratch).",
  },
  {
    name: 'validate',
    default: 'true',
    boolean: true,
    description: 'After a heal, prove the builders work with real test builds.',
  },
  {
    name: 'max-slowdown',
    default: '50',
    description: 'Allowed build slowdown against the baseline, in percent (0-1000).',
  },
  {
    name: 'benchmark-context',
    default: '',
    description:
      "The team's own build context directory, timed as the baseline in diagnose and again in validate instead of the tiny test build: the median of benchmark-runs runs with --no-cache (output discarded), and max-slowdown applies with no allowance. check records each median in the local store (backup-dir) and reports the trend and any slowdown against a week ago (benchmark.slower). Empty: the tiny test build.",
  },
  {
    name: 'benchmark-dockerfile',
    default: '',
    description: 'Dockerfile of the benchmark build (default: Dockerfile in benchmark-context).',
  },
  {
    name: 'benchmark-target',
    default: '',
    description: 'Build stage (--target) of the benchmark build; empty: the last stage.',
  },
  {
    name: 'benchmark-build-args',
    default: '',
    description:
      'Build arguments of the benchmark build, one KEY=VALUE per line (a value may hold commas and = signs, as in docker/build-push-action build-args); on a single line, pairs may also be comma separated (a comma starts a new pair only before KEY=).',
  },
  {
    name: 'benchmark-runs',
    default: '3',
    description:
      'Runs of the benchmark build per measurement (1-15), after one warm-up run that is not measured; the median counts.',
  },
  {
    name: 'cache-registry',
    default: '',
    description: 'Registry (host:port) for the cache export/import round trip; empty: skipped.',
  },
  {
    name: 'rollback-on-failure',
    default: 'false',
    boolean: true,
    description: 'Roll back in the same run when validation fails after a heal.',
  },
  {
    name: 'allow-builder-settings',
    default: '',
    description:
      "Builder settings beyond buildx's defaults a rollback may recreate a builder of the backup with (newline or comma separated): driver options as key=value or key (image, network, cgroup-parent, env.* ...) and BuildKit flags or entitlements (e.g. --allow-insecure-entitlement=security.insecure). A bundle is data: other builders asking for them are not created, and the report lists what they asked for. The rollback of a heal in the same run trusts its own backup.",
  },
  {
    name: 'lock-timeout',
    default: '600',
    description: 'Seconds to wait for another healer working on the same daemon (0-86400).',
  },
  {
    name: 'deadline',
    default: '30m',
    description:
      'Overall deadline of the run (duration from 10s to 24h, e.g. 30m, 1h, 90s): every docker call is capped at the time left and the lock wait and each phase are raced against it. When it passes, a heal stops where it is, keeps its backup, does not roll back, and the report says where it stopped (stopped).',
  },
  {
    name: 'timeout',
    default: '20',
    description:
      'Timeout in seconds of quick docker calls (version, info, ls, inspect; 1-3600); slow calls and test builds get at least as long.',
  },
  { name: 'min-buildx-version', default: '0.10.0', description: 'Older buildx is a finding (semver).' },
  {
    name: 'cache-limit',
    default: '10GB',
    description:
      "Keep at most this much build cache (size): above it is a finding (cache.over-limit), and auto prunes the daemon's build cache (the default builder's) down to it, least recently used first, never records in use.",
  },
  {
    name: 'cache-max-age',
    default: '30d',
    description:
      'Build cache records unused for longer than this go when auto enforces the cache policy (duration: 30d, 720h).',
  },
  {
    name: 'cache-policy',
    default: 'true',
    boolean: true,
    description:
      "auto enforces cache-limit and cache-max-age on the daemon's build cache before builds (usage from the Engine API's /system/df, or buildx du at most once per cache-check-interval), reported as a cache.policy action with the bytes freed. false: the limits are only reported.",
  },
  {
    name: 'cache-check-interval',
    default: '1h',
    description:
      'Without a local daemon socket (no Engine API), how often auto may run buildx du to read the cache usage (duration).',
  },
  {
    name: 'min-free-disk',
    default: '2GB',
    description: 'Free disk below this on the Docker data root is a finding (size).',
  },
  {
    name: 'daemon-json',
    default: '',
    description:
      'daemon.json paths to check (newline or comma separated; default /etc/docker/daemon.json and ~/.config/docker/daemon.json).',
  },
  {
    name: 'buildkitd-config',
    default: '',
    description: 'Extra buildkitd.toml files to validate (newline or comma separated).',
  },
  {
    name: 'bootstrap',
    default: 'false',
    boolean: true,
    description:
      'Full diagnose: try docker buildx inspect --bootstrap on inactive builders, so one that cannot start is a finding (builder.cannot-bootstrap). This may pull the BuildKit image and start builder containers; check changes nothing else. Not used by the quick diagnose of auto mode.',
  },
  {
    name: 'shared-daemon',
    default: 'true',
    boolean: true,
    description:
      "true: other clients (runners, users with another HOME) may use this Docker daemon, so a running buildx_buildkit_* container that no builder of this client knows is taken for theirs: reported (orphan.running), never removed, nor its volume. false: this client is the daemon's only user; such a container is removed like a stopped leftover when it is idle (only buildkitd runs in it). A container with a build in progress is never removed.",
  },
  {
    name: 'orphan-min-age',
    default: '24h',
    description:
      "A stopped buildx_buildkit_* container (and its state volume) that no builder of this client knows is removed only when it stopped at least this long ago (the daemon's State.FinishedAt; for a lone volume its CreatedAt): a younger one may be another client's builder, stopped with docker buildx stop, and is reported (orphan.recent) and left alone. Duration, e.g. 24h, 7d, 90m.",
  },
  {
    name: 'report-path',
    default: '',
    description: 'Where to write the JSON report (action default: $RUNNER_TEMP/buildkit-healer-report.json).',
  },
  {
    name: 'metrics-path',
    default: '',
    description: 'Where to write Prometheus text-format metrics (for a node exporter textfile collector); empty: none.',
  },
];

const OPTION_NAMES: readonly string[] = OPTION_SPECS.map((s) => s.name);

const MODES = ['check', 'auto', 'repair', 'reinstall'] as const;
const FAIL_ON = ['error', 'warning', 'never'] as const;
export const STORES = ['auto', 'local', 'github'] as const;

export type RawOptions = Record<string, string | undefined>;

export interface ParseContext {
  /** `input` names errors like action inputs (`fail-on`), `flag` like CLI flags (`--fail-on`). */
  source: 'input' | 'flag';
  env: NodeJS.ProcessEnv;
  /**
   * The `builders` YAML parser (builders-yaml.ts, with ajv and yaml). Hosts call loadOptions, which
   * loads it only when `builders` is given; callers of parseOptions with `builders` hand it in.
   */
  parseBuilders?: (text: string) => BuilderSpec[];
}

/** parseOptions for the hosts: the `builders` parser (ajv, yaml) is loaded only when that input is given. */
export async function loadOptions(raw: RawOptions, ctx: ParseContext): Promise<Options> {
  const given = raw['builders'] !== undefined && raw['builders'].trim() !== '';
  if (!given || ctx.parseBuilders !== undefined) return parseOptions(raw, ctx);
  const { parseBuildersYaml } = await import('./builders-yaml.js');
  return parseOptions(raw, { ...ctx, parseBuilders: parseBuildersYaml });
}

/**
 * The one parser for action inputs and CLI flags. Every bad value is an InputError naming the
 * input, the value and what is accepted, thrown before anything runs. Empty means default.
 */
export function parseOptions(raw: RawOptions, ctx: ParseContext): Options {
  const label = (name: string) => (ctx.source === 'flag' ? `--${name}` : name);
  checkKnownNames(raw, ctx, label);
  const get = (name: string): string | undefined => {
    const v = raw[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const p = new Fields(get, label);
  const o = defaultOptions(ctx.env);
  // The groups read in the table's order: the first bad input reported is the first in it.
  o.mode = p.oneOf('mode', MODES) ?? o.mode;
  o.failOn = p.oneOf('fail-on', FAIL_ON) ?? o.failOn;
  o.dryRun = p.bool('dry-run') ?? o.dryRun;
  readBackup(p, o, ctx.env);
  readClean(p, o);
  readBuildx(p, o, ctx.env);
  readReinstall(p, o, raw, ctx);
  readValidate(p, o);
  readBenchmark(p, o, ctx.env);
  readCacheRegistry(p, o);
  o.rollbackOnFailure = p.bool('rollback-on-failure') ?? o.rollbackOnFailure;
  readLimits(p, o);
  readDiagnose(p, o, ctx.env);
  const report = p.path('report-path', ctx.env);
  if (report !== undefined) o.reportPath = report;
  const metrics = p.path('metrics-path', ctx.env);
  if (metrics !== undefined) o.metricsPath = metrics;
  return o;
}

/** A name that is no option is refused first, naming every known one. */
function checkKnownNames(raw: RawOptions, ctx: ParseContext, label: (name: string) => string): void {
  for (const [k, v] of Object.entries(raw)) {
    if (!OPTION_NAMES.includes(k)) {
      throw new InputError(
        label(k),
        v ?? '',
        `one of the known ${ctx.source === 'flag' ? 'options' : 'inputs'}: ${OPTION_NAMES.map(label).join(', ')}`,
      );
    }
  }
}

function readBackup(p: Fields, o: Options, env: NodeJS.ProcessEnv): void {
  o.backup.enabled = p.bool('backup') ?? o.backup.enabled;
  o.backup.store = p.oneOf('backup-store', STORES) ?? o.backup.store;
  o.backup.dir = p.path('backup-dir', env) ?? o.backup.dir;
  o.backup.keep = p.int('backup-keep', 1, 10_000) ?? o.backup.keep;
  o.backup.cachePaths = p.list('cache-paths')?.map((x) => expandHome(x, env)) ?? o.backup.cachePaths;
  o.backup.builderState = p.bool('backup-builder-state') ?? o.backup.builderState;
  o.allowBuilderSettings = parseAllowBuilderSettings(
    p.list('allow-builder-settings'),
    p.label('allow-builder-settings'),
  );
  o.backup.retentionDays = p.int('retention-days', 1, 90) ?? o.backup.retentionDays;
  o.backup.compressionLevel = p.int('compression-level', 0, 9) ?? o.backup.compressionLevel;
  o.backup.maxBytes = p.size('max-backup-size', 1) ?? o.backup.maxBytes;
}

function readClean(p: Fields, o: Options): void {
  const keep = p.size('keep-storage', 0);
  if (keep !== undefined) o.clean.keepStorageBytes = keep;
  const until = p.duration('prune-until');
  if (until !== undefined) o.clean.pruneUntil = until;
  const pruneList = p.list('prune-cache');
  if (pruneList !== undefined) {
    for (const n of pruneList) {
      if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(n))
        throw new InputError(
          p.label('prune-cache'),
          n,
          'builder names (letters, digits, _ . -), newline or comma separated, e.g. default',
        );
    }
    o.clean.pruneBuilders = pruneList;
  }
}

/** Which buildx a reinstall installs: a version, a URL or a file, its checksum. */
function readBuildx(p: Fields, o: Options, env: NodeJS.ProcessEnv): void {
  const bv = p.semver('buildx-version');
  if (bv !== undefined) o.reinstall.buildxVersion = bv;
  const url = p.url('buildx-url');
  if (url !== undefined) o.reinstall.buildxUrl = url;
  const file = p.path('buildx-file', env);
  if (file !== undefined) o.reinstall.buildxFile = file;
  if (url !== undefined && file !== undefined) {
    throw new InputError(
      p.label('buildx-file'),
      file,
      `either ${p.label('buildx-file')} or ${p.label('buildx-url')}, not both`,
    );
  }
  const sha = p.get('buildx-sha256');
  if (sha !== undefined) {
    if (!/^[0-9a-fA-F]{64}$/.test(sha))
      throw new InputError(p.label('buildx-sha256'), sha, 'a SHA-256 as 64 hex digits');
    o.reinstall.buildxSha256 = sha.toLowerCase();
  }
  const sums = p.url('buildx-checksums-url');
  if (sums !== undefined) o.reinstall.buildxChecksumsUrl = sums;
}

/** The builders, GC settings, commands and platforms of a reinstall. */
function readReinstall(p: Fields, o: Options, raw: RawOptions, ctx: ParseContext): void {
  const builders = p.get('builders');
  if (builders !== undefined) {
    // A bug, not bad input: the host did not load the parser (loadOptions does).
    if (ctx.parseBuilders === undefined)
      throw new Error('parseOptions: builders given but no parseBuilders (use loadOptions)');
    o.reinstall.builders = ctx.parseBuilders(raw['builders'] ?? '');
  }
  const gcSize = p.get('gc-keep-storage');
  if (gcSize !== undefined) {
    p.size('gc-keep-storage', 1);
    // Kept as written: it goes into daemon.json / buildkitd.toml, which read the same units.
    o.reinstall.gcKeepStorage = gcSize;
  }
  const gcAge = p.duration('gc-keep-duration');
  if (gcAge !== undefined) o.reinstall.gcKeepDuration = gcAge;
  const restart = p.get('daemon-restart-command');
  if (restart !== undefined) o.reinstall.daemonRestartCommand = restart;
  const binfmt = p.get('binfmt-command');
  if (binfmt !== undefined) o.reinstall.binfmtCommand = binfmt;
  const platforms = p.list('platforms')?.map((x) => validatePlatform(x, p.label('platforms')));
  if (platforms !== undefined) {
    o.reinstall.platforms = platforms;
    o.validate.platforms = [...platforms];
  }
}

function readValidate(p: Fields, o: Options): void {
  const base = p.get('base-image');
  // The declared default (which the runner passes when the input is not set) stays the default.
  if (base !== undefined && base !== DEFAULT_BASE_IMAGE) {
    o.validate.baseImage = parseBaseImage(base, p.label('base-image'));
    o.validate.baseImageExplicit = true;
  }
  o.validate.enabled = p.bool('validate') ?? o.validate.enabled;
  o.validate.maxSlowdownPercent = p.percent('max-slowdown', 0, 1000) ?? o.validate.maxSlowdownPercent;
}

/** The benchmark build: every part read first, then checked against the context directory. */
function readBenchmark(p: Fields, o: Options, env: NodeJS.ProcessEnv): void {
  const bench = p.path('benchmark-context', env);
  const benchRuns = p.int('benchmark-runs', 1, 15) ?? 3;
  const benchFile = p.path('benchmark-dockerfile', env);
  const benchTarget = p.get('benchmark-target');
  const benchArgs = buildArgList(p.get('benchmark-build-args'));
  if (bench === undefined && (benchFile !== undefined || benchTarget !== undefined || benchArgs !== undefined))
    throw new InputError(
      p.label('benchmark-context'),
      '',
      `a build context directory: ${p.label('benchmark-dockerfile')}, ${p.label('benchmark-target')} and ${p.label('benchmark-build-args')} describe the build in it`,
    );
  if (bench === undefined) return;
  const dockerfile = benchFile ?? join(bench, 'Dockerfile');
  if (!isDir(bench)) throw new InputError(p.label('benchmark-context'), bench, 'an existing build context directory');
  if (!isFile(dockerfile))
    throw new InputError(
      p.label(benchFile !== undefined ? 'benchmark-dockerfile' : 'benchmark-context'),
      dockerfile,
      'an existing Dockerfile (default: Dockerfile in benchmark-context)',
    );
  if (benchTarget !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(benchTarget))
    throw new InputError(p.label('benchmark-target'), benchTarget, 'a build stage name (letters, digits, _ . -)');
  o.diagnose.benchmark = {
    context: bench,
    dockerfile,
    buildArgs: buildArgMap(benchArgs ?? [], p.label('benchmark-build-args')),
    runs: benchRuns,
    ...(benchTarget !== undefined ? { target: benchTarget } : {}),
  };
}

/** KEY=VALUE build arguments as a map; a pair that is not one names the input. */
function buildArgMap(args: readonly string[], name: string): Record<string, string> {
  const buildArgs: Record<string, string> = {};
  for (const a of args) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(a);
    if (m === null)
      throw new InputError(
        name,
        a,
        'KEY=VALUE build arguments (KEY: letters, digits, _), one per line (a value may hold commas), or comma separated on one line',
      );
    buildArgs[m[1] ?? ''] = m[2] ?? '';
  }
  return buildArgs;
}

function readCacheRegistry(p: Fields, o: Options): void {
  const reg = p.get('cache-registry');
  if (reg === undefined) return;
  if (!/^[a-zA-Z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(reg)) {
    throw new InputError(
      p.label('cache-registry'),
      reg,
      'a registry as host or host:port (e.g. 127.0.0.1:5000), without a scheme or path',
    );
  }
  o.validate.cacheRegistry = reg;
}

/** The lock wait, the overall deadline and the per-command timeout. */
function readLimits(p: Fields, o: Options): void {
  const lock = p.int('lock-timeout', 0, 86_400);
  if (lock !== undefined) o.lockTimeoutMs = lock * 1000;
  const deadline = p.seconds('deadline', MIN_DEADLINE_S, MAX_DEADLINE_S);
  if (deadline !== undefined) o.deadlineMs = deadline * 1000;
  const timeout = p.int('timeout', 1, 3600);
  if (timeout !== undefined) {
    const ms = timeout * 1000;
    o.timeouts = { probe: ms, slow: Math.max(o.timeouts.slow, ms), build: Math.max(o.timeouts.build, ms) };
  }
}

/** What diagnose judges against: versions, cache and disk limits, the files it reads, orphans. */
function readDiagnose(p: Fields, o: Options, env: NodeJS.ProcessEnv): void {
  const minBx = p.semver('min-buildx-version');
  if (minBx !== undefined) o.diagnose.minBuildxVersion = minBx;
  o.diagnose.cacheLimitBytes = p.size('cache-limit', 0) ?? o.diagnose.cacheLimitBytes;
  o.cachePolicy.limitBytes = o.diagnose.cacheLimitBytes;
  o.cachePolicy.enabled = p.bool('cache-policy') ?? o.cachePolicy.enabled;
  const maxAge = p.duration('cache-max-age');
  if (maxAge !== undefined) o.cachePolicy.maxAgeSeconds = parseDurationSeconds(maxAge);
  const interval = p.duration('cache-check-interval');
  if (interval !== undefined) o.cachePolicy.checkIntervalSeconds = parseDurationSeconds(interval);
  o.diagnose.minFreeBytes = p.size('min-free-disk', 0) ?? o.diagnose.minFreeBytes;
  o.diagnose.daemonJsonPaths = p.list('daemon-json')?.map((x) => expandHome(x, env)) ?? o.diagnose.daemonJsonPaths;
  o.diagnose.buildkitdTomlPaths =
    p.list('buildkitd-config')?.map((x) => expandHome(x, env)) ?? o.diagnose.buildkitdTomlPaths;
  o.diagnose.bootstrap = p.bool('bootstrap') ?? o.diagnose.bootstrap;
  o.diagnose.sharedDaemon = p.bool('shared-daemon') ?? o.diagnose.sharedDaemon;
  if (p.duration('orphan-min-age', true) !== undefined)
    o.diagnose.orphanMinAgeMs = Math.round(parseDurationSeconds(p.get('orphan-min-age') ?? '') * 1000);
}

const IMAGE_REF = /^[a-z0-9][a-z0-9._\-/:@]*$/i;

/** `none`, one image for every arch (`*`), or `ARCH=IMAGE` pairs. */
function parseBaseImage(text: string, name: string): Partial<Record<string, string>> {
  const items = text
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const accepted =
    'none, one image (e.g. busybox:1.36), or ARCH=IMAGE pairs (e.g. amd64=local/busybox-amd64:1,arm64=local/busybox-arm64:1)';
  if (items.length === 1 && items[0]?.toLowerCase() === 'none') return {};
  if (items.length === 1 && !items[0]?.includes('=')) {
    if (!IMAGE_REF.test(items[0] ?? '')) throw new InputError(name, text, accepted);
    return { '*': items[0] ?? '' };
  }
  const out: Partial<Record<string, string>> = {};
  for (const it of items) {
    const m = /^([a-z0-9]+)=(.+)$/.exec(it);
    if (m === null || !IMAGE_REF.test(m[2] ?? '')) throw new InputError(name, it, accepted);
    out[m[1] ?? ''] = m[2] ?? '';
  }
  return out;
}

/** Re-exported so hosts parse their own booleans (step state, rollback inputs) the same way. */
export const parseBool = parseBoolValue;

/** `~/x` → `$HOME/x`: inputs are not shell-expanded by the runner. */
export function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  if ((p === '~' || p.startsWith('~/')) && env.HOME) return env.HOME + p.slice(1);
  return p;
}

/** Hours as buildx's `until` filter reads them (a Go duration): `720h`, `1.5h`. */
function formatHours(seconds: number): string {
  const h = Math.round((seconds / 3600) * 1000) / 1000;
  return `${h}h`;
}

/** Reads one option by its name: the trimmed value (undefined when empty) and its kinds, each checked. */
class Fields {
  constructor(
    readonly get: (name: string) => string | undefined,
    readonly label: (name: string) => string,
  ) {}

  private fail(name: string, value: string, accepted: string): never {
    throw new InputError(this.label(name), value, accepted);
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    const lower = v.toLowerCase();
    if (!(values as readonly string[]).includes(lower)) this.fail(name, v, `one of ${values.join(', ')}`);
    return lower as T;
  }

  bool(name: string): boolean | undefined {
    const v = this.get(name);
    return v === undefined ? undefined : parseBoolValue(v, this.label(name));
  }

  int(name: string, min: number, max: number): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) this.fail(name, v, `a whole number from ${min} to ${max}`);
    return n;
  }

  percent(name: string, min: number, max: number): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(v);
    const n = m ? Number(m[1]) : NaN;
    if (!Number.isFinite(n) || n < min || n > max)
      this.fail(name, v, `a percentage from ${min} to ${max} (e.g. 50 or 50%)`);
    return n;
  }

  size(name: string, min: number): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    let n: number;
    try {
      n = parseSize(v);
    } catch {
      this.fail(name, v, 'a size: a number with an optional unit (B, kB, MB, GB, TB, KiB, MiB, GiB, TiB), e.g. 10GB');
    }
    if (n < min) this.fail(name, v, `a size of at least ${min} bytes`);
    return n;
  }

  /** `zero`: 0 (`0s`, `0h`) is accepted too (orphan-min-age 0: any stopped leftover is old enough). */
  duration(name: string, zero = false): string | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    let secs: number;
    try {
      secs = parseDurationSeconds(v);
    } catch {
      this.fail(name, v, 'a duration such as 720h, 30d, 1h30m or 90m (units ns, us, ms, s, m, h, d, w)');
    }
    if (zero ? secs < 0 : secs <= 0)
      this.fail(name, v, zero ? 'a duration of zero or more' : 'a duration greater than zero');
    return formatHours(secs);
  }

  /** A duration (`30m`, `1h`, `90s`, `1h30m`) in seconds, from min to max. */
  seconds(name: string, min: number, max: number): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    const secs = boundedSeconds(v, min, max);
    if (secs === undefined) this.fail(name, v, boundedSecondsAccepted(min, max));
    return secs;
  }

  semver(name: string): string | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    const c = semver.clean(v, { loose: false });
    if (c === null) this.fail(name, v, 'a version as MAJOR.MINOR.PATCH, e.g. 0.13.1 or v0.13.1');
    return c;
  }

  url(name: string): string | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    // Templates hold {version}/{os}/{arch}; check the URL with sample values put in.
    const sample = v
      .replace(/\{version\}/g, '0.13.1')
      .replace(/\{os\}/g, 'linux')
      .replace(/\{arch\}/g, 'amd64');
    let u: URL | undefined;
    try {
      u = new URL(sample);
    } catch {
      u = undefined;
    }
    if (u === undefined || !['http:', 'https:', 'file:'].includes(u.protocol) || /[{}]/.test(sample)) {
      this.fail(name, v, 'an http(s):// or file:// URL; placeholders {version}, {os}, {arch} allowed');
    }
    return v;
  }

  path(name: string, env: NodeJS.ProcessEnv): string | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (v.includes('\n') || v.includes('\0')) this.fail(name, v, 'one file path');
    return expandHome(v, env);
  }

  list(name: string): string[] | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    return v
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
}

/**
 * Build arguments as docker/build-push-action's build-args take them: one KEY=VALUE per line, the
 * value whole (commas and = signs included). A single line may hold several comma-separated pairs
 * (the older form): a comma splits only where a KEY= follows, so `A=x,y` stays one argument.
 */
function buildArgList(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const lines = v
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (lines.length !== 1) return lines;
  return (lines[0] ?? '')
    .split(/,(?=\s*[A-Za-z_][A-Za-z0-9_]*=)/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
