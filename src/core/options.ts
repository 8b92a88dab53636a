import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Severity } from './types.js';
import type { Mode } from './report.js';

/** Timeouts by kind of call, in milliseconds. Every docker call takes one of these. */
export interface Timeouts {
  /** Cheap read-only probes: version, info, ls, inspect without bootstrap. */
  probe: number;
  /** Bootstrapping a builder, removing one, pruning. */
  slow: number;
  /** A test build. */
  build: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { probe: 20_000, slow: 180_000, build: 600_000 };

export interface DiagnoseOptions {
  /** Minimum buildx version (semver). */
  minBuildxVersion: string;
  /** Build cache size above which `cache.over-limit` is raised (bytes). */
  cacheLimitBytes: number;
  /** Free space on the Docker data root below which `disk.low` is raised (bytes). */
  minFreeBytes: number;
  /** Paths of daemon.json to read (the first existing one is used). */
  daemonJsonPaths: string[];
  /** Extra buildkitd.toml files to validate besides those builders reference. */
  buildkitdTomlPaths: string[];
  /** Time a tiny real build on the builder in use. */
  baseline: boolean;
  /**
   * Full diagnose: try `inspect --bootstrap` on inactive builders (the `bootstrap` input and
   * `--bootstrap` flag). It may pull the BuildKit image and start a builder's container.
   */
  bootstrap?: boolean;
  /**
   * Other clients may use this daemon (the default): a running `buildx_buildkit_*` container no
   * builder of ours knows is theirs and stays. False: ours alone; idle ones are leftovers to remove.
   */
  sharedDaemon?: boolean;
  /**
   * A stopped `buildx_buildkit_*` leftover no builder of ours knows is removed only when it stopped
   * at least this long ago (ms; `orphan-min-age`): younger ones may be another client's builder,
   * stopped with `buildx stop`, and stay (`orphan.recent`). Absent: 24 hours.
   */
  orphanMinAgeMs?: number;
  /**
   * The team's own build (`benchmark-*` inputs), timed as the baseline instead of the tiny test
   * build: diagnose and validate each take the median of `runs` runs, and the slowdown rule then
   * has no allowance. Absent: the tiny test build (with its allowance).
   */
  benchmark?: BenchmarkSpec;
  /**
   * The builders the `builders` input declares (names): one that is not there is
   * `builder.declared-missing`, which a heal creates as declared.
   */
  declaredBuilders?: string[];
}

/** The diagnose options of a run: `diagnose`, with the names of the builders it declares. */
export function diagnoseOptionsOf(o: Options): DiagnoseOptions {
  const declared = o.reinstall.builders?.map((b) => b.name);
  return declared !== undefined && declared.length > 0 ? { ...o.diagnose, declaredBuilders: declared } : o.diagnose;
}

/** The team's own build used as the baseline (`benchmark-context` and the inputs beside it). */
export interface BenchmarkSpec {
  /** Build context directory. */
  context: string;
  /** Dockerfile path (default `<context>/Dockerfile`). */
  dockerfile: string;
  /** `--target`, when given. */
  target?: string;
  /** `--build-arg KEY=VALUE` pairs. */
  buildArgs: Record<string, string>;
  /** Runs per measurement; the median counts. */
  runs: number;
}

/** A builder the user declares in the `builders` input (YAML list). */
export interface BuilderSpec {
  name: string;
  driver: 'docker' | 'docker-container' | 'remote' | 'kubernetes';
  /** `--driver-opt key=value` pairs. */
  driverOpts: Record<string, string>;
  platforms: string[];
  /** Path of a buildkitd.toml to pass as `--buildkitd-config` (buildx < 0.13: `--config`). */
  buildkitdConfigFile?: string;
  /** Inline buildkitd.toml content (validated as TOML), written to a file the builder keeps. */
  buildkitdConfigInline?: string;
  /** Docker context or endpoint for the node (`docker` driver: a context name). */
  endpoint?: string;
  /** `--buildkitd-flags`. */
  buildkitdFlags?: string;
  /**
   * Node name (`--node`) when it is not buildx's default `<name>0`: a docker-container node's
   * container and state volume are named after it (`buildx_buildkit_<node>_state`), so a builder
   * re-created under another node name would not find its kept state.
   */
  node?: string;
  /** Make it the builder in use. */
  use: boolean;
}

export type StoreKind = 'auto' | 'local' | 'github';

export interface BackupOptions {
  enabled: boolean;
  store: StoreKind;
  /** Local store directory (default ~/.buildkit-healer/backups). */
  dir: string;
  /** Local store retention: keep this many newest bundles. */
  keep: number;
  /** Cache directories the user names, backed up as cache data. */
  cachePaths: string[];
  /** Stream docker-container builders' state (`/var/lib/buildkit`) out of their containers. */
  builderState: boolean;
  /**
   * Builders whose containers the backup may stop to stream their state out (a running container's
   * state is not copied): set by a reinstall for the container builders it is about to remove.
   */
  stopForState?: string[];
  /** GitHub artifact retention (1-90 days). */
  retentionDays: number;
  /** GitHub artifact zip compression level (0-9). */
  compressionLevel: number;
  /** Refuse bundles larger than this before upload (bytes). */
  maxBytes: number;
}

export interface CleanOptions {
  /** `buildx prune --keep-storage` (bytes); undefined: no size filter. */
  keepStorageBytes?: number;
  /** `buildx prune --filter until=...` (Go duration, e.g. `720h`); undefined: no age filter. */
  pruneUntil?: string;
  /** Prune build cache at all (repair only when cache is a finding). */
  pruneCache: boolean;
  /**
   * Builders whose whole build cache a reinstall prunes (`prune-cache`): only those the user
   * names. Empty: a reinstall prunes no cache (the docker driver's cache is the daemon's, shared
   * by every client, and cannot be backed up).
   */
  pruneBuilders?: string[];
}

/** The seeds' cache policy, which `auto` enforces on the daemon's build cache. */
export interface CachePolicyOptions {
  enabled: boolean;
  /** Keep at most this much build cache (`cache-limit`, default 10GB). */
  limitBytes: number;
  /** Records unused for longer go (`cache-max-age`, default 30 days). */
  maxAgeSeconds: number;
  /** Without the Engine API: `buildx du` at most once per this many seconds. */
  checkIntervalSeconds: number;
}

export interface ReinstallOptions {
  /** Pinned buildx version to install (`0.13.1` / `v0.13.1`). */
  buildxVersion?: string;
  /** Download URL template: `{version}` (no leading v), `{os}`, `{arch}`. */
  buildxUrl?: string;
  /** A local buildx binary to install instead of downloading. */
  buildxFile?: string;
  /** Expected SHA-256 of the binary. */
  buildxSha256?: string;
  /** URL template of a checksums file (`checksums.txt` of the release). */
  buildxChecksumsUrl?: string;
  /** Declared builders; undefined: those the backup held. */
  builders?: BuilderSpec[];
  /** Command that restarts the daemon (e.g. `sudo systemctl restart docker`); never guessed. */
  daemonRestartCommand?: string;
  /** Command (or image) that installs QEMU binfmt handlers for missing platforms. */
  binfmtCommand?: string;
  /** Platforms QEMU must serve (e.g. linux/arm64). */
  platforms: string[];
  /** Cache size limit for GC (e.g. `10GB`): `builder.gc` in daemon.json (docker driver) and the
   * GC policy in buildkitd.toml (container builders). Unset: GC settings are left as they are. */
  gcKeepStorage?: string;
  /** Cache retention for GC as a Go duration (e.g. `720h`). */
  gcKeepDuration?: string;
}

export interface ValidateOptions {
  enabled: boolean;
  /** Platforms each builder must build (besides its native one). */
  platforms: string[];
  /** Allowed slowdown against the diagnose baseline, in percent (default 50). */
  maxSlowdownPercent: number;
  /** Registry for the `type=registry` cache round trip (host:port); skipped when unset. */
  cacheRegistry?: string;
  /** Do the second-build-cached and cache export/import checks. */
  cache: boolean;
  /**
   * Base images by architecture (`amd64`, `arm64`...) that can run `RUN` steps (a shell, `cat`,
   * `uname`): with them validate proves each platform's arch with `RUN uname -m` and a cache import
   * with a fresh random token. Without them it uses `FROM scratch` + `COPY` builds.
   */
  baseImage?: Partial<Record<string, string>>;
  /**
   * False when `baseImage` is the built-in default (`busybox:1.36`, pulled): it serves the platform
   * check, the cache checks then keep to `FROM scratch` builds that need no pull.
   */
  baseImageExplicit?: boolean;
}

export interface Options {
  mode: Mode;
  failOn: Severity | 'never';
  dryRun: boolean;
  diagnose: DiagnoseOptions;
  backup: BackupOptions;
  clean: CleanOptions;
  reinstall: ReinstallOptions;
  validate: ValidateOptions;
  /** Roll back in the same run when validation fails. */
  rollbackOnFailure: boolean;
  /** Builder settings beyond the defaults a rollback may recreate from a bundle (`allow-builder-settings`). */
  allowBuilderSettings: string[];
  cachePolicy: CachePolicyOptions;
  /** How long to wait for another healer's lock on the same daemon. */
  lockTimeoutMs: number;
  /** The run's overall deadline (`deadline`): docker calls capped at the time left, phases raced. */
  deadlineMs: number;
  timeouts: Timeouts;
  /** Where the JSON report is written. */
  reportPath?: string;
  /** Optional Prometheus textfile. */
  metricsPath?: string;
}

export const GB = 1000 ** 3;

/** The test build's base image for `RUN` steps on every platform (multi-arch, pulled when missing). */
export const DEFAULT_BASE_IMAGE = 'busybox:1.36';

export function defaultOptions(env: NodeJS.ProcessEnv = process.env): Options {
  const home = env.HOME ?? homedir();
  return {
    mode: 'check',
    failOn: 'error',
    dryRun: false,
    diagnose: {
      minBuildxVersion: '0.10.0',
      cacheLimitBytes: 10 * GB,
      minFreeBytes: 2 * GB,
      daemonJsonPaths: ['/etc/docker/daemon.json', join(home, '.config', 'docker', 'daemon.json')],
      buildkitdTomlPaths: [],
      baseline: true,
      bootstrap: false,
      sharedDaemon: true,
      orphanMinAgeMs: 24 * 3600 * 1000,
    },
    backup: {
      enabled: true,
      store: 'auto',
      dir: join(home, '.buildkit-healer', 'backups'),
      keep: 10,
      cachePaths: [],
      builderState: false,
      retentionDays: 7,
      compressionLevel: 6,
      maxBytes: 2 * GB,
    },
    clean: { pruneCache: true },
    reinstall: { platforms: [] },
    validate: {
      enabled: true,
      platforms: [],
      maxSlowdownPercent: 50,
      cache: true,
      baseImage: { '*': DEFAULT_BASE_IMAGE },
      baseImageExplicit: false,
    },
    rollbackOnFailure: false,
    allowBuilderSettings: [],
    cachePolicy: { enabled: true, limitBytes: 10 * GB, maxAgeSeconds: 30 * 86_400, checkIntervalSeconds: 3600 },
    lockTimeoutMs: 10 * 60_000,
    deadlineMs: 30 * 60_000,
    timeouts: { ...DEFAULT_TIMEOUTS },
  };
}
