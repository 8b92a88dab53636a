export const id = 435;
export const ids = [435];
export const modules = {

/***/ 36435:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubStore: () => (/* binding */ GitHubStore)
/* harmony export */ });
/* unused harmony exports SIDECAR, isGitHubRuntime, cacheSetsOf */
/* harmony import */ var _core_crypto_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16082);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(74296);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(91774);
/**
 * The GitHub store: the bundle as a workflow artifact (`@actions/artifact`), cache data beside it in
 * the Actions cache (`@actions/cache`), one entry per runner and builder. Both libraries are loaded
 * with `import()` inside the methods only, so a healthy `auto` run never parses them.
 *
 * The libraries read the runner's variables from `process.env` themselves (ACTIONS_RUNTIME_TOKEN,
 * ACTIONS_RESULTS_URL, GITHUB_API_URL, RUNNER_TEMP, GITHUB_WORKSPACE...); this class reads the names
 * it builds (runner, run id, attempt) from the `env` it is given, which defaults to `process.env`.
 */







/** Written into the artifact beside the bundle: what a later fetch needs to find and check it. */
const SIDECAR = 'buildkit-healer-store.json';
/** True when the runner gave this step what the results service needs. */
function isGitHubRuntime(env = process.env) {
    return Boolean(env.ACTIONS_RUNTIME_TOKEN) && Boolean(env.ACTIONS_RESULTS_URL);
}
const noLog = { info() { }, warn() { }, error() { }, debug() { } };
function checkInt(input, v, lo, hi) {
    if (!Number.isInteger(v) || v < lo || v > hi)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .dz(input, String(v), `an integer from ${lo} to ${hi}`);
    return v;
}
/** Validates another run's coordinates before any request. `workflowRunId` 0: run unknown. */
function parseOtherRun(o) {
    if (!o.token)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .dz('github-token', '', 'a token with actions:read on the repository (needed for another run)');
    const given = o.runId === undefined ? '' : String(o.runId).trim();
    const runId = given === '' ? 0 : Number(given);
    if (!Number.isSafeInteger(runId) || runId < 0 || (given !== '' && runId === 0)) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .dz('run-id', given, 'a workflow run id (a positive integer)');
    }
    const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(o.repository.trim());
    if (!m?.[1] || !m[2])
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .dz('repository', o.repository, 'owner/name');
    return { token: o.token, workflowRunId: runId, repositoryOwner: m[1], repositoryName: m[2] };
}
/**
 * GitHub answers 403 ("Resource not accessible by integration") when the job's token lacks
 * `actions: read`: say which permission, since the API's own text does not.
 */
