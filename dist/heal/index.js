import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 89482:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _core_chunk_cache_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(84764);
/* harmony import */ var _core_compile_cache_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(61701);
// The heal action's entry. Small on purpose (an entry is compiled on every start, uncached): the
// compile cache and the cached chunk loader go on first (src/core/compile-cache.ts,
// src/core/chunk-cache.ts), then the start loads as a chunk (src/action/start-heal.ts: the head
// start, then the host).


(0,_core_compile_cache_js__WEBPACK_IMPORTED_MODULE_1__/* .enableCompileCache */ .Lw)();
(0,_core_chunk_cache_js__WEBPACK_IMPORTED_MODULE_0__/* .installChunkLoader */ .kU)(import.meta.url, (0,_core_chunk_cache_js__WEBPACK_IMPORTED_MODULE_0__/* .chunkProfile */ .R7)('action', [], process.env));
const { start } = await __nccwpck_require__.e(/* import() */ 553).then(__nccwpck_require__.bind(__nccwpck_require__, 89553));
await start();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 84764:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  R7: () => (/* binding */ chunkProfile),
  kU: () => (/* binding */ installChunkLoader)
});

// UNUSED EXPORTS: CHUNK_LOADER, PRUNE_DAYS, cacheFileBytes, checkedCache, chunkScript, loadChunk, pruneCaches, writePendingCaches

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __nccwpck_require__(73136);
;// CONCATENATED MODULE: external "node:v8"
const external_node_v8_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");
;// CONCATENATED MODULE: external "node:vm"
const external_node_vm_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:vm");
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __nccwpck_require__(38522);
// EXTERNAL MODULE: ./src/core/compile-cache.ts
var compile_cache = __nccwpck_require__(61701);
;// CONCATENATED MODULE: ./src/core/chunk-cache.ts
/**
 * The bundles' chunks, loaded with a code cache that holds what a run compiled, on every Node.
 *
 * ncc splits each bundle into an entry and chunks that the entry loads with `import()`. Node's own
 * compile cache (src/core/compile-cache.ts) keeps a chunk's code as compiled when it loaded, before
 * anything ran: every function a run calls is compiled again, lazily, on every start (measured with
 * callgrind on the CLI's healthy `heal --mode auto`: a quarter of the Node process's instructions),
 * and Node 20 has no compile cache at all. So the entry loads a chunk itself where it can: as a
 * script (vm.Script, the same code in a strict function instead of a module), with V8's code cache
 * of an earlier run; a chunk that had none (or whose cache V8 refused) gets one written at exit,
 * made then, so it holds every function this run compiled.
 *
 * The cache is kept where the compile cache is (ownDir: a directory this user owns and no one else
 * can write; a code cache is code), one file per chunk content (CRC-32 and length), Node version
 * and V8's cache tag (its version and flags: a run with other flags has its own), written whole and
 * synced (temporary file, fsync, rename), and read only when its own CRC-32 matches: V8 checks only
 * a cache's header, and a damaged body (a torn write, a bad disk) crashes it outright. Not used on
 * a GitHub-hosted runner (every job starts with an empty tool cache: writing would be pure cost).
 * An accepted cache is not written again: it holds what the first run of that chunk compiled, so
 * each entry keeps one per profile (chunkProfile: the CLI's command and mode, the action and its
 * mode), lest a `check` that ran first leave every later `heal` compiling its own functions anew.
 * Bounded: a cache in use has its time renewed once a day, and whenever one is written, the files
 * of this loader unused for PRUNE_DAYS (earlier releases, other Nodes) and leftover temporary files
 * go. Anything unusual (a chunk not in the shape ncc writes, one that uses `import.meta` or
 * `import()`, no usable directory, any error) loads the chunk with `import()` as before. `BKH_CHUNK_CACHE=0` (or BKH_COMPILE_CACHE=0)
 * turns it off.
 *
 * scripts/bundle.mjs points the entry's chunk loading here (`globalThis[Symbol.for(...)]`), and
 * the entries install it first thing.
 */







