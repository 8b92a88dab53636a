export const id = 621;
export const ids = [621];
export const modules = {

/***/ 28621:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run_rollback_run)
});

// UNUSED EXPORTS: parseRollbackInputs, renderRollbackSummary

// EXTERNAL MODULE: ./src/core/option-values.ts
var option_values = __webpack_require__(36369);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 4 modules
var lib_core = __webpack_require__(27466);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/core/options.ts
var options = __webpack_require__(83457);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var node_modules_semver = __webpack_require__(62088);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/core/size.ts
var size = __webpack_require__(53910);
// EXTERNAL MODULE: ./src/core/deadline.ts
var core_deadline = __webpack_require__(56343);
;// CONCATENATED MODULE: ./src/core/duration.ts
/**
 * Durations as the options read them (`deadline`, `orphan-min-age`, `cache-max-age`...): Go's
 * duration syntax plus days and weeks. Its own module, without imports: the entries' head start
 * (src/docker/prestart.ts) reads the `deadline` the same way before the option parser loads.
 */
const DURATION_UNITS = {
    ns: 1e-9,
    us: 1e-6,
    // A string key (computed, so that it stays one): the build writes strings ASCII (\u00b5,
    // scripts/ascii.mjs), not identifiers, and one such character makes V8 hold the chunk two-byte.
    ['\u00b5s']: 1e-6,
    ms: 1e-3,
    s: 1,
    m: 60,
    h: 3600,
    d: 86_400,
    w: 604_800,
};
/** A duration in seconds from min to max, or undefined when it is not one (the caller names the input). */
function duration_boundedSeconds(value, min, max) {
    let secs;
    try {
        secs = duration_parseDurationSeconds(value);
    }
    catch {
        return undefined;
    }
    return Number.isFinite(secs) && secs >= min && secs <= max ? secs : undefined;
}
/** What `boundedSeconds` accepts, for the error that names the input. */
function duration_boundedSecondsAccepted(min, max) {
    return `a duration from ${min}s to ${max / 3600}h, such as 30m, 1h or 90s`;
}
/**
 * Seconds of a Go duration (`720h`, `1h30m`, `90m`) or days/weeks (`30d`, `2w`: people write
 * them, Go does not read them). Throws a plain Error for anything else.
 */
function duration_parseDurationSeconds(text) {
    const s = text.trim();
    const re = /(\d+(?:\.\d+)?)(ns|us|\u00b5s|ms|s|m|h|d|w)/gy; // \u00b5: \u00b5, written ASCII (see above)
    let total = 0;
    let end = 0;
    let m;
    while ((m = re.exec(s)) !== null) {
        total += Number(m[1]) * (DURATION_UNITS[m[2] ?? ''] ?? NaN);
        end = re.lastIndex;
    }
    if (s === '' || end !== s.length || !Number.isFinite(total))
        throw new Error(`not a duration: ${s}`);
    return total;
}

;// CONCATENATED MODULE: ./src/core/parse-options.ts










const parse_options_OPTION_SPECS = [
    {
        name: 'mode',
        default: 'check',
        description: 'What to do: check (diagnose and report), auto (repair only what is broken), repair (fix everything diagnose finds), reinstall (clean reinstallation of buildx and the builders).',
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
        description: 'Back up builders, state and configuration before anything is removed (false turns the safety net off).',
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
        description: "Also stream docker-container builders' state (their build cache, /var/lib/buildkit) out of stopped builders into the backup; a reinstall does it for the builders it removes whatever this says. Bounded by max-backup-size (a state that does not fit is left out and reported); a rollback with restore-cache puts it back.",
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
        description: 'When pruning build cache, remove only entries older than this (duration: 720h, 30d, 90m); empty: no age filter.',
    },
    {
        name: 'prune-cache',
        default: '',
        description: "On reinstall, the builders whose whole build cache is pruned (newline or comma separated, e.g. default); empty: none. The docker driver's cache (the default builder, context builders) is the daemon's, shared by every client, and cannot be backed up: the plan and the report name it NOT backed up before it is removed. A docker-container builder's cache goes with the builder a reinstall removes, and its state is backed up first.",
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
        description: 'Builders to (re)create, as a YAML list: name, driver (docker|docker-container|remote|kubernetes), driver-opts, platforms, buildkitd-config, buildkitd-config-inline, endpoint, buildkitd-flags, use. Empty: those the backup held.',
    },
    {
        name: 'gc-keep-storage',
        default: '',
        description: 'On reinstall, the build cache size garbage collection keeps (size, e.g. 10GB): builder.gc in daemon.json for the docker driver, the GC policy in buildkitd.toml for container builders. Empty: GC settings left as they are.',
    },
    {
        name: 'gc-keep-duration',
        default: '',
        description: 'On reinstall, how long garbage collection keeps unused build cache (duration, e.g. 720h or 30d). Empty: left as it is.',
    },
    {
        name: 'daemon-restart-command',
        default: '',
        description: 'Command that restarts the Docker daemon (e.g. sudo systemctl restart docker); the daemon is never restarted without it.',
    },
    {
        name: 'binfmt-command',
        default: '',
        description: 'Command that installs QEMU binfmt handlers for missing platforms.',
    },
    {
        name: 'platforms',
        default: '',
        description: 'Platforms that must build, as os/arch[/variant] (newline or comma separated), e.g. linux/amd64,linux/arm64.',
    },
    {
        name: 'base-image',
        default: 'busybox:1.36',
        description: "Base image of the test build's RUN step, which prints the platform, uname -m and a fresh token on every requested platform (validate.platform, check --platforms): one multi-arch image, or ARCH=IMAGE pairs (newline or comma separated, e.g. amd64=local/busybox-amd64:1,arm64=local/busybox-arm64:1), or none (FROM scratch + COPY: the arch is not proven). It needs a shell, echo and uname; it is pulled when missing (offline runners name an image they have, or none). Any other base-image also serves the cache checks; the default does not (they stay FROM scratch).",
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
        description: "The team's own build context directory, timed as the baseline in diagnose and again in validate instead of the tiny test build: the median of benchmark-runs runs with --no-cache (output discarded), and max-slowdown applies with no allowance. check records each median in the local store (backup-dir) and reports the trend and any slowdown against a week ago (benchmark.slower). Empty: the tiny test build.",
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
        description: 'Build arguments of the benchmark build, one KEY=VALUE per line (a value may hold commas and = signs, as in docker/build-push-action build-args); on a single line, pairs may also be comma separated (a comma starts a new pair only before KEY=).',
    },
    {
        name: 'benchmark-runs',
        default: '3',
        description: 'Runs of the benchmark build per measurement (1-15), after one warm-up run that is not measured; the median counts.',
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
        description: "Builder settings beyond buildx's defaults a rollback may recreate a builder of the backup with (newline or comma separated): driver options as key=value or key (image, network, cgroup-parent, env.* ...) and BuildKit flags or entitlements (e.g. --allow-insecure-entitlement=security.insecure). A bundle is data: other builders asking for them are not created, and the report lists what they asked for. The rollback of a heal in the same run trusts its own backup.",
    },
    {
        name: 'lock-timeout',
        default: '600',
        description: 'Seconds to wait for another healer working on the same daemon (0-86400).',
    },
    {
        name: 'deadline',
        default: '30m',
        description: 'Overall deadline of the run (duration from 10s to 24h, e.g. 30m, 1h, 90s): every docker call is capped at the time left and the lock wait and each phase are raced against it. When it passes, a heal stops where it is, keeps its backup, does not roll back, and the report says where it stopped (stopped).',
    },
    {
        name: 'timeout',
        default: '20',
        description: 'Timeout in seconds of quick docker calls (version, info, ls, inspect; 1-3600); slow calls and test builds get at least as long.',
    },
    { name: 'min-buildx-version', default: '0.10.0', description: 'Older buildx is a finding (semver).' },
    {
        name: 'cache-limit',
        default: '10GB',
        description: "Keep at most this much build cache (size): above it is a finding (cache.over-limit), and auto prunes the daemon's build cache (the default builder's) down to it, least recently used first, never records in use.",
    },
    {
        name: 'cache-max-age',
        default: '30d',
        description: 'Build cache records unused for longer than this go when auto enforces the cache policy (duration: 30d, 720h).',
    },
    {
        name: 'cache-policy',
        default: 'true',
        boolean: true,
        description: "auto enforces cache-limit and cache-max-age on the daemon's build cache before builds (usage from the Engine API's /system/df, or buildx du at most once per cache-check-interval), reported as a cache.policy action with the bytes freed. false: the limits are only reported.",
    },
    {
        name: 'cache-check-interval',
        default: '1h',
        description: 'Without a local daemon socket (no Engine API), how often auto may run buildx du to read the cache usage (duration).',
    },
    {
        name: 'min-free-disk',
        default: '2GB',
        description: 'Free disk below this on the Docker data root is a finding (size).',
    },
    {
        name: 'daemon-json',
        default: '',
        description: 'daemon.json paths to check (newline or comma separated; default /etc/docker/daemon.json and ~/.config/docker/daemon.json).',
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
        description: 'Full diagnose: try docker buildx inspect --bootstrap on inactive builders, so one that cannot start is a finding (builder.cannot-bootstrap). This may pull the BuildKit image and start builder containers; check changes nothing else. Not used by the quick diagnose of auto mode.',
    },
    {
        name: 'shared-daemon',
        default: 'true',
        boolean: true,
        description: "true: other clients (runners, users with another HOME) may use this Docker daemon, so a running buildx_buildkit_* container that no builder of this client knows is taken for theirs: reported (orphan.running), never removed, nor its volume. false: this client is the daemon's only user; such a container is removed like a stopped leftover when it is idle (only buildkitd runs in it). A container with a build in progress is never removed.",
    },
    {
        name: 'orphan-min-age',
        default: '24h',
        description: "A stopped buildx_buildkit_* container (and its state volume) that no builder of this client knows is removed only when it stopped at least this long ago (the daemon's State.FinishedAt; for a lone volume its CreatedAt): a younger one may be another client's builder, stopped with docker buildx stop, and is reported (orphan.recent) and left alone. Duration, e.g. 24h, 7d, 90m.",
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
const OPTION_NAMES = parse_options_OPTION_SPECS.map((s) => s.name);
const MODES = (/* unused pure expression or super */ null && (['check', 'auto', 'repair', 'reinstall']));
const FAIL_ON = (/* unused pure expression or super */ null && (['error', 'warning', 'never']));
const STORES = ['auto', 'local', 'github'];
/** parseOptions for the hosts: the `builders` parser (ajv, yaml) is loaded only when that input is given. */
async function parse_options_loadOptions(raw, ctx) {
    const given = raw['builders'] !== undefined && raw['builders'].trim() !== '';
    if (!given || ctx.parseBuilders !== undefined)
        return parseOptions(raw, ctx);
    const { parseBuildersYaml } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(459)]).then(__webpack_require__.bind(__webpack_require__, 73459));
    return parseOptions(raw, { ...ctx, parseBuilders: parseBuildersYaml });
}
/**
 * The one parser for action inputs and CLI flags. Every bad value is an InputError naming the
 * input, the value and what is accepted, thrown before anything runs. Empty means default.
 */
function parseOptions(raw, ctx) {
    const label = (name) => (ctx.source === 'flag' ? `--${name}` : name);
    checkKnownNames(raw, ctx, label);
    const get = (name) => {
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
    if (report !== undefined)
        o.reportPath = report;
    const metrics = p.path('metrics-path', ctx.env);
    if (metrics !== undefined)
        o.metricsPath = metrics;
    return o;
}
/** A name that is no option is refused first, naming every known one. */
function checkKnownNames(raw, ctx, label) {
    for (const [k, v] of Object.entries(raw)) {
        if (!OPTION_NAMES.includes(k)) {
            throw new InputError(label(k), v ?? '', `one of the known ${ctx.source === 'flag' ? 'options' : 'inputs'}: ${OPTION_NAMES.map(label).join(', ')}`);
        }
    }
}
function readBackup(p, o, env) {
    o.backup.enabled = p.bool('backup') ?? o.backup.enabled;
    o.backup.store = p.oneOf('backup-store', STORES) ?? o.backup.store;
    o.backup.dir = p.path('backup-dir', env) ?? o.backup.dir;
    o.backup.keep = p.int('backup-keep', 1, 10_000) ?? o.backup.keep;
    o.backup.cachePaths = p.list('cache-paths')?.map((x) => expandHome(x, env)) ?? o.backup.cachePaths;
    o.backup.builderState = p.bool('backup-builder-state') ?? o.backup.builderState;
    o.allowBuilderSettings = parseAllowBuilderSettings(p.list('allow-builder-settings'), p.label('allow-builder-settings'));
    o.backup.retentionDays = p.int('retention-days', 1, 90) ?? o.backup.retentionDays;
    o.backup.compressionLevel = p.int('compression-level', 0, 9) ?? o.backup.compressionLevel;
    o.backup.maxBytes = p.size('max-backup-size', 1) ?? o.backup.maxBytes;
}
function readClean(p, o) {
    const keep = p.size('keep-storage', 0);
    if (keep !== undefined)
        o.clean.keepStorageBytes = keep;
    const until = p.duration('prune-until');
    if (until !== undefined)
        o.clean.pruneUntil = until;
    const pruneList = p.list('prune-cache');
    if (pruneList !== undefined) {
        for (const n of pruneList) {
            if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(n))
                throw new InputError(p.label('prune-cache'), n, 'builder names (letters, digits, _ . -), newline or comma separated, e.g. default');
        }
        o.clean.pruneBuilders = pruneList;
    }
}
/** Which buildx a reinstall installs: a version, a URL or a file, its checksum. */
function readBuildx(p, o, env) {
    const bv = p.semver('buildx-version');
    if (bv !== undefined)
        o.reinstall.buildxVersion = bv;
    const url = p.url('buildx-url');
    if (url !== undefined)
        o.reinstall.buildxUrl = url;
    const file = p.path('buildx-file', env);
    if (file !== undefined)
        o.reinstall.buildxFile = file;
    if (url !== undefined && file !== undefined) {
        throw new InputError(p.label('buildx-file'), file, `either ${p.label('buildx-file')} or ${p.label('buildx-url')}, not both`);
    }
    const sha = p.get('buildx-sha256');
    if (sha !== undefined) {
        if (!/^[0-9a-fA-F]{64}$/.test(sha))
            throw new InputError(p.label('buildx-sha256'), sha, 'a SHA-256 as 64 hex digits');
        o.reinstall.buildxSha256 = sha.toLowerCase();
    }
    const sums = p.url('buildx-checksums-url');
    if (sums !== undefined)
        o.reinstall.buildxChecksumsUrl = sums;
}
/** The builders, GC settings, commands and platforms of a reinstall. */
function readReinstall(p, o, raw, ctx) {
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
    if (gcAge !== undefined)
        o.reinstall.gcKeepDuration = gcAge;
    const restart = p.get('daemon-restart-command');
    if (restart !== undefined)
        o.reinstall.daemonRestartCommand = restart;
    const binfmt = p.get('binfmt-command');
    if (binfmt !== undefined)
        o.reinstall.binfmtCommand = binfmt;
    const platforms = p.list('platforms')?.map((x) => validatePlatform(x, p.label('platforms')));
    if (platforms !== undefined) {
        o.reinstall.platforms = platforms;
        o.validate.platforms = [...platforms];
    }
}
function readValidate(p, o) {
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
function readBenchmark(p, o, env) {
    const bench = p.path('benchmark-context', env);
    const benchRuns = p.int('benchmark-runs', 1, 15) ?? 3;
    const benchFile = p.path('benchmark-dockerfile', env);
    const benchTarget = p.get('benchmark-target');
    const benchArgs = buildArgList(p.get('benchmark-build-args'));
    if (bench === undefined && (benchFile !== undefined || benchTarget !== undefined || benchArgs !== undefined))
        throw new InputError(p.label('benchmark-context'), '', `a build context directory: ${p.label('benchmark-dockerfile')}, ${p.label('benchmark-target')} and ${p.label('benchmark-build-args')} describe the build in it`);
    if (bench === undefined)
        return;
    const dockerfile = benchFile ?? join(bench, 'Dockerfile');
    if (!isDir(bench))
        throw new InputError(p.label('benchmark-context'), bench, 'an existing build context directory');
    if (!isFile(dockerfile))
        throw new InputError(p.label(benchFile !== undefined ? 'benchmark-dockerfile' : 'benchmark-context'), dockerfile, 'an existing Dockerfile (default: Dockerfile in benchmark-context)');
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
function buildArgMap(args, name) {
    const buildArgs = {};
    for (const a of args) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(a);
        if (m === null)
            throw new InputError(name, a, 'KEY=VALUE build arguments (KEY: letters, digits, _), one per line (a value may hold commas), or comma separated on one line');
        buildArgs[m[1] ?? ''] = m[2] ?? '';
    }
    return buildArgs;
}
function readCacheRegistry(p, o) {
    const reg = p.get('cache-registry');
    if (reg === undefined)
        return;
    if (!/^[a-zA-Z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(reg)) {
        throw new InputError(p.label('cache-registry'), reg, 'a registry as host or host:port (e.g. 127.0.0.1:5000), without a scheme or path');
    }
    o.validate.cacheRegistry = reg;
}
/** The lock wait, the overall deadline and the per-command timeout. */
function readLimits(p, o) {
    const lock = p.int('lock-timeout', 0, 86_400);
    if (lock !== undefined)
        o.lockTimeoutMs = lock * 1000;
    const deadline = p.seconds('deadline', MIN_DEADLINE_S, MAX_DEADLINE_S);
    if (deadline !== undefined)
        o.deadlineMs = deadline * 1000;
    const timeout = p.int('timeout', 1, 3600);
    if (timeout !== undefined) {
        const ms = timeout * 1000;
        o.timeouts = { probe: ms, slow: Math.max(o.timeouts.slow, ms), build: Math.max(o.timeouts.build, ms) };
    }
}
/** What diagnose judges against: versions, cache and disk limits, the files it reads, orphans. */
function readDiagnose(p, o, env) {
    const minBx = p.semver('min-buildx-version');
    if (minBx !== undefined)
        o.diagnose.minBuildxVersion = minBx;
    o.diagnose.cacheLimitBytes = p.size('cache-limit', 0) ?? o.diagnose.cacheLimitBytes;
    o.cachePolicy.limitBytes = o.diagnose.cacheLimitBytes;
    o.cachePolicy.enabled = p.bool('cache-policy') ?? o.cachePolicy.enabled;
    const maxAge = p.duration('cache-max-age');
    if (maxAge !== undefined)
        o.cachePolicy.maxAgeSeconds = parseDurationSeconds(maxAge);
    const interval = p.duration('cache-check-interval');
    if (interval !== undefined)
        o.cachePolicy.checkIntervalSeconds = parseDurationSeconds(interval);
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
function parseBaseImage(text, name) {
    const items = text
        .split(/[\n,]/)
        .map((x) => x.trim())
        .filter((x) => x !== '');
    const accepted = 'none, one image (e.g. busybox:1.36), or ARCH=IMAGE pairs (e.g. amd64=local/busybox-amd64:1,arm64=local/busybox-arm64:1)';
    if (items.length === 1 && items[0]?.toLowerCase() === 'none')
        return {};
    if (items.length === 1 && !items[0]?.includes('=')) {
        if (!IMAGE_REF.test(items[0] ?? ''))
            throw new InputError(name, text, accepted);
        return { '*': items[0] ?? '' };
    }
    const out = {};
    for (const it of items) {
        const m = /^([a-z0-9]+)=(.+)$/.exec(it);
        if (m === null || !IMAGE_REF.test(m[2] ?? ''))
            throw new InputError(name, it, accepted);
        out[m[1] ?? ''] = m[2] ?? '';
    }
    return out;
}
/** Re-exported so hosts parse their own booleans (step state, rollback inputs) the same way. */
const parseBool = option_values/* parseBoolValue */.tU;
/** `~/x` \u2192 `$HOME/x`: inputs are not shell-expanded by the runner. */
function expandHome(p, env) {
    if ((p === '~' || p.startsWith('~/')) && env.HOME)
        return env.HOME + p.slice(1);
    return p;
}
/** Hours as buildx's `until` filter reads them (a Go duration): `720h`, `1.5h`. */
function formatHours(seconds) {
    const h = Math.round((seconds / 3600) * 1000) / 1000;
    return `${h}h`;
}
/** Reads one option by its name: the trimmed value (undefined when empty) and its kinds, each checked. */
class Fields {
    get;
    label;
    constructor(get, label) {
        this.get = get;
        this.label = label;
    }
    fail(name, value, accepted) {
        throw new InputError(this.label(name), value, accepted);
    }
    oneOf(name, values) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        const lower = v.toLowerCase();
        if (!values.includes(lower))
            this.fail(name, v, `one of ${values.join(', ')}`);
        return lower;
    }
    bool(name) {
        const v = this.get(name);
        return v === undefined ? undefined : parseBoolValue(v, this.label(name));
    }
    int(name, min, max) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        const n = /^\d+$/.test(v) ? Number(v) : NaN;
        if (!Number.isSafeInteger(n) || n < min || n > max)
            this.fail(name, v, `a whole number from ${min} to ${max}`);
        return n;
    }
    percent(name, min, max) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(v);
        const n = m ? Number(m[1]) : NaN;
        if (!Number.isFinite(n) || n < min || n > max)
            this.fail(name, v, `a percentage from ${min} to ${max} (e.g. 50 or 50%)`);
        return n;
    }
    size(name, min) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        let n;
        try {
            n = parseSize(v);
        }
        catch {
            this.fail(name, v, 'a size: a number with an optional unit (B, kB, MB, GB, TB, KiB, MiB, GiB, TiB), e.g. 10GB');
        }
        if (n < min)
            this.fail(name, v, `a size of at least ${min} bytes`);
        return n;
    }
    /** `zero`: 0 (`0s`, `0h`) is accepted too (orphan-min-age 0: any stopped leftover is old enough). */
    duration(name, zero = false) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        let secs;
        try {
            secs = parseDurationSeconds(v);
        }
        catch {
            this.fail(name, v, 'a duration such as 720h, 30d, 1h30m or 90m (units ns, us, ms, s, m, h, d, w)');
        }
        if (zero ? secs < 0 : secs <= 0)
            this.fail(name, v, zero ? 'a duration of zero or more' : 'a duration greater than zero');
        return formatHours(secs);
    }
    /** A duration (`30m`, `1h`, `90s`, `1h30m`) in seconds, from min to max. */
    seconds(name, min, max) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        const secs = boundedSeconds(v, min, max);
        if (secs === undefined)
            this.fail(name, v, boundedSecondsAccepted(min, max));
        return secs;
    }
    semver(name) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        const c = semver.clean(v, { loose: false });
        if (c === null)
            this.fail(name, v, 'a version as MAJOR.MINOR.PATCH, e.g. 0.13.1 or v0.13.1');
        return c;
    }
    url(name) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        // Templates hold {version}/{os}/{arch}; check the URL with sample values put in.
        const sample = v
            .replace(/\{version\}/g, '0.13.1')
            .replace(/\{os\}/g, 'linux')
            .replace(/\{arch\}/g, 'amd64');
        let u;
        try {
            u = new URL(sample);
        }
        catch {
            u = undefined;
        }
        if (u === undefined || !['http:', 'https:', 'file:'].includes(u.protocol) || /[{}]/.test(sample)) {
            this.fail(name, v, 'an http(s):// or file:// URL; placeholders {version}, {os}, {arch} allowed');
        }
        return v;
    }
    path(name, env) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        if (v.includes('\n') || v.includes('\0'))
            this.fail(name, v, 'one file path');
        return expandHome(v, env);
    }
    list(name) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
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
function buildArgList(v) {
    if (v === undefined)
        return undefined;
    const lines = v
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    if (lines.length !== 1)
        return lines;
    return (lines[0] ?? '')
        .split(/,(?=\s*[A-Za-z_][A-Za-z0-9_]*=)/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
}
function isDir(p) {
    try {
        return statSync(p).isDirectory();
    }
    catch {
        return false;
    }
}
function isFile(p) {
    try {
        return statSync(p).isFile();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"1.0.0"};
;// CONCATENATED MODULE: ./src/core/version.ts
// The tool version for reports and `--version`, read from package.json at bundle time (ncc inlines
// the JSON), so a release needs one version bump only.

const version_TOOL_VERSION = package_namespaceObject.rE;

// EXTERNAL MODULE: ./src/docker/docker.ts + 2 modules
var docker = __webpack_require__(98293);
// EXTERNAL MODULE: ./src/docker/runner.ts
var docker_runner = __webpack_require__(87240);
// EXTERNAL MODULE: ./src/phases/rollback.ts + 3 modules
var rollback = __webpack_require__(5165);
// EXTERNAL MODULE: ./src/stores/index.ts
var stores = __webpack_require__(92826);
;// CONCATENATED MODULE: ./src/report/render-util.ts

/** HTML-escapes text that lands in Markdown: command output must never become markup. */
function render_util_escapeHtml(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
/** A Markdown table cell: escaped, pipes guarded, one line. */
function render_util_cell(s) {
    if (s === undefined || s === '')
        return '';
    return render_util_escapeHtml(s).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
/** Inline code in a table cell; backticks inside are replaced so the span cannot break. */
function render_util_code(s) {
    return `<code>${render_util_cell(s)}</code>`;
}
function render_util_formatDuration(ms) {
    if (!Number.isFinite(ms))
        return '?';
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)} s`;
    const m = Math.floor(ms / 60_000);
    const s = Math.round((ms % 60_000) / 1000);
    return `${m} min ${s} s`;
}
/** Keeps the head and the tail (errors are usually at the end), with a note of what was cut. */
function render_util_truncateMiddle(s, max) {
    if (s.length <= max)
        return s;
    const head = Math.floor(max / 4);
    const tail = max - head;
    const cut = s.length - head - tail;
    return `${s.slice(0, head)}\n[... ${cut} characters cut ...]\n${s.slice(s.length - tail)}`;
}
const render_util_STATUS_ICON = {
    healthy: '\u2705',
    repaired: '\ud83d\udee0\ufe0f',
    unhealthy: '\u274c',
    failed: '\u274c',
};
/** Plain text of one piece of evidence (full; renderers truncate). */
function render_util_evidenceText(e) {
    switch (e.kind) {
        case 'command':
            return commandEvidence(e);
        case 'file':
            return `file ${e.path}${e.error !== undefined ? ` (${e.error})` : ''}\n${e.content}`;
        case 'note':
            return e.text;
    }
}
function commandEvidence(r) {
    const status = r.spawnError !== undefined
        ? `could not start: ${r.spawnError}`
        : r.timedOut
            ? `timed out after ${render_util_formatDuration(r.durationMs)}`
            : r.signal !== null
                ? `killed by ${r.signal}`
                : `exit ${r.exitCode ?? '?'}`;
    const parts = [
        r.remembered !== undefined
            ? `$ ${commandLine(r.argv)}   (${status}, not run now: ${r.remembered})`
            : `$ ${commandLine(r.argv)}   (${status}${r.dryRun ? ', dry run' : ''}, ${render_util_formatDuration(r.durationMs)})`,
    ];
    if (r.stdout.trim() !== '')
        parts.push(`--- stdout ---\n${r.stdout.replace(/\s+$/, '')}`);
    if (r.stderr.trim() !== '')
        parts.push(`--- stderr ---\n${r.stderr.replace(/\s+$/, '')}`);
    return parts.join('\n');
}

;// CONCATENATED MODULE: ./src/report/rollback-record.ts
/** Why and when, and the diagnose after the restore, as text lines (the CLI's rollback text, the action's summary, the heal's text). */
function rollbackRecordLines(rec) {
    if (rec === undefined)
        return [];
    const out = ['', `Why: ${rec.trigger}: ${rec.reason}`, ...rec.failedChecks.map((c) => `  failed: ${c}`)];
    out.push(`When: rollback ${rec.startedAt} to ${rec.finishedAt}${rec.healStartedAt !== undefined ? `; heal started ${rec.healStartedAt}` : ''}${rec.failedAt !== undefined ? `, failed ${rec.failedAt}` : ''}`);
    const src = rec.source;
    if (src !== undefined)
        out.push(`Source: ${src.store} store, checked by ${src.checked === 'unverified' ? 'nothing (trust-unsigned)' : src.checked}${src.repository !== undefined ? `, repository ${src.repository}` : ''}${src.runId !== undefined ? `, run ${src.runId}` : ''}: ${src.ok ? 'accepted' : 'REFUSED'}; ${src.detail}`);
    const d = rec.diagnoseAfter;
    if (d !== undefined) {
        const problems = d.findings.filter((f) => f.severity !== 'info');
        out.push(`Diagnose after: ${d.error ?? (d.healthy ? 'healthy' : 'UNHEALTHY')}${problems.length > 0 ? `; ${problems.map((f) => `${f.severity} ${f.id} (${f.subject})`).join(', ')}` : ''}`);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/action/inputs.ts

/** Every declared heal input, raw: parseOptions validates them all before anything runs. */
function inputs_readHealInputs(getInput) {
    const raw = {};
    for (const spec of OPTION_SPECS)
        raw[spec.name] = getInput(spec.name);
    return raw;
}
/** The rollback action's inputs (rollback/action.yml). */
const ROLLBACK_INPUTS = [
    {
        name: 'backup-name',
        default: '',
        description: "Name of the backup to restore (the heal step's backup-name output). Empty: the newest backup in the store.",
    },
    {
        name: 'artifact-id',
        default: '',
        description: "Artifact id of the backup (the heal step's backup-artifact-id output); finds the backup across runs.",
    },
    { name: 'run-id', default: '', description: 'Workflow run that made the backup (default: this run).' },
    {
        name: 'repository',
        default: '',
        description: 'owner/repo holding the backup artifact (default: this repository). A backup is accepted only when its manifest names the repository it was taken from, and that is this repository or the one named here.',
    },
    {
        name: 'github-token',
        default: '${{ github.token }}',
        description: 'Token to download an artifact from another run.',
    },
    {
        name: 'restore-cache',
        default: 'true',
        description: "Also restore cache data saved with the backup: cache directories, and docker-container builders' state (their build cache) streamed back into each builder's volume before it boots.",
    },
    {
        name: 'recreate-builders',
        default: 'true',
        description: 'Recreate the builders the backup held and put the previous builder back in use.',
    },
    {
        name: 'backup-dir',
        default: '',
        description: 'Directory of the local backup store (default ~/.buildkit-healer/backups).',
    },
    {
        name: 'backup-store',
        default: 'auto',
        description: 'Where the backup is: auto (github in Actions, local elsewhere), local or github.',
    },
    {
        name: 'deadline',
        default: '30m',
        description: 'Overall deadline of the rollback (duration from 10s to 24h, e.g. 30m): every docker call is capped at the time left; when it passes, the step fails and says where it stopped.',
    },
    {
        name: 'allow-builder-settings',
        default: '',
        description: "Builder settings beyond buildx's defaults a recreated builder may use (newline or comma separated): driver options as key=value or key (image, network, cgroup-parent, env.* ...) and BuildKit flags or entitlements. Builders of the backup asking for others are not created; the summary lists what they asked for.",
    },
    {
        name: 'trust-unsigned',
        default: 'false',
        description: 'Accept a backup whose origin cannot be proven: a local backup without a MAC, signed with another key, or with no key on this host; a GitHub backup whose manifest records no repository or another one than it was taken from. Its contents are still verified. Default: refuse.',
    },
];
function readRollbackInputs(getInput) {
    const raw = {};
    for (const spec of ROLLBACK_INPUTS)
        raw[spec.name] = getInput(spec.name);
    return raw;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/command.js
var command = __webpack_require__(89635);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/summary.js
var summary = __webpack_require__(1170);
;// CONCATENATED MODULE: ./src/action/actions-core.ts
/**
 * The part of `@actions/core` the heal action uses, made of the package's own command, utils and
 * summary modules and a copy of its file-command module's two functions (see there), exactly as its
 * `core.js` composes them (v3: getInput, setOutput, setFailed, error, warning, notice, info, debug,
 * summary). Why not the package's index: it also
 * loads the OIDC client (`@actions/http-client`, undici) and `@actions/exec`, about 1.2 MB evaluated
 * on every start of the pre-build step for nothing a heal uses. The package exports only its index,
 * so the modules are imported by path; test/unit/actions-core.test.ts compares every function here
 * with the package's, call for call, on the same workflow-command files and stdout.
 */





function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options?.required && !val)
        throw new Error(`Input required and not supplied: ${name}`);
    if (options?.trimWhitespace === false)
        return val;
    return val.trim();
}
// file-command.js's two functions, line for line, but for the delimiter's random part: that module
// imports node:crypto for it (randomUUID), and node:crypto is some twenty modules of Node's that a
// healthy pre-build step would load only for this (about 20M instructions; src/core/crypto.ts).
// The delimiter need not be secret: a name or value that holds it is refused, as in the library.
function issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath)
        throw new Error(`Unable to find environment variable for file command ${command}`);
    if (!existsSync(filePath))
        throw new Error(`Missing file at path: ${filePath}`);
    appendFileSync(filePath, `${toCommandValue(message)}${EOL}`, { encoding: 'utf8' });
}
/** A random name in the shape of a version 4 UUID (Math.random: see above). */
function uuidShaped() {
    const hex = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(Math.random() * 4)]}${hex(3)}-${hex(12)}`;
}
function prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${uuidShaped()}`;
    const convertedValue = toCommandValue(value);
    if (key.includes(delimiter))
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    if (convertedValue.includes(delimiter))
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    return `${key}<<${delimiter}${EOL}${convertedValue}${EOL}${delimiter}`;
}
function setOutput(name, value) {
    const filePath = process.env.GITHUB_OUTPUT || '';
    if (filePath)
        return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, toCommandValue(value));
}
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
function debug(message) {
    issueCommand('debug', {}, message);
}
function error(message, properties = {}) {
    issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
    issueCommand('warning', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function info(message) {
    process.stdout.write(message + EOL);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/core/report.ts + 1 modules
var report = __webpack_require__(30544);
// EXTERNAL MODULE: ./src/heal/check.ts
var check = __webpack_require__(66074);
;// CONCATENATED MODULE: ./src/report/summary.ts



const DEFAULT_MAX = (/* unused pure expression or super */ null && (512 * 1024));
const SEVERITY_ICON = { error: '\ud83d\udd34', warning: '\ud83d\udfe0', info: '\ud83d\udd35' };
function summary_renderSummary(report, opts = {}) {
    const max = opts.maxBytes ?? DEFAULT_MAX;
    // Shrink the evidence until the whole fits; the tables alone are small.
    for (const chars of [opts.evidenceChars ?? 8000, 2000, 500, 0]) {
        const md = build(report, chars);
        if (Buffer.byteLength(md, 'utf8') <= max)
            return md;
    }
    const md = build(report, 0);
    const note = '\n\n_Summary truncated to fit the job summary limit; the JSON report holds everything._\n';
    return truncateBytes(md, max - Buffer.byteLength(note)) + note;
}
function build(r, evidenceChars) {
    const out = [...headSection(r)];
    if (r.buildersAfter !== undefined) {
        out.push('### Builders before', '', ...buildersTable(r.builders, r.currentBuilder), '');
        out.push('### Builders after', '', ...buildersTable(r.buildersAfter, r.currentBuilder), '');
    }
    else {
        out.push('### Builders', '', ...buildersTable(r.builders, r.currentBuilder), '');
    }
    out.push(r.findingsAfter !== undefined ? '### Findings before the heal' : '### Findings', '');
    out.push(...findingsSection(r.findings, evidenceChars), '');
    if (r.findingsAfter !== undefined) {
        out.push('### Findings after the heal', '', ...findingsSection(r.findingsAfter, evidenceChars), '');
    }
    out.push(...actionsSection(r), ...validationSection(r), ...phasesSection(r), ...cacheSection(r));
    out.push(...backupSection(r), ...rollbackSection(r));
    if (r.notes.length > 0) {
        out.push('### Notes', '', ...r.notes.map((n) => `- ${cell(n)}`), '');
    }
    return out.join('\n');
}
/** The title, the counts, the host and versions, the failure and the error. */
function headSection(r) {
    const out = [];
    out.push(`## ${STATUS_ICON[r.status]} BuildKit healer: ${r.status}`);
    out.push('');
    const counts = countBySeverity(r.findingsAfter ?? r.findings);
    const facts = [
        `mode \`${r.mode}\`${r.dryRun ? ' (dry run)' : ''}`,
        `fail-on \`${r.failOn}\``,
        `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`,
    ];
    out.push(facts.join(' \u00b7 '));
    out.push('');
    const versions = [
        r.versions.docker !== undefined ? `Docker ${cell(r.versions.docker)}` : undefined,
        r.versions.buildx !== undefined ? `buildx ${cell(r.versions.buildx)}` : undefined,
        r.versions.buildkit !== undefined ? `BuildKit ${cell(r.versions.buildkit)}` : undefined,
    ].filter((x) => x !== undefined);
    out.push(`Host ${code(r.host.hostname)} (${cell(r.host.platform)}), daemon ${code(r.host.dockerHost)}${versions.length ? ` \u00b7 ${versions.join(' \u00b7 ')}` : ''} \u00b7 buildkit-healer ${cell(r.tool.version)}`);
    out.push('');
    const reason = failureReason(r);
    if (reason !== undefined) {
        out.push(`> **Failed:** ${cell(reason)}`);
        out.push('');
    }
    if (r.error !== undefined && r.error !== reason) {
        out.push(`> **Error:** ${cell(r.error)}`);
        out.push('');
    }
    return out;
}
function actionsSection(r) {
    if (r.actions.length === 0)
        return [];
    const out = ['### Actions', '', '| | Action | Target | Detail |', '|---|---|---|---|'];
    for (const a of r.actions) {
        const icon = a.dryRun ? '\ud83d\udcdd' : a.ok ? '\u2705' : '\u274c';
        const detail = [
            a.detail !== undefined ? cell(a.detail) : undefined,
            a.command !== undefined ? code(a.command) : undefined,
        ]
            .filter((x) => x !== undefined)
            .join('<br>');
        out.push(`| ${icon} | ${code(a.action)} | ${cell(a.target)} | ${detail} |`);
    }
    out.push('');
    return out;
}
function validationSection(r) {
    if (r.validation === undefined || r.validation.length === 0)
        return [];
    const out = ['### Validation', '', '| | Check | Builder | Result | Time |', '|---|---|---|---|---|'];
    for (const v of r.validation) {
        out.push(`| ${v.ok ? '\u2705' : '\u274c'} | ${code(v.id)} | ${cell(v.builder)} | ${cell(v.message)} | ${v.durationMs !== undefined ? formatDuration(v.durationMs) : ''} |`);
    }
    out.push('');
    return out;
}
function phasesSection(r) {
    if (r.phases.length === 0)
        return [];
    const out = ['### Phases', '', '| Phase | Result | Time |', '|---|---|---|'];
    for (const p of r.phases) {
        const result = p.skipped ? 'skipped' : p.ok ? 'ok' : `failed${p.error !== undefined ? `: ${cell(p.error)}` : ''}`;
        out.push(`| ${p.phase} | ${result} | ${formatDuration(p.durationMs)} |`);
    }
    out.push('');
    return out;
}
function cacheSection(r) {
    if (r.cache === undefined && r.baseline === undefined)
        return [];
    const out = ['### Build cache and baseline', ''];
    if (r.cache !== undefined) {
        out.push(`- Build cache: ${formatSize(r.cache.totalBytes)} in use, ${formatSize(r.cache.reclaimableBytes)} reclaimable`);
    }
    if (r.baseline !== undefined) {
        const b = r.baseline;
        out.push(`- Baseline build on ${code(b.builder)}: ${b.ok ? formatDuration(b.durationMs) : `failed${b.error !== undefined ? `: ${cell(b.error)}` : ''}`}`);
    }
    out.push('');
    return out;
}
function backupSection(r) {
    if (r.backup === undefined)
        return [];
    const b = r.backup;
    const out = ['### Backup', ''];
    out.push(`- Name: ${code(b.name)} (${cell(b.store)}${b.artifactId !== undefined ? `, artifact ${cell(b.artifactId)}` : ''})`);
    out.push(`- Location: ${code(b.location)}`);
    out.push(`- ${b.files} file(s), ${formatSize(b.bytes)}, ${b.verified ? 'verified' : '**not verified**'}`);
    for (const st of b.builderState ?? [])
        out.push(st.bytes !== undefined
            ? `- Builder state of ${code(st.builder)} (build cache): ${formatSize(st.bytes)}`
            : `- Builder state of ${code(st.builder)} **not backed up**: ${cell(st.skipped ?? '')}`);
    out.push('');
    return out;
}
function rollbackSection(r) {
    if (r.rollback === undefined && !(r.backup !== undefined && r.status === 'failed'))
        return [];
    const out = ['### How to roll back', ''];
    if (r.rollback !== undefined)
        out.push(`<pre>${escapeHtml(r.rollback)}</pre>`, '');
    if (r.backup !== undefined) {
        out.push('In a workflow:', '', '<pre>');
        out.push(escapeHtml(`- uses: OWNER/buildkit-healer/rollback@v1\n  with:\n    backup-name: ${r.backup.name}${r.backup.artifactId !== undefined ? `\n    artifact-id: ${r.backup.artifactId}` : ''}`));
        out.push('</pre>', '', `On the host: <code>buildkit-healer rollback ${cell(r.backup.name)}</code>`, '');
    }
    return out;
}
function buildersTable(builders, current) {
    if (builders.length === 0)
        return ['_No builders could be listed._'];
    const rows = ['| Builder | Driver | Status | In use | Nodes | Platforms | Error |', '|---|---|---|---|---|---|---|'];
    for (const b of builders) {
        const platforms = [...new Set(b.nodes.flatMap((n) => n.platforms))];
        const errors = [b.error, ...b.nodes.map((n) => n.error)].filter((e) => e !== undefined && e !== '');
        const nodes = b.nodes.map((n) => `${n.name} (${n.status}${n.buildkitVersion !== undefined ? `, ${n.buildkitVersion}` : ''})`);
        rows.push(`| ${code(b.name)} | ${cell(b.driver)} | ${statusBadge(b.status)} | ${b.current || b.name === current ? '\u2714' : ''} | ${cell(nodes.join('\n'))} | ${cell(platforms.join(', '))} | ${cell(truncateMiddle([...new Set(errors)].join('\n'), 300))} |`);
    }
    return rows;
}
function statusBadge(s) {
    const icon = s === 'running' ? '\ud83d\udfe2' : s === 'error' ? '\ud83d\udd34' : s === 'unknown' ? '\u26aa' : '\ud83d\udfe1';
    return `${icon} ${s}`;
}
function findingsSection(findings, evidenceChars) {
    if (findings.length === 0)
        return ['No findings.'];
    const out = ['| Severity | Finding | Subject | Message | Repair |', '|---|---|---|---|---|'];
    for (const f of findings) {
        const repair = f.repair !== undefined
            ? `${code(f.repair.action)}${f.repair.automatic ? '' : ' (manual)'}: ${cell(f.repair.description)}`
            : cell(f.advice);
        out.push(`| ${SEVERITY_ICON[f.severity]} ${f.severity} | ${code(f.id)} | ${cell(f.subject)} | ${cell(f.message)} | ${repair} |`);
    }
    if (evidenceChars > 0) {
        out.push('');
        for (const f of findings) {
            if (f.evidence.length === 0 && f.advice === undefined)
                continue;
            const body = f.evidence.map(evidenceText).join('\n\n');
            const per = Math.max(200, Math.floor(evidenceChars));
            out.push(`<details><summary>Evidence: <code>${escapeHtml(f.id)}</code> on ${escapeHtml(f.subject)}</summary>`, '');
            if (f.advice !== undefined)
                out.push(`<p>${escapeHtml(f.advice)}</p>`, '');
            if (body !== '')
                out.push(`<pre>${escapeHtml(truncateMiddle(body, per))}</pre>`, '');
            out.push('</details>', '');
        }
    }
    return out;
}
/** Cuts at a UTF-8 byte budget without splitting a character. */
function truncateBytes(s, max) {
    const buf = Buffer.from(s, 'utf8');
    if (buf.length <= max)
        return s;
    return buf
        .subarray(0, Math.max(0, max))
        .toString('utf8')
        .replace(/\uFFFD+$/, '');
}

// EXTERNAL MODULE: ./src/core/crypto.ts
var core_crypto = __webpack_require__(16082);
// EXTERNAL MODULE: ./src/core/files.ts
var files = __webpack_require__(69928);
;// CONCATENATED MODULE: ./src/report/metrics.ts
/**
 * Prometheus text exposition format (version 0.0.4) for a node exporter's textfile collector.
 *
 * Pure renderer: `(report) => string`. Every series is a gauge: a textfile is a snapshot of the
 * last run, not a counter the exporter could keep incrementing. No sample timestamps: the
 * textfile collector rejects files that carry them.
 */





const METRIC_PREFIX = 'buildkit_healer';
/** Every status a run can end with: one `last_run_status` series each, 1 for the current one. */
const ALL_STATUSES = (/* unused pure expression or super */ null && (['healthy', 'unhealthy', 'repaired', 'failed']));
const ALL_SEVERITIES = (/* unused pure expression or super */ null && (['info', 'warning', 'error']));
/** Label values: backslash, double quote and line feed are the only escapes the format knows. */
function escapeLabelValue(v) {
    return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
/** HELP text: backslash and line feed are escaped (quotes are not, unlike label values). */
function escapeHelp(v) {
    return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
/** Go's strconv.ParseFloat spellings, which the exporter parses: `+Inf`, `-Inf`, `NaN`. */
function formatValue(v) {
    if (Number.isNaN(v))
        return 'NaN';
    if (v === Infinity)
        return '+Inf';
    if (v === -Infinity)
        return '-Inf';
    return String(v);
}
function formatLabels(labels) {
    const keys = Object.keys(labels);
    if (keys.length === 0)
        return '';
    return `{${keys.map((k) => `${k}="${escapeLabelValue(labels[k] ?? '')}"`).join(',')}}`;
}
function renderFamily(f) {
    const lines = [`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} gauge`];
    for (const s of f.samples)
        lines.push(`${f.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
    return lines.join('\n');
}
/** A builder is healthy when neither it nor any of its nodes is in error or unknown. */
function builderHealthy(b) {
    if (b.status === 'error' || b.status === 'unknown' || b.error)
        return false;
    return b.nodes.every((n) => n.status !== 'error' && n.status !== 'unknown' && !n.error);
}
/** The state the run left behind: after a heal, the re-diagnosed builders and findings. */
function currentBuilders(r) {
    return r.buildersAfter ?? r.builders;
}
function currentFindings(r) {
    return r.findingsAfter ?? r.findings;
}
/** Two series with the same labels make the collector drop the whole file: keep the first. */
function dedupe(samples) {
    const seen = new Set();
    return samples.filter((s) => {
        const key = JSON.stringify(Object.entries(s.labels));
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
/** One entry per phase name, in first-run order: durations summed, ok only when every run was. */
function phaseTotals(r) {
    const byName = new Map();
    for (const p of r.phases) {
        const t = byName.get(p.phase);
        if (t) {
            t.durationMs += p.durationMs;
            t.ok &&= p.ok;
        }
        else
            byName.set(p.phase, { phase: p.phase, durationMs: p.durationMs, ok: p.ok });
    }
    return [...byName.values()];
}
/** The builder in use: its own flag, else the report's `currentBuilder` when no builder has the flag. */
function isCurrent(r, builders, b) {
    if (builders.some((x) => x.current))
        return b.current;
    return r.currentBuilder !== undefined && b.name === r.currentBuilder;
}
function seconds(iso) {
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? ms / 1000 : undefined;
}
const metric = (s) => `${METRIC_PREFIX}_${s}`;
function families(r) {
    return [...runFamilies(r), ...builderFamilies(r), ...findingFamilies(r), ...cacheFamilies(r), ...phaseFamilies(r)];
}
/** Health, status, when the run finished and how long it took. */
function runFamilies(r) {
    const mode = r.mode;
    const out = [];
    out.push({
        name: metric('healthy'),
        help: 'Whether the last run left BuildKit healthy (1) or not (0).',
        samples: [{ labels: { mode }, value: r.healthy ? 1 : 0 }],
    });
    out.push({
        name: metric('last_run_status'),
        help: 'Status of the last run: 1 for the status it ended with, 0 for the others.',
        samples: ALL_STATUSES.map((s) => ({ labels: { mode, status: s }, value: s === r.status ? 1 : 0 })),
    });
    const finished = seconds(r.finishedAt);
    if (finished !== undefined) {
        out.push({
            name: metric('last_run_timestamp_seconds'),
            help: 'When the last run finished, in seconds since the Unix epoch.',
            samples: [{ labels: { mode }, value: finished }],
        });
    }
    const started = seconds(r.startedAt);
    if (finished !== undefined && started !== undefined) {
        out.push({
            name: metric('last_run_duration_seconds'),
            help: 'How long the last run took, in seconds.',
            samples: [{ labels: { mode }, value: Math.max(0, finished - started) }],
        });
    }
    return out;
}
function builderFamilies(r) {
    return [
        {
            name: metric('builders'),
            help: 'How many builders buildx listed after the last run (0 when it could list none).',
            samples: [{ labels: {}, value: new Set(currentBuilders(r).map((b) => b.name)).size }],
        },
        {
            name: metric('builder_healthy'),
            help: 'Whether each builder is healthy (1) or in error (0) after the last run.',
            samples: dedupe(currentBuilders(r).map((b) => ({
                labels: { builder: b.name, driver: b.driver },
                value: builderHealthy(b) ? 1 : 0,
            }))),
        },
        {
            name: metric('builder_current'),
            help: 'The builder in use (1) after the last run.',
            samples: dedupe(currentBuilders(r).map((b) => ({
                labels: { builder: b.name, driver: b.driver },
                value: isCurrent(r, currentBuilders(r), b) ? 1 : 0,
            }))),
        },
    ];
}
function findingFamilies(r) {
    const findings = currentFindings(r);
    const counts = countBySeverity(findings);
    const out = [];
    out.push({
        name: metric('findings'),
        help: 'Findings left after the last run, by severity.',
        samples: ALL_SEVERITIES.map((s) => ({ labels: { severity: s }, value: counts[s] })),
    });
    out.push({
        name: metric('finding'),
        help: 'Each finding left after the last run (1), by stable finding id, severity and subject.',
        samples: dedupe(findings.map((f) => ({ labels: { id: f.id, severity: f.severity, subject: f.subject }, value: 1 }))),
    });
    if (r.findingsAfter) {
        const before = countBySeverity(r.findings);
        out.push({
            name: metric('findings_detected'),
            help: 'Findings the last run detected before it repaired anything, by severity.',
            samples: ALL_SEVERITIES.map((s) => ({ labels: { severity: s }, value: before[s] })),
        });
    }
    return out;
}
function cacheFamilies(r) {
    if (!r.cache)
        return [];
    return [
        {
            name: metric('cache_bytes'),
            help: 'Build cache size reported by docker buildx du, in bytes.',
            samples: [{ labels: {}, value: r.cache.totalBytes }],
        },
        {
            name: metric('cache_reclaimable_bytes'),
            help: 'Build cache that docker buildx prune could reclaim, in bytes.',
            samples: [{ labels: {}, value: r.cache.reclaimableBytes }],
        },
    ];
}
/** The phases' durations and results, then the versions seen. */
function phaseFamilies(r) {
    const phases = phaseTotals(r);
    const info = { version: r.tool.version, host: r.host.hostname };
    if (r.versions.docker)
        info.docker = r.versions.docker;
    if (r.versions.buildx)
        info.buildx = r.versions.buildx;
    if (r.versions.buildkit)
        info.buildkit = r.versions.buildkit;
    return [
        {
            name: metric('phase_duration_seconds'),
            help: 'Time the last run spent in each phase, in seconds (a phase run twice, like diagnose before and after a repair, is summed).',
            samples: phases.map((p) => ({ labels: { phase: p.phase }, value: p.durationMs / 1000 })),
        },
        {
            name: metric('phase_ok'),
            help: 'Whether each phase of the last run succeeded (1) or failed (0); skipped phases count as 1.',
            samples: phases.map((p) => ({ labels: { phase: p.phase }, value: p.ok ? 1 : 0 })),
        },
        {
            name: metric('info'),
            help: 'Versions seen by the last run (always 1): buildkit-healer, docker, buildx, BuildKit.',
            samples: [{ labels: info, value: 1 }],
        },
    ];
}
/** The whole textfile: one HELP/TYPE block per family; families without samples are left out. */
function metrics_renderMetrics(report) {
    return (families(report)
        .filter((f) => f.samples.length > 0)
        .map(renderFamily)
        .join('\n') + '\n');
}
/**
 * Writes the file atomically: a temp file in the same directory (same filesystem), fsynced, then
 * renamed over the target, so the collector never reads half a file. The temp name does not end
 * in `.prom`, so the collector ignores it while it exists.
 */
async function metrics_writeMetricsFile(path, text) {
    const dir = dirname(path);
    await makeDir(dir);
    const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
        const fh = await open(tmp, 'w', 0o644);
        try {
            await fh.writeFile(text, 'utf8');
            await fh.sync();
        }
        finally {
            await fh.close();
        }
        await rename(tmp, path);
    }
    catch (e) {
        await rm(tmp, { force: true });
        throw e;
    }
}

;// CONCATENATED MODULE: ./src/action/outputs.ts
/** The heal action's outputs, in action.yml's order. All values are strings, as step outputs are. */
const HEAL_OUTPUTS = [
    { name: 'healthy', description: "'true' when nothing at or above fail-on remains." },
    { name: 'status', description: 'healthy, unhealthy, repaired or failed.' },
    { name: 'findings', description: 'JSON array of the findings left: [{"id","severity","subject"}].' },
    {
        name: 'builders',
        description: 'JSON array of the builders: [{"name","driver","status","current"}] (after the heal when one ran).',
    },
    { name: 'report-path', description: 'Path of the JSON report.' },
    { name: 'actions', description: 'JSON array of what the heal did: [{"action","target","ok"}].' },
    { name: 'backup-name', description: 'Name of the backup made before anything was changed (empty when none).' },
    { name: 'backup-artifact-id', description: 'Artifact id of the backup in the github store (empty otherwise).' },
];
/** Pure: the output values for a report. Findings and builders are those left after a heal. */
function outputs_healOutputs(report, reportPath) {
    const findings = report.findingsAfter ?? report.findings;
    const builders = report.buildersAfter ?? report.builders;
    return {
        healthy: String(report.healthy),
        status: report.status,
        findings: JSON.stringify(findings.map((f) => ({ id: f.id, severity: f.severity, subject: f.subject }))),
        builders: JSON.stringify(builders.map((b) => ({ name: b.name, driver: b.driver, status: b.status, current: b.current }))),
        'report-path': reportPath,
        actions: JSON.stringify(report.actions.map((a) => ({
            action: a.action,
            target: a.target,
            ok: a.ok,
            ...(a.dryRun ? { dryRun: true } : {}),
        }))),
        'backup-name': report.backup?.name ?? '',
        'backup-artifact-id': report.backup?.artifactId ?? '',
    };
}

;// CONCATENATED MODULE: ./src/action/run-heal.ts
/**
 * The heal action host: read every input, validate them all before anything runs, build the
 * dependencies at one root, call the core, then write the report, outputs, job summary and
 * annotations. One top-level catch turns any thrown value into a failed step.
 */


















async function run() {
    try {
        await runHeal(core, process.env);
    }
    catch (e) {
        // Any thrown value, Error or not, fails the step.
        core.setFailed(errorMessage(e));
    }
}
async function runHeal(c, env) {
    const options = await loadOptions(readHealInputs((n) => c.getInput(n)), { source: 'input', env });
    const reportPath = resolve(options.reportPath ?? join(env.RUNNER_TEMP ?? tmpdir(), 'buildkit-healer-report.json'));
    const deps = buildDeps(c, env, options);
    const report = await runMode(deps, options);
    // Outputs first: the report, the step outputs (backup-name above all: a rollback condition reads
    // it), the summary and annotations; the optional metrics file last. A file that cannot be
    // written is a warning naming its path, never a step without outputs.
    const written = await optionalWrite(c, 'the JSON report', reportPath, async () => {
        await makeDir(dirname(reportPath));
        await writeFile(reportPath, renderJson(report), 'utf8');
    });
    if (written)
        c.info(`JSON report written to ${reportPath}`);
    for (const [name, value] of Object.entries(healOutputs(report, written ? reportPath : '')))
        c.setOutput(name, value);
    const summaryPath = env.GITHUB_STEP_SUMMARY;
    if (summaryPath)
        await optionalWrite(c, 'the job summary', summaryPath, async () => {
            await c.summary.addRaw(renderSummary(report), true).write();
        });
    annotate(c, report);
    if (options.metricsPath !== undefined) {
        const metricsPath = resolve(options.metricsPath);
        await optionalWrite(c, 'the metrics file', metricsPath, () => writeMetricsFile(metricsPath, renderMetrics(report)));
    }
    const reason = failureReason(report);
    if (exitCodeFor(report) !== 0)
        c.setFailed(reason ?? `status ${report.status}`);
    else
        c.info(`buildkit-healer ${report.mode}: ${report.status}`);
    return report;
}
/** Runs one write; a failure is a warning naming what and where, and false. */
async function optionalWrite(c, what, path, write) {
    try {
        await write();
        return true;
    }
    catch (e) {
        c.warning(`cannot write ${what} ${path}: ${errorMessage(e)}`, { title: 'buildkit-healer: a file was not written' });
        return false;
    }
}
/** check runs here; the other modes are the heal orchestrator's, loaded only when asked for. */
async function runMode(deps, options) {
    if (options.mode === 'check')
        return runCheck(deps, options);
    const { heal } = await __webpack_require__.e(/* import() */ 683).then(__webpack_require__.bind(__webpack_require__, 82683));
    return heal(deps, options);
}
function buildDeps(c, env, options) {
    const deadline = new Deadline(options.deadlineMs);
    const runner = hostRunner(new ProcessRunner(env), deadline, options.dryRun);
    const docker = new Docker(runner, { env, timeouts: options.timeouts });
    return { docker, env, log: actionLogger(c), now: () => new Date(), version: TOOL_VERSION, deadline };
}
/** Log lines go to the step log; warnings are not annotations (findings are, one each). */
function actionLogger(c) {
    return {
        info: (m) => c.info(m),
        warn: (m) => c.info(`warning: ${m}`),
        error: (m) => c.info(`error: ${m}`),
        debug: (m) => c.debug(m),
        phase: (p, m) => c.info(`[${p}] ${m}`),
    };
}
/** One annotation per finding left: errors as errors, warnings as warnings, info as notices. */
function annotate(c, report) {
    for (const f of report.findingsAfter ?? report.findings) {
        const props = { title: `buildkit-healer ${f.id} (${f.subject})` };
        const text = f.repair !== undefined
            ? `${f.message} Repair: ${f.repair.description}`
            : f.advice !== undefined
                ? `${f.message} ${f.advice}`
                : f.message;
        if (f.severity === 'error')
            c.error(text, props);
        else if (f.severity === 'warning')
            c.warning(text, props);
        else
            c.notice(text, props);
    }
}

;// CONCATENATED MODULE: ./src/action/run-rollback.ts
/**
 * The rollback action host: parse the inputs (all before anything runs), open the store, call the
 * rollback phase, write outputs and a job summary saying plainly what was restored and what was not.
 */
















/** Pure: validates the rollback inputs, naming the input and the accepted values. */
function parseRollbackInputs(raw, env) {
    const v = (k) => (raw[k] ?? '').trim();
    const out = {
        restoreCache: v('restore-cache') === '' ? true : parseBool(v('restore-cache'), 'restore-cache'),
        recreateBuilders: v('recreate-builders') === '' ? true : parseBool(v('recreate-builders'), 'recreate-builders'),
        trustUnsigned: v('trust-unsigned') === '' ? false : parseBool(v('trust-unsigned'), 'trust-unsigned'),
        backupDir: v('backup-dir') === '' ? (0,options/* defaultOptions */.KQ)(env).backup.dir : expandHome(v('backup-dir'), env),
        backupStore: 'auto',
        deadlineMs: core_deadline/* DEFAULT_DEADLINE_MS */.u8,
        allowBuilderSettings: (0,option_values/* parseAllowBuilderSettings */.RM)(v('allow-builder-settings')
            .split(/[\n,]/)
            .map((x) => x.trim())
            .filter((x) => x !== '')),
    };
    if (v('deadline') !== '') {
        const secs = duration_boundedSeconds(v('deadline'), core_deadline/* MIN_DEADLINE_S */.UY, core_deadline/* MAX_DEADLINE_S */.wf);
        if (secs === undefined)
            throw new errors/* InputError */.dz('deadline', v('deadline'), duration_boundedSecondsAccepted(core_deadline/* MIN_DEADLINE_S */.UY, core_deadline/* MAX_DEADLINE_S */.wf));
        out.deadlineMs = secs * 1000;
    }
    const store = v('backup-store').toLowerCase();
    if (store !== '') {
        if (!STORES.includes(store))
            throw new errors/* InputError */.dz('backup-store', v('backup-store'), STORES.join(', '));
        out.backupStore = store;
    }
    if (v('backup-name') !== '') {
        // Artifact names may not hold these (and the local store uses the name as a directory).
        if (/["':<>|*?\\/\r\n]/.test(v('backup-name')))
            throw new errors/* InputError */.dz('backup-name', v('backup-name'), 'a backup name as the heal step output it (no " : < > | * ? \\ / or newlines)');
        out.backupName = v('backup-name');
    }
    if (v('artifact-id') !== '') {
        if (!/^\d+$/.test(v('artifact-id')))
            throw new errors/* InputError */.dz('artifact-id', v('artifact-id'), 'a numeric artifact id');
        out.artifactId = v('artifact-id');
    }
    if (v('run-id') !== '') {
        if (!/^\d+$/.test(v('run-id')))
            throw new errors/* InputError */.dz('run-id', v('run-id'), 'a numeric workflow run id');
        out.runId = v('run-id');
    }
    if (v('repository') !== '') {
        if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(v('repository')))
            throw new errors/* InputError */.dz('repository', v('repository'), 'owner/repo');
        out.repository = v('repository');
    }
    if (v('github-token') !== '')
        out.githubToken = v('github-token');
    return out;
}
async function run_rollback_run() {
    try {
        await runRollback(lib_core, process.env);
    }
    catch (e) {
        lib_core.setFailed((0,errors/* errorMessage */.gJ)(e));
    }
}
async function runRollback(c, env) {
    const inputs = parseRollbackInputs(readRollbackInputs((n) => c.getInput(n)), env);
    if (inputs.githubToken !== undefined)
        c.setSecret(inputs.githubToken);
    const deadline = new core_deadline/* Deadline */.B2(inputs.deadlineMs);
    const runner = new docker_runner/* DeadlineRunner */.X4(new docker_runner/* ProcessRunner */.Si(env), deadline);
    const deps = {
        docker: new docker/* Docker */.Jg(runner, { env }),
        env,
        log: actionLogger(c),
        now: () => new Date(),
        version: version_TOOL_VERSION,
        deadline,
    };
    const defaults = (0,options/* defaultOptions */.KQ)(env);
    const source = sourceOf(inputs, env);
    const work = async () => {
        const store = await (0,stores.openStore)(inputs.backupStore, { ...defaults.backup, dir: inputs.backupDir }, deps, source);
        return (0,rollback.rollback)(deps, rollbackOptions(inputs, store));
    };
    let result;
    try {
        result = await deadline.race(work(), 'rollback');
    }
    catch (e) {
        if (!(e instanceof core_deadline/* DeadlineError */.j3))
            throw e;
        return stoppedByDeadline(c, env, inputs, e);
    }
    const status = (0,rollback/* rollbackStatus */.h1)(result);
    c.setOutput('status', status);
    c.setOutput('restored', JSON.stringify(result.restored.map((r) => r.path)));
    c.setOutput('builders', JSON.stringify(result.builders));
    if (env.GITHUB_STEP_SUMMARY)
        await c.summary.addRaw(renderRollbackSummary(result, status), true).write();
    for (const s of result.skipped)
        c.warning(`${s.path}: ${s.reason}`, { title: 'buildkit-healer rollback: not restored' });
    if (status === 'failed')
        c.setFailed(result.error ?? 'rollback failed');
    else
        c.info(`rollback of ${result.name}: ${status}`);
    return result;
}
/** The rollback phase's options from the action's inputs. */
function rollbackOptions(inputs, store) {
    return {
        store,
        ...(inputs.backupName !== undefined
            ? { name: inputs.backupName }
            : inputs.artifactId === undefined
                ? { latest: true }
                : {}),
        ...(inputs.artifactId !== undefined ? { artifactId: inputs.artifactId } : {}),
        restoreCache: inputs.restoreCache,
        // Cache restore covers docker-container builders' state (their build cache) too.
        restoreBuilderState: inputs.restoreCache,
        recreateBuilders: inputs.recreateBuilders,
        allowBuilderSettings: inputs.allowBuilderSettings,
        trustUnsigned: inputs.trustUnsigned,
        ...(inputs.repository !== undefined ? { repository: inputs.repository } : {}),
    };
}
/** Stopped by the deadline: the outputs still say so, and the step fails naming where. */
async function stoppedByDeadline(c, env, inputs, e) {
    c.setOutput('status', 'failed');
    c.setOutput('restored', '[]');
    c.setOutput('builders', '[]');
    const error = `${e.message}; the backup is kept`;
    const stopped = {
        name: inputs.backupName ?? '',
        restored: [],
        skipped: [],
        builders: [],
        buildOk: false,
        actions: [],
        error,
    };
    if (env.GITHUB_STEP_SUMMARY)
        await c.summary
            .addRaw([
            '## \u274c BuildKit healer rollback: failed',
            '',
            `> **Error:** ${render_util_cell(error)}`,
            '',
            `Backup ${render_util_code(stopped.name || '(newest)')} is kept: run the rollback again with a longer \`deadline\`.`,
            '',
        ].join('\n'), true)
            .write();
    c.setFailed(error);
    return stopped;
}
/**
 * Where the GitHub store looks. A run id: that run. An artifact id alone: by id in the repository
 * (no run id: the store downloads the artifact directly, so a backup from another run is found).
 * Neither: the current run.
 */
function sourceOf(inputs, env) {
    const token = inputs.githubToken ?? '';
    const repository = inputs.repository ?? env.GITHUB_REPOSITORY ?? '';
    if (inputs.runId !== undefined)
        return { source: { token, runId: inputs.runId, repository } };
    if (inputs.artifactId !== undefined)
        return { source: { token, repository } };
    return {};
}
function renderRollbackSummary(r, status) {
    const out = [
        `## ${status === 'failed' ? '\u274c' : status === 'partial' ? '\u26a0\ufe0f' : '\u2705'} BuildKit healer rollback: ${status}`,
        '',
    ];
    out.push(`Backup ${render_util_code(r.name)} \u00b7 builder in use: ${r.currentBuilder !== undefined ? render_util_code(r.currentBuilder) : 'unknown'} \u00b7 test build ${r.buildOk ? 'ok' : '**failed**'}`, '');
    if (r.error !== undefined)
        out.push(`> **Error:** ${render_util_cell(r.error)}`, '');
    out.push('### Restored', '');
    out.push(...(r.restored.length === 0 ? ['Nothing.'] : r.restored.map((x) => `- ${render_util_code(x.path)}`)), '');
    out.push('### Not restored', '');
    out.push(...(r.skipped.length === 0
        ? ['Nothing was left out.']
        : r.skipped.map((x) => `- ${render_util_code(x.path)}: ${render_util_cell(x.reason)}`)), '');
    out.push('### Builders', '', ...(r.builders.length === 0 ? ['None of the backup\u2019s builders exist.'] : r.builders.map((b) => `- ${render_util_code(b)}`)), '');
    const rec = rollbackRecordLines(r.record).filter((l) => l !== '');
    if (rec.length > 0)
        out.push('### Why, when, and the diagnose after', '', ...rec.map((l) => `- ${render_util_cell(l.trim())}`), '');
    return out.join('\n');
}


/***/ }),

/***/ 16782:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AY: () => (/* binding */ BUNDLE_VERSION),
/* harmony export */   Bo: () => (/* binding */ readBundle),
/* harmony export */   DC: () => (/* binding */ hashFile),
/* harmony export */   JQ: () => (/* binding */ extractToTemp),
/* harmony export */   JS: () => (/* binding */ GITHUB_REPO_RE),
/* harmony export */   UG: () => (/* binding */ BundleWriter),
/* harmony export */   jf: () => (/* binding */ BUNDLE_FORMAT)
/* harmony export */ });
/* unused harmony exports checkManifest, readEntry */
/* harmony import */ var _core_crypto_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16082);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(38522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var ajv__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(42463);
/* harmony import */ var ajv__WEBPACK_IMPORTED_MODULE_9___default = /*#__PURE__*/__webpack_require__.n(ajv__WEBPACK_IMPORTED_MODULE_9__);
/* harmony import */ var tar__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(98697);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(74296);
/* harmony import */ var _contain_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(99928);
/**
 * The backup bundle: ONE gzip tarball holding `manifest.json` and `files/NNNN`. The manifest is
 * versioned and lists every file with its original path, mode, size and SHA-256. Reading a bundle
 * checks everything (entry names and types, sizes, checksums, the manifest's schema) in a first
 * pass that writes nothing; extraction is a second pass that verifies again while it writes.
 */










const BUNDLE_FORMAT = 'buildkit-healer/backup';
const BUNDLE_VERSION = 1;
const FILE_KINDS = [
    'instance',
    'current',
    'defaults',
    'activity',
    'context-meta',
    'buildkitd-toml',
    'daemon-json',
    'docker-config',
    'command-output',
    'cache-data',
    'builder-state',
];
const MANIFEST_ENTRY = 'manifest.json';
/** owner/name as GitHub spells them: an owner of letters, digits and hyphens; a name that is not `.` or `..`. */
const GITHUB_REPO_RE = /^[A-Za-z0-9][A-Za-z0-9-]*\/(?!\.\.?$)[A-Za-z0-9_.-]+$/;
const ENTRY_RE = /^files\/\d{4,8}$/;
const SHA_RE = '^[0-9a-f]{64}$';
const DEFAULT_LIMITS = {
    maxArchiveBytes: 4 * 1024 ** 3,
    maxEntryBytes: 4 * 1024 ** 3,
    maxTotalBytes: 8 * 1024 ** 3,
    maxManifestBytes: 16 * 1024 ** 2,
};
const str = { type: 'string' };
const strMap = { type: 'object', additionalProperties: str };
const manifestSchema = {
    type: 'object',
    required: [
        'format',
        'version',
        'name',
        'createdAt',
        'host',
        'tool',
        'versions',
        'builders',
        'files',
        'redactions',
        'omitted',
        'commands',
    ],
    additionalProperties: false,
    properties: {
        format: { const: BUNDLE_FORMAT },
        version: { const: BUNDLE_VERSION },
        name: { type: 'string', minLength: 1, maxLength: 256 },
        createdAt: str,
        host: { type: 'object', required: ['hostname', 'dockerHost'], properties: { hostname: str, dockerHost: str } },
        tool: { type: 'object', required: ['name', 'version'], properties: { name: str, version: str } },
        versions: { type: 'object', properties: { docker: str, buildx: str, buildkit: str }, additionalProperties: false },
        currentBuilder: str,
        builders: {
            type: 'array',
            items: {
                type: 'object',
                required: ['name', 'driver', 'status', 'current', 'platforms', 'driverOptions', 'nodes'],
                properties: {
                    name: str,
                    driver: str,
                    status: str,
                    current: { type: 'boolean' },
                    dynamic: { type: 'boolean' },
                    platforms: { type: 'array', items: str },
                    driverOptions: strMap,
                    buildkitdConfig: str,
                    nodes: {
                        type: 'array',
                        items: {
                            type: 'object',
                            required: ['name', 'endpoint', 'platforms', 'status', 'driverOptions'],
                            properties: {
                                name: str,
                                endpoint: str,
                                status: str,
                                platforms: { type: 'array', items: str },
                                driverOptions: strMap,
                                flags: { type: 'array', items: str },
                            },
                        },
                    },
                },
            },
        },
        files: {
            type: 'array',
            items: {
                type: 'object',
                required: ['path', 'entry', 'kind', 'mode', 'size', 'sha256'],
                additionalProperties: false,
                properties: {
                    path: { type: 'string', minLength: 1, maxLength: 4096 },
                    entry: { type: 'string', pattern: ENTRY_RE.source },
                    kind: { enum: FILE_KINDS },
                    mode: { type: 'integer', minimum: 0, maximum: 0o7777 },
                    size: { type: 'integer', minimum: 0 },
                    sha256: { type: 'string', pattern: SHA_RE },
                    redacted: { type: 'array', items: str },
                    container: str,
                    builder: str,
                },
            },
        },
        redactions: {
            type: 'array',
            items: {
                type: 'object',
                required: ['path', 'fields'],
                properties: { path: str, fields: { type: 'array', items: str } },
            },
        },
        omitted: {
            type: 'array',
            items: { type: 'object', required: ['path', 'reason'], properties: { path: str, reason: str } },
        },
        commands: {
            type: 'array',
            items: {
                type: 'object',
                required: ['label', 'argv', 'exitCode'],
                properties: {
                    label: str,
                    argv: { type: 'array', items: str },
                    exitCode: { type: ['integer', 'null'] },
                    stdoutEntry: { type: 'string', pattern: ENTRY_RE.source },
                    stderrEntry: { type: 'string', pattern: ENTRY_RE.source },
                },
            },
        },
        externalCache: { type: 'array', items: str },
        github: {
            type: 'object',
            required: ['repository', 'runId'],
            additionalProperties: false,
            properties: {
                repository: { type: 'string', pattern: GITHUB_REPO_RE.source },
                runId: { type: 'string', pattern: '^[0-9]{1,20}$' },
                runAttempt: { type: 'string', pattern: '^[0-9]{1,6}$' },
                workflow: { type: 'string', maxLength: 1024 },
            },
        },
    },
};
let validator;
function validateSchema(doc) {
    // Compiled on first use: nothing works on import.
    validator ??= new ajv__WEBPACK_IMPORTED_MODULE_9__.Ajv({ allErrors: true, strict: false }).compile(manifestSchema);
    if (validator(doc))
        return undefined;
    return (validator.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
        .join('; ');
}
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Semantic checks the schema cannot express. Throws SafetyError naming the entry. */
function checkManifest(doc) {
    if (typeof doc !== 'object' || doc === null)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd('Bundle refused: manifest.json is not a JSON object');
    const d = doc;
    if (d.format !== BUNDLE_FORMAT)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd(`Bundle refused: unknown manifest format ${JSON.stringify(d.format)} (expected ${BUNDLE_FORMAT})`);
    if (d.version !== BUNDLE_VERSION)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd(`Bundle refused: unsupported manifest version ${JSON.stringify(d.version)} (this tool reads version ${BUNDLE_VERSION})`);
    const err = validateSchema(doc);
    if (err !== undefined)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd(`Bundle refused: manifest.json is not valid: ${err}`);
    const m = doc;
    const seen = new Set();
    for (const b of m.builders) {
        // Names end up in reports and in argv: a newline would fake report lines.
        if (CONTROL.test(b.name) || b.nodes.some((n) => CONTROL.test(n.name)))
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd(`Bundle refused: builder ${JSON.stringify(b.name)} has a control character in its name`);
    }
    if (m.github?.workflow !== undefined && CONTROL.test(m.github.workflow))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd('Bundle refused: the workflow the manifest records has a control character');
    for (const f of m.files) {
        if (seen.has(f.entry))
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd(`Bundle refused: manifest lists entry ${f.entry} twice`);
        seen.add(f.entry);
        if (CONTROL.test(f.path))
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd(`Bundle refused: entry ${f.entry} has a control character in its path ${JSON.stringify(f.path)}`);
        if (f.kind === 'command-output')
            continue;
        if (f.kind === 'builder-state') {
            if (f.container === undefined || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(f.container)) {
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd(`Bundle refused: builder-state entry ${f.entry} names no valid container`);
            }
            continue;
        }
        const bad = (0,_contain_js__WEBPACK_IMPORTED_MODULE_8__/* .pathProblem */ .z9)(f.path);
        if (bad !== undefined)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd(`Bundle refused: entry ${f.entry} has original path ${JSON.stringify(f.path)}, which is not an absolute normalised path (it ${bad})`);
    }
    for (const c of m.commands) {
        for (const e of [c.stdoutEntry, c.stderrEntry]) {
            if (e !== undefined && !seen.has(e))
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd(`Bundle refused: command ${c.label} refers to ${e}, which the manifest does not list`);
        }
    }
    return m;
}
/** Stages files under a private directory, then packs them as one tarball. */
class BundleWriter {
    stageDir;
    files = [];
    n = 0;
    constructor(stageDir) {
        this.stageDir = stageDir;
    }
    /** Reserves the next entry; the caller writes the file at `stagePath`, then calls `commit`. */
    reserve() {
        this.n += 1;
        const entry = `files/${String(this.n).padStart(4, '0')}`;
        return { entry, stagePath: (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.stageDir, entry) };
    }
    async init() {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.stageDir, 'files'), { recursive: true, mode: 0o700 });
    }
    /** Hashes the staged file (what is stored is what is hashed). */
    async commit(meta, entry, stagePath) {
        const { size, sha256 } = await hashFile(stagePath);
        const f = { path: meta.path, entry, kind: meta.kind, mode: meta.mode & 0o7777, size, sha256 };
        if (meta.redacted !== undefined && meta.redacted.length > 0)
            f.redacted = meta.redacted;
        if (meta.container !== undefined)
            f.container = meta.container;
        if (meta.builder !== undefined)
            f.builder = meta.builder;
        this.files.push(f);
        return f;
    }
    async addContent(meta, content) {
        const { entry, stagePath } = this.reserve();
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(stagePath, content, { mode: 0o600 });
        return this.commit(meta, entry, stagePath);
    }
    async addCopy(meta, src) {
        const { entry, stagePath } = this.reserve();
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(src), (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(stagePath, { mode: 0o600 }));
        return this.commit(meta, entry, stagePath);
    }
    /** Packs manifest.json + files/ into `outPath` (gzip). */
    async pack(manifest, outPath) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.stageDir, MANIFEST_ENTRY), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(outPath), { recursive: true });
        await tar__WEBPACK_IMPORTED_MODULE_6__.c({ gzip: true, file: outPath, cwd: this.stageDir, portable: true, noDirRecurse: true }, [
            MANIFEST_ENTRY,
            ...this.files.map((f) => f.entry),
        ]);
    }
}
async function hashFile(path) {
    const h = (0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .createHash */ .n1)('sha256');
    let size = 0;
    for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path)) {
        const b = chunk;
        h.update(b);
        size += b.length;
    }
    return { size, sha256: h.digest('hex') };
}
function refuse(msg) {
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd(`Bundle refused: ${msg}`);
}
/** Checks one tar header; returns the error for a hostile or unexpected entry. */
function entryProblem(e, limits) {
    const p = e.path;
    const shown = JSON.stringify(p);
    if (p.includes('\0'))
        return `entry ${shown} has a NUL byte in its name`;
    if (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\'))
        return `entry ${shown} has an absolute path`;
    if (p.split(/[\\/]/).includes('..'))
        return `entry ${shown} contains '..'`;
    if (e.type === 'SymbolicLink')
        return `entry ${shown} is a symlink (to ${JSON.stringify(e.linkpath ?? '')})`;
    if (e.type === 'Link')
        return `entry ${shown} is a hard link (to ${JSON.stringify(e.linkpath ?? '')})`;
    if (e.type === 'Directory') {
        if (p !== 'files/' && p !== 'files')
            return `entry ${shown} is a directory the format does not have`;
        return undefined;
    }
    if (e.type !== 'File' && e.type !== 'OldFile' && e.type !== 'ContiguousFile')
        return `entry ${shown} is not a regular file (type ${e.type})`;
    if (p !== MANIFEST_ENTRY && !ENTRY_RE.test(p))
        return `entry ${shown} is not part of the bundle format`;
    const size = e.size ?? 0;
    if (p === MANIFEST_ENTRY && size > limits.maxManifestBytes)
        return `manifest.json is ${size} bytes, over the ${limits.maxManifestBytes}-byte limit`;
    if (size > limits.maxEntryBytes)
        return `entry ${shown} is ${size} bytes, over the ${limits.maxEntryBytes}-byte limit`;
    return undefined;
}
const BLOCK = 512;
const blocks = (n) => Math.ceil(n / BLOCK) * BLOCK;
/** Slack over the declared sizes: end-of-archive blocks, pax headers, record padding. */
const SLACK = 64 * 1024;
/** The most a genuine bundle with this manifest decompresses to (tar framing included). */
function declaredBudget(manifestBytes, manifestText, limits) {
    try {
        const doc = JSON.parse(manifestText);
        if (!Array.isArray(doc.files))
            return undefined;
        let total = BLOCK * 3 + blocks(manifestBytes);
        for (const f of doc.files) {
            const size = typeof f.size === 'number' && Number.isSafeInteger(f.size) && f.size >= 0 ? f.size : 0;
            total += BLOCK * 3 + blocks(size);
        }
        return Math.min(total + SLACK, limits.maxTotalBytes + limits.maxManifestBytes + SLACK);
    }
    catch {
        return undefined;
    }
}
/**
 * One streaming pass over the archive: every header checked, every body hashed. `sink` may
 * return an output a file body is also written to (extraction). Entries are handled one at a
 * time (one output open at once, whatever the number of files); a failing output skips its
 * entry with a reason in `failed`. The decompressed size is bounded by what the manifest
 * declares (a genuine file of zeros compresses 1000:1 and passes; a bomb does not). Resolves
 * with the manifest text and the entries, rejects with a SafetyError naming the first bad entry.
 */
async function scan(path, limits, sink, failed) {
    await checkArchiveFile(path, limits);
    return new Scan(limits, sink, failed).run(path);
}
/** A regular file within the size limit that starts as gzip; anything else is refused before reading it. */
async function checkArchiveFile(path, limits) {
    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path).catch((e) => {
        throw refuse(`cannot read ${path}: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .errorMessage */ .gJ)(e)}`);
    });
    if (!st.isFile())
        throw refuse(`${path} is not a regular file`);
    if (st.size > limits.maxArchiveBytes)
        throw refuse(`archive is ${st.size} bytes, over the ${limits.maxArchiveBytes}-byte limit`);
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, 'r');
    try {
        const magic = Buffer.alloc(2);
        await fh.read(magic, 0, 2, 0);
        if (magic[0] !== 0x1f || magic[1] !== 0x8b)
            throw refuse(`${path} is not a gzip file`);
    }
    finally {
        await fh.close();
    }
}
/** The state of one pass of scan(): the entries read, the first failure, the budget, the entry in hand. */
class Scan {
    limits;
    sink;
    failed;
    entries = new Map();
    manifestText;
    total = 0;
    failure;
    // Until the manifest is read, only the manifest's own limit (it comes first in a genuine bundle).
    budget;
    chain = Promise.resolve();
    live = new Set();
    names = new Set();
    parser = new tar__WEBPACK_IMPORTED_MODULE_6__/* .Parser */ .iX({ strict: true, brotli: false, zstd: false });
    constructor(limits, sink, failed) {
        this.limits = limits;
        this.sink = sink;
        this.failed = failed;
        this.budget = limits.maxManifestBytes + BLOCK * 3 + SLACK;
    }
    async run(path) {
        await new Promise((resolvePromise, reject) => {
            this.listen(resolvePromise, reject);
            this.feed(path, reject);
        }).catch(async (err) => {
            await this.chain;
            throw err;
        });
        await this.chain;
        if (this.failure !== undefined)
            throw this.failure;
        const entries = this.entries;
        return this.manifestText === undefined ? { entries } : { manifestText: this.manifestText, entries };
    }
    fail(err) {
        if (this.failure === undefined)
            this.failure = err;
        this.parser.abort(err);
        for (const e of this.live)
            e.destroy();
    }
    listen(resolvePromise, reject) {
        this.parser.on('entry', (e) => this.onEntry(e));
        // tar ignores entry types it does not know; the format has none of them.
        this.parser.on('ignoredEntry', (e) => {
            if (e.type !== 'Directory')
                this.fail(refuse(`entry ${JSON.stringify(e.path)} has a type the format does not have (${String(e.type)})`));
        });
        this.parser.on('error', (err) => {
            if (this.failure === undefined)
                this.failure = err instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .SafetyError */ .dd ? err : refuse(`archive is corrupt or truncated: ${err.message}`);
            for (const e of this.live)
                e.destroy();
            reject(this.failure);
        });
        this.parser.on('end', () => (this.failure !== undefined ? reject(this.failure) : resolvePromise()));
    }
    /** Reads the file through gunzip into the parser, within the budget the manifest declares. */
    feed(path, reject) {
        const rs = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path);
        const gz = (0,node_zlib__WEBPACK_IMPORTED_MODULE_5__.createGunzip)();
        let out = 0;
        let first = true;
        rs.on('error', (err) => {
            this.fail(refuse(`cannot read ${path}: ${err.message}`));
            reject(this.failure);
        });
        gz.on('error', (err) => {
            this.fail(refuse(`archive is corrupt or truncated: ${err.message}`));
            reject(this.failure);
        });
        gz.on('data', (b) => {
            if (this.failure !== undefined)
                return;
            if (first) {
                first = false;
                if ((b[0] === 0x1f && b[1] === 0x8b) || (b[0] === 0x28 && b[1] === 0xb5)) {
                    this.fail(refuse('the archive holds another compressed stream (nested compression is not part of the format)'));
                    reject(this.failure);
                    return;
                }
            }
            out += b.length;
            if (out > this.budget) {
                this.fail(refuse(`archive decompresses to more than the ${this.budget} bytes its manifest declares`));
                reject(this.failure);
                return;
            }
            if (!this.parser.write(b)) {
                gz.pause();
                this.parser.once('drain', () => gz.resume());
            }
        });
        gz.on('end', () => this.parser.end());
        rs.pipe(gz);
    }
    /** One header: checked, then its body queued behind the entry before it. */
    onEntry(e) {
        if (this.failure !== undefined) {
            e.resume();
            return;
        }
        const problem = entryProblem(e, this.limits);
        if (problem !== undefined) {
            this.fail(refuse(problem));
            e.resume();
            return;
        }
        if (e.type === 'Directory') {
            e.resume();
            return;
        }
        const name = e.path;
        if (this.names.has(name)) {
            this.fail(refuse(`entry ${JSON.stringify(name)} appears twice`));
            e.resume();
            return;
        }
        this.total += e.size ?? 0;
        if (this.total > this.limits.maxTotalBytes) {
            this.fail(refuse(`archive contents exceed the ${this.limits.maxTotalBytes}-byte limit at entry ${JSON.stringify(name)}`));
            e.resume();
            return;
        }
        this.names.add(name);
        this.live.add(e);
        // One entry at a time: the next waits until this one's output is closed.
        this.chain = this.chain
            .then(() => this.consume(e, name))
            .catch((err) => this.fail(err instanceof Error ? err : new Error(String(err))));
    }
    /** One body: hashed, kept (the manifest) or written to the sink's output. */
    async consume(e, name) {
        const h = (0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .createHash */ .n1)('sha256');
        const chunks = [];
        let size = 0;
        let out;
        const drop = async (why) => {
            this.failed?.set(name, (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .errorMessage */ .gJ)(why));
            const o = out;
            out = undefined;
            await o?.abort().catch(() => undefined);
        };
        if (name !== MANIFEST_ENTRY && this.sink !== undefined && this.failure === undefined) {
            try {
                out = await (0,_contain_js__WEBPACK_IMPORTED_MODULE_8__/* .withTimeout */ .wj)(this.sink(name, e.size ?? 0), _contain_js__WEBPACK_IMPORTED_MODULE_8__/* .TARGET_TIMEOUT_MS */ .FE, `opening the output of ${name}`);
            }
            catch (err) {
                this.failed?.set(name, (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .errorMessage */ .gJ)(err));
            }
        }
        try {
            for await (const chunk of e) {
                h.update(chunk);
                size += chunk.length;
                if (name === MANIFEST_ENTRY)
                    chunks.push(chunk);
                else if (out !== undefined) {
                    try {
                        await (0,_contain_js__WEBPACK_IMPORTED_MODULE_8__/* .withTimeout */ .wj)(out.write(chunk), _contain_js__WEBPACK_IMPORTED_MODULE_8__/* .TARGET_TIMEOUT_MS */ .FE, `writing ${name}`);
                    }
                    catch (err) {
                        await drop(err);
                    }
                }
            }
        }
        finally {
            this.live.delete(e);
        }
        if (this.failure !== undefined) {
            await out?.abort().catch(() => undefined);
            return;
        }
        if (name === MANIFEST_ENTRY) {
            this.manifestText = Buffer.concat(chunks).toString('utf8');
            this.budget = declaredBudget(size, this.manifestText, this.limits) ?? this.budget;
        }
        else {
            this.entries.set(name, { size, sha256: h.digest('hex') });
        }
        if (out !== undefined) {
            try {
                await (0,_contain_js__WEBPACK_IMPORTED_MODULE_8__/* .withTimeout */ .wj)(out.end(), _contain_js__WEBPACK_IMPORTED_MODULE_8__/* .TARGET_TIMEOUT_MS */ .FE, `closing the output of ${name}`);
            }
            catch (err) {
                await drop(err);
            }
        }
    }
}
function mergeLimits(l) {
    return { ...DEFAULT_LIMITS, ...l };
}
/**
 * Reads and verifies a bundle without writing anything: the archive's structure, every entry
 * against the manifest (size and SHA-256, none missing, none extra), the manifest's format,
 * version and schema. With `allowedRoots`, files the containment rule puts nowhere are listed in
 * `refused`.
 */
async function readBundle(path, opts = {}) {
    const limits = mergeLimits(opts.limits);
    const { manifestText, entries } = await scan(path, limits);
    if (manifestText === undefined)
        throw refuse('the archive has no manifest.json');
    let doc;
    try {
        doc = JSON.parse(manifestText);
    }
    catch (e) {
        throw refuse(`manifest.json is not JSON: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .errorMessage */ .gJ)(e)}`);
    }
    const manifest = checkManifest(doc);
    const listed = new Map(manifest.files.map((f) => [f.entry, f]));
    for (const [entry, got] of entries) {
        const f = listed.get(entry);
        if (f === undefined)
            throw refuse(`entry ${entry} is not in the manifest`);
        if (got.size !== f.size)
            throw refuse(`entry ${entry} (${f.path}) is ${got.size} bytes, the manifest says ${f.size}`);
        if (got.sha256 !== f.sha256)
            throw refuse(`entry ${entry} (${f.path}) has SHA-256 ${got.sha256}, the manifest says ${f.sha256}`);
    }
    for (const f of manifest.files) {
        if (!entries.has(f.entry))
            throw refuse(`manifest file ${f.entry} (${f.path}) is missing from the archive`);
    }
    const refused = [];
    if (opts.allowedRoots !== undefined) {
        for (const f of manifest.files) {
            if (f.kind === 'command-output' || f.kind === 'builder-state')
                continue;
            const place = (0,_contain_js__WEBPACK_IMPORTED_MODULE_8__/* .placeFor */ .vM)(f.path, f.kind, opts.allowedRoots);
            if ('problem' in place)
                refused.push({ file: f, reason: place.problem });
        }
    }
    return { path, manifest, entries, refused };
}
async function defaultOpenTemp(dest) {
    const { constants } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 73024, 23));
    const tmp = `${dest}.bkh-${(0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .randomBytes */ .po)(6).toString('hex')}`;
    return {
        fh: await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600),
        tmp,
    };
}
/**
 * Second pass: writes the wanted entries to temporary files while hashing them, one at a time,
 * and checks each against the manifest again. Returns entry \u2192 temp path for the entries written;
 * an entry whose temp file cannot be made or written is left out (reason in `opts.failed`). On a
 * bundle-level error every temp file is removed and the error rethrown. The caller renames the
 * temp files into place and removes what it does not use.
 */
async function extractToTemp(bundle, wanted, opts = {}) {
    const temps = new Map();
    const openTemp = opts.openTemp ?? defaultOpenTemp;
    const sink = async (entry) => {
        const dest = wanted.get(entry);
        if (dest === undefined)
            return undefined;
        const { fh, tmp } = await openTemp(dest);
        temps.set(entry, tmp);
        let closed = false;
        const close = async () => {
            if (!closed) {
                closed = true;
                await fh.close();
            }
        };
        return {
            write: async (b) => {
                let off = 0;
                while (off < b.length)
                    off += (await fh.write(b, off, b.length - off)).bytesWritten;
            },
            end: close,
            abort: async () => {
                temps.delete(entry);
                await close().catch(() => undefined);
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(tmp, { force: true });
            },
        };
    };
    try {
        const { entries } = await scan(bundle.path, mergeLimits(opts.limits), sink, opts.failed);
        for (const [entry] of temps) {
            const f = bundle.manifest.files.find((x) => x.entry === entry);
            const got = entries.get(entry);
            if (f === undefined || got === undefined || got.sha256 !== f.sha256 || got.size !== f.size) {
                throw refuse(`entry ${entry} changed between verification and extraction`);
            }
        }
        return temps;
    }
    catch (e) {
        await Promise.all([...temps.values()].map((t) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(t, { force: true })));
        throw e;
    }
}
/** Reads one small entry (command output, a JSON file) into memory, verified. */
async function readEntry(bundle, entry) {
    const f = bundle.manifest.files.find((x) => x.entry === entry);
    if (f === undefined)
        throw refuse(`entry ${entry} is not in the manifest`);
    const chunks = [];
    const sink = (e) => Promise.resolve(e === entry
        ? {
            write: (b) => Promise.resolve(void chunks.push(b)),
            end: () => Promise.resolve(),
            abort: () => Promise.resolve(),
        }
        : undefined);
    await scan(bundle.path, DEFAULT_LIMITS, sink);
    const buf = Buffer.concat(chunks);
    if (createHash('sha256').update(buf).digest('hex') !== f.sha256)
        throw refuse(`entry ${entry} does not match its checksum`);
    return buf;
}


/***/ }),

/***/ 99928:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FE: () => (/* binding */ TARGET_TIMEOUT_MS),
/* harmony export */   XS: () => (/* binding */ openTemp),
/* harmony export */   e$: () => (/* binding */ checkTarget),
/* harmony export */   pj: () => (/* binding */ readNoFollow),
/* harmony export */   vM: () => (/* binding */ placeFor),
/* harmony export */   wj: () => (/* binding */ withTimeout),
/* harmony export */   z9: () => (/* binding */ pathProblem)
/* harmony export */ });
/* harmony import */ var _core_crypto_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16082);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/**
 * The one containment rule for every write of a restore. A bundle is hostile data: its paths
 * decide nothing by themselves. A file is written only when
 * - its path is plain (absolute, no trailing slash, no empty, `.` or `..` component, no control
 *   character),
 * - it lies under a root of the CURRENT environment that takes its kind (daemon.json only from a
 *   `daemon-json` entry to a configured daemon.json path; cache data only into a cache directory,
 *   and whatever lies in a cache directory counts as cache data whatever its `kind` says),
 * - the root is not itself a symlink, no component below it is a symlink (the format records
 *   none), every directory component is a directory, and the target is a regular file or absent,
 * - the temporary file sits beside the target and is opened O_CREAT|O_EXCL|O_NOFOLLOW, and the
 *   whole chain is checked again right before the rename.
 */




/** How long one target may take (checks, temp file, write, rename). */
const TARGET_TIMEOUT_MS = 30_000;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Why a path from a bundle is not a plain absolute path, or undefined when it is. */
function pathProblem(p) {
    if (CONTROL.test(p))
        return 'has a control character';
    if (!p.startsWith('/'))
        return 'is not absolute';
    if (p.length > 4096)
        return 'is longer than 4096 characters';
    if (p === '/')
        return 'is the root directory';
    if (p.endsWith('/'))
        return 'ends with "/"';
    const parts = p.slice(1).split('/');
    if (parts.includes(''))
        return 'has an empty component ("//")';
    if (parts.includes('.') || parts.includes('..'))
        return 'has a "." or ".." component';
    return undefined;
}
/** True when `p` lies strictly inside directory `d` (both plain absolute paths). */
function inside(p, d) {
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(d, p);
    return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/');
}
/** A plain version of a root from the environment (no trailing slash). */
function plainRoot(r) {
    return r.length > 1 ? r.replace(/\/+$/, '') : r;
}
/**
 * Pure part of the rule: where a file of this kind may go. Returns the root it goes under, or
 * the reason it may go nowhere.
 */
function placeFor(path, kind, roots) {
    const bad = pathProblem(path);
    if (bad !== undefined)
        return { problem: `path ${JSON.stringify(path)} ${bad}` };
    const daemon = (roots.daemonJson ?? []).map(plainRoot);
    if (daemon.includes(path)) {
        if (kind !== 'daemon-json')
            return {
                problem: `${path} is a daemon.json path, and this entry is ${kind}, not a daemon.json the backup read there`,
            };
        return { root: path, rootIsFile: true, cache: false };
    }
    if (kind === 'daemon-json')
        return { problem: `${path} is not a daemon.json path this environment restores (${daemon.join(', ') || 'none'})` };
    const cache = (roots.cacheDirs ?? []).map(plainRoot).find((d) => inside(path, d));
    if (cache !== undefined)
        return { root: cache, rootIsFile: false, cache: true };
    if (kind === 'cache-data')
        return { problem: `${path} is cache data outside the cache directories this environment restores to` };
    const file = roots.files.map(plainRoot).find((f) => f === path);
    if (file !== undefined)
        return { root: file, rootIsFile: true, cache: false };
    const dir = roots.dirs.map(plainRoot).find((d) => inside(path, d));
    if (dir !== undefined)
        return { root: dir, rootIsFile: false, cache: false };
    return { problem: `${path} is outside the places this environment restores to` };
}
async function lstatOrUndefined(p) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(p);
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return undefined;
        throw e;
    }
}
function kindOf(st) {
    if (st.isSymbolicLink())
        return 'a symlink';
    if (st.isDirectory())
        return 'a directory';
    if (st.isFIFO())
        return 'a FIFO';
    if (st.isCharacterDevice() || st.isBlockDevice())
        return 'a device';
    if (st.isSocket())
        return 'a socket';
    return 'not a regular file';
}
/**
 * The file-system part of the rule, for one target. With `create`, missing directories below the
 * root are made one at a time (each checked after it is made). Returns the reason the target is
 * refused, or undefined when it may be written.
 */
async function checkTarget(path, place, create) {
    const anchor = place.rootIsFile ? (0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(place.root) : place.root;
    if (!place.rootIsFile) {
        const st = await lstatOrUndefined(anchor);
        if (st?.isSymbolicLink() === true)
            return `the restore root ${anchor} is a symlink`;
        if (st !== undefined && !st.isDirectory())
            return `the restore root ${anchor} is ${kindOf(st)}`;
        if (st === undefined) {
            if (!create)
                return undefined;
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(anchor, { recursive: true, mode: 0o755 });
            const again = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(anchor);
            if (!again.isDirectory())
                return `the restore root ${anchor} is ${kindOf(again)}`;
        }
    }
    else {
        // A single-file root: its directory comes from the environment; it must exist as a directory.
        const st = await lstatOrUndefined(anchor);
        if (st === undefined) {
            if (!create)
                return undefined;
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(anchor, { recursive: true, mode: 0o755 });
        }
        else if (!st.isDirectory()) {
            return `${anchor} is ${kindOf(st)}`;
        }
    }
    // Every component below the anchor: a real directory (made when missing), never a symlink.
    const parts = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(anchor, path).split('/');
    let cur = anchor;
    for (let i = 0; i < parts.length - 1; i++) {
        cur = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(cur, parts[i]);
        const st = await lstatOrUndefined(cur);
        if (st === undefined) {
            if (!create)
                return undefined;
            try {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(cur, { mode: 0o755 });
            }
            catch (e) {
                if (e.code !== 'EEXIST')
                    throw e;
            }
            const made = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(cur);
            if (!made.isDirectory())
                return `${cur} is ${kindOf(made)} (not made by the restore)`;
            continue;
        }
        if (!st.isDirectory())
            return `${cur} is ${kindOf(st)}, which the bundle did not record`;
    }
    const st = await lstatOrUndefined(path);
    if (st !== undefined && !st.isFile())
        return `the target ${path} is ${kindOf(st)}: only a regular file or nothing may be replaced`;
    // What exists resolves to the same place: nothing above was swapped for a link under our feet.
    const realAnchor = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.realpath)(anchor).catch(() => undefined);
    const realDir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.realpath)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(path)).catch(() => undefined);
    if (realAnchor !== undefined &&
        realDir !== undefined &&
        realDir !== (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(realAnchor, (0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(anchor, (0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(path)))) {
        return `${(0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(path)} resolves to ${realDir}, outside ${anchor}`;
    }
    return undefined;
}
/** The temporary file beside the target, created exclusively, never through a symlink. */
async function openTemp(target) {
    const tmp = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(target), `.${(0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(target)}.bkh-${(0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .randomBytes */ .po)(6).toString('hex')}`);
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(tmp, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_EXCL | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NOFOLLOW, 0o600);
    return { fh, tmp };
}
/**
 * The target's current content, read without following a symlink or blocking on a FIFO; undefined
 * when it is absent or not a regular file.
 */
async function readNoFollow(path) {
    let fh;
    try {
        fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NOFOLLOW | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NONBLOCK);
    }
    catch {
        return undefined;
    }
    try {
        const st = await fh.stat();
        if (!st.isFile() || st.size > 16 * 1024 ** 2)
            return undefined;
        return await fh.readFile('utf8');
    }
    finally {
        await fh.close();
    }
}
/** Races `p` against a timer; the timer never keeps the process alive. */
async function withTimeout(p, ms, what) {
    let timer;
    const t = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
        timer.unref();
    });
    try {
        return await Promise.race([p, t]);
    }
    finally {
        clearTimeout(timer);
    }
}


/***/ }),

/***/ 38715:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AI: () => (/* binding */ verifyFile),
/* harmony export */   Ej: () => (/* binding */ MAC_SUFFIX),
/* harmony export */   Wr: () => (/* binding */ signFile),
/* harmony export */   YZ: () => (/* binding */ readKey),
/* harmony export */   b8: () => (/* binding */ loadOrCreateKey),
/* harmony export */   nA: () => (/* binding */ defaultKeyFile)
/* harmony export */ });
/* unused harmony exports keyIdOf, macOfFile, parseMacRecord */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_crypto_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(16082);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(74296);
/**
 * Authenticity of local bundles: an HMAC-SHA256 of the whole bundle file (so the manifest, its
 * checksums and every entry) with a key kept on this host, never inside the bundle. The key is
 * created on first use in `$XDG_CONFIG_HOME/buildkit-healer/backup.key` (default
 * `~/.config/buildkit-healer/backup.key`): directory 0700, file 0600, owned by the user running the
 * tool. The MAC goes beside the bundle as `<bundle>.mac` (JSON). See docs/backup-format.md.
 */







const MAC_FORMAT = 'buildkit-healer/mac';
const MAC_ALG = 'hmac-sha256';
const MAC_SUFFIX = '.mac';
const KEY_BYTES = 32;
const KEY_RE = /^[0-9a-f]{64}$/;
/** Where this host's key is: `$XDG_CONFIG_HOME/buildkit-healer/backup.key`, else under `$HOME/.config`. */
function defaultKeyFile(env) {
    const xdg = env.XDG_CONFIG_HOME;
    const base = xdg !== undefined && (0,node_path__WEBPACK_IMPORTED_MODULE_4__.isAbsolute)(xdg) ? xdg : (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(env.HOME ?? (0,node_os__WEBPACK_IMPORTED_MODULE_3__.homedir)(), '.config');
    return (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(base, 'buildkit-healer', 'backup.key');
}
function keyIdOf(key) {
    return (0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_1__/* .createHash */ .n1)('sha256').update('buildkit-healer backup key id\0').update(key).digest('hex').slice(0, 16);
}
function mine(uid) {
    return typeof process.getuid !== 'function' || uid === process.getuid();
}
/** Refuses a key file another user could have written or read: a symlink, not ours, group/other bits. */
async function checkKeyFile(path) {
    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(path);
    if (st.isSymbolicLink())
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SafetyError */ .dd(`backup key ${path} is a symlink: remove it (a new key is made)`);
    if (!st.isFile())
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SafetyError */ .dd(`backup key ${path} is not a regular file`);
    if (!mine(st.uid))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SafetyError */ .dd(`backup key ${path} is owned by uid ${st.uid}, not by this user`);
    if ((st.mode & 0o077) !== 0)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SafetyError */ .dd(`backup key ${path} has mode 0${(st.mode & 0o777).toString(8)}: it must be 0600 (chmod 600 it, or remove it to make a new one)`);
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.dirname)(path));
    if (!dir.isDirectory() || !mine(dir.uid) || (dir.mode & 0o022) !== 0)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SafetyError */ .dd(`the directory of backup key ${path} is not a directory of this user writable only by it (mode 0${(dir.mode & 0o777).toString(8)})`);
}
/** This host's key, or undefined when there is none yet. Throws SafetyError for a key it cannot trust. */
async function readKey(path) {
    try {
        await checkKeyFile(path);
    }
    catch (e) {
        const code = e.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return undefined;
        throw e;
    }
    const text = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(path, 'utf8')).trim();
    if (!KEY_RE.test(text))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SafetyError */ .dd(`backup key ${path} is not ${KEY_BYTES} bytes of hex`);
    return Buffer.from(text, 'hex');
}
/**
 * This host's key, created on first use (directory 0700, file 0600): written whole to a private
 * temporary file, then hard-linked into place, so a concurrent run sees no key or the whole key,
 * and the one that loses the race uses the winner's.
 */
async function loadOrCreateKey(path) {
    const have = await readKey(path);
    if (have !== undefined)
        return have;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.dirname)(path), { recursive: true, mode: 0o700 });
    const key = (0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_1__/* .randomBytes */ .po)(KEY_BYTES);
    const tmp = `${path}.${(0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_1__/* .randomBytes */ .po)(6).toString('hex')}.tmp`;
    try {
        const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(tmp, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW, 0o600);
        try {
            await fh.writeFile(key.toString('hex') + '\n');
        }
        finally {
            await fh.close();
        }
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.link)(tmp, path);
    }
    catch (e) {
        if (e.code === 'EEXIST') {
            const other = await readKey(path);
            if (other !== undefined)
                return other;
        }
        throw new Error(`cannot create the backup key ${path}: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(e)}`, { cause: e });
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(tmp, { force: true });
    }
    await checkKeyFile(path);
    return key;
}
/** Hex HMAC-SHA256 of a file's bytes. */
async function macOfFile(key, path) {
    const h = (0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_1__/* .createHmac */ .Gz)('sha256', key);
    for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(path))
        h.update(chunk);
    return h.digest('hex');
}
async function signFile(key, path) {
    return { format: MAC_FORMAT, version: 1, alg: MAC_ALG, keyId: keyIdOf(key), mac: await macOfFile(key, path) };
}
/** What to do, named in every refusal. */
const TRUST_HINT = 'roll back from a backup made on this host by this user, or accept it knowingly with trust-unsigned (CLI: --trust-unsigned)';
/** Parses a `.mac` record; undefined when it is not one. */
function parseMacRecord(text) {
    try {
        const d = JSON.parse(text);
        if (d.format === MAC_FORMAT &&
            d.version === 1 &&
            d.alg === MAC_ALG &&
            typeof d.keyId === 'string' &&
            /^[0-9a-f]{16}$/.test(d.keyId) &&
            typeof d.mac === 'string' &&
            /^[0-9a-f]{64}$/.test(d.mac))
            return d;
    }
    catch {
        // not JSON: malformed
    }
    return undefined;
}
/**
 * Checks a bundle file against its MAC record (the text of `<bundle>.mac`, undefined when there is
 * none) with this host's key (undefined when the host has none). Never throws for a bad bundle:
 * the verdict names the cause.
 */
async function verifyFile(key, keyFile, path, recordText, label) {
    if (recordText === undefined)
        return {
            ok: false,
            cause: 'unsigned',
            message: `backup ${label} has no MAC (made before buildkit-healer signed local backups, or copied without its .mac file): ${TRUST_HINT}`,
        };
    const rec = parseMacRecord(recordText);
    if (rec === undefined)
        return {
            ok: false,
            cause: 'malformed',
            message: `backup ${label} has a MAC file that is not valid: ${TRUST_HINT}`,
        };
    if (key === undefined)
        return {
            ok: false,
            cause: 'no-key',
            message: `backup ${label} is signed, but this host has no backup key (${keyFile}) to check it with: it was made by another user or host, or the key was removed; ${TRUST_HINT}`,
        };
    const id = keyIdOf(key);
    if (rec.keyId !== id)
        return {
            ok: false,
            cause: 'other-key',
            message: `backup ${label} is signed with another key (key id ${rec.keyId}; this host's key ${keyFile} has id ${id}): ${TRUST_HINT}`,
        };
    const got = Buffer.from(await macOfFile(key, path), 'hex');
    if (!(0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_1__/* .timingSafeEqual */ .C5)(got, Buffer.from(rec.mac, 'hex')))
        return {
            ok: false,
            cause: 'wrong-mac',
            message: `backup ${label} does not match its MAC: it was changed after it was made; ${TRUST_HINT}`,
        };
    return { ok: true, keyId: id };
}


/***/ }),

/***/ 26363:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pm: () => (/* binding */ redactStateJson),
/* harmony export */   XF: () => (/* binding */ REDACTED),
/* harmony export */   hF: () => (/* binding */ mergeRedacted),
/* harmony export */   ij: () => (/* binding */ redactDockerConfig),
/* harmony export */   mH: () => (/* binding */ redactContextMeta)
/* harmony export */ });
/* unused harmony export parseJsonPath */
/**
 * Redaction: credentials never leave the machine. Docker's config.json keeps its shape (so a
 * restore can put the user's own settings back) with every secret value replaced by a marker;
 * context metadata loses TLS data and password fields outright. Each redaction is recorded as
 * a JSON path so the manifest says exactly what was left out.
 */
const REDACTED = '<redacted>';
/** Keys whose values are secrets wherever they appear. */
const SECRET_KEY = /token|password|passwd|secret|authorization/i;
/** Keys inside an `auths` entry that hold credentials. */
const AUTH_KEYS = new Set(['auth', 'identitytoken', 'registrytoken', 'password']);
/** Context metadata keys that carry TLS material or credentials: dropped, never marked. */
const CONTEXT_DROP = /password|token|secret|^tls|tlsdata|tlsmaterial|^(ca|cert|key)(data|pem)?$/i;
function childPath(parent, key) {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
        ? parent === ''
            ? key
            : `${parent}.${key}`
        : `${parent}[${JSON.stringify(key)}]`;
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Replaces secret values by REDACTED (config.json style); returns the fields touched. */
function markSecrets(value, path, fields, inAuths) {
    if (Array.isArray(value))
        return value.map((v, i) => markSecrets(v, `${path}[${i}]`, fields, false));
    if (!isObject(value))
        return value;
    const out = {};
    for (const [k, v] of Object.entries(value)) {
        const p = childPath(path, k);
        const secret = SECRET_KEY.test(k) || (inAuths && AUTH_KEYS.has(k.toLowerCase()));
        if (secret && v !== '' && v !== null && v !== undefined) {
            out[k] = REDACTED;
            fields.push(p);
        }
        else if (path === 'auths' || (path === '' && k === 'auths')) {
            // Entries of `auths` are registries; their children are credential fields.
            out[k] = markSecrets(v, p, fields, path === 'auths');
        }
        else {
            out[k] = markSecrets(v, p, fields, false);
        }
    }
    return out;
}
/**
 * `~/.docker/config.json`: `auths` credentials and every `*token*`/`*password*` field become
 * REDACTED. `credsStore`/`credHelpers` name helpers and are kept: the helpers are never run,
 * so their output never enters a bundle. Throws when the file is not JSON (the caller omits it:
 * an unparsable file cannot be redacted safely).
 */
function redactDockerConfig(text) {
    const doc = JSON.parse(text);
    const fields = [];
    const out = markSecrets(doc, '', fields, false);
    return { content: serializeLike(text, out), fields };
}
/**
 * JSON written the way the original was: the docker CLI writes config.json indented with tabs and
 * no final newline; keeping that makes a restored file byte for byte what it was.
 */
function serializeLike(original, doc) {
    const lines = original.split('\n');
    const indented = lines.find((l, i) => i > 0 && /^\s+\S/.test(l));
    const indent = indented === undefined
        ? original.trim().includes('\n')
            ? 2
            : 0
        : indented.startsWith('\t')
            ? '\t'
            : (/^ +/.exec(indented)?.[0].length ?? 2);
    const body = indent === 0 ? JSON.stringify(doc) : JSON.stringify(doc, null, indent);
    return original.endsWith('\n') ? body + '\n' : body;
}
function dropMatching(value, path, fields, drop) {
    if (Array.isArray(value))
        return value.map((v, i) => dropMatching(v, `${path}[${i}]`, fields, drop));
    if (!isObject(value))
        return value;
    const out = {};
    for (const [k, v] of Object.entries(value)) {
        const p = childPath(path, k);
        // SkipTLSVerify is a setting, not material: keep it.
        if (drop.test(k) && k !== 'SkipTLSVerify') {
            fields.push(p);
            continue;
        }
        out[k] = dropMatching(v, p, fields, drop);
    }
    return out;
}
/** A context's `meta.json`: keeps the endpoint hosts, drops TLS data and password/token fields. */
function redactContextMeta(text) {
    const doc = JSON.parse(text);
    const fields = [];
    const out = dropMatching(doc, '', fields, CONTEXT_DROP);
    return { content: JSON.stringify(out) + '\n', fields };
}
/**
 * Buildx state files (instances, defaults): driver options may carry secrets (`env.*TOKEN*`),
 * marked REDACTED. Returns the original text unchanged when nothing was secret, so ordinary
 * state files restore byte for byte.
 */
function redactStateJson(text) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch {
        // Not JSON (a broken state file is evidence too): kept as is, there is nothing to parse.
        return { content: text, fields: [] };
    }
    const fields = [];
    const out = markSecrets(doc, '', fields, false);
    return fields.length === 0 ? { content: text, fields } : { content: JSON.stringify(out) + '\n', fields };
}
/** Reads a JSON path made by `childPath` back into keys. */
function parseJsonPath(path) {
    const keys = [];
    const re = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
    let m;
    let pos = 0;
    while ((m = re.exec(path)) !== null) {
        if (m.index !== pos)
            throw new Error(`bad JSON path ${path}`);
        pos = re.lastIndex;
        if (m[1] !== undefined)
            keys.push(m[1]);
        else if (m[2] !== undefined)
            keys.push(Number(m[2]));
        else if (m[3] !== undefined)
            keys.push(JSON.parse(m[3]));
    }
    if (pos !== path.length)
        throw new Error(`bad JSON path ${path}`);
    return keys;
}
function getAt(doc, keys) {
    let cur = doc;
    for (const k of keys) {
        if (typeof k === 'number' ? !Array.isArray(cur) : !isObject(cur))
            return { found: false };
        const c = cur;
        if (!(k in c))
            return { found: false };
        cur = c[k];
    }
    return { found: true, value: cur };
}
/**
 * Restoring a redacted file must never write the marker over a real secret: each redacted field
 * takes the value the file on disk has now, or is removed when there is none.
 */
function mergeRedacted(backup, current, fields) {
    const doc = JSON.parse(backup);
    let cur;
    try {
        cur = current === undefined ? undefined : JSON.parse(current);
    }
    catch {
        cur = undefined;
    }
    for (const f of fields) {
        const keys = parseJsonPath(f);
        const last = keys[keys.length - 1];
        const parent = getAt(doc, keys.slice(0, -1));
        if (last === undefined || !parent.found || (!isObject(parent.value) && !Array.isArray(parent.value)))
            continue;
        const holder = parent.value;
        if (holder[last] !== REDACTED)
            continue;
        const now = getAt(cur, keys);
        if (now.found && now.value !== REDACTED)
            holder[last] = now.value;
        else
            delete holder[last];
    }
    return serializeLike(backup, doc);
}


/***/ }),

/***/ 63336:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ busyCheck),
/* harmony export */   _: () => (/* binding */ busyBuilders)
/* harmony export */ });
/* harmony import */ var _util_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77145);

/**
 * Builder name \u2192 the containers of its nodes that run a build, or whose processes could not be
 * read (or that are paused): a build may be running there too, so they count as busy.
 */
function busyBuilders(facts) {
    const out = new Map();
    for (const b of facts.builders) {
        const busy = b.nodes
            .map((n) => `buildx_buildkit_${n.name}`)
            .filter((c) => {
            const a = facts.activity?.[c];
            // A restarting container runs nothing (its process exited): builder.restart-loop's.
            return a !== undefined && a.state !== 'idle' && a.state !== 'restarting';
        });
        if (busy.length > 0)
            out.set(b.name, busy);
    }
    return out;
}
const busyCheck = {
    id: 'busy',
    title: 'Builders with a build in progress',
    run({ facts }) {
        const out = [];
        for (const [name, containers] of busyBuilders(facts)) {
            const acts = containers.map((c) => facts.activity?.[c]).filter((a) => a !== undefined);
            const procs = acts.flatMap((a) => a.processes);
            const known = acts.every((a) => a.state === 'busy');
            const what = known
                ? `has a build in progress (${containers.join(', ')}: ${procs.join('; ')})`
                : `may have a build in progress: the processes of ${containers.join(', ')} could not be read${procs.length > 0 ? ` (${procs.join('; ')})` : ''}`;
            out.push((0,_util_js__WEBPACK_IMPORTED_MODULE_0__/* .finding */ .gk)('builder.busy', 'info', name, `Builder ${name} ${what}. A heal does not remove or recreate it while it builds.`, acts.map((a) => (0,_util_js__WEBPACK_IMPORTED_MODULE_0__/* .cmd */ .HW)(a.evidence)), {
                advice: `Run the heal again when the build has finished, or stop the build first, to let it repair or recreate builder ${name}.`,
            }));
        }
        return out;
    },
};


/***/ }),

/***/ 56671:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VF: () => (/* binding */ probeFindings),
/* harmony export */   _o: () => (/* binding */ quickLookAnswered)
/* harmony export */ });
/* unused harmony export probeFailures */
/* harmony import */ var _util_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77145);
/* harmony import */ var _docker_runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87240);


function firstLine(s) {
    return (s
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '') ?? '');
}
function why(r) {
    if (r.timedOut)
        return `did not answer within ${r.durationMs} ms`;
    if (r.spawnError !== undefined)
        return `could not be started (${r.spawnError})`;
    const err = firstLine(r.stderr);
    return `exited ${String(r.exitCode)}${err !== '' ? `: ${err}` : ''}`;
}
function parsedProbe(name, p, out, extra) {
    if (p === undefined)
        return;
    const r = p.result;
    if (!(0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .succeeded */ .gq)(r))
        out.push({ probe: name, reason: why(r), result: r });
    else if (r.stdout.trim() === '')
        out.push({ probe: name, reason: 'returned nothing', result: r });
    else if (p.parsed === undefined)
        out.push({
            probe: name,
            reason: `returned output that could not be read (${p.parseError ?? 'no parse'})`,
            result: r,
        });
    else {
        const e = extra?.(p.parsed);
        if (e !== undefined)
            out.push({ probe: name, reason: e, result: r });
    }
}
/**
 * Every probe in the facts that failed, timed out, returned nothing or could not be read. A
 * probe that was not run is not listed (the quick look runs only some of them).
 */
function probeFailures(facts) {
    const out = [];
    parsedProbe('docker version', facts.dockerVersion, out, (v) => v.serverError
        ? `the daemon did not answer: ${firstLine(v.serverError)}`
        : v.server === undefined
            ? 'no server version'
            : undefined);
    parsedProbe('docker info', facts.info, out, (v) => v.serverErrors.length > 0 ? `the daemon did not answer: ${firstLine(v.serverErrors.join('\n'))}` : undefined);
    parsedProbe('docker buildx version', facts.buildxVersion, out);
    parsedProbe('docker buildx ls', facts.ls, out, (v) => v.builders.length === 0 ? 'listed no builder (buildx always lists the one of the context in use)' : undefined);
    for (const [name, r] of [
        ['container listing', facts.containers],
        ['volume listing', facts.volumes],
    ]) {
        if (r === undefined)
            continue;
        if (!(0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .succeeded */ .gq)(r))
            out.push({ probe: name, reason: why(r), result: r });
        else if (r.stdout.trim() === '' && r.argv[0] === 'GET')
            out.push({ probe: name, reason: 'returned nothing', result: r });
    }
    return out;
}
/**
 * The quick look answered and agrees: `buildx ls --format json` succeeded with builders and an
 * empty stderr, every other probe it ran answered, and the builder in use is among the listed ones.
 * Only then may `auto` say healthy without the full diagnose.
 */
function quickLookAnswered(facts) {
    const ls = facts.ls;
    if (ls === undefined || ls.parsed === undefined || ls.parsed.format !== 'json')
        return false;
    if (ls.result.stderr.trim() !== '' || ls.parsed.errors.length > 0)
        return false;
    if (probeFailures(facts).length > 0)
        return false;
    // Facts that disagree: the builder in use (current file, BUILDX_BUILDER) is not one buildx listed.
    const cur = facts.currentBuilder;
    if (cur !== undefined && !facts.builders.some((b) => b.name.toLowerCase() === cur.toLowerCase()))
        return false;
    return true;
}
/**
 * `docker.probe-failed`: probes failed and no error finding explains them. Runs after the checks
 * (it needs their findings); pure.
 */
function probeFindings(facts, findings) {
    if (findings.some((f) => f.severity === 'error'))
        return [];
    const failed = probeFailures(facts);
    if (failed.length === 0)
        return [];
    const list = failed.map((f) => `\`${(0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .commandLine */ .ay)(f.result.argv)}\` ${f.reason}`).join('; ');
    return [
        (0,_util_js__WEBPACK_IMPORTED_MODULE_1__/* .finding */ .gk)('docker.probe-failed', 'error', failed.map((f) => f.probe).join(', '), `Docker did not answer the healer's probes, and no known fault explains it: ${list}. Builds on this runner are not known to work.`, failed.map((f) => (0,_util_js__WEBPACK_IMPORTED_MODULE_1__/* .cmd */ .HW)(f.result)), {
            advice: 'Run the failed command by hand and read its error; check the docker context in use (`docker context ls`), DOCKER_HOST and ~/.docker/config.json.',
        }),
    ];
}


/***/ }),

/***/ 77145:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HW: () => (/* binding */ cmd),
/* harmony export */   N4: () => (/* binding */ note),
/* harmony export */   NJ: () => (/* binding */ file),
/* harmony export */   Zy: () => (/* binding */ compareVersions),
/* harmony export */   bv: () => (/* binding */ daemonDown),
/* harmony export */   eq: () => (/* binding */ unreachableReason),
/* harmony export */   gk: () => (/* binding */ finding),
/* harmony export */   oW: () => (/* binding */ allResults)
/* harmony export */ });
function cmd(r) {
    return { kind: 'command', ...r };
}
function file(f) {
    const e = { kind: 'file', path: f.path, content: f.content ?? '' };
    const err = f.readError ?? f.parseError;
    if (err !== undefined)
        e.error = err;
    return e;
}
function note(text) {
    return { kind: 'note', text };
}
function finding(id, severity, subject, message, evidence, fix) {
    const f = { id, severity, subject, message, evidence };
    if (fix?.repair)
        f.repair = fix.repair;
    if (fix?.advice !== undefined)
        f.advice = fix.advice;
    return f;
}
const UNREACHABLE = /Cannot connect to the Docker daemon|connection refused|error during connect|dial unix .*: connect:|no such host|Is the docker daemon running/i;
/** The daemon's own answer to `docker info`/`docker version` says it cannot be reached. */
function unreachableReason(facts) {
    const info = facts.info;
    if (info?.parsed && info.parsed.serverErrors.length > 0)
        return info.parsed.serverErrors.join('\n');
    const sv = facts.dockerVersion?.parsed?.serverError;
    if (sv !== undefined && sv !== '')
        return sv;
    for (const p of [info, facts.dockerVersion]) {
        if (p === undefined || p.result.timedOut)
            continue;
        const text = `${p.result.stderr}\n${p.parseError ?? ''}`;
        const m = text.split('\n').find((l) => UNREACHABLE.test(l));
        if (p.result.exitCode !== 0 && m !== undefined)
            return m.trim();
    }
    return undefined;
}
/** True when the daemon answered no probe: builder-level checks would only echo that. */
function daemonDown(facts) {
    if (unreachableReason(facts) !== undefined)
        return true;
    return facts.info?.result.timedOut === true && facts.dockerVersion?.result.timedOut === true;
}
/** Every command result gathered, for checks that look across all of them (timeouts). */
function allResults(facts) {
    const out = [];
    const push = (r) => {
        if (r)
            out.push(r);
    };
    push(facts.dockerVersion?.result);
    push(facts.info?.result);
    push(facts.buildxVersion?.result);
    push(facts.ls?.result);
    push(facts.du?.result);
    push(facts.containers);
    push(facts.volumes);
    for (const p of Object.values(facts.inspects))
        push(p.result);
    for (const p of Object.values(facts.bootstraps ?? {}))
        push(p.result);
    if (facts.disk && typeof facts.disk.evidence !== 'string')
        push(facts.disk.evidence);
    return out;
}
/** Minimal semver compare for `x.y.z` (pre-release and build parts ignored); -1, 0 or 1. */
function compareVersions(a, b) {
    const pa = a
        .replace(/^v/, '')
        .split(/[+-]/)[0]
        ?.split('.')
        .map((x) => Number.parseInt(x, 10) || 0) ?? [];
    const pb = b
        .replace(/^v/, '')
        .split(/[+-]/)[0]
        ?.split('.')
        .map((x) => Number.parseInt(x, 10) || 0) ?? [];
    for (let i = 0; i < 3; i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0)
            return d < 0 ? -1 : 1;
    }
    return 0;
}


/***/ }),

/***/ 16082:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C5: () => (/* binding */ timingSafeEqual),
/* harmony export */   Gz: () => (/* binding */ createHmac),
/* harmony export */   n1: () => (/* binding */ createHash),
/* harmony export */   po: () => (/* binding */ randomBytes)
/* harmony export */ });
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(98995);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_module__WEBPACK_IMPORTED_MODULE_0__);
/**
 * The node:crypto functions this code uses, with node:crypto loaded at their first call. A bundle
 * evaluates every import of the modules it loads on start, and node:crypto brings some twenty
 * internal modules of Node's with it (about 20M instructions with callgrind, a tenth of what a
 * healthy `heal --mode auto` runs of its own), while the healthy pre-build step calls none of it:
 * hashes, MACs and random names are for backups, validation builds and installs. Same signatures
 * and behaviour as node:crypto's. Every other module imports these (eslint's no-restricted-imports).
 */

let loaded;
/** node:crypto, loaded once (Node 20.16 and later have process.getBuiltinModule). */
function crypto() {
    loaded ??=
        process.getBuiltinModule?.('node:crypto') ??
            node_module__WEBPACK_IMPORTED_MODULE_0___default().createRequire(process.execPath)('node:crypto');
    return loaded;
}
const createHash = (...args) => crypto().createHash(...args);
const createHmac = (...args) => crypto().createHmac(...args);
const randomBytes = (size) => crypto().randomBytes(size);
const timingSafeEqual = (a, b) => crypto().timingSafeEqual(a, b);


/***/ }),

/***/ 56343:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ Deadline),
/* harmony export */   UY: () => (/* binding */ MIN_DEADLINE_S),
/* harmony export */   j3: () => (/* binding */ DeadlineError),
/* harmony export */   u8: () => (/* binding */ DEFAULT_DEADLINE_MS),
/* harmony export */   wf: () => (/* binding */ MAX_DEADLINE_S)
/* harmony export */ });
/**
 * The overall deadline of a run (the `deadline` input, default 30 minutes). Nothing runs unbounded:
 * every docker call is capped at the time left (DeadlineRunner, in the docker door), and the heal's
 * phases and its wait for the lock are raced against it. When it passes, the heal stops where it
 * is: it keeps the backup, does not roll back (that would be another unbounded change), and the
 * report says where it stopped (`report.stopped`).
 */
const DEFAULT_DEADLINE_MS = 30 * 60_000;
const MIN_DEADLINE_S = 10;
const MAX_DEADLINE_S = 24 * 3600;
/** Thrown when the deadline passed; `where` names the phase (or `lock`) it stopped. */
class DeadlineError extends Error {
    where;
    deadlineMs;
    constructor(where, deadlineMs) {
        super(`stopped during ${where}: the deadline of ${formatMs(deadlineMs)} passed`);
        this.where = where;
        this.deadlineMs = deadlineMs;
        this.name = 'DeadlineError';
    }
}
function formatMs(ms) {
    const s = Math.round(ms / 1000);
    if (s % 3600 === 0 && s >= 3600)
        return `${s / 3600}h`;
    if (s % 60 === 0 && s >= 60)
        return `${s / 60}m`;
    return `${s}s`;
}
class Deadline {
    ms;
    clock;
    end;
    constructor(ms, clock = Date.now) {
        this.ms = ms;
        this.clock = clock;
        this.end = clock() + ms;
    }
    /** Milliseconds left (0 when passed). */
    remaining() {
        return Math.max(0, this.end - this.clock());
    }
    expired() {
        return this.remaining() === 0;
    }
    /**
     * After the deadline, a short window to release the daemon-wide lock and say what happened:
     * without it the lock's own `docker rm` would be refused and the next run would wait for it.
     */
    grace(ms) {
        this.end = Math.max(this.end, this.clock() + ms);
    }
    /** The step under way inside a raced part (e.g. the rollback's test build), named by a DeadlineError. */
    step;
    /** Names the step under way (undefined: none); a DeadlineError then says `where (step)`. */
    mark(step) {
        this.step = step;
    }
    stopped(where) {
        return new DeadlineError(this.step === undefined ? where : `${where} (${this.step})`, this.ms);
    }
    /** `p`, or a DeadlineError naming `where` when the deadline passes first (also when already passed). */
    race(p, where) {
        const left = this.remaining();
        if (left === 0) {
            p.catch(() => undefined); // it runs on with every docker call refused; its outcome is not wanted
            return Promise.reject(this.stopped(where));
        }
        return new Promise((resolve, reject) => {
            // A timer may fire a millisecond before the clock says the time is up: then it waits for
            // the rest, so a DeadlineError always comes with expired() true. (After a grace, it stops.)
            const end = this.end;
            const arm = (ms) => setTimeout(() => {
                const rest = this.remaining();
                if (rest > 0 && this.end === end) {
                    timer = arm(rest);
                    return;
                }
                p.catch(() => undefined);
                reject(this.stopped(where));
            }, ms);
            let timer = arm(left);
            p.then((v) => {
                clearTimeout(timer);
                resolve(v);
            }, (e) => {
                clearTimeout(timer);
                reject(e);
            });
        });
    }
}


/***/ }),

/***/ 74296:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c8: () => (/* binding */ SourceError),
/* harmony export */   dd: () => (/* binding */ SafetyError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
/** Bad input: names the input, the value given and what is accepted. Thrown before anything changes. */
class InputError extends Error {
    input;
    value;
    accepted;
    constructor(input, value, accepted) {
        super(`Invalid ${input} ${JSON.stringify(value)}: expected ${accepted}`);
        this.input = input;
        this.value = value;
        this.accepted = accepted;
        this.name = 'InputError';
    }
}
/** A refusal the user must see plainly (unsafe restore, unverified backup...). */
class SafetyError extends Error {
    constructor(message) {
        super(message);
        this.name = 'SafetyError';
    }
}
/** A bundle whose origin could not be proven: refused before anything is written. */
class SourceError extends SafetyError {
    source;
    constructor(message, source) {
        super(message);
        this.source = source;
        this.name = 'SourceError';
    }
}
/** Turns any thrown value into a message: a non-Error throw is still a failure. */
function errorMessage(e) {
    if (e instanceof Error)
        return e.message;
    if (typeof e === 'string')
        return e;
    try {
        // JSON.stringify(undefined) is undefined, not a string.
        return JSON.stringify(e) ?? String(e);
    }
    catch {
        return String(e);
    }
}


/***/ }),

/***/ 69928:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gE: () => (/* binding */ makeDir),
/* harmony export */   o1: () => (/* binding */ asideName),
/* harmony export */   zS: () => (/* binding */ ASIDE_NAME)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/**
 * `mkdir -p` that always returns. Node's `mkdir(path, { recursive: true })` never settles for a
 * path under /proc (seen on Node 24: it keeps retrying ENOENT there), so a `metrics-path` or
 * `report-path` under /proc hung the step. This creates one level at a time, from the top, and
 * stops at the first error: at most one mkdir per path component.
 */
async function makeDir(path, mode) {
    const abs = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(path);
    const chain = [];
    for (let p = abs;; p = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(p)) {
        chain.unshift(p);
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(p) === p)
            break;
    }
    for (const dir of chain) {
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(dir, mode === undefined ? undefined : { mode });
        }
        catch (e) {
            const code = e.code;
            if (code !== 'EEXIST' && code !== 'EISDIR')
                throw e;
            const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(dir);
            if (!st.isDirectory())
                throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', path: dir });
        }
    }
}
/**
 * The dated name a file is moved to instead of being deleted (`config.json.broken-2026-11-26T20-29-23-321Z`).
 * Docker and buildx never read these names; the client check skips them.
 */
function asideName(path, why, now) {
    return `${path}.${why}-${now.toISOString().replace(/[:.]/g, '-')}`;
}
/** A name made by `asideName` (a file or, for `instances/`, a directory). */
const ASIDE_NAME = /\.(unreadable|broken)-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/;


/***/ }),

/***/ 36369:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ci: () => (/* binding */ validatePlatform),
/* harmony export */   RM: () => (/* binding */ parseAllowBuilderSettings),
/* harmony export */   tU: () => (/* binding */ parseBoolValue),
/* harmony export */   vL: () => (/* binding */ validateBuilderName)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
/**
 * Checks of single option values, shared by the option parser and the `builders` YAML parser. Kept
 * apart from builders-yaml.ts (ajv, yaml), so the parser of every start loads neither.
 */

/** buildx's own rule (store.ValidateName): a letter first, then letters, digits and `._-`; it lowercases. */
const BUILDER_NAME = /^[a-zA-Z][a-zA-Z0-9._-]*$/;
/** `os/arch[/variant]` as buildx and containerd's platforms package read it. */
const PLATFORM = /^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_.]+)?$/;
/** Checks one platform string; returns it lowercased or throws an InputError naming `input`. */
function validatePlatform(value, input) {
    const p = value.trim().toLowerCase();
    if (!PLATFORM.test(p))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, value, 'platforms as os/arch[/variant], e.g. linux/amd64, linux/arm64, linux/arm/v7');
    return p;
}
/** Checks a builder name the way buildx does (and lowercases it like buildx). */
function validateBuilderName(value, input) {
    if (!BUILDER_NAME.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, value, 'a builder name that starts with a letter and holds only letters, digits and . _ -');
    }
    return value.toLowerCase();
}
/** Explicit boolean parsing: step inputs and state are strings, and `'false'` must be false. */
function parseBoolValue(value, input) {
    const v = value.trim().toLowerCase();
    if (['true', 'yes', 'y', 'on', '1'].includes(v))
        return true;
    if (['false', 'no', 'n', 'off', '0'].includes(v))
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, value, 'true or false (also yes/no, on/off, 1/0)');
}
/** One allow-list entry: `key=value` (exactly that), `key` (any value), `env.*` (any env option), or a BuildKit flag. */
const ENTRY_RE = /^(?:--[a-z][a-z0-9-]*(?:=[^\s]+)?|env\.\*|[A-Za-z0-9_.-]+(?:=[^\s]*)?)$/;
function parseAllowBuilderSettings(items, input = 'allow-builder-settings') {
    const out = [];
    for (const item of items ?? []) {
        if (!ENTRY_RE.test(item))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, item, 'driver options as key=value or key (e.g. image=moby/buildkit:v0.13.2, network=host, env.*), or BuildKit flags (e.g. --debug, --allow-insecure-entitlement=security.insecure), comma or newline separated');
        out.push(item);
    }
    return out;
}


/***/ }),

/***/ 83457:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KQ: () => (/* binding */ defaultOptions),
/* harmony export */   Rh: () => (/* binding */ DEFAULT_TIMEOUTS),
/* harmony export */   sT: () => (/* binding */ diagnoseOptionsOf)
/* harmony export */ });
/* unused harmony exports GB, DEFAULT_BASE_IMAGE */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


const DEFAULT_TIMEOUTS = { probe: 20_000, slow: 180_000, build: 600_000 };
/** The diagnose options of a run: `diagnose`, with the names of the builders it declares. */
function diagnoseOptionsOf(o) {
    const declared = o.reinstall.builders?.map((b) => b.name);
    return declared !== undefined && declared.length > 0 ? { ...o.diagnose, declaredBuilders: declared } : o.diagnose;
}
const GB = 1000 ** 3;
/** The test build's base image for `RUN` steps on every platform (multi-arch, pulled when missing). */
const DEFAULT_BASE_IMAGE = 'busybox:1.36';
function defaultOptions(env = process.env) {
    const home = env.HOME ?? (0,node_os__WEBPACK_IMPORTED_MODULE_0__.homedir)();
    return {
        mode: 'check',
        failOn: 'error',
        dryRun: false,
        diagnose: {
            minBuildxVersion: '0.10.0',
            cacheLimitBytes: 10 * GB,
            minFreeBytes: 2 * GB,
            daemonJsonPaths: ['/etc/docker/daemon.json', (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(home, '.config', 'docker', 'daemon.json')],
            buildkitdTomlPaths: [],
            baseline: true,
            bootstrap: false,
            sharedDaemon: true,
            orphanMinAgeMs: 24 * 3600 * 1000,
        },
        backup: {
            enabled: true,
            store: 'auto',
            dir: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(home, '.buildkit-healer', 'backups'),
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


/***/ }),

/***/ 30544:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DC: () => (/* binding */ REPORT_SCHEMA),
  Aj: () => (/* binding */ REPORT_VERSION),
  v9: () => (/* binding */ failingFindings),
  SR: () => (/* binding */ statusFor)
});

// UNUSED EXPORTS: countBySeverity, exitCodeFor, failureReason

;// CONCATENATED MODULE: ./src/core/types.ts
/**
 * Shared data types. Results are data: a finding is an expected outcome, never an exception.
 */
const SEVERITY_RANK = { info: 0, warning: 1, error: 2 };

;// CONCATENATED MODULE: ./src/core/report.ts

/** Version of the JSON report schema; bump on any incompatible change (documented in the README). */
const REPORT_SCHEMA = 'buildkit-healer/report';
const REPORT_VERSION = 1;
function countBySeverity(findings) {
    const out = { info: 0, warning: 0, error: 0 };
    for (const f of findings)
        out[f.severity] += 1;
    return out;
}
/** Findings at or above the fail-on level; `never` counts none. */
function failingFindings(findings, failOn) {
    if (failOn === 'never')
        return [];
    const min = SEVERITY_RANK[failOn];
    return findings.filter((f) => SEVERITY_RANK[f.severity] >= min);
}
/** healthy when nothing reaches the fail-on level, unhealthy otherwise (check mode's two outcomes). */
function statusFor(findings, failOn) {
    return failingFindings(findings, failOn).length === 0 ? 'healthy' : 'unhealthy';
}
/** 0 for healthy/repaired, 1 for unhealthy/failed: the action fails the step, the CLI exits 1. */
function exitCodeFor(report) {
    return report.status === 'healthy' || report.status === 'repaired' ? 0 : 1;
}
/** One line saying why a run failed, for setFailed and the CLI's last line. */
function failureReason(report) {
    if (exitCodeFor(report) === 0)
        return undefined;
    if (report.error !== undefined)
        return report.error;
    const left = report.findingsAfter ?? report.findings;
    const failing = failingFindings(left, report.failOn);
    const ids = [...new Set(failing.map((f) => f.id))];
    const what = report.status === 'failed' ? 'heal failed' : 'unhealthy';
    if (ids.length === 0)
        return `${what}`;
    return `${what}: ${failing.length} finding(s) at or above ${report.failOn}: ${ids.join(', ')}`;
}


/***/ }),

/***/ 53910:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ parseSize)
/* harmony export */ });
/* unused harmony export formatSize */
/** Sizes as docker and buildx print them, and as users give them (`10GB`, `512MiB`). */
// Docker prints sizes with go-units: kB/MB/GB are decimal, KiB/MiB/GiB binary. A bare `k`/`m`/`g`
// is read as decimal, like go-units' FromHumanSize.
const UNITS = {
    '': 1,
    b: 1,
    k: 1e3,
    kb: 1e3,
    m: 1e6,
    mb: 1e6,
    g: 1e9,
    gb: 1e9,
    t: 1e12,
    tb: 1e12,
    p: 1e15,
    pb: 1e15,
    ki: 1024,
    kib: 1024,
    mi: 1024 ** 2,
    mib: 1024 ** 2,
    gi: 1024 ** 3,
    gib: 1024 ** 3,
    ti: 1024 ** 4,
    tib: 1024 ** 4,
    pi: 1024 ** 5,
    pib: 1024 ** 5,
};
const SIZE_RE = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;
/** Bytes from `10GB`, `512MiB`, `4.096kB`, `1.2 GB`, `0`, `1234`. Throws a clear Error for anything else. */
function parseSize(s) {
    const text = String(s).trim();
    const m = SIZE_RE.exec(text);
    const factor = m ? UNITS[(m[2] ?? '').toLowerCase()] : undefined;
    if (!m || factor === undefined) {
        throw new Error(`not a size: ${JSON.stringify(text)} (expected a number with an optional unit: B, kB, MB, GB, TB, KiB, MiB, GiB, TiB)`);
    }
    const bytes = Math.round(Number(m[1]) * factor);
    if (!Number.isSafeInteger(bytes))
        throw new Error(`size too large: ${JSON.stringify(text)}`);
    return bytes;
}
const STEPS = (/* unused pure expression or super */ null && ([
    [1024 ** 4, 'TiB'],
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
]));
/**
 * Human readable, binary units, 3 significant decimals at most: `1.5GiB`, `512MiB`, `0B`.
 * Binary so a user's `512MiB` limit prints back the way it was written.
 */
function formatSize(bytes) {
    if (!Number.isFinite(bytes) || bytes < 0)
        return `${bytes}B`;
    for (const [factor, unit] of STEPS) {
        if (bytes >= factor)
            return `${trim((bytes / factor).toFixed(3))}${unit}`;
    }
    return `${Math.round(bytes)}B`;
}
function trim(n) {
    return n.includes('.') ? n.replace(/\.?0+$/, '') : n;
}


/***/ }),

/***/ 98293:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Jg: () => (/* binding */ Docker),
  CD: () => (/* binding */ attempt)
});

// UNUSED EXPORTS: hedgeDelayMs

// EXTERNAL MODULE: ./src/core/options.ts
var options = __webpack_require__(83457);
// EXTERNAL MODULE: ./src/docker/runner.ts
var runner = __webpack_require__(87240);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/core/crypto.ts
var core_crypto = __webpack_require__(16082);
;// CONCATENATED MODULE: ./src/docker/paths.ts



function dockerPaths(env = process.env) {
    const configDir = env.DOCKER_CONFIG && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : (0,external_node_path_.join)(env.HOME ?? (0,external_node_os_.homedir)(), '.docker');
    const buildxDir = env.BUILDX_CONFIG && env.BUILDX_CONFIG !== '' ? env.BUILDX_CONFIG : (0,external_node_path_.join)(configDir, 'buildx');
    return {
        configDir,
        configJson: (0,external_node_path_.join)(configDir, 'config.json'),
        buildxDir,
        instancesDir: (0,external_node_path_.join)(buildxDir, 'instances'),
        currentFile: (0,external_node_path_.join)(buildxDir, 'current'),
        defaultsDir: (0,external_node_path_.join)(buildxDir, 'defaults'),
        activityDir: (0,external_node_path_.join)(buildxDir, 'activity'),
        contextsMetaDir: (0,external_node_path_.join)(configDir, 'contexts', 'meta'),
        contextsTlsDir: (0,external_node_path_.join)(configDir, 'contexts', 'tls'),
        cliPluginsDir: (0,external_node_path_.join)(configDir, 'cli-plugins'),
    };
}
/** The docker CLI stores a context's metadata under the SHA-256 of its name. */
function contextDirName(name) {
    return createHash('sha256').update(name).digest('hex');
}

// EXTERNAL MODULE: ./src/docker/parse/index.ts + 7 modules
var parse = __webpack_require__(55298);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/docker/env.ts
var env = __webpack_require__(2215);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/core/compile-cache.ts
var compile_cache = __webpack_require__(61701);
;// CONCATENATED MODULE: ./src/docker/plugin-memo.ts
/**
 * The buildx plugin's `docker-cli-plugin-metadata` answer, remembered by the binary's identity.
 *
 * That answer is a constant compiled into the binary: the same file gives the same JSON. The quick
 * look checks it on every start (the docker CLI does, before it runs a plugin), which costs one Go
 * process beside the plugin's own `ls` on the runner's CPUs. Remembered here, it is asked again
 * only when the file may be another one: a different device, inode, size, mode, owner, mtime or
 * ctime (any write, chmod, chown, rename over it or package upgrade changes the ctime; nothing
 * sets a ctime back short of the clock). The `ls` runs that very binary on every start, so a binary
 * that no longer runs is still seen at once.
 *
 * Only a healthy answer is remembered (one the quick look accepts, as a whole CommandResult with
 * empty stderr) of a native program (ELF or Mach-O: a script's answer may come from whatever file
 * it runs), and only when the path named the very same file just before the process started and
 * after it ended, unchanged for a while before (so the answer is surely of that file: a symlink
 * switched or a directory renamed mid-run, or a write within the timestamps' granularity, is not
 * remembered). It is kept in a directory this user owns and no one else can write
 * (src/core/compile-cache.ts ownDir: a planted answer must not be trusted), one small file per
 * plugin path, written whole (temporary file, then rename). Anything unreadable is no memo: the
 * process runs as before. `BKH_PLUGIN_MEMO=0` turns it off.
 */



const ARGS = ['docker-cli-plugin-metadata'];
/** How long a file must have been left as it is before a run for its answer to be remembered. */
const SETTLED_MS = 2000;
/** ELF, and Mach-O (thin, both byte orders, and universal). */
const NATIVE_MAGIC = ['7f454c46', 'feedfacf', 'cffaedfe', 'feedface', 'cefaedfe', 'cafebabe'];
function isNative(path) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(path, 'r');
        const head = Buffer.alloc(4);
        return (0,external_node_fs_.readSync)(fd, head, 0, 4, 0) === 4 && NATIVE_MAGIC.includes(head.toString('hex'));
    }
    catch {
        return false;
    }
    finally {
        if (fd !== undefined)
            (0,external_node_fs_.closeSync)(fd);
    }
}
/** The identity each plugin's path had just before its metadata process started (the entry's head start and its chunk share it). */
const BEFORE = Symbol.for('buildkit-healer.plugin-memo.before');
function befores() {
    const slots = globalThis;
    return (slots[BEFORE] ??= new Map());
}
/**
 * Notes what `plugin` names just before its metadata process starts (call it right before the
 * spawn; the first note of a process counts, as a head start's process is the one the quick look takes).
 */
function beforeMetadataRun(plugin, nowMs = Date.now()) {
    const m = befores();
    if (m.has(plugin))
        return;
    const id = isNative(plugin) ? fileIdentity(plugin) : undefined;
    m.set(plugin, id === undefined ? undefined : { ...id, atMs: nowMs });
}
/** The identity of the file at `path` (symlinks followed, as exec follows them), and its ctime; or undefined. */
function fileIdentity(path) {
    try {
        const s = (0,external_node_fs_.statSync)(path, { bigint: true });
        if (!s.isFile())
            return undefined;
        return { key: [s.dev, s.ino, s.size, s.mode, s.uid, s.mtimeNs, s.ctimeNs].join(':'), ctimeMs: Number(s.ctimeMs) };
    }
    catch {
        return undefined;
    }
}
/** This user's memo directory (made on first use), or undefined when off or none is safe. */
function memoDir(env) {
    if (env.BKH_PLUGIN_MEMO === '0' || env.BKH_PLUGIN_MEMO === 'false')
        return undefined;
    return (0,compile_cache/* userCacheDir */.bE)(env, 'buildkit-healer-memo');
}
function memoFile(dir, plugin) {
    const name = `metadata-${encodeURIComponent(plugin)}.json`;
    return name.length <= 240 ? (0,external_node_path_.join)(dir, name) : undefined;
}
/**
 * The remembered metadata answer of `plugin`, as the CommandResult its run gave (durationMs 0,
 * `remembered` set), when the file is still the one it was read from; else undefined.
 */
function recallMetadata(env, plugin) {
    const dir = memoDir(env);
    const file = dir === undefined ? undefined : memoFile(dir, plugin);
    if (file === undefined)
        return undefined;
    try {
        const m = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        if (typeof m.identity !== 'string' || typeof m.stdout !== 'string')
            return undefined;
        if (m.identity !== fileIdentity(plugin)?.key)
            return undefined;
        return {
            argv: [plugin, ...ARGS],
            exitCode: 0,
            signal: null,
            stdout: m.stdout,
            stderr: '',
            timedOut: false,
            durationMs: 0,
            remembered: `the answer of this very file (${m.identity}), remembered in ${file}`,
        };
    }
    catch {
        return undefined;
    }
}
/**
 * Remembers `result`, the metadata answer of `plugin` this process ran (beforeMetadataRun noted
 * the file just before), when it is healthy (`accepted`), the path still names that very file, and
 * the file had been left as it is for a while before the run. Never throws.
 */
function rememberMetadata(env, plugin, result, accepted) {
    // The note is of this one run: used once, whatever comes of it.
    const before = befores().get(plugin);
    befores().delete(plugin);
    if (!accepted || result.remembered !== undefined || result.exitCode !== 0 || result.stderr !== '')
        return;
    const after = fileIdentity(plugin);
    if (before === undefined || after === undefined || after.key !== before.key)
        return;
    if (before.ctimeMs > before.atMs - SETTLED_MS)
        return;
    const identity = after.key;
    const dir = memoDir(env);
    const file = dir === undefined ? undefined : memoFile(dir, plugin);
    if (file === undefined)
        return;
    // Not written: not remembered, asked again next time.
    (0,compile_cache/* writeWhole */.f8)(file, JSON.stringify({ identity, stdout: result.stdout }));
}

// EXTERNAL MODULE: ./src/docker/plugin.ts
var docker_plugin = __webpack_require__(39409);
;// CONCATENATED MODULE: ./src/docker/docker.ts








/** Parses a result's stdout with `fn`; a parser's error becomes `parseError` (the result is kept). */
function attempt(result, fn) {
    try {
        return { result, parsed: fn(result.stdout) };
    }
    catch (e) {
        return { result, parseError: (0,errors/* errorMessage */.gJ)(e) };
    }
}
/**
 * The docker CLI and its buildx plugin, over the one runner. Read-only calls parse their
 * output; health is judged by callers from parsed output, never from the exit code alone.
 */
class Docker {
    runner;
    bin;
    env;
    paths;
    timeouts;
    constructor(runner, opts = {}) {
        this.runner = runner;
        this.bin = opts.bin ?? 'docker';
        this.env = opts.env ?? process.env;
        this.paths = dockerPaths(this.env);
        this.timeouts = { ...options/* DEFAULT_TIMEOUTS */.Rh, ...opts.timeouts };
    }
    /** Any docker command. `timeoutMs` is required. */
    run(args, opts) {
        return this.runner.run(this.bin, args, { ...opts, env: { ...(0,env/* pickDockerEnv */.p)(this.env), ...opts.env } });
    }
    /** `docker buildx ARGS`. */
    buildx(args, opts) {
        return this.run(['buildx', ...args], opts);
    }
    /**
     * `docker cp SOURCE -` into a file: the tar stream holds device and root-only files that must
     * never be unpacked on the host. `source` is `container:path`.
     */
    copyOutToFile(source, file, opts) {
        const { maxBytes, ...rest } = opts;
        if (maxBytes === undefined)
            return this.redirected('exec "$0" cp "$1" - > "$2"', [source, file], rest);
        // At most maxBytes + 1 bytes reach the file (the caller sees it is over); docker's own exit
        // status comes back through a side file, as `sh` has no pipefail.
        return this.redirected('{ "$0" cp "$1" -; echo "$?" >&3; } 3>"$2.rc" | head -c "$3" > "$2"; rc=$(cat "$2.rc"); rm -f "$2.rc"; exit "${rc:-1}"', [source, file, String(Math.max(0, Math.floor(maxBytes)) + 1)], rest);
    }
    /** `docker cp - DEST` from a tar file: docker unpacks it inside the container. `dest` is `container:path`. */
    copyInFromFile(file, dest, opts) {
        return this.redirected('exec "$0" cp - "$1" < "$2"', [dest, file], { mutates: true, ...opts });
    }
    /** The quick look's metadata call, its file noted just before (src/docker/plugin-memo.ts). */
    runMetadata(c) {
        beforeMetadataRun(c.file);
        return this.runner.run(c.file, c.args, c.opts);
    }
    /** A CLI plugin's own `docker-cli-plugin-metadata`, run the way the docker CLI runs it (`plugin` is its path). */
    pluginMetadata(plugin) {
        const c = (0,docker_plugin/* metadataCall */.ay)(this.env, this.paths, plugin, this.timeouts.probe);
        return this.runner.run(c.file, c.args, c.opts);
    }
    /** A docker command whose stdin or stdout a shell redirects; same timeout and environment as run(). */
    redirected(script, args, opts) {
        return this.runner.run('sh', ['-c', script, this.bin, ...args], {
            ...opts,
            env: { ...(0,env/* pickDockerEnv */.p)(this.env), ...opts.env },
        });
    }
    async version() {
        const r = await this.run(['version', '--format', '{{json .}}'], { timeoutMs: this.timeouts.probe });
        return attempt(r, (s) => parse/* parseDockerVersion */.kt(s, r.stderr));
    }
    async info() {
        const r = await this.run(['info', '--format', '{{json .}}'], { timeoutMs: this.timeouts.probe });
        return attempt(r, (s) => parse/* parseDockerInfo */.AB(s, r.stderr));
    }
    async buildxVersion() {
        const r = await this.buildx(['version'], { timeoutMs: this.timeouts.probe });
        if (!(0,runner/* succeeded */.gq)(r))
            return { result: r, parseError: 'buildx version did not run' };
        return attempt(r, parse/* parseBuildxVersion */.Ou);
    }
    /**
     * `docker buildx ls`: JSON where the plugin supports it (0.13+), the table otherwise.
     * `jsonSupported` is decided by the caller from the buildx version.
     */
    async ls(jsonSupported) {
        const args = jsonSupported ? ['ls', '--format', 'json'] : ['ls'];
        const r = await this.buildx(args, { timeoutMs: this.timeouts.probe });
        return attempt(r, (s) => (jsonSupported ? parse/* parseLsJson */.n0(s, r.stderr) : parse/* parseLsTable */.d5(s, r.stderr)));
    }
    /**
     * `buildx ls --format json` for the quick look, without the docker CLI's own start in front of it:
     * the buildx plugin the CLI would pick (src/docker/plugin.ts mirrors how the CLI finds and starts
     * it) runs directly, with the CLI's argv and environment, while `docker --version` (the CLI runs,
     * loads its config, resolves its context and aliases), the plugin's metadata check (its answer
     * remembered for that very binary where it was before: src/docker/plugin-memo.ts) and a look at
     * the binary `docker` names run beside it. Its answer counts only when all of that holds and it is
     * plainly healthy; any doubt (a fault, an environment or a CLI not mirrored) runs `docker buildx ls`
     * as before, so the verdict is the one the CLI's own run gives. `BKH_DIRECT_LS=0` always runs
     * `docker buildx ls`.
     */
    async quickLs() {
        const p = (0,docker_plugin/* buildxPick */.qY)(this.env, this.paths, (0,docker_plugin/* readConfigJson */.DZ)(this.paths));
        if ('doubt' in p)
            return { ls: await this.ls(true), fallback: p.doubt };
        const calls = (0,docker_plugin/* quickLookCalls */.QN)(this.bin, this.env, this.paths, p.path, this.timeouts.probe);
        // A hung daemon must not cost two probe timeouts in a row: when the direct run has not answered
        // by then, `docker buildx ls` starts beside it (its answer counts only if the direct one does not).
        let hedge;
        const timer = setTimeout(() => (hedge = this.ls(true)), hedgeDelayMs(this.timeouts.probe));
        // The longest first: each spawn takes a while on a busy machine.
        // The metadata answer of this very binary, when remembered (src/docker/plugin-memo.ts).
        const real = this.runner.realProcesses === true;
        const memo = real ? recallMetadata(this.env, p.path) : undefined;
        const [direct, metadata, v, b] = await Promise.all([
            this.runner.run(calls.ls.file, calls.ls.args, calls.ls.opts),
            memo ?? this.runMetadata(calls.metadata),
            this.runner.run(calls.version.file, calls.version.args, calls.version.opts),
            (0,docker_plugin/* cliBinaryDoubt */.IQ)(this.bin, this.env),
        ]);
        clearTimeout(timer);
        const ls = attempt(direct, (s) => parse/* parseLsJson */.n0(s, direct.stderr));
        const metaDoubt = (0,docker_plugin/* metadataDoubt */.so)(metadata);
        if (real)
            rememberMetadata(this.env, p.path, metadata, metaDoubt === undefined);
        const doubt = (0,docker_plugin/* cliVersionDoubt */.pb)(v) ?? b ?? metaDoubt ?? (0,docker_plugin/* lsDoubt */.G9)(direct, ls.parsed);
        const started = hedge;
        if (doubt === undefined) {
            await started; // no docker child outlives the look
            return { ls, metadata };
        }
        return { ls: await (started ?? this.ls(true)), metadata, fallback: doubt };
    }
    async inspect(name, bootstrap = false) {
        const args = ['inspect'];
        if (bootstrap)
            args.push('--bootstrap');
        if (name !== undefined)
            args.push(name);
        const r = await this.buildx(args, {
            timeoutMs: bootstrap ? this.timeouts.slow : this.timeouts.probe,
            mutates: bootstrap,
        });
        return attempt(r, (s) => parse/* parseInspect */.E7(s, r.stderr));
    }
    /** `docker top NAME -o pid,args`: the processes of a running container. */
    async top(name) {
        const r = await this.run(['top', name, '-o', 'pid,args'], { timeoutMs: this.timeouts.probe });
        if (!(0,runner/* succeeded */.gq)(r))
            return { result: r, parseError: `docker top ${name} did not run` };
        return attempt(r, parse/* parseTop */.fm);
    }
    /** The last `tail` lines a container wrote (both streams: buildkitd logs to stderr). */
    async logs(name, tail) {
        return this.run(['logs', '--tail', String(tail), name], { timeoutMs: this.timeouts.probe });
    }
    async du(builder) {
        const args = ['du', '--verbose'];
        if (builder !== undefined)
            args.push('--builder', builder);
        const r = await this.buildx(args, { timeoutMs: this.timeouts.slow });
        return attempt(r, parse/* parseDu */.TK);
    }
}
/** When the quick look's `docker buildx ls` starts beside a direct run that has not answered: 3 s, or half the probe timeout. */
function hedgeDelayMs(probeMs) {
    return Math.min(3000, Math.floor(probeMs / 2));
}


/***/ }),

/***/ 66556:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I9: () => (/* binding */ runsRealProcesses),
/* harmony export */   PB: () => (/* binding */ EngineApi),
/* harmony export */   Q7: () => (/* binding */ BUILD_CACHE_PATH),
/* harmony export */   SW: () => (/* binding */ LEFTOVER_VOLUMES_PATH),
/* harmony export */   Tc: () => (/* binding */ localEngineSocket),
/* harmony export */   pW: () => (/* binding */ INFO_PATH),
/* harmony export */   xN: () => (/* binding */ LEFTOVER_CONTAINERS_PATH)
/* harmony export */ });
/* unused harmony export QUICK_ENGINE_PATHS */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _head_start_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(69849);
/* harmony import */ var _parse_config_json_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(13231);
/**
 * A second, read-only door to Docker: the Engine API over the daemon's local unix socket, with
 * node's http. A request here costs a few milliseconds where the same question through the docker
 * CLI starts a Go process (100-200 ms on a busy 2-core runner): it is what keeps a healthy
 * `heal --mode auto` close to one `docker buildx ls`.
 *
 * Used only when the CLI would talk to the same socket: DOCKER_HOST a `unix://` path (or unset and
 * no docker context in play), and only with a runner that really runs processes (a scripted test
 * runner never lets a test reach a real daemon through this door). Anything else falls back to the
 * CLI. Every request has a required timeout; results are `CommandResult`s so they are evidence
 * like any command's (argv `GET unix://SOCKET PATH`).
 */



const DEFAULT_MAX = 8 * 1024 * 1024;
const LEFTOVER_FILTERS = encodeURIComponent(JSON.stringify({ name: ['buildx_buildkit_'] }));
/** Every container, running or not, whose name is a docker-container builder's (leftovers). */
const LEFTOVER_CONTAINERS_PATH = `/containers/json?all=1&filters=${LEFTOVER_FILTERS}`;
/** Every volume whose name is a docker-container builder's state volume. */
const LEFTOVER_VOLUMES_PATH = `/volumes?filters=${LEFTOVER_FILTERS}`;
const INFO_PATH = '/info';
/** The build cache's records (the cache policy's usage): the daemon counts them, the slowest read. */
const BUILD_CACHE_PATH = '/system/df?type=build-cache';
/** The quick look's reads, which the entries' head start asks first (src/docker/prestart.ts). */
const QUICK_ENGINE_PATHS = [BUILD_CACHE_PATH, LEFTOVER_CONTAINERS_PATH, LEFTOVER_VOLUMES_PATH, INFO_PATH];
const DEFAULT_SOCKET = '/var/run/docker.sock';
class EngineApi {
    socketPath;
    constructor(socketPath) {
        this.socketPath = socketPath;
    }
    /** `GET path` (e.g. `/containers/json?all=1`). Never throws: failures are in the result. */
    get(path, opts) {
        if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0) {
            throw new Error(`engine: a positive timeoutMs is required for GET ${path}`);
        }
        // The same read an entry started ahead (src/docker/head-start.ts): its answer, asked once.
        const max = opts.maxBytes ?? DEFAULT_MAX;
        return ((0,_head_start_js__WEBPACK_IMPORTED_MODULE_1__/* .take */ .s)((0,_head_start_js__WEBPACK_IMPORTED_MODULE_1__/* .engineKey */ .cE)(this.socketPath, path, opts.timeoutMs, max)) ?? this.request(path, opts.timeoutMs, max).result);
    }
    /** Starts a read now and offers its answer to the quick look (the entries' head start). */
    startAhead(path, opts) {
        const max = opts.maxBytes ?? DEFAULT_MAX;
        const r = this.request(path, opts.timeoutMs, max);
        (0,_head_start_js__WEBPACK_IMPORTED_MODULE_1__/* .offer */ .x)((0,_head_start_js__WEBPACK_IMPORTED_MODULE_1__/* .engineKey */ .cE)(this.socketPath, path, opts.timeoutMs, max), r.result, r.stop, r.sent);
    }
    request(path, timeoutMs, max) {
        const argv = ['GET', `unix://${this.socketPath}`, path];
        const started = Date.now();
        let stop = () => undefined;
        let written = () => undefined;
        const sent = new Promise((resolve) => (written = resolve));
        const result = new Promise((resolve) => {
            let settled = false;
            let timedOut = false;
            const done = (exitCode, stdout, stderr) => {
                if (settled)
                    return;
                settled = true;
                written();
                clearTimeout(timer);
                if (timedOut)
                    stderr += `${stderr === '' ? '' : '\n'}[buildkit-healer: timed out after ${timeoutMs} ms and was aborted]`;
                resolve({ argv, exitCode, signal: null, stdout, stderr, timedOut, durationMs: Date.now() - started });
            };
            // The daemon ignores Host on a unix socket, but HTTP/1.1 requires one. `servername` is a TLS
            // name, meaningless here: given, the agent does not derive one from Host, which compiles
            // Node's IP address patterns (about 8 ms of CPU on the first request of a start).
            const options = {
                socketPath: this.socketPath,
                path,
                method: 'GET',
                headers: { Host: 'docker', Accept: 'application/json' },
                servername: '',
            };
            const req = (0,node_http__WEBPACK_IMPORTED_MODULE_0__.request)(options, (res) => {
                const chunks = [];
                let len = 0;
                let truncated = false;
                res.on('data', (b) => {
                    if (len < max) {
                        chunks.push(b);
                        len += b.length;
                    }
                    else
                        truncated = true;
                });
                res.on('error', (e) => done(null, '', e.message));
                res.on('end', () => {
                    const body = Buffer.concat(chunks).toString('utf8');
                    const status = res.statusCode ?? 0;
                    const note = truncated ? `[buildkit-healer: body beyond ${max} bytes was dropped]` : '';
                    if (status >= 200 && status < 300)
                        done(0, body, note);
                    else
                        done(1, '', [`HTTP ${status} ${res.statusMessage ?? ''}`.trim(), body.trim(), note].filter(Boolean).join('\n'));
                });
            });
            const timer = setTimeout(() => {
                timedOut = true;
                req.destroy(new Error('timeout'));
                done(null, '', '');
            }, timeoutMs);
            req.on('error', (e) => done(null, '', e.message));
            // The whole request is with the socket (src/docker/head-start.ts waits for it).
            req.on('finish', () => written());
            req.end();
            // A dropped head start: nobody reads the answer; the request is aborted.
            stop = () => {
                clearTimeout(timer);
                req.destroy(new Error('dropped'));
            };
        });
        return { result, stop: () => stop(), sent };
    }
}
/**
 * The unix socket the docker CLI would use, when that is certain without running it: DOCKER_HOST
 * `unix://PATH`, or no DOCKER_HOST, no DOCKER_CONTEXT and no `currentContext` in config.json (the
 * CLI's default socket). A context, a tcp or ssh host: undefined (the CLI knows best).
 */
function localEngineSocket(env, configJson) {
    const ctx = env.DOCKER_CONTEXT;
    if (ctx !== undefined && ctx !== '' && ctx !== 'default')
        return undefined;
    const host = env.DOCKER_HOST;
    if (host !== undefined && host !== '') {
        const m = /^unix:\/\/(\/.+)$/.exec(host);
        return m?.[1];
    }
    if (configJson !== undefined && configJson.trim() !== '') {
        try {
            const c = JSON.parse(configJson);
            // Any key case counts (`CurrentContext`): the CLI's Go decoder matches keys so.
            const cur = typeof c === 'object' && c !== null ? (0,_parse_config_json_js__WEBPACK_IMPORTED_MODULE_2__/* .currentContextOf */ .c)(c) : undefined;
            if (cur !== undefined && cur !== 'default')
                return undefined;
        }
        catch {
            // The CLI itself refuses an unreadable config.json: let it say so.
            return undefined;
        }
    }
    return DEFAULT_SOCKET;
}
/** Whether the runner really runs processes on this machine (then the API door may be used too). */
function runsRealProcesses(runner) {
    return runner.realProcesses === true;
}


/***/ }),

/***/ 2215:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ pickDockerEnv)
/* harmony export */ });
/**
 * The environment every docker call gets from the Docker door: only the variables that steer the
 * docker CLI and its plugins are passed explicitly (the rest is inherited from the runner's). Its
 * own module: the entries' head start (src/docker/prestart.ts) builds the very same calls.
 */
function pickDockerEnv(env) {
    const out = {};
    for (const [k, v] of Object.entries(env)) {
        if (k.startsWith('DOCKER_') || k.startsWith('BUILDX_') || k === 'HOME' || k === 'PATH')
            out[k] = v;
    }
    return out;
}


/***/ }),

/***/ 69849:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ZG: () => (/* binding */ processKey),
/* harmony export */   cE: () => (/* binding */ engineKey),
/* harmony export */   qx: () => (/* binding */ dropHeadStart),
/* harmony export */   s: () => (/* binding */ take),
/* harmony export */   x: () => (/* binding */ offer)
/* harmony export */ });
/* unused harmony exports pending, headStartCounts, withHeadStart */
/** Where bench/trace-hook.mjs reads the counts (a Symbol.for key: no import needed). */
const COUNTS = Symbol.for('buildkit-healer.head-start.counts');
const LEDGER = Symbol.for('buildkit-healer.head-start.ledger');
const slots = globalThis;
/** The ledger, when anything was ever offered. */
function existing() {
    return slots[LEDGER];
}
function ledger() {
    let l = existing();
    if (l === undefined) {
        l = { offers: new Map(), counts: { offered: 0, taken: 0, dropped: 0 } };
        slots[LEDGER] = l;
        slots[COUNTS] = l.counts;
    }
    return l;
}
/** The key of a process call: program, arguments, the whole environment it gets, timeout. */
function processKey(file, args, env, timeoutMs) {
    const e = Object.entries(env)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify(['process', file, args, e, timeoutMs]);
}
/** The key of an Engine API read: socket, path, timeout, body cap. */
function engineKey(socket, path, timeoutMs, maxBytes) {
    return JSON.stringify(['engine', socket, path, timeoutMs, maxBytes]);
}
/** Offers an answer under `key` (a second offer of the same key drops the new one: one question, one answer). */
function offer(key, result, drop, sent) {
    const l = ledger();
    if (l.offers.has(key)) {
        void drop();
        return;
    }
    l.offers.set(key, sent === undefined ? { result, drop } : { result, drop, sent });
    l.counts.offered++;
}
/** The answer offered under `key`, once; undefined when none is (or none is left). */
function take(key) {
    const l = existing();
    const o = l?.offers.get(key);
    if (l === undefined || o === undefined)
        return undefined;
    l.offers.delete(key);
    l.counts.taken++;
    return o.result;
}
/** How many answers are offered and not taken. */
function pending() {
    return existing()?.offers.size ?? 0;
}
/**
 * Drops every answer not taken (later questions are asked anew) and resolves when each has ended:
 * a process is let finish within a grace and only then killed (a `buildx ls` rewrites buildx's
 * `current` early in its run: killed there it could leave a temporary file), a request is aborted.
 * Callers await it before anything that must not run beside those processes (a restore).
 */
async function dropHeadStart() {
    const l = existing();
    if (l === undefined)
        return;
    const drops = [...l.offers.values()];
    l.offers.clear();
    l.counts.dropped += drops.length;
    await Promise.all(drops.map(async (o) => o.drop()));
}
/** offered / taken / dropped so far (tests and the bench's trace). */
function headStartCounts() {
    return { ...ledger().counts };
}
/** At most this long the chunk waits for the reads asked ahead to be written (on a local socket: a millisecond or two). */
const SEND_WAIT_MS = 25;
/**
 * An entry's run after its head start (prestartQuickLook, already called: everything it started is
 * offered): the chunk loads, the run runs, and however it ends, nothing asked ahead outlives it.
 *
 * The chunk loads only once the reads asked ahead are written (at most SEND_WAIT_MS): a read's
 * socket connects at once, but its request is written when the connect completes, in the event
 * loop (one turn or two, by Node version), and the chunk's compile and evaluation hold the main
 * thread for tens of milliseconds: the daemon would get the reads (the build cache's usage the
 * slowest of them) only after that.
 */
async function withHeadStart(load, run) {
    try {
        await readsSent();
        return await run(await load());
    }
    finally {
        await dropHeadStart();
    }
}
async function readsSent() {
    const sending = [...(existing()?.offers.values() ?? [])].flatMap((o) => (o.sent === undefined ? [] : [o.sent]));
    if (sending.length === 0)
        return;
    let timer;
    await Promise.race([
        Promise.all(sending),
        new Promise((resolve) => (timer = setTimeout(resolve, SEND_WAIT_MS))),
    ]);
    clearTimeout(timer);
}


/***/ }),

/***/ 13231:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ currentContextOf)
/* harmony export */ });
/* unused harmony export CURRENT_CONTEXT_KEY */
/**
 * Keys of docker's `config.json` as the docker CLI reads them. The CLI decodes the file into its
 * settings struct with Go's encoding/json, which matches an object key to a field
 * case-insensitively: `CurrentContext` (or `CURRENTCONTEXT`) sets the current context as
 * `currentContext` does, and of several such keys the last one in the file wins (a `null` leaves
 * what an earlier one set). Checked with docker 28.2.2 on the test daemon.
 */
/** The field name the CLI writes (`docker context use`); any spelling of it is read. */
const CURRENT_CONTEXT_KEY = 'currentContext';
/**
 * The current context config.json names, read as the CLI reads it (any key case); undefined when
 * none is set, it is empty, or the value is not a string.
 */
function currentContextOf(doc) {
    let cur;
    for (const [k, v] of Object.entries(doc)) {
        if (k.toLowerCase() !== CURRENT_CONTEXT_KEY.toLowerCase() || v === null)
            continue;
        cur = typeof v === 'string' ? v : undefined;
    }
    return cur === '' ? undefined : cur;
}


/***/ }),

/***/ 55298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cJ: () => (/* reexport */ buildkitActivity),
  qX: () => (/* reexport */ buildkitdExitCause),
  LV: () => (/* reexport */ configRejected),
  Ou: () => (/* reexport */ parseBuildxVersion),
  AB: () => (/* reexport */ parseDockerInfo),
  kt: () => (/* reexport */ parseDockerVersion),
  TK: () => (/* reexport */ parseDu),
  E7: () => (/* reexport */ parseInspect),
  n0: () => (/* reexport */ parseLsJson),
  d5: () => (/* reexport */ parseLsTable),
  fm: () => (/* reexport */ parseTop),
  kX: () => (/* reexport */ programName),
  Vn: () => (/* reexport */ stateBroken)
});

// UNUSED EXPORTS: currentContextOf, parseRawJsonProgress

;// CONCATENATED MODULE: ./src/docker/parse/docker-json.ts
function isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}
function num(v) {
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
/** Removes undefined keys so results compare cleanly and print small. */
function compact(o) {
    for (const k of Object.keys(o))
        if (o[k] === undefined)
            delete o[k];
    return o;
}
/** The first line that is a JSON object: docker prints the object on one line, warnings may follow. */
function firstJsonObject(stdout, what) {
    const text = stdout.trim();
    if (text === '')
        throw new Error(`${what}: empty output, expected a JSON object`);
    const candidates = [
        text,
        ...text
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l.startsWith('{')),
    ];
    for (const c of candidates) {
        try {
            const v = JSON.parse(c);
            if (isObj(v))
                return v;
        }
        catch {
            // not this one; try the next candidate
        }
    }
    throw new Error(`${what}: output is not a JSON object: ${JSON.stringify(text.slice(0, 120))}`);
}
/** Non-empty stderr lines, trimmed: the CLI's own account of what failed. */
function stderrLines(stderr) {
    return (stderr ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
}
function versionPart(o) {
    return compact({
        version: str(o.Version),
        apiVersion: str(o.ApiVersion),
        os: str(o.Os),
        arch: str(o.Arch),
        goVersion: str(o.GoVersion),
    });
}
function parseDockerVersion(stdout, stderr) {
    const o = firstJsonObject(stdout, 'docker version');
    if (!('Client' in o) && !('Server' in o)) {
        throw new Error('docker version: JSON has neither Client nor Server');
    }
    const result = {};
    if (isObj(o.Client))
        result.client = versionPart(o.Client);
    if (isObj(o.Server)) {
        const components = Array.isArray(o.Server.Components)
            ? o.Server.Components.filter(isObj).map((c) => ({ name: str(c.Name) ?? '', version: str(c.Version) ?? '' }))
            : [];
        result.server = { ...versionPart(o.Server), components };
    }
    else {
        // Server is null when the daemon did not answer; the reason is only on stderr.
        const lines = stderrLines(stderr);
        result.serverError = lines.length > 0 ? lines.join('\n') : 'docker version: no Server section';
    }
    return result;
}
function plugins(v) {
    if (!Array.isArray(v))
        return [];
    return v
        .filter(isObj)
        .map((p) => compact({ name: str(p.Name) ?? '', version: str(p.Version), path: str(p.Path), err: str(p.Err) }));
}
function strings(v) {
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string' && x !== '') : [];
}
function parseDockerInfo(stdout, stderr) {
    const o = firstJsonObject(stdout, 'docker info');
    if (!('ID' in o) && !('ServerVersion' in o) && !('ClientInfo' in o) && !('ServerErrors' in o)) {
        throw new Error('docker info: JSON has none of ID, ServerVersion, ClientInfo, ServerErrors');
    }
    const driverStatus = Array.isArray(o.DriverStatus) ? o.DriverStatus : [];
    const containerdSnapshotter = driverStatus.some((pair) => Array.isArray(pair) && pair[0] === 'driver-type' && pair[1] === 'io.containerd.snapshotter.v1');
    const serverErrors = strings(o.ServerErrors);
    // Newer clients leave ServerErrors out and print the failure on stderr, with an empty ID.
    if (serverErrors.length === 0 && str(o.ID) === undefined && str(o.ServerVersion) === undefined) {
        serverErrors.push(...stderrLines(stderr));
        if (serverErrors.length === 0)
            serverErrors.push('docker info: the daemon returned no server information');
    }
    const client = isObj(o.ClientInfo) ? o.ClientInfo : {};
    return compact({
        id: str(o.ID),
        name: str(o.Name),
        serverVersion: str(o.ServerVersion),
        storageDriver: str(o.Driver),
        dockerRootDir: str(o.DockerRootDir),
        operatingSystem: str(o.OperatingSystem),
        osType: str(o.OSType),
        architecture: str(o.Architecture),
        ncpu: num(o.NCPU) || undefined,
        memTotal: num(o.MemTotal) || undefined,
        containersRunning: str(o.ID) !== undefined ? num(o.ContainersRunning) : undefined,
        containerdSnapshotter: str(o.ID) !== undefined ? containerdSnapshotter : undefined,
        warnings: strings(o.Warnings),
        serverErrors,
        clientPlugins: plugins(client.Plugins),
    });
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(62088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ./src/docker/parse/buildx-version.ts
/** Parser for `docker buildx version`. */

/**
 * Upstream prints `github.com/docker/buildx v0.13.1 788433953af10f2a698f5c07611dcf6f5f`; Debian prints
 * `github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3` (the package version in place of the commit).
 */
function parseBuildxVersion(stdout) {
    const line = stdout
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '' && !/^(WARNING|DEPRECATED)\b/i.test(l));
    if (line === undefined)
        throw new Error('buildx version: empty output');
    const fields = line.split(/\s+/);
    const [name, raw, revision] = fields;
    if (name === undefined || raw === undefined || !/\d/.test(raw) || !/buildx/i.test(name)) {
        throw new Error(`buildx version: not a buildx version line: ${JSON.stringify(line.slice(0, 120))}`);
    }
    const coerced = semver_default().coerce(raw);
    const result = { name, raw, semver: coerced ? coerced.version : null };
    if (revision !== undefined)
        result.revision = revision;
    return result;
}

;// CONCATENATED MODULE: ./src/docker/parse/ls.ts
const STATUSES = ['running', 'inactive', 'stopped', 'error', 'unknown'];
function ls_isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function ls_str(v) {
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
/** buildx also says `starting`/`stopping`; anything outside the known set is `unknown`. */
function toStatus(s) {
    const v = (s ?? '').trim().toLowerCase();
    return STATUSES.includes(v) ? v : 'unknown';
}
/** A builder is in error when it or any node is; else running when any node runs. */
function deriveStatus(builderError, nodes) {
    if (builderError !== undefined || nodes.some((n) => n.status === 'error' || n.error !== undefined))
        return 'error';
    if (nodes.some((n) => n.status === 'running'))
        return 'running';
    return nodes[0]?.status ?? 'unknown';
}
const CANNOT_LOAD = /^Cannot load builder (\S+?):\s*(.*)$/;
const FAILED_STATUS = /^Failed to get status for (\S+) \((.*?)\):\s*(.*)$/;
/**
 * buildx writes per-builder failures after the table (`Cannot load builder X: ...`,
 * `Failed to get status for X (NODE): ...`) and fatal ones as `ERROR: ...`. Every such line is kept.
 */
function readStderr(stderr) {
    const facts = { errors: [], builderErrors: new Map(), nodeErrors: new Map() };
    for (const raw of (stderr ?? '').split('\n')) {
        const line = raw.trim();
        if (line === '' || /^WARNING\b/i.test(line))
            continue;
        if (!facts.errors.includes(line))
            facts.errors.push(line);
        const load = CANNOT_LOAD.exec(line);
        if (load?.[1] !== undefined)
            facts.builderErrors.set(load[1], load[2] ?? '');
        const failed = FAILED_STATUS.exec(line);
        if (failed?.[1] !== undefined)
            facts.nodeErrors.set(`${failed[1]}/${failed[2] ?? ''}`, failed[3] ?? '');
    }
    return facts;
}
function applyStderr(builders, facts) {
    for (const b of builders) {
        const be = facts.builderErrors.get(b.name);
        if (be !== undefined && b.error === undefined)
            b.error = be;
        for (const n of b.nodes) {
            const ne = facts.nodeErrors.get(`${b.name}/${n.name}`);
            if (ne !== undefined) {
                n.error ??= ne;
                n.status = 'error';
            }
        }
        b.status = deriveStatus(b.error, b.nodes);
    }
}
function ls_strings(v) {
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string' && x !== '') : [];
}
function jsonNode(o) {
    const error = ls_str(o.Err);
    const node = {
        name: ls_str(o.Name) ?? '',
        endpoint: ls_str(o.Endpoint) ?? '',
        status: error !== undefined ? 'error' : toStatus(ls_str(o.Status)),
        platforms: ls_strings(o.Platforms),
    };
    if (error !== undefined)
        node.error = error;
    const version = ls_str(o.Version);
    if (version !== undefined)
        node.buildkitVersion = version;
    const flags = ls_strings(o.Flags);
    if (flags.length > 0)
        node.flags = flags;
    return node;
}
function jsonBuilder(o) {
    // A builder that failed to load still has a placeholder node with empty name and endpoint.
    const nodes = (Array.isArray(o.Nodes) ? o.Nodes.filter(ls_isObj) : [])
        .map(jsonNode)
        .filter((n) => n.name !== '' || n.endpoint !== '' || n.error !== undefined);
    const error = ls_str(o.Err);
    const b = {
        name: ls_str(o.Name) ?? '',
        driver: ls_str(o.Driver) ?? '',
        current: o.Current === true,
        status: deriveStatus(error, nodes),
        nodes,
    };
    if (error !== undefined)
        b.error = error;
    if (typeof o.Dynamic === 'boolean')
        b.dynamic = o.Dynamic;
    return b;
}
/** Splits concatenated JSON values: buildx prints one object a line, but tolerate any whitespace. */
function jsonValues(text) {
    const out = [];
    for (const line of text.split('\n')) {
        const t = line.trim();
        if (t === '')
            continue;
        out.push(JSON.parse(t));
    }
    return out;
}
/** `docker buildx ls --format json`: one builder object a line; 0.13 prints some builders twice. */
function parseLsJson(stdout, stderr) {
    let values;
    try {
        values = jsonValues(stdout);
    }
    catch (e) {
        throw new Error(`buildx ls --format json: output is not JSON lines: ${e.message}`, { cause: e });
    }
    const builders = [];
    for (const v of values) {
        if (!ls_isObj(v) || typeof v.Name !== 'string') {
            throw new Error(`buildx ls --format json: a line is not a builder object: ${JSON.stringify(v).slice(0, 120)}`);
        }
        const b = jsonBuilder(v);
        const seen = builders.findIndex((x) => x.name === b.name);
        if (seen === -1)
            builders.push(b);
        else if (b.current)
            builders[seen].current = true;
    }
    const facts = readStderr(stderr);
    applyStderr(builders, facts);
    return { builders, errors: facts.errors, format: 'json' };
}
/** Column spans from the header: tabwriter pads every cell of a column to the same width. */
function headerColumns(header) {
    const starts = [];
    const re = /\S+/g;
    for (let m = re.exec(header); m !== null; m = re.exec(header))
        starts.push(m.index);
    return starts.map((start, i) => ({ start, end: starts[i + 1] ?? Number.MAX_SAFE_INTEGER }));
}
/**
 * A row's cells at the header's column starts. buildx 0.13+ prints a node's endpoint one column to
 * the right of the header, so a start that lands inside a word moves back to that word's start.
 */
function cells(line, cols) {
    const at = (i) => {
        let p = Math.min(i, line.length);
        while (p > 0 && p < line.length && /\S/.test(line[p - 1] ?? '') && /\S/.test(line[p] ?? ''))
            p--;
        return p;
    };
    return cols.map((c) => line.slice(at(c.start), at(c.end)).trim());
}
/** Node rows are indented (`  node0` in 0.10-0.12, ` \_ node0` in 0.13+); builder rows are not. */
function isNodeRow(line) {
    return /^\s/.test(line);
}
function stripTree(cell) {
    return cell.replace(/^\\_\s*/, '').trim();
}
/** `docker buildx ls` table: 0.10-0.12 (`name *`, indented nodes) and 0.13+ (`name*`, `\_` tree). */
function parseLsTable(stdout, stderr) {
    const lines = stdout.split('\n').filter((l) => l.trim() !== '');
    const headerIdx = lines.findIndex((l) => /^NAME\/NODE\s+DRIVER\/ENDPOINT\s+STATUS/.test(l));
    const facts = readStderr(stderr);
    if (headerIdx === -1) {
        // No table at all: acceptable only when buildx failed before printing one (`ERROR: ...`).
        if (lines.length === 0 && facts.errors.length > 0)
            return { builders: [], errors: facts.errors, format: 'table' };
        throw new Error(`buildx ls: no NAME/NODE header in output: ${JSON.stringify(stdout.slice(0, 120))}`);
    }
    const cols = headerColumns(lines[headerIdx]);
    const builders = [];
    for (const line of lines.slice(headerIdx + 1)) {
        const [c0 = '', c1 = '', c2 = '', c3 = '', c4 = ''] = cells(line, cols);
        if (!isNodeRow(line)) {
            const current = /\*$/.test(c0);
            const name = c0.replace(/\s*\*$/, '');
            const b = { name, driver: c1, current, status: 'unknown', nodes: [] };
            // A builder that failed to load has `error` in its own STATUS cell and no node rows.
            if (c2 === 'error')
                b.error = 'error (buildx printed no reason on stderr)';
            builders.push(b);
            continue;
        }
        const owner = builders.at(-1);
        if (owner === undefined)
            continue;
        const node = {
            name: stripTree(c0),
            endpoint: stripTree(c1),
            status: toStatus(c2),
            platforms: c4
                .split(',')
                // `*` marks platforms set by the user; 0.14+ folds variants as `linux/amd64 (+4)`.
                .map((p) => p
                .trim()
                .replace(/\s*\(\+\d+\)$/, '')
                .replace(/\*$/, ''))
                .filter((p) => p !== ''),
        };
        if (c3 !== '')
            node.buildkitVersion = c3;
        const marked = c4
            .split(',')
            .map((p) => p.trim().replace(/\s*\(\+\d+\)$/, ''))
            .filter((p) => p.endsWith('*'))
            .map((p) => p.replace(/\*$/, ''));
        if (marked.length > 0)
            node.userPlatforms = marked;
        owner.nodes.push(node);
    }
    for (const b of builders) {
        const loadError = facts.builderErrors.get(b.name);
        if (loadError !== undefined)
            b.error = loadError;
        b.status = deriveStatus(b.error, b.nodes);
    }
    applyStderr(builders, facts);
    return { builders, errors: facts.errors, format: 'table' };
}

;// CONCATENATED MODULE: ./src/docker/parse/inspect.ts

/** `Key:   value` at the start of a line (keys have letters, spaces and `#`: `GC Policy rule#0`). */
const KEY_LINE = /^([A-Za-z][A-Za-z0-9 #._-]*?):(?:\s+(.*))?$/;
function keyLine(line) {
    const m = KEY_LINE.exec(line);
    return m?.[1] === undefined ? undefined : { key: m[1].trim(), value: (m[2] ?? '').trim() };
}
/** `image="moby/buildkit" env.X="a b"` (Go %q values) into a record; a bare `k=v` is kept too. */
function parseDriverOptions(s) {
    const out = {};
    const re = /([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
        const key = m[1] ?? '';
        let value = m[3] ?? m[2] ?? '';
        if (m[2] !== undefined) {
            try {
                value = JSON.parse(`"${m[2]}"`);
            }
            catch {
                value = m[2];
            }
        }
        out[key] = value;
    }
    return out;
}
/** Indented ` key: value` lines of a section; the key runs to the last `:` followed by spaces. */
function sectionPair(line, splitAtLast) {
    const t = line.trim();
    const re = /:(\s+|$)/g;
    let idx = -1;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
        idx = m.index;
        if (!splitAtLast)
            break;
    }
    if (idx <= 0)
        return undefined;
    return { key: t.slice(0, idx).trim(), value: t.slice(idx + 1).trim() };
}
function newNode(name) {
    return {
        name,
        endpoint: '',
        status: 'unknown',
        platforms: [],
        driverOptions: {},
        labels: {},
        gcPolicy: [],
        features: {},
        devices: [],
    };
}
function splitList(v, sep) {
    return v
        .split(sep)
        .map((x) => x.trim())
        .filter((x) => x !== '');
}
function gcField(rule, key, value) {
    switch (key.toLowerCase()) {
        case 'all':
            rule.all = value === 'true';
            break;
        case 'filters':
            rule.filters = splitList(value, /,/);
            break;
        case 'keep duration':
            rule.keepDuration = value;
            break;
        case 'keep bytes':
            rule.keepBytes = value;
            break;
        case 'reserved space':
            rule.reservedSpace = value;
            break;
        case 'max used space':
            rule.maxUsedSpace = value;
            break;
        case 'min free space':
            rule.minFreeSpace = value;
            break;
        default:
            // A field a newer buildx adds: ignored.
            break;
    }
}
/** The last `ERROR: ...` line of stderr (buildx's fatal error), without the prefix. */
function stderrError(stderr) {
    const lines = (stderr ?? '').split('\n').filter((l) => l.startsWith('ERROR:'));
    const last = lines.at(-1);
    return last === undefined ? undefined : last.slice('ERROR:'.length).trim();
}
/**
 * Builder fields come first, then `Nodes:` and one block per node, each starting with `Name:`.
 * Sections (`Labels:`, `GC Policy rule#N:`, `Features:`, `Devices:`) hold indented lines.
 * When buildx failed before printing anything (`ERROR: ...` on stderr), the result carries that
 * error with an empty name, so a caller still gets the reason.
 */
function parseInspect(stdout, stderr) {
    const lines = stdout.replace(/\r\n/g, '\n').split('\n');
    const c = new InspectCursor();
    for (const raw of lines) {
        if (raw.trim() === '')
            c.section = undefined;
        else if (/^\s/.test(raw))
            c.sectionLine(raw);
        else {
            const kv = keyLine(raw);
            if (kv !== undefined)
                c.keyLine(kv.key, kv.value);
        }
    }
    c.finishNode();
    if (!c.sawName) {
        const err = stderrError(stderr);
        if (err !== undefined)
            return { name: '', driver: '', error: err, nodes: [] };
        throw new Error(`buildx inspect: no Name: line in output: ${JSON.stringify(stdout.slice(0, 120))}`);
    }
    return c.result;
}
/** Where parseInspect is in the output: builder or nodes, the node and section in hand. */
class InspectCursor {
    result = { name: '', driver: '', nodes: [] };
    sawName = false;
    section;
    inNodes = false;
    node;
    rule;
    nodeStatusSeen = false;
    deviceIndent;
    finishNode() {
        const node = this.node;
        if (node === undefined)
            return;
        if (node.error !== undefined)
            node.status = 'error';
        else if (!this.nodeStatusSeen)
            node.status = 'unknown';
        this.result.nodes.push(node);
        this.node = undefined;
    }
    /** An indented line: a field of the section in hand. */
    sectionLine(raw) {
        const node = this.node;
        if (node === undefined)
            return;
        if (this.section === 'labels') {
            const p = sectionPair(raw, false);
            if (p)
                node.labels[p.key] = p.value;
        }
        else if (this.section === 'gc' && this.rule) {
            const p = sectionPair(raw, false);
            if (p)
                gcField(this.rule, p.key, p.value);
        }
        else if (this.section === 'features') {
            const p = sectionPair(raw, true);
            if (p)
                node.features[p.key] = p.value === 'true';
        }
        else if (this.section === 'devices') {
            // buildx prints each device's fields one tab deep and its annotations two deep
            // (`\t\tKEY:\tVALUE`): only a `Name` at the device level starts a device, an annotation
            // keyed `Name` does not.
            const indent = raw.length - raw.trimStart().length;
            this.deviceIndent ??= indent;
            const p = sectionPair(raw, false);
            if (p && p.key === 'Name' && indent <= this.deviceIndent)
                node.devices.push(p.value);
        }
    }
    /** A `Key: value` line at the left margin: a builder field, `Nodes:`, or a node's field. */
    keyLine(key, value) {
        this.section = undefined;
        if (key === 'Nodes') {
            this.inNodes = true;
            return;
        }
        if (!this.inNodes) {
            if (key === 'Name') {
                this.result.name = value;
                this.sawName = true;
            }
            else if (key === 'Driver')
                this.result.driver = value;
            else if (key === 'Last Activity')
                this.result.lastActivity = value;
            else if (key === 'Error')
                this.result.error = value;
            return;
        }
        if (key === 'Name') {
            this.finishNode();
            this.node = newNode(value);
            this.nodeStatusSeen = false;
            return;
        }
        if (this.node !== undefined)
            this.nodeField(this.node, key, value);
    }
    nodeField(node, key, value) {
        switch (key) {
            case 'Endpoint':
                node.endpoint = value;
                break;
            case 'Status':
                node.status = toStatus(value);
                this.nodeStatusSeen = true;
                break;
            case 'Error':
                node.error = value;
                break;
            case 'Buildkit':
            case 'BuildKit version':
                if (value !== '')
                    node.buildkitVersion = value;
                break;
            case 'Flags':
            case 'BuildKit daemon flags':
                node.flags = splitList(value, /\s+/);
                break;
            case 'Platforms':
                // `*` marks platforms set with `buildx create --platform`: kept apart, so a builder is
                // re-created with what the user set, not every platform the node supports.
                node.platforms = splitList(value, /,/).map((p) => p.replace(/\*$/, ''));
                if (value.includes('*'))
                    node.userPlatforms = splitList(value, /,/)
                        .filter((p) => p.endsWith('*'))
                        .map((p) => p.replace(/\*$/, ''));
                break;
            case 'Driver Options':
                node.driverOptions = parseDriverOptions(value);
                break;
            default:
                this.startSection(node, key);
        }
    }
    /** `Labels:`, `Features:`, `Devices:`, `GC Policy rule#N:` open a section; another key an ignored one. */
    startSection(node, key) {
        if (key === 'Labels')
            this.section = 'labels';
        else if (key === 'Features')
            this.section = 'features';
        else if (key === 'Devices') {
            this.section = 'devices';
            this.deviceIndent = undefined;
        }
        else if (/^GC Policy rule#\d+$/.test(key)) {
            this.rule = { filters: [] };
            node.gcPolicy.push(this.rule);
            this.section = 'gc';
        }
        else {
            this.section = 'other';
        }
    }
}

// EXTERNAL MODULE: ./src/core/size.ts
var size = __webpack_require__(53910);
;// CONCATENATED MODULE: ./src/docker/parse/du.ts
/** Parser for `docker buildx du` (table) and `docker buildx du --verbose` (records). */

const TOTAL_KEYS = {
    Shared: 'shared',
    Private: 'private',
    Reclaimable: 'reclaimable',
    Total: 'total',
};
/** `Key:<tabs or spaces>value`; keys are words with spaces (`Created at`, `Usage count`). */
const KV = /^([A-Z][A-Za-z ]*?):\s*(.*)$/;
/** Sizes in du output carry a trailing `*` (shared) in the table; go-units prints them decimal. */
function du_size(v) {
    return (0,size/* parseSize */.D)(v.replace(/\*$/, ''));
}
function readTotal(totals, key, value) {
    const k = TOTAL_KEYS[key];
    if (k === undefined)
        return false;
    totals[k] = du_size(value);
    return true;
}
function finish(records, totals, format) {
    const sum = (f) => records.filter(f).reduce((a, r) => a + r.size, 0);
    const result = {
        records,
        // The printed totals are what buildx computed; sums of rounded record sizes are the fallback.
        totalBytes: totals.total ?? sum(() => true),
        reclaimableBytes: totals.reclaimable ?? sum((r) => r.reclaimable),
        sharedBytes: totals.shared ?? sum((r) => r.shared),
        format,
    };
    if (totals.private !== undefined)
        result.privateBytes = totals.private;
    return result;
}
function parseVerbose(lines) {
    const records = [];
    const totals = {};
    let block = [];
    let lastKey = '';
    const flush = () => {
        if (block.length === 0)
            return;
        const id = block.find(([k]) => k === 'ID')?.[1];
        if (id === undefined) {
            for (const [k, v] of block)
                readTotal(totals, k, v);
        }
        else {
            records.push(record(id, block));
        }
        block = [];
    };
    for (const line of lines) {
        if (line.trim() === '') {
            flush();
            continue;
        }
        // buildx >= 0.20 lists parents under `Parents:` as ` - ID` lines.
        const item = /^\s+-\s+(\S+)/.exec(line);
        if (item?.[1] !== undefined && lastKey === 'Parents') {
            block.push(['Parents', item[1]]);
            continue;
        }
        const kv = KV.exec(line);
        if (kv?.[1] === undefined)
            continue;
        // A totals line right after the last record, with no blank line between, starts the totals.
        if (kv[1] === 'Total' || kv[1] === 'Private')
            flush();
        lastKey = kv[1];
        if (kv[2] !== '' || kv[1] !== 'Parents')
            block.push([kv[1], kv[2] ?? '']);
    }
    flush();
    if (records.length === 0 && totals.total === undefined) {
        throw new Error('buildx du --verbose: no ID: records and no Total: line');
    }
    return finish(records, totals, 'verbose');
}
function record(id, block) {
    const get = (k) => block.find(([key]) => key === k)?.[1];
    const parents = block
        .filter(([k]) => k === 'Parent' || k === 'Parents')
        .flatMap(([, v]) => v.split(','))
        .map((p) => p.trim())
        .filter((p) => p !== '');
    const reclaimable = get('Reclaimable') === 'true';
    const r = {
        id,
        parents,
        size: get('Size') !== undefined ? du_size(get('Size') ?? '0') : 0,
        reclaimable,
        shared: get('Shared') === 'true',
        inUse: !reclaimable,
    };
    const mutable = get('Mutable');
    if (mutable !== undefined)
        r.mutable = mutable === 'true';
    const createdAt = get('Created at');
    if (createdAt !== undefined)
        r.createdAt = createdAt;
    const lastUsed = get('Last used');
    if (lastUsed !== undefined)
        r.lastUsed = lastUsed;
    const usage = get('Usage count');
    if (usage !== undefined && /^\d+$/.test(usage))
        r.usageCount = Number(usage);
    const type = get('Type');
    if (type !== undefined)
        r.type = type;
    const description = get('Description');
    if (description !== undefined)
        r.description = description;
    return r;
}
/** The table: `ID[*]  RECLAIMABLE  SIZE[*]  LAST ACCESSED`, then the totals. */
function parseTable(lines) {
    const records = [];
    const totals = {};
    let header = false;
    for (const line of lines) {
        if (line.trim() === '')
            continue;
        if (/^ID\s+RECLAIMABLE\s+SIZE/.test(line)) {
            header = true;
            continue;
        }
        const kv = KV.exec(line);
        if (kv?.[1] !== undefined && readTotal(totals, kv[1], kv[2] ?? ''))
            continue;
        if (!header)
            continue;
        const [rawId, reclaimable, rawSize, ...rest] = line.trim().split(/\s+/);
        if (rawId === undefined || rawSize === undefined || (reclaimable !== 'true' && reclaimable !== 'false'))
            continue;
        const r = {
            id: rawId.replace(/\*$/, ''),
            parents: [],
            size: du_size(rawSize),
            reclaimable: reclaimable === 'true',
            shared: rawSize.endsWith('*'),
            inUse: reclaimable !== 'true',
            mutable: rawId.endsWith('*'),
        };
        if (rest.length > 0)
            r.lastUsed = rest.join(' ');
        records.push(r);
    }
    if (!header && totals.total === undefined) {
        throw new Error('buildx du: no ID/RECLAIMABLE/SIZE header and no Total: line');
    }
    return finish(records, totals, 'table');
}
/** Either layout of `buildx du`; sizes become bytes. Throws when the text is neither. */
function parseDu(stdout) {
    const lines = stdout.replace(/\r\n/g, '\n').split('\n');
    const verbose = lines.some((l) => /^ID:\s/.test(l));
    return verbose ? parseVerbose(lines) : parseTable(lines);
}

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
;// CONCATENATED MODULE: ./src/docker/parse/top.ts
/**
 * Parser for the processes of a container: `docker top NAME -o pid,args` (the CLI's table) or
 * `GET /containers/NAME/top?ps_args=-o pid,args` (the Engine API's `{Titles, Processes}`), and
 * what they say about a BuildKit container: only buildkitd (and an init) is an idle builder; any
 * other process is a build step (`buildkit-runc` and what it runs) or a connected client
 * (`buildctl dial-stdio`, which buildx execs into the container for every build).
 */

const COMMAND_TITLES = ['COMMAND', 'CMD', 'ARGS'];
function parseTop(stdout) {
    const text = stdout.trim();
    if (text === '')
        throw new Error('top: empty output');
    if (text.startsWith('{'))
        return parseApi(text);
    return top_parseTable(text);
}
function parseApi(text) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (e) {
        throw new Error(`top: not JSON: ${(0,errors/* errorMessage */.gJ)(e)}`, { cause: e });
    }
    const { Titles: titles, Processes: rows } = (doc ?? {});
    if (!Array.isArray(titles) || !(Array.isArray(rows) || rows === null))
        throw new Error('top: no Titles/Processes in the answer');
    const pidAt = titles.indexOf('PID');
    const cmdAt = titles.findIndex((t) => COMMAND_TITLES.includes(String(t)));
    if (pidAt < 0 || cmdAt < 0)
        throw new Error(`top: no PID and COMMAND columns in ${JSON.stringify(titles).slice(0, 120)}`);
    return (rows ?? []).map((row) => {
        if (!Array.isArray(row))
            throw new Error('top: a process row is not a list');
        return { pid: String(row[pidAt] ?? ''), args: String(row[cmdAt] ?? '') };
    });
}
/** The CLI pads columns with spaces: the command starts where its title starts in the header. */
function top_parseTable(text) {
    const [header = '', ...lines] = text.split('\n');
    const titles = header.trim().split(/\s+/);
    const pidAt = titles.indexOf('PID');
    const cmdTitle = titles.find((t) => COMMAND_TITLES.includes(t));
    if (pidAt < 0 || cmdTitle === undefined)
        throw new Error(`top: no PID and COMMAND columns in ${JSON.stringify(header.slice(0, 120))}`);
    const cmdCol = header.indexOf(cmdTitle);
    return lines
        .filter((l) => l.trim() !== '')
        .map((l) => {
        const fields = l.trim().split(/\s+/);
        return { pid: fields[pidAt] ?? '', args: l.length > cmdCol ? l.slice(cmdCol).trim() : '' };
    });
}
/** Processes that an idle BuildKit container runs: the daemon and what starts it. */
const IDLE = new Set(['buildkitd', 'docker-init', 'tini', 'dumb-init', 'rootlesskit']);
const SHELLS = new Set(['sh', 'ash', 'bash', 'dash']);
/**
 * The program of a command line: its first word's base name; for a shell the script it runs, and
 * for `/proc/self/exe` (a program that started itself again: rootlesskit's child) the next word.
 */
function programName(args) {
    const words = args.trim().split(/\s+/);
    const base = (w) => (w ?? '').replace(/^.*\//, '');
    const first = base(words[0]);
    const next = words[1];
    const wrapper = SHELLS.has(first) || words[0] === '/proc/self/exe';
    if (wrapper && next !== undefined && !next.startsWith('-'))
        return base(next);
    return first;
}
/** `idle` when only buildkitd (and its init) runs; `busy` when anything else does. */
function buildkitActivity(processes) {
    return processes.every((p) => IDLE.has(programName(p.args))) ? 'idle' : 'busy';
}

;// CONCATENATED MODULE: ./src/docker/parse/buildkitd-log.ts
/**
 * Why a buildkitd exited at start, from the tail of its container's log (`docker logs --tail N`).
 * buildkitd logs with logrus (`time="..." level=warning msg="..."`) while it starts; when it gives
 * up it prints the error and its wrapped causes, one per line, then a Go stack trace (function
 * names, and their `file:line` indented by a tab). The cause is the last run's error lines.
 */
/** A stack frame: a Go function name alone on its line (`main.main`, `github.com/x/y.(*T).Run`). */
const FRAME = /^[\w./-]+(\.\(\*?\w+\))?\.[\w.-]+$/;
/** Go's standard logger (`2026/11/26 20:41:57 ...`): what a library prints while buildkitd starts. */
const GOLOG = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} /;
const LOGRUS = /^time="[^"]*"\s+level=(\w+)\s+msg="((?:[^"\\]|\\.)*)"/;
/** At most this many error lines make the cause. */
const MAX_LINES = 3;
/** And at most this many characters. */
const MAX_CHARS = 400;
function buildkitdExitCause(log) {
    const lines = log.split(/\r?\n/);
    // From the end: the last start's error lines. A start still logging (its logrus lines last, no
    // error yet) is passed over, back to the error of the start before it.
    const out = [];
    for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i] ?? '';
        const t = line.trim();
        if (t === '' || /^\s/.test(line) || FRAME.test(t)) {
            if (out.length > 0 && t === '')
                break;
            continue;
        }
        const m = LOGRUS.exec(t);
        if (m || GOLOG.test(t)) {
            if (out.length > 0)
                break;
            // An error or fatal line is the cause itself; quieter lines are the start's progress.
            if (m && /^(error|fatal|panic)$/i.test(m[1] ?? '')) {
                out.push((m[2] ?? '').replace(/\\"/g, '"'));
                break;
            }
            continue;
        }
        out.unshift(t);
        if (out.length >= MAX_LINES)
            break;
    }
    if (out.length === 0)
        return undefined;
    const cause = out.join('; ');
    return cause.length > MAX_CHARS ? `${cause.slice(0, MAX_CHARS - 1)}\u2026` : cause;
}
/** The cause names BuildKit's own state (its databases under /var/lib/buildkit), not its configuration. */
function stateBroken(cause) {
    return /\/var\/lib\/buildkit\b|\bdatabase\b|\.db\b|bolt/i.test(cause);
}
/**
 * The cause names buildkitd's configuration: the buildkitd.toml it could not parse or use, or the
 * workers it turned off (`no worker found`). Only then can a loop be put on the builder's own
 * buildkitd.toml; a flag it rejects, a missing snapshotter or an unread log is another cause, which
 * re-creating the builder may cure.
 */
function configRejected(cause) {
    return /\bconfig\b|\btoml\b|no worker found/i.test(cause);
}

;// CONCATENATED MODULE: ./src/docker/parse/index.ts
/**
 * Parsers for docker and buildx output. Each is pure: (stdout, stderr?) => typed result.
 * They read every buildx version from 0.10 on and ignore what they do not know.
 * Implemented one format per file below.
 */











/***/ }),

/***/ 39409:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DZ: () => (/* binding */ readConfigJson),
/* harmony export */   G9: () => (/* binding */ lsDoubt),
/* harmony export */   GB: () => (/* binding */ pluginDirs),
/* harmony export */   IQ: () => (/* binding */ cliBinaryDoubt),
/* harmony export */   QN: () => (/* binding */ quickLookCalls),
/* harmony export */   VN: () => (/* binding */ SYSTEM_PLUGIN_DIRS),
/* harmony export */   ay: () => (/* binding */ metadataCall),
/* harmony export */   pb: () => (/* binding */ cliVersionDoubt),
/* harmony export */   qY: () => (/* binding */ buildxPick),
/* harmony export */   so: () => (/* binding */ metadataDoubt)
/* harmony export */ });
/* unused harmony exports REEXEC_ENV, pickPlugin, configDoubt, envDoubt */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(74296);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(87240);
/* harmony import */ var _env_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2215);






/**
 * How the docker CLI finds and starts a CLI plugin (docker/cli cli-plugins/manager, the same from
 * 20.10 to 29.x): `PluginRunCommand` walks `getPluginDirs` (config.json `cliPluginsExtraDirs`, then
 * `<config dir>/cli-plugins`, then the system directories), takes the first `docker-<name>` whose
 * `os.Stat` is not "does not exist", runs its `docker-cli-plugin-metadata` (valid: JSON,
 * `SchemaVersion` "0.1.0", a `Vendor`), then runs it with the CLI's own argv (`buildx ls ...`: no
 * global flags here) and environment plus `DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=<argv[0]>`.
 */
const SYSTEM_PLUGIN_DIRS = [
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins',
];
/** The environment variable by which a plugin knows the docker CLI started it (and how). */
const REEXEC_ENV = 'DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND';
/** The CLI's plugin directories, in its order of preference. */
function pluginDirs(userDir, configJson) {
    let extra = [];
    try {
        const c = JSON.parse(configJson ?? '{}');
        if (Array.isArray(c.cliPluginsExtraDirs))
            extra = c.cliPluginsExtraDirs.filter((d) => typeof d === 'string' && d !== '');
    }
    catch {
        /* the CLI reports an unreadable config.json itself */
    }
    return [...extra, userDir, ...SYSTEM_PLUGIN_DIRS];
}
/**
 * The CLI's pick among `dirs`: the first `docker-<name>` whose stat is not ENOENT. Anything the CLI
 * would treat differently from "a regular file, or nothing" (another stat error, a directory, a
 * name with entries the config lists that are not strings) is a doubt, never a guess.
 */
function pickPlugin(dirs, name) {
    for (const d of dirs) {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(d, `docker-${name}`);
        try {
            return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isFile() ? { path } : { doubt: `${path} is not a regular file` };
        }
        catch (e) {
            if (e.code !== 'ENOENT')
                return { doubt: `${path}: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e)}` };
        }
    }
    return { doubt: `no docker-${name} in ${dirs.join(', ')}` };
}
/** config.json as the CLI reads it: absent, or one JSON object whose plugin directories are all strings. */
function configDoubt(configJson) {
    if (configJson === undefined)
        return undefined;
    try {
        const c = JSON.parse(configJson);
        if (c === null || typeof c !== 'object' || Array.isArray(c))
            return 'config.json is not a JSON object';
        // Go matches JSON keys to fields case-insensitively: `CliPluginsExtraDirs` is read by the CLI.
        const odd = Object.keys(c).find((k) => k !== 'cliPluginsExtraDirs' && k.toLowerCase() === 'clipluginsextradirs');
        if (odd !== undefined)
            return `config.json names ${odd}, which the CLI reads as cliPluginsExtraDirs`;
        const extra = c.cliPluginsExtraDirs;
        if (extra !== undefined && extra !== null) {
            if (!Array.isArray(extra) || extra.some((d) => typeof d !== 'string' || d === ''))
                return 'config.json cliPluginsExtraDirs is not a list of paths';
        }
        return undefined;
    }
    catch (e) {
        return `config.json does not parse: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e)}`;
    }
}
/**
 * The environment the direct run cannot mirror for sure: directories newer CLIs may search, a
 * config directory the CLI would find with a user lookup (no HOME), a plugin socket of another CLI.
 */
function envDoubt(env) {
    if (env.DOCKER_CLI_PLUGIN_EXTRA_DIRS !== undefined)
        return 'DOCKER_CLI_PLUGIN_EXTRA_DIRS is set';
    if ((env.DOCKER_CONFIG ?? '') === '' && (env.HOME ?? '') === '')
        return 'neither DOCKER_CONFIG nor HOME is set';
    return undefined;
}
function readConfigJson(paths) {
    try {
        return { text: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(paths.configJson, 'utf8') };
    }
    catch (e) {
        return e.code === 'ENOENT' ? {} : { error: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e) };
    }
}
/**
 * The buildx plugin the docker CLI would run, picked as it picks it (config.json, read once by the
 * caller, taken as the CLI takes it), or why the quick look cannot run it directly (then it runs
 * `docker buildx ls`). `BKH_DIRECT_LS=0` always doubts.
 */
function buildxPick(env, paths, config) {
    if (env.BKH_DIRECT_LS === '0')
        return { doubt: 'BKH_DIRECT_LS=0' };
    const early = envDoubt(env) ?? (env.PATH === undefined ? 'PATH is not set' : undefined);
    if (early !== undefined)
        return { doubt: early };
    if (config.error !== undefined)
        return { doubt: `config.json: ${config.error}` };
    const bad = configDoubt(config.text);
    if (bad !== undefined)
        return { doubt: bad };
    return pickPlugin(pluginDirs(paths.cliPluginsDir, config.text), 'buildx');
}
/**
 * The quick look's three process calls, built in one place for Docker.quickLs and for the entries'
 * head start (src/docker/prestart.ts), so that both ask the very same question: the plugin's
 * `buildx ls --format json` with the CLI's argv and environment, its metadata check, and
 * `docker --version`.
 */
function quickLookCalls(bin, env, paths, plugin, probeMs) {
    const otel = [env.OTEL_RESOURCE_ATTRIBUTES?.trim(), 'docker.cli.cobra.command_path=docker%20buildx'];
    const lsEnv = {
        ...(0,_env_js__WEBPACK_IMPORTED_MODULE_5__/* .pickDockerEnv */ .p)(env),
        [REEXEC_ENV]: bin,
        OTEL_RESOURCE_ATTRIBUTES: otel.filter((a) => a !== undefined && a !== '').join(','),
        // The CLI makes a socket of its own for the plugin; never one a parent CLI made.
        DOCKER_CLI_PLUGIN_SOCKET: undefined,
    };
    return {
        ls: { file: plugin, args: ['buildx', 'ls', '--format', 'json'], opts: { timeoutMs: probeMs, env: lsEnv } },
        metadata: metadataCall(env, paths, plugin, probeMs),
        version: { file: bin, args: ['--version'], opts: { timeoutMs: probeMs, env: (0,_env_js__WEBPACK_IMPORTED_MODULE_5__/* .pickDockerEnv */ .p)(env) } },
    };
}
/** A CLI plugin's own `docker-cli-plugin-metadata`, run the way the docker CLI runs it. */
function metadataCall(env, paths, plugin, probeMs) {
    return {
        file: plugin,
        args: ['docker-cli-plugin-metadata'],
        opts: { timeoutMs: probeMs, env: { ...(0,_env_js__WEBPACK_IMPORTED_MODULE_5__/* .pickDockerEnv */ .p)(env), DOCKER_CONFIG: paths.configDir } },
    };
}
/** Docker CLI releases whose plugin discovery and start are the ones mirrored here. */
const CLI_MAJOR_MIN = 20;
const CLI_MAJOR_MAX = 29;
/** `docker --version` of a CLI whose plugin start is the one mirrored here, or why not. */
function cliVersionDoubt(r) {
    if (!(0,_runner_js__WEBPACK_IMPORTED_MODULE_4__/* .succeeded */ .gq)(r))
        return 'docker --version did not run';
    if (r.stderr.trim() !== '')
        return 'docker --version wrote to stderr';
    const m = /^Docker version (\d+)\.(\d+)\.\d+/.exec(r.stdout.trim());
    if (m === null)
        return 'docker --version is not a Docker CLI';
    const [major, minor] = [Number(m[1]), Number(m[2])];
    if (major < CLI_MAJOR_MIN || (major === CLI_MAJOR_MIN && minor < 10) || major > CLI_MAJOR_MAX)
        return `docker CLI ${major}.${minor}: plugin start not mirrored`;
    return undefined;
}
/** The CLI's own metadata check (`newPlugin`), stricter in one way: stderr must be empty too. */
function metadataDoubt(r) {
    if (!(0,_runner_js__WEBPACK_IMPORTED_MODULE_4__/* .succeeded */ .gq)(r))
        return 'docker-cli-plugin-metadata did not run';
    if (r.stderr.trim() !== '')
        return 'docker-cli-plugin-metadata wrote to stderr';
    try {
        const m = JSON.parse(r.stdout);
        if (m.SchemaVersion !== '0.1.0')
            return 'plugin SchemaVersion is not 0.1.0';
        if (typeof m.Vendor !== 'string' || m.Vendor === '')
            return 'plugin metadata has no Vendor';
        if (typeof m.Version !== 'string' || m.Version === '')
            return 'plugin metadata has no Version';
        return undefined;
    }
    catch (e) {
        return `plugin metadata does not parse: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e)}`;
    }
}
/** A `buildx ls --format json` that is plainly healthy: ran, quiet on stderr, every builder and node fine. */
function lsDoubt(r, parsed) {
    if (!(0,_runner_js__WEBPACK_IMPORTED_MODULE_4__/* .succeeded */ .gq)(r))
        return 'buildx ls did not succeed';
    if (r.stderr.trim() !== '')
        return 'buildx ls wrote to stderr';
    if (parsed === undefined || parsed.format !== 'json')
        return 'buildx ls did not print JSON';
    if (parsed.errors.length > 0)
        return 'buildx ls reported errors';
    const bad = parsed.builders.some((b) => b.status === 'error' ||
        b.error !== undefined ||
        b.nodes.some((n) => n.status === 'error' || n.error !== undefined));
    return bad ? 'a builder or node is in error' : undefined;
}
/**
 * The docker binary `bin` names, found on PATH the way a spawn finds it: it must be a native
 * program called `docker` (an ELF file). A wrapper script may add flags or change the environment,
 * and a `docker` that is really another program (snap, podman) may start plugins its own way.
 */
async function cliBinaryDoubt(bin, env) {
    const found = await whichFile(bin, env.PATH ?? '');
    if (found === undefined)
        return `${bin} not found on PATH`;
    if (found === RELATIVE)
        return 'PATH has a relative entry';
    try {
        const real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(found);
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(real) !== 'docker')
            return `${found} is ${real}, not a docker binary`;
        const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(real, 'r');
        try {
            const head = Buffer.alloc(4);
            await fh.read(head, 0, 4, 0);
            if (!head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])))
                return `${real} is not a native program`;
        }
        finally {
            await fh.close();
        }
        return undefined;
    }
    catch (e) {
        return `${found}: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e)}`;
    }
}
const RELATIVE = '';
/** The file a spawn of `bin` runs; RELATIVE where a relative PATH entry (or bin) makes that depend on the cwd. */
async function whichFile(bin, path) {
    if (bin.includes('/'))
        return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(bin) ? bin : RELATIVE;
    for (const d of path.split(node_path__WEBPACK_IMPORTED_MODULE_2__.delimiter)) {
        if (!(0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(d))
            return RELATIVE;
        const c = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(d, bin);
        try {
            const s = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(c);
            if (s.isFile() && (s.mode & 0o111) !== 0)
                return c;
        }
        catch {
            /* next */
        }
    }
    return undefined;
}


/***/ }),

/***/ 87240:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LZ: () => (/* binding */ DryRunRunner),
/* harmony export */   Si: () => (/* binding */ ProcessRunner),
/* harmony export */   X4: () => (/* binding */ DeadlineRunner),
/* harmony export */   ay: () => (/* binding */ commandLine),
/* harmony export */   gq: () => (/* binding */ succeeded)
/* harmony export */ });
/* unused harmony export hostRunner */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74296);
/* harmony import */ var _head_start_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(69849);



const DEFAULT_MAX_OUTPUT = 8 * 1024 * 1024;
/** After SIGTERM on timeout, how long before SIGKILL. */
const KILL_GRACE_MS = 2000;
/** A dropped head start's process: how long it may take to end by itself before its group is killed. */
const DROP_GRACE_MS = 1000;
class ProcessRunner {
    baseEnv;
    realProcesses = true;
    constructor(baseEnv = process.env) {
        this.baseEnv = baseEnv;
    }
    run(file, args, opts) {
        if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0) {
            throw new Error(`runner: a positive timeoutMs is required for ${file} ${args.join(' ')}`);
        }
        const env = mergeEnv(this.baseEnv, opts.env);
        // The same call an entry started ahead (src/docker/head-start.ts): its answer, asked once.
        const plain = opts.input === undefined && opts.cwd === undefined && opts.onOutput === undefined;
        const ahead = plain && opts.maxOutputBytes === undefined ? (0,_head_start_js__WEBPACK_IMPORTED_MODULE_2__/* .take */ .s)((0,_head_start_js__WEBPACK_IMPORTED_MODULE_2__/* .processKey */ .ZG)(file, args, env, opts.timeoutMs)) : undefined;
        return ahead ?? this.spawnRun(file, args, opts, env).result;
    }
    /**
     * Starts a call now and offers its answer to the quick look (the entries' head start): the key
     * is the one run() computes for the same call, so only that very call takes it.
     */
    startAhead(file, args, opts) {
        const env = mergeEnv(this.baseEnv, opts.env);
        const r = this.spawnRun(file, args, opts, env);
        (0,_head_start_js__WEBPACK_IMPORTED_MODULE_2__/* .offer */ .x)((0,_head_start_js__WEBPACK_IMPORTED_MODULE_2__/* .processKey */ .ZG)(file, args, env, opts.timeoutMs), r.result, r.stop);
    }
    spawnRun(file, args, opts, env) {
        const started = Date.now();
        const argv = [file, ...args];
        const max = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
        let stop = async () => undefined;
        const result = new Promise((resolve) => {
            let child;
            try {
                child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, {
                    env,
                    cwd: opts.cwd,
                    stdio: ['pipe', 'pipe', 'pipe'],
                    // Own process group, so a timeout kills the plugin children too.
                    detached: process.platform !== 'win32',
                });
            }
            catch (e) {
                resolve(notStarted(argv, started, e));
                return;
            }
            const output = new Capture(max, opts.onOutput);
            output.listen(child);
            let timedOut = false;
            let spawnError;
            let settled = false;
            const timer = setTimeout(() => {
                timedOut = true;
                killGroup(child, 'SIGTERM');
                setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
            }, opts.timeoutMs);
            // A dropped head start: nobody reads the answer. It may finish within the grace (a buildx
            // killed while it rewrites a state file could leave a temporary one); then its group goes.
            // Nothing once it has ended: its pid may be another process's by then.
            stop = async () => {
                if (settled)
                    return;
                const grace = new Promise((res) => setTimeout(() => res('grace'), DROP_GRACE_MS).unref());
                if ((await Promise.race([result, grace])) !== 'grace' || settled)
                    return;
                clearTimeout(timer);
                killGroup(child, 'SIGKILL');
                await result;
            };
            child.on('error', (e) => {
                spawnError = e.message;
            });
            child.stdin.on('error', () => {
                /* the process may exit before reading its input */
            });
            if (opts.input !== undefined)
                child.stdin.end(opts.input);
            else
                child.stdin.end();
            child.on('close', (code, signal) => {
                if (settled)
                    return;
                settled = true;
                clearTimeout(timer);
                let stderr = output.stderr();
                if (timedOut)
                    stderr += `\n[buildkit-healer: timed out after ${opts.timeoutMs} ms and was killed]`;
                const result = {
                    argv,
                    exitCode: code,
                    signal,
                    stdout: output.stdout(),
                    stderr,
                    timedOut,
                    durationMs: Date.now() - started,
                };
                if (spawnError !== undefined)
                    result.spawnError = spawnError;
                resolve(result);
            });
        });
        return { result, stop: () => stop() };
    }
}
/** The runner's environment with a call's own on top; an undefined value removes the variable. */
function mergeEnv(base, extra) {
    const env = { ...base };
    for (const [k, v] of Object.entries(extra ?? {})) {
        if (v === undefined)
            delete env[k];
        else
            env[k] = v;
    }
    return env;
}
/** The result of a command that could not be started (spawn threw). */
function notStarted(argv, started, e) {
    return {
        argv,
        exitCode: null,
        signal: null,
        stdout: '',
        stderr: '',
        timedOut: false,
        durationMs: Date.now() - started,
        spawnError: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(e),
    };
}
/** Kills the child's whole process group (its plugin children too); a gone process is fine. */
function killGroup(child, sig) {
    try {
        if (child.pid !== undefined && process.platform !== 'win32')
            process.kill(-child.pid, sig);
        else
            child.kill(sig);
    }
    catch {
        /* already gone */
    }
}
/** A child's stdout and stderr, each kept up to `max` bytes (the rest dropped and noted), passed on as they come. */
class Capture {
    max;
    onOutput;
    out = [];
    err = [];
    outLen = 0;
    errLen = 0;
    truncated = false;
    constructor(max, onOutput) {
        this.max = max;
        this.onOutput = onOutput;
    }
    listen(child) {
        child.stdout.on('data', (b) => {
            this.onOutput?.('stdout', b.toString('utf8'));
            if (this.outLen < this.max) {
                this.out.push(b);
                this.outLen += b.length;
            }
            else
                this.truncated = true;
        });
        child.stderr.on('data', (b) => {
            this.onOutput?.('stderr', b.toString('utf8'));
            if (this.errLen < this.max) {
                this.err.push(b);
                this.errLen += b.length;
            }
            else
                this.truncated = true;
        });
    }
    stdout() {
        return Buffer.concat(this.out).toString('utf8');
    }
    /** stderr, with a note when either stream was cut. */
    stderr() {
        const text = Buffer.concat(this.err).toString('utf8');
        return this.truncated ? `${text}\n[buildkit-healer: output beyond ${this.max} bytes was dropped]` : text;
    }
}
/**
 * Runs read-only commands for real and records mutating ones: `--dry-run` prints exactly
 * what would have changed.
 */
class DryRunRunner {
    inner;
    recorded = [];
    dryRun = true;
    constructor(inner) {
        this.inner = inner;
    }
    recordChange(argv) {
        this.recorded.push(argv);
    }
    /** Read-only commands run for real: so may read-only Engine API requests. */
    get realProcesses() {
        return this.inner.realProcesses === true;
    }
    async run(file, args, opts) {
        if (opts.mutates) {
            this.recorded.push([file, ...args]);
            return {
                argv: [file, ...args],
                exitCode: 0,
                signal: null,
                stdout: '',
                stderr: '',
                timedOut: false,
                durationMs: 0,
                dryRun: true,
            };
        }
        return this.inner.run(file, args, opts);
    }
}
/**
 * Caps every call at the time left before the run's deadline. After the deadline a call is not
 * started at all: it returns at once as timed out (the door never throws on a command's outcome).
 */
class DeadlineRunner {
    inner;
    deadline;
    constructor(inner, deadline) {
        this.inner = inner;
        this.deadline = deadline;
    }
    get realProcesses() {
        return this.inner.realProcesses === true;
    }
    async run(file, args, opts) {
        const left = this.deadline.remaining();
        if (left <= 0) {
            return {
                argv: [file, ...args],
                exitCode: null,
                signal: null,
                stdout: '',
                timedOut: true,
                durationMs: 0,
                stderr: "not started: the run's deadline has passed",
            };
        }
        return this.inner.run(file, args, { ...opts, timeoutMs: Math.min(opts.timeoutMs, left) });
    }
}
/**
 * The hosts' runner chain: processes, capped by the run's deadline, then (dry run) recorded.
 * The DryRunRunner stays outermost: phases recognise it to record their file changes.
 */
function hostRunner(real, deadline, dryRun) {
    const capped = new DeadlineRunner(real, deadline);
    return dryRun ? new DryRunRunner(capped) : capped;
}
/** True when the command ran to completion with exit 0 (callers still judge from parsed output). */
function succeeded(r) {
    return r.exitCode === 0 && !r.timedOut && r.spawnError === undefined;
}
/** Shell-quoted command line, for evidence and dry-run output. */
function commandLine(argv) {
    return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}


/***/ }),

/***/ 66074:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bQ: () => (/* binding */ newReport),
/* harmony export */   lg: () => (/* binding */ fillDiagnosis),
/* harmony export */   s3: () => (/* binding */ versionsFrom)
/* harmony export */ });
/* unused harmony exports cacheFrom, clientFrom, runCheck */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83457);
/* harmony import */ var _core_report_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(30544);
/* harmony import */ var _phases_diagnose_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99662);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(74296);





/** An empty report for this run: the heal orchestrator fills in the same shape. */
function newReport(deps, options) {
    const now = deps.now().toISOString();
    return {
        schema: _core_report_js__WEBPACK_IMPORTED_MODULE_2__/* .REPORT_SCHEMA */ .DC,
        version: _core_report_js__WEBPACK_IMPORTED_MODULE_2__/* .REPORT_VERSION */ .Aj,
        tool: { name: 'buildkit-healer', version: deps.version },
        mode: options.mode,
        dryRun: options.dryRun,
        startedAt: now,
        finishedAt: now,
        host: {
            hostname: (0,node_os__WEBPACK_IMPORTED_MODULE_0__.hostname)(),
            dockerHost: deps.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock',
            platform: `${process.platform}/${process.arch}`,
        },
        status: 'healthy',
        healthy: true,
        failOn: options.failOn,
        versions: {},
        builders: [],
        findings: [],
        actions: [],
        phases: [],
        notes: [],
    };
}
/** Versions as facts tell them: the daemon's, the plugin's, and BuildKit's of the builder in use. */
function versionsFrom(facts, builders, current) {
    const v = {};
    const dv = facts.dockerVersion?.parsed;
    const docker = dv?.server?.version ?? dv?.client?.version ?? facts.info?.parsed?.serverVersion;
    if (docker !== undefined)
        v.docker = docker;
    const bx = facts.buildxVersion?.parsed;
    if (bx !== undefined)
        v.buildx = bx.semver ?? bx.raw;
    const inUse = builders.find((b) => b.name === current) ?? builders.find((b) => b.current);
    const bk = inUse?.nodes.find((n) => n.buildkitVersion !== undefined)?.buildkitVersion;
    if (bk !== undefined)
        v.buildkit = bk;
    return v;
}
/** Build cache usage from `buildx du`, when it was read. */
function cacheFrom(facts) {
    const du = facts.du?.parsed;
    return du === undefined ? undefined : { totalBytes: du.totalBytes, reclaimableBytes: du.reclaimableBytes };
}
/** The client layer as read: the context in use, from where, its endpoint, the variables set. */
function clientFrom(facts) {
    const c = facts.client;
    if (c === undefined)
        return undefined;
    const out = {
        context: c.inUse.name,
        source: c.inUse.source,
        configJson: c.configJson.path,
        env: Object.keys(c.env).sort(),
    };
    const endpoint = c.inUse.source === 'DOCKER_HOST' ? c.env.DOCKER_HOST : c.contexts.find((x) => x.name === c.inUse.name)?.endpoint;
    if (endpoint !== undefined)
        out.endpoint = endpoint;
    return out;
}
/** Copies one diagnosis into the report (check and heal alike). */
function fillDiagnosis(report, d, crashedNote) {
    report.builders = d.builders;
    report.findings = d.findings;
    if (d.currentBuilder !== undefined)
        report.currentBuilder = d.currentBuilder;
    if (d.baseline !== undefined)
        report.baseline = d.baseline;
    report.versions = versionsFrom(d.facts, d.builders, d.currentBuilder);
    const cache = cacheFrom(d.facts);
    if (cache !== undefined)
        report.cache = cache;
    const client = clientFrom(d.facts);
    if (client !== undefined)
        report.client = client;
    for (const id of d.crashed)
        report.notes.push(crashedNote(id));
}
/**
 * `check --platforms`: the test build's RUN step on every requested platform, on the builder in
 * use; a platform that cannot run code (no or a broken binfmt handler) is `platform.cannot-run`.
 */
async function checkPlatforms(deps, options, report, builder) {
    const { platformCheck } = await __webpack_require__.e(/* import() */ 244).then(__webpack_require__.bind(__webpack_require__, 5244));
    const r = await platformCheck(deps, options.validate, builder);
    if (r.ok) {
        report.notes.push(`platforms on ${builder}: ${r.message}`);
        return;
    }
    const f = {
        id: 'platform.cannot-run',
        severity: 'error',
        subject: builder,
        message: `the test build's RUN step did not run on every requested platform (${options.validate.platforms.join(', ')}): ${r.message}`,
        evidence: r.evidence.map((e) => ({ kind: 'command', ...e })),
        advice: 'Register the QEMU binfmt handlers for the missing platforms (binfmt-command, e.g. update-binfmts --enable qemu-aarch64, or docker run --privileged --rm tonistiigi/binfmt --install arm64), or check that base-image exists for every platform.',
    };
    report.findings.push(f);
}
/**
 * The weekly check's trend: this run's benchmark median is appended to the history in the local
 * store (backup-dir), and compared with the newest one from a week ago or more; slower than
 * `max-slowdown` is `benchmark.slower` (a warning: the builder works, the build got slower).
 */
async function benchmarkTrend(deps, options, report, baseline) {
    const spec = options.diagnose.benchmark;
    if (spec === undefined)
        return;
    const { appendHistory, benchmarkKey, readHistory, trendOf } = await __webpack_require__.e(/* import() */ 193).then(__webpack_require__.bind(__webpack_require__, 15193));
    const { readFile } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 51455, 23));
    const key = benchmarkKey(spec, await readFile(spec.dockerfile, 'utf8').catch(() => ''), baseline.builder);
    const dir = options.backup.dir;
    const now = deps.now();
    const history = await readHistory(dir, key);
    const trend = trendOf(history, now, baseline.durationMs);
    report.benchmark = {
        key,
        builder: baseline.builder,
        medianMs: baseline.durationMs,
        runsMs: baseline.runsMs ?? [],
        recent: trend.recent,
        ...(trend.lastWeek !== undefined ? { lastWeek: trend.lastWeek } : {}),
    };
    try {
        await appendHistory(dir, {
            at: now.toISOString(),
            key,
            builder: baseline.builder,
            medianMs: baseline.durationMs,
            runs: baseline.runsMs?.length ?? 0,
        });
    }
    catch (e) {
        report.notes.push(`the benchmark history in ${dir} could not be written: ${errorMessage(e)}`);
    }
    const lw = trend.lastWeek;
    if (lw !== undefined && lw.slowdownPercent > options.validate.maxSlowdownPercent)
        report.findings.push({
            id: 'benchmark.slower',
            severity: 'warning',
            subject: baseline.builder,
            message: `The benchmark build takes ${baseline.durationMs} ms (median of ${baseline.runsMs?.length ?? 0}) on ${baseline.builder}, ${lw.slowdownPercent}% slower than ${lw.medianMs} ms on ${lw.at.slice(0, 10)}: more than the allowed ${options.validate.maxSlowdownPercent}%.`,
            evidence: [
                {
                    kind: 'note',
                    text: `history ${dir}/benchmark-history.jsonl (key ${key}): ${trend.recent.map((r) => `${r.at.slice(0, 10)} ${r.medianMs} ms`).join(', ')}`,
                },
            ],
            advice: 'Compare with what changed since (base images, the Dockerfile, buildx or BuildKit versions, the cache, the runner disk); a heal in repair mode with validation proves whether the builder is the cause.',
        });
}
/**
 * Check mode: diagnose at the full level and report. Changes nothing. The status is decided by
 * `failOn` from the parsed findings, never from an exit code.
 */
async function runCheck(deps, options) {
    const report = newReport(deps, { ...options, mode: 'check' });
    const started = Date.now();
    let ok = true;
    let error;
    try {
        const d = await diagnose(deps, diagnoseOptionsOf(options), 'full');
        fillDiagnosis(report, d, (id) => `check ${id} crashed (see the check.crashed finding)`);
        const { readCacheUsage, policyReport } = await __webpack_require__.e(/* import() */ 343).then(__webpack_require__.bind(__webpack_require__, 36343));
        // The full diagnose read `buildx du` already: no second call when the Engine API cannot be asked.
        const usage = d.facts.du !== undefined
            ? await readCacheUsage(deps, options.cachePolicy, undefined, d.facts.du)
            : await readCacheUsage(deps, options.cachePolicy);
        if (usage !== undefined)
            report.cachePolicy = policyReport(usage, options.cachePolicy, Date.now());
        if (options.validate.platforms.length > 0)
            await checkPlatforms(deps, options, report, d.currentBuilder ?? 'default');
        if (options.diagnose.benchmark !== undefined && d.baseline?.kind === 'benchmark' && d.baseline.ok)
            await benchmarkTrend(deps, options, report, d.baseline);
    }
    catch (e) {
        // A bug in diagnose must not look like a healthy machine.
        ok = false;
        error = errorMessage(e);
        report.error = `diagnose crashed: ${error}`;
    }
    report.phases.push({
        phase: 'diagnose',
        durationMs: Date.now() - started,
        ok,
        ...(error !== undefined ? { error } : {}),
    });
    report.status = report.error !== undefined ? 'unhealthy' : statusFor(report.findings, options.failOn);
    report.healthy = report.status === 'healthy';
    report.finishedAt = deps.now().toISOString();
    return report;
}


/***/ }),

/***/ 99662:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  h: () => (/* binding */ diagnose)
});

// UNUSED EXPORTS: runChecks

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/checks/util.ts
var util = __webpack_require__(77145);
// EXTERNAL MODULE: ./src/docker/runner.ts
var runner = __webpack_require__(87240);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/checks/state.ts
/** `state.invalid-instance`, `state.invalid-current`, `state.current-missing`: buildx's files on disk. */


const removeFile = (path, why) => ({
    action: 'state.remove-file',
    description: `Remove ${path} (${why})`,
    target: path,
    automatic: true,
});
/** The builder name a `current` file points at; '' for the context's own builder; undefined if unreadable. */
function currentName(content) {
    if (content === undefined)
        return undefined;
    try {
        const v = JSON.parse(content);
        return typeof v?.Name === 'string' ? v.Name : undefined;
    }
    catch {
        return undefined;
    }
}
/** Names buildx can resolve: listed builders, instance files, docker contexts and `default`. */
function knownBuilderNames(facts) {
    const s = new Set(['default']);
    for (const b of facts.builders)
        s.add(b.name.toLowerCase());
    for (const f of facts.instanceFiles)
        s.add((0,external_node_path_.basename)(f.path).toLowerCase());
    for (const c of facts.contexts ?? [])
        s.add(c.toLowerCase());
    return s;
}
const stateCheck = {
    id: 'state',
    title: 'buildx state files are valid',
    run({ facts }) {
        const out = [];
        const lsEv = facts.ls ? [(0,util/* cmd */.HW)(facts.ls.result)] : [];
        for (const f of facts.instanceFiles) {
            const err = f.parseError ?? f.readError;
            if (err === undefined)
                continue;
            out.push((0,util/* finding */.gk)('state.invalid-instance', 'error', f.path, `Instance file ${f.path} is not valid JSON (${err}): every \`docker buildx ls\` fails on it.`, [(0,util/* file */.NJ)(f), ...lsEv], {
                repair: removeFile(f.path, 'corrupted builder definition'),
            }));
        }
        const cur = facts.currentFile;
        if (cur && (cur.parseError ?? cur.readError) !== undefined) {
            out.push((0,util/* finding */.gk)('state.invalid-current', 'error', cur.path, `The current-builder file ${cur.path} cannot be read (${cur.parseError ?? cur.readError ?? ''}).`, [(0,util/* file */.NJ)(cur), ...lsEv], {
                repair: removeFile(cur.path, 'corrupted current-builder pointer; buildx falls back to the default builder'),
            }));
        }
        else if (cur?.content !== undefined) {
            const name = currentName(cur.content);
            if (name !== undefined && name !== '' && !knownBuilderNames(facts).has(name.toLowerCase())) {
                // buildx falls back to the context's builder silently: builds work, on another builder than meant.
                out.push((0,util/* finding */.gk)('state.current-missing', 'warning', cur.path, `The current-builder file names ${name}, which does not exist; buildx silently uses the context's builder instead.`, [(0,util/* file */.NJ)(cur), ...lsEv], {
                    repair: removeFile(cur.path, `names the missing builder ${name}`),
                }));
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/checks/client.ts
/**
 * The Docker client layer: `client.config-invalid`, `client.context-missing`, `client.context-dead`,
 * `client.context-invalid`, `client.env-invalid`, `client.permission-denied`, and
 * `builder.unknown-driver`. Pure rules over `facts.client` (src/tasks/client.ts) and the probes.
 * A variable that points at something missing or dead is named as the cause, with advice to change
 * it: the healer never changes the process environment, and never advises recreating a builder
 * for it.
 */




/** Go's strconv.ParseBool, which the docker CLI applies to DOCKER_BUILDKIT (untrimmed). */
const GO_BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);
const UNKNOWN_DRIVER = /failed to find driver "([^"]*)"/;
function probeEvidence(facts) {
    return [facts.ls?.result, facts.dockerVersion?.result, facts.info?.result].filter((r) => r !== undefined).map(util/* cmd */.HW);
}
function contextNamed(c, name) {
    return c.contexts.find((x) => x.name === name);
}
/** How the docker CLI failed to reach the endpoint of the context in use, when it did. */
function deadReason(facts) {
    const r = (0,util/* unreachableReason */.eq)(facts);
    if (r !== undefined)
        return r;
    const text = [facts.ls?.result.stderr, facts.dockerVersion?.result.stderr, facts.info?.result.stderr].join('\n');
    return text
        .split('\n')
        .map((l) => l.trim())
        .find((l) => /Cannot connect to the Docker daemon|connection refused|dial unix .*: connect:/i.test(l));
}
/**
 * The client-layer cause that makes every docker command fail, when there is one (the context in
 * use is missing or dead): the daemon and baseline checks defer to it.
 */
function clientCause(facts) {
    const c = facts.client;
    if (c === undefined)
        return undefined;
    // The docker CLI refuses to run any command with a DOCKER_BUILDKIT it cannot parse.
    if (c.env.DOCKER_BUILDKIT !== undefined && !GO_BOOLS.has(c.env.DOCKER_BUILDKIT))
        return { id: 'client.env-invalid', subject: 'DOCKER_BUILDKIT' };
    if (c.inUse.name === 'default')
        return undefined;
    const id = c.inUse.source === 'DOCKER_CONTEXT' ? 'client.env-invalid' : undefined;
    const meta = contextNamed(c, c.inUse.name);
    if (meta === undefined)
        return { id: id ?? 'client.context-missing', subject: id !== undefined ? 'DOCKER_CONTEXT' : c.inUse.name };
    if (deadReason(facts) !== undefined)
        return { id: id ?? 'client.context-dead', subject: id !== undefined ? 'DOCKER_CONTEXT' : c.inUse.name };
    return undefined;
}
/** BUILDX_BUILDER naming a builder that does not exist: `buildx build` fails on the variable. */
function envBuilderCause(facts) {
    const v = facts.client?.env.BUILDX_BUILDER;
    if (v === undefined || facts.ls?.parsed === undefined || knownBuilderNames(facts).has(v.toLowerCase()))
        return undefined;
    return { id: 'client.env-invalid', subject: 'BUILDX_BUILDER' };
}
/** `sudo chown -R "$USER" DIR` for the smallest directory holding every file this user cannot change. */
function chownFix(dirs) {
    return `sudo chown -R "$USER" ${dirs.map((d) => (/^[\w./-]+$/.test(d) ? d : `'${d.replace(/'/g, `'\\''`)}'`)).join(' ')}`;
}
function configFindings(c) {
    const j = c.configJson;
    if (j.parseError === undefined && (j.readError === undefined || /EACCES|EPERM/.test(j.readError)))
        return [];
    const why = j.parseError ?? j.readError ?? '';
    return [
        (0,util/* finding */.gk)('client.config-invalid', 'warning', j.path, `${j.path} cannot be ${j.parseError !== undefined ? 'parsed' : 'read'} (${why}): docker warns and runs without it, so the current context, registry logins (\`auths\`, \`credsStore\`), proxies and plugin directories it holds are ignored; pushes and pulls that need a login fail.`, [(0,util/* note */.N4)(`${j.path}: ${why}${j.size !== undefined ? ` (${j.size} bytes)` : ''}`)], {
            ...(j.parseError !== undefined
                ? {
                    repair: {
                        action: 'client.config-aside',
                        target: j.path,
                        automatic: true,
                        notInAuto: true,
                        description: `Move ${j.path} aside to a dated name (never deleted; repair and reinstall, after the backup)`,
                    },
                }
                : {}),
            advice: `Fix ${j.path} (it must be one JSON object), or move it aside (\`mv ${j.path} ${j.path}.broken\`) and log in again; a heal in repair or reinstall mode moves it aside after the backup.`,
        }),
    ];
}
/** The default endpoint answered `docker --context default version` with a server version. */
function defaultAnswers(c) {
    const r = c.defaultEndpoint;
    return r !== undefined && (0,runner/* succeeded */.gq)(r) && r.stdout.trim() !== '';
}
function defaultNote(c) {
    if (c.defaultEndpoint === undefined)
        return '';
    return defaultAnswers(c)
        ? ` The default endpoint answers (server ${c.defaultEndpoint.stdout.trim()}).`
        : ' The default endpoint does not answer either.';
}
function defaultEv(c) {
    return c.defaultEndpoint !== undefined ? [(0,util/* cmd */.HW)(c.defaultEndpoint)] : [];
}
/** Switch to `default`: automatic (in auto too, after the backup) only when the default endpoint answers. */
function useDefault(c, name) {
    return {
        action: 'context.use-default',
        target: name,
        automatic: defaultAnswers(c),
        description: `\`docker context use default\` instead of context ${name} (the context itself is kept)`,
    };
}
function contextFindings(facts, c) {
    const out = [];
    const ev = probeEvidence(facts);
    const inUse = c.inUse;
    for (const m of c.contexts.filter((x) => x.error !== undefined)) {
        out.push((0,util/* finding */.gk)('client.context-invalid', 'warning', m.path, `Docker context metadata ${m.path} cannot be read (${m.error ?? ''}): that context cannot be used or listed.`, [(0,util/* note */.N4)(`${m.path}: ${m.error ?? ''}`)], {
            advice: `Fix or move aside ${(0,external_node_path_.dirname)(m.path)} (\`docker context ls\` shows which contexts still load).`,
        }));
    }
    if (inUse.name === 'default' || inUse.source !== 'config.json')
        return out;
    const where = `\`currentContext\` in ${c.configJson.path}`;
    const meta = contextNamed(c, inUse.name);
    if (meta === undefined) {
        out.push((0,util/* finding */.gk)('client.context-missing', 'error', inUse.name, `The docker context in use, ${inUse.name} (from ${where}), does not exist: every docker and buildx command fails.${defaultNote(c)}`, [...ev, ...defaultEv(c)], {
            repair: useDefault(c, inUse.name),
            advice: `\`docker context use default\` (or create context ${inUse.name} again, e.g. \`docker context create ${inUse.name} --docker host=unix:///var/run/docker.sock\`).`,
        }));
        return out;
    }
    const dead = deadReason(facts);
    if (dead !== undefined) {
        out.push((0,util/* finding */.gk)('client.context-dead', 'error', inUse.name, `The docker context in use, ${inUse.name} (from ${where}), points at ${meta.endpoint ?? 'an endpoint'} that does not answer: ${dead}.${defaultNote(c)}`, [...ev, ...defaultEv(c)], {
            repair: useDefault(c, inUse.name),
            advice: `Start what ${meta.endpoint ?? 'its endpoint'} belongs to (Docker Desktop, a remote daemon), or switch away from it: \`docker context use default\`.`,
        }));
    }
    return out;
}
function envFindings(facts, c) {
    const out = [];
    const ev = probeEvidence(facts);
    const env = c.env;
    const advice = (v, what) => `Change or unset ${v} where it is set (the runner's .env, the job's env:, the shell profile): ${what}. The healer does not change the environment it was started with.`;
    if (env.DOCKER_CONTEXT !== undefined && env.DOCKER_HOST === undefined && env.DOCKER_CONTEXT !== 'default') {
        const meta = contextNamed(c, env.DOCKER_CONTEXT);
        const dead = meta !== undefined ? deadReason(facts) : undefined;
        if (meta === undefined || dead !== undefined) {
            const what = meta === undefined
                ? 'a context that does not exist'
                : `a context whose endpoint ${meta.endpoint ?? ''} does not answer (${dead ?? ''})`;
            out.push((0,util/* finding */.gk)('client.env-invalid', 'error', 'DOCKER_CONTEXT', `DOCKER_CONTEXT=${env.DOCKER_CONTEXT} names ${what}: every docker and buildx command fails.`, ev, {
                advice: advice('DOCKER_CONTEXT', `name an existing context (\`docker context ls\`) or unset it`),
            }));
        }
    }
    if (env.BUILDX_BUILDER !== undefined && envBuilderCause(facts) !== undefined) {
        out.push((0,util/* finding */.gk)('client.env-invalid', 'error', 'BUILDX_BUILDER', `BUILDX_BUILDER=${env.BUILDX_BUILDER} names a builder that does not exist: every \`docker buildx build\` fails with \`no builder "${env.BUILDX_BUILDER}" found\`. The builders are fine; the variable is the cause.`, ev, {
            advice: advice('BUILDX_BUILDER', `name an existing builder (\`docker buildx ls\`) or unset it`),
        }));
    }
    if (env.DOCKER_BUILDKIT !== undefined && !GO_BOOLS.has(env.DOCKER_BUILDKIT)) {
        out.push((0,util/* finding */.gk)('client.env-invalid', 'error', 'DOCKER_BUILDKIT', `DOCKER_BUILDKIT=${JSON.stringify(env.DOCKER_BUILDKIT)} is not a boolean: \`docker build\` refuses to start.`, [
            (0,util/* note */.N4)(`DOCKER_BUILDKIT=${JSON.stringify(env.DOCKER_BUILDKIT)}; accepted: 1, 0, true, false, t, f (Go's strconv.ParseBool)`),
        ], {
            advice: advice('DOCKER_BUILDKIT', 'set it to 1 (or unset it: BuildKit is the default)'),
        }));
    }
    for (const v of ['DOCKER_CONFIG', 'BUILDX_CONFIG']) {
        const p = c.envDirs[v];
        if (p === undefined)
            continue;
        out.push((0,util/* finding */.gk)('client.env-invalid', 'error', v, `${v}=${p.path} cannot be used: ${p.problem}.`, [(0,util/* note */.N4)(`${v}=${p.path}: ${p.problem}`)], {
            advice: advice(v, 'point it at a directory this user owns'),
        }));
    }
    return out;
}
function permissionFindings(c, configDir) {
    if (c.unreadable.length === 0)
        return [];
    const list = c.unreadable.map((u) => `${u.path} (${u.directory ? 'directory' : 'file'}, owner uid ${u.uid}, mode ${u.mode.toString(8).padStart(4, '0')}${u.readable ? ', read-only for this user' : ', unreadable'})`);
    const dirs = [configDir];
    for (const u of c.unreadable)
        if (u.path !== configDir && !u.path.startsWith(`${configDir}/`) && !dirs.some((d) => u.path.startsWith(`${d}/`)))
            dirs.push((0,external_node_path_.dirname)(u.path));
    return [
        (0,util/* finding */.gk)('client.permission-denied', 'error', configDir, `${c.unreadable.length} file(s) under ${configDir} cannot be read or changed by this user (left by an earlier \`sudo docker ...\`): docker and buildx fail on them.`, [(0,util/* note */.N4)(list.join('\n'))], {
            advice: `\`${chownFix(dirs)}\` (then run the heal again).`,
        }),
    ];
}
function unknownDriverFindings(facts) {
    const out = [];
    for (const b of facts.builders) {
        const err = [b.error, ...b.nodes.map((n) => n.error)].find((e) => e !== undefined && UNKNOWN_DRIVER.test(e));
        if (err === undefined)
            continue;
        const driver = UNKNOWN_DRIVER.exec(err)?.[1] ?? b.driver;
        const inUse = facts.currentBuilder === b.name;
        out.push((0,util/* finding */.gk)('builder.unknown-driver', inUse ? 'error' : 'warning', b.name, `Builder ${b.name} uses the driver "${driver}", which the installed buildx does not know (${err})${inUse ? '; it is the builder in use, so every build fails' : ''}. \`docker buildx rm\` cannot remove it, and it cannot be re-created with that driver.`, facts.ls ? [(0,util/* cmd */.HW)(facts.ls.result)] : [], {
            repair: {
                action: 'builder.forget',
                target: b.name,
                automatic: true,
                description: `Remove builder ${b.name} (\`buildx rm\`, else its instance file moved aside); it is never re-created with the driver "${driver}"`,
            },
            advice: `\`docker buildx use default\`, then remove its instance file (\`rm ${facts.instanceFiles.find((f) => f.path.toLowerCase().endsWith(`/${b.name.toLowerCase()}`))?.path ?? `~/.docker/buildx/instances/${b.name}`}\`), or install the buildx that has the "${driver}" driver.`,
        }));
    }
    return out;
}
/** Builders whose error is an unknown driver: the builder check leaves them to this one. */
function unknownDriver(error) {
    return error !== undefined && UNKNOWN_DRIVER.test(error);
}
const clientCheck = {
    id: 'client',
    title: 'Docker client configuration, contexts and environment',
    run({ facts }) {
        const c = facts.client;
        const out = [];
        if (c !== undefined) {
            out.push(...permissionFindings(c, (0,external_node_path_.dirname)(c.configJson.path)));
            out.push(...configFindings(c));
            out.push(...contextFindings(facts, c));
            out.push(...envFindings(facts, c));
        }
        out.push(...unknownDriverFindings(facts));
        return out;
    },
};

;// CONCATENATED MODULE: ./src/checks/daemon.ts



const daemonCheck = {
    id: 'daemon',
    title: 'Docker daemon reachable and responsive',
    run({ facts }) {
        const out = [];
        const reason = (0,util/* unreachableReason */.eq)(facts);
        // The context in use is missing or dead, or a variable breaks the CLI: client.* names that cause.
        if (reason !== undefined && clientCause(facts) === undefined) {
            const ev = [facts.info?.result, facts.dockerVersion?.result].filter((r) => r !== undefined).map(util/* cmd */.HW);
            out.push((0,util/* finding */.gk)('daemon.unreachable', 'error', 'daemon', `The Docker daemon cannot be reached: ${reason}`, ev, {
                advice: `Start the Docker daemon or point DOCKER_HOST/the docker context at a running one${facts.dockerHost ? ` (DOCKER_HOST=${facts.dockerHost})` : ''}.`,
            }));
        }
        // A hung daemon is a finding, not a hung job: every probe ran with a timeout.
        for (const r of (0,util/* allResults */.oW)(facts).filter((x) => x.timedOut)) {
            out.push((0,util/* finding */.gk)('daemon.timeout', 'error', (0,runner/* commandLine */.ay)(r.argv), `\`${(0,runner/* commandLine */.ay)(r.argv)}\` did not answer within its timeout (${r.durationMs} ms): the daemon or a builder is hung.`, [(0,util/* cmd */.HW)(r)], {
                advice: 'Check the daemon (`systemctl status docker`, its log) and restart it if it is hung.',
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/checks/buildkit.ts

/** `features.buildkit` of a parsed daemon.json, when set to a boolean. */
function daemonBuildkitFeature(content) {
    if (content === undefined)
        return undefined;
    try {
        const v = JSON.parse(content);
        const b = v?.features?.buildkit;
        return typeof b === 'boolean' ? b : undefined;
    }
    catch {
        return undefined;
    }
}
function envOff(v) {
    return v !== undefined && /^(0|false|no|off)$/i.test(v.trim());
}
const buildkitCheck = {
    id: 'buildkit',
    title: 'BuildKit enabled',
    run({ facts }) {
        const out = [];
        const dj = facts.daemonJson;
        if (dj && dj.parseError === undefined && daemonBuildkitFeature(dj.content) === false) {
            out.push((0,util/* finding */.gk)('buildkit.disabled', 'error', dj.path, `BuildKit is turned off in ${dj.path} ("features": {"buildkit": false}).`, [(0,util/* file */.NJ)(dj)], {
                repair: {
                    action: 'daemon.enable-buildkit',
                    description: `Set features.buildkit to true in ${dj.path} and restart the daemon`,
                    target: dj.path,
                    automatic: true,
                },
            }));
        }
        if (envOff(facts.dockerBuildkitEnv)) {
            out.push((0,util/* finding */.gk)('buildkit.disabled', 'error', 'DOCKER_BUILDKIT', `DOCKER_BUILDKIT=${facts.dockerBuildkitEnv ?? ''} makes \`docker build\` use the legacy builder.`, [(0,util/* note */.N4)(`DOCKER_BUILDKIT=${facts.dockerBuildkitEnv ?? ''}`)], {
                advice: 'Remove DOCKER_BUILDKIT=0 from the job or runner environment (or set it to 1).',
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/checks/buildx.ts


const reinstall = (why) => ({
    action: 'buildx.reinstall',
    description: `Install the pinned buildx plugin (${why})`,
    target: 'docker-buildx',
    automatic: true,
});
const buildxCheck = {
    id: 'buildx',
    title: 'buildx plugin present, runnable and recent',
    run({ facts, options }) {
        const bv = facts.buildxVersion;
        if (bv === undefined || bv.result.timedOut)
            return []; // timeouts are daemon.timeout's
        // A client layer that makes every docker command fail is the cause, not the plugin.
        if (bv.parsed === undefined && clientCause(facts) !== undefined)
            return [];
        const plugin = facts.info?.parsed?.clientPlugins.find((p) => p.name === 'buildx');
        const ev = [(0,util/* cmd */.HW)(bv.result), ...(facts.info ? [(0,util/* cmd */.HW)(facts.info.result)] : [])];
        const ran = bv.parsed !== undefined;
        if (!ran) {
            const text = `${bv.result.stderr}\n${plugin?.err ?? ''}`;
            if (plugin?.err !== undefined ||
                /exec format error|fork\/exec|permission denied|failed to fetch metadata/i.test(text)) {
                return [
                    (0,util/* finding */.gk)('buildx.not-runnable', 'error', plugin?.path ?? 'docker-buildx', `The buildx plugin is installed but cannot run: ${plugin?.err ?? bv.result.stderr.trim()}`, ev, { repair: reinstall('the binary is broken or truncated') }),
                ];
            }
            return [
                (0,util/* finding */.gk)('buildx.missing', 'error', 'docker-buildx', `The buildx plugin is not installed: ${bv.result.stderr.trim().split('\n')[0] ?? 'docker buildx did not run'}`, ev, { repair: reinstall('it is missing') }),
            ];
        }
        const v = bv.parsed?.semver;
        if (v !== null && v !== undefined && (0,util/* compareVersions */.Zy)(v, options.minBuildxVersion) < 0) {
            return [
                (0,util/* finding */.gk)('buildx.too-old', 'error', 'docker-buildx', `buildx ${v} is older than the minimum ${options.minBuildxVersion}.`, [(0,util/* cmd */.HW)(bv.result), (0,util/* note */.N4)(`minBuildxVersion=${options.minBuildxVersion}`)], { repair: reinstall(`older than ${options.minBuildxVersion}`) }),
            ];
        }
        return [];
    },
};

// EXTERNAL MODULE: ./src/docker/parse/index.ts + 7 modules
var parse = __webpack_require__(55298);
;// CONCATENATED MODULE: ./src/checks/builder.ts
/**
 * `builder.error`, `builder.cannot-bootstrap`, `builder.restart-loop`, `builder.declared-missing`:
 * every builder loads, inactive ones can start, no BuildKit container restarts in a loop, and every
 * builder the `builders` input declares is there.
 */




/** Builders with an instance file under buildx/instances (created with `buildx create`). */
function hasInstanceFile(facts, name) {
    return facts.instanceFiles.some((f) => (0,external_node_path_.basename)(f.path) === name.toLowerCase());
}
function builderError(b) {
    if (b.error !== undefined)
        return b.error;
    const n = b.nodes.find((x) => x.error !== undefined || x.status === 'error');
    if (n)
        return n.error ?? `node ${n.name} is in error`;
    return b.status === 'error' ? 'status error' : undefined;
}
function errorFinding(facts, b, err) {
    const ev = [];
    if (facts.ls)
        ev.push((0,util/* cmd */.HW)(facts.ls.result));
    const ins = facts.inspects[b.name];
    if (ins)
        ev.push((0,util/* cmd */.HW)(ins.result));
    const msg = `Builder ${b.name} is in error: ${err}`;
    if (hasInstanceFile(facts, b.name)) {
        return (0,util/* finding */.gk)('builder.error', 'error', b.name, msg, ev, {
            repair: {
                action: 'builder.recreate',
                description: `Remove builder ${b.name} and create it again from its definition`,
                target: b.name,
                automatic: true,
            },
        });
    }
    // A context builder (docker driver on a docker context, e.g. Docker Desktop's desktop-linux):
    // its endpoint is the context's; the builder goes away with the context. In use, every build
    // fails (an error); not in use, no build goes there (a warning): the context is the user's, kept
    // by auto (the pre-build step) and removed by repair and reinstall.
    const inUse = facts.currentBuilder === b.name || b.name === 'default';
    return (0,util/* finding */.gk)('builder.error', inUse ? 'error' : 'warning', b.name, inUse ? msg : `${msg} (not in use: no build goes there)`, ev, {
        repair: {
            action: 'builder.remove',
            description: `Remove the docker context ${b.name} whose endpoint is dead (repair and reinstall; auto keeps it)`,
            target: b.name,
            automatic: !inUse,
            notInAuto: true,
        },
        advice: `Fix the endpoint of docker context ${b.name} or remove it (\`docker context rm ${b.name}\`, or \`heal --mode repair\`).`,
    });
}
/**
 * A bootstrap killed at its timeout (a pull from a registry that accepts and never answers, a
 * huge image on a slow link): say so, with the last progress step buildx printed (`pulling image X`).
 * Killed, buildx marks the step `2.7s done` and adds `#1 ERROR: ... got 1 SIGTERM/SIGINTs, forcing
 * shutdown`: that is our kill, not how the step it was stuck in ended.
 */
function timedOutWhy(r) {
    // Lines that only say how a step ended (`#1 CANCELED`, `#1 2.7s done`) name no step.
    const status = /^#\d+ (ERROR:|(\d+(\.\d+)?s\s+)?(done|DONE|CANCELED|CACHED)\s*$)/;
    const step = r.stderr
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^#\d+ /.test(l) && !status.test(l))
        .at(-1)
        ?.replace(/^#\d+ /, '')
        .replace(/\s+(\d+(\.\d+)?s\s+)?(done|CANCELED)$/, '');
    return `timed out after ${Math.round(r.durationMs / 1000)} s and was stopped${step !== undefined ? ` (last step: ${step})` : ''}`;
}
/**
 * A builder whose BuildKit container restarts in a loop: buildkitd exits at start (a configuration
 * it rejects, a state database it cannot open) and the restart policy buildx gives the container
 * starts it again. Not a build in progress: nothing runs there. The cause is the container's log.
 */
function restartLoopFinding(facts, name, loops) {
    const ev = [];
    if (facts.containers)
        ev.push((0,util/* cmd */.HW)(facts.containers));
    for (const l of loops)
        ev.push((0,util/* cmd */.HW)(l.logs));
    const containers = loops.map((l) => `${l.container}${l.status !== undefined ? ` (${l.status})` : ''}`).join(', ');
    const causes = [...new Set(loops.map((l) => l.cause).filter((c) => c !== undefined))];
    const why = causes.length > 0
        ? `its buildkitd exits at start: ${causes.join(' | ')}`
        : 'its buildkitd exits at start (its log says nothing the healer could read as a cause)';
    const msg = `Builder ${name} is broken: its BuildKit container ${containers} restarts in a loop; ${why}.`;
    const broken = loops.some((l) => l.stateBroken);
    const rejected = broken ? undefined : rejectedDefinition(facts, name, loops);
    if (rejected !== undefined) {
        // Its own definition is what BuildKit rejects: created again from it, it would loop again.
        ev.push({ kind: 'file', path: rejected.instance, content: rejected.config });
        const node = rejected.node !== `${name}0` ? ` --node ${rejected.node}` : '';
        return (0,util/* finding */.gk)('builder.restart-loop', 'error', name, `${msg} BuildKit rejects the buildkitd.toml builder ${name} was created with (buildx create --buildkitd-config, kept in its definition ${rejected.instance}): created again from that definition it would loop again, so the healer does not re-create it.`, ev, {
            advice: `Fix that buildkitd.toml (BuildKit says: ${causes.join(' | ') || 'see the container log'}) and create the builder again with the fixed file, keeping its build cache: \`docker buildx rm --keep-state ${name}\`, then \`docker buildx create --name ${name} --driver docker-container${node} --buildkitd-config <fixed buildkitd.toml>\` with the driver options and platforms it had.`,
        });
    }
    if (!hasInstanceFile(facts, name)) {
        return (0,util/* finding */.gk)('builder.restart-loop', 'error', name, msg, ev, {
            advice: `Fix what the log names, or remove the builder (\`docker buildx rm ${name}\`).`,
        });
    }
    return (0,util/* finding */.gk)('builder.restart-loop', 'error', name, msg, ev, {
        repair: broken
            ? {
                action: 'builder.recreate',
                description: `Remove builder ${name} with its state volume (BuildKit cannot open its state) and create it again from its definition`,
                target: name,
                automatic: true,
            }
            : {
                action: 'builder.recreate',
                description: `Remove builder ${name}, keeping its state volume (its build cache), and create it again from its definition`,
                target: name,
                automatic: true,
                keepState: true,
            },
        advice: broken
            ? undefined
            : `A builder created again from the same definition loops again when the definition is what buildkitd rejects: fix its buildkitd.toml or flags.`,
    });
}
/**
 * The loop's own config is the one the builder's definition carries (buildx writes the instance
 * file's buildkitd.toml into the container): the definition is what BuildKit rejects. Undefined
 * when it cannot be told (no config read, no definition, or they differ: a config written into
 * the container, which a re-created builder does not get).
 */
function rejectedDefinition(facts, name, loops) {
    const file = facts.instanceFiles.find((f) => (0,external_node_path_.basename)(f.path) === name.toLowerCase());
    if (file?.content === undefined)
        return undefined;
    let nodes;
    try {
        nodes = JSON.parse(file.content).Nodes ?? [];
    }
    catch {
        return undefined;
    }
    for (const l of loops) {
        // Its buildkitd says its configuration is what fails: else a config that merely equals the
        // definition's (a valid --buildkitd-config) is not the cause, and re-creating may cure it.
        if (l.config === undefined || l.cause === undefined || !(0,parse/* configRejected */.LV)(l.cause))
            continue;
        const node = nodes.find((n) => `buildx_buildkit_${String(n.Name)}` === l.container);
        const b64 = node?.Files?.['buildkitd.toml'];
        if (typeof b64 !== 'string')
            continue;
        const defined = Buffer.from(b64, 'base64').toString('utf8');
        if (defined.trim() === l.config.trim())
            return { instance: file.path, node: String(node?.Name), config: defined };
    }
    return undefined;
}
/**
 * A builder the `builders` input declares that `buildx ls` does not list (never created, removed,
 * or forgotten because its driver is unknown to this buildx): a build that names it fails. Its
 * repair creates it as declared, in auto too (the user asked for it).
 */
function declaredMissing(facts, declared) {
    const ls = facts.ls;
    if (ls?.parsed === undefined)
        return [];
    const have = new Set(facts.builders.map((b) => b.name.toLowerCase()));
    return declared
        .filter((n) => n !== 'default' && !have.has(n.toLowerCase()))
        .map((n) => (0,util/* finding */.gk)('builder.declared-missing', 'error', n, `Builder ${n} is declared in the builders input but does not exist: a build that names it fails.`, [(0,util/* cmd */.HW)(ls.result)], {
        repair: {
            action: 'builder.create',
            target: n,
            automatic: true,
            description: `Create builder ${n} as the builders input declares it`,
        },
        advice: `Create builder ${n} as declared (\`docker buildx create --name ${n} ...\` with its declared driver and options), or remove it from the builders input.`,
    }));
}
const builderCheck = {
    id: 'builder',
    title: 'Builders load and bootstrap',
    run({ facts, options }) {
        // With the daemon down every builder errors: daemon.unreachable says it once.
        if ((0,util/* daemonDown */.bv)(facts))
            return [];
        const out = [...declaredMissing(facts, options.declaredBuilders ?? [])];
        const loops = new Map();
        for (const l of Object.values(facts.restartLoops ?? {}))
            loops.set(l.builder, [...(loops.get(l.builder) ?? []), l]);
        for (const [name, ls] of loops)
            out.push(restartLoopFinding(facts, name, ls));
        for (const b of facts.builders) {
            // Its error is the loop's (`... is restarting, wait until the container is running`).
            if (loops.has(b.name))
                continue;
            const err = builderError(b);
            // An unknown driver is builder.unknown-driver's (it cannot be removed or re-created).
            if (err !== undefined && !unknownDriver(err))
                out.push(errorFinding(facts, b, err));
        }
        for (const [name, p] of Object.entries(facts.bootstraps ?? {})) {
            const nodes = p.parsed?.nodes ?? [];
            const running = nodes.length > 0 && nodes.every((n) => n.status === 'running');
            const exitOk = p.result.exitCode === 0 && !p.result.timedOut;
            if (exitOk && running && p.parsed?.error === undefined)
                continue;
            const why = p.result.timedOut
                ? timedOutWhy(p.result)
                : (p.parsed?.error ??
                    nodes.find((n) => n.error)?.error ??
                    p.result.stderr
                        .split('\n')
                        .reverse()
                        .find((l) => /^ERROR:/.test(l.trim()))
                        ?.trim() ??
                    p.result.spawnError ??
                    p.parseError ??
                    `exit ${String(p.result.exitCode)}`);
            out.push((0,util/* finding */.gk)('builder.cannot-bootstrap', 'error', name, `Builder ${name} cannot bootstrap: ${why}`, [(0,util/* cmd */.HW)(p.result)], {
                // Its state volume (the build cache) is kept: the cause is its image or its start,
                // and a state it cannot open shows as builder.restart-loop, which removes it.
                repair: {
                    action: 'builder.recreate',
                    description: `Remove builder ${name}, keeping its state volume (its build cache), and create it again (its image must be pullable or present)`,
                    target: name,
                    automatic: true,
                    keepState: true,
                },
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/checks/orphan.ts

/** `orphan-min-age` when none is given: a day. */
const DEFAULT_ORPHAN_MIN_AGE_MS = 24 * 3600 * 1000;
const orphanCheck = {
    id: 'orphan',
    title: 'No leftover builder containers or volumes',
    run({ facts, options }) {
        const out = [];
        for (const o of facts.orphans) {
            const isC = o.kind === 'container';
            const r = isC ? facts.containers : facts.volumes;
            if (o.inUse?.recent === true) {
                if (isC || !facts.orphans.some((c) => c.kind === 'container' && `${c.name}_state` === o.name))
                    out.push(recentLeftover(o, facts.orphans, options.orphanMinAgeMs, r));
                continue;
            }
            if (o.inUse !== undefined) {
                if (isC)
                    out.push(runningLeftover(o, facts.orphans, r !== undefined ? [(0,util/* cmd */.HW)(r)] : []));
                continue;
            }
            // A running one here is idle on a daemon this client has alone (shared-daemon false).
            const idle = isC && o.state === 'running' && facts.activity?.[o.name]?.state === 'idle'
                ? ', idle, and this daemon is not shared'
                : '';
            const age = o.since !== undefined
                ? ` It ${isC ? 'stopped' : 'was created'} at ${o.since}, longer than orphan-min-age ago.`
                : '';
            out.push((0,util/* finding */.gk)(isC ? 'orphan.container' : 'orphan.volume', 'warning', o.name, `${isC ? 'Container' : 'Volume'} ${o.name}${o.state ? ` (${o.state}${idle})` : ''} belongs to builder ${o.builder}, which no longer exists.${age}`, [...(r ? [(0,util/* cmd */.HW)(r)] : []), ...(o.sinceEvidence !== undefined ? [(0,util/* cmd */.HW)(o.sinceEvidence)] : [])], {
                repair: {
                    action: 'orphan.remove',
                    description: `Remove ${isC ? 'container' : 'volume'} ${o.name}`,
                    target: o.name,
                    automatic: true,
                },
            }));
        }
        return out;
    },
};
function runningLeftover(o, all, evidence) {
    const a = o.inUse?.activity;
    const volume = all.find((v) => v.kind === 'volume' && v.inUse?.by === o.name)?.name;
    const doing = a === undefined
        ? `${o.state ?? 'state unknown'}`
        : a.state === 'busy'
            ? `running, build in progress: ${a.processes.join('; ')}`
            : a.state === 'idle'
                ? `running, idle: ${a.processes.join('; ')}`
                : 'running, processes could not be read';
    if (a !== undefined)
        evidence.push((0,util/* cmd */.HW)(a.evidence));
    const rm = `docker rm -f ${o.name}${volume !== undefined ? ` && docker volume rm ${volume}` : ''}`;
    return (0,util/* finding */.gk)('orphan.running', 'info', o.name, `Container ${o.name} (${doing}) belongs to builder ${o.builder}, which this client does not know: most likely another client's builder on this daemon (another HOME or DOCKER_CONFIG). Left alone${volume !== undefined ? `, with its volume ${volume}` : ''}.`, evidence, { advice: `When no client on this daemon uses builder ${o.builder}, remove it by hand: \`${rm}\`.` });
}
function recentLeftover(o, all, minAgeMs, listing) {
    const isC = o.kind === 'container';
    const volume = isC
        ? all.find((v) => v.kind === 'volume' && v.inUse?.recent === true && v.name === `${o.name}_state`)?.name
        : undefined;
    const hours = Math.round(((minAgeMs ?? DEFAULT_ORPHAN_MIN_AGE_MS) / 3600_000) * 100) / 100;
    const when = o.since !== undefined
        ? `${isC ? 'stopped' : 'was created'} at ${o.since}, less than orphan-min-age (${hours}h) ago`
        : 'its age could not be read from the daemon';
    const evidence = [
        ...(listing !== undefined ? [(0,util/* cmd */.HW)(listing)] : []),
        ...(o.sinceEvidence !== undefined ? [(0,util/* cmd */.HW)(o.sinceEvidence)] : []),
    ];
    return (0,util/* finding */.gk)('orphan.recent', 'info', o.name, `${isC ? 'Container' : 'Volume'} ${o.name}${o.state ? ` (${o.state})` : ''} belongs to builder ${o.builder}, which this client does not know; it ${when}. It may be another client's builder on this daemon (stopped with docker buildx stop), so it is left alone${volume !== undefined ? `, with its volume ${volume}` : ''}.`, evidence, {
        advice: `It is removed as a leftover once it is older than orphan-min-age; when no client on this daemon uses builder ${o.builder}, remove it by hand: \`${isC ? `docker rm ${o.name}${volume !== undefined ? ` && docker volume rm ${volume}` : ''}` : `docker volume rm ${o.name}`}\`.`,
    });
}

// EXTERNAL MODULE: ./src/checks/busy.ts
var busy = __webpack_require__(63336);
;// CONCATENATED MODULE: ./src/checks/config.ts

const configCheck = {
    id: 'config',
    title: 'buildkitd.toml and daemon.json are valid',
    run({ facts }) {
        const out = [];
        for (const t of facts.buildkitdTomls) {
            const err = t.parseError ?? t.readError;
            if (err === undefined)
                continue;
            out.push((0,util/* finding */.gk)('config.invalid-buildkitd-toml', 'error', t.path, `${t.path} is not valid TOML: ${err}`, [(0,util/* file */.NJ)(t)], {
                advice: 'Fix the TOML syntax; a builder created with this file fails to start.',
            }));
        }
        const dj = facts.daemonJson;
        if (dj && dj.parseError !== undefined) {
            out.push((0,util/* finding */.gk)('config.invalid-daemon-json', 'error', dj.path, `${dj.path} is not valid JSON: ${dj.parseError}`, [(0,util/* file */.NJ)(dj)], {
                advice: 'Fix daemon.json; dockerd refuses to start with an invalid one.',
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/checks/disk.ts

function formatBytes(n) {
    const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
    let v = n;
    let i = 0;
    while (Math.abs(v) >= 1000 && i < units.length - 1) {
        v /= 1000;
        i++;
    }
    return `${i === 0 ? String(v) : v.toFixed(2)} ${units[i] ?? 'B'}`;
}
const diskCheck = {
    id: 'disk',
    title: 'Enough free disk for builds',
    run({ facts, options }) {
        const d = facts.disk;
        if (!d || d.freeBytes >= options.minFreeBytes)
            return [];
        const ev = typeof d.evidence === 'string' ? (0,util/* note */.N4)(d.evidence) : (0,util/* cmd */.HW)(d.evidence);
        return [
            (0,util/* finding */.gk)('disk.low', 'warning', d.path, `Only ${formatBytes(d.freeBytes)} free of ${formatBytes(d.totalBytes)} on ${d.path} (minimum ${formatBytes(options.minFreeBytes)}).`, [ev], {
                repair: {
                    action: 'cache.prune',
                    description: 'Prune the build cache to free space',
                    target: 'build-cache',
                    automatic: true,
                },
                advice: 'If pruning the build cache is not enough, remove unused images and volumes or grow the disk.',
            }),
        ];
    },
};

;// CONCATENATED MODULE: ./src/checks/cache.ts


const cacheCheck = {
    id: 'cache',
    title: 'Build cache within its limit',
    run({ facts, options }) {
        const du = facts.du?.parsed;
        if (!du || !facts.du)
            return [];
        if (du.totalBytes <= options.cacheLimitBytes)
            return [];
        return [
            (0,util/* finding */.gk)('cache.over-limit', 'warning', 'build-cache', `Build cache uses ${formatBytes(du.totalBytes)}, over the limit of ${formatBytes(options.cacheLimitBytes)} (${formatBytes(du.reclaimableBytes)} reclaimable).`, [(0,util/* cmd */.HW)(facts.du.result)], {
                repair: {
                    action: 'cache.prune',
                    description: 'Prune the build cache down to the limit',
                    target: 'build-cache',
                    automatic: true,
                },
            }),
        ];
    },
};

;// CONCATENATED MODULE: ./src/checks/baseline.ts


const baselineCheck = {
    id: 'baseline',
    title: 'A tiny real build works on the builder in use',
    run({ facts }) {
        const b = facts.baseline;
        if (!b || b.ok)
            return [];
        const ev = facts.baselineEvidence ? [(0,util/* cmd */.HW)(facts.baselineEvidence)] : [(0,util/* note */.N4)(b.error ?? 'no evidence')];
        // The client layer (a missing or dead context, a variable naming a missing builder) explains
        // the failure: the builder itself is not known to be broken, so no advice to recreate it.
        const cause = clientCause(facts) ?? envBuilderCause(facts);
        return [
            (0,util/* finding */.gk)('baseline.failed', 'error', b.builder, `The ${b.kind === 'benchmark' ? 'benchmark build (benchmark-context)' : 'baseline build'} on ${b.builder} failed: ${b.error ?? 'unknown error'}`, ev, {
                advice: cause !== undefined
                    ? `Fix ${cause.subject} first (finding ${cause.id}); the builder is not known to be broken.`
                    : b.kind === 'benchmark'
                        ? `Run the benchmark build by hand (the command is in the evidence): when it fails there too, the build itself (its Dockerfile, context or base images) is the cause, not builder ${b.builder}; a check without benchmark-context runs the tiny test build.`
                        : `Recreate or replace builder ${b.builder} (a heal in repair or reinstall mode does so).`,
            }),
        ];
    },
};

;// CONCATENATED MODULE: ./src/checks/index.ts












const CHECKS = [
    clientCheck,
    daemonCheck,
    buildkitCheck,
    buildxCheck,
    stateCheck,
    builderCheck,
    busy/* busyCheck */.I,
    orphanCheck,
    configCheck,
    cacheCheck,
    diskCheck,
    baselineCheck,
];
/** Every finding id the checks can raise (ids are forever; `check.crashed` comes from the runner). */
const FINDING_IDS = (/* unused pure expression or super */ null && ([
    'daemon.unreachable',
    'daemon.timeout',
    'buildkit.disabled',
    'buildx.missing',
    'buildx.not-runnable',
    'buildx.too-old',
    'builder.error',
    'builder.cannot-bootstrap',
    'builder.restart-loop',
    'state.invalid-instance',
    'state.invalid-current',
    'state.current-missing',
    'builder.busy',
    'orphan.container',
    'orphan.volume',
    'orphan.running',
    'orphan.recent',
    'config.invalid-buildkitd-toml',
    'config.invalid-daemon-json',
    'cache.over-limit',
    'disk.low',
    'baseline.failed',
    'docker.probe-failed',
    'platform.cannot-run',
    'benchmark.slower',
    'check.crashed',
    'client.config-invalid',
    'client.context-missing',
    'client.context-dead',
    'client.context-invalid',
    'client.env-invalid',
    'client.permission-denied',
    'builder.unknown-driver',
    'builder.declared-missing',
]));

// EXTERNAL MODULE: ./src/checks/probe.ts
var probe = __webpack_require__(56671);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/tasks/activity.ts
var tasks_activity = __webpack_require__(20225);
// EXTERNAL MODULE: ./src/tasks/client.ts
var tasks_client = __webpack_require__(77603);
// EXTERNAL MODULE: ./src/docker/engine.ts
var docker_engine = __webpack_require__(66556);
;// CONCATENATED MODULE: ./src/phases/diagnose/disk.ts
/** Free space of the daemon's data root. */

/** Free space of the data root, when the daemon is on this machine (a unix socket or the default). */
async function diskFree(rootDir, dockerHost) {
    if (rootDir === undefined || rootDir === '')
        return undefined;
    if (dockerHost !== undefined && !dockerHost.startsWith('unix://'))
        return undefined;
    try {
        const s = await (0,promises_.statfs)(rootDir);
        const freeBytes = s.bavail * s.bsize;
        const totalBytes = s.blocks * s.bsize;
        return {
            path: rootDir,
            freeBytes,
            totalBytes,
            evidence: `statfs(${rootDir}): bsize=${s.bsize} blocks=${s.blocks} bavail=${s.bavail}`,
        };
    }
    catch {
        // The daemon's root is not visible here (daemon in a VM or another namespace).
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/core/crypto.ts
var core_crypto = __webpack_require__(16082);
// EXTERNAL MODULE: ./src/tasks/testbuild.ts + 1 modules
var testbuild = __webpack_require__(83219);
;// CONCATENATED MODULE: ./src/phases/diagnose/full.ts
/** The full level's facts: every builder inspected, `du --verbose`, bootstraps, the timed baseline. */





/** Full level: inspect every builder, `du --verbose`, optional bootstrap, the timed baseline. */
async function gatherFull(deps, opts, facts) {
    const { docker } = deps;
    const names = facts.builders.map((b) => b.name);
    const [inspects, du] = await Promise.all([
        Promise.all(names.map(async (n) => [n, await docker.inspect(n)])),
        docker.du(),
    ]);
    for (const [n, p] of inspects) {
        facts.inspects[n] = p;
        mergeInspect(facts.builders, n, p);
    }
    facts.du = du;
    if (opts.bootstrap) {
        facts.bootstraps = {};
        // One at a time: a bootstrap may pull an image and start a container.
        for (const b of facts.builders.filter((x) => x.status === 'inactive')) {
            const p = await docker.inspect(b.name, true);
            // A dry-run runner only recorded it (it starts containers): nothing ran, nothing to judge.
            if (p.result.dryRun === true)
                continue;
            facts.bootstraps[b.name] = p;
        }
    }
    if (opts.baseline && facts.currentBuilder !== undefined) {
        const cur = facts.builders.find((b) => b.name === facts.currentBuilder);
        if (cur === undefined || cur.status !== 'error') {
            if (opts.benchmark !== undefined)
                await timeBenchmark(docker, facts, facts.currentBuilder, opts.benchmark);
            else
                await timeBaseline(docker, facts, facts.currentBuilder);
        }
    }
}
/** The team's own build as the baseline: the median of its runs (src/tasks/benchmark.ts). */
async function timeBenchmark(docker, facts, builder, spec) {
    const { runBenchmark } = await __webpack_require__.e(/* import() */ 193).then(__webpack_require__.bind(__webpack_require__, 15193));
    const r = await runBenchmark(docker, spec, builder, docker.timeouts.build);
    facts.baseline = {
        builder,
        durationMs: r.ok ? r.medianMs : 0,
        ok: r.ok,
        kind: 'benchmark',
        runsMs: r.runsMs,
        ...(r.warmupMs !== undefined ? { warmupMs: r.warmupMs } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
    };
    if (r.evidence !== undefined)
        facts.baselineEvidence = r.evidence;
}
async function timeBaseline(docker, facts, builder) {
    const token = `bkh-baseline-${(0,core_crypto/* randomBytes */.po)(8).toString('hex')}`;
    const spec = { ...(0,testbuild/* baselineSpec */.H1)(token), builder };
    let r;
    try {
        r = await (0,testbuild/* runTestBuild */._B)(docker, spec, docker.timeouts.build);
    }
    catch (e) {
        // A plugin too broken to print progress (truncated, wrong version) is a failed baseline,
        // found beside the buildx findings, never a crashed diagnose.
        facts.baseline = {
            builder,
            durationMs: 0,
            ok: false,
            error: `the test build could not be read: ${(0,errors/* errorMessage */.gJ)(e)}`,
        };
        return;
    }
    const baseline = { builder, durationMs: r.durationMs, ok: r.ok };
    if (r.ok) {
        // The output must hold the fresh token: a build that "succeeds" without it did not build.
        const got = await (0,promises_.readFile)((0,external_node_path_.join)(r.outputDir, 'token.txt'), 'utf8').catch(() => '');
        if (got.trim() !== token) {
            baseline.ok = false;
            baseline.error = `the build output does not hold the token written into the context (${r.outputDir}/token.txt)`;
        }
    }
    else if (r.error !== undefined)
        baseline.error = r.error;
    await (0,testbuild/* removeOutput */.kF)(spec, r);
    facts.baseline = baseline;
    facts.baselineEvidence = r.result;
}
/** Inspect knows more than ls (a builder-level `Error:` line, node errors): fold it in. */
function mergeInspect(builders, name, p) {
    const b = builders.find((x) => x.name === name);
    const ins = p.parsed;
    if (!b || !ins)
        return;
    if (ins.error !== undefined && b.error === undefined)
        b.error = ins.error;
    for (const n of ins.nodes) {
        const bn = b.nodes.find((x) => x.name === n.name);
        if (bn === undefined)
            continue;
        if (n.error !== undefined && bn.error === undefined)
            bn.error = n.error;
        if (n.status === 'error')
            bn.status = 'error';
        if (bn.buildkitVersion === undefined && n.buildkitVersion !== undefined)
            bn.buildkitVersion = n.buildkitVersion;
    }
    if (b.error !== undefined || b.nodes.some((n) => n.status === 'error' || n.error !== undefined))
        b.status = 'error';
}

;// CONCATENATED MODULE: ./src/phases/diagnose/leftovers.ts

/** A BuildKit node's container (`buildx_buildkit_<node>`) or its state volume (`..._state`). */
const ORPHAN = /^buildx_buildkit_(.+?)(_state)?$/;
const LEFTOVER_FILTER = 'name=buildx_buildkit_';
function cliLeftovers(docker) {
    const o = { timeoutMs: docker.timeouts.probe };
    return Promise.all([
        docker.run(['ps', '-a', '--filter', LEFTOVER_FILTER, '--format', '{{json .}}'], o),
        docker.run(['volume', 'ls', '--filter', LEFTOVER_FILTER, '--format', '{{json .}}'], o),
    ]);
}
/** The same two listings as `docker ps -a --filter` and `docker volume ls --filter`, from the API. */
function apiLeftovers(engine, timeoutMs) {
    return Promise.all([
        engine.get(docker_engine/* LEFTOVER_CONTAINERS_PATH */.xN, { timeoutMs }),
        engine.get(docker_engine/* LEFTOVER_VOLUMES_PATH */.SW, { timeoutMs }),
    ]);
}
/** The docker CLI's `--format '{{json .}}'`: one JSON object a line. */
function jsonLines(stdout) {
    const out = [];
    for (const line of stdout.split('\n')) {
        const t = line.trim();
        if (t === '')
            continue;
        try {
            const v = JSON.parse(t);
            if (typeof v === 'object' && v !== null)
                out.push(v);
        }
        catch {
            /* not a JSON line: ignore, the whole output stays as evidence */
        }
    }
    return out;
}
/**
 * Entries of a listing, from either door: the Engine API's one JSON document (`[...]` for
 * containers, `{"Volumes": [...]}` for volumes) or the CLI's JSON lines. Container names as the
 * CLI prints them (`a,b`); the API's `Names` carry a leading slash.
 */
function listingEntries(r) {
    if (r.exitCode !== 0 || r.timedOut)
        return [];
    let items;
    let doc;
    try {
        doc = JSON.parse(r.stdout);
    }
    catch {
        doc = undefined;
    }
    if (Array.isArray(doc))
        items = doc.filter((x) => typeof x === 'object' && x !== null);
    else if (typeof doc === 'object' && doc !== null && 'Volumes' in doc) {
        const v = doc.Volumes;
        items = Array.isArray(v) ? v.filter((x) => typeof x === 'object' && x !== null) : [];
    }
    else
        items = jsonLines(r.stdout);
    return items.map((c) => {
        const raw = Array.isArray(c.Names) ? c.Names.map(String) : String(c.Names ?? c.Name ?? '').split(',');
        const e = {
            names: raw.map((n) => n.trim().replace(/^\//, '')).filter((n) => n !== ''),
        };
        if (typeof c.Status === 'string' && c.Status !== '')
            e.status = c.Status;
        const state = typeof c.State === 'string' && c.State !== '' ? c.State : stateOfStatus(c.Status);
        if (state !== undefined)
            e.state = state;
        return e;
    });
}
/** Older CLIs print no `State`, only `Status` (`Up 2 hours (Paused)`, `Exited (0) 3 days ago`...). */
function stateOfStatus(status) {
    if (typeof status !== 'string')
        return undefined;
    if (/^Up\b.*\(Paused\)/i.test(status))
        return 'paused';
    if (/^Up\b/i.test(status))
        return 'running';
    const m = /^(Exited|Created|Dead|Restarting|Removal In Progress)\b/i.exec(status);
    if (m?.[1] === undefined)
        return undefined;
    return m[1].toLowerCase() === 'removal in progress' ? 'removing' : m[1].toLowerCase();
}
/** Names of the listed `buildx_buildkit_*` containers in a state (running by default). */
function runningContainers(containers, state = 'running') {
    const out = [];
    for (const c of listingEntries(containers)) {
        if (c.state !== state)
            continue;
        for (const n of c.names)
            if (ORPHAN.test(n))
                out.push(n);
    }
    return out;
}
function pausedContainers(containers) {
    return runningContainers(containers, 'paused');
}

// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var dist = __webpack_require__(3292);
;// CONCATENATED MODULE: ./src/phases/diagnose/state-files.ts
/** The state files read with fs: buildx instances, `current`, contexts, daemon.json, buildkitd.toml. */




async function readStateFile(path, json) {
    let content;
    try {
        content = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return undefined;
        return { path, readError: (0,errors/* errorMessage */.gJ)(e) };
    }
    const f = { path, content };
    if (json) {
        try {
            JSON.parse(content);
        }
        catch (e) {
            f.parseError = content.length === 0 ? 'empty file' : (0,errors/* errorMessage */.gJ)(e);
        }
    }
    return f;
}
async function readStateDir(dir) {
    let names;
    try {
        names = (await (0,promises_.readdir)(dir)).sort();
    }
    catch {
        return [];
    }
    const files = await Promise.all(names.map((n) => readStateFile((0,external_node_path_.join)(dir, n), true)));
    return files.filter((f) => f !== undefined);
}
async function readFirstDaemonJson(paths) {
    for (const p of paths) {
        const f = await readStateFile(p, true);
        if (f === undefined)
            continue;
        if (f.parseError === undefined && f.content !== undefined) {
            const v = JSON.parse(f.content);
            if (typeof v !== 'object' || v === null || Array.isArray(v))
                f.parseError = 'daemon.json must hold a JSON object';
        }
        return f;
    }
    return undefined;
}
async function readTomlFile(path) {
    const f = (await readStateFile(path, false)) ?? { path, readError: 'file not found' };
    if (f.content !== undefined)
        checkToml(f);
    return f;
}
function checkToml(f) {
    try {
        (0,dist/* parse */.qg)(f.content ?? '');
    }
    catch (e) {
        f.parseError = (0,errors/* errorMessage */.gJ)(e).split('\n')[0] ?? 'invalid TOML';
    }
}
/** An instance file already known to parse; anything but an object reads as empty. */
function instanceJson(content) {
    const v = JSON.parse(content);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
}
/** buildkitd.toml files builders carry: instance `Nodes[].Files` holds them base64-encoded. */
function instanceTomls(instances) {
    const out = [];
    for (const f of instances) {
        if (f.parseError !== undefined || f.content === undefined)
            continue;
        const ng = instanceJson(f.content);
        for (const n of Array.isArray(ng.Nodes) ? ng.Nodes : []) {
            for (const [name, b64] of Object.entries(n.Files ?? {})) {
                if (!name.endsWith('.toml') || typeof b64 !== 'string')
                    continue;
                const t = {
                    path: `${f.path}#${n.Name ?? ''}/${name}`,
                    content: Buffer.from(b64, 'base64').toString('utf8'),
                };
                checkToml(t);
                out.push(t);
            }
        }
    }
    return out;
}
async function readContextNames(metaDir) {
    let dirs;
    try {
        dirs = await (0,promises_.readdir)(metaDir);
    }
    catch {
        return [];
    }
    const names = await Promise.all(dirs.map(async (d) => {
        try {
            const m = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(metaDir, d, 'meta.json'), 'utf8'));
            return typeof m.Name === 'string' ? m.Name : undefined;
        }
        catch {
            return undefined;
        }
    }));
    return names.filter((n) => n !== undefined).sort();
}

;// CONCATENATED MODULE: ./src/phases/diagnose/orphans.ts



/** Node names that own containers: from instance files and from `ls`. */
function knownNodeNames(facts) {
    const s = new Set();
    for (const f of facts.instanceFiles) {
        if (f.parseError !== undefined || f.content === undefined)
            continue;
        const ng = instanceJson(f.content);
        for (const n of Array.isArray(ng.Nodes) ? ng.Nodes : [])
            if (typeof n?.Name === 'string')
                s.add(n.Name);
    }
    for (const b of facts.builders)
        for (const n of b.nodes)
            if (n.name !== '')
                s.add(n.name);
    return s;
}
/** Builder names whose instance file is unreadable: their containers are not orphans, just unknown. */
function unreadableInstanceNames(files) {
    return files.filter((f) => f.parseError !== undefined || f.readError !== undefined).map((f) => (0,external_node_path_.basename)(f.path));
}
/** States of a leftover container that no build can be using: only these are ever removed. */
const STOPPED_STATES = new Set(['exited', 'created', 'dead', 'restarting']);
/**
 * Leftovers that must stay: a container that is not stopped (it runs a builder, most likely
 * another client's on this daemon, or is paused), and the state volume of such a container. On a
 * daemon that is not shared (`sharedDaemon` false) an idle running one is a leftover like a stopped
 * one; a busy one (a build in progress) always stays.
 */
function markInUse(orphans, activity, sharedDaemon = true, containersListed = true) {
    // Without the container listing no volume can be told free of a running container: all stay.
    if (!containersListed) {
        for (const o of orphans)
            if (o.kind === 'volume')
                o.inUse = {};
        return;
    }
    const held = new Map();
    for (const o of orphans) {
        if (o.kind !== 'container' || (o.state !== undefined && STOPPED_STATES.has(o.state)))
            continue;
        const a = activity[o.name];
        if (!sharedDaemon && o.state === 'running' && a?.state === 'idle')
            continue;
        o.inUse = a !== undefined ? { activity: a } : {};
        held.set(`${o.name}_state`, o.name);
    }
    for (const o of orphans) {
        const by = o.kind === 'volume' ? held.get(o.name) : undefined;
        if (by !== undefined)
            o.inUse = { by };
    }
}
const NEVER = /^0001-01-01/;
/**
 * Reads when each removable leftover stopped (containers: State.FinishedAt, or Created for one that
 * never ran or restarts in a loop) or was made (a volume with no container: CreatedAt), with one
 * `docker inspect` per kind. What cannot be read stays without `since`: too young to remove.
 */
async function leftoverAges(docker, orphans) {
    const free = orphans.filter((o) => o.inUse === undefined && !(o.kind === 'container' && o.state === 'running'));
    const containers = free.filter((o) => o.kind === 'container');
    const volumes = free.filter((o) => o.kind === 'volume' && !orphans.some((c) => c.kind === 'container' && `${c.name}_state` === o.name));
    const o = { timeoutMs: docker.timeouts.probe };
    const read = async (list, args) => {
        if (list.length === 0)
            return;
        const r = await docker.run([...args, ...list.map((x) => x.name)], o);
        const seen = new Map();
        for (const line of r.stdout.split('\n')) {
            const [name, finished, created, status] = line.trim().replace(/^\//, '').split('|');
            if (name === undefined || name === '')
                continue;
            const at = finished !== undefined && finished !== '' && !NEVER.test(finished) && status !== 'restarting'
                ? finished
                : created;
            if (at !== undefined && at !== '' && !NEVER.test(at))
                seen.set(name, at);
        }
        for (const x of list) {
            x.sinceEvidence = r;
            const at = seen.get(x.name);
            if (at !== undefined)
                x.since = at;
        }
    };
    await Promise.all([
        read(containers, [
            'container',
            'inspect',
            '--format',
            '{{.Name}}|{{.State.FinishedAt}}|{{.Created}}|{{.State.Status}}',
        ]),
        read(volumes, ['volume', 'inspect', '--format', '{{.Name}}||{{.CreatedAt}}|']),
    ]);
    // A container's state volume is as old as the container.
    for (const v of orphans) {
        if (v.kind !== 'volume' || v.inUse !== undefined)
            continue;
        const c = orphans.find((x) => x.kind === 'container' && `${x.name}_state` === v.name);
        if (c === undefined)
            continue;
        if (c.since !== undefined)
            v.since = c.since;
        if (c.sinceEvidence !== undefined)
            v.sinceEvidence = c.sinceEvidence;
    }
}
/**
 * Stopped leftovers that stopped less than `minAgeMs` ago (or whose age could not be read) stay:
 * on a shared daemon that is most often another client's builder, stopped with `buildx stop`.
 * A container's volume stays with it.
 */
function markRecent(orphans, minAgeMs, now) {
    // A running one still free here is idle on a daemon this client has alone (shared-daemon false):
    // the age is about stopped builders, so it and its volume stay removable.
    const running = (o) => o.kind === 'container' && o.state === 'running';
    for (const o of orphans) {
        if (o.inUse !== undefined || running(o))
            continue;
        if (o.kind === 'volume' && orphans.some((c) => running(c) && c.inUse === undefined && `${c.name}_state` === o.name))
            continue;
        const t = o.since !== undefined ? Date.parse(o.since) : NaN;
        if (Number.isFinite(t) && now - t >= minAgeMs)
            continue;
        o.inUse = { recent: true };
    }
}
/**
 * `buildx_buildkit_<node>` containers and `buildx_buildkit_<node>_state` volumes whose node no
 * builder has. The node of builder B is `B0`, `B1`...; the builder name is the node minus its index.
 */
function findOrphans(containers, volumes, nodes, unreadable) {
    const out = [];
    const consider = (kind, name, state) => {
        const m = ORPHAN.exec(name);
        if (!m?.[1])
            return;
        if (kind === 'container' && m[2] !== undefined)
            return;
        const node = m[1];
        if (nodes.has(node))
            return;
        const builder = node.replace(/\d+$/, '');
        if (unreadable.some((u) => builder.toLowerCase() === u.toLowerCase()))
            return;
        const o = { kind, name, builder };
        if (state !== undefined)
            o.state = state;
        out.push(o);
    };
    for (const c of listingEntries(containers))
        for (const n of c.names)
            consider('container', n, c.state);
    for (const v of listingEntries(volumes))
        for (const n of v.names)
            consider('volume', n);
    return out;
}

// EXTERNAL MODULE: ./src/docker/plugin.ts
var docker_plugin = __webpack_require__(39409);
;// CONCATENATED MODULE: ./src/phases/diagnose/plugin.ts
/** The buildx plugin the CLI would run, and its version from the binary itself. */






/**
 * The version of the plugin the CLI would run, from the plugin binary itself
 * (`docker-buildx docker-cli-plugin-metadata`: one small process where `docker buildx version`
 * starts two; the quick look's answer, which may be the one remembered for that very binary). Looked up in the CLI's own order: config.json `cliPluginsExtraDirs`, then
 * `<config dir>/cli-plugins`, then the system directories. Only for the report; the checks trust
 * it no further than `ls --format json` already proves.
 */
async function pluginMetadata(docker, configJson, quick) {
    if (docker.env.DOCKER_CLI_PLUGIN_EXTRA_DIRS !== undefined)
        return undefined; // newer CLIs search these too
    // The direct `ls` checked the metadata of the plugin the CLI picks already: the same answer.
    let result = (await quick).metadata;
    if (result === undefined) {
        const plugin = await firstPlugin((0,docker_plugin/* pluginDirs */.GB)(docker.paths.cliPluginsDir, configJson), 'docker-buildx');
        if (plugin === undefined)
            return undefined;
        result = await docker.pluginMetadata(plugin);
    }
    if (!(0,runner/* succeeded */.gq)(result))
        return { result, parseError: 'docker-cli-plugin-metadata did not run' };
    try {
        const m = JSON.parse(result.stdout);
        if (typeof m.Version !== 'string' || m.Version === '')
            throw new Error('no Version in the plugin metadata');
        return { result, parsed: (0,parse/* parseBuildxVersion */.Ou)(`docker-buildx ${m.Version}`) };
    }
    catch (e) {
        return { result, parseError: (0,errors/* errorMessage */.gJ)(e) };
    }
}
async function firstPlugin(dirs, name) {
    const found = await Promise.all(dirs.map(async (d) => {
        const p = (0,external_node_path_.join)(d, name);
        try {
            return (await (0,promises_.stat)(p)).isFile() ? p : undefined;
        }
        catch {
            return undefined;
        }
    }));
    return found.find((p) => p !== undefined);
}

;// CONCATENATED MODULE: ./src/tasks/container-file.ts

/** The first regular file of a tar stream (ustar header: size in octal at 124..136), or undefined. */
function firstTarFile(tar) {
    if (tar.length < 512)
        return undefined;
    const type = String.fromCharCode(tar[156] ?? 0);
    if (type !== '0' && type !== '\0')
        return undefined;
    const size = parseInt(tar.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim(), 8);
    if (!Number.isFinite(size) || size < 0 || 512 + size > tar.length)
        return undefined;
    return tar.subarray(512, 512 + size).toString('utf8');
}
/** The file's text, or undefined when it cannot be read (no such file, container gone, not a file). */
async function readContainerFile(docker, container, path) {
    const r = await docker.run(['cp', `${container}:${path}`, '-'], { timeoutMs: docker.timeouts.probe });
    if (!(0,runner/* succeeded */.gq)(r))
        return undefined;
    // The runner decodes stdout as UTF-8: encoded again, a text file and its ASCII header are the same bytes.
    return firstTarFile(Buffer.from(r.stdout, 'utf8'));
}

;// CONCATENATED MODULE: ./src/phases/diagnose/restart-loops.ts




/** The daemon's answer about a container between two starts (`Container ID is restarting, wait ...`). */
const RESTARTING = /\bis restarting\b/i;
/** Lines of a looping container's log read for the cause: its last start's error and stack fit. */
const LOOP_LOG_LINES = 60;
/** Where buildx puts a docker-container builder's buildkitd.toml. */
const BUILDKITD_TOML = '/etc/buildkit/buildkitd.toml';
/**
 * The BuildKit containers of this client's builders that restart in a loop (listed `restarting`,
 * or whose process list the daemon refused because it is restarting), each with the tail of its
 * own log, where buildkitd says why it exits.
 */
async function restartLoops(docker, builders, containers, activity) {
    const listed = new Map();
    for (const c of listingEntries(containers))
        for (const n of c.names)
            listed.set(n, c);
    const out = {};
    for (const b of builders) {
        for (const node of b.nodes) {
            const name = `buildx_buildkit_${node.name}`;
            const l = listed.get(name);
            // Listed or refused as restarting, or buildx itself was refused so (the listing may catch
            // the short run of one start).
            const said = [node.error, b.error].some((e) => e !== undefined && RESTARTING.test(e));
            if (l?.state !== 'restarting' && activity[name]?.state !== 'restarting' && !said)
                continue;
            const logs = await docker.logs(name, LOOP_LOG_LINES);
            const loop = { builder: b.name, container: name, stateBroken: false, logs };
            if (l?.status !== undefined)
                loop.status = l.status;
            const cause = (0,runner/* succeeded */.gq)(logs) ? (0,parse/* buildkitdExitCause */.qX)(`${logs.stdout}\n${logs.stderr}`) : undefined;
            if (cause !== undefined) {
                loop.cause = cause;
                loop.stateBroken = (0,parse/* stateBroken */.Vn)(cause);
            }
            // What it starts with, to tell a config written into the container from its definition's.
            const config = loop.stateBroken ? undefined : await readContainerFile(docker, name, BUILDKITD_TOML);
            if (config !== undefined)
                loop.config = config;
            out[name] = loop;
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/phases/diagnose/gather.ts
/**
 * Gathering the facts the checks read: the cheap first stage (`buildx ls`, the state files, the
 * leftovers' listings, the plugin's version, the client), the CLI probes when that first look is
 * not plainly healthy, then what follows from them (the builder in use, orphans, activity, restart
 * loops, the disk) and, at the full level, src/phases/diagnose/full.ts.
 */


















/** buildx gained `ls --format json` in 0.13. */
const LS_JSON_SINCE = '0.13.0';
/**
 * Facts for the checks. Quick level (the `auto` step before every build): one `buildx ls --format
 * json` (daemon reachable, plugin present and >= 0.13, every builder's status), the state files
 * read with fs, and the leftovers listed through the Engine API where the daemon's socket is local
 * (the CLI otherwise). The CLI probes (`docker version`, `docker info`, `buildx version`) run only
 * when that first look shows anything amiss, so every fault is still diagnosed from their output;
 * the full level always runs them.
 */
async function gatherFacts(deps, opts, level) {
    const { docker } = deps;
    // The full level needs the probes anyway: start them with the rest, not after it.
    const early = level === 'full' ? cliProbes(docker) : undefined;
    // Awaited below; if gathering the rest throws first, its failure must not go unhandled.
    early?.catch(() => undefined);
    const base = await gatherBase(docker, opts, level);
    let probes;
    if (early !== undefined)
        probes = await early;
    else if (needsProbes(base, opts))
        probes = await cliProbes(docker);
    // The Engine API could not be asked (or did not answer): the CLI's own listing, as evidence.
    const apiFailed = (r) => r.argv[0] === 'GET' && !(0,runner/* succeeded */.gq)(r) && !r.timedOut;
    if (apiFailed(base.containers) || apiFailed(base.volumes)) {
        [base.containers, base.volumes] = await cliLeftovers(docker);
    }
    let ls = base.ls;
    const bxv = probes?.buildxVersion.parsed?.semver;
    const oldBuildx = bxv !== null && bxv !== undefined && (0,util/* compareVersions */.Zy)(bxv, LS_JSON_SINCE) < 0;
    if (oldBuildx || /unknown flag: --format/.test(base.ls.result.stderr))
        ls = await docker.ls(false);
    const facts = {
        ls,
        inspects: {},
        builders: (ls.parsed?.builders ?? []).map((b) => ({ ...b, nodes: b.nodes.map((n) => ({ ...n })) })),
        instanceFiles: base.instanceFiles,
        currentFile: base.currentFile,
        buildkitdTomls: [...base.userTomls, ...instanceTomls(base.instanceFiles)],
        containers: base.containers,
        volumes: base.volumes,
        orphans: [],
        contexts: base.contexts,
        client: base.client,
    };
    if (probes !== undefined) {
        facts.dockerVersion = probes.dockerVersion;
        facts.info = probes.info;
        facts.buildxVersion = probes.buildxVersion;
    }
    else {
        if (base.apiInfo?.parsed !== undefined)
            facts.info = base.apiInfo;
        // Only a version that was read: an unread one would look like a missing plugin to the checks.
        if (base.pluginVersion?.parsed?.semver)
            facts.buildxVersion = base.pluginVersion;
    }
    if (base.daemonJson)
        facts.daemonJson = base.daemonJson;
    const env = docker.env;
    if (env.DOCKER_BUILDKIT !== undefined)
        facts.dockerBuildkitEnv = env.DOCKER_BUILDKIT;
    if (env.DOCKER_HOST !== undefined && env.DOCKER_HOST !== '')
        facts.dockerHost = env.DOCKER_HOST;
    facts.currentBuilder = resolveCurrent(facts, env);
    // buildx 0.13's `ls --format json` has no current marker: the resolved one is the truth.
    if (facts.currentBuilder !== undefined)
        for (const b of facts.builders)
            b.current = b.name === facts.currentBuilder;
    facts.orphans = findOrphans(base.containers, base.volumes, knownNodeNames(facts), unreadableInstanceNames(base.instanceFiles));
    // Process lists matter to a clean, which works from a full diagnose; the quick look needs them
    // only where idle leftovers are removable (a daemon this client has alone).
    const shared = opts.sharedDaemon !== false;
    const activity = level === 'full' || !shared
        ? await (0,tasks_activity/* containerActivity */.JI)(docker, base.engine, runningContainers(base.containers), level !== 'full')
        : {};
    for (const name of pausedContainers(base.containers))
        activity[name] = { state: 'unknown', processes: ['(paused)'], evidence: base.containers };
    if (Object.keys(activity).length > 0)
        facts.activity = activity;
    const loops = await restartLoops(docker, facts.builders, base.containers, activity);
    if (Object.keys(loops).length > 0)
        facts.restartLoops = loops;
    markInUse(facts.orphans, activity, shared, (0,runner/* succeeded */.gq)(base.containers));
    await leftoverAges(docker, facts.orphans);
    markRecent(facts.orphans, opts.orphanMinAgeMs ?? DEFAULT_ORPHAN_MIN_AGE_MS, Date.now());
    // The context in use is missing or dead: does the default endpoint a repair would switch to answer?
    const cause = clientCause(facts);
    if (facts.client !== undefined &&
        facts.client.inUse.source === 'config.json' &&
        cause !== undefined &&
        cause.id !== 'client.env-invalid') {
        facts.client.defaultEndpoint = await docker.run(['--context', 'default', 'version', '--format', '{{.Server.Version}}'], { timeoutMs: docker.timeouts.probe });
    }
    const disk = await diskFree(facts.info?.parsed?.dockerRootDir, facts.dockerHost);
    if (disk)
        facts.disk = disk;
    if (level === 'full' && !(0,util/* daemonDown */.bv)(facts))
        await gatherFull(deps, opts, facts);
    return facts;
}
/** The first stage, all at once: `buildx ls`, files, leftovers (Engine API or CLI), the plugin's version. */
async function gatherBase(docker, opts, level) {
    const paths = docker.paths;
    // The API socket and the plugin directories are this machine's: looked at only when the runner
    // runs this machine's processes too (a scripted runner's tests stay scripted).
    const real = (0,docker_engine/* runsRealProcesses */.I9)(docker.runner);
    // `buildx ls` is the longest probe: it starts first, and every other one runs while it does.
    const lsRun = level === 'quick' && real ? docker.quickLs() : docker.ls(true).then((ls) => ({ ls }));
    // Its failure is Promise.all's below, not an unhandled rejection while the config is read.
    lsRun.catch(() => undefined);
    const configJson = await (0,promises_.readFile)(paths.configJson, 'utf8').catch(() => undefined);
    const socket = real ? (0,docker_engine/* localEngineSocket */.Tc)(docker.env, configJson) : undefined;
    const engine = socket !== undefined ? new docker_engine/* EngineApi */.PB(socket) : undefined;
    const [ls, instanceFiles, currentFile, contexts, daemonJson, userTomls, leftovers, apiInfo, pluginVersion, client] = await Promise.all([
        lsRun.then((q) => q.ls),
        readStateDir(paths.instancesDir),
        readStateFile(paths.currentFile, true),
        readContextNames(paths.contextsMetaDir),
        readFirstDaemonJson(opts.daemonJsonPaths),
        Promise.all(opts.buildkitdTomlPaths.map((p) => readTomlFile(p))),
        engine !== undefined ? apiLeftovers(engine, docker.timeouts.probe) : cliLeftovers(docker),
        engine !== undefined ? apiInfoOf(engine, docker.timeouts.probe) : undefined,
        level === 'quick' && real ? pluginMetadata(docker, configJson, lsRun) : undefined,
        (0,tasks_client/* gatherClient */.h_)(paths, docker.env),
    ]);
    const base = {
        ls,
        instanceFiles,
        currentFile,
        contexts,
        daemonJson,
        userTomls,
        containers: leftovers[0],
        volumes: leftovers[1],
        client,
    };
    if (apiInfo !== undefined)
        base.apiInfo = apiInfo;
    if (pluginVersion !== undefined)
        base.pluginVersion = pluginVersion;
    if (engine !== undefined)
        base.engine = engine;
    return base;
}
function cliProbes(docker) {
    return Promise.all([docker.version(), docker.info(), docker.buildxVersion()]).then(([dockerVersion, info, buildxVersion]) => ({ dockerVersion, info, buildxVersion }));
}
/** `GET /info`: the data root (for the disk check) and the daemon's version, for a few ms. */
async function apiInfoOf(engine, timeoutMs) {
    const result = await engine.get(docker_engine/* INFO_PATH */.pW, { timeoutMs });
    if (!(0,runner/* succeeded */.gq)(result))
        return { result, parseError: 'GET /info did not answer' };
    try {
        return { result, parsed: (0,parse/* parseDockerInfo */.AB)(result.stdout) };
    }
    catch (e) {
        return { result, parseError: (0,errors/* errorMessage */.gJ)(e) };
    }
}
/**
 * True when the first look is not plainly healthy, so the CLI probes must tell what is wrong:
 * `ls` failed, timed out, printed to stderr or fell back to the table; a builder or node is in
 * error; the leftovers could not be listed; or the minimum buildx version is one a working
 * `ls --format json` (buildx >= 0.13) does not already prove.
 */
function needsProbes(base, opts) {
    const ls = base.ls;
    if (!(0,runner/* succeeded */.gq)(ls.result) || ls.parsed === undefined || ls.result.stderr.trim() !== '')
        return true;
    if (ls.parsed.format !== 'json')
        return true;
    if (ls.parsed.builders.some((b) => b.status === 'error' ||
        b.error !== undefined ||
        b.nodes.some((n) => n.status === 'error' || n.error !== undefined)))
        return true;
    if (!(0,runner/* succeeded */.gq)(base.containers) || !(0,runner/* succeeded */.gq)(base.volumes))
        return true;
    return (0,util/* compareVersions */.Zy)(opts.minBuildxVersion, LS_JSON_SINCE) > 0;
}
/** The builder in use: BUILDX_BUILDER, the `current` file, the ls marker, else the docker context's. */
function resolveCurrent(facts, env) {
    if (env.BUILDX_BUILDER)
        return env.BUILDX_BUILDER;
    const c = facts.currentFile;
    if (c?.content !== undefined && c.parseError === undefined) {
        try {
            const v = JSON.parse(c.content);
            // buildx quietly falls back to the context's builder when `current` names a missing one.
            if (typeof v.Name === 'string' && v.Name !== '' && knownBuilderNames(facts).has(v.Name.toLowerCase()))
                return v.Name;
        }
        catch {
            /* reported by state.invalid-current */
        }
    }
    const marked = facts.builders.find((b) => b.current);
    if (marked)
        return marked.name;
    return env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== '' ? env.DOCKER_CONTEXT : 'default';
}

;// CONCATENATED MODULE: ./src/phases/diagnose.ts




async function diagnose(deps, opts, level) {
    const started = Date.now();
    deps.log.phase?.('diagnose', `diagnose (${level})`);
    const facts = await gatherFacts(deps, opts, level);
    const { findings, crashed } = runChecks(CHECKS, facts, opts);
    // Probes that failed with no finding to explain them are a finding themselves: never a verdict
    // of healthy for want of evidence.
    findings.push(...(0,probe/* probeFindings */.VF)(facts, findings));
    for (const f of findings)
        deps.log.debug(`finding ${f.id} (${f.severity}) ${f.subject}: ${f.message}`);
    const out = { facts, findings, builders: facts.builders, crashed, durationMs: Date.now() - started };
    if (facts.currentBuilder !== undefined)
        out.currentBuilder = facts.currentBuilder;
    if (facts.baseline !== undefined)
        out.baseline = facts.baseline;
    return out;
}
/** Runs each check, timed and wrapped: a crash is reported as data next to the other findings. */
function runChecks(checks, facts, options) {
    const findings = [];
    const crashed = [];
    for (const check of checks) {
        try {
            findings.push(...check.run({ facts, options }));
        }
        catch (e) {
            crashed.push(check.id);
            findings.push({
                id: 'check.crashed',
                severity: 'warning',
                subject: check.id,
                message: `Check ${check.id} (${check.title}) crashed: ${(0,errors/* errorMessage */.gJ)(e)}`,
                evidence: [{ kind: 'note', text: e instanceof Error && e.stack ? e.stack : (0,errors/* errorMessage */.gJ)(e) }],
            });
        }
    }
    return { findings, crashed };
}


/***/ }),

/***/ 5165:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  rollback: () => (/* binding */ rollback),
  h1: () => (/* binding */ rollbackStatus)
});

// UNUSED EXPORTS: checkGitHubOrigin, createArgs

// EXTERNAL MODULE: ./src/core/crypto.ts
var core_crypto = __webpack_require__(16082);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/core/options.ts
var options = __webpack_require__(83457);
// EXTERNAL MODULE: ./src/phases/diagnose.ts + 21 modules
var diagnose = __webpack_require__(99662);
// EXTERNAL MODULE: ./src/docker/runner.ts
var runner = __webpack_require__(87240);
// EXTERNAL MODULE: ./src/bundle/bundle.ts
var bundle_bundle = __webpack_require__(16782);
// EXTERNAL MODULE: ./src/bundle/redact.ts
var redact = __webpack_require__(26363);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/bundle/contain.ts
var contain = __webpack_require__(99928);
;// CONCATENATED MODULE: ./src/bundle/restore.ts
/**
 * Restoring a bundle's files to their original places, byte for byte with their modes. The whole
 * bundle is verified first (readBundle writes nothing); every target is then checked by the one
 * containment rule (contain.ts), extracted to a temp file beside it (exclusive, no symlink
 * followed), checked again and renamed into place, so a target is either the old file or the
 * complete new one. A target that fails is skipped with its reason; no temp file is left behind.
 */






/**
 * The places a restore may write to, from the CURRENT environment (never from the bundle): the
 * buildx dir, the contexts' meta dir, the docker config.json and the buildkitd.toml paths
 * configured; daemon.json paths only for daemon.json entries; the cache directories the user
 * names only for cache data. Context TLS material is never in a bundle, so its directory is not
 * a root.
 */
function allowedRoots(paths, extra = {}) {
    return {
        dirs: [paths.buildxDir, paths.contextsMetaDir],
        files: [paths.configJson, ...(extra.buildkitdTomlPaths ?? [])],
        cacheDirs: extra.cachePaths ?? [],
        daemonJson: extra.daemonJsonPaths ?? [],
    };
}
/** Kinds that are evidence or are restored another way (builder state goes back with docker cp). */
function notAFile(f) {
    if (f.kind === 'command-output')
        return 'command output is evidence, not restored';
    if (f.kind === 'builder-state')
        return 'builder state is restored into its builder container';
    return undefined;
}
async function restoreBundle(bundlePath, opts) {
    // Verifies everything and throws BEFORE anything is written.
    const bundle = await (0,bundle_bundle/* readBundle */.Bo)(bundlePath, {
        allowedRoots: opts.allowedRoots,
        ...(opts.limits ? { limits: opts.limits } : {}),
    });
    const skipped = [];
    const refused = new Set(bundle.refused.map((r) => r.file.entry));
    for (const r of bundle.refused)
        skipped.push({ path: r.file.path, reason: `refused: ${r.reason}` });
    const dry = opts.dryRun === true;
    const todo = [];
    for (const f of bundle.manifest.files) {
        if (notAFile(f) !== undefined || refused.has(f.entry))
            continue;
        const place = (0,contain/* placeFor */.vM)(f.path, f.kind, opts.allowedRoots);
        if ('problem' in place)
            continue; // listed in refused
        if (place.cache && opts.restoreCache !== true) {
            skipped.push({ path: f.path, reason: 'cache data not requested (restore-cache is off)' });
            continue;
        }
        // Checks every component (and, unless dry, makes the missing directories one by one).
        try {
            const problem = await (0,contain/* withTimeout */.wj)((0,contain/* checkTarget */.e$)(f.path, place, !dry), contain/* TARGET_TIMEOUT_MS */.FE, `checking ${f.path}`);
            if (problem !== undefined) {
                skipped.push({ path: f.path, reason: `refused: ${problem}` });
                continue;
            }
        }
        catch (e) {
            skipped.push({ path: f.path, reason: `cannot create its directory: ${(0,errors/* errorMessage */.gJ)(e)}` });
            continue;
        }
        todo.push({ f, place });
    }
    if (dry) {
        return { bundle, restored: [], skipped, planned: todo.map(({ f }) => ({ path: f.path, sha256: f.sha256 })) };
    }
    const wanted = new Map(todo.map(({ f }) => [f.entry, f.path]));
    const failed = new Map();
    const temps = await (0,bundle_bundle/* extractToTemp */.JQ)(bundle, wanted, {
        failed,
        openTemp: contain/* openTemp */.XS,
        ...(opts.limits ? { limits: opts.limits } : {}),
    });
    const restored = [];
    try {
        for (const { f, place } of todo) {
            const tmp = temps.get(f.entry);
            if (tmp === undefined) {
                skipped.push({ path: f.path, reason: `could not write: ${failed.get(f.entry) ?? 'not extracted'}` });
                continue;
            }
            try {
                await (0,contain/* withTimeout */.wj)(put(f, place, tmp), contain/* TARGET_TIMEOUT_MS */.FE, `restoring ${f.path}`);
                restored.push({ path: f.path, sha256: f.sha256 });
            }
            catch (e) {
                skipped.push({ path: f.path, reason: `could not write: ${(0,errors/* errorMessage */.gJ)(e)}` });
            }
        }
    }
    finally {
        // Renamed ones are gone already; whatever failed leaves nothing behind.
        await Promise.all([...temps.values()].map((t) => (0,promises_.rm)(t, { force: true })));
    }
    return { bundle, restored, skipped, planned: [] };
}
/** Merges redacted fields, sets the mode, checks the chain again and renames into place. */
async function put(f, place, tmp) {
    if (f.redacted !== undefined && f.redacted.length > 0 && f.kind !== 'context-meta') {
        // Never write the redaction marker over a real secret: keep what is on disk now (read
        // without following a link or blocking on a FIFO).
        const current = await (0,contain/* readNoFollow */.pj)(f.path);
        const merged = (0,redact/* mergeRedacted */.hF)(await (0,promises_.readFile)(tmp, 'utf8'), current, f.redacted);
        await (0,promises_.writeFile)(tmp, merged, { flag: external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_TRUNC | external_node_fs_.constants.O_NOFOLLOW });
    }
    await (0,promises_.chmod)(tmp, f.mode & 0o777);
    const problem = await (0,contain/* checkTarget */.e$)(f.path, place, false);
    if (problem !== undefined)
        throw new Error(`refused at rename: ${problem}`);
    await (0,promises_.rename)(tmp, f.path);
}

// EXTERNAL MODULE: ./src/tasks/testbuild.ts + 1 modules
var testbuild = __webpack_require__(83219);
;// CONCATENATED MODULE: ./src/bundle/builder-policy.ts

/** buildx's own default image for docker-container builders. */
const DEFAULT_BUILDKIT_IMAGE = 'moby/buildkit:buildx-stable-1';
/** The flag buildx adds by itself with network=host. */
const IMPLICIT_HOST_FLAG = '--allow-insecure-entitlement=network.host';
/** The settings of a builder that differ from the defaults, as `key=value` or flag tokens. */
function nonDefaultSettings(b) {
    const out = [];
    for (const [k, v] of Object.entries(b.driverOptions).sort(([x], [y]) => x.localeCompare(y))) {
        if (v === redact/* REDACTED */.XF)
            continue; // left out of `buildx create`
        if (k === 'image' && v === DEFAULT_BUILDKIT_IMAGE)
            continue;
        out.push(`${k}=${v}`);
    }
    for (const f of builderFlags(b))
        out.push(f);
    return out;
}
/** BuildKit flags for `buildx create`: the first node's, without the one buildx adds for network=host. */
function builderFlags(b) {
    return (b.nodes[0]?.flags ?? []).filter((f) => f !== IMPLICIT_HOST_FLAG || b.driverOptions.network !== 'host');
}
function allowed(setting, allow) {
    const key = setting.includes('=') ? setting.slice(0, setting.indexOf('=')) : setting;
    return allow.some((a) => a === setting || a === key || (a === 'env.*' && key.startsWith('env.')));
}
/** Settings of the builder the allow-list does not name (empty: it may be recreated). */
function refusedSettings(b, allow) {
    return nonDefaultSettings(b).filter((s) => !allowed(s, allow));
}
/** Why a builder is not recreated, naming the input and what it would need to list. */
function refusalReason(refused) {
    return `the backup asks for builder settings beyond the defaults (${refused.join(', ')}); a bundle could start any image with host privileges this way. Recreate it by listing them in allow-builder-settings (CLI --allow-builder-settings), e.g. ${refused.join(',')}`;
}

// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(98697);
;// CONCATENATED MODULE: ./src/bundle/state.ts
/**
 * A builder-state entry is a tar stream (`docker cp <container>:/var/lib/buildkit -`) that a
 * rollback gives to `docker cp -`, which unpacks it inside a container onto the builder's state
 * volume. It is hostile data like the rest of a bundle: every entry of the stream is checked first
 * against the containment rule of src/bundle/contain.ts, and one bad entry refuses the whole state
 * (half a BuildKit state database is worse than none).
 */



/** The one directory a state stream may hold: `buildkit/`, unpacked under /var/lib. */
const STATE_TOP = 'buildkit';
/** Entry types a state stream may carry (regular files, directories, links, BuildKit's whiteouts). */
const ALLOWED = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link', 'CharacterDevice']);
/** `buildkit/a/b/` as the absolute path it takes in the container (`/var/lib/buildkit/a/b`), checked. */
function placed(p) {
    const rel = p.replace(/\/+$/, '');
    if (rel !== STATE_TOP && !rel.startsWith(`${STATE_TOP}/`))
        return { problem: `${JSON.stringify(p)} is not under ${STATE_TOP}/` };
    const abs = `/var/lib/${rel}`;
    const bad = (0,contain/* pathProblem */.z9)(abs);
    return bad === undefined ? { abs } : { problem: `${JSON.stringify(p)} ${bad}` };
}
/**
 * Pure check of one entry, given the symlinks seen so far in the stream: why it may not be
 * unpacked, or undefined. Block devices, FIFOs and unknown types are refused; a path or a hard
 * link's target must stay under `buildkit/` and may not pass through a symlink of the stream.
 */
function stateEntryProblem(e, symlinks) {
    const where = placed(e.path);
    if ('problem' in where)
        return where.problem;
    if (!ALLOWED.has(e.type))
        return `${JSON.stringify(e.path)} is a ${e.type}, which a builder state never needs`;
    const parts = where.abs.split('/');
    for (let i = 2; i < parts.length; i++) {
        const parent = parts.slice(0, i).join('/');
        if (symlinks.has(parent))
            return `${JSON.stringify(e.path)} lies below the symlink ${parent} of the same stream`;
    }
    if (e.type === 'Link') {
        const target = placed(e.linkpath ?? '');
        if ('problem' in target)
            return `hard link ${JSON.stringify(e.path)}: target ${target.problem}`;
    }
    return undefined;
}
/** Reads the whole stream and returns the first problem (or that it is not a tar), or undefined. */
async function stateTarProblem(file) {
    const symlinks = new Set();
    let problem;
    let entries = 0;
    const parser = new index_min/* Parser */.iX({
        strict: true,
        onReadEntry: (e) => {
            entries += 1;
            if (problem === undefined) {
                const entry = { path: e.path, type: e.type };
                if (e.linkpath !== undefined && e.linkpath !== '')
                    entry.linkpath = e.linkpath;
                problem = stateEntryProblem(entry, symlinks);
                if (problem === undefined && e.type === 'SymbolicLink')
                    symlinks.add(`/var/lib/${e.path.replace(/\/+$/, '')}`);
            }
            e.resume();
        },
    });
    try {
        await new Promise((resolve, reject) => {
            parser.on('error', reject);
            parser.on('end', () => resolve());
            const input = (0,external_node_fs_.createReadStream)(file);
            input.on('error', reject);
            input.pipe(parser);
        });
    }
    catch (e) {
        return `not a readable tar stream: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (problem !== undefined)
        return problem;
    if (entries === 0)
        return 'an empty tar stream';
    return undefined;
}

// EXTERNAL MODULE: ./src/tasks/activity.ts
var tasks_activity = __webpack_require__(20225);
;// CONCATENATED MODULE: ./src/phases/rollback.ts
/**
 * Rollback: fetch a bundle, verify every checksum, put the files back, recreate the builders the
 * backup held that are gone, put the previous builder back in use (or `default`), prove a build
 * works, and say plainly what was restored and what was not.
 */















/** restored: everything back and a build works; partial: some things skipped; failed: error or no working build. */
function rollbackStatus(r) {
    if (r.error !== undefined || !r.buildOk)
        return 'failed';
    return r.skipped.length > 0 ? 'partial' : 'restored';
}
/** `docker buildx create` argv for a builder of the backup; masked option values are left out. */
function createArgs(b, buildkitdConfig) {
    const args = ['create', '--name', b.name, '--driver', b.driver];
    const dropped = [];
    for (const [k, v] of Object.entries(b.driverOptions).sort()) {
        if (v === redact/* REDACTED */.XF)
            dropped.push(k);
        else
            args.push('--driver-opt', `${k}=${v}`);
    }
    if (b.platforms.length > 0)
        args.push('--platform', b.platforms.join(','));
    if (buildkitdConfig !== undefined)
        args.push('--buildkitd-config', buildkitdConfig);
    const flags = builderFlags(b);
    if (flags.length > 0)
        args.push('--buildkitd-flags', flags.join(' '));
    // A node name of its own names the container and the state volume the builder's state goes back into.
    const node = b.nodes[0]?.name;
    if (node !== undefined && node !== '' && node !== `${b.name}0`)
        args.push('--node', node);
    return { args, dropped };
}
const sameRepo = (a, b) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
/**
 * A GitHub bundle is accepted only when its manifest names the repository its artifact was taken
 * from, and that is this repository (GITHUB_REPOSITORY) or the one the user named with
 * `repository`. Throws SourceError (nothing restored) unless trust-unsigned accepts it.
 */
function checkGitHubOrigin(m, origin, env, opts) {
    const here = env.GITHUB_REPOSITORY?.trim() || undefined;
    const from = origin.repository;
    const rec = m.github;
    const base = {
        store: 'github',
        checked: 'repository',
        ok: true,
        detail: '',
        ...(from !== undefined ? { repository: from } : {}),
        ...(rec?.runId !== undefined || origin.runId !== undefined ? { runId: rec?.runId ?? origin.runId } : {}),
        ...(rec?.workflow !== undefined ? { workflow: rec.workflow } : {}),
    };
    const hint = 'name the repository it was made in with the repository input (and its run-id), or accept it knowingly with trust-unsigned';
    let problem;
    if (from === undefined)
        problem = `the repository the artifact was taken from is unknown (GITHUB_REPOSITORY is not set); ${hint}`;
    else if (!sameRepo(from, here) && !sameRepo(from, opts.repository))
        problem = `the artifact was taken from ${from}, which is neither this repository (${here ?? 'unknown'}) nor one named with the repository input; ${hint}`;
    else if (rec === undefined)
        problem = `the bundle's manifest records no repository (made before buildkit-healer recorded it, or not for the GitHub store); ${hint}`;
    else if (!sameRepo(rec.repository, from))
        problem = `the bundle's manifest says it was made in ${rec.repository} (run ${rec.runId}), but its artifact was taken from ${from}: a bundle carried over from another repository; ${hint}`;
    if (problem === undefined) {
        const run = rec?.runId !== undefined ? ` run ${rec.runId}` : '';
        const other = rec?.runId !== undefined && origin.runId !== undefined && rec.runId !== origin.runId;
        return {
            ...base,
            detail: `the manifest names ${from ?? ''}${run}${rec?.workflow !== undefined ? ` (workflow ${rec.workflow})` : ''}, the repository the artifact was taken from${sameRepo(from, here) ? ' (this repository)' : ' (named with the repository input)'}${other ? `; the artifact is in run ${origin.runId}` : ''}`,
        };
    }
    if (opts.trustUnsigned === true)
        return { ...base, checked: 'unverified', detail: `accepted with trust-unsigned: ${problem}` };
    throw new errors/* SourceError */.c8(`Bundle refused: ${problem}`, { ...base, ok: false, detail: problem });
}
/** A store that proved nothing: accepted only with trust-unsigned. */
function unproven(opts) {
    const store = opts.store.kind === 'github' ? 'github' : 'local';
    const why = `the ${opts.store.kind} store did not prove where the bundle came from`;
    return opts.trustUnsigned === true
        ? { store, checked: 'unverified', ok: true, detail: `accepted with trust-unsigned: ${why}` }
        : {
            store,
            checked: 'unverified',
            ok: false,
            detail: `${why}; accept it knowingly with trust-unsigned (CLI: --trust-unsigned)`,
        };
}
async function resolveName(opts) {
    if (opts.name !== undefined && opts.name !== '' && opts.latest === true) {
        throw new errors/* InputError */.dz('backup-name', opts.name, 'either a backup name or --latest, not both');
    }
    if (opts.name !== undefined && opts.name !== '')
        return opts.name;
    // By artifact id: the store downloads that artifact and its name comes back with it; listing
    // (another run's artifacts, or a store that cannot list) is not needed and may not be allowed.
    if (opts.artifactId !== undefined && opts.artifactId !== '')
        return '';
    if (opts.latest !== true && opts.artifactId === undefined)
        throw new errors/* InputError */.dz('backup-name', '', 'a backup name, an artifact id, or --latest');
    // By artifact id alone: the store finds it, and its name comes back with it.
    if (opts.latest !== true)
        return '';
    const all = await opts.store.list();
    const first = all[0];
    if (first === undefined)
        throw new Error(`No backups found in the ${opts.store.kind} store`);
    return first.name;
}
/** Builder names buildx lists now (parsed; an unparsable listing counts as none). */
async function presentBuilders(deps) {
    const ls = await deps.docker.ls(true);
    const names = new Set((ls.parsed?.builders ?? []).map((b) => b.name));
    const current = ls.parsed?.builders.find((b) => b.current)?.name;
    return current === undefined ? { names } : { names, current };
}
async function rollback(deps, opts) {
    const startedAt = deps.now().toISOString();
    const step = (what) => deps.deadline?.mark(what);
    try {
        return await rollbackSteps(deps, opts, startedAt, step);
    }
    finally {
        step(undefined);
    }
}
async function rollbackSteps(deps, opts, startedAt, step) {
    const result = await restoreAll(deps, opts, step);
    const why = opts.why ?? {
        trigger: 'manual',
        reason: 'asked for by hand (the rollback command or action)',
        failedChecks: [],
    };
    const record = {
        ...why,
        startedAt,
        finishedAt: startedAt,
        ...(result.source !== undefined ? { source: result.source } : {}),
    };
    // Nothing restored (a bundle that did not verify): nothing changed, nothing to diagnose.
    const changed = result.restored.length > 0 || result.actions.length > 0;
    if (opts.diagnoseAfter !== false && opts.dryRun !== true && changed) {
        step('diagnose after');
        record.diagnoseAfter = await diagnoseAfter(deps, opts);
    }
    record.finishedAt = deps.now().toISOString();
    result.record = record;
    return result;
}
/** The state the rollback left, as a fresh check would see it (the test build already ran: no baseline). */
async function diagnoseAfter(deps, opts) {
    try {
        const d = (0,options/* defaultOptions */.KQ)(deps.env).diagnose;
        const r = await (0,diagnose/* diagnose */.h)(deps, {
            ...d,
            baseline: false,
            ...(opts.daemonJsonPaths !== undefined ? { daemonJsonPaths: opts.daemonJsonPaths } : {}),
            ...(opts.buildkitdTomlPaths !== undefined ? { buildkitdTomlPaths: opts.buildkitdTomlPaths } : {}),
        }, 'full');
        const findings = r.findings.map((f) => ({
            id: f.id,
            severity: f.severity,
            subject: f.subject,
            message: f.message,
        }));
        return { healthy: !r.findings.some((f) => f.severity === 'error'), findings };
    }
    catch (e) {
        return { healthy: false, findings: [], error: `diagnose after the rollback crashed: ${(0,errors/* errorMessage */.gJ)(e)}` };
    }
}
async function restoreAll(deps, opts, step) {
    step('fetching the backup');
    const name = await resolveName(opts);
    const dry = opts.dryRun === true;
    const result = { name, restored: [], skipped: [], builders: [], buildOk: false, actions: [] };
    const work = await (0,promises_.mkdtemp)((0,external_node_path_.join)(deps.env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), 'bkh-rollback-'));
    try {
        const fetched = await fetchAccepted(deps, opts, name, work, result);
        if (fetched === undefined)
            return result;
        step('restoring files');
        const bundle = await restoreFiles(deps, opts, fetched.bundlePath, result);
        if (bundle === undefined)
            return result;
        step('recreating builders');
        await recreate(deps, opts, bundle, result);
        if (opts.restoreBuilderState === true)
            await restoreState(deps, bundle, result, work, dry);
        await useBuilder(deps, bundle.manifest.currentBuilder, result, dry);
        const present = await presentBuilders(deps);
        result.builders = bundle.manifest.builders.map((b) => b.name).filter((n) => present.names.has(n));
        if (!dry) {
            // The builder really in use, as buildx resolves it (`ls --format json` of 0.13 has no marker).
            const inUse = await deps.docker.inspect(undefined);
            result.currentBuilder = inUse.parsed?.name ?? present.current ?? result.currentBuilder;
        }
        if (opts.testBuild !== false && !dry) {
            step('test build');
            await testBuildAfter(deps, result);
        }
        return result;
    }
    finally {
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
/**
 * The bundle fetched into `work`, once its origin is accepted (the local store's MAC, or the GitHub
 * artifact's repository and run against the manifest); the cache entries put back are actions.
 * Undefined when it was refused: `result.error` says why, nothing was written.
 */
async function fetchAccepted(deps, opts, name, work, result) {
    let gitHubCheck;
    const fetchOpts = {
        restoreCache: opts.restoreCache === true,
        trustUnsigned: opts.trustUnsigned === true,
        ...(opts.artifactId !== undefined ? { artifactId: opts.artifactId } : {}),
        // GitHub: the manifest is checked against where the artifact came from before cache data goes back.
        verify: async (bundlePath, origin) => {
            const { manifest } = await (0,bundle_bundle/* readBundle */.Bo)(bundlePath);
            gitHubCheck = checkGitHubOrigin(manifest, origin, deps.env, opts);
        },
    };
    let fetched;
    try {
        fetched = await opts.store.fetch(name, work, fetchOpts);
    }
    catch (e) {
        // A bundle refused for its origin or content: reported, nothing written.
        if (!(e instanceof errors/* SafetyError */.dd))
            throw e;
        if (e instanceof errors/* SourceError */.c8)
            result.source = e.source;
        result.error = `Nothing was restored: ${(0,errors/* errorMessage */.gJ)(e)}`;
        return undefined;
    }
    result.name = fetched.backup.name;
    result.source = fetched.source ?? gitHubCheck ?? unproven(opts);
    if (!result.source.ok) {
        result.error = `Nothing was restored: Bundle refused: ${result.source.detail}`;
        return undefined;
    }
    for (const c of fetched.cacheRestored ?? []) {
        result.actions.push({
            action: 'cache.restore',
            target: c.paths.join(','),
            ok: c.matchedKey !== undefined,
            detail: c.warning ?? c.matchedKey ?? 'no cache entry matched',
        });
    }
    return fetched;
}
/** The bundle's files written back where the containment rule allows (planned in a dry run); undefined when refused. */
async function restoreFiles(deps, opts, bundlePath, result) {
    const defaults = (0,options/* defaultOptions */.KQ)(deps.env);
    const roots = allowedRoots(deps.docker.paths, {
        daemonJsonPaths: opts.daemonJsonPaths ?? defaults.diagnose.daemonJsonPaths,
        buildkitdTomlPaths: opts.buildkitdTomlPaths ?? [],
        cachePaths: opts.allowedCachePaths ?? [],
    });
    let restored;
    try {
        restored = await restoreBundle(bundlePath, {
            allowedRoots: roots,
            restoreCache: opts.restoreCache === true,
            dryRun: opts.dryRun === true,
        });
    }
    catch (e) {
        result.error = `Nothing was restored: ${(0,errors/* errorMessage */.gJ)(e)}`;
        return undefined;
    }
    result.restored = restored.restored;
    result.skipped = restored.skipped;
    for (const r of restored.restored)
        result.actions.push({ action: 'file.restore', target: r.path, ok: true, detail: `sha256 ${r.sha256}` });
    for (const p of restored.planned)
        result.actions.push({
            action: 'file.restore',
            target: p.path,
            ok: true,
            dryRun: true,
            detail: `sha256 ${p.sha256}`,
        });
    return restored.bundle;
}
/** A tiny real build on the builder in use after the rollback; a failure is the result's error. */
async function testBuildAfter(deps, result) {
    const token = (0,core_crypto/* randomBytes */.po)(8).toString('hex');
    const spec = {
        ...(0,testbuild/* baselineSpec */.H1)(token),
        ...(result.currentBuilder !== undefined ? { builder: result.currentBuilder } : {}),
    };
    const b = await (0,testbuild/* runTestBuild */._B)(deps.docker, spec, deps.docker.timeouts.build);
    result.buildOk = b.ok;
    result.actions.push({
        action: 'build.test',
        target: result.currentBuilder ?? 'default',
        ok: b.ok,
        command: (0,runner/* commandLine */.ay)(b.result.argv),
        ...(b.error !== undefined ? { detail: b.error } : {}),
    });
    await (0,promises_.rm)(b.outputDir, { recursive: true, force: true });
    if (!b.ok)
        result.error = `Files were restored, but a test build on ${result.currentBuilder ?? 'the builder in use'} failed: ${b.error ?? b.result.stderr.trim().split('\n').slice(-3).join(' ')}`;
}
async function recreate(deps, opts, bundle, result) {
    const dry = opts.dryRun === true;
    const present = await presentBuilders(deps);
    for (const b of bundle.manifest.builders) {
        if (present.names.has(b.name))
            continue;
        if (b.driver === 'docker') {
            result.skipped.push({
                path: `builder:${b.name}`,
                reason: `docker driver builder comes from the docker context ${b.name}, whose metadata was not restored`,
            });
            continue;
        }
        if (b.driver !== 'docker-container') {
            result.skipped.push({ path: `builder:${b.name}`, reason: `driver ${b.driver} is not recreated automatically` });
            continue;
        }
        if (opts.recreateBuilders === false) {
            result.skipped.push({ path: `builder:${b.name}`, reason: 'recreate-builders is off' });
            continue;
        }
        const refused = opts.ownBundle === true ? [] : refusedSettings(b, opts.allowBuilderSettings ?? []);
        if (refused.length > 0) {
            result.skipped.push({ path: `builder:${b.name}`, reason: refusalReason(refused) });
            continue;
        }
        const toml = bundle.manifest.files.find((f) => f.kind === 'buildkitd-toml' && f.path === b.buildkitdConfig);
        const { args, dropped } = createArgs(b, toml !== undefined && result.restored.some((r) => r.path === toml.path) ? toml.path : undefined);
        const r = await deps.docker.buildx(args, { timeoutMs: deps.docker.timeouts.slow, mutates: true });
        const ok = (0,runner/* succeeded */.gq)(r);
        result.actions.push({
            action: 'builder.recreate',
            target: b.name,
            ok,
            command: (0,runner/* commandLine */.ay)(r.argv),
            ...(dry ? { dryRun: true } : {}),
            ...(!ok
                ? { detail: r.stderr.trim() }
                : dropped.length > 0
                    ? { detail: `driver options left out (redacted in the backup): ${dropped.join(', ')}` }
                    : {}),
        });
        if (!ok)
            result.skipped.push({ path: `builder:${b.name}`, reason: `docker buildx create failed: ${r.stderr.trim()}` });
    }
}
/**
 * Streams each builder-state tar back into its builder's `_state` volume before the builder boots.
 * The volume is made anew from the backup (a merge into a state BuildKit wrote since would mix two
 * snapshot trees that share ids): the stopped builder container, if any, is removed (buildx makes
 * it again when the builder boots), its volume too, and a helper container that is created and never
 * started (on the builder's own image, which must be local: nothing is pulled) holds the new volume
 * while `docker cp -` unpacks the stream into it, inside docker: device and root-only files are never
 * unpacked on the host. Every entry of the stream is checked first (src/bundle/state.ts).
 */
async function restoreState(deps, bundle, result, work, dry) {
    const states = bundle.manifest.files.filter((f) => f.kind === 'builder-state' && f.container !== undefined);
    if (states.length === 0)
        return;
    const temps = dry
        ? new Map()
        : await (0,bundle_bundle/* extractToTemp */.JQ)(bundle, new Map(states.map((f) => [f.entry, (0,external_node_path_.join)(work, `state-${f.entry.slice(6)}`)])));
    const present = await presentBuilders(deps);
    for (const f of states)
        await restoreOneState(deps, f, { bundle, result, dry, temps, present });
}
/** One builder-state entry of the bundle back into its builder's `_state` volume, or skipped with the reason. */
async function restoreOneState(deps, f, ctx) {
    const { result, dry } = ctx;
    // Skipped with the reason; a docker command that failed is a failed action too.
    const skip = (reason, failed = false) => {
        result.skipped.push({ path: f.path, reason });
        if (failed)
            result.actions.push({ action: 'builder-state.restore', target: f.container, ok: false, detail: reason });
    };
    const target = await stateTarget(f, ctx);
    if (typeof target === 'string') {
        skip(target);
        return;
    }
    const { b, tmp } = target;
    const volume = `${f.container}_state`;
    const found = await stoppedForRestore(deps, f, b, dry);
    if ('reason' in found) {
        skip(found.reason, found.failed);
        return;
    }
    const container = found.container;
    const image = container?.image || b.driverOptions.image || DEFAULT_BUILDKIT_IMAGE;
    const helper = `bkh-state-restore-${(0,core_crypto/* randomBytes */.po)(4).toString('hex')}`;
    const steps = [
        ...(container?.running === true ? [`docker buildx stop ${b.name}`] : []),
        ...(container !== undefined ? [`docker rm ${f.container}`] : []),
        `docker volume rm ${volume}`,
        `docker container create --name ${helper} -v ${volume}:/var/lib/buildkit ${image}`,
        `docker cp - ${helper}:/var/lib`,
        `docker rm ${helper}`,
    ].join(' && ');
    if (dry || tmp === undefined) {
        result.actions.push({
            action: 'builder-state.restore',
            target: f.container,
            ok: true,
            dryRun: true,
            command: steps,
        });
        return;
    }
    const failed = await replaceStateVolume(deps, { f, b, tmp, image, helper, volume, container });
    if (failed !== undefined) {
        skip(failed.reason, failed.failed);
        return;
    }
    result.actions.push({
        action: 'builder-state.restore',
        target: f.container,
        ok: true,
        command: steps,
        detail: `${f.size} bytes into volume ${volume}; builder ${b.name} boots on it`,
    });
    result.restored.push({ path: f.path, sha256: f.sha256 });
}
/**
 * The builder a state entry belongs to (a docker-container builder of the backup that exists now)
 * and its extracted tar (checked, except in a dry run), or why it is skipped.
 */
async function stateTarget(f, ctx) {
    const b = ctx.bundle.manifest.builders.find((x) => x.name === f.builder);
    if (b === undefined ||
        b.driver !== 'docker-container' ||
        !b.nodes.some((n) => `buildx_buildkit_${n.name}` === f.container))
        return `container ${f.container} is not a node of a docker-container builder of this backup`;
    if (!ctx.present.names.has(b.name))
        return `builder ${b.name} does not exist (not recreated): its state has nowhere to go`;
    const tmp = ctx.temps.get(f.entry);
    if (!ctx.dry) {
        const problem = tmp === undefined ? 'the entry was not extracted' : await stateTarProblem(tmp);
        if (problem !== undefined)
            return `refused, nothing unpacked: ${problem}`;
    }
    return { b, tmp };
}
/**
 * The builder's container as it is (undefined when there is none), stopped first when it runs
 * and is idle (not in a dry run): a build in it is never cut. Or why the state is skipped.
 */
async function stoppedForRestore(deps, f, b, dry) {
    const probe = { timeoutMs: deps.docker.timeouts.probe };
    const slow = { timeoutMs: deps.docker.timeouts.slow, mutates: true };
    const st = await deps.docker.run(['container', 'inspect', '--format', '{{json .}}', f.container], probe);
    let container;
    if ((0,runner/* succeeded */.gq)(st)) {
        try {
            const doc = JSON.parse(st.stdout);
            container = { running: doc.State?.Running === true, image: doc.Config?.Image ?? '' };
        }
        catch {
            return { reason: `cannot read the state of container ${f.container}` };
        }
    }
    if (container?.running === true && !dry) {
        // A running builder is stopped for the restore only when idle: a build in it is never cut.
        const activity = await (0,tasks_activity/* activityOf */.nx)(deps.docker, undefined, f.container);
        if (activity.state !== 'idle')
            return {
                reason: `container ${f.container} is running and ${activity.state === 'busy' ? `busy (${activity.processes.join('; ')})` : 'its activity could not be read'}: stop it (docker buildx stop ${b.name}) and roll back again`,
            };
        const stop = await deps.docker.buildx(['stop', b.name], slow);
        if (!(0,runner/* succeeded */.gq)(stop))
            return { reason: `docker buildx stop ${b.name} failed: ${stop.stderr.trim()}`, failed: true };
    }
    return { container };
}
/**
 * The state volume made anew from the backup's tar: the builder's image must be local, the stopped
 * container and the old volume go, and a helper container (created, never started) holds the new
 * volume while `docker cp -` unpacks the stream into it. Returns why it did not, or undefined.
 */
async function replaceStateVolume(deps, x) {
    const { f, b, tmp, image, helper, volume, container } = x;
    const probe = { timeoutMs: deps.docker.timeouts.probe };
    const slow = { timeoutMs: deps.docker.timeouts.slow, mutates: true };
    const img = await deps.docker.run(['image', 'inspect', '--format', '{{.Id}}', image], probe);
    if (!(0,runner/* succeeded */.gq)(img)) {
        return {
            reason: `image ${image} of builder ${b.name} is not on this host (nothing is pulled): load it, then roll back again`,
            failed: false,
        };
    }
    if (container !== undefined) {
        const rmc = await deps.docker.run(['rm', f.container], slow);
        if (!(0,runner/* succeeded */.gq)(rmc)) {
            return { reason: `docker rm ${f.container} failed: ${rmc.stderr.trim()}`, failed: true };
        }
    }
    const vol = await deps.docker.run(['volume', 'rm', volume], slow);
    if (!(0,runner/* succeeded */.gq)(vol) && !/no such volume/i.test(vol.stderr)) {
        return { reason: `docker volume rm ${volume} failed: ${vol.stderr.trim()}`, failed: true };
    }
    let r;
    const create = await deps.docker.run([
        'container',
        'create',
        '--name',
        helper,
        '--label',
        'buildkit-healer.state-restore=1',
        '--pull',
        'never',
        '--network',
        'none',
        '-v',
        `${volume}:/var/lib/buildkit`,
        image,
        'never-started',
    ], slow);
    try {
        if ((0,runner/* succeeded */.gq)(create))
            r = await deps.docker.copyInFromFile(tmp, `${helper}:/var/lib`, slow);
    }
    finally {
        await deps.docker.run(['rm', '-f', helper], slow);
    }
    const failure = !(0,runner/* succeeded */.gq)(create)
        ? `docker container create failed: ${create.stderr.trim()}`
        : r !== undefined && !(0,runner/* succeeded */.gq)(r)
            ? `docker cp failed: ${r.stderr.trim()}`
            : undefined;
    return failure !== undefined ? { reason: failure, failed: true } : undefined;
}
/** `docker buildx use` the builder of the backup; `default` when it cannot be used. */
async function useBuilder(deps, want, result, dry) {
    const target = want ?? 'default';
    const r = await deps.docker.buildx(['use', target], { timeoutMs: deps.docker.timeouts.probe, mutates: true });
    if ((0,runner/* succeeded */.gq)(r)) {
        result.actions.push({
            action: 'builder.use',
            target,
            ok: true,
            command: (0,runner/* commandLine */.ay)(r.argv),
            ...(dry ? { dryRun: true } : {}),
        });
        result.currentBuilder = target;
        return;
    }
    result.actions.push({
        action: 'builder.use',
        target,
        ok: false,
        command: (0,runner/* commandLine */.ay)(r.argv),
        detail: r.stderr.trim(),
    });
    // buildx 0.13 refuses `use` for a context's docker-driver builder and asks for `docker context use`.
    if (/docker context use/.test(r.stderr)) {
        const c = await deps.docker.run(['context', 'use', target], {
            timeoutMs: deps.docker.timeouts.probe,
            mutates: true,
        });
        result.actions.push({
            action: 'context.use',
            target,
            ok: (0,runner/* succeeded */.gq)(c),
            command: (0,runner/* commandLine */.ay)(c.argv),
            ...(dry ? { dryRun: true } : {}),
            ...((0,runner/* succeeded */.gq)(c) ? {} : { detail: c.stderr.trim() }),
        });
        if ((0,runner/* succeeded */.gq)(c)) {
            result.currentBuilder = target;
            return;
        }
    }
    const d = await deps.docker.buildx(['use', 'default'], { timeoutMs: deps.docker.timeouts.probe, mutates: true });
    result.actions.push({
        action: 'builder.use',
        target: 'default',
        ok: (0,runner/* succeeded */.gq)(d),
        command: (0,runner/* commandLine */.ay)(d.argv),
        ...((0,runner/* succeeded */.gq)(d) ? {} : { detail: d.stderr.trim() }),
    });
    result.currentBuilder = 'default';
    result.skipped.push({
        path: `builder:${target}`,
        reason: `could not be put back in use (${r.stderr.trim()}); using default`,
    });
}


/***/ }),

/***/ 92826:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openStore: () => (/* binding */ openStore)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
/* harmony import */ var _local_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(10801);
/* harmony import */ var _bundle_mac_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38715);



/** Runner-provided variables that make the GitHub store usable (mirrors `isGitHubRuntime`). */
function gitHubRuntime(env) {
    return Boolean(env.ACTIONS_RUNTIME_TOKEN) && Boolean(env.ACTIONS_RESULTS_URL);
}
async function openStore(kind, options, deps, extra = {}) {
    const resolved = kind === 'auto' ? (gitHubRuntime(deps.env) ? 'github' : 'local') : kind;
    switch (resolved) {
        case 'local':
            return new _local_js__WEBPACK_IMPORTED_MODULE_1__/* .LocalStore */ .V(options.dir, options.keep, { keyFile: (0,_bundle_mac_js__WEBPACK_IMPORTED_MODULE_2__/* .defaultKeyFile */ .nA)(deps.env) });
        case 'github': {
            const { GitHubStore } = await __webpack_require__.e(/* import() */ 435).then(__webpack_require__.bind(__webpack_require__, 36435));
            return new GitHubStore({
                retentionDays: options.retentionDays,
                compressionLevel: options.compressionLevel,
                maxBytes: options.maxBytes,
                env: deps.env,
                log: deps.log,
                ...(extra.source !== undefined ? { source: extra.source } : {}),
            });
        }
        default:
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('backup-store', String(kind), 'auto, local or github');
    }
}


/***/ }),

/***/ 10801:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ checkBackupName),
/* harmony export */   V: () => (/* binding */ LocalStore)
/* harmony export */ });
/* harmony import */ var _core_crypto_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16082);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(74296);
/* harmony import */ var _core_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(69928);
/* harmony import */ var _bundle_mac_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(38715);
/**
 * The local directory store (the CLI's default): one `<name>.tar.gz` per backup under
 * `~/.buildkit-healer/backups`, written atomically (temp file + rename), newest first, the
 * oldest beyond `keep` removed after each save. Each bundle is signed with this host's key
 * (`<name>.tar.gz.mac` beside it, see bundle/mac.ts); `fetch` checks the MAC of its private copy
 * before anything else reads it and refuses a bundle it cannot prove unless trust-unsigned.
 */






const SUFFIX = '.tar.gz';
/** Names are used as file names: no separators, no dot-dot, nothing GitHub would reject either. */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
function checkBackupName(name, input = 'backup-name') {
    if (!NAME_RE.test(name) || name.includes('..')) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(input, name, 'a backup name of letters, digits, ".", "_" and "-" (no "/", no "..", at most 201 characters)');
    }
    return name;
}
class LocalStore {
    dir;
    keep;
    kind = 'local';
    /** The host's key file (see defaultKeyFile); undefined: bundles are neither signed nor provable. */
    keyFile;
    constructor(dir, keep = 10, opts = {}) {
        this.dir = dir;
        this.keep = keep;
        this.keyFile = opts.keyFile;
        if (!Number.isInteger(keep) || keep < 1)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('backup-keep', String(keep), 'an integer of at least 1');
    }
    pathOf(name) {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.dir, checkBackupName(name) + SUFFIX);
    }
    async save(req) {
        const dest = this.pathOf(req.name);
        await (0,_core_files_js__WEBPACK_IMPORTED_MODULE_4__/* .makeDir */ .gE)(this.dir, 0o700);
        const tmp = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.dir, `.${req.name}.${(0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .randomBytes */ .po)(6).toString('hex')}.tmp`);
        let warnings;
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.copyFile)(req.bundlePath, tmp);
            // The MAC goes in place before the bundle: a run killed in between leaves no unsigned bundle.
            warnings = await this.sign(tmp, dest + _bundle_mac_js__WEBPACK_IMPORTED_MODULE_5__/* .MAC_SUFFIX */ .Ej);
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(tmp, dest);
        }
        catch (e) {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(tmp, { force: true });
            throw e;
        }
        const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(dest);
        await this.prune(req.name);
        return {
            name: req.name,
            location: dest,
            createdAt: st.mtime.toISOString(),
            bytes: st.size,
            ...(warnings.length > 0 ? { warnings } : {}),
        };
    }
    /** Writes `<bundle>.mac`; a failure leaves the backup unsigned with a warning (a rollback then needs trust-unsigned). */
    async sign(bundle, macPath) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(macPath, { force: true });
        if (this.keyFile === undefined)
            return ['backup not signed: no key file configured for the local store'];
        try {
            const key = await (0,_bundle_mac_js__WEBPACK_IMPORTED_MODULE_5__/* .loadOrCreateKey */ .b8)(this.keyFile);
            const rec = await (0,_bundle_mac_js__WEBPACK_IMPORTED_MODULE_5__/* .signFile */ .Wr)(key, bundle);
            const tmp = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.dir, `.mac.${(0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .randomBytes */ .po)(6).toString('hex')}.tmp`);
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(tmp, JSON.stringify(rec) + '\n', { mode: 0o600 });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(tmp, macPath);
            return [];
        }
        catch (e) {
            return [
                `backup not signed (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e)}): a rollback from it will need trust-unsigned (CLI: --trust-unsigned)`,
            ];
        }
    }
    /** Newest first (modification time, then name, whose timestamp sorts too). */
    async list() {
        let names;
        try {
            names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(this.dir);
        }
        catch (e) {
            if (e.code === 'ENOENT')
                return [];
            throw e;
        }
        const out = [];
        for (const f of names) {
            if (!f.endsWith(SUFFIX) || f.startsWith('.'))
                continue;
            const name = f.slice(0, -SUFFIX.length);
            if (!NAME_RE.test(name))
                continue;
            const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.dir, f)).catch(() => undefined);
            if (st === undefined || !st.isFile())
                continue;
            out.push({
                name,
                location: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.dir, f),
                createdAt: st.mtime.toISOString(),
                bytes: st.size,
                mtimeMs: st.mtimeMs,
            });
        }
        out.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
        return out.map(({ mtimeMs: _m, ...b }) => b);
    }
    /** The newest backup, or a clear error when there is none. */
    async latest() {
        const all = await this.list();
        const first = all[0];
        if (first === undefined)
            throw new Error(`No backups in ${this.dir}`);
        return first;
    }
    async fetch(name, destDir, opts = {}) {
        checkBackupName(name);
        const all = await this.list();
        const backup = all.find((b) => b.name === name);
        if (backup === undefined) {
            const seen = all.length === 0 ? 'none' : all.map((b) => b.name).join(', ');
            throw new Error(`Backup ${JSON.stringify(name)} not found in ${this.dir}; backups there: ${seen}`);
        }
        await (0,_core_files_js__WEBPACK_IMPORTED_MODULE_4__/* .makeDir */ .gE)(destDir, 0o700);
        // A private copy: the stored file stays untouched while it is verified and restored.
        const bundlePath = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(destDir, `${name}${SUFFIX}`);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.copyFile)(backup.location, bundlePath);
        const source = await this.check(name, backup.location + _bundle_mac_js__WEBPACK_IMPORTED_MODULE_5__/* .MAC_SUFFIX */ .Ej, bundlePath, opts.trustUnsigned === true);
        return { backup, bundlePath, source };
    }
    /** Checks the private copy against the stored MAC: before anything reads the bundle. */
    async check(name, macPath, copy, trust) {
        const keyFile = this.keyFile ?? '(none configured)';
        const base = { store: 'local', keyFile };
        let message;
        try {
            const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(macPath, 'utf8').catch((e) => {
                if (e.code === 'ENOENT')
                    return undefined;
                throw e;
            });
            const key = text === undefined || this.keyFile === undefined ? undefined : await (0,_bundle_mac_js__WEBPACK_IMPORTED_MODULE_5__/* .readKey */ .YZ)(this.keyFile);
            const v = await (0,_bundle_mac_js__WEBPACK_IMPORTED_MODULE_5__/* .verifyFile */ .AI)(key, keyFile, copy, text, JSON.stringify(name));
            if (v.ok)
                return { ...base, checked: 'hmac', ok: true, keyId: v.keyId, detail: `MAC checked with key ${v.keyId}` };
            message = v.message;
        }
        catch (e) {
            message = `backup ${JSON.stringify(name)}: its MAC could not be checked (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e)}); roll back from a backup made on this host by this user, or accept it knowingly with trust-unsigned (CLI: --trust-unsigned)`;
        }
        if (trust)
            return { ...base, checked: 'unverified', ok: true, detail: `accepted with trust-unsigned: ${message}` };
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SourceError */ .c8(`Bundle refused: ${message}`, { ...base, checked: 'hmac', ok: false, detail: message });
    }
    async remove(name) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(this.pathOf(name), { force: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(this.pathOf(name) + _bundle_mac_js__WEBPACK_IMPORTED_MODULE_5__/* .MAC_SUFFIX */ .Ej, { force: true });
    }
    /** Retention by count; the backup just saved is never the one removed. */
    async prune(justSaved) {
        const all = await this.list();
        let kept = 0;
        for (const b of all) {
            if (b.name === justSaved || kept < this.keep - 1) {
                if (b.name !== justSaved)
                    kept += 1;
                continue;
            }
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(b.location, { force: true });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(b.location + _bundle_mac_js__WEBPACK_IMPORTED_MODULE_5__/* .MAC_SUFFIX */ .Ej, { force: true });
        }
    }
}


/***/ }),

/***/ 20225:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JI: () => (/* binding */ containerActivity),
/* harmony export */   nx: () => (/* binding */ activityOf),
/* harmony export */   pQ: () => (/* binding */ notRunning)
/* harmony export */ });
/* unused harmony export restarting */
/* harmony import */ var _docker_docker_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(98293);
/* harmony import */ var _docker_parse_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(55298);
/* harmony import */ var _docker_runner_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(87240);



/** At most this many process lists are asked for at once. */
const AT_ONCE = 4;
/**
 * What a busy list shows may be ending: buildx's own `ls`/`inspect` and every build exec `buildctl
 * dial-stdio` into running nodes, and a build's last step (its runc and shell) goes only after the
 * build's client has returned; on a loaded host either can take seconds (seen after the heal's own
 * baseline build, and after a test's build under two test shards' load). A busy list is asked for
 * again after each of these pauses (10 s in all) before it counts as busy; a real build stays for
 * its whole length, so a busy builder is still kept, only later. The quick look (the pre-build
 * step, `quick`) waits so only on a list of buildx's clients alone (6 s at most): a build running
 * beside it is busy at once there, not 10 s later.
 */
const RECHECK_MS = [300, 600, 800, 800, 1500, 2000, 2000, 2000];
const QUICK_RECHECK_MS = RECHECK_MS.slice(0, 6);
async function containerActivity(docker, engine, names, quick = false) {
    const out = {};
    const queue = [...names];
    const worker = async () => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift())
            out[name] = await activityOf(docker, engine, name, quick);
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, names.length) }, worker));
    return out;
}
async function activityOf(docker, engine, name, quick = false) {
    let p = await top(docker, engine, name);
    for (const ms of quick ? QUICK_RECHECK_MS : RECHECK_MS) {
        if (p.parsed === undefined || (0,_docker_parse_index_js__WEBPACK_IMPORTED_MODULE_1__/* .buildkitActivity */ .cJ)(p.parsed) !== 'busy')
            break;
        if (quick && !onlyClients(p.parsed))
            break;
        await new Promise((r) => setTimeout(r, ms));
        const again = await top(docker, engine, name);
        if (again.parsed === undefined)
            break;
        p = again;
    }
    if (p.parsed === undefined)
        return { state: restarting(p.result) ? 'restarting' : 'unknown', processes: [], evidence: p.result };
    return { state: (0,_docker_parse_index_js__WEBPACK_IMPORTED_MODULE_1__/* .buildkitActivity */ .cJ)(p.parsed), processes: p.parsed.map((x) => x.args), evidence: p.result };
}
/** The daemon refused the process list because the container is restarting: its process exited. */
function restarting(r) {
    return !(0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .succeeded */ .gq)(r) && !r.timedOut && /\bis restarting\b/i.test(`${r.stderr}\n${r.stdout}`);
}
/** The container is gone or stopped: nothing can be building in it. */
function notRunning(r) {
    return !(0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .succeeded */ .gq)(r) && !r.timedOut && /is not running|no such container/i.test(`${r.stderr}\n${r.stdout}`);
}
async function top(docker, engine, name) {
    if (engine !== undefined) {
        const psArgs = encodeURIComponent('-o pid,args');
        const result = await engine.get(`/containers/${encodeURIComponent(name)}/top?ps_args=${psArgs}`, {
            timeoutMs: docker.timeouts.probe,
        });
        if ((0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .succeeded */ .gq)(result))
            return (0,_docker_docker_js__WEBPACK_IMPORTED_MODULE_0__/* .attempt */ .CD)(result, _docker_parse_index_js__WEBPACK_IMPORTED_MODULE_1__/* .parseTop */ .fm);
        // A daemon that does not answer in time will not answer the CLI either.
        if (result.timedOut)
            return { result, parseError: 'top timed out' };
    }
    return docker.top(name);
}
/** Besides buildkitd only connected clients (`buildctl dial-stdio`), no build step. */
function onlyClients(ps) {
    const extra = ps.filter((p) => (0,_docker_parse_index_js__WEBPACK_IMPORTED_MODULE_1__/* .buildkitActivity */ .cJ)([p]) === 'busy');
    return extra.length > 0 && extra.every((p) => (0,_docker_parse_index_js__WEBPACK_IMPORTED_MODULE_1__/* .programName */ .kX)(p.args) === 'buildctl' && /\bdial-stdio\b/.test(p.args));
}


/***/ }),

/***/ 77603:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h_: () => (/* binding */ gatherClient),
/* harmony export */   ju: () => (/* binding */ decodeConfigJson)
/* harmony export */ });
/* unused harmony export contextInUse */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(74296);
/* harmony import */ var _core_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(69928);
/* harmony import */ var _docker_parse_config_json_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(13231);
/**
 * Facts of the Docker *client* layer, read with fs only (no process): `config.json` and its
 * `currentContext`, every context's `meta.json`, the context in use and where that comes from (the
 * docker CLI's own order: DOCKER_HOST, DOCKER_CONTEXT, config.json, default), the environment
 * variables docker and buildx read, and the files under the config dir this user cannot read or
 * change. The checks in src/checks/client.ts judge them.
 */






/** The variables docker and buildx read that can point them at something missing or dead. */
const CLIENT_ENV = [
    'DOCKER_HOST',
    'DOCKER_CONTEXT',
    'DOCKER_CONFIG',
    'BUILDX_BUILDER',
    'DOCKER_BUILDKIT',
    'BUILDX_CONFIG',
];
function code(e) {
    return typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : undefined;
}
async function gatherClient(paths, env) {
    const [configJson, contexts, unreadable, dirs] = await Promise.all([
        readConfigJson(paths.configJson),
        readContexts(paths.contextsMetaDir),
        unreadableFiles(paths),
        Promise.all([envDir(env.DOCKER_CONFIG), envDir(env.BUILDX_CONFIG)]),
    ]);
    const vars = {};
    for (const k of CLIENT_ENV) {
        const v = env[k];
        if (v !== undefined && v !== '')
            vars[k] = v;
    }
    const facts = {
        configJson,
        contexts,
        env: vars,
        inUse: contextInUse(vars, configJson.currentContext),
        unreadable,
        envDirs: {},
    };
    if (dirs[0] !== undefined)
        facts.envDirs.DOCKER_CONFIG = dirs[0];
    if (dirs[1] !== undefined)
        facts.envDirs.BUILDX_CONFIG = dirs[1];
    return facts;
}
/** The docker CLI's order (cli/command/cli.go resolveContextName): DOCKER_HOST, DOCKER_CONTEXT, config.json. */
function contextInUse(env, currentContext) {
    if (env.DOCKER_HOST !== undefined)
        return { name: 'default', source: 'DOCKER_HOST' };
    if (env.DOCKER_CONTEXT !== undefined)
        return { name: env.DOCKER_CONTEXT, source: 'DOCKER_CONTEXT' };
    if (currentContext !== undefined && currentContext !== '')
        return { name: currentContext, source: 'config.json' };
    return { name: 'default', source: 'default' };
}
async function readConfigJson(path) {
    let content;
    try {
        content = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path, 'utf8');
    }
    catch (e) {
        if (code(e) === 'ENOENT')
            return { path, exists: false };
        return { path, exists: true, readError: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e) };
    }
    const out = { path, exists: true };
    const d = decodeConfigJson(content);
    if (d.error !== undefined) {
        out.parseError = d.error;
        out.size = Buffer.byteLength(content);
        return out;
    }
    // Any key case, as the CLI's Go decoder matches it (`CurrentContext` counts).
    const cur = d.value !== undefined ? (0,_docker_parse_config_json_js__WEBPACK_IMPORTED_MODULE_5__/* .currentContextOf */ .c)(d.value) : undefined;
    if (cur !== undefined)
        out.currentContext = cur;
    return out;
}
/**
 * config.json as the docker CLI reads it (cli/config/configfile: one `json.Decoder.Decode` into the
 * settings struct): the first JSON value counts and anything after it is never read; an empty file
 * or a `null` is no settings; a first value that is not an object (or does not parse) is an error,
 * on which docker warns and runs without the file. Checked against the docker CLI on the test daemon.
 */
function decodeConfigJson(text) {
    // JSON's own white space only, as Go's decoder: a byte order mark or another space before the
    // value is an error to docker ("invalid character '\u00ef'"), which then runs without the file.
    const start = text.search(/[^ \t\r\n]/);
    if (start < 0)
        return {};
    let v;
    try {
        v = JSON.parse(text.slice(start, firstValueEnd(text, start)));
    }
    catch (e) {
        return { error: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e) };
    }
    if (v === null)
        return {};
    if (typeof v !== 'object' || Array.isArray(v))
        return { error: 'not a JSON object' };
    return { value: v };
}
/** Where the JSON value starting at `start` ends (its closing bracket or quote; the text's end when it has none). */
function firstValueEnd(text, start) {
    const open = text[start];
    if (open === '"') {
        for (let i = start + 1; i < text.length; i++) {
            if (text[i] === '\\')
                i++;
            else if (text[i] === '"')
                return i + 1;
        }
        return text.length;
    }
    if (open !== '{' && open !== '[') {
        const m = /^[^\s{}[\]",:]*/.exec(text.slice(start));
        return start + (m?.[0].length ?? 0);
    }
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
        const c = text[i];
        if (inString) {
            if (c === '\\')
                i++;
            else if (c === '"')
                inString = false;
        }
        else if (c === '"')
            inString = true;
        else if (c === '{' || c === '[')
            depth++;
        else if (c === '}' || c === ']') {
            depth--;
            if (depth === 0)
                return i + 1;
        }
    }
    return text.length;
}
/** Every `contexts/meta/<sha>/meta.json`; a directory without one is skipped, as docker skips it. */
async function readContexts(metaDir) {
    let dirs;
    try {
        dirs = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(metaDir);
    }
    catch {
        return [];
    }
    const out = await Promise.all(dirs.map(async (d) => {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(metaDir, d, 'meta.json');
        let text;
        try {
            text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path, 'utf8');
        }
        catch (e) {
            if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR')
                return undefined;
            return { path, error: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e) };
        }
        try {
            const m = JSON.parse(text);
            if (typeof m.Name !== 'string' || m.Name === '')
                return { path, error: 'no Name in meta.json' };
            const c = { path, name: m.Name };
            const host = m.Endpoints?.docker?.Host;
            if (typeof host === 'string')
                c.endpoint = host;
            return c;
        }
        catch (e) {
            return { path, error: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e) };
        }
    }));
    return out
        .filter((c) => c !== undefined)
        .sort((a, b) => (a.name ?? a.path).localeCompare(b.name ?? b.path));
}
/** How a DOCKER_CONFIG / BUILDX_CONFIG directory looks: missing (and creatable?), not a directory. */
async function envDir(dir) {
    if (dir === undefined || dir === '')
        return undefined;
    try {
        const s = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(dir);
        return s.isDirectory() ? undefined : { path: dir, problem: 'exists and is not a directory' };
    }
    catch (e) {
        if (code(e) !== 'ENOENT')
            return { path: dir, problem: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e) };
    }
    // Missing: docker and buildx create it, when the nearest existing parent is writable.
    let p = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(dir);
    for (let i = 0; i < 64; i++) {
        try {
            const s = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(p);
            if (!s.isDirectory())
                return { path: dir, problem: `${p} is not a directory` };
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access)(p, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.W_OK);
            return undefined;
        }
        catch (e) {
            if (code(e) !== 'ENOENT')
                return { path: dir, problem: `does not exist and cannot be created (${p}: ${code(e) ?? (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e)})` };
        }
        const up = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(p);
        if (up === p)
            break;
        p = up;
    }
    return undefined;
}
/** Max entries looked at under the config dir (a runner's ~/.docker stays small). */
const WALK_LIMIT = 2000;
/** Under the config dir, what docker and buildx read and write; backups and plugins are not theirs to change. */
const SKIP = new Set(['cli-plugins', 'buildkit-healer', 'scan', 'mutagen']);
/** Looked at, not walked: buildx keeps one file per build under `refs` (thousands on a busy runner). */
const NO_DESCEND = new Set(['refs']);
/**
 * Files and directories docker or buildx must read or change that this user cannot (`access`):
 * what `sudo docker buildx ...` leaves root-owned. Only meaningful for a non-root user.
 */
async function unreadableFiles(paths) {
    const out = [];
    let seen = 0;
    const visit = async (p, depth) => {
        if (++seen > WALK_LIMIT)
            return;
        let s;
        try {
            s = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(p);
        }
        catch {
            return;
        }
        const need = s.isDirectory() ? node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.R_OK | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.W_OK | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK : node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.R_OK | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.W_OK;
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access)(p, need);
        }
        catch (e) {
            const c = code(e);
            // A read-only mount (ARC runners mount config.json read-only) is not a permission problem.
            if (c === 'EROFS')
                return;
            let readable = true;
            try {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access)(p, s.isDirectory() ? node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.R_OK | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK : node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.R_OK);
            }
            catch {
                readable = false;
            }
            out.push({ path: p, readable, directory: s.isDirectory(), uid: s.uid, mode: s.mode & 0o7777 });
            if (!readable)
                return;
        }
        if (!s.isDirectory() || depth > 4 || NO_DESCEND.has((0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(p)))
            return;
        let entries;
        try {
            entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(p);
        }
        catch {
            return;
        }
        for (const e of entries) {
            if (depth === 0 && SKIP.has(e))
                continue;
            // What a heal moved aside (root-owned, dated names): neither docker nor buildx reads it.
            if (_core_files_js__WEBPACK_IMPORTED_MODULE_4__/* .ASIDE_NAME */ .zS.test(e))
                continue;
            await visit((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(p, e), depth + 1);
        }
    };
    await visit(paths.configDir, 0);
    // BUILDX_CONFIG may live outside the config dir.
    if (!paths.buildxDir.startsWith(`${paths.configDir}/`))
        await visit(paths.buildxDir, 1);
    return out;
}


/***/ }),

/***/ 83219:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  H1: () => (/* binding */ baselineSpec),
  Vf: () => (/* binding */ isStep),
  kF: () => (/* binding */ removeOutput),
  _B: () => (/* binding */ runTestBuild)
});

// UNUSED EXPORTS: summarizeBuild, testBuildArgs

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/docker/runner.ts
var runner = __webpack_require__(87240);
;// CONCATENATED MODULE: ./src/docker/parse/progress.ts
function isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}
function arr(v) {
    return Array.isArray(v) ? v.filter(isObj) : [];
}
/**
 * Splits a stream of JSON objects (buildx 0.13 pretty-prints them over many lines, newer versions
 * print one a line) from any text around them. An object starts with `{` at the start of a line
 * and ends where the brace depth, outside strings, returns to zero.
 */
function splitJsonStream(text) {
    const chunks = [];
    let i = 0;
    let textStart = 0;
    const n = text.length;
    while (i < n) {
        if (text[i] !== '{' || !/^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', i - 1) + 1, i))) {
            i++;
            continue;
        }
        let depth = 0;
        let inString = false;
        let j = i;
        for (; j < n; j++) {
            const c = text[j];
            if (inString) {
                if (c === '\\')
                    j++;
                else if (c === '"')
                    inString = false;
            }
            else if (c === '"')
                inString = true;
            else if (c === '{' || c === '[')
                depth++;
            else if (c === '}' || c === ']') {
                depth--;
                if (depth === 0)
                    break;
            }
        }
        if (j >= n) {
            if (textStart < i)
                chunks.push({ kind: 'text', text: text.slice(textStart, i) });
            return { chunks, truncated: true };
        }
        if (textStart < i)
            chunks.push({ kind: 'text', text: text.slice(textStart, i) });
        chunks.push({ kind: 'json', text: text.slice(i, j + 1) });
        i = j + 1;
        textStart = i;
    }
    if (textStart < n)
        chunks.push({ kind: 'text', text: text.slice(textStart) });
    return { chunks, truncated: false };
}
function decode(b64) {
    return typeof b64 === 'string' ? Buffer.from(b64, 'base64').toString('utf8') : '';
}
function earliest(a, b) {
    if (a === undefined)
        return b;
    if (b === undefined)
        return a;
    return b < a ? b : a;
}
function latest(a, b) {
    if (a === undefined)
        return b;
    if (b === undefined)
        return a;
    return b > a ? b : a;
}
function merge(into, v) {
    const name = str(v.name);
    if (name !== undefined)
        into.name = name;
    if (v.cached === true)
        into.cached = true;
    const started = earliest(into.started, str(v.started));
    if (started !== undefined)
        into.started = started;
    const completed = latest(into.completed, str(v.completed));
    if (completed !== undefined)
        into.completed = completed;
    const error = str(v.error);
    if (error !== undefined)
        into.error = error;
}
/** Vertices merged by digest, decoded logs and warnings, vertex errors and trailing `ERROR:` lines. */
function parseRawJsonProgress(text) {
    const { chunks, truncated } = splitJsonStream(text);
    const byDigest = new Map();
    const logs = [];
    const errors = [];
    const warnings = [];
    let objects = 0;
    const addError = (e) => {
        if (!errors.includes(e))
            errors.push(e);
    };
    for (const chunk of chunks) {
        if (chunk.kind === 'text') {
            for (const line of chunk.text.split('\n'))
                if (line.startsWith('ERROR:'))
                    addError(line.trim());
            continue;
        }
        let o;
        try {
            o = JSON.parse(chunk.text);
        }
        catch {
            // Balanced braces but not JSON: text that happened to start with `{`.
            continue;
        }
        if (!isObj(o))
            continue;
        objects++;
        for (const v of arr(o.vertexes)) {
            const digest = str(v.digest);
            if (digest === undefined)
                continue;
            let vertex = byDigest.get(digest);
            if (vertex === undefined) {
                vertex = { digest, name: '', cached: false };
                byDigest.set(digest, vertex);
            }
            merge(vertex, v);
        }
        for (const l of arr(o.logs)) {
            const lines = decode(l.data)
                .replace(/\r?\n$/, '')
                .split(/\r?\n/);
            if (lines.length === 1 && lines[0] === '')
                continue;
            logs.push(...lines);
        }
        for (const w of arr(o.warnings)) {
            const short = decode(w.short).trim();
            if (short !== '')
                warnings.push(short);
        }
    }
    if (objects === 0 && errors.length === 0 && text.trim() !== '') {
        throw new Error(`rawjson progress: no JSON object in output: ${JSON.stringify(text.trim().slice(0, 120))}`);
    }
    const vertices = [...byDigest.values()];
    for (const v of vertices)
        if (v.error !== undefined)
            addError(v.error);
    // Vertex errors first (the cause), then buildx's own summary lines.
    errors.sort((a, b) => Number(a.startsWith('ERROR:')) - Number(b.startsWith('ERROR:')));
    const result = { vertices, logs, errors, warnings };
    if (truncated)
        result.truncated = true;
    return result;
}

;// CONCATENATED MODULE: ./src/tasks/testbuild.ts





/** The argv after `docker buildx` for a spec; pure, so it is tested as "spec -> argv". */
function testBuildArgs(spec, contextDir, outputDir) {
    const args = ['build', '--progress=rawjson'];
    if (spec.builder !== undefined)
        args.push('--builder', spec.builder);
    if (spec.platforms && spec.platforms.length > 0)
        args.push('--platform', spec.platforms.join(','));
    for (const c of spec.cacheFrom ?? [])
        args.push('--cache-from', c);
    for (const c of spec.cacheTo ?? [])
        args.push('--cache-to', c);
    if (spec.noCache)
        args.push('--no-cache');
    for (const [k, v] of Object.entries(spec.buildArgs ?? {}))
        args.push('--build-arg', `${k}=${v}`);
    args.push('--output', `type=local,dest=${outputDir}`);
    args.push('--file', (0,external_node_path_.join)(contextDir, 'Dockerfile'));
    args.push(contextDir);
    return args;
}
/**
 * The tiny build timed by diagnose (baseline) and validate. `FROM scratch` + `COPY` needs no
 * image pull, so it works on any runner, online or not; the fresh token makes its output
 * tell a real run from a cache hit.
 */
function baselineSpec(token) {
    return {
        dockerfile: 'FROM scratch\nCOPY token.txt /token.txt\n',
        files: { 'token.txt': `${token}\n` },
    };
}
/** Writes the context (Dockerfile + files) into `dir`, refusing paths that escape it. */
async function writeContext(dir, spec) {
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'Dockerfile'), spec.dockerfile);
    for (const [rel, content] of Object.entries(spec.files ?? {})) {
        const target = (0,external_node_path_.resolve)(dir, rel);
        if (!target.startsWith((0,external_node_path_.resolve)(dir) + external_node_path_.sep))
            throw new Error(`test build: context file escapes the context: ${rel}`);
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
        await (0,promises_.writeFile)(target, content);
    }
}
/**
 * Runs the build through the docker door with a timeout. Never throws for a failed build:
 * the result says what happened, with the whole command result as evidence.
 */
async function runTestBuild(docker, spec, timeoutMs) {
    const contextDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'bkh-build-'));
    try {
        await writeContext(contextDir, spec);
        // A default output dir is the caller's to read and remove (see removeOutput).
        const outputDir = spec.outputDir ?? (await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'bkh-out-')));
        const started = Date.now();
        const result = await docker.buildx(testBuildArgs(spec, contextDir, outputDir), { timeoutMs });
        const durationMs = Date.now() - started;
        return summarizeBuild(result, durationMs, outputDir);
    }
    finally {
        await (0,promises_.rm)(contextDir, { recursive: true, force: true });
    }
}
/** Removes a build's output dir when runTestBuild made it (no `outputDir` in the spec). */
async function removeOutput(spec, r) {
    if (spec.outputDir === undefined)
        await (0,promises_.rm)(r.outputDir, { recursive: true, force: true });
}
/** Judges a finished build from its rawjson stream and exit; pure, for unit tests over recorded output. */
function summarizeBuild(result, durationMs, outputDir) {
    const progress = parseRawJsonProgress(result.stderr);
    const vertices = progress.vertices;
    const steps = vertices.filter((v) => isStep(v.name));
    const cachedSteps = steps.filter((v) => v.cached).length;
    const vertexError = vertices.find((v) => v.error !== undefined && v.error !== '');
    const incomplete = steps.filter((v) => !v.cached && v.completed === undefined);
    let error;
    if (result.timedOut)
        error = `test build timed out after ${durationMs} ms`;
    else if (result.spawnError !== undefined)
        error = `test build could not start: ${result.spawnError}`;
    else if (vertexError)
        error = `${vertexError.name}: ${vertexError.error ?? ''}`;
    else if (!(0,runner/* succeeded */.gq)(result)) {
        error =
            progress.errors[progress.errors.length - 1] ??
                lastLine(result.stderr) ??
                `docker buildx build exited ${String(result.exitCode)}`;
    }
    else if (incomplete.length > 0)
        error = `steps never completed: ${incomplete.map((v) => v.name).join(', ')}`;
    const out = {
        ok: error === undefined,
        durationMs,
        result,
        vertices,
        cachedSteps,
        totalSteps: steps.length,
        outputDir,
    };
    if (error !== undefined)
        out.error = error;
    return out;
}
/**
 * A Dockerfile step vertex that does work: `[2/3] RUN ...`, `[base 2/2] COPY ...`,
 * `[linux/arm64 2/2] ...`. `FROM` steps are left out: BuildKit resolves the base image again on
 * every build and does not flag it `cached`, so counting it would make no build "fully cached".
 */
function isStep(name) {
    const m = /^\[[^\]]*?\b\d+\/\d+\]\s*(\S*)/.exec(name);
    return m !== null && m[1]?.toUpperCase() !== 'FROM';
}
/** Last non-empty line of output that is not part of a JSON object (a plain `ERROR:` or CLI message). */
function lastLine(text) {
    const lines = text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !/^[{}[\]"]/.test(l));
    return lines[lines.length - 1];
}


/***/ })

};