function permissionHint(e) {
    return /\b403\b|forbidden|not accessible by integration/i.test((0,_core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(e))
        ? ' (the token lacks a permission: give the job `permissions: actions: read`, or pass a github-token that has it)'
        : '';
}
async function sha256File(path) {
    const h = (0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .createHash */ .n1)('sha256');
    for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path))
        h.update(chunk);
    return h.digest('hex');
}
/** A hard link where possible (no copy of a large bundle), a copy across file systems. */
async function linkOrCopy(from, to) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.link)(from, to);
    }
    catch {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.copyFile)(from, to);
    }
}
function toBackup(a) {
    return {
        name: a.name,
        location: `artifact:${a.id}`,
        artifactId: String(a.id),
        bytes: a.size,
        ...(a.createdAt ? { createdAt: a.createdAt.toISOString() } : {}),
    };
}
class GitHubStore {
    opts;
    kind = 'github';
    env;
    log;
    findBy;
    constructor(opts) {
        this.opts = opts;
        checkInt('retention-days', opts.retentionDays, 1, 90);
        checkInt('compression-level', opts.compressionLevel, 0, 9);
        if (!(opts.maxBytes > 0))
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .dz('max-backup-size', String(opts.maxBytes), 'a positive size in bytes');
        this.env = opts.env ?? process.env;
        this.log = opts.log ?? noLog;
        this.findBy = opts.source ? parseOtherRun(opts.source) : undefined;
    }
    where() {
        const f = this.findBy;
        if (!f)
            return 'this workflow run';
        return f.workflowRunId > 0
            ? `workflow run ${f.workflowRunId} of ${f.repositoryOwner}/${f.repositoryName}`
            : `${f.repositoryOwner}/${f.repositoryName}`;
    }
    names() {
        return {
            runner: this.env.RUNNER_NAME?.trim() || (0,node_os__WEBPACK_IMPORTED_MODULE_3__.hostname)(),
            runId: this.env.GITHUB_RUN_ID?.trim() || 'local',
            attempt: this.env.GITHUB_RUN_ATTEMPT?.trim() || '1',
        };
    }
    /** Where an artifact comes from: the other run named, else this run of this repository. */
    origin() {
        const f = this.findBy;
        if (f) {
            const repository = `${f.repositoryOwner}/${f.repositoryName}`;
            return f.workflowRunId > 0 ? { repository, runId: String(f.workflowRunId) } : { repository };
        }
        const repository = this.env.GITHUB_REPOSITORY?.trim();
        const runId = this.env.GITHUB_RUN_ID?.trim();
        return { ...(repository ? { repository } : {}), ...(runId ? { runId } : {}) };
    }
    findOpts() {
        return this.findBy ? { findBy: this.findBy } : {};
    }
    /** Warnings (cache data not saved) are returned on the backup, not logged: the caller reports them once. */
    async save(req) {
        (0,_names_js__WEBPACK_IMPORTED_MODULE_6__/* .validateArtifactName */ .YG)(req.name);
        if (this.findBy)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SafetyError */ .dd(`the GitHub store was opened on ${this.where()}: it can only save to this run`);
        const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(req.bundlePath).catch((e) => {
            throw new Error(`backup bundle ${req.bundlePath} cannot be read: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(e)}`);
        });
        if (!st.isFile())
            throw new Error(`backup bundle ${req.bundlePath} is not a file`);
        // Refused before any request: an upload that GitHub or the runner's disk cannot hold should
        // fail fast and say why, not after minutes of streaming.
        if (st.size > this.opts.maxBytes) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SafetyError */ .dd(`backup bundle ${(0,node_path__WEBPACK_IMPORTED_MODULE_4__.basename)(req.bundlePath)} is ${st.size} bytes, over the limit of ${this.opts.maxBytes} bytes: not uploaded (raise max-backup-size, or back up less)`);
        }
        const sha256 = await sha256File(req.bundlePath);
        const warnings = [];
        const sets = cacheSetsOf(req);
        // Cache data first, so the sidecar lists only entries that were really saved. A cache failure
        // is a warning: the config backup must never be lost because the cache service is down.
        const saved = sets.length > 0 ? await this.saveCaches(sets, warnings) : [];
        const staging = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(this.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_3__.tmpdir)(), 'bkh-artifact-'));
        try {
            const bundleFile = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.basename)(req.bundlePath);
            await linkOrCopy(req.bundlePath, (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(staging, bundleFile));
            const sidecar = {
                schema: 1,
                name: req.name,
                bundle: bundleFile,
                bytes: st.size,
                sha256,
                createdAt: new Date().toISOString(),
                cache: saved,
            };
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(staging, SIDECAR), `${JSON.stringify(sidecar, null, 2)}\n`);
            const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(110), __webpack_require__.e(458)]).then(__webpack_require__.bind(__webpack_require__, 67458));
            let res;
            try {
                res = await new DefaultArtifactClient().uploadArtifact(req.name, [(0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(staging, bundleFile), (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(staging, SIDECAR)], staging, {
                    retentionDays: this.opts.retentionDays,
                    compressionLevel: this.opts.compressionLevel,
                });
            }
            catch (e) {
                // This IS an error: without the artifact there is no backup, and the heal must not clean.
                // The cache warnings would be lost with the return value: they ride along in the message.
                const also = warnings.length > 0 ? ` (also: ${warnings.join('; ')})` : '';
                throw new Error(`uploading backup ${req.name} as a GitHub artifact failed: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(e)}${also}`, {
                    cause: e,
                });
            }
            if (res.id === undefined)
                throw new Error(`uploading backup ${req.name} as a GitHub artifact returned no artifact id`);
            this.log.info(`backup ${req.name} uploaded as artifact ${res.id} (${st.size} bytes, kept ${this.opts.retentionDays} days)`);
            return {
                name: req.name,
                location: `artifact:${res.id}`,
                artifactId: String(res.id),
                bytes: st.size,
                createdAt: sidecar.createdAt,
                ...(saved.length > 0 ? { cacheKeys: saved.map((c) => c.key) } : {}),
                ...(warnings.length > 0 ? { warnings } : {}),
            };
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(staging, { recursive: true, force: true });
        }
    }
    async saveCaches(sets, warnings) {
        const n = this.names();
        const out = [];
        let cache;
        try {
            cache = await Promise.all(/* import() */[__webpack_require__.e(110), __webpack_require__.e(91)]).then(__webpack_require__.bind(__webpack_require__, 18091));
        }
        catch (e) {
            warnings.push(`cache data not saved: @actions/cache could not be loaded: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(e)}`);
            return out;
        }
        if (!cache.isFeatureAvailable()) {
            const w = 'cache data not saved: the Actions cache service is not available to this step (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL unset)';
            warnings.push(w);
            return out;
        }
        for (const set of sets) {
            const key = (0,_names_js__WEBPACK_IMPORTED_MODULE_6__/* .cacheKey */ .k$)({ runner: n.runner, builder: set.builder, runId: n.runId, attempt: n.attempt });
            let id = -1;
            let why = 'the cache service refused or could not be reached';
            try {
                id = await cache.saveCache(set.paths, key);
            }
            catch (e) {
                why = (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(e);
            }
            if (id === -1) {
                const w = `cache data of builder ${set.builder} not saved under key ${key}: ${why}; the configuration backup is not affected`;
                warnings.push(w);
                continue;
            }
            this.log.info(`cache data of builder ${set.builder} saved under key ${key}`);
            out.push({
                builder: set.builder,
                key,
                restoreKeys: (0,_names_js__WEBPACK_IMPORTED_MODULE_6__/* .cacheRestoreKeys */ .rd)({ runner: n.runner, builder: set.builder }),
                paths: set.paths,
            });
        }
        return out;
    }
    async listArtifacts() {
        if (this.findBy?.workflowRunId === 0) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .dz('run-id', '', `the workflow run that made the backup, to list or find backups by name in ${this.where()} (or give an artifact id)`);
        }
        const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(110), __webpack_require__.e(458)]).then(__webpack_require__.bind(__webpack_require__, 67458));
        try {
            const { artifacts } = await new DefaultArtifactClient().listArtifacts({ latest: true, ...this.findOpts() });
            return artifacts;
        }
        catch (e) {
            throw new Error(`listing the GitHub artifacts of ${this.where()} failed: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(e)}${permissionHint(e)}`, { cause: e });
        }
    }
    /** Backups among the artifacts of this run (or of the other run given), newest first. Other
     * artifacts are left out (see isBackupArtifactName); `fetch` by name or id still reaches them. */
    async list() {
        return backupsOf(await this.listArtifacts());
    }
    async fetch(name, destDir, opts = {}) {
        const byId = opts.artifactId !== undefined && String(opts.artifactId) !== '' ? Number(opts.artifactId) : undefined;
        if (byId !== undefined && (!Number.isSafeInteger(byId) || byId <= 0)) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .dz('artifact-id', String(opts.artifactId), 'a GitHub artifact id (a positive integer)');
        }
        if (byId === undefined)
            (0,_names_js__WEBPACK_IMPORTED_MODULE_6__/* .validateArtifactName */ .YG)(name);
        // Another run, run unknown, by id: nothing to list; the REST download needs only the id.
        const blind = byId !== undefined && this.findBy?.workflowRunId === 0;
        const match = await this.findArtifact(name, byId, blind);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(destDir, { recursive: true });
        const dl = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(destDir, '.bkh-download-'));
        try {
            await this.download(match, dl);
            const sidecar = await readSidecar(dl);
            const bundlePath = await takeBundle(dl, destDir, match.name, sidecar);
            const backup = {
                ...toBackup(match),
                // Found blind by id: the sidecar names it (checked like any name before it is trusted).
                ...(blind && sidecar && isValidName(sidecar.name) ? { name: sidecar.name } : {}),
                // The bundle's own size (the listing gives the zip's).
                ...(sidecar ? { bytes: sidecar.bytes } : {}),
                ...(blind && sidecar ? { createdAt: sidecar.createdAt } : {}),
                ...(sidecar?.cache.length ? { cacheKeys: sidecar.cache.map((c) => c.key) } : {}),
            };
            const origin = this.origin();
            if (opts.verify)
                await opts.verify(bundlePath, origin);
            if (!opts.restoreCache)
                return { backup, bundlePath, origin };
            const cacheRestored = await this.restoreCaches(sidecar?.cache ?? []);
            const warnings = cacheRestored.flatMap((c) => (c.warning ? [c.warning] : []));
            return {
                backup: { ...backup, ...(warnings.length > 0 ? { warnings } : {}) },
                bundlePath,
                cacheRestored,
                origin,
            };
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(dl, { recursive: true, force: true });
        }
    }
    /** The artifact by id or by name (the newest of that name); blind (by id, run unknown): the id alone. */
    async findArtifact(name, byId, blind) {
        const artifacts = blind ? [] : await this.listArtifacts();
        const match = blind && byId !== undefined
            ? { id: byId, name: name || `artifact-${byId}`, size: 0 }
            : artifacts
                .filter((a) => (byId !== undefined ? a.id === byId : a.name === name))
                .sort((a, b) => b.id - a.id)[0];
        if (match)
            return match;
        const seen = backupsOf(artifacts).map((b) => b.name);
        const others = artifacts.length - seen.length;
        const what = byId !== undefined ? `artifact id ${byId}` : `backup named ${JSON.stringify(name)}`;
        throw new Error(`no ${what} in ${this.where()}; backups there: ${seen.length > 0 ? seen.join(', ') : 'none'}${others > 0 ? ` (and ${others} other artifact${others === 1 ? '' : 's'})` : ''}`);
    }
    /** Downloads the artifact into `dl`; one whose digest is not the one GitHub recorded is refused. */
    async download(match, dl) {
        const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(110), __webpack_require__.e(458)]).then(__webpack_require__.bind(__webpack_require__, 67458));
        let r;
        try {
            r = await new DefaultArtifactClient().downloadArtifact(match.id, {
                path: dl,
                ...(match.digest ? { expectedHash: match.digest } : {}),
                ...this.findOpts(),
            });
        }
        catch (e) {
            throw new Error(`downloading backup ${match.name} (artifact ${match.id}) from ${this.where()} failed: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(e)}${permissionHint(e)}`, { cause: e });
        }
        if (r.digestMismatch === true)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SafetyError */ .dd(`backup ${match.name} (artifact ${match.id}) arrived with a digest other than the one GitHub recorded: not used`);
    }
    /** Puts cache data back; a miss or a service failure is a warning, never a failed rollback. */
    async restoreCaches(entries) {
        if (entries.length === 0)
            return [];
        const cache = await Promise.all(/* import() */[__webpack_require__.e(110), __webpack_require__.e(91)]).then(__webpack_require__.bind(__webpack_require__, 18091));
        const out = [];
        for (const e of entries) {
            const base = { builder: e.builder, key: e.key, paths: e.paths };
            try {
                const matched = await cache.restoreCache([...e.paths], e.key, e.restoreKeys);
                if (matched) {
                    this.log.info(`cache data of builder ${e.builder} restored from key ${matched}`);
                    out.push({ ...base, matchedKey: matched });
                }
                else {
                    const w = `cache data of builder ${e.builder} not restored: no cache entry for key ${e.key} or its restore keys (evicted, or the service is unreachable)`;
                    out.push({ ...base, warning: w });
                }
            }
            catch (e2) {
                const w = `cache data of builder ${e.builder} not restored (key ${e.key}): ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(e2)}`;
                out.push({ ...base, warning: w });
            }
        }
        return out;
    }
    async remove(name) {
        (0,_names_js__WEBPACK_IMPORTED_MODULE_6__/* .validateArtifactName */ .YG)(name);
        const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(110), __webpack_require__.e(458)]).then(__webpack_require__.bind(__webpack_require__, 67458));
        try {
            await new DefaultArtifactClient().deleteArtifact(name, this.findOpts());
        }
        catch (e) {
            throw new Error(`deleting backup ${name} from ${this.where()} failed: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(e)}`, { cause: e });
        }
    }
}
/** One set per builder (one key each: the service takes a key once per run attempt), paths in order. */
function cacheSetsOf(req) {
    const byBuilder = new Map();
    const add = (builder, paths) => {
        const list = byBuilder.get(builder) ?? [];
        for (const p of paths)
            if (p && !list.includes(p))
                list.push(p);
        byBuilder.set(builder, list);
    };
    add(req.builder ?? 'all', req.cachePaths);
    for (const s of req.cacheSets ?? [])
        add(s.builder, s.paths);
    return [...byBuilder].filter(([, paths]) => paths.length > 0).map(([builder, paths]) => ({ builder, paths }));
}
function isValidName(n) {
    try {
        return typeof n === 'string' && (0,_names_js__WEBPACK_IMPORTED_MODULE_6__/* .validateArtifactName */ .YG)(n) === n;
    }
    catch {
        return false;
    }
}
function backupsOf(artifacts) {
    return artifacts
        .filter((a) => (0,_names_js__WEBPACK_IMPORTED_MODULE_6__/* .isBackupArtifactName */ .CZ)(a.name))
        .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0) || b.id - a.id)
        .map(toBackup);
}
/**
 * The downloaded bundle moved into `destDir`: the one the sidecar names (its SHA-256 checked
 * against the one uploaded), or the only bundle of an artifact without a sidecar. Returns its path.
 */
