export const id = 656;
export const ids = [656];
export const modules = {

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


/***/ })

};
