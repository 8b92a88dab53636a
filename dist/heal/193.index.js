export const id = 193;
export const ids = [193];
export const modules = {

/***/ 15193:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   appendHistory: () => (/* binding */ appendHistory),
/* harmony export */   benchmarkKey: () => (/* binding */ benchmarkKey),
/* harmony export */   readHistory: () => (/* binding */ readHistory),
/* harmony export */   runBenchmark: () => (/* binding */ runBenchmark),
/* harmony export */   trendOf: () => (/* binding */ trendOf)
/* harmony export */ });
/* unused harmony exports benchmarkArgs, hasCacheOnly, median, HISTORY_FILE */
/* harmony import */ var _core_crypto_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16082);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _docker_runner_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(87240);
/* harmony import */ var _core_files_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(69928);
/**
 * The team's own build as the baseline (`benchmark-context` and the inputs beside it): one warm-up
 * run that is not measured, then timed `runs` times with `--no-cache` (every step runs, as on a
 * cold runner) and its output discarded (`type=cacheonly`), the median counting. The warm-up takes
 * what only a fresh builder pays (its bootstrap, the Dockerfile frontend, base image layers in its
 * content store): validate times a builder a repair just re-created against diagnose's warm one, and
 * both measure the same warm builder. The slowdown rule compares like with like and needs no allowance. `check` appends each median to a
 * history file in the local store, from which the trend and a week-on-week slowdown are read.
 */






/**
 * `docker buildx` argv of one benchmark run on `builder`. `cacheOnly` false (a BuildKit older than
 * 0.11, which has no cacheonly exporter): the result is streamed to /dev/null as a tar instead,
 * still discarded; diagnose and validate run on the same builder, so they still compare alike.
 */
function benchmarkArgs(spec, builder, cacheOnly = true) {
    const output = cacheOnly ? 'type=cacheonly' : 'type=tar,dest=/dev/null';
    const args = ['build', '--builder', builder, '--no-cache', '--output', output, '--file', spec.dockerfile];
    if (spec.target !== undefined)
        args.push('--target', spec.target);
    for (const [k, v] of Object.entries(spec.buildArgs))
        args.push('--build-arg', `${k}=${v}`);
    args.push(spec.context);
    return args;
}
/**
 * Whether this BuildKit has the cacheonly exporter (BuildKit 0.11 and later). A version that does not
 * say (missing, `v0.0.0+unknown` as distribution builds of dockerd report it) is taken as able.
 */
