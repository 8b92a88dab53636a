export const id = 826;
export const ids = [826];
export const modules = {

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


/***/ })

};
