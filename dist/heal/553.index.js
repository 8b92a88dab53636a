export const id = 553;
export const ids = [553];
export const modules = {

/***/ 89553:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  start: () => (/* binding */ start)
});

// EXTERNAL MODULE: ./src/docker/head-start.ts
var head_start = __webpack_require__(69849);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/core/options.ts
var options = __webpack_require__(83457);
// EXTERNAL MODULE: ./src/core/deadline.ts
var core_deadline = __webpack_require__(56343);
// EXTERNAL MODULE: ./src/core/duration.ts
var duration = __webpack_require__(98571);
// EXTERNAL MODULE: ./src/docker/engine.ts
var docker_engine = __webpack_require__(66556);
// EXTERNAL MODULE: ./src/docker/paths.ts
var docker_paths = __webpack_require__(81012);
// EXTERNAL MODULE: ./src/docker/plugin.ts
var docker_plugin = __webpack_require__(39409);
// EXTERNAL MODULE: ./src/docker/runner.ts
var docker_runner = __webpack_require__(87240);
// EXTERNAL MODULE: ./src/docker/plugin-memo.ts
var plugin_memo = __webpack_require__(66424);
;// CONCATENATED MODULE: ./src/docker/prestart.ts
/**
 * The head start of a healthy `auto` run: before the entry loads its chunk (15-25 ms of module
 * compile and link), it starts the quick look's questions, so that the daemon and the buildx
 * plugin work while Node loads. The quick look then asks the very same questions and takes these
 * answers (src/docker/head-start.ts: same program, arguments, whole environment and timeout; same
 * socket, path and timeout); anything else is asked as before. Nothing is judged differently,
 * nothing is asked twice, and what is not taken is dropped.
 *
 * Started only where it is surely the quick look's question and changes nothing:
 *   - an `auto` run (the action's `mode` input, the CLI's `heal` with `--mode auto` or none), with
 *     the probe timeout its `timeout` input or `--timeout` gives (anything unreadable: no head start,
 *     the run's own parser reports it); the process calls only where the run's `deadline` leaves
 *     their timeout as it is (see below);
 *   - the plugin's `buildx ls` only where buildx's own files are there already (on a fresh HOME an
 *     `ls` creates them, and a run that stops on bad input must change nothing);
 *   - the plugin's metadata check only where its answer is not remembered for that very binary
 *     (src/docker/plugin-memo.ts: the quick look takes the remembered one);
 *   - the Engine API reads only where the CLI would use the local socket.
 * `BKH_PRESTART=0` turns it off.
 */









/** The `timeout` value in seconds as the option parser reads it (a whole number, 1-3600), else undefined. */
function probeTimeoutOf(value) {
    const v = (value ?? '').trim();
    if (v === '')
        return options/* DEFAULT_TIMEOUTS */.Rh.probe;
    if (!/^\d+$/.test(v))
        return undefined;
    const n = Number(v);
    return n >= 1 && n <= 3600 ? n * 1000 : undefined;
}
function ahead(timeout, deadline) {
    const probeMs = probeTimeoutOf(timeout);
    if (probeMs === undefined)
        return undefined;
    const d = (deadline ?? '').trim();
    const deadlineS = d === '' ? core_deadline/* DEFAULT_DEADLINE_MS */.u8 / 1000 : (0,duration/* boundedSeconds */.t$)(d, core_deadline/* MIN_DEADLINE_S */.UY, core_deadline/* MAX_DEADLINE_S */.wf);
    const processes = deadlineS !== undefined && probeMs < deadlineS * 1000 - 60_000;
    return { probeMs, processes };
}
/** The action: mode `auto` (its default is `check`, which asks nothing ahead). */
function actionQuickLook(env) {
    if ((env.INPUT_MODE ?? '').trim() !== 'auto')
        return undefined;
    return ahead(env.INPUT_TIMEOUT, env.INPUT_DEADLINE);
}
/**
 * The CLI: `heal` in mode auto (`--mode auto` or no --mode; the value as the parser takes it, not
 * trimmed), no help in any spelling.
 */