function hasCacheOnly(buildkitVersion) {
    const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(buildkitVersion?.trim() ?? '');
    if (m === null)
        return true;
    const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (major === 0 && minor === 0 && patch === 0)
        return true;
    return major > 0 || minor >= 11;
}
/** The BuildKit version `buildx inspect` reports for `builder`'s first node that says; undefined when none. */
async function buildkitOf(docker, builder) {
    try {
        const i = await docker.inspect(builder);
        return i.parsed?.nodes.find((n) => n.buildkitVersion !== undefined)?.buildkitVersion;
    }
    catch {
        return undefined;
    }
}
function median(values) {
    const v = [...values].sort((a, b) => a - b);
    if (v.length === 0)
        return NaN;
    const mid = Math.floor(v.length / 2);
    return v.length % 2 === 1 ? (v[mid] ?? NaN) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
}
/** Runs the benchmark build once to warm the builder (not measured), then `spec.runs` times on `builder`; stops at the first failure. */
async function runBenchmark(docker, spec, builder, timeoutMs) {
    const runsMs = [];
    let warmupMs;
    let evidence;
    const buildkit = await buildkitOf(docker, builder);
    const cacheOnly = hasCacheOnly(buildkit);
    const fallback = cacheOnly
        ? {}
        : {
            note: `BuildKit ${buildkit ?? '?'} on ${builder} has no cacheonly output (0.11 and later): output streamed to /dev/null as a tar`,
        };
    for (let i = -1; i < spec.runs; i++) {
        const r = await docker.buildx(benchmarkArgs(spec, builder, cacheOnly), { timeoutMs });
        evidence = r;
        if (!(0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_4__/* .succeeded */ .gq)(r)) {
            const why = r.timedOut
                ? `timed out after ${Math.round(r.durationMs / 1000)} s`
                : (r.stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit ${String(r.exitCode)}`);
            return {
                ok: false,
                medianMs: median(runsMs),
                runsMs,
                ...(warmupMs !== undefined ? { warmupMs } : {}),
                error: `benchmark ${i < 0 ? 'warm-up ' : ''}build failed: ${why}`,
                evidence: redacted(r),
                ...fallback,
            };
        }
        if (i < 0)
            warmupMs = r.durationMs;
        else
            runsMs.push(r.durationMs);
    }
    return {
        ok: true,
        medianMs: Math.round(median(runsMs)),
        runsMs,
        ...(warmupMs !== undefined ? { warmupMs } : {}),
        ...(evidence ? { evidence: redacted(evidence) } : {}),
        ...fallback,
    };
}
/** Evidence without build-arg values (a token passed as a build argument never reaches a report). */
function redacted(r) {
    const argv = r.argv.map((a, i) => r.argv[i - 1] === '--build-arg' && a.includes('=') ? `${a.slice(0, a.indexOf('='))}=***` : a);
    return { ...r, argv };
}
/** A path as the build sees it: absolute, symlinks resolved (the path itself when it cannot be). */
function resolvedPath(p) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.realpathSync)(p);
    }
    catch {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(p);
    }
}
/**
 * Identifies the benchmark: the builder it ran on, the resolved context and Dockerfile paths, the
 * target, the build arguments and the Dockerfile's content. A changed build, another builder or
 * another checkout is never compared with the old one's history.
 */
function benchmarkKey(spec, dockerfile, builder) {
    const h = (0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .createHash */ .n1)('sha256');
    h.update(JSON.stringify([
        'v2',
        builder,
        resolvedPath(spec.context),
        resolvedPath(spec.dockerfile),
        spec.target ?? '',
        Object.entries(spec.buildArgs).sort(),
    ]));
    h.update(dockerfile);
    return h.digest('hex').slice(0, 16);
}
const HISTORY_FILE = 'benchmark-history.jsonl';
/** The history of this benchmark in the local store (oldest first); unreadable lines and those of another key (another build or builder, or an older key format) are skipped. */
async function readHistory(storeDir, key) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(storeDir, HISTORY_FILE), 'utf8');
    }
    catch {
        return [];
    }
    const out = [];
    for (const line of text.split('\n')) {
        if (line.trim() === '')
            continue;
        try {
            const e = JSON.parse(line);
            if (typeof e !== 'object' || e === null)
                continue;
            if (e.key === key && typeof e.at === 'string' && typeof e.medianMs === 'number' && Number.isFinite(e.medianMs))
                out.push({ at: e.at, key, builder: String(e.builder ?? ''), medianMs: e.medianMs, runs: Number(e.runs ?? 0) });
        }
        catch {
            /* a torn line (a run killed mid-write) */
        }
    }
    return out.sort((a, b) => a.at.localeCompare(b.at));
}
async function appendHistory(storeDir, e) {
    await (0,_core_files_js__WEBPACK_IMPORTED_MODULE_5__/* .makeDir */ .gE)(storeDir, 0o700);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.appendFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(storeDir, HISTORY_FILE), `${JSON.stringify(e)}\n`, { mode: 0o600 });
}
const WEEK_MS = 7 * 86_400_000;
function trendOf(history, now, medianMs) {
    const cutoff = now.getTime() - WEEK_MS + 12 * 3_600_000;
    const older = history.filter((e) => Date.parse(e.at) <= cutoff);
    const ref = older.at(-1);
    const recent = [
        ...history.map((e) => ({ at: e.at, medianMs: e.medianMs })),
        { at: now.toISOString(), medianMs },
    ].slice(-8);
    if (ref === undefined)
        return { recent };
    const slowdownPercent = ref.medianMs > 0 ? Math.round(((medianMs - ref.medianMs) / ref.medianMs) * 100) : 0;
    return { lastWeek: { at: ref.at, medianMs: ref.medianMs, slowdownPercent }, recent };
}


/***/ })

};
