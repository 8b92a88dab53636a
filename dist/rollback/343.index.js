export const id = 343;
export const ids = [343];
export const modules = {

/***/ 36343:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   enforceBuilderCachePolicy: () => (/* binding */ enforceBuilderCachePolicy),
/* harmony export */   enforceCachePolicy: () => (/* binding */ enforceCachePolicy),
/* harmony export */   policyReport: () => (/* binding */ policyReport),
/* harmony export */   readCacheUsage: () => (/* binding */ readCacheUsage)
/* harmony export */ });
/* unused harmony exports parseBuildCacheDf, prunable, planPolicy */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _docker_engine_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(66556);
/* harmony import */ var _docker_runner_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(87240);
/**
 * The seeds' cache policy, enforced by the pre-build step (`auto`): keep the daemon's build cache
 * (the `default` builder's) at most `cache-limit` (10GB), and let records unused for `cache-max-age`
 * (30 days) go.
 *
 * Cheap enough for the quick path: usage comes from the Engine API's `GET
 * /system/df?type=build-cache` (a few milliseconds, absolute last-use times) beside the quick
 * diagnose. Without a local socket (a remote host, a context) `docker buildx du` is asked at most once
 * per `cache-check-interval`, with a timestamp file in the backup directory.
 *
 * Pruning uses the one filter BuildKit applies to last use, `until` (its keep-duration): records
 * older than the max age go; when the cache is still over the limit, the least recently used go down
 * to it, with an `until` just under the age of the last record removed (never under the first one
 * kept): every moment between the plan and BuildKit's own clock reading makes every record older, so
 * the whole gap between the two is the margin of the records that must stay. Records in
 * use are never counted as prunable (BuildKit never prunes them either), nor records shared with
 * images (a prune cannot free them), nor internal/frontend ones (a prune without `--all` keeps them).
 */




/** `GET /system/df?type=build-cache` \u2192 records; pure, for tests over recorded bodies. */
function parseBuildCacheDf(body) {
    const d = JSON.parse(body);
    return (d.BuildCache ?? []).map((r) => {
        const rec = {
            id: r.ID ?? '',
            type: r.Type ?? '',
            size: r.Size ?? 0,
            inUse: r.InUse === true,
            shared: r.Shared === true,
        };
        const t = Date.parse(r.LastUsedAt ?? r.CreatedAt ?? '');
        if (Number.isFinite(t))
            rec.lastUsedMs = t;
        if (r.Description !== undefined)
            rec.description = r.Description;
        return rec;
    });
}
/** A record `buildx prune` (without `--all`) may remove. */
function prunable(r) {
    return !r.inUse && !r.shared && r.type !== 'internal' && r.type !== 'frontend';
}
/**
 * Pure: what to prune so the cache is under `limitBytes` with nothing older than `maxAgeSeconds`.
 * Least recently used first; the cut (`until`, whole seconds) sits just under the age of the last
 * record removed, so the seconds that pass before the prune runs (they only age records) do not move
 * a kept record across it. Records less than a second apart cannot be told apart by it: the limit
 * wins, and a record used within the same second as the last one removed goes too.
 */
function planPolicy(records, opts, nowMs) {
    const total = records.reduce((a, r) => a + r.size, 0);
    const cands = records
        .filter((r) => prunable(r) && r.lastUsedMs !== undefined)
        .sort((a, b) => (a.lastUsedMs ?? 0) - (b.lastUsedMs ?? 0));
    const age = (r) => (nowMs - (r.lastUsedMs ?? nowMs)) / 1000;
    const aged = cands.filter((r) => age(r) > opts.maxAgeSeconds);
    let freed = aged.reduce((a, r) => a + r.size, 0);
    let cut = aged.length;
    while (total - freed > opts.limitBytes && cut < cands.length) {
        freed += cands[cut]?.size ?? 0;
        cut++;
    }
    if (cut === 0)
        return {
            expectedBytes: 0,
            agedRecords: 0,
            reason: total > opts.limitBytes
                ? 'over the limit, but no record can be pruned (in use, shared with images, or internal)'
                : 'within the policy',
        };
    const lastOut = cands[cut - 1];
    const firstIn = cands[cut];
    let until;
    if (cut === aged.length)
        until = opts.maxAgeSeconds;
    else
        until = firstIn === undefined ? 0 : Math.ceil(age(lastOut ?? firstIn)) - 1;
    until = Math.max(0, Math.min(until, opts.maxAgeSeconds));
    const over = total - aged.reduce((a, r) => a + r.size, 0) > opts.limitBytes;
    const reason = [
        aged.length > 0 ? `${aged.length} record(s) unused for over ${formatAge(opts.maxAgeSeconds)}` : '',
        over ? `${total} bytes over the limit of ${opts.limitBytes}` : '',
    ]
        .filter(Boolean)
        .join('; ');
    return { untilSeconds: until, expectedBytes: freed, agedRecords: aged.length, reason };
}
function formatAge(s) {
    return s % 86_400 === 0 ? `${s / 86_400}d` : `${s}s`;
}
/** The daemon's Engine API when the CLI would reach the same socket (and the runner is real). */
async function engineFor(deps) {
    if (!(0,_docker_engine_js__WEBPACK_IMPORTED_MODULE_2__/* .runsRealProcesses */ .I9)(deps.docker.runner))
        return undefined;
    const configJson = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(deps.docker.paths.configJson, 'utf8').catch(() => undefined);
    const socket = (0,_docker_engine_js__WEBPACK_IMPORTED_MODULE_2__/* .localEngineSocket */ .Tc)(deps.docker.env, configJson);
    return socket === undefined ? undefined : new _docker_engine_js__WEBPACK_IMPORTED_MODULE_2__/* .EngineApi */ .PB(socket);
}
const STAMP = 'cache-check.json';
/**
 * The interval stamp `file` in `dir` (`{"at": ms}`): whether a look is due at `nowMs` (the last one
 * `intervalSeconds` ago or more), the stamp renewed when it is. No readable stamp yet: `firstDue`
 * says whether that look is due now or the stamp only starts the interval. A stamp that cannot be
 * written never stops the look.
 */