/** Where the bundle's chunk loading looks for the loader (scripts/bundle.mjs writes the same key). */
const CHUNK_LOADER = Symbol.for('buildkit-healer.chunk-loader');
/** Changes when the way a chunk is wrapped changes (part of every cache file's name). */
const WRAP_VERSION = 1;
/** A cache file not used for this many days goes when another is written (see above). */
const PRUNE_DAYS = 30;
const DAY_MS = 86_400_000;
/** This loader's files in the cache directory: cache files (a Node version first) and temporary ones. */
const OURS = /^v\d+\.\d+\.\d+-.*-w\d+-[0-9a-f]{8}-\d+(?:-p[a-z0-9-]+)?(?:\.\d+\.[0-9a-z]+\.tmp)?$/;
/**
 * The profile of a run, for its cache files' names: `cli-<command>` (with `-<mode>` for heal, auto
 * when none is given), `action-<mode>` (check when none), `rollback`; '' when the words are not
 * plain: anything else shares the unprofiled cache (a misspelt command has a profile of its own,
 * pruned like any other).
 */
function chunkProfile(entry, argv, env) {
    const word = (w) => (w !== undefined && /^[a-z][a-z0-9-]{0,15}$/.test(w) ? w : undefined);
    if (entry === 'rollback')
        return 'rollback';
    if (entry === 'action')
        return word(`action-${(env.INPUT_MODE ?? '').trim() || 'check'}`) ?? '';
    const command = word(argv[0]);
    if (command === undefined)
        return '';
    if (command !== 'heal')
        return `cli-${command}`;
    let mode = 'auto';
    for (let i = 1; i < argv.length; i++) {
        const a = argv[i];
        if (a === '--mode')
            mode = argv[i + 1] ?? '';
        else if (a.startsWith('--mode='))
            mode = a.slice('--mode='.length);
    }
    return word(mode) === undefined ? '' : `cli-heal-${mode}`;
}
/** What ncc writes at the top of a chunk (then the modules object, then `};`). */
const HEADER = /^export const id = (\d+);\nexport const ids = (\[[\d, ]*\]);\nexport const modules = \{\n/;
/** The script a chunk of ncc's shape becomes, or undefined when it is not plainly that shape. */
function chunkScript(source) {
    const m = HEADER.exec(source);
    if (m === null || !source.trimEnd().endsWith('};'))
        return undefined;
    const body = source.slice(m[0].length);
    // Module-only syntax has no script form: left to import(). (webpack's `/* import() */` notes are
    // comments, not calls.)
    if (/\bimport\.meta\b|\bimport\s*\((?!\)\s*\*\/)|^\s*(?:export|import)\s/m.test(body))
        return undefined;
    // Line for line the chunk's own: its stack traces name the file's lines.
    return `(function () {"use strict"; const id = ${m[1]};\nconst ids = ${m[2]};\nconst modules = {\n${body}\nreturn { id, ids, modules };\n})()`;
}
function cacheDir(env) {
    if (env.BKH_CHUNK_CACHE === '0' || env.BKH_CHUNK_CACHE === 'false')
        return undefined;
    if (env.RUNNER_ENVIRONMENT === 'github-hosted')
        return undefined;
    if (env.BKH_COMPILE_CACHE === '0' || env.BKH_COMPILE_CACHE === 'false')
        return undefined;
    return (0,compile_cache/* userCacheDir */.bE)(env, 'buildkit-healer-code-cache');
}
/**
 * The cache file of a chunk's content (CRC-32 and length, as Node's own compile cache keys it: the
 * same release unpacked again, as a runner does for every job, finds its cache), or undefined where
 * this Node has no zlib.crc32 (before 20.15).
 */
function cacheFile(dir, content, profile) {
    const crc = crc32(content);
    if (crc === undefined)
        return undefined;
    const key = `${hex(crc)}-${content.length}${profile === '' ? '' : `-p${profile}`}`;
    return (0,external_node_path_.join)(dir, `${process.version}-${process.arch}-v8${hex((0,external_node_v8_namespaceObject.cachedDataVersionTag)())}-w${WRAP_VERSION}-${key}`);
}
/** A cache in use: its time renewed when a day old, so that pruning never takes it. */
function keepFresh(file, now) {
    try {
        if ((0,external_node_fs_.statSync)(file).mtimeMs < now - DAY_MS)
            (0,external_node_fs_.utimesSync)(file, now / 1000, now / 1000);
    }
    catch {
        // Pruned later at worst, and written again.
    }
}
/** Removes this loader's files in `dir` unused for PRUNE_DAYS, and temporary ones a day old. Never throws. */
function pruneCaches(dir, now = Date.now()) {
    let names;
    try {
        names = (0,external_node_fs_.readdirSync)(dir);
    }
    catch {
        return; // tried again at the next write
    }
    for (const name of names.filter((n) => OURS.test(n))) {
        try {
            const file = (0,external_node_path_.join)(dir, name);
            const st = (0,external_node_fs_.lstatSync)(file);
            const age = now - st.mtimeMs;
            if (st.isFile() && age > (name.endsWith('.tmp') ? DAY_MS : PRUNE_DAYS * DAY_MS))
                (0,external_node_fs_.rmSync)(file, { force: true });
        }
        catch {
            // Gone meanwhile (another run pruned it), or not ours to remove: the next one.
        }
    }
}
const hex = (n) => (n >>> 0).toString(16).padStart(8, '0');
/** zlib's CRC-32 (Node 20.15 and later), else undefined. */
const crc32 = (b) => external_node_zlib_.crc32?.(b);
/** A cache file's body when its CRC-32 (the first 4 bytes) matches; else undefined (V8 must never see it). */
function checkedCache(file) {
    if (file.length <= 4)
        return undefined;
    const body = file.subarray(4);
    return crc32(body) === file.readUInt32BE(0) ? body : undefined;
}
/** A cache file for `data`: its CRC-32, then the data. */
function cacheFileBytes(data) {
    const head = Buffer.alloc(4);
    head.writeUInt32BE((crc32(data) ?? 0) >>> 0, 0);
    return Buffer.concat([head, data]);
}
/** Scripts whose cache is to be written at exit, with where. */
const pending = [];
let writesAtExit = false;
/** What the loader did in this process (tests and bench/trace-hook.mjs read it; a Symbol.for key). */
const COUNTS = Symbol.for('buildkit-healer.chunk-cache.counts');
function counts() {
    const slots = globalThis;
    return (slots[COUNTS] ??= { scripts: 0, cached: 0, rejected: 0, fallback: 0, written: 0 });
}
/** Writes the cache of every chunk loaded without a usable one (at exit: then it holds what the run compiled). */
function writePendingCaches() {
    const dirs = new Set();
    for (const { script, file } of pending.splice(0)) {
        if ((0,compile_cache/* writeWhole */.f8)(file, cacheFileBytes(script.createCachedData())))
            counts().written++;
        dirs.add((0,external_node_path_.dirname)(file));
    }
    for (const dir of dirs)
        pruneCaches(dir);
}
/**
 * Loads the chunk `specifier` (relative to the bundle's directory `base`) as a cached script, or
 * with `fallback` (the entry's own import()) where it cannot.
 */
function loadChunk(specifier, base, fallback, env = process.env, profile = '') {
    const c = counts();
    const dir = cacheDir(env);
    const wrapped = dir === undefined || !specifier.startsWith('./') ? undefined : read((0,external_node_path_.join)(base, specifier.slice(2)));
    if (dir === undefined || wrapped === undefined) {
        c.fallback++;
        return fallback(specifier);
    }
    let script;
    const cache = cacheFile(dir, wrapped.content, profile);
    try {
        let cachedData;
        try {
            if (cache !== undefined) {
                cachedData = checkedCache((0,external_node_fs_.readFileSync)(cache));
                if (cachedData === undefined)
                    c.rejected++; // damaged: compiled anew, and rewritten at exit
            }
        }
        catch {
            // none yet
        }
        script = new external_node_vm_namespaceObject.Script(wrapped.script, {
            filename: wrapped.file,
            cachedData,
            // A dynamic import the shape check missed still works, as in the module (Node 20.12 and later).
            ...(external_node_vm_namespaceObject.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER !== undefined
                ? { importModuleDynamically: external_node_vm_namespaceObject.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }
                : {}),
        });
        if (cachedData !== undefined && script.cachedDataRejected !== true) {
            c.cached++;
            keepFresh(cache, Date.now());
        }
        if (cachedData !== undefined && script.cachedDataRejected === true)
            c.rejected++;
        if (cache !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
            if (!writesAtExit)
                process.once('exit', writePendingCaches);
            writesAtExit = true;
            pending.push({ script, file: cache });
        }
    }
    catch {
        c.fallback++;
        return fallback(specifier);
    }
    c.scripts++;
    // Run outside the try: an error of the chunk's own code is the chunk's, as with import().
    return new Promise((resolve) => resolve(script.runInThisContext()));
}
/** A chunk file as a script, or undefined (unreadable, or not of ncc's plain shape). */
function read(file) {
    try {
        const content = (0,external_node_fs_.readFileSync)(file);
        const script = chunkScript(content.toString('utf8'));
        return script === undefined ? undefined : { file, content, script };
    }
    catch {
        return undefined;
    }
}
/**
 * Installs the loader for the bundle whose entry is `entryUrl` (its import.meta.url), its caches
 * under `profile` (chunkProfile). The bundle's chunk loading calls it with the chunk's specifier
 * and its own `import()` (scripts/bundle.mjs).
 */
function installChunkLoader(entryUrl, profile = '') {
    const base = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(entryUrl));
    globalThis[CHUNK_LOADER] = (specifier, fallback) => loadChunk(specifier, base, fallback, process.env, profile);
}


