export const id = 826;
export const ids = [826];
export const modules = {

/***/ 92826:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openStore: () => (/* binding */ openStore)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
/* harmony import */ var _local_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(10801);


/** Runner-provided variables that make the GitHub store usable (mirrors `isGitHubRuntime`). */
function gitHubRuntime(env) {
    return Boolean(env.ACTIONS_RUNTIME_TOKEN) && Boolean(env.ACTIONS_RESULTS_URL);
}
async function openStore(kind, options, deps, extra = {}) {
    const resolved = kind === 'auto' ? (gitHubRuntime(deps.env) ? 'github' : 'local') : kind;
    switch (resolved) {
        case 'local':
            return new _local_js__WEBPACK_IMPORTED_MODULE_1__/* .LocalStore */ .V(options.dir, options.keep);
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
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(74296);
/* harmony import */ var _core_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(69928);
/**
 * The local directory store (the CLI's default): one `<name>.tar.gz` per backup under
 * `~/.buildkit-healer/backups`, written atomically (temp file + rename), newest first, the
 * oldest beyond `keep` removed after each save.
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
    constructor(dir, keep = 10) {
        this.dir = dir;
        this.keep = keep;
        if (!Number.isInteger(keep) || keep < 1)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('backup-keep', String(keep), 'an integer of at least 1');
    }
    pathOf(name) {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.dir, checkBackupName(name) + SUFFIX);
    }
    async save(req) {
        const dest = this.pathOf(req.name);
        await (0,_core_files_js__WEBPACK_IMPORTED_MODULE_4__/* .makeDir */ .gE)(this.dir, 0o700);
        const tmp = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.dir, `.${req.name}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`);
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.copyFile)(req.bundlePath, tmp);
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(tmp, dest);
        }
        catch (e) {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(tmp, { force: true });
            throw e;
        }
        const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(dest);
        await this.prune(req.name);
        return { name: req.name, location: dest, createdAt: st.mtime.toISOString(), bytes: st.size };
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
    async fetch(name, destDir) {
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
        return { backup, bundlePath };
    }
    async remove(name) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(this.pathOf(name), { force: true });
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
        }
    }
}


/***/ })

};