async function intervalDue(dir, file, intervalSeconds, nowMs, firstDue) {
    const stamp = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, file);
    const last = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(stamp, 'utf8')
        .then((t) => JSON.parse(t).at)
        .then((at) => (typeof at === 'number' && Number.isFinite(at) ? at : 0))
        .catch(() => undefined);
    // A stamp from the future (a clock set back) is as good as none: the look is due.
    const due = last === undefined ? firstDue : nowMs - last >= intervalSeconds * 1000 || last > nowMs;
    if (due || last === undefined)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(dir, { recursive: true })
            .then(() => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(stamp, JSON.stringify({ at: nowMs })))
            .catch(() => undefined);
    return due;
}
/**
 * Build cache usage, cheaply: the Engine API when the socket is local; else `buildx du`, at most
 * once per interval (undefined when the last look is recent enough).
 */
async function readCacheUsage(deps, opts, stampDir, known) {
    const engine = await engineFor(deps);
    if (engine !== undefined) {
        const r = await engine.get(_docker_engine_js__WEBPACK_IMPORTED_MODULE_2__/* .BUILD_CACHE_PATH */ .Q7, { timeoutMs: deps.docker.timeouts.probe });
        if ((0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .succeeded */ .gq)(r)) {
            try {
                const records = parseBuildCacheDf(r.stdout);
                return {
                    source: 'engine-api',
                    totalBytes: records.reduce((a, x) => a + x.size, 0),
                    records,
                    evidence: { ...r, stdout: `${records.length} record(s)` },
                };
            }
            catch {
                // An answer we cannot read: the CLI below.
            }
        }
    }
    if (known?.parsed !== undefined)
        return { source: 'buildx du', totalBytes: known.parsed.totalBytes, evidence: known.result };
    // No stamp directory: asked now whatever the interval (the re-read after a prune).
    if (stampDir !== undefined && !(await intervalDue(stampDir, STAMP, opts.checkIntervalSeconds, Date.now(), true)))
        return undefined;
    const du = await deps.docker.du('default');
    if (du.parsed === undefined)
        return undefined;
    return { source: 'buildx du', totalBytes: du.parsed.totalBytes, evidence: du.result };
}
/** What `check` and every report say about the policy. */
function policyReport(u, opts, nowMs) {
    const r = {
        enabled: opts.enabled,
        limitBytes: opts.limitBytes,
        maxAgeSeconds: opts.maxAgeSeconds,
        source: u.source,
        usageBytes: u.totalBytes,
        overLimit: u.totalBytes > opts.limitBytes,
    };
    if (u.records !== undefined) {
        r.prunableBytes = u.records.filter(prunable).reduce((a, x) => a + x.size, 0);
        r.agedRecords = u.records.filter((x) => prunable(x) && x.lastUsedMs !== undefined && (nowMs - x.lastUsedMs) / 1000 > opts.maxAgeSeconds).length;
    }
    return r;
}
/**
 * Enforces the policy on the daemon's build cache (the `default` builder). Returns the action to
 * report (undefined when there was nothing to do) with the bytes freed, measured by reading the
 * usage again.
 */