/***/ }),

/***/ 61701:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Lw: () => (/* binding */ enableCompileCache),
/* harmony export */   bE: () => (/* binding */ userCacheDir),
/* harmony export */   f8: () => (/* binding */ writeWhole)
/* harmony export */ });
/* unused harmony export compileCacheBase */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(98995);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_module__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/**
 * Node's module compile cache (node:module enableCompileCache, Node 22.1 and later): the V8 code of
 * the bundle's chunks is kept on disk, so a later start skips compiling them (the pre-build step
 * starts on every job). Turned on first thing by the three entries, before their chunk loads.
 * Where: $RUNNER_TOOL_CACHE (kept between jobs on self-hosted runners), $XDG_CACHE_HOME, then the
 * temp dir, in a `buildkit-healer-compile-cache-<uid>` directory this user owns and no one else can
 * write (a code cache is code: one planted by another user must not load). Harmless where nothing
 * is kept or Node has no such cache: a failure only means a cold start. BKH_COMPILE_CACHE=0 (or
 * Node's own NODE_DISABLE_COMPILE_CACHE) turns it off.
 */




/**
 * Where this user's caches between starts may go, in order: kept between jobs first. Only absolute
 * paths (the XDG base directory spec has a relative one ignored; one relative to wherever the run
 * started would scatter caches over working trees). Pure.
 */
