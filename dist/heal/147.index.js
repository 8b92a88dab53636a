export const id = 147;
export const ids = [147,826];
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

/***/ 70147:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  backup: () => (/* binding */ backup)
});

// UNUSED EXPORTS: defaultBackupName, gitHubOrigin

// EXTERNAL MODULE: ./src/core/crypto.ts
var core_crypto = __webpack_require__(16082);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/stores/index.ts
var stores = __webpack_require__(92826);
// EXTERNAL MODULE: ./src/stores/local.ts
var local = __webpack_require__(10801);
// EXTERNAL MODULE: ./src/stores/names.ts
var names = __webpack_require__(91774);
// EXTERNAL MODULE: ./src/bundle/bundle.ts
var bundle = __webpack_require__(16782);
// EXTERNAL MODULE: ./src/docker/runner.ts
var runner = __webpack_require__(87240);
;// CONCATENATED MODULE: ./src/phases/backup/builder-state.ts
/** docker-container builders' state (`/var/lib/buildkit`), copied out of the stopped container as a tar. */


/** docker-container builders' `/var/lib/buildkit`, streamed out of the stopped container as a tar. */
async function addBuilderState(deps, c, facts, options) {
    for (const b of facts.builders.filter((x) => x.driver === 'docker-container')) {
        for (const n of b.nodes) {
            const container = `buildx_buildkit_${n.name}`;
            const where = `container:${container}:/var/lib/buildkit`;
            const st = await deps.docker.run(['container', 'inspect', '--format', '{{json .State}}', container], {
                timeoutMs: deps.docker.timeouts.probe,
            });
            if (!(0,runner/* succeeded */.gq)(st)) {
                c.manifest.omitted.push({
                    path: where,
                    reason: `builder ${b.name} has no container (${st.stderr.trim() || 'not found'})`,
                });
                continue;
            }
            let running;
            try {
                running = JSON.parse(st.stdout).Running === true;
            }
            catch {
                c.manifest.omitted.push({ path: where, reason: `cannot read the state of ${container}` });
                continue;
            }
            if (running && (options.stopForState ?? []).includes(b.name)) {
                // The reinstall removes this builder next: stopped now so that its state can be copied.
                const stop = await deps.docker.buildx(['stop', b.name], {
                    timeoutMs: deps.docker.timeouts.slow,
                    mutates: true,
                });
                const again = await deps.docker.run(['container', 'inspect', '--format', '{{json .State}}', container], {
                    timeoutMs: deps.docker.timeouts.probe,
                });
                running = !(0,runner/* succeeded */.gq)(stop) || !(0,runner/* succeeded */.gq)(again) || /"Running":true/.test(again.stdout);
            }
            if (running) {
                const reason = `builder ${b.name} is running: stop it (docker buildx stop ${b.name}) to back up its state`;
                c.manifest.omitted.push({ path: where, reason });
                c.state.push({ builder: b.name, container, skipped: reason });
                continue;
            }
            const { entry, stagePath } = c.w.reserve();
            // What is left of max-backup-size bounds the stream: a state over it never fills the disk.
            const left = Math.max(0, options.maxBytes - c.w.files.reduce((n, f) => n + f.size, 0));
            // The tar stream goes straight to a file, never unpacked on the host.
            const r = await deps.docker.copyOutToFile(`${container}:/var/lib/buildkit`, stagePath, {
                timeoutMs: deps.docker.timeouts.slow,
                maxBytes: left,
            });
            const size = (await (0,promises_.lstat)(stagePath).catch(() => undefined))?.size ?? 0;
            if (size > left) {
                await (0,promises_.rm)(stagePath, { force: true });
                const reason = `builder ${b.name}'s state is over the ${left} bytes left under max-backup-size (${options.maxBytes} bytes): not backed up, its build cache is not kept; raise max-backup-size or prune the builder`;
                c.manifest.omitted.push({ path: where, reason });
                c.state.push({ builder: b.name, container, skipped: reason });
                continue;
            }
            const ok = (0,runner/* succeeded */.gq)(r) && (await isTar(stagePath));
            if (!ok) {
                await (0,promises_.rm)(stagePath, { force: true });
                const reason = `docker cp failed: ${r.stderr.trim() || `exit ${String(r.exitCode)}`}`;
                c.manifest.omitted.push({ path: where, reason });
                c.state.push({ builder: b.name, container, skipped: reason });
                continue;
            }
            const f = await c.w.commit({ path: where, kind: 'builder-state', mode: 0o600, container, builder: b.name }, entry, stagePath);
            c.state.push({ builder: b.name, container, bytes: f.size });
        }
    }
}
/** A POSIX tar has `ustar` at offset 257 of its first header. */
async function isTar(p) {
    let fh;
    try {
        fh = await (0,promises_.open)(p, 'r');
        const b = Buffer.alloc(512);
        const { bytesRead } = await fh.read(b, 0, 512, 0);
        return bytesRead === 512 && b.subarray(257, 262).toString('latin1') === 'ustar';
    }
    catch {
        return false;
    }
    finally {
        await fh?.close();
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/bundle/redact.ts
var redact = __webpack_require__(26363);
;// CONCATENATED MODULE: ./src/phases/backup/files.ts
/** Files as a backup reads them: regular files only, symlinks and specials reported, never followed. */



/** Regular files directly in `dir` (symlinks and specials reported, never followed). */
async function listDir(dir, omitted) {
    let names;
    try {
        names = (await (0,promises_.readdir)(dir)).sort();
    }
    catch {
        return [];
    }
    const out = [];
    for (const n of names) {
        const p = (0,external_node_path_.join)(dir, n);
        const st = await (0,promises_.lstat)(p).catch(() => undefined);
        if (st === undefined)
            continue;
        if (st.isFile())
            out.push(p);
        else if (!st.isDirectory())
            omitted.push({ path: p, reason: st.isSymbolicLink() ? 'symlink, not followed' : 'not a regular file' });
    }
    return out;
}
/** Every file under `dir`, recursively; specials and symlinks reported and skipped. */
async function walk(dir, omitted, out) {
    let names;
    try {
        names = (await (0,promises_.readdir)(dir)).sort();
    }
    catch (e) {
        omitted.push({ path: dir, reason: `cannot read: ${(0,errors/* errorMessage */.gJ)(e)}` });
        return;
    }
    for (const n of names) {
        const p = (0,external_node_path_.join)(dir, n);
        const st = await (0,promises_.lstat)(p).catch(() => undefined);
        if (st === undefined)
            continue;
        if (st.isDirectory())
            await walk(p, omitted, out);
        else if (st.isFile())
            out.push({ path: p, mode: st.mode & 0o7777 });
        else
            omitted.push({
                path: p,
                reason: st.isSymbolicLink() ? 'symlink, not followed' : 'special file (device, socket or fifo), skipped',
            });
    }
}
async function modeOf(p) {
    return (await (0,promises_.lstat)(p)).mode & 0o7777;
}
async function exists(p) {
    const st = await (0,promises_.lstat)(p).catch(() => undefined);
    return st?.isFile() === true;
}

;// CONCATENATED MODULE: ./src/phases/backup/collect.ts
/**
 * Collecting a backup: what goes into the bundle, each kind of file by its own rule (state files
 * with secret fields masked, contexts' metadata without TLS, config.json redacted, buildkitd.toml
 * and daemon.json as they are, command output as evidence, the cache directories), and the
 * manifest's versions and builders.
 */






const SECRET_KV = /(\b[\w.-]*(?:token|password|passwd|secret)[\w.-]*\s*[=:]\s*)("[^"\n]*"|[^\s,\]]+)/gi;
/** Command output may print driver options (`env.*TOKEN*=...`): such values are masked. */
function redactText(s) {
    return s.replace(SECRET_KV, `$1${redact/* REDACTED */.XF}`);
}
/** Options of a builder for the manifest, secret values masked. */
function maskOptions(o) {
    const out = {};
    for (const [k, v] of Object.entries(o))
        out[k] = /token|password|passwd|secret/i.test(k) ? redact/* REDACTED */.XF : v;
    return out;
}
function platformString(p) {
    if (typeof p === 'string')
        return p;
    return [p.os, p.architecture, p.variant].filter((x) => x !== undefined && x !== '').join('/');
}
/** Builder definitions from the facts, completed by the instance files (what `create` was given). */
function bundleBuilders(facts, instances) {
    return facts.builders.map((b) => {
        const inst = instances.get(b.name);
        const inspect = facts.inspects[b.name]?.parsed;
        const nodes = b.nodes.map((n, i) => {
            const inode = inst?.Nodes?.find((x) => x.Name === n.name) ?? inst?.Nodes?.[i];
            const inspected = inspect?.nodes.find((x) => x.name === n.name);
            const node = {
                name: n.name,
                endpoint: n.endpoint,
                platforms: inode?.Platforms ? inode.Platforms.map(platformString) : n.platforms,
                status: n.status,
                driverOptions: maskOptions(inode?.DriverOpts ?? inspected?.driverOptions ?? {}),
            };
            const flags = inode?.Flags ?? n.flags;
            if (flags && flags.length > 0)
                node.flags = flags;
            return node;
        });
        const first = inst?.Nodes?.[0];
        const out = {
            name: b.name,
            driver: b.driver,
            status: b.status,
            current: b.current,
            // Re-created with the platforms the user set, never every platform the node supports.
            platforms: first?.Platforms ? first.Platforms.map(platformString) : (b.nodes[0]?.userPlatforms ?? []),
            driverOptions: maskOptions(first?.DriverOpts ?? inspect?.nodes[0]?.driverOptions ?? {}),
            nodes,
        };
        if (b.dynamic !== undefined)
            out.dynamic = b.dynamic;
        else if (inst !== undefined)
            out.dynamic = true;
        return out;
    });
}
async function addCommand(c, label, r) {
    const cmd = { label, argv: r.argv, exitCode: r.exitCode };
    if (r.stdout !== '')
        cmd.stdoutEntry = (await c.w.addContent({ path: `cmd:${label}.stdout`, kind: 'command-output', mode: 0o644 }, redactText(r.stdout))).entry;
    if (r.stderr !== '')
        cmd.stderrEntry = (await c.w.addContent({ path: `cmd:${label}.stderr`, kind: 'command-output', mode: 0o644 }, redactText(r.stderr))).entry;
    c.manifest.commands.push(cmd);
}
/** A state file, JSON ones with secret fields masked. */
async function addState(c, path, kind, json) {
    try {
        await (0,promises_.access)(path, external_node_fs_.constants.R_OK);
    }
    catch (e) {
        // A file this user cannot read (left root-owned by an earlier sudo) is listed, not a failed backup.
        c.manifest.omitted.push({
            path,
            reason: `unreadable for this user (${(0,errors/* errorMessage */.gJ)(e)}); fix: sudo chown -R "$USER" ${(0,external_node_path_.dirname)(path)}`,
        });
        return undefined;
    }
    const mode = await modeOf(path);
    if (!json) {
        await c.w.addCopy({ path, kind, mode }, path);
        return undefined;
    }
    const text = await (0,promises_.readFile)(path, 'utf8');
    const r = (0,redact/* redactStateJson */.Pm)(text);
    const meta = { path, kind, mode, redacted: r.fields };
    if (r.fields.length > 0)
        c.manifest.redactions.push({ path, fields: r.fields });
    // Unchanged files are stored from their bytes, so a restore is byte for byte.
    if (r.fields.length === 0)
        await c.w.addContent(meta, await (0,promises_.readFile)(path));
    else
        await c.w.addContent(meta, r.content);
    return text;
}
/** buildx state files: instances (returned by builder name, for the manifest's builders), `current`, defaults, activity. */
async function collectStateFiles(c, paths) {
    const m = c.manifest;
    const instances = new Map();
    for (const p of await listDir(paths.instancesDir, m.omitted)) {
        const text = await addState(c, p, 'instance', true);
        try {
            const doc = JSON.parse(text ?? '');
            if (typeof doc.Name === 'string')
                instances.set(doc.Name, doc);
        }
        catch {
            /* a broken instance file is kept as evidence; diagnose reports it */
        }
    }
    if (await exists(paths.currentFile))
        await addState(c, paths.currentFile, 'current', false);
    for (const p of await listDir(paths.defaultsDir, m.omitted))
        await addState(c, p, 'defaults', true);
    for (const p of await listDir(paths.activityDir, m.omitted))
        await addState(c, p, 'activity', false);
    return instances;
}
/** Contexts: metadata with TLS data and passwords dropped; TLS material never included. */
async function collectContexts(c, paths) {
    const { w, manifest: m } = c;
    let ctxDirs = [];
    try {
        ctxDirs = (await (0,promises_.readdir)(paths.contextsMetaDir)).sort();
    }
    catch {
        /* no contexts */
    }
    for (const d of ctxDirs) {
        const files = [];
        await walk((0,external_node_path_.join)(paths.contextsMetaDir, d), m.omitted, files);
        for (const f of files) {
            if (!f.path.endsWith('/meta.json')) {
                m.omitted.push({ path: f.path, reason: 'not a context meta.json' });
                continue;
            }
            try {
                const r = (0,redact/* redactContextMeta */.mH)(await (0,promises_.readFile)(f.path, 'utf8'));
                if (r.fields.length > 0)
                    m.redactions.push({ path: f.path, fields: r.fields });
                await w.addContent({ path: f.path, kind: 'context-meta', mode: f.mode, redacted: r.fields }, r.fields.length > 0 ? r.content : await (0,promises_.readFile)(f.path));
            }
            catch (e) {
                m.omitted.push({ path: f.path, reason: `not JSON, cannot be redacted safely: ${(0,errors/* errorMessage */.gJ)(e)}` });
            }
        }
    }
    const tls = [];
    const tlsOmitted = [];
    await walk(paths.contextsTlsDir, tlsOmitted, tls);
    for (const t of tls)
        m.omitted.push({ path: t.path, reason: 'context TLS material is never backed up' });
}
/** docker config.json, credentials redacted. */
async function collectDockerConfig(c, paths) {
    const { w, manifest: m } = c;
    if (await exists(paths.configJson)) {
        try {
            const r = (0,redact/* redactDockerConfig */.ij)(await (0,promises_.readFile)(paths.configJson, 'utf8'));
            if (r.fields.length > 0)
                m.redactions.push({ path: paths.configJson, fields: r.fields });
            await w.addContent({ path: paths.configJson, kind: 'docker-config', mode: await modeOf(paths.configJson), redacted: r.fields }, r.content);
        }
        catch (e) {
            const denied = /EACCES|EPERM/.test((0,errors/* errorMessage */.gJ)(e));
            m.omitted.push({
                path: paths.configJson,
                reason: denied
                    ? `unreadable for this user (${(0,errors/* errorMessage */.gJ)(e)}); fix: sudo chown -R "$USER" ${(0,external_node_path_.dirname)(paths.configJson)}`
                    : `not JSON, cannot be redacted safely: ${(0,errors/* errorMessage */.gJ)(e)}`,
            });
        }
    }
}
/** buildkitd.toml files in use, daemon.json. */
async function collectConfigFiles(c, facts, extra) {
    const { w } = c;
    const tomls = new Set([...facts.buildkitdTomls.map((t) => t.path), ...(extra.buildkitdTomlPaths ?? [])]);
    for (const p of tomls)
        if (await exists(p))
            await w.addCopy({ path: p, kind: 'buildkitd-toml', mode: await modeOf(p) }, p);
    const daemonCandidates = [
        ...(facts.daemonJson?.content !== undefined ? [facts.daemonJson.path] : []),
        ...(extra.daemonJsonPaths ?? []),
    ];
    for (const p of daemonCandidates) {
        if (await exists(p)) {
            await w.addCopy({ path: p, kind: 'daemon-json', mode: await modeOf(p) }, p);
            break;
        }
    }
}
/** Command output, as evidence (never restored). */
async function collectEvidence(deps, c, facts) {
    const ls = facts.ls ?? (await deps.docker.ls(true));
    await addCommand(c, 'buildx-ls', ls.result);
    // A quick diagnose inspected nothing: inspect without --bootstrap is read-only and cheap.
    for (const b of facts.builders) {
        const r = facts.inspects[b.name] ?? (await deps.docker.inspect(b.name));
        await addCommand(c, `buildx-inspect-${b.name}`, r.result);
    }
    if (facts.du !== undefined)
        await addCommand(c, 'buildx-du', facts.du.result);
    else {
        // `du` on a builder that is not running would boot it (and pull its image): running ones only.
        for (const b of facts.builders.filter((x) => x.status === 'running'))
            await addCommand(c, `buildx-du-${b.name}`, (await deps.docker.du(b.name)).result);
    }
}
/** The manifest's versions, builder in use and builder definitions. */
function collectVersions(c, facts, instances) {
    const m = c.manifest;
    m.versions = {
        ...((facts.dockerVersion?.parsed?.server?.version ?? facts.dockerVersion?.parsed?.client?.version)
            ? { docker: facts.dockerVersion?.parsed?.server?.version ?? facts.dockerVersion?.parsed?.client?.version }
            : {}),
        ...(facts.buildxVersion?.parsed ? { buildx: facts.buildxVersion.parsed.raw } : {}),
    };
    const current = facts.builders.find((b) => b.current) ?? facts.builders.find((b) => b.name === facts.currentBuilder);
    const bk = current?.nodes.find((n) => n.buildkitVersion !== undefined)?.buildkitVersion;
    if (bk !== undefined)
        m.versions.buildkit = bk;
    const cur = facts.currentBuilder ?? current?.name;
    if (cur !== undefined)
        m.currentBuilder = cur;
    m.builders = bundleBuilders(facts, instances);
}
/** Cache data: inside the bundle, or beside it when the store keeps cache separately (returned). */
async function collectCache(c, options, storeKind) {
    const { w, manifest: m } = c;
    let external = [];
    if (options.cachePaths.length > 0) {
        if (storeKind === 'github') {
            external = options.cachePaths;
            m.externalCache = external;
        }
        else {
            for (const dir of options.cachePaths) {
                const files = [];
                await walk(dir, m.omitted, files);
                for (const f of files)
                    await w.addCopy({ path: f.path, kind: 'cache-data', mode: f.mode }, f.path);
            }
        }
    }
    return external;
}

;// CONCATENATED MODULE: ./src/phases/backup/pack.ts
/** Packing a backup: the manifest and the collected files into one `.tar.gz`, within max-backup-size. */


/** Writes the bundle to `bundlePath`; over `maxBytes` it is refused (nothing saved). */
async function packBundle(c, name, bundlePath, maxBytes) {
    const { w, manifest: m } = c;
    const manifest = { ...m, files: w.files };
    await w.pack(manifest, bundlePath);
    const st = await (0,bundle/* hashFile */.DC)(bundlePath);
    if (st.size > maxBytes) {
        throw new errors/* SafetyError */.dd(`Backup ${name} is ${st.size} bytes, over the ${maxBytes}-byte limit (backup-max-bytes); nothing was saved`);
    }
    return { manifest, size: st.size };
}

;// CONCATENATED MODULE: ./src/phases/backup/verify.ts
/** Verifying a backup: the bundle is read back and every entry checked before it is called verified. */


/** True when every entry reads back with its hash; a bundle that does not verify throws. */
async function verifyBundle(name, bundlePath, manifest, size, maxBytes) {
    // Read back and check every entry before calling it verified.
    const read = await (0,bundle/* readBundle */.Bo)(bundlePath, {
        limits: {
            maxArchiveBytes: Math.max(maxBytes, size),
            maxTotalBytes: Number.MAX_SAFE_INTEGER,
            maxEntryBytes: Number.MAX_SAFE_INTEGER,
        },
    });
    const verified = read.manifest.files.length === manifest.files.length &&
        manifest.files.every((f) => read.entries.get(f.entry)?.sha256 === f.sha256);
    if (!verified)
        throw new errors/* SafetyError */.dd(`Backup ${name} did not verify after it was written`);
    return verified;
}

;// CONCATENATED MODULE: ./src/phases/backup.ts
/**
 * The backup phase: before anything is removed, one verified bundle of everything needed to put
 * BuildKit back as it was: buildx state files, contexts' metadata, buildkitd.toml files in use,
 * daemon.json, docker config.json (redacted), `ls`/`inspect`/`du` output, versions, and on request
 * cache directories and docker-container builders' state. The bundle is read back and every
 * entry checked before the backup is reported verified.
 *
 * Its parts in src/phases/backup/: collect.ts (what goes in, by kind), builder-state.ts
 * (docker-container builders' state), files.ts, pack.ts and verify.ts.
 */












/**
 * Off GitHub: `buildkit-backup-<host>-<YYYYMMDDTHHMMSSZ>-<rand>`. On a runner (GITHUB_RUN_ID set):
 * `backupName()`'s `buildkit-healer-<runner>-<run id>-<attempt>-<time>` so the artifact list shows
 * which job made it, plus `-<rand>` so two heals in one second of one job never collide.
 */
function defaultBackupName(host, now, env = {}) {
    const rand = (0,core_crypto/* randomBytes */.po)(3).toString('hex');
    if ((env.GITHUB_RUN_ID ?? '').trim() !== '') {
        const parts = {
            host,
            now,
            runId: env.GITHUB_RUN_ID,
            ...(env.RUNNER_NAME ? { runner: env.RUNNER_NAME } : {}),
            ...(env.GITHUB_RUN_ATTEMPT ? { attempt: env.GITHUB_RUN_ATTEMPT } : {}),
        };
        return (0,names/* validateArtifactName */.YG)(`${(0,names/* backupName */.aw)(parts)}-${rand}`);
    }
    return `buildkit-backup-${(0,names/* sanitizeForArtifact */.f)(host)}-${(0,names/* compactTimestamp */.ce)(now)}-${rand}`;
}
/** The repository, run and workflow of a backup made on GitHub Actions (recorded in the manifest). */
function gitHubOrigin(env) {
    const repository = env.GITHUB_REPOSITORY?.trim() ?? '';
    const runId = env.GITHUB_RUN_ID?.trim() ?? '';
    if (!bundle/* GITHUB_REPO_RE */.JS.test(repository) || !/^[0-9]{1,20}$/.test(runId))
        return undefined;
    const attempt = env.GITHUB_RUN_ATTEMPT?.trim() ?? '';
    // The workflow's name may hold anything; control characters would fake report lines.
    const workflow = (env.GITHUB_WORKFLOW_REF?.trim() || env.GITHUB_WORKFLOW?.trim() || '').replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/g, '');
    return {
        repository,
        runId,
        ...(/^[0-9]{1,6}$/.test(attempt) ? { runAttempt: attempt } : {}),
        ...(workflow !== '' ? { workflow: workflow.slice(0, 1024) } : {}),
    };
}
async function backup(deps, options, facts, extra = {}) {
    const now = deps.now();
    const host = (0,external_node_os_.hostname)();
    const name = extra.name !== undefined
        ? (0,local/* checkBackupName */.M)((0,names/* validateArtifactName */.YG)(extra.name))
        : defaultBackupName(host, now, deps.env);
    const store = extra.store ?? (await (0,stores.openStore)(options.store, options, deps));
    const paths = deps.docker.paths;
    const work = await (0,promises_.mkdtemp)((0,external_node_path_.join)(deps.env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), 'bkh-backup-'));
    const w = new bundle/* BundleWriter */.UG((0,external_node_path_.join)(work, 'stage'));
    await w.init();
    const c = {
        w,
        state: [],
        manifest: {
            format: bundle/* BUNDLE_FORMAT */.jf,
            version: bundle/* BUNDLE_VERSION */.AY,
            name,
            createdAt: now.toISOString(),
            host: { hostname: host, dockerHost: deps.env.DOCKER_HOST ?? facts.dockerHost ?? '' },
            tool: { name: 'buildkit-healer', version: deps.version },
            versions: {},
            builders: [],
            redactions: [],
            omitted: [],
            commands: [],
        },
    };
    const m = c.manifest;
    const origin = store.kind === 'github' ? gitHubOrigin(deps.env) : undefined;
    if (origin !== undefined)
        m.github = origin;
    try {
        const instances = await collectStateFiles(c, paths);
        await collectContexts(c, paths);
        await collectDockerConfig(c, paths);
        await collectConfigFiles(c, facts, extra);
        await collectEvidence(deps, c, facts);
        collectVersions(c, facts, instances);
        const external = await collectCache(c, options, store.kind);
        if (options.builderState)
            await addBuilderState(deps, c, facts, options);
        const bundlePath = (0,external_node_path_.join)(work, `${name}.tar.gz`);
        const { manifest, size } = await packBundle(c, name, bundlePath, options.maxBytes);
        const verified = await verifyBundle(name, bundlePath, manifest, size, options.maxBytes);
        await (0,promises_.rm)(w.stageDir, { recursive: true, force: true });
        const saved = await store.save({ name, bundlePath, cachePaths: external });
        for (const warning of saved.warnings ?? [])
            deps.log.warn(warning);
        const ref = {
            name,
            store: store.kind,
            location: saved.location,
            files: manifest.files.length,
            bytes: size,
            verified,
            ...(saved.artifactId !== undefined ? { artifactId: saved.artifactId } : {}),
            ...(saved.cacheKeys !== undefined ? { cacheKeys: saved.cacheKeys } : {}),
            ...(c.state.length > 0 ? { builderState: c.state } : {}),
        };
        if (store.kind === 'local') {
            await (0,promises_.rm)(work, { recursive: true, force: true });
            return { ref, bundlePath: saved.location, manifest };
        }
        return { ref, bundlePath, manifest };
    }
    catch (e) {
        await (0,promises_.rm)(work, { recursive: true, force: true });
        throw e;
    }
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