async function takeBundle(dl, destDir, artifactName, sidecar) {
    const bundleFile = sidecar ? sidecar.bundle : await singleBundle(dl, artifactName);
    const bundlePath = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(destDir, bundleFile);
    if (sidecar) {
        const got = await sha256File((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(dl, bundleFile));
        if (got !== sidecar.sha256) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SafetyError */ .dd(`backup ${artifactName}: bundle ${bundleFile} has sha256 ${got}, but ${sidecar.sha256} was uploaded: not used`);
        }
    }
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(dl, bundleFile), bundlePath);
    return bundlePath;
}
async function readSidecar(dir) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(dir, SIDECAR), 'utf8');
    }
    catch {
        return undefined;
    }
    const s = JSON.parse(text);
    // The bundle name comes from the artifact: accept a plain file name only, never a path.
    if (s.schema !== 1 ||
        typeof s.bundle !== 'string' ||
        (0,node_path__WEBPACK_IMPORTED_MODULE_4__.basename)(s.bundle) !== s.bundle ||
        s.bundle === '..' ||
        s.bundle === '.' ||
        !s.bundle) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SafetyError */ .dd(`the artifact's ${SIDECAR} is not one this version understands`);
    }
    if (typeof s.sha256 !== 'string' || !Array.isArray(s.cache))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SafetyError */ .dd(`the artifact's ${SIDECAR} is incomplete`);
    const cache = s.cache.filter((c) => typeof c?.key === 'string' &&
        typeof c.builder === 'string' &&
        Array.isArray(c.paths) &&
        Array.isArray(c.restoreKeys));
    return { ...s, cache };
}
/** An artifact without our sidecar (uploaded by hand): accept exactly one `.tar.gz` in it. */
async function singleBundle(dir, name) {
    const files = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir, { withFileTypes: true }))
        .filter((d) => d.isFile() && d.name.endsWith('.tar.gz'))
        .map((d) => d.name);
    if (files.length !== 1 || !files[0]) {
        throw new Error(`artifact ${name} holds ${files.length} .tar.gz files, not one backup bundle`);
    }
    return files[0];
}


