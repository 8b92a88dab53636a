export const id = 165;
export const ids = [165];
export const modules = {

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


/***/ })

};