function cliQuickLook(argv) {
    if (argv[0] !== 'heal')
        return undefined;
    let mode = 'auto';
    let timeout;
    let deadline;
    for (let i = 1; i < argv.length; i++) {
        const a = argv[i];
        const eq = a.indexOf('=');
        const name = eq > 0 ? a.slice(0, eq) : a;
        if (name === '--help' || name === '-h')
            return undefined;
        if (name !== '--mode' && name !== '--timeout' && name !== '--deadline')
            continue;
        const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined)
            return undefined;
        if (name === '--mode')
            mode = value;
        else if (name === '--timeout')
            timeout = value;
        else
            deadline = value;
    }
    if (mode !== 'auto')
        return undefined;
    return ahead(timeout, deadline);
}
/** True when buildx's own state files are all there (then its `ls` creates none). */
function buildxStateReady(paths) {
    return [
        paths.instancesDir,
        paths.defaultsDir,
        paths.activityDir,
        paths.currentFile,
        `${paths.buildxDir}/.lock`,
    ].every((p) => {
        try {
            return (0,external_node_fs_.lstatSync)(p, { throwIfNoEntry: false }) !== undefined;
        }
        catch {
            return false; // not a directory on the way (ENOTDIR), no permission: not there for sure
        }
    });
}
/**
 * Starts the quick look's questions (see above) with `probeMs`, on `env` (the environment the run's
 * Docker door and runner get). Synchronous, and called before the entry loads its chunk: what it
 * needs to know first is a read of config.json and a few stat calls, and a spawn made here starts
 * at once, where one waiting on an asynchronous read would start only after the chunk compiled
 * (the main thread is busy with it). The `ls` goes first (the longest), then the reads (the build
 * cache's usage is the daemon's slowest answer), then the two short processes. Never throws: a head
 * start that cannot start is simply none.
 */
function prestartQuickLook(env, look) {
    if (look === undefined || env.BKH_PRESTART === '0')
        return;
    const probeMs = look.probeMs;
    try {
        const paths = (0,docker_paths/* dockerPaths */.p)(env);
        const config = (0,docker_plugin/* readConfigJson */.DZ)(paths);
        const pick = look.processes ? (0,docker_plugin/* buildxPick */.qY)(env, paths, config) : undefined;
        const runner = new docker_runner/* ProcessRunner */.Si(env);
        const calls = pick !== undefined && 'path' in pick ? (0,docker_plugin/* quickLookCalls */.QN)('docker', env, paths, pick.path, probeMs) : undefined;
        if (calls !== undefined && buildxStateReady(paths))
            runner.startAhead(calls.ls.file, calls.ls.args, calls.ls.opts);
        const socket = (0,docker_engine/* localEngineSocket */.Tc)(env, config.text);
        if (socket !== undefined) {
            const engine = new docker_engine/* EngineApi */.PB(socket);
            for (const path of docker_engine/* QUICK_ENGINE_PATHS */.E9)
                engine.startAhead(path, { timeoutMs: probeMs });
        }
        if (calls !== undefined) {
            runner.startAhead(calls.version.file, calls.version.args, calls.version.opts);
            // Not where the quick look will take a remembered answer (src/docker/plugin-memo.ts).
            if ((0,plugin_memo/* recallMetadata */.l_)(env, calls.metadata.file) === undefined) {
                (0,plugin_memo/* beforeMetadataRun */.m8)(calls.metadata.file);
                runner.startAhead(calls.metadata.file, calls.metadata.args, calls.metadata.opts);
            }
        }
    }
    catch {
        // No head start: the quick look asks everything itself.
    }
}

;// CONCATENATED MODULE: ./src/action/start-heal.ts
// The heal action's start, loaded by its entry (src/action/heal.ts) as a cached chunk: in mode
// auto the quick look's questions start (the head start, src/docker/prestart.ts), then the host
// loads as a chunk and runs.


function start() {
    prestartQuickLook(process.env, actionQuickLook(process.env));
    return (0,head_start/* withHeadStart */.H5)(() => Promise.all(/* import() */[__webpack_require__.e(848), __webpack_require__.e(688)]).then(__webpack_require__.bind(__webpack_require__, 41688)), ({ run }) => run());
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

/***/ 98571:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gi: () => (/* binding */ boundedSecondsAccepted),
/* harmony export */   lW: () => (/* binding */ parseDurationSeconds),
/* harmony export */   t$: () => (/* binding */ boundedSeconds)
/* harmony export */ });
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
function boundedSeconds(value, min, max) {
    let secs;
    try {
        secs = parseDurationSeconds(value);
    }
    catch {
        return undefined;
    }
    return Number.isFinite(secs) && secs >= min && secs <= max ? secs : undefined;
}
/** What `boundedSeconds` accepts, for the error that names the input. */
function boundedSecondsAccepted(min, max) {
    return `a duration from ${min}s to ${max / 3600}h, such as 30m, 1h or 90s`;
}
/**
 * Seconds of a Go duration (`720h`, `1h30m`, `90m`) or days/weeks (`30d`, `2w`: people write
 * them, Go does not read them). Throws a plain Error for anything else.
 */