/***/ }),

/***/ 91774:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CZ: () => (/* binding */ isBackupArtifactName),
/* harmony export */   YG: () => (/* binding */ validateArtifactName),
/* harmony export */   aw: () => (/* binding */ backupName),
/* harmony export */   ce: () => (/* binding */ compactTimestamp),
/* harmony export */   f: () => (/* binding */ sanitizeForArtifact),
/* harmony export */   k$: () => (/* binding */ cacheKey),
/* harmony export */   rd: () => (/* binding */ cacheRestoreKeys)
/* harmony export */ });
/* unused harmony exports MAX_NAME_LENGTH, MAX_CACHE_KEY_LENGTH, cacheKeyPrefix */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
/**
 * Names of backups and cache keys. A backup name is also a GitHub artifact name and a local
 * directory name, so it is built from a small safe alphabet; cache keys follow @actions/cache's rules.
 */

/** Characters GitHub refuses in artifact names (from @actions/artifact's own validation). */
const ARTIFACT_FORBIDDEN = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/'];
/** Long enough for a runner name, a run id and a timestamp; short enough for every file system. */
const MAX_NAME_LENGTH = 200;
/** @actions/cache refuses keys over 512 characters. */
const MAX_CACHE_KEY_LENGTH = 512;
/** One name part (runner, builder, host) never takes more than this. */
const MAX_PART = 64;
const NAME_PREFIX = 'buildkit-healer';
/** Prefixes of the names this tool gives backups (names.ts and the backup phase's default). */
const BACKUP_NAME_PREFIXES = ['buildkit-healer-', 'buildkit-backup-'];
/** Whether an artifact is one of our backups by its name: a run's other artifacts (build outputs,
 * test reports) must never be taken for "the latest backup". */