async function enforceCachePolicy(deps, opts, usage, report) {
    let args;
    let reason;
    if (usage.records !== undefined) {
        const plan = planPolicy(usage.records, opts, Date.now());
        if (plan.untilSeconds === undefined) {
            if (report.overLimit)
                report.note = plan.reason;
            return undefined;
        }
        args = ['buildx', 'prune', '--force', '--builder', 'default', '--filter', `until=${plan.untilSeconds}s`];
        reason = plan.reason;
    }
    else {
        // No absolute times (buildx du): BuildKit's own size filter, and the age filter.
        if (!report.overLimit)
            return undefined;
        args = [
            'buildx',
            'prune',
            '--force',
            '--builder',
            'default',
            '--keep-storage',
            String(opts.limitBytes),
            '--filter',
            `until=${opts.maxAgeSeconds}s`,
        ];
        reason = `${usage.totalBytes} bytes over the limit of ${opts.limitBytes}`;
    }
    const command = (0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .commandLine */ .ay)([deps.docker.bin, ...args]);
    const r = await deps.docker.run(args, { timeoutMs: deps.docker.timeouts.slow, mutates: true });
    const action = { action: 'cache.policy', target: 'default', ok: (0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .succeeded */ .gq)(r), command };
    if (r.dryRun) {
        action.dryRun = true;
        action.detail = `would prune: ${reason}`;
        return action;
    }
    if (!(0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .succeeded */ .gq)(r)) {
        action.detail = `prune failed: ${r.stderr.trim() || `exit ${String(r.exitCode)}`}`;
        return action;
    }
    const after = await readCacheUsage(deps, opts);
    const afterBytes = after?.totalBytes;
    const freed = afterBytes === undefined ? undefined : Math.max(0, usage.totalBytes - afterBytes);
    if (freed !== undefined)
        action.freedBytes = freed;
    report.freedBytes = freed;
    if (afterBytes !== undefined) {
        report.usageAfterBytes = afterBytes;
        report.overLimit = afterBytes > opts.limitBytes;
    }
    action.detail = `${reason}: freed ${freed ?? '?'} bytes (${usage.totalBytes} \u2192 ${afterBytes ?? '?'} bytes; limit ${opts.limitBytes}, max age ${formatAge(opts.maxAgeSeconds)})`;
    return action;
}
/**
 * The same policy for the builder in use when it is a docker-container builder (what
 * `docker/setup-buildx-action` and most self-hosted runners build on): its cache lives in its own
 * state volume, which the daemon's usage does not count. Read with `buildx du --builder` at most
 * once per `cache-check-interval` (a stamp per builder; the first run on a host only starts the
 * interval). Over `cache-limit`: records older than `cache-max-age` go (`--filter until=`), then,
 * when still over, the least recently used down to it (`--keep-storage`, BuildKit's own order).
 * Records in use are never pruned (BuildKit keeps them). Returns the action with the bytes freed,
 * or undefined when not due or within the limit.
 */
async function enforceBuilderCachePolicy(deps, opts, builder, stampDir, nowMs = Date.now()) {
    const stamp = `cache-check-builder-${builder.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`;
    // The first run on this host starts the interval: a hosted runner (a fresh builder, a fresh HOME
    // every job) never pays for a look at a cache that cannot have grown yet.
    if (!(await intervalDue(stampDir, stamp, opts.checkIntervalSeconds, nowMs, false)))
        return undefined;
    const before = await deps.docker.du(builder);
    if (before.parsed === undefined)
        return undefined;
    const usage = before.parsed.totalBytes;
    // Within the limit: nothing to prune (records past the max age go with the next prune it needs).
    if (usage <= opts.limitBytes)
        return undefined;
    const prune = (extra) => deps.docker.run(['buildx', 'prune', '--force', '--builder', builder, ...extra], {
        timeoutMs: deps.docker.timeouts.slow,
        mutates: true,
    });
    const commands = [];
    const aged = ['--filter', `until=${opts.maxAgeSeconds}s`];
    const r1 = await prune(aged);
    commands.push((0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .commandLine */ .ay)([deps.docker.bin, 'buildx', 'prune', '--force', '--builder', builder, ...aged]));
    let ok = (0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .succeeded */ .gq)(r1);
    let detail = ok ? '' : `prune failed: ${r1.stderr.trim() || `exit ${String(r1.exitCode)}`}`;
    let after = ok ? await deps.docker.du(builder) : undefined;
    if (ok && (after?.parsed?.totalBytes ?? usage) > opts.limitBytes) {
        const size = ['--keep-storage', String(opts.limitBytes)];
        const r2 = await prune(size);
        commands.push((0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .commandLine */ .ay)([deps.docker.bin, 'buildx', 'prune', '--force', '--builder', builder, ...size]));
        ok = (0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .succeeded */ .gq)(r2);
        if (!ok)
            detail = `prune failed: ${r2.stderr.trim() || `exit ${String(r2.exitCode)}`}`;
        else
            after = await deps.docker.du(builder);
    }
    const afterBytes = after?.parsed?.totalBytes;
    const freed = afterBytes === undefined ? undefined : Math.max(0, usage - afterBytes);
    const action = { action: 'cache.policy', target: builder, ok, command: commands.join(' && ') };
    if (r1.dryRun === true)
        action.dryRun = true;
    if (freed !== undefined)
        action.freedBytes = freed;
    action.detail = ok
        ? `builder ${builder}'s own cache (its state volume): freed ${freed ?? '?'} bytes (${usage} \u2192 ${afterBytes ?? '?'} bytes; limit ${opts.limitBytes}, max age ${formatAge(opts.maxAgeSeconds)})`
        : detail;
    return action;
}


/***/ })

};