function parseDurationSeconds(text) {
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

/***/ 83457:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KQ: () => (/* binding */ defaultOptions),
/* harmony export */   Rh: () => (/* binding */ DEFAULT_TIMEOUTS),
/* harmony export */   sT: () => (/* binding */ diagnoseOptionsOf),
/* harmony export */   sb: () => (/* binding */ DEFAULT_BASE_IMAGE)
/* harmony export */ });
/* unused harmony export GB */
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

/***/ 66556:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E9: () => (/* binding */ QUICK_ENGINE_PATHS),
/* harmony export */   I9: () => (/* binding */ runsRealProcesses),
/* harmony export */   PB: () => (/* binding */ EngineApi),
/* harmony export */   Q7: () => (/* binding */ BUILD_CACHE_PATH),
/* harmony export */   SW: () => (/* binding */ LEFTOVER_VOLUMES_PATH),
/* harmony export */   Tc: () => (/* binding */ localEngineSocket),
/* harmony export */   pW: () => (/* binding */ INFO_PATH),
/* harmony export */   xN: () => (/* binding */ LEFTOVER_CONTAINERS_PATH)
/* harmony export */ });
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
/* harmony export */   H5: () => (/* binding */ withHeadStart),
/* harmony export */   ZG: () => (/* binding */ processKey),
/* harmony export */   cE: () => (/* binding */ engineKey),
/* harmony export */   qx: () => (/* binding */ dropHeadStart),
/* harmony export */   s: () => (/* binding */ take),
/* harmony export */   x: () => (/* binding */ offer)
/* harmony export */ });
/* unused harmony exports pending, headStartCounts */
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

/***/ 81012:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ dockerPaths)
/* harmony export */ });
/* unused harmony export contextDirName */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_crypto_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(16082);



function dockerPaths(env = process.env) {
    const configDir = env.DOCKER_CONFIG && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(env.HOME ?? (0,node_os__WEBPACK_IMPORTED_MODULE_0__.homedir)(), '.docker');
    const buildxDir = env.BUILDX_CONFIG && env.BUILDX_CONFIG !== '' ? env.BUILDX_CONFIG : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(configDir, 'buildx');
    return {
        configDir,
        configJson: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(configDir, 'config.json'),
        buildxDir,
        instancesDir: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(buildxDir, 'instances'),
        currentFile: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(buildxDir, 'current'),
        defaultsDir: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(buildxDir, 'defaults'),
        activityDir: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(buildxDir, 'activity'),
        contextsMetaDir: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(configDir, 'contexts', 'meta'),
        contextsTlsDir: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(configDir, 'contexts', 'tls'),
        cliPluginsDir: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(configDir, 'cli-plugins'),
    };
}
/** The docker CLI stores a context's metadata under the SHA-256 of its name. */
function contextDirName(name) {
    return createHash('sha256').update(name).digest('hex');
}


/***/ }),

/***/ 66424:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ZB: () => (/* binding */ rememberMetadata),
/* harmony export */   l_: () => (/* binding */ recallMetadata),
/* harmony export */   m8: () => (/* binding */ beforeMetadataRun)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_compile_cache_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61701);
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
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, 'r');
        const head = Buffer.alloc(4);
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, head, 0, 4, 0) === 4 && NATIVE_MAGIC.includes(head.toString('hex'));
    }
    catch {
        return false;
    }
    finally {
        if (fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
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
        const s = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path, { bigint: true });
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
    return (0,_core_compile_cache_js__WEBPACK_IMPORTED_MODULE_2__/* .userCacheDir */ .bE)(env, 'buildkit-healer-memo');
}
function memoFile(dir, plugin) {
    const name = `metadata-${encodeURIComponent(plugin)}.json`;
    return name.length <= 240 ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name) : undefined;
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
        const m = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'));
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
    (0,_core_compile_cache_js__WEBPACK_IMPORTED_MODULE_2__/* .writeWhole */ .f8)(file, JSON.stringify({ identity, stdout: result.stdout }));
}


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
/* harmony export */   Jc: () => (/* binding */ hostRunner),
/* harmony export */   LZ: () => (/* binding */ DryRunRunner),
/* harmony export */   Si: () => (/* binding */ ProcessRunner),
/* harmony export */   X4: () => (/* binding */ DeadlineRunner),
/* harmony export */   ay: () => (/* binding */ commandLine),
/* harmony export */   gq: () => (/* binding */ succeeded)
/* harmony export */ });
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


/***/ })

};