function cacheBases(env, tmp) {
    return [env.RUNNER_TOOL_CACHE, env.XDG_CACHE_HOME, tmp].filter((d) => d !== undefined && d !== '' && (0,node_path__WEBPACK_IMPORTED_MODULE_3__.isAbsolute)(d));
}
/** The directories to try, in order (none when turned off). Pure. */
function compileCacheBase(env, tmp) {
    if (env.BKH_COMPILE_CACHE === '0' || env.BKH_COMPILE_CACHE === 'false')
        return [];
    if (env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== '')
        return [];
    return cacheBases(env, tmp);
}
/**
 * Makes `dir` inside an existing `base`, one level (Node 24's recursive mkdir was seen spinning
 * under /proc), and accepts it only as a real directory owned by this user, writable by no one else.
 */
function ownDir(base, name) {
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(base, name);
    try {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(base).isDirectory())
            return undefined;
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir, { mode: 0o700 });
        }
        catch (e) {
            if (e.code !== 'EEXIST')
                return undefined;
        }
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(dir);
        const uid = process.getuid?.();
        if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0)
            return undefined;
        return dir;
    }
    catch {
        return undefined;
    }
}
/**
 * This user's cache directory `<prefix>-<uid>` in the first base (cacheBases) where ownDir accepts
 * it, or undefined. The caches of src/core/chunk-cache.ts and src/docker/plugin-memo.ts live there.
 */