function isBackupArtifactName(name) {
    return BACKUP_NAME_PREFIXES.some((p) => name.startsWith(p));
}
/**
 * Makes any text safe inside a name: letters, digits, `.`, `_` and `-` only (so also no comma, no
 * space and nothing a file system or GitHub treats specially), runs of anything else become one `-`,
 * no leading dot or dash. Empty input gives `unknown`.
 */
function sanitizeForArtifact(s, maxLength = MAX_PART) {
    const out = s
        .normalize('NFKD')
        // Accents go, letters stay: `\u00fcber` is `uber`, not `u-ber`.
        .replace(/\p{M}+/gu, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^[-.]+/, '')
        .slice(0, maxLength)
        .replace(/[-.]+$/, '');
    return out || 'unknown';
}
/** `20261123T231254Z`: sortable, no colons. */
function compactTimestamp(d) {
    return d
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/[-:]/g, '');
}
/**
 * A unique, readable backup name. On GitHub: runner, run id and attempt (a name can be uploaded once
 * per run, and a re-run attempt must not collide with the first), plus the time so two heals in one
 * job differ. Elsewhere: host and time.
 */
function backupName(p) {
    const ts = compactTimestamp(p.now);
    const runId = p.runId === undefined ? '' : String(p.runId).trim();
    if (runId) {
        const runner = sanitizeForArtifact(p.runner?.trim() || p.host);
        const attempt = sanitizeForArtifact(String(p.attempt ?? '1').trim() || '1', 10);
        return `${NAME_PREFIX}-${runner}-${sanitizeForArtifact(runId, 24)}-${attempt}-${ts}`;
    }
    return `${NAME_PREFIX}-${sanitizeForArtifact(p.host)}-${ts}`;
}
/**
 * Checks a name the user gave (`backup-name`) against GitHub's artifact rules and ours (it becomes a
 * directory name too): non-empty, at most MAX_NAME_LENGTH, none of `" : < > | * ? \r \n \ /`, no
 * control characters, not `.` or `..`, no leading or trailing space. Returns the name.
 */
function validateArtifactName(name, input = 'backup-name') {
    const accepted = `a non-empty name of at most ${MAX_NAME_LENGTH} characters without " : < > | * ? \\ / or control characters`;
    if (typeof name !== 'string' || name.length === 0)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, String(name ?? ''), accepted);
    if (name.length > MAX_NAME_LENGTH)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, name, accepted);
    if (ARTIFACT_FORBIDDEN.some((c) => name.includes(c)))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, name, accepted);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(name))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, name, accepted);
    if (name === '.' || name === '..' || name.trim() !== name)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, name, accepted);
    return name;
}
/** `buildkit-healer-<runner>-<builder>-`: every cache of this runner and builder. */
function cacheKeyPrefix(p) {
    const runner = `${NAME_PREFIX}-${sanitizeForArtifact(p.runner)}-`;
    return p.builder === undefined ? runner : `${runner}${sanitizeForArtifact(p.builder)}-`;
}
/** `buildkit-healer-<runner>-<builder>-<runid>-<attempt>`: at most 512 characters, no commas. */
function cacheKey(p) {
    const key = `${cacheKeyPrefix(p)}${sanitizeForArtifact(String(p.runId), 24)}-${sanitizeForArtifact(String(p.attempt), 10)}`;
    return key.slice(0, MAX_CACHE_KEY_LENGTH);
}
/** Restore keys, most specific first: the same runner and builder, then the same runner. */
function cacheRestoreKeys(p) {
    return [cacheKeyPrefix(p), cacheKeyPrefix({ runner: p.runner })];
}


/***/ })

};