function userCacheDir(env, prefix) {
    const name = `${prefix}-${process.getuid?.() ?? 'user'}`;
    for (const base of cacheBases(env, (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)())) {
        const dir = ownDir(base, name);
        if (dir !== undefined)
            return dir;
    }
    return undefined;
}
/**
 * Writes `data` to `file` whole: into a temporary file only this user can read (a new one, never
 * another's), synced, then renamed over `file`, so a reader sees the old file or the new one, even
 * after a crash. Never throws: false when it could not (and no temporary file is left).
 */
function writeWhole(file, data) {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(tmp, 'wx', 0o600);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, typeof data === 'string' ? Buffer.from(data) : data);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fsyncSync)(fd);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        fd = undefined;
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(tmp, file);
        return true;
    }
    catch {
        if (fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(tmp, { force: true });
        return false;
    }
}
/** Turns the cache on; returns the directory used, or undefined (off, unsupported, or no usable dir). */
function enableCompileCache(env = process.env, enable) {
    const fn = enable ?? (node_module__WEBPACK_IMPORTED_MODULE_1___default().enableCompileCache);
    if (typeof fn !== 'function')
        return undefined;
    // Node already has one (NODE_COMPILE_CACHE): leave it.
    if (env.NODE_COMPILE_CACHE !== undefined && env.NODE_COMPILE_CACHE !== '')
        return undefined;
    const uid = process.getuid?.() ?? 'user';
    for (const base of compileCacheBase(env, (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)())) {
        const dir = ownDir(base, `buildkit-healer-compile-cache-${uid}`);
        if (dir === undefined)
            continue;
        try {
            const r = fn(dir);
            // 0 FAILED, 1 ENABLED, 2 ALREADY_ENABLED, 3 DISABLED (Node's module.constants.compileCacheStatus).
            if (r.status === 1 || r.status === 2)
                return r.directory ?? dir;
            if (r.status === 3)
                return undefined;
        }
        catch {
            // A cold start, nothing worse.
        }
    }
    return undefined;
}


/***/ }),

/***/ 42613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 20181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 35317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 49140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 76982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 24434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 79896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 91943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 58611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 65692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 69278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 34589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 16698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 31421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 37540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 77598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 53053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 40610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 78474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 73024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 51455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 37067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 32467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 44708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 98995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 77030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 48161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 76760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 41792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 57075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 46466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 46193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 41692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 73136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 57975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 73429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 75919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 38522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 70857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 16928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 13193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 53557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 64756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 52018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 87016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 39023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 43106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = (globalThis[Symbol.for("buildkit-healer.chunk-loader")] ?? ((s, f) => f(s)))("./" + __nccwpck_require__.u(chunkId), (s) => import(s)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(89482);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
